"""Business rules of the supplier price lists (sheet Tarifs, situation 2.1.3: « anomalie
dans un catalogue fournisseur »).

A price list row gives a supplier's unit price for an item from a quantity break, over a
period. The three-way match reads the price valid on an order's date: two rows valid at
the same time for the same break make it ambiguous (blocking), as does a period that ends
before it starts. A higher break that costs more than a lower one, a currency that is not
the supplier's, an item that Articles says comes from another supplier, or a price far
from the item's purchase price are warnings: they are likely typing mistakes.

Far from the purchase price means that the net price differs from ``prix_achat_ht`` of
Articles by more than `PRICE_GAP_PCT` % (prices in euros only, ``prix_achat_ht`` being in
euros). It is a detection threshold for keying errors (a misplaced decimal point divides
or multiplies by ten), not a rule of the organisation: a real increase of that size
deserves a look anyway.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_dates_in_order, report_rows, rule

PRICE_GAP_PCT = Decimal(50)
FAR_FUTURE = date(9999, 12, 31)
HUNDRED = Decimal(100)

OVERLAP = define_issue_type(
    "tarif-chevauchement",
    "Deux tarifs valables en même temps",
    "Pour un même fournisseur, un même article et un même palier de quantité, une seule "
    "ligne de tarif peut être valable à une date donnée : fermez l'ancienne période (date "
    "de fin la veille du nouveau tarif) ou supprimez le doublon.",
    Severity.BLOQUANT,
)
DATES_REVERSED = define_issue_type(
    "tarif-dates-inversees",
    "Tarif qui finit avant de commencer",
    "La date de fin de validité d'un tarif ne peut pas précéder sa date de début.",
    Severity.BLOQUANT,
)
BREAK_DEARER = define_issue_type(
    "tarif-palier-plus-cher",
    "Palier de quantité plus cher",
    "Un palier de quantité plus élevé doit donner un prix net inférieur ou égal à celui "
    "d'un palier plus bas de la même période : vérifiez le prix ou la remise saisis.",
    Severity.AVERTISSEMENT,
)
CURRENCY_MISMATCH = define_issue_type(
    "tarif-devise-fournisseur",
    "Tarif dans une autre devise que le fournisseur",
    "Le tarif est exprimé dans une devise différente de la devise de facturation du "
    "fournisseur (feuille Fournisseurs) : les prix facturés ne pourront pas lui être "
    "comparés.",
    Severity.AVERTISSEMENT,
)
OTHER_SUPPLIER = define_issue_type(
    "tarif-article-autre-fournisseur",
    "Tarif d'un article d'un autre fournisseur",
    "La feuille Articles désigne un autre fournisseur pour cet article : vérifiez le code "
    "fournisseur du tarif, ou l'article, s'il a changé de fournisseur.",
    Severity.AVERTISSEMENT,
)
FAR_FROM_COST = define_issue_type(
    "tarif-ecart-prix-achat",
    "Tarif très éloigné du prix d'achat",
    f"Le prix net du tarif s'écarte de plus de {PRICE_GAP_PCT} % du prix d'achat de "
    "l'article (feuille Articles) : une virgule déplacée ou un prix saisi en centimes ? "
    "Corrigez le tarif ou le prix d'achat.",
    Severity.AVERTISSEMENT,
)


def _period(row: dict, start: str = "date_debut", end: str = "date_fin") -> str:
    if row[end] is None:
        return f"depuis le {short_date(row[start])}"
    return f"du {short_date(row[start])} au {short_date(row[end])}"


def _net_times_hundred(suffix: str = "") -> pl.Expr:
    """Price × (100 − discount): the net price, a hundred times (exact, no division)."""
    return (pl.col(f"prix_unitaire_ht{suffix}")
            * (pl.lit(HUNDRED) - pl.col(f"remise_pct{suffix}").fill_null(Decimal(0))))


def _overlapping(keys: list[str]) -> pl.Expr:
    """Both periods of a self-joined pair share at least one day."""
    return ((pl.col("date_debut_autre") <= pl.col("date_fin").fill_null(FAR_FUTURE))
            & (pl.col("date_debut") <= pl.col("date_fin_autre").fill_null(FAR_FUTURE)))


def _pairs(frame: pl.DataFrame, keys: list[str]) -> pl.DataFrame:
    other = frame.rename({c: f"{c}_autre" for c in frame.columns if c not in keys})
    return frame.join(other, on=keys, how="inner").filter(_overlapping(keys))


@rule("Un seul tarif valable à la fois par fournisseur, article et palier", ["tarifs"])
def overlapping_price_lists(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["tarifs"]
    keys = ["code_fournisseur", "reference", "quantite_minimale"]
    frame = table.frame.filter(pl.col("date_debut").is_not_null()).select(
        *keys, "date_debut", "date_fin", ROW_COLUMN)
    pairs = (_pairs(frame, keys).filter(pl.col(f"{ROW_COLUMN}_autre") < pl.col(ROW_COLUMN))
             .sort(ROW_COLUMN, f"{ROW_COLUMN}_autre")
             .unique(ROW_COLUMN, keep="first", maintain_order=True))
    return report_rows(table, pairs, OVERLAP, "date_debut",
                       lambda r: f"le tarif de {r['reference']} chez {r['code_fournisseur']} "
                                 f"à partir de {number(r['quantite_minimale'])} "
                                 f"({_period(r)}) chevauche celui de la ligne "
                                 f"{r[f'{ROW_COLUMN}_autre']} "
                                 f"({_period(r, 'date_debut_autre', 'date_fin_autre')})")


@rule("Un tarif finit après avoir commencé", ["tarifs"])
def price_list_dates(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(
        dataset["tarifs"], "date_debut", "date_fin", DATES_REVERSED,
        lambda r: f"valable jusqu'au {short_date(r['date_fin'])}, avant son début le "
                  f"{short_date(r['date_debut'])}")


@rule("Un palier de quantité plus élevé n'est pas plus cher", ["tarifs"])
def quantity_breaks(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["tarifs"]
    keys = ["code_fournisseur", "reference", "devise"]
    frame = table.frame.filter(pl.col("date_debut").is_not_null()).select(
        *keys, "quantite_minimale", "prix_unitaire_ht", "remise_pct", "date_debut",
        "date_fin", ROW_COLUMN).with_columns(net100=_net_times_hundred())
    pairs = (_pairs(frame, keys)
             .filter((pl.col("quantite_minimale_autre") < pl.col("quantite_minimale"))
                     & (pl.col("net100") > pl.col("net100_autre")))
             .sort(ROW_COLUMN, "quantite_minimale_autre")
             .unique(ROW_COLUMN, keep="first", maintain_order=True))

    def message(r: dict) -> str:
        net, lower = r["net100"] / HUNDRED, r["net100_autre"] / HUNDRED
        return (f"{r['reference']} chez {r['code_fournisseur']} : {money(net, r['devise'])} "
                f"net à partir de {number(r['quantite_minimale'])}, plus cher que "
                f"{money(lower, r['devise'])} à partir de "
                f"{number(r['quantite_minimale_autre'])} (ligne {r[f'{ROW_COLUMN}_autre']})")
    return report_rows(table, pairs, BREAK_DEARER, "prix_unitaire_ht", message)


@rule("Un tarif est dans la devise du fournisseur", ["tarifs", "fournisseurs"])
def price_list_currency(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["tarifs"]
    suppliers = dataset.frame("fournisseurs").select(
        "code_fournisseur", pl.col("devise").alias("devise_fournisseur"), "raison_sociale")
    offending = (table.frame.join(suppliers, on="code_fournisseur", how="inner")
                 .filter(pl.col("devise") != pl.col("devise_fournisseur")).sort(ROW_COLUMN))
    return report_rows(table, offending, CURRENCY_MISMATCH, "devise",
                       lambda r: f"tarif de {r['reference']} en {r['devise']}, alors que "
                                 f"{r['raison_sociale']} facture en {r['devise_fournisseur']}")


@rule("Un tarif porte sur un article de ce fournisseur", ["tarifs", "articles"])
def price_list_item_supplier(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["tarifs"]
    items = dataset.frame("articles").select(
        "reference", pl.col("code_fournisseur").alias("fournisseur_article"))
    offending = (table.frame.join(items, on="reference", how="inner")
                 .filter(pl.col("fournisseur_article") != pl.col("code_fournisseur")))
    if "fournisseurs" in dataset:  # an item of a supplier without file: its foreign key says so
        known = dataset.frame("fournisseurs")["code_fournisseur"].drop_nulls()
        offending = offending.filter(pl.col("fournisseur_article").is_in(known.implode()))
    offending = offending.sort(ROW_COLUMN)
    return report_rows(table, offending, OTHER_SUPPLIER, "reference",
                       lambda r: f"{r['reference']} est fourni par {r['fournisseur_article']} "
                                 f"selon la feuille Articles, pas par {r['code_fournisseur']}")


@rule("Un tarif en euros reste proche du prix d'achat de l'article", ["tarifs", "articles"])
def price_list_far_from_cost(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["tarifs"]
    items = dataset.frame("articles").select("reference", "prix_achat_ht")
    frame = (table.frame.filter(pl.col("devise") == "EUR")
             .join(items, on="reference", how="inner")
             .filter(pl.col("prix_achat_ht") > 0)
             .with_columns(net100=_net_times_hundred()))
    cost = pl.col("prix_achat_ht")
    offending = frame.filter(
        (pl.col("net100") > cost * pl.lit(HUNDRED + PRICE_GAP_PCT))
        | (pl.col("net100") < cost * pl.lit(HUNDRED - PRICE_GAP_PCT))
    ).sort(ROW_COLUMN)
    return report_rows(table, offending, FAR_FROM_COST, "prix_unitaire_ht",
                       lambda r: f"{r['reference']} à {money(r['net100'] / HUNDRED)} net chez "
                                 f"{r['code_fournisseur']}, pour un prix d'achat de "
                                 f"{money(r['prix_achat_ht'])} dans la feuille Articles")
