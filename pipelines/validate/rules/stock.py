"""Business rules of the stock: items (« Articles ») and their movements (« Mouvements »).

The running stock of an item is its ``stock_initial`` plus its movements in the order
(date, id_mouvement); the movement type gives the direction (`pipelines.records`): entries
(achat, retour_client, ajustement_plus) add, exits take away, an unknown type counts for
nothing (the schema refuses it).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipelines.compute.stock import stock_levels, valuation
from pipelines.compute.stock_inventory import inventory_differences
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import money, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.records import financial_year_first_day, financial_year_start, signed_quantity
from pipelines.validate.rules import report_rows, rule
from pipelines.validate.rules.dated import value_or_none

VAT_RATE_PREFIX = "tva.taux."

NEGATIVE_STOCK = define_issue_type(
    "stock-negatif",
    "Stock négatif",
    "Ce mouvement fait passer le stock de l'article sous zéro : une sortie ne peut pas "
    "porter sur plus que le stock disponible. Vérifiez la quantité, la date, ou saisissez "
    "l'entrée qui manque avant ce mouvement.",
    Severity.BLOQUANT,
)
PURCHASE_WITHOUT_COST = define_issue_type(
    "achat-sans-cout",
    "Achat sans coût unitaire",
    "Une entrée en stock par achat doit indiquer son coût unitaire HT : le stock est valorisé "
    "au coût unitaire moyen pondéré (CUMP), recalculé à chaque achat avec son coût.",
    Severity.BLOQUANT,
)
ZERO_QUANTITY = define_issue_type(
    "mouvement-quantite-nulle",
    "Mouvement de quantité nulle",
    "Un mouvement de stock porte sur une quantité strictement positive ; le type du "
    "mouvement en donne le sens. Supprimez la ligne ou corrigez la quantité.",
    Severity.BLOQUANT,
)
BEFORE_FISCAL_YEAR = define_issue_type(
    "mouvement-avant-exercice",
    "Mouvement antérieur à l'exercice",
    "Le stock initial des articles est celui du premier jour de l'exercice : un mouvement "
    "daté d'avant l'exercice est déjà compté dedans.",
    Severity.BLOQUANT,
)
UNKNOWN_VAT_RATE = define_issue_type(
    "taux-tva-inconnu",
    "Taux de TVA inconnu",
    "Le taux de TVA d'un article doit être un taux de TVA en vigueur en France à la date "
    "d'arrêté, écrit en pourcentage ; le message rappelle les taux en vigueur.",
    Severity.BLOQUANT,
)
BELOW_SAFETY_STOCK = define_issue_type(
    "stock-sous-securite",
    "Stock sous le stock de sécurité",
    "Le stock de l'article à la date d'arrêté est inférieur à son stock de sécurité : "
    "il faut le réapprovisionner.",
    Severity.AVERTISSEMENT,
)


INVENTORY_DIFFERENCE = define_issue_type(
    "ecart-inventaire",
    "Écart d'inventaire non régularisé",
    "La quantité comptée à l'inventaire diffère du stock théorique de l'article à la fin du "
    "jour du comptage (stock initial et mouvements, sans les ajustements d'inventaire de ce "
    "jour), et aucun mouvement d'ajustement (ajustement_plus ou ajustement_moins) daté de ce "
    "jour ou après ne régularise cet écart en entier. Recomptez l'article, cherchez le "
    "mouvement oublié (vente, casse, réception), ou saisissez l'ajustement dans la feuille "
    "Mouvements.",
    Severity.AVERTISSEMENT,
)


def _zero() -> pl.Expr:
    return pl.lit(0).cast(NUMBER_DTYPE)


def _initial_stock(dataset: Dataset) -> pl.DataFrame:
    return (dataset.frame("articles")
            .filter(pl.col("reference").is_not_null())
            .unique("reference", keep="first", maintain_order=True)
            .select("reference", initial=pl.col("stock_initial").fill_null(_zero())))


def running_stock(dataset: Dataset) -> pl.DataFrame:
    """Each dated movement with the item's stock before (``avant``) and after (``stock``) it."""
    return (dataset.frame("mouvements")
            .filter(pl.col("reference").is_not_null() & pl.col("date").is_not_null())
            .join(_initial_stock(dataset), on="reference", how="left")
            .with_columns(pl.col("initial").fill_null(_zero()), signed=signed_quantity())
            .sort("reference", "date", "id_mouvement", ROW_COLUMN, nulls_last=True)
            .with_columns(stock=pl.col("initial") + pl.col("signed").cum_sum().over("reference"))
            .with_columns(avant=pl.col("stock").shift(1).over("reference")
                          .fill_null(pl.col("initial"))))


@rule("Le stock d'un article ne devient jamais négatif", ["articles", "mouvements"])
def negative_stock(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["mouvements"]
    offending = running_stock(dataset).filter((pl.col("stock") < 0) & (pl.col("avant") >= 0))
    return report_rows(table, offending, NEGATIVE_STOCK, "quantite",
                   lambda r: f"{r['type']} de {number(r['quantite'])} le {short_date(r['date'])} : "
                             f"le stock de {r['reference']} passe de {number(r['avant'])} "
                             f"à {number(r['stock'])}")


@rule("Un achat indique son coût unitaire", ["mouvements"])
def purchase_cost(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["mouvements"]
    offending = table.frame.filter((pl.col("type") == "achat") & pl.col("cout_unitaire").is_null())
    return report_rows(table, offending, PURCHASE_WITHOUT_COST, "cout_unitaire",
                   lambda r: f"achat de {number(r['quantite'])} {r['reference']} sans coût "
                             "unitaire")


@rule("Un mouvement porte sur une quantité non nulle", ["mouvements"])
def non_zero_quantity(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["mouvements"]
    offending = table.frame.filter(pl.col("quantite") == 0)
    return report_rows(table, offending, ZERO_QUANTITY, "quantite",
                   lambda r: f"mouvement {r['id_mouvement']} ({r['type']}) de quantité nulle")


@rule("Les mouvements de stock sont datés dans l'exercice", ["mouvements", "organisation"])
def movements_in_fiscal_year(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    start = financial_year_first_day(dataset)
    if start is None:
        return []
    table = dataset["mouvements"]
    offending = table.frame.filter(pl.col("date") < start)
    return report_rows(table, offending, BEFORE_FISCAL_YEAR, "date",
                   lambda r: f"mouvement du {short_date(r['date'])}, avant le début de l'exercice "
                             f"le {short_date(start)}")


def vat_percents(parameters: Parameters, on) -> list[Decimal]:
    """The VAT rates in force on a date, as percents (0.055 → 5.5)."""
    rates = [value_or_none(parameters, parameter.name, on) for parameter in parameters
             if parameter.name.startswith(VAT_RATE_PREFIX)]
    return sorted(((rate * 100).normalize() for rate in rates if rate is not None), reverse=True)


@rule("Le taux de TVA d'un article est un taux en vigueur", ["articles"], uses_as_of=True)
def article_vat_rate(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["articles"]
    percents = vat_percents(parameters, dataset.as_of)
    known = pl.any_horizontal(
        [pl.col("taux_tva") == pl.lit(p).cast(NUMBER_DTYPE) for p in percents] or [pl.lit(False)])
    offending = table.frame.filter(pl.col("taux_tva").is_not_null() & ~known)
    in_force = ", ".join(f"{number(p)} %" for p in percents)
    as_of = short_date(dataset.as_of)
    return report_rows(table, offending, UNKNOWN_VAT_RATE, "taux_tva",
                   lambda r: f"taux de {number(r['taux_tva'])} % : les taux en vigueur au "
                             f"{as_of} sont {in_force}")


@rule("Le stock d'un article actif reste au-dessus de son stock de sécurité",
      ["articles", "mouvements"], uses_as_of=True)
def safety_stock(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    """On the stock the pages publish (`stock_levels` of the shared stock card)."""
    table = dataset["articles"]
    since = financial_year_start(dataset, dataset.as_of)
    levels = stock_levels(dataset.frame("articles"), dataset.frame("mouvements"), dataset.as_of,
                          since, card=valuation(dataset, dataset.as_of, since))
    below = levels.filter(pl.col("actif").fill_null(True)
                          & (pl.col("stock") < pl.col("stock_securite")))
    offending = (table.frame.filter(pl.col("reference").is_not_null())
                 .unique("reference", keep="first", maintain_order=True)
                 .select("reference", "designation", "stock_securite", ROW_COLUMN)
                 .join(below.select("reference", "stock"), on="reference")
                 .sort(ROW_COLUMN))
    as_of = short_date(dataset.as_of)
    return report_rows(table, offending, BELOW_SAFETY_STOCK, "stock_securite",
                   lambda r: f"{r['designation']} : stock de {number(r['stock'])} au {as_of}, "
                             f"sous le stock de sécurité de {number(r['stock_securite'])}")


@rule("Un écart d'inventaire est régularisé par un ajustement",
      ["inventaire", "articles", "mouvements"], uses_as_of=True)
def inventory_difference(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["inventaire"]
    since = financial_year_start(dataset, dataset.as_of)
    differences = inventory_differences(valuation(dataset, dataset.as_of, since),
                                        table.frame, dataset.frame("articles"),
                                        dataset.as_of, since)
    offending = differences.filter(pl.col("ecart_restant") != 0).sort(ROW_COLUMN)

    def message(row: dict) -> str:
        settled = (f" ; les ajustements datés de ce jour ou après n'en régularisent que "
                   f"{number(row['regularisation'])}" if row["regularisation"] else
                   " ; aucun ajustement daté de ce jour ou après ne le régularise")
        return (f"inventaire du {short_date(row['date_inventaire'])} : "
                f"{number(row['quantite_comptee'])} {row['reference']} comptés pour un stock "
                f"théorique de {number(row['stock_theorique'])} (écart de "
                f"{number(row['ecart'])}, soit {money(row['valeur_ecart'])} au CUMP)"
                f"{settled}")

    return report_rows(table, offending, INVENTORY_DIFFERENCE, "quantite_comptee", message)
