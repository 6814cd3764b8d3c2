"""Small supplies and consumables (2.3.1.2): stock, consumption rate, days of cover,
over-consumption, budget by category, what is on order, order suggestions within budget.

The records are in moyens.xlsx: « Consommables » (one row per consumable, its stock on the
first day of the financial year), « Consommations » (movements) and « Budgets » (the yearly
budget of each category); the purchase orders are in achats.xlsx (« CommandesAchat » and
« LignesCommandeAchat »). The organisation's settings (« Reglages », `pipelines.settings`)
give the consumption window, the cover a suggested order brings and the over-consumption
threshold.

Conventions (each one is written on the pages that use it):

- **Movements.** The quantity is positive and the type gives the direction: « entrée »
  (delivery, with its purchase order number) and « retour_reserve » (given back unused to
  the store room by a service) add to the stock; « sortie » (taken by a service) and
  « retour_fournisseur » (sent back to the supplier, defective) take away.
- **Period.** The stock counts the movements dated from the start of the financial year
  (``stock_initial`` is the stock that day) to the as-of date, both included; an earlier
  movement is already in ``stock_initial`` and a later one is not known yet.
- **Consumption** of a service = its exits minus what it gave back to the store room
  (a return to the supplier is not a consumption). The **rate** is the consumption of the
  last ``jours_consommation_moyenne`` days (never before the start of the financial year)
  divided by that number of days; a month is 30 days. The days of a month flagged as an
  over-consumption are left out of the window, with what was consumed on them (an
  exceptional month is not expected again and must not inflate the orders), unless they
  would leave no day at all. The **days of cover** are the stock
  divided by the daily rate (none when nothing was consumed; 0 when the stock is empty).
  Rates and cover are computed from the exact totals and only rounded to be shown.
- **Over-consumption**: a complete month of the financial year whose consumption of a
  followed consumable exceeds the average of its other known complete months by more than
  ``seuil_surconsommation_pct``. A consumable's months are known from the month of its
  first movement of the financial year on (a new consumable is not compared with the months
  when nobody had it), and it is judged only once ``MIN_KNOWN_MONTHS`` (3) complete months
  are known; a consumable never consumed in the other months is not judged either: there is
  no average to exceed.
- **Budget** of a category for the financial year (its ``annee`` is the year the financial
  year starts): the amount spent is what was *delivered* in the period, valued at the
  consumable's usual price — (entries − returns to the supplier) × ``prix_unitaire_ht``,
  rounded half-up to the cent per consumable. It is known as soon as the delivery is
  entered, whether or not the purchase order or the invoice is in the workbooks yet. What
  is on order is committed (same price); the remainder is budget − spent − committed.
- **On order**: for each purchase-order line naming a consumable whose order (dated up to
  the as-of date) is « envoyée », « confirmée » or « partiellement reçue », the ordered
  quantity minus the entries that cite the order for that consumable (never below zero),
  with the order's expected delivery date.
- **Order suggestions**: a followed consumable whose stock is under its minimum, or whose
  days of cover are fewer than its lead time, gets a suggested quantity that brings the
  stock, when the delivery arrives, to its minimum plus ``jours_couverture_stock`` days of
  consumption: minimum + daily rate × (lead time + cover days) − stock − on order, rounded
  up to a whole number of packages (``conditionnement``); nothing when that is not positive.
  Priced at the usual price, the suggestions are taken by urgency (fewest days of cover
  first, a stock-out first of all) and kept « dans le budget » while the category's
  remainder covers them; a suggestion that does not fit is « hors budget » and does not stop
  a later, cheaper one from fitting.

The aggregations over movements are polars; the few per-consumable figures (rates, cover,
suggestions: one row per consumable) are exact rationals in Python.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import ceil

import polars as pl

from pipelines.compute.money import MONEY_DTYPE, product_to_cent, zero
from pipelines.compute.sales_dashboard import last_complete_month, months, period_start
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.records import (
    CONSUMABLE_STORE_RETURN,
    CONSUMABLE_SUPPLIER_RETURN,
    financial_year_start,
)
from pipelines.settings import setting

DELIVERY, EXIT = "entrée", "sortie"
STORE_RETURN, SUPPLIER_RETURN = CONSUMABLE_STORE_RETURN, CONSUMABLE_SUPPLIER_RETURN
ENTRY_TYPES, EXIT_TYPES = (DELIVERY, STORE_RETURN), (EXIT, SUPPLIER_RETURN)
OPEN_ORDER_STATUSES = ("envoyée", "confirmée", "partiellement reçue")
DAYS_PER_MONTH = 30

# Alerts (management) and availability (staff).
STOCK_OUT, BELOW_MINIMUM, SHORT_COVER = "épuisé", "sous le minimum", "couverture courte"
IN_STOCK, RUNNING_LOW = "en stock", "bientôt épuisé"
ALERT_ORDER = (STOCK_OUT, BELOW_MINIMUM, SHORT_COVER)
# Budget statuses.
WITHIN_BUDGET, OVER_BUDGET = "dans le budget", "hors budget"
BUDGET_EXCEEDED, BUDGET_OK, NO_BUDGET = "dépassé", "dans le budget", "sans budget"
REASON_MINIMUM = "stock sous le minimum"
REASON_COVER = "couverture plus courte que le délai"

MIN_KNOWN_MONTHS = 3  # complete months of use before a consumable is judged
RATE_PLACES, COVER_PLACES = Decimal("0.001"), Decimal("0.1")
_CENT = Decimal("0.01")
_HUNDRED = Decimal(100)

ON_ORDER_SCHEMA = {
    "numero_commande": pl.String, "code_consommable": pl.String, "code_fournisseur": pl.String,
    "date_commande": pl.Date, "date_livraison_prevue": pl.Date, "statut": pl.String,
    "quantite_commandee": NUMBER_DTYPE, "quantite_livree": NUMBER_DTYPE,
    "en_commande": NUMBER_DTYPE,
}


# --- settings and period ------------------------------------------------------------------

@dataclass(frozen=True)
class Frame:
    """The as-of date, the period and the organisation's settings that the figures use."""

    as_of: date
    since: date  # first day of the financial year (else the 1st of January)
    window_days: int  # jours_consommation_moyenne
    cover_days: int  # jours_couverture_stock
    threshold_pct: Decimal  # seuil_surconsommation_pct

    @property
    def budget_year(self) -> int:
        return self.since.year

    @property
    def window_start(self) -> date:
        """The first day of the consumption window (never before the financial year)."""
        return max(self.as_of - timedelta(days=self.window_days - 1), self.since)

    @property
    def rate_days(self) -> int:
        """How many days the consumption rate is measured over."""
        return (self.as_of - self.window_start).days + 1


def frame_of(dataset: Dataset, as_of: date | None = None,
             since: date | None = None) -> Frame:
    """The frame of the consumables figures for this dataset (settings from « Reglages »)."""
    as_of = as_of or dataset.as_of
    start = period_start(as_of, since or financial_year_start(dataset, as_of))
    return Frame(
        as_of, start,
        window_days=max(int(setting(dataset, "jours_consommation_moyenne")), 1),
        cover_days=int(setting(dataset, "jours_couverture_stock")),
        threshold_pct=setting(dataset, "seuil_surconsommation_pct"),
    )


# --- movements ----------------------------------------------------------------------------

def signed_quantity() -> pl.Expr:
    """+ quantity for an entry or a return to the store room, − for an exit or a return to
    the supplier, 0 for an unknown type."""
    amount = pl.col("quantite").fill_null(zero())
    return (pl.when(pl.col("type").is_in(ENTRY_TYPES)).then(amount)
            .when(pl.col("type").is_in(EXIT_TYPES)).then(zero() - amount)
            .otherwise(zero()))


def consumed_quantity() -> pl.Expr:
    """The movement's consumption: + an exit, − a return to the store room, 0 otherwise."""
    amount = pl.col("quantite").fill_null(zero())
    return (pl.when(pl.col("type") == EXIT).then(amount)
            .when(pl.col("type") == STORE_RETURN).then(zero() - amount)
            .otherwise(zero()))


def delivered_quantity() -> pl.Expr:
    """The movement's delivered quantity: + an entry, − a return to the supplier."""
    amount = pl.col("quantite").fill_null(zero())
    return (pl.when(pl.col("type") == DELIVERY).then(amount)
            .when(pl.col("type") == SUPPLIER_RETURN).then(zero() - amount)
            .otherwise(zero()))


def in_period(movements: pl.DataFrame, start: date, end: date) -> pl.DataFrame:
    """The dated movements from `start` to `end`, both included."""
    day = pl.col("date")
    return movements.filter(day.is_not_null() & (day >= start) & (day <= end)
                            & pl.col("code_consommable").is_not_null())


def is_followed() -> pl.Expr:
    """A consumable is followed unless ``suivi`` says « non »."""
    return pl.col("suivi").fill_null(True)


# --- on order -----------------------------------------------------------------------------

def on_order_lines(orders: pl.DataFrame | None, lines: pl.DataFrame | None,
                   movements: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """What is still to be delivered, per open purchase order and consumable."""
    if orders is None or lines is None or orders.is_empty() or lines.is_empty():
        return pl.DataFrame(schema=ON_ORDER_SCHEMA)
    open_orders = orders.filter(
        pl.col("statut").is_in(OPEN_ORDER_STATUSES) & pl.col("date_commande").is_not_null()
        & (pl.col("date_commande") <= as_of)
    ).select("numero_commande", "code_fournisseur", "date_commande", "date_livraison_prevue",
             "statut").unique("numero_commande", keep="first", maintain_order=True)
    ordered = (lines.filter(pl.col("code_consommable").is_not_null())
               .group_by("numero_commande", "code_consommable")
               .agg(quantite_commandee=pl.col("quantite").fill_null(zero()).sum()))
    delivered = (movements.filter((pl.col("type") == DELIVERY)
                                  & pl.col("numero_commande").is_not_null()
                                  & pl.col("date").is_not_null() & (pl.col("date") <= as_of))
                 .group_by("numero_commande", "code_consommable")
                 .agg(quantite_livree=pl.col("quantite").fill_null(zero()).sum()))
    left = pl.col("quantite_commandee") - pl.col("quantite_livree")
    return (open_orders.join(ordered, on="numero_commande", how="inner")
            .join(delivered, on=["numero_commande", "code_consommable"], how="left")
            .with_columns(pl.col("quantite_livree").fill_null(zero()))
            .with_columns(en_commande=pl.when(left > 0).then(left).otherwise(zero()))
            .filter(pl.col("en_commande") > 0)
            .select(*ON_ORDER_SCHEMA)
            .cast(ON_ORDER_SCHEMA)
            .sort("date_livraison_prevue", "numero_commande", "code_consommable",
                  nulls_last=True))


def on_order_by_consumable(lines: pl.DataFrame) -> pl.DataFrame:
    """(code_consommable, en_commande, livraison_prevue, commandes): per consumable, the
    quantity on order, the earliest expected delivery and the order numbers."""
    return (lines.group_by("code_consommable")
            .agg(en_commande=pl.col("en_commande").sum(),
                 livraison_prevue=pl.col("date_livraison_prevue").min(),
                 commandes=pl.col("numero_commande").unique().sort().str.join(", ")))


# --- stock, rate and cover ----------------------------------------------------------------

LEVEL_COLUMNS = (
    "code_consommable", "designation", "categorie", "unite", "emplacement",
    "code_fournisseur", "prix_unitaire_ht", "suivi", "stock_initial", "entrees", "sorties",
    "stock", "stock_minimum", "conditionnement", "delai_reappro_jours",
    "consommation_fenetre", "jours_mesures", "mois_exclus", "conso_jour", "conso_mois",
    "jours_couverture",
    "en_commande", "livraison_prevue", "commandes", "alerte", "disponibilite",
)


def _exact(value) -> Fraction:
    return Fraction(Decimal(value)) if value is not None else Fraction(0)


def _decimal(value: Fraction, places: Decimal) -> Decimal:
    """A rational, rounded half-up to `places`."""
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return exact.quantize(places, rounding=ROUND_HALF_UP)


def daily_rate(row: dict) -> Fraction:
    """The exact average consumption per day over the window (0 when nothing)."""
    days = row["jours_mesures"]
    consumed = _exact(row["consommation_fenetre"])
    return consumed / days if days and consumed > 0 else Fraction(0)


def cover(row: dict) -> Fraction | None:
    """Exact days of cover: stock / daily rate; 0 when the stock is empty, None when nothing
    was consumed (the stock lasts indefinitely)."""
    stock = _exact(row["stock"])
    if stock <= 0:
        return Fraction(0)
    rate = daily_rate(row)
    return stock / rate if rate > 0 else None


def alert(row: dict) -> str | None:
    """épuisé, sous le minimum, couverture courte (followed consumables only)."""
    if row["suivi"] is False:
        return None
    stock = _exact(row["stock"])
    if stock <= 0:
        return STOCK_OUT
    if stock < _exact(row["stock_minimum"]):
        return BELOW_MINIMUM
    days = cover(row)
    if days is not None and days < (row["delai_reappro_jours"] or 0):
        return SHORT_COVER
    return None


def availability(alert_name: str | None) -> str:
    """What the staff are told: en stock, bientôt épuisé, épuisé."""
    if alert_name == STOCK_OUT:
        return STOCK_OUT
    return RUNNING_LOW if alert_name in (BELOW_MINIMUM, SHORT_COVER) else IN_STOCK


LEVEL_SCHEMA = {
    "consommation_fenetre": NUMBER_DTYPE, "jours_mesures": pl.Int64, "mois_exclus": pl.String,
    "conso_jour": pl.Decimal(38, 3), "conso_mois": pl.Decimal(38, 3),
    "jours_couverture": pl.Decimal(38, 1), "alerte": pl.String, "disponibilite": pl.String,
}


EXCLUDED_SCHEMA = {"code_consommable": pl.String, "mois_exclus": pl.String,
                   "jours_exclus": pl.Int64, "consommation_exclue": NUMBER_DTYPE}


def excluded_from_rate(movements: pl.DataFrame, period: Frame,
                       over: pl.DataFrame | None) -> pl.DataFrame:
    """Per consumable, its over-consumption months that fall in the consumption window
    (« 2026-09 », comma-separated), how many of the window's days they cover and what was
    consumed on those days: the rate leaves them out, since an exceptional month is not
    expected again. When they cover the whole window, nothing is left out."""
    if over is None or over.is_empty():
        return pl.DataFrame(schema=EXCLUDED_SCHEMA)
    start = (pl.col("mois") + "-01").str.to_date("%Y-%m-%d")
    first = pl.max_horizontal(start, pl.lit(period.window_start))
    last = pl.min_horizontal(start.dt.month_end(), pl.lit(period.as_of))
    months_in_window = (over.select("code_consommable", "mois").unique()
                        .with_columns(jours=(last - first).dt.total_days() + 1)
                        .filter(pl.col("jours") > 0))
    window = (in_period(movements, period.window_start, period.as_of)
              .group_by("code_consommable", mois=pl.col("date").dt.strftime("%Y-%m"))
              .agg(consomme=consumed_quantity().sum()))
    return (months_in_window.join(window, on=["code_consommable", "mois"], how="left")
            .group_by("code_consommable")
            .agg(mois_exclus=pl.col("mois").sort().str.join(", "),
                 jours_exclus=pl.col("jours").sum(),
                 consommation_exclue=pl.col("consomme").fill_null(zero()).sum())
            .filter(pl.col("jours_exclus") < period.rate_days)
            .cast(EXCLUDED_SCHEMA))


def stock_levels(consumables: pl.DataFrame, movements: pl.DataFrame, period: Frame,
                 on_order: pl.DataFrame, over: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per consumable: stock at the as-of date, consumption rate (leaving out its
    over-consumption months, see `excluded_from_rate`), days of cover, quantity on order,
    alert and availability."""
    moves = in_period(movements, period.since, period.as_of)
    totals = moves.group_by("code_consommable").agg(
        entrees=pl.col("quantite").filter(pl.col("type").is_in(ENTRY_TYPES)).sum(),
        sorties=pl.col("quantite").filter(pl.col("type").is_in(EXIT_TYPES)).sum(),
    )
    window = (in_period(movements, period.window_start, period.as_of)
              .group_by("code_consommable")
              .agg(consommation_fenetre=consumed_quantity().sum()))
    base = (consumables.filter(pl.col("code_consommable").is_not_null())
            .unique("code_consommable", keep="first", maintain_order=True)
            .select("code_consommable", "designation", "categorie", "unite", "emplacement",
                    "code_fournisseur", "prix_unitaire_ht", "suivi", "stock_initial",
                    "stock_minimum", "conditionnement", "delai_reappro_jours")
            .join(totals, on="code_consommable", how="left")
            .join(window, on="code_consommable", how="left")
            .join(on_order_by_consumable(on_order), on="code_consommable", how="left")
            .join(excluded_from_rate(movements, period, over), on="code_consommable",
                  how="left")
            .with_columns(pl.col("entrees", "sorties", "stock_initial", "consommation_fenetre",
                                 "en_commande", "consommation_exclue").fill_null(zero()))
            .with_columns(consommation_fenetre=pl.col("consommation_fenetre")
                          - pl.col("consommation_exclue"),
                          jours_mesures=(period.rate_days - pl.col("jours_exclus").fill_null(0))
                          .cast(pl.Int64))
            .with_columns(stock=pl.col("stock_initial") + pl.col("entrees") - pl.col("sorties")))
    rows = base.to_dicts()
    for row in rows:
        rate = daily_rate(row)
        days = cover(row)
        row["conso_jour"] = _decimal(rate, RATE_PLACES)
        row["conso_mois"] = _decimal(rate * DAYS_PER_MONTH, RATE_PLACES)
        row["jours_couverture"] = None if days is None else _decimal(days, COVER_PLACES)
        row["alerte"] = alert(row)
        row["disponibilite"] = availability(row["alerte"])
    schema = {**base.schema, **LEVEL_SCHEMA}
    return (pl.DataFrame(rows, schema=schema) if rows
            else pl.DataFrame(schema=schema)).select(LEVEL_COLUMNS).sort("code_consommable")


def stock_alerts(levels: pl.DataFrame) -> pl.DataFrame:
    """The followed consumables in alert: stock-outs, then under the minimum, then short
    cover; fewest days of cover first."""
    rank = pl.col("alerte").replace_strict({a: i for i, a in enumerate(ALERT_ORDER)},
                                           return_dtype=pl.Int8)
    return (levels.filter(pl.col("alerte").is_not_null())
            .sort(rank, "jours_couverture", "code_consommable", nulls_last=True))


# --- consumption by month -----------------------------------------------------------------

MONTHLY_SCHEMA = {
    "mois": pl.String, "code_consommable": pl.String, "designation": pl.String,
    "categorie": pl.String, "unite": pl.String, "service": pl.String,
    "service_libelle": pl.String, "quantite": NUMBER_DTYPE, "montant_ht": MONEY_DTYPE,
}


def monthly_consumption(consumables: pl.DataFrame, movements: pl.DataFrame, period: Frame,
                        services: pl.DataFrame | None = None) -> pl.DataFrame:
    """(mois, consumable, service): the consumption of the period, valued at the usual price
    (rounded half-up to the cent per consumable, service and month)."""
    moves = in_period(movements, period.since, period.as_of).filter(
        pl.col("type").is_in((EXIT, STORE_RETURN)))
    items = (consumables.unique("code_consommable", keep="first", maintain_order=True)
             .select("code_consommable", "designation", "categorie", "unite",
                     "prix_unitaire_ht"))
    labels = (services.select("code_service", service_libelle="libelle")
              .unique("code_service", keep="first") if services is not None
              else pl.DataFrame(schema={"code_service": pl.String, "service_libelle": pl.String}))
    return (moves.group_by("code_consommable", "service", mois=pl.col("date").dt.strftime("%Y-%m"))
            .agg(quantite=consumed_quantity().sum())
            .join(items, on="code_consommable", how="left")
            .join(labels, left_on="service", right_on="code_service", how="left")
            .with_columns(montant_ht=product_to_cent(pl.col("quantite"),
                                                     pl.col("prix_unitaire_ht").fill_null(zero())))
            .select(*MONTHLY_SCHEMA).cast(MONTHLY_SCHEMA)
            .sort("mois", "code_consommable", "service", nulls_last=True))


def by_category_and_month(monthly: pl.DataFrame) -> pl.DataFrame:
    """(mois, categorie, montant_ht): the consumption of each category, by month."""
    return (monthly.group_by("mois", "categorie")
            .agg(montant_ht=pl.col("montant_ht").sum().cast(MONEY_DTYPE))
            .sort("mois", "categorie", nulls_last=True))


def by_service_and_month(monthly: pl.DataFrame) -> pl.DataFrame:
    """(service, service_libelle, mois, montant_ht): the consumption of each service."""
    return (monthly.group_by("service", "service_libelle", "mois")
            .agg(montant_ht=pl.col("montant_ht").sum().cast(MONEY_DTYPE))
            .sort("service", "mois", nulls_last=True))


# --- over-consumption ---------------------------------------------------------------------

OVER_SCHEMA = {
    "code_consommable": pl.String, "designation": pl.String, "categorie": pl.String,
    "unite": pl.String, "mois": pl.String, "quantite": NUMBER_DTYPE,
    "moyenne_autres_mois": pl.Decimal(38, 2), "ecart_pct": pl.Decimal(38, 1),
    "seuil_pct": NUMBER_DTYPE, "services": pl.String, "commentaires": pl.String,
    ROW_COLUMN: pl.Int64,
}


def judged_months(period: Frame) -> list[str]:
    """The complete months of the financial year up to the as-of date."""
    last = last_complete_month(period.as_of)
    return [m for m in months(period.since, period.as_of) if m <= last]


def over_consumption(consumables: pl.DataFrame, movements: pl.DataFrame,
                     period: Frame) -> pl.DataFrame:
    """Each (followed consumable, complete month) whose consumption exceeds the average of
    its other known complete months by more than the threshold; with the services and
    comments of that month's exits, and the Excel row of its largest exit (where the warning
    goes).

    A consumable's months are known from the month of its first movement of the financial
    year on (a consumable first used in October is not compared with the months before, when
    nobody used it), and it is judged only once `MIN_KNOWN_MONTHS` complete months are known.
    The comparison is exact (no division); the average and the gap are rounded to be shown."""
    judged = judged_months(period)
    followed = consumables.filter(is_followed() & pl.col("code_consommable").is_not_null())
    if len(judged) < MIN_KNOWN_MONTHS or followed.is_empty():
        return pl.DataFrame(schema=OVER_SCHEMA)
    moves = (in_period(movements, period.since, period.as_of)
             .with_columns(mois=pl.col("date").dt.strftime("%Y-%m")))
    first = moves.group_by("code_consommable").agg(debut=pl.col("mois").min())
    consumed = (moves.filter(pl.col("type").is_in((EXIT, STORE_RETURN))
                             & pl.col("mois").is_in(judged))
                .group_by("code_consommable", "mois").agg(quantite=consumed_quantity().sum()))
    exact = pl.Decimal(38, 12)  # quantities have 6 decimals: their products stay exact
    month = pl.col("quantite").cast(exact)
    rest = (pl.col("total") - pl.col("quantite")).cast(exact)
    others = (pl.col("connus") - 1).cast(exact)
    factor = pl.lit(_HUNDRED + period.threshold_pct).cast(exact)
    flagged = (followed.unique("code_consommable", keep="first", maintain_order=True)
               .select("code_consommable", "designation", "categorie", "unite")
               .join(first, on="code_consommable", how="inner")
               .join(pl.DataFrame({"mois": judged}), how="cross")
               .filter(pl.col("mois") >= pl.col("debut"))
               .join(consumed, on=["code_consommable", "mois"], how="left")
               .with_columns(pl.col("quantite").fill_null(zero()))
               .with_columns(total=pl.col("quantite").sum().over("code_consommable"),
                             connus=pl.len().over("code_consommable"))
               .filter((pl.col("connus") >= MIN_KNOWN_MONTHS) & (rest > 0)
                       & (month * others * _HUNDRED > rest * factor)))
    if flagged.is_empty():
        return pl.DataFrame(schema=OVER_SCHEMA)
    figures = [_over_figures(row, period.threshold_pct)
               for row in flagged.select("quantite", "total", "connus").to_dicts()]
    exits = moves.filter(pl.col("type") == EXIT)
    details = (exits.sort("quantite", "date", "id_mouvement", descending=[True, False, False],
                          nulls_last=True)
               .group_by("code_consommable", "mois", maintain_order=True)
               .agg(pl.col(ROW_COLUMN).first(),
                    services=pl.col("service").drop_nulls().unique().sort().str.join(", "),
                    commentaires=pl.col("commentaire").drop_nulls().unique(maintain_order=True)
                    .str.join(" ; ")))
    return (flagged.select("code_consommable", "designation", "categorie", "unite", "mois",
                           "quantite")
            .hstack(pl.DataFrame(figures, schema={"moyenne_autres_mois": pl.Decimal(38, 2),
                                                  "ecart_pct": pl.Decimal(38, 1),
                                                  "seuil_pct": NUMBER_DTYPE}))
            .join(details, on=["code_consommable", "mois"], how="left")
            .with_columns(pl.when(pl.col(c) != "").then(pl.col(c)).alias(c)
                          for c in ("services", "commentaires"))
            .select(*OVER_SCHEMA).cast(OVER_SCHEMA).sort("mois", "code_consommable"))


def _over_figures(row: dict, threshold: Decimal) -> dict:
    """The average of the other known months and the gap to it, rounded half-up to be
    shown (one flagged month)."""
    average = Fraction(row["total"] - row["quantite"]) / (row["connus"] - 1)
    return {"moyenne_autres_mois": _decimal(average, _CENT),
            "ecart_pct": _decimal((Fraction(row["quantite"]) / average - 1) * 100,
                                  COVER_PLACES),
            "seuil_pct": threshold}


# --- budget -------------------------------------------------------------------------------

BUDGET_SCHEMA = {
    "categorie": pl.String, "annee": pl.Int64, "budget_ht": MONEY_DTYPE,
    "depense_ht": MONEY_DTYPE, "engage_ht": MONEY_DTYPE, "reste_ht": MONEY_DTYPE,
    "taux_pct": pl.Decimal(38, 1), "statut": pl.String, ROW_COLUMN: pl.Int64,
}


def spending_by_consumable(consumables: pl.DataFrame, movements: pl.DataFrame,
                           period: Frame, on_order: pl.DataFrame) -> pl.DataFrame:
    """(code_consommable, categorie, livre, depense_ht, en_commande, engage_ht)."""
    delivered = (in_period(movements, period.since, period.as_of)
                 .group_by("code_consommable").agg(livre=delivered_quantity().sum()))
    price = pl.col("prix_unitaire_ht").fill_null(zero())
    return (consumables.filter(pl.col("code_consommable").is_not_null())
            .unique("code_consommable", keep="first", maintain_order=True)
            .select("code_consommable", "categorie", "prix_unitaire_ht")
            .join(delivered, on="code_consommable", how="left")
            .join(on_order_by_consumable(on_order).select("code_consommable", "en_commande"),
                  on="code_consommable", how="left")
            .with_columns(pl.col("livre", "en_commande").fill_null(zero()))
            .with_columns(depense_ht=product_to_cent(pl.col("livre"), price),
                          engage_ht=product_to_cent(pl.col("en_commande"), price)))


def budget_status(budget: Decimal | None, used: Decimal) -> str:
    if budget is None:
        return NO_BUDGET
    return BUDGET_EXCEEDED if used > budget else BUDGET_OK


def budgets_by_category(consumables: pl.DataFrame, movements: pl.DataFrame,
                        budgets: pl.DataFrame | None, period: Frame,
                        on_order: pl.DataFrame) -> pl.DataFrame:
    """One row per category (of the consumables or of the year's budgets): budget, spent,
    committed, remainder, share used, status; with the Excel row of its budget."""
    spent = (spending_by_consumable(consumables, movements, period, on_order)
             .group_by("categorie")
             .agg(depense_ht=pl.col("depense_ht").sum(), engage_ht=pl.col("engage_ht").sum()))
    year = period.budget_year
    planned = (budgets.filter((pl.col("annee") == year) & pl.col("categorie").is_not_null())
               .sort(ROW_COLUMN).unique("categorie", keep="first", maintain_order=True)
               .select("categorie", "budget_ht", ROW_COLUMN)
               if budgets is not None else
               pl.DataFrame(schema={"categorie": pl.String, "budget_ht": NUMBER_DTYPE,
                                    ROW_COLUMN: pl.Int64}))
    rows = []
    joined = (planned.join(spent, on="categorie", how="full", coalesce=True)
              .filter(pl.col("categorie").is_not_null()).sort("categorie"))
    for row in joined.to_dicts():
        depense = row["depense_ht"] or Decimal(0)
        engage = row["engage_ht"] or Decimal(0)
        budget = row["budget_ht"]
        used = depense + engage
        rows.append({
            "categorie": row["categorie"], "annee": year, "budget_ht": budget,
            "depense_ht": depense, "engage_ht": engage,
            "reste_ht": None if budget is None else budget - used,
            "taux_pct": (None if not budget else
                         (used * _HUNDRED / budget).quantize(COVER_PLACES, ROUND_HALF_UP)),
            "statut": budget_status(budget, used), ROW_COLUMN: row[ROW_COLUMN],
        })
    return (pl.DataFrame(rows, schema=BUDGET_SCHEMA) if rows
            else pl.DataFrame(schema=BUDGET_SCHEMA))


# --- order suggestions --------------------------------------------------------------------

SUGGESTION_SCHEMA = {
    "rang": pl.Int64, "code_consommable": pl.String, "designation": pl.String,
    "categorie": pl.String, "unite": pl.String, "code_fournisseur": pl.String,
    "stock": NUMBER_DTYPE, "stock_minimum": NUMBER_DTYPE, "conso_jour": pl.Decimal(38, 3),
    "jours_couverture": pl.Decimal(38, 1), "mois_exclus": pl.String,
    "delai_reappro_jours": pl.Int64, "en_commande": NUMBER_DTYPE,
    "conditionnement": NUMBER_DTYPE,
    "quantite_suggeree": NUMBER_DTYPE, "prix_unitaire_ht": NUMBER_DTYPE,
    "montant_ht": MONEY_DTYPE, "raison": pl.String, "reste_budget_ht": MONEY_DTYPE,
    "statut_budget": pl.String,
}


def reason(row: dict) -> str | None:
    """Why a followed consumable needs an order (None: it does not)."""
    if row["suivi"] is False:
        return None
    stock = _exact(row["stock"])
    if stock < _exact(row["stock_minimum"]):
        return REASON_MINIMUM
    days = cover(row)
    if days is not None and days < (row["delai_reappro_jours"] or 0):
        return REASON_COVER
    return None


def suggested_quantity(row: dict, cover_days: int) -> Decimal:
    """minimum + rate × (lead time + cover days) − stock − on order, rounded up to a
    whole number of packages; 0 when nothing is needed."""
    days = (row["delai_reappro_jours"] or 0) + cover_days
    need = (_exact(row["stock_minimum"]) + daily_rate(row) * days - _exact(row["stock"])
            - _exact(row["en_commande"]))
    if need <= 0:
        return Decimal(0)
    package = _exact(row["conditionnement"])
    package = package if package > 0 else Fraction(1)
    quantity = ceil(need / package) * package
    return Decimal(quantity.numerator) / Decimal(quantity.denominator)


def _urgency(row: dict) -> tuple:
    days = row["jours_couverture"]
    return (days is None, days if days is not None else Decimal(0), row["code_consommable"])


def order_suggestions(levels: pl.DataFrame, budgets: pl.DataFrame,
                      period: Frame) -> pl.DataFrame:
    """The suggested orders, most urgent first, each « dans le budget » or « hors budget »
    (see the module's conventions)."""
    remaining = {row["categorie"]: row["reste_ht"] for row in budgets.to_dicts()}
    candidates = []
    for row in levels.to_dicts():
        why = reason(row)
        if why is None:
            continue
        quantity = suggested_quantity(row, period.cover_days)
        if quantity <= 0:
            continue
        price = Decimal(row["prix_unitaire_ht"] or 0)
        amount = (quantity * price).quantize(_CENT, rounding=ROUND_HALF_UP)
        candidates.append({**row, "quantite_suggeree": quantity, "montant_ht": amount,
                           "raison": why})
    candidates.sort(key=_urgency)
    for rank, row in enumerate(candidates, start=1):
        left = remaining.get(row["categorie"])
        row["rang"] = rank
        row["reste_budget_ht"] = left
        if left is not None and row["montant_ht"] <= left:
            row["statut_budget"] = WITHIN_BUDGET
            remaining[row["categorie"]] = left - row["montant_ht"]
        else:
            row["statut_budget"] = OVER_BUDGET
    if not candidates:
        return pl.DataFrame(schema=SUGGESTION_SCHEMA)
    return pl.DataFrame([{k: row.get(k) for k in SUGGESTION_SCHEMA} for row in candidates],
                        schema=SUGGESTION_SCHEMA)


# --- summaries ----------------------------------------------------------------------------

SUMMARY_SCHEMA = {
    "consommables_suivis": pl.Int64, "epuises": pl.Int64, "sous_le_minimum": pl.Int64,
    "couverture_courte": pl.Int64, "en_commande": pl.Int64,
    "suggestions_dans_budget": pl.Int64, "montant_dans_budget": MONEY_DTYPE,
    "suggestions_hors_budget": pl.Int64, "montant_hors_budget": MONEY_DTYPE,
    "surconsommations": pl.Int64, "categories_depassees": pl.Int64,
    "fenetre_jours": pl.Int64, "couverture_jours": pl.Int64, "seuil_pct": NUMBER_DTYPE,
}


def summary(levels: pl.DataFrame, suggestions: pl.DataFrame, over: pl.DataFrame,
            budgets: pl.DataFrame, period: Frame) -> pl.DataFrame:
    """The key figures of the consumables, in one row."""
    followed = levels.filter(is_followed())

    def count(frame: pl.DataFrame, condition: pl.Expr) -> int:
        return frame.filter(condition).height

    def total(status: str) -> Decimal:
        amounts = suggestions.filter(pl.col("statut_budget") == status)["montant_ht"]
        return amounts.sum() if len(amounts) else Decimal(0)

    row = {
        "consommables_suivis": followed.height,
        "epuises": count(followed, pl.col("alerte") == STOCK_OUT),
        "sous_le_minimum": count(followed, pl.col("alerte") == BELOW_MINIMUM),
        "couverture_courte": count(followed, pl.col("alerte") == SHORT_COVER),
        "en_commande": count(followed, pl.col("en_commande") > 0),
        "suggestions_dans_budget": count(suggestions, pl.col("statut_budget") == WITHIN_BUDGET),
        "montant_dans_budget": total(WITHIN_BUDGET),
        "suggestions_hors_budget": count(suggestions, pl.col("statut_budget") == OVER_BUDGET),
        "montant_hors_budget": total(OVER_BUDGET),
        "surconsommations": over.height,
        "categories_depassees": count(budgets, pl.col("statut") == BUDGET_EXCEEDED),
        "fenetre_jours": period.window_days, "couverture_jours": period.cover_days,
        "seuil_pct": period.threshold_pct,
    }
    return pl.DataFrame([row], schema=SUMMARY_SCHEMA)


STAFF_COLUMNS = ("categorie", "designation", "unite", "emplacement", "disponibilite",
                 "en_commande", "livraison_prevue")


def staff_supplies(levels: pl.DataFrame) -> pl.DataFrame:
    """What the staff may know: each followed consumable, where it is, whether it is
    available, what is on order and when it is expected (no price, no amount)."""
    return (levels.filter(is_followed())
            .select(*STAFF_COLUMNS)
            .with_columns(pl.when(pl.col("en_commande") > 0).then(pl.col("livraison_prevue"))
                          .otherwise(None).alias("livraison_prevue"))
            .sort("categorie", "designation", nulls_last=True))


# --- from a dataset (shared by the figures and the validation rules) -----------------------

class Consumables:
    """The consumables figures of one dataset at one as-of date, each computed once."""

    def __init__(self, dataset: Dataset, as_of: date | None = None, since: date | None = None):
        self.dataset = dataset
        self.period = frame_of(dataset, as_of, since)

    def frame(self, resource: str) -> pl.DataFrame | None:
        return self.dataset.frame(resource) if resource in self.dataset else None

    def _once(self, key: str, build):
        return self.dataset.derived(("consommables", key, self.period), build)

    @property
    def consumables(self) -> pl.DataFrame:
        return self.dataset.frame("consommables")

    @property
    def movements(self) -> pl.DataFrame:
        return self.dataset.frame("mouvements_consommables")

    def on_order(self) -> pl.DataFrame:
        return self._once("on_order", lambda: on_order_lines(
            self.frame("commandes_achat"), self.frame("lignes_commande_achat"),
            self.movements, self.period.as_of))

    def levels(self) -> pl.DataFrame:
        return self._once("levels", lambda: stock_levels(
            self.consumables, self.movements, self.period, self.on_order(), self.over()))

    def monthly(self) -> pl.DataFrame:
        return self._once("monthly", lambda: monthly_consumption(
            self.consumables, self.movements, self.period, self.frame("services")))

    def over(self) -> pl.DataFrame:
        return self._once("over", lambda: over_consumption(
            self.consumables, self.movements, self.period))

    def budgets(self) -> pl.DataFrame:
        return self._once("budgets", lambda: budgets_by_category(
            self.consumables, self.movements, self.frame("budgets_consommables"),
            self.period, self.on_order()))

    def suggestions(self) -> pl.DataFrame:
        return self._once("suggestions", lambda: order_suggestions(
            self.levels(), self.budgets(), self.period))

    def summary(self) -> pl.DataFrame:
        return summary(self.levels(), self.suggestions(), self.over(), self.budgets(),
                       self.period)
