"""Business rules of the consumables (moyens.xlsx: « Consommables », « Consommations »,
« Budgets »), situation 2.3.1.2.

The running stock of a consumable is its ``stock_initial`` (first day of the financial
year) plus its movements from that day on, in the order (date, id_mouvement): « entrée »
and « retour_reserve » add, « sortie » and « retour_fournisseur » take away. The figures
that the warnings quote (stock at the as-of date, over-consumption, budget) are those of
`pipelines.compute.consumables`, computed once for the rules and the pages.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute.consumables import (
    DELIVERY,
    EXIT,
    STORE_RETURN,
    Consumables,
    consumed_quantity,
    in_period,
    is_followed,
    signed_quantity,
)
from pipelines.compute.money import zero
from pipelines.compute.sales_dashboard import period_start
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, month_label, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.records import financial_year_start
from pipelines.validate.rules import report_rows, rule

CONSUMABLES, MOVEMENTS, BUDGETS = "consommables", "mouvements_consommables", "budgets_consommables"
RECEIPT_LINES, ORDER_LINES = "lignes_reception", "lignes_commande_achat"

NEGATIVE_STOCK = define_issue_type(
    "stock-consommable-negatif",
    "Stock de consommable négatif",
    "Ce mouvement fait passer le stock du consommable sous zéro : on ne peut pas sortir de "
    "la réserve plus que ce qu'elle contient. Vérifiez la quantité, la date, le type, ou "
    "saisissez la livraison qui manque avant ce mouvement.",
    Severity.BLOQUANT,
)
ZERO_QUANTITY = define_issue_type(
    "consommation-quantite-nulle",
    "Mouvement de consommable de quantité nulle",
    "Un mouvement de consommable porte sur une quantité strictement positive ; son type en "
    "donne le sens. Supprimez la ligne ou corrigez la quantité.",
    Severity.BLOQUANT,
)
BEFORE_FISCAL_YEAR = define_issue_type(
    "consommation-avant-exercice",
    "Mouvement de consommable antérieur à l'exercice",
    "Le stock initial des consommables est celui du premier jour de l'exercice : un "
    "mouvement daté d'avant y est déjà compté, il n'entre ni dans le stock ni dans la "
    "consommation.",
    Severity.AVERTISSEMENT,
)
EXIT_WITHOUT_SERVICE = define_issue_type(
    "sortie-consommable-sans-service",
    "Sortie de consommable sans service",
    "Une sortie (ou un retour à la réserve) dit quel service prend (ou rend) le "
    "consommable : sans lui, la consommation par service est incomplète.",
    Severity.AVERTISSEMENT,
)
BELOW_MINIMUM = define_issue_type(
    "consommable-sous-minimum",
    "Consommable sous son stock minimum",
    "Le stock du consommable à la date d'arrêté est inférieur à son stock minimum : il faut "
    "le recommander (voir les commandes suggérées du site de gestion).",
    Severity.AVERTISSEMENT,
)
OVER_CONSUMPTION = define_issue_type(
    "surconsommation-consommable",
    "Surconsommation d'un consommable",
    "Ce mois-là, la consommation du consommable dépasse la moyenne des autres mois de "
    "l'exercice de plus que le seuil de la feuille Reglages (seuil_surconsommation_pct). "
    "L'anomalie est placée sur la plus grosse sortie du mois : vérifiez-la, et dites en "
    "commentaire la raison d'un usage exceptionnel.",
    Severity.AVERTISSEMENT,
)
BUDGET_EXCEEDED = define_issue_type(
    "budget-consommables-depasse",
    "Budget de consommables dépassé",
    "Ce qui a été livré dans l'exercice (au prix habituel des consommables), plus ce qui "
    "est en commande, dépasse le budget de la catégorie.",
    Severity.AVERTISSEMENT,
)
UNKNOWN_CATEGORY = define_issue_type(
    "budget-categorie-inconnue",
    "Budget d'une catégorie sans consommable",
    "Aucun consommable n'a cette catégorie : le budget ne sera imputé de rien. Écrivez la "
    "catégorie exactement comme dans la feuille Consommables.",
    Severity.AVERTISSEMENT,
)
RECEIPT_ENTRY_MISMATCH = define_issue_type(
    "livraison-consommable-saisie-differente",
    "Livraison de consommable reçue et saisie différemment",
    "Une livraison de consommables est saisie deux fois : à la réception (achats.xlsx, "
    "feuille LignesReception, quantité acceptée) et en « entrée » dans la feuille "
    "Consommations de moyens.xlsx, avec le numéro de la commande. Pour chaque commande et "
    "chaque consommable, les deux quantités doivent être égales : sinon le stock, le reste à "
    "livrer et le budget des consommables sont faux. Corrigez la saisie erronée, ou saisissez "
    "l'entrée qui manque.",
    Severity.AVERTISSEMENT,
)
NOT_FOLLOWED_CONSUMED = define_issue_type(
    "consommable-non-suivi-consomme",
    "Consommable non suivi mais consommé",
    "Le consommable est marqué « non » dans Suivi, mais des sorties récentes sont "
    "enregistrées : il n'a plus de commande suggérée ni d'alerte. Remettez-le en suivi, ou "
    "cessez d'enregistrer ses sorties.",
    Severity.AVERTISSEMENT,
)


def _start(dataset: Dataset):
    return period_start(dataset.as_of, financial_year_start(dataset, dataset.as_of))


def running_stock(dataset: Dataset) -> pl.DataFrame:
    """Each movement of the financial year with the consumable's stock before (``avant``)
    and after (``stock``) it."""
    initial = (dataset.frame(CONSUMABLES).filter(pl.col("code_consommable").is_not_null())
               .unique("code_consommable", keep="first", maintain_order=True)
               .select("code_consommable", initial=pl.col("stock_initial")))
    moves = dataset.frame(MOVEMENTS).filter(pl.col("code_consommable").is_not_null()
                                            & pl.col("date").is_not_null()
                                            & (pl.col("date") >= _start(dataset)))
    zero = pl.lit(0).cast(initial.schema["initial"])
    return (moves.join(initial, on="code_consommable", how="left")
            .with_columns(pl.col("initial").fill_null(zero), signed=signed_quantity())
            .sort("code_consommable", "date", "id_mouvement", ROW_COLUMN, nulls_last=True)
            .with_columns(stock=pl.col("initial")
                          + pl.col("signed").cum_sum().over("code_consommable"))
            .with_columns(avant=pl.col("stock").shift(1).over("code_consommable")
                          .fill_null(pl.col("initial"))))


@rule("Le stock d'un consommable ne devient jamais négatif", [CONSUMABLES, MOVEMENTS],
      uses_as_of=True)
def negative_consumable_stock(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    offending = running_stock(dataset).filter((pl.col("stock") < 0) & (pl.col("avant") >= 0))
    return report_rows(
        dataset[MOVEMENTS], offending, NEGATIVE_STOCK, "quantite",
        lambda r: f"{r['type']} de {number(r['quantite'])} le {short_date(r['date'])} : le "
                  f"stock de {r['code_consommable']} passe de {number(r['avant'])} à "
                  f"{number(r['stock'])}")


@rule("Un mouvement de consommable porte sur une quantité non nulle", [MOVEMENTS])
def consumable_zero_quantity(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[MOVEMENTS]
    offending = table.frame.filter(pl.col("quantite") == 0)
    return report_rows(table, offending, ZERO_QUANTITY, "quantite",
                       lambda r: f"mouvement {r['id_mouvement']} ({r['type']}) de quantité "
                                 "nulle")


@rule("Les mouvements de consommables sont datés dans l'exercice", [MOVEMENTS],
      uses_as_of=True)
def consumables_in_fiscal_year(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    start = _start(dataset)
    table = dataset[MOVEMENTS]
    offending = table.frame.filter(pl.col("date") < start)
    return report_rows(table, offending, BEFORE_FISCAL_YEAR, "date",
                       lambda r: f"mouvement du {short_date(r['date'])}, avant le début de "
                                 f"l'exercice le {short_date(start)} : il n'est pas compté")


@rule("Une sortie de consommable dit quel service la prend", [MOVEMENTS])
def consumable_exit_service(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[MOVEMENTS]
    offending = table.frame.filter(pl.col("type").is_in((EXIT, STORE_RETURN))
                                   & pl.col("service").is_null())
    return report_rows(table, offending, EXIT_WITHOUT_SERVICE, "service",
                       lambda r: f"{r['type']} de {number(r['quantite'])} "
                                 f"{r['code_consommable']} le {short_date(r['date'])} sans "
                                 "service")


def _on_order_text(row: dict) -> str:
    if not row["en_commande"]:
        return "aucune commande en cours"
    expected = row["livraison_prevue"]
    when = f", livraison prévue le {short_date(expected)}" if expected else ""
    return f"en commande : {number(row['en_commande'])}{when}"


@rule("Le stock d'un consommable suivi reste au-dessus de son minimum",
      [CONSUMABLES, MOVEMENTS], uses_as_of=True)
def consumable_below_minimum(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    levels = Consumables(dataset).levels()
    offending = (levels.filter(is_followed() & pl.col("stock_minimum").is_not_null()
                               & (pl.col("stock") < pl.col("stock_minimum")))
                 .join(dataset.frame(CONSUMABLES).unique("code_consommable", keep="first")
                       .select("code_consommable", ROW_COLUMN), on="code_consommable"))
    as_of = short_date(dataset.as_of)
    return report_rows(
        dataset[CONSUMABLES], offending, BELOW_MINIMUM, "stock_minimum",
        lambda r: f"{r['designation']} : stock de {number(r['stock'])} au {as_of}"
                  f"{' (épuisé)' if r['stock'] <= 0 else ''}, sous le minimum de "
                  f"{number(r['stock_minimum'])} ; {_on_order_text(r)}")


@rule("La consommation mensuelle d'un consommable ne dépasse pas la moyenne au-delà du seuil",
      [CONSUMABLES, MOVEMENTS], uses_as_of=True)
def consumable_over_consumption(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    flagged = Consumables(dataset).over().filter(pl.col(ROW_COLUMN).is_not_null())
    return report_rows(
        dataset[MOVEMENTS], flagged, OVER_CONSUMPTION, "quantite",
        lambda r: f"{r['code_consommable']} {r['designation']} : consommation de "
                  f"{number(r['quantite'])} en {month_label(r['mois'])}, soit "
                  f"{number(r['ecart_pct'])} % au-dessus de la moyenne des autres mois "
                  f"({number(r['moyenne_autres_mois'])}) ; seuil : {number(r['seuil_pct'])} %")


@rule("Les livraisons et commandes d'une catégorie de consommables restent dans son budget",
      [CONSUMABLES, MOVEMENTS, BUDGETS], uses_as_of=True)
def consumables_budget(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    budgets = Consumables(dataset).budgets()
    offending = budgets.filter(pl.col(ROW_COLUMN).is_not_null()
                               & (pl.col("depense_ht") + pl.col("engage_ht")
                                  > pl.col("budget_ht")))
    as_of = short_date(dataset.as_of)

    def message(r: dict) -> str:
        spent = f"{money(r['depense_ht'])} livrés au {as_of}"
        if r["engage_ht"]:
            spent += (f" + {money(r['engage_ht'])} en commande = "
                      f"{money(r['depense_ht'] + r['engage_ht'])}")
        return (f"{r['categorie']} {r['annee']} : {spent}, au-delà du budget de "
                f"{money(r['budget_ht'])} ({number(r['taux_pct'])} %)")

    return report_rows(dataset[BUDGETS], offending, BUDGET_EXCEEDED, "budget_ht", message)


@rule("Un budget de consommables porte sur une catégorie de la feuille Consommables",
      [CONSUMABLES, BUDGETS])
def budget_category_known(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[BUDGETS]
    known = dataset.frame(CONSUMABLES)["categorie"].drop_nulls().unique()
    offending = table.frame.filter(pl.col("categorie").is_not_null()
                                   & ~pl.col("categorie").is_in(known.implode()))
    return report_rows(table, offending, UNKNOWN_CATEGORY, "categorie",
                       lambda r: f"aucun consommable de la catégorie « {r['categorie']} »")


@rule("Un consommable qui n'est plus suivi n'est plus sorti de la réserve",
      [CONSUMABLES, MOVEMENTS], uses_as_of=True)
def not_followed_consumed(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    period = Consumables(dataset).period
    table = dataset[CONSUMABLES]
    recent = (in_period(dataset.frame(MOVEMENTS), period.window_start, period.as_of)
              .group_by("code_consommable").agg(consomme=consumed_quantity().sum()))
    offending = (table.frame.filter(~is_followed())
                 .join(recent, on="code_consommable", how="inner")
                 .filter(pl.col("consomme") > 0))
    return report_rows(
        table, offending, NOT_FOLLOWED_CONSUMED, "suivi",
        lambda r: f"{r['designation']} n'est plus suivi, mais {number(r['consomme'])} "
                  f"{r['unite'] or ''} sorti(s) du {short_date(period.window_start)} au "
                  f"{short_date(period.as_of)}".replace("  ", " "))


def receipts_and_entries(dataset: Dataset) -> pl.DataFrame:
    """Per purchase order and consumable: the quantity accepted at the receipts of its
    order lines (``recu``), the quantity entered as « entrée » citing the order
    (``saisi``), and the Excel row of the last such entry (None when there is none)."""
    ordered = (dataset.frame(ORDER_LINES).filter(pl.col("code_consommable").is_not_null())
               .select("numero_commande", ligne_commande="ligne",
                       code_consommable="code_consommable"))
    received = (dataset.frame(RECEIPT_LINES)
                .join(ordered, on=["numero_commande", "ligne_commande"], how="inner")
                .group_by("numero_commande", "code_consommable")
                .agg(recu=pl.col("quantite_acceptee").fill_null(zero()).sum()))
    entered = (dataset.frame(MOVEMENTS)
               .filter((pl.col("type") == DELIVERY) & pl.col("numero_commande").is_not_null()
                       & pl.col("code_consommable").is_not_null())
               .group_by("numero_commande", "code_consommable")
               .agg(saisi=pl.col("quantite").fill_null(zero()).sum(),
                    ligne_entree=pl.col(ROW_COLUMN).max()))
    return (received.join(entered, on=["numero_commande", "code_consommable"], how="full",
                          coalesce=True)
            .with_columns(pl.col("recu", "saisi").fill_null(zero()))
            .sort("numero_commande", "code_consommable"))


def _mismatch_text(r: dict) -> str:
    return (f"commande {r['numero_commande']}, {r['code_consommable']} : quantité acceptée "
            f"à la réception {number(r['recu'])} (achats.xlsx › LignesReception), quantité "
            f"saisie en entrée {number(r['saisi'])} (moyens.xlsx › Consommations)")


@rule("Une livraison de consommables reçue est saisie en entrée pour la même quantité",
      [CONSUMABLES, MOVEMENTS, RECEIPT_LINES, ORDER_LINES])
def receipt_matches_entry(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    different = receipts_and_entries(dataset).filter(pl.col("recu") != pl.col("saisi"))
    at_entry = different.filter(pl.col("ligne_entree").is_not_null()).with_columns(
        pl.col("ligne_entree").alias(ROW_COLUMN))
    items = (dataset.frame(CONSUMABLES).filter(pl.col("code_consommable").is_not_null())
             .unique("code_consommable", keep="first").select("code_consommable", ROW_COLUMN))
    at_item = (different.filter(pl.col("ligne_entree").is_null())
               .join(items, on="code_consommable", how="inner"))
    return [*report_rows(dataset[MOVEMENTS], at_entry, RECEIPT_ENTRY_MISMATCH, "quantite",
                         _mismatch_text),
            *report_rows(dataset[CONSUMABLES], at_item, RECEIPT_ENTRY_MISMATCH,
                         "code_consommable",
                         lambda r: f"{_mismatch_text(r)} : l'entrée manque")]
