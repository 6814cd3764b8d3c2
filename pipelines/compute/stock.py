"""Stock at the as-of date: the stock card of each item, valued at the weighted average
unit cost (CUMP, « coût unitaire moyen pondéré ») after each entry; levels, alerts.

The movement type gives its direction (`pipelines.records.movement_direction`, the one
validate uses too); the quantity is always positive. Each item's movements are taken in
the order (date, id_mouvement, Excel row), from the start of the financial year (a
movement dated before it is already in ``stock_initial``) to the as-of date; a movement
of an unknown type, or of an item missing from Articles, counts for nothing here (the
validation reports it).

**Valuation rules (CUMP after each entry).**

- The opening stock (``stock_initial``) enters at ``cout_unitaire_initial`` (empty: 0).
- A purchase (``achat``) with its ``cout_unitaire`` enters at that cost and recomputes
  CUMP = (stock value before + quantity × cost) / (stock quantity before + quantity).
  When the stock before the purchase is zero or negative, CUMP = the purchase cost.
- The exits (vente, perte, casse, retour_fournisseur, ajustement_moins) leave at the
  current CUMP.
- The entries without a new cost (retour_client, ajustement_plus, and a purchase whose
  cost is missing — the blocking issue ``achat-sans-cout`` says so) enter at the current
  CUMP, which they leave unchanged; a cost typed on them is not used.

**Precision and rounding.** The CUMP is kept to 4 decimals (0,0001 €), rounded half-up.
Every amount is rounded half-up to the cent: an entry's amount = quantity × its unit cost,
an exit's amount = quantity × CUMP, the stock value = stock quantity × CUMP. The « stock
value before » of the formula is that rounded value, so that a stock card can be checked
by hand line by line. The stock value may therefore differ from (sum of the entry
amounts − sum of the exit amounts) by the roundings only: while the stock stays ≥ 0, by at
most 1 cent per movement (the opening included) plus 0,00005 € × the stock quantity after
each cost-bearing entry (the CUMP's own rounding). With whole quantities and costs in
cents, the CUMP stays between the lowest and the highest of those costs.

The arithmetic is exact and integer: quantities and costs in millionths (the dataset's
6 decimals), the CUMP in ten-thousandths of a euro, amounts in cents; products in
Int128. No float.

**Why one Python loop.** Everything is vectorised with polars — the ordering, the running
quantity of each item, the amounts, the forward fill of the CUMP over the movements that
do not change it — except the CUMP itself: it is a recurrence (each new CUMP is computed,
and rounded, from the previous one), which no vectorised scan computes exactly with a
rounding at each step. So a Python loop, in integers, runs over the cost-bearing entries
only (each item's opening stock and its purchases), never over the other movements.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.money import MONEY_DTYPE, cents_to_money, in_micro_units, zero
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.records import ENTRY, movement_direction

STOCK_OUT, BELOW_SAFETY = "rupture", "sous le seuil"
ALERT_ORDER = (STOCK_OUT, BELOW_SAFETY)
OPENING = "stock_initial"  # the type of the first row of a stock card: the opening stock
PURCHASE = "achat"
CUMP_DTYPE = pl.Decimal(38, 4)
_CUMP_UNIT = Decimal("0.0001")
_MICRO_UNIT = Decimal("0.000001")
_COST_PER_CUMP = 10**2  # a cost in millionths → ten-thousandths of a euro
_AT_CUMP_PER_CENT = 10**8  # a quantity (10⁻⁶) × a CUMP (10⁻⁴ €) counts 10⁻¹⁰ €
_AT_COST_PER_CENT = 10**10  # a quantity (10⁻⁶) × a cost (10⁻⁶ €) counts 10⁻¹² €

CARD_COLUMNS = (
    "reference", "rang", "date", "id_mouvement", "type", "sens", "piece", "commentaire",
    "quantite", "entree_quantite", "entree_cout_unitaire", "entree_montant",
    "sortie_quantite", "sortie_cump", "sortie_montant", "stock", "cump", "valeur",
    "nouveau_cump", ROW_COLUMN,
)


# --- exact integer arithmetic ------------------------------------------------------------

def half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator (> 0), rounded half-up (away from zero on a tie)."""
    quotient = (2 * abs(numerator) + denominator) // (2 * denominator)
    return quotient if numerator >= 0 else -quotient


def divide_half_up(numerator: pl.Expr, denominator: int) -> pl.Expr:
    """The same, on an integer column (`denominator` a positive constant)."""
    return (numerator.abs() * 2 + denominator) // (2 * denominator) * numerator.sign()


def _wide(column: str) -> pl.Expr:
    """An integer column as Int128, for an exact product."""
    return pl.col(column).cast(pl.Int128)


def as_cump(ten_thousandths: pl.Expr) -> pl.Expr:
    """A CUMP counted in ten-thousandths of a euro, as an exact Decimal with 4 decimals."""
    return ten_thousandths.cast(CUMP_DTYPE) * pl.lit(_CUMP_UNIT, dtype=CUMP_DTYPE)


def cump_of(cents: pl.Expr, millionths: pl.Expr) -> pl.Expr:
    """value / quantity as a CUMP in ten-thousandths of a euro, rounded half-up: the value in
    cents, the quantity (> 0; null gives null) in millionths, both integer columns."""
    numerator = cents.cast(pl.Int128) * _AT_CUMP_PER_CENT
    denominator = millionths.cast(pl.Int128)
    return (numerator.abs() * 2 + denominator) // (2 * denominator) * numerator.sign()


def as_quantity(millionths: pl.Expr) -> pl.Expr:
    """A quantity counted in millionths, as an exact Decimal with 6 decimals."""
    return millionths.cast(NUMBER_DTYPE) * pl.lit(_MICRO_UNIT, dtype=NUMBER_DTYPE)


def next_cump(cump: int, before: int, after: int, cost: int, amount: int) -> int:
    """The CUMP (10⁻⁴ €) after a cost-bearing entry: `before`/`after` the stock in
    millionths, `cost` the entry's unit cost in millionths of a euro, `amount` its amount
    in cents."""
    if before <= 0:
        return half_up(cost, _COST_PER_CUMP)
    value = half_up(before * cump, _AT_CUMP_PER_CENT)
    return half_up((value + amount) * _AT_CUMP_PER_CENT, after)


# --- the stock card ----------------------------------------------------------------------

def movements_in_period(movements: pl.DataFrame, as_of: date, since: date | None) -> pl.DataFrame:
    """Movements dated up to as_of (and from `since`, the start of the financial year)."""
    kept = pl.col("date").is_not_null() & (pl.col("date") <= as_of)
    if since is not None:
        kept &= pl.col("date") >= since
    return movements.filter(kept)


def with_direction(movements: pl.DataFrame) -> pl.DataFrame:
    """Adds `sens` (entrée / sortie; null for an unknown type)."""
    return movements.with_columns(sens=movement_direction())


def _items(articles: pl.DataFrame) -> pl.DataFrame:
    return (articles.filter(pl.col("reference").is_not_null())
            .unique("reference", keep="first", maintain_order=True))


def _card_rows(articles: pl.DataFrame, movements: pl.DataFrame, as_of: date,
               since: date | None) -> pl.DataFrame:
    """The opening row of each item, then its movements, in order, with ``rang``."""
    items = _items(articles)
    columns = {"reference": pl.String, "date": pl.Date, "id_mouvement": pl.Int64,
               "type": pl.String, "sens": pl.String, "quantite": NUMBER_DTYPE,
               "cout_unitaire": NUMBER_DTYPE, "piece": pl.String, "commentaire": pl.String,
               ROW_COLUMN: pl.Int64, "_ouverture": pl.Int8}
    openings = items.select(
        "reference", date=pl.lit(since, pl.Date), id_mouvement=pl.lit(None, pl.Int64),
        type=pl.lit(OPENING), sens=pl.lit(ENTRY),
        quantite=pl.col("stock_initial").fill_null(zero()),
        cout_unitaire=pl.col("cout_unitaire_initial").fill_null(zero()),
        piece=pl.lit(None, pl.String), commentaire=pl.lit(None, pl.String),
        **{ROW_COLUMN: pl.lit(None, pl.Int64)}, _ouverture=pl.lit(0, pl.Int8),
    )
    moves = (with_direction(movements_in_period(movements, as_of, since))
             .filter(pl.col("sens").is_not_null() & pl.col("quantite").is_not_null())
             .join(items.select("reference"), on="reference", how="semi")
             .with_columns(_ouverture=pl.lit(1, pl.Int8)))
    rows = pl.concat([openings.cast(columns), moves.select(list(columns)).cast(columns)])
    return (rows.sort("reference", "_ouverture", "date", "id_mouvement", ROW_COLUMN,
                      nulls_last=True)
            .with_columns(rang=pl.int_range(pl.len(), dtype=pl.Int64).over("reference")))


def stock_card(articles: pl.DataFrame, movements: pl.DataFrame, as_of: date,
               since: date | None = None) -> pl.DataFrame:
    """The stock card (« fiche de stock ») of every item: its opening row (``rang`` 0,
    type « stock_initial ») then each movement in order, with the entry (quantity, unit
    cost, amount) or the exit (quantity, CUMP, amount) and the balance after it (stock,
    CUMP, value); ``nouveau_cump`` marks the rows that set the CUMP. See the module
    docstring for the rules and the rounding."""
    rows = _card_rows(articles, movements, as_of, since)
    entry, bearing = pl.col("sens") == ENTRY, pl.col("_bearing")
    micro = rows.with_columns(
        _q=in_micro_units(pl.col("quantite")).cast(pl.Int64),
        _cost=in_micro_units(pl.col("cout_unitaire")).cast(pl.Int64),
        _bearing=(pl.col("type") == OPENING)
        | ((pl.col("type") == PURCHASE) & pl.col("cout_unitaire").is_not_null()),
    ).with_columns(
        _signed=pl.when(entry).then(pl.col("_q")).otherwise(-pl.col("_q")),
    ).with_columns(
        _after=pl.col("_signed").cum_sum().over("reference"),
    ).with_columns(
        _before=pl.col("_after") - pl.col("_signed"),
        _cost_amount=pl.when(bearing).then(
            divide_half_up(_wide("_q") * pl.col("_cost"), _AT_COST_PER_CENT)),
    )
    micro = micro.with_columns(_cump=_cumps(micro))
    at_cump = divide_half_up(_wide("_q") * pl.col("_cump"), _AT_CUMP_PER_CENT)
    cump = as_cump(pl.col("_cump"))
    return micro.with_columns(
        entree_quantite=pl.when(entry).then(pl.col("quantite")),
        entree_cout_unitaire=pl.when(entry & bearing).then(pl.col("cout_unitaire"))
        .when(entry).then(cump.cast(NUMBER_DTYPE)),
        entree_montant=cents_to_money(pl.when(entry & bearing).then(pl.col("_cost_amount"))
                                      .when(entry).then(at_cump)),
        sortie_quantite=pl.when(~entry).then(pl.col("quantite")),
        sortie_cump=pl.when(~entry).then(cump),
        sortie_montant=cents_to_money(pl.when(~entry).then(at_cump)),
        stock=as_quantity(pl.col("_after")),
        cump=cump,
        valeur=cents_to_money(divide_half_up(_wide("_after") * pl.col("_cump"),
                                       _AT_CUMP_PER_CENT)),
        nouveau_cump=bearing,
    ).select(CARD_COLUMNS)


def _cumps(micro: pl.DataFrame) -> pl.Series:
    """The CUMP (10⁻⁴ €, Int128) in force after each row: set by the loop on the
    cost-bearing rows, carried forward over the others (each item's first row, its
    opening stock, bears a cost, so the fill never crosses from one item to the next)."""
    bearing = micro.filter(pl.col("_bearing")).select(
        "_before", "_after", "_cost", pl.col("_cost_amount").cast(pl.Int64))
    values, cump = [], 0
    for before, after, cost, amount in zip(*(bearing[c].to_list() for c in bearing.columns),
                                            strict=True):
        cump = next_cump(cump, before, after, cost, amount)
        values.append(cump)
    positions = micro.select(pl.arg_where(pl.col("_bearing"))).to_series()
    column = pl.repeat(None, micro.height, dtype=pl.Int64, eager=True)
    if len(values):
        column = column.scatter(positions, pl.Series(values, dtype=pl.Int64))
    return column.forward_fill().cast(pl.Int128).alias("_cump")


def valuation(dataset: Dataset, as_of: date, since: date | None) -> pl.DataFrame:
    """The stock card of every item (`stock_card`), computed once per dataset: the
    figures and the validation rules that need it share it."""
    return dataset.derived(("stock", "fiches", as_of, since), lambda: stock_card(
        dataset.frame("articles"), dataset.frame("mouvements"), as_of, since))


# --- levels and alerts -------------------------------------------------------------------

def _alert() -> pl.Expr:
    active = pl.col("actif").fill_null(True)
    return (
        pl.when(active & (pl.col("stock") <= 0))
        .then(pl.lit(STOCK_OUT))
        .when(active & (pl.col("stock") < pl.col("stock_securite").fill_null(zero())))
        .then(pl.lit(BELOW_SAFETY))
        .otherwise(pl.lit(None, dtype=pl.String))
    )


LEVEL_COLUMNS = (
    "reference", "designation", "categorie", "unite", "emplacement", "code_fournisseur",
    "stock_initial", "stock_securite", "actif", "entrees", "sorties", "stock",
    "cout_unitaire", "valeur", "alerte",
)


def stock_levels(articles: pl.DataFrame, movements: pl.DataFrame, as_of: date,
                 since: date | None = None, card: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per item: its entries and exits of the period, its stock at as_of, its
    CUMP (``cout_unitaire``), its value at CUMP and its alert. `card` is its
    `stock_card`, when already computed."""
    card = stock_card(articles, movements, as_of, since) if card is None else card
    balances = (card.group_by("reference", maintain_order=True)
                .agg(pl.col("stock", "cump", "valeur").last(),
                     entrees=pl.col("entree_quantite").filter(pl.col("rang") > 0).sum(),
                     sorties=pl.col("sortie_quantite").filter(pl.col("rang") > 0).sum()))
    return (
        _items(articles)
        .with_columns(pl.col("stock_initial").fill_null(zero()))
        .join(balances, on="reference", how="left")
        .with_columns(pl.col("entrees", "sorties").fill_null(zero()).cast(NUMBER_DTYPE),
                      cout_unitaire=pl.col("cump"), valeur=pl.col("valeur").cast(MONEY_DTYPE))
        .with_columns(alerte=_alert())
        .select(LEVEL_COLUMNS)
        .sort("reference")
    )


def stock_alerts(levels: pl.DataFrame) -> pl.DataFrame:
    """The items in alert: stock-outs first, then below their safety stock."""
    rank = pl.col("alerte").replace_strict(
        {name: i for i, name in enumerate(ALERT_ORDER)}, return_dtype=pl.Int8
    )
    return levels.filter(pl.col("alerte").is_not_null()).sort(rank, "reference")


def alert_summary(levels: pl.DataFrame) -> pl.DataFrame:
    """(alerte, nombre): how many items per alert, every alert listed, zero included."""
    counts = levels.group_by("alerte").agg(nombre=pl.len())
    return (
        pl.DataFrame({"alerte": list(ALERT_ORDER)})
        .join(counts, on="alerte", how="left")
        .with_columns(pl.col("nombre").fill_null(0).cast(pl.Int64))
    )


def monthly_movements(
    movements: pl.DataFrame, as_of: date, since: date | None = None
) -> pl.DataFrame:
    """(mois, sens, type, mouvements, quantite): movements per month and type."""
    return (
        with_direction(movements_in_period(movements, as_of, since))
        .filter(pl.col("sens").is_not_null())
        .group_by("sens", "type", mois=pl.col("date").dt.strftime("%Y-%m"))
        .agg(mouvements=pl.len().cast(pl.Int64), quantite=pl.col("quantite").sum())
        .select("mois", "sens", "type", "mouvements", "quantite")
        .sort("mois", "sens", "type")
    )


def stock_summary(levels: pl.DataFrame) -> pl.DataFrame:
    """One row: (articles, valeur_totale, articles_en_alerte, articles_en_rupture)."""
    return levels.select(
        articles=pl.len().cast(pl.Int64),
        valeur_totale=pl.col("valeur").sum().cast(MONEY_DTYPE),
        articles_en_alerte=pl.col("alerte").is_not_null().sum().cast(pl.Int64),
        articles_en_rupture=(pl.col("alerte") == STOCK_OUT).sum().cast(pl.Int64),
    )

