"""Turnover and gross margin of the commercial dashboard (1.3.2), exact to the cent in euros.

The turnover (chiffre d'affaires HT) is the sum of the HT totals in euros of the issued
invoices and credit notes (« émise ») dated in the period, a credit note counting
negatively (`sales_invoices.invoice_totals_frame` gives these totals). The period is the
financial year to the as-of date (from ``organisation.debut_exercice``, else the 1st of
January of the as-of year): what is dated after the as-of date is not known yet and never
counts.

Split by month, customer, zone (France / UE / Hors UE, from the customer's file) and product
family (``categorie`` of the article), every split adds up exactly to the same total: the
by-family split works on *line amounts in euros* (`invoice_line_amounts`) which add up
exactly to each invoice's euro HT:

1. each line's net HT is the legal core's (`invoice_totals.line_net_amount`), in the
   invoice's currency;
2. the invoice-level discount (``remise_globale_pct``, the core's ristourne), rounded per
   VAT base, is spread over the lines of its base in proportion to their net, by the
   largest-remainder method (`allocate`);
3. the shipping costs (``frais_port_ht``) are a line of their own, in the family
   « Frais de port »; a line without an article is in the family « Prestations »;
4. an invoice in another currency: its euro HT (rounded once, as on the invoice) is
   spread over its lines in proportion to their amounts, again by largest remainder, so
   that the lines in euros add up exactly to the invoice's euro HT.

Gross margin, where the cost is known: for a line whose article has a purchase price
(``prix_achat_ht`` of Articles, its current value: the sheet keeps no history), margin =
line HT in euros − quantity × purchase price (rounded half-up to the cent per line). The
coverage is the share of the turnover whose cost is known; the margin rate is the margin
over that covered turnover. A credit note's lines count negatively (a return takes its cost
back, a price reduction without an article only lowers the turnover).

The split of each invoice is a loop over invoices, like the legal totals it splits; the
aggregations are polars.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from math import floor

import polars as pl

from pipelines.compute.invoice_totals import (
    CENT,
    ZERO,
    line_net_amount,
    to_cent,
    vat_bases,
)
from pipelines.compute.sales_invoices import (
    CREDIT_NOTE,
    EURO,
    invoice_from_rows,
    is_complete,
)
from pipelines.dataset import ROW_COLUMN

ISSUED = "émise"
SHIPPING, SERVICES, NO_FAMILY = "Frais de port", "Prestations", "Sans famille"
ZONES = ("France", "UE", "Hors UE")
NO_ZONE = "Zone non renseignée"
LINE, SHIPPING_ORIGIN = "ligne", "frais de port"
MONEY_DTYPE = pl.Decimal(38, 2)
PERCENT_DTYPE = pl.Decimal(38, 1)
HUNDRED = Decimal(100)
TENTH = Decimal("0.1")

LINE_SCHEMA = {
    "numero_facture": pl.String, "type": pl.String, "date_facture": pl.Date,
    "mois": pl.String, "code_client": pl.String, "origine": pl.String,
    "ligne": pl.Int64, "reference": pl.String, "designation": pl.String,
    "quantite": pl.Decimal(38, 6), "devise": pl.String, "montant_ht": MONEY_DTYPE,
    "montant_ht_eur": MONEY_DTYPE, ROW_COLUMN: pl.Int64,
}


# --- exact allocation ---------------------------------------------------------------------

def allocate(total: Decimal, weights: Sequence[Decimal]) -> list[Decimal]:
    """Split ``total`` (whole cents) in proportion to ``weights``, in cents, so that the
    shares add up exactly to ``total`` (largest-remainder method): each exact share is
    rounded down to the cent, then the cents left over go one each to the largest
    remainders, the first weight first on a tie. Weights adding up to zero: the whole total
    goes to the largest weight in absolute value (the first on a tie)."""
    if not weights:
        if total:
            raise ValueError("un montant non nul ne peut être réparti sur aucune ligne")
        return []
    cents = Fraction(total) * 100
    if cents.denominator != 1:
        raise ValueError(f"montant à répartir non arrondi au centime : {total}")
    whole = sum((Fraction(w) for w in weights), Fraction(0))
    if whole == 0:
        largest = max(range(len(weights)), key=lambda i: (abs(weights[i]), -i))
        shares = [0] * len(weights)
        shares[largest] = int(cents)
    else:
        quotas = [cents * Fraction(w) / whole for w in weights]
        shares = [floor(q) for q in quotas]
        left = int(cents) - sum(shares)
        order = sorted(range(len(weights)), key=lambda i: (-(quotas[i] - shares[i]), i))
        for index in order[:left]:
            shares[index] += 1
    return [(Decimal(share) / 100).quantize(CENT) for share in shares]


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """part / whole in %, rounded half-up to one decimal; None when whole is 0 or unknown."""
    if part is None or not whole:
        return None
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(TENTH, rounding=ROUND_HALF_UP)


# --- one invoice's lines in euros ---------------------------------------------------------

def invoice_line_amounts(facture_row: Mapping, line_rows: Sequence[Mapping],
                         total_ht_eur: Decimal | None) -> list[tuple[Mapping | None, Decimal,
                                                                     Decimal | None]]:
    """Each line of an invoice with its HT after the invoice-level discount, in the
    invoice's currency and in euros, then the shipping costs (line None): these amounts add
    up exactly to the invoice's HT, and the euro ones to ``total_ht_eur`` (the invoice's
    euro HT; None when its rate is unknown: every euro amount is then None). A credit note
    comes out negative. Empty when the invoice's rows are incomplete (no totals either)."""
    if not is_complete(facture_row, line_rows):
        return []
    invoice = invoice_from_rows(facture_row, line_rows)
    amounts = [line_net_amount(line) for line in invoice.lines]
    for base in vat_bases(invoice):
        if base.ristourne:
            indexes = [i for i, line in enumerate(invoice.lines) if line.vat_rate == base.rate]
            shares = allocate(base.ristourne, [amounts[i] for i in indexes])
            for index, share in zip(indexes, shares, strict=True):
                amounts[index] -= share
    items: list[Mapping | None] = list(line_rows)
    if invoice.shipping:
        items.append(None)
        amounts.append(invoice.shipping)
    if facture_row["devise"] == EURO:
        euros: list[Decimal | None] = list(amounts)
    elif total_ht_eur is None:
        euros = [None] * len(amounts)
    else:
        euros = list(allocate(Decimal(total_ht_eur), amounts))
    return list(zip(items, amounts, euros, strict=True))


def _month(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def sales_lines(invoices: pl.DataFrame, factures: pl.DataFrame,
                lignes: pl.DataFrame) -> pl.DataFrame:
    """The lines in euros of the given invoices (rows of `invoice_totals_frame`): one row
    per invoice line (``origine`` « ligne », ``_ligne`` its row of LignesFacture) and one
    per invoice with shipping costs (« frais de port », ``_ligne`` its row of Factures).
    Quantities and amounts of a credit note are negative."""
    wanted = invoices.select(ROW_COLUMN, "total_ht_eur")
    rows = factures.join(wanted, on=ROW_COLUMN, how="inner").sort(ROW_COLUMN)
    grouped = (
        lignes.filter(pl.col("numero_facture").is_in(rows["numero_facture"].implode()))
        .sort(ROW_COLUMN)
        .group_by("numero_facture", maintain_order=True)
        .agg(pl.struct(pl.all()).alias("lignes"))
    )
    by_invoice = dict(zip(grouped["numero_facture"].to_list(), grouped["lignes"].to_list(),
                          strict=True))
    records = []
    for facture in rows.iter_rows(named=True):
        sign = -1 if facture["type"] == CREDIT_NOTE else 1
        common = {
            "numero_facture": facture["numero_facture"], "type": facture["type"],
            "date_facture": facture["date_facture"], "mois": _month(facture["date_facture"]),
            "code_client": facture["code_client"], "devise": facture["devise"],
        }
        lines = by_invoice.get(facture["numero_facture"], [])
        for line, amount, euro in invoice_line_amounts(facture, lines, facture["total_ht_eur"]):
            if line is None:
                records.append({**common, "origine": SHIPPING_ORIGIN, "ligne": None,
                                "reference": None, "designation": SHIPPING, "quantite": None,
                                "montant_ht": amount, "montant_ht_eur": euro,
                                ROW_COLUMN: facture[ROW_COLUMN]})
            else:
                records.append({**common, "origine": LINE, "ligne": line["ligne"],
                                "reference": line["reference"],
                                "designation": line["designation"],
                                "quantite": sign * Decimal(line["quantite"]),
                                "montant_ht": amount, "montant_ht_eur": euro,
                                ROW_COLUMN: line[ROW_COLUMN]})
    return pl.DataFrame(records, schema=LINE_SCHEMA, orient="row")


# --- the period and the invoices that count -----------------------------------------------

def period_start(as_of: date, financial_year_start: date | None) -> date:
    """The first day of the turnover period: the financial year's, else the 1st of January."""
    return financial_year_start or date(as_of.year, 1, 1)


def last_complete_month(as_of: date) -> str:
    """The month of the as-of date if it is its last day, else the month before."""
    if (as_of + timedelta(days=1)).month != as_of.month:
        return _month(as_of)
    return _month(as_of.replace(day=1) - timedelta(days=1))


def months(start: date, end: date) -> list[str]:
    """« 2026-01 » … « 2026-11 »: every month from start's to end's."""
    result, year, month = [], start.year, start.month
    while (year, month) <= (end.year, end.month):
        result.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return result


def known_invoices(totals: pl.DataFrame, factures: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Every invoice and credit note dated on or before as_of (rows of
    `invoice_totals_frame`), with its status, in the sheet's order."""
    status = factures.select(ROW_COLUMN, "statut")
    return (totals.filter(pl.col("date_facture") <= as_of)
            .join(status, on=ROW_COLUMN, how="left").sort(ROW_COLUMN))


def turnover_invoices(known: pl.DataFrame, start: date) -> pl.DataFrame:
    """The issued invoices and credit notes of the period (from `known_invoices`)."""
    return known.filter((pl.col("statut") == ISSUED) & (pl.col("date_facture") >= start))


def with_customer(frame: pl.DataFrame, clients: pl.DataFrame | None) -> pl.DataFrame:
    """Adds the customer's name, zone (« Zone non renseignée » when unknown) and Excel row
    in Clients (``ligne_client``)."""
    if clients is None:
        names = pl.DataFrame(schema={"code_client": pl.String, "raison_sociale": pl.String,
                                     "zone": pl.String, "ligne_client": pl.Int64})
    else:
        names = clients.select("code_client", "raison_sociale", "zone",
                               pl.col(ROW_COLUMN).alias("ligne_client")).unique(
            "code_client", keep="first", maintain_order=True)
    return frame.join(names, on="code_client", how="left").with_columns(
        pl.col("zone").fill_null(NO_ZONE))


def with_family_and_cost(lines: pl.DataFrame, articles: pl.DataFrame | None) -> pl.DataFrame:
    """Adds the product family, the known cost (quantity × prix_achat_ht, to the cent), the
    margin of each line, and the article's designation and Excel row in Articles
    (``designation_article``, ``ligne_article``)."""
    if articles is None:
        known = pl.DataFrame(schema={"reference": pl.String, "categorie": pl.String,
                                     "prix_achat_ht": pl.Decimal(38, 6),
                                     "designation_article": pl.String,
                                     "ligne_article": pl.Int64})
    else:
        known = articles.select("reference", "categorie", "prix_achat_ht",
                                pl.col("designation").alias("designation_article"),
                                pl.col(ROW_COLUMN).alias("ligne_article")).unique(
            "reference", keep="first", maintain_order=True)
    joined = lines.join(known, on="reference", how="left")
    family = (pl.when(pl.col("origine") == SHIPPING_ORIGIN).then(pl.lit(SHIPPING))
              .when(pl.col("reference").is_null()).then(pl.lit(SERVICES))
              .otherwise(pl.col("categorie").fill_null(NO_FAMILY)))
    costs = [
        None if price is None or quantity is None else to_cent(Decimal(quantity) * price)
        for quantity, price in zip(joined["quantite"].to_list(),
                                   joined["prix_achat_ht"].to_list(), strict=True)
    ]
    return joined.with_columns(
        famille=family, cout_ht=pl.Series(costs, dtype=MONEY_DTYPE),
    ).with_columns(
        marge_ht=pl.when(pl.col("cout_ht").is_not_null())
        .then(pl.col("montant_ht_eur") - pl.col("cout_ht")),
    ).drop("categorie")


def dashboard_lines(totals: pl.DataFrame, factures: pl.DataFrame, lignes: pl.DataFrame,
                    clients: pl.DataFrame | None, articles: pl.DataFrame | None,
                    as_of: date, start: date) -> pl.DataFrame:
    """The lines in euros of the turnover of the period, with customer, zone, family, cost
    and margin (see the module docstring)."""
    invoices = turnover_invoices(known_invoices(totals, factures, as_of), start)
    lines = sales_lines(invoices, factures, lignes)
    return with_family_and_cost(with_customer(lines, clients), articles).select(
        "numero_facture", "type", "date_facture", "mois", "code_client", "raison_sociale",
        "zone", "origine", "ligne", "reference", "designation", "famille", "quantite",
        "devise", "montant_ht", "montant_ht_eur", "prix_achat_ht", "cout_ht", "marge_ht",
        ROW_COLUMN, "ligne_client", "ligne_article", "designation_article",
    )


def turnover_invoice_list(totals: pl.DataFrame, factures: pl.DataFrame,
                          clients: pl.DataFrame | None, as_of: date,
                          start: date) -> pl.DataFrame:
    """The invoices and credit notes of the turnover of the period, with their month,
    customer and zone: their ``total_ht_eur`` add up to the turnover."""
    invoices = turnover_invoices(known_invoices(totals, factures, as_of), start)
    return with_customer(invoices, clients).with_columns(
        mois=pl.col("date_facture").dt.strftime("%Y-%m")).select(
        "numero_facture", "date_facture", "mois", "type", "code_client", "raison_sociale",
        "zone", "devise", "total_ht", "total_ht_eur", ROW_COLUMN)


# --- the splits -----------------------------------------------------------------------------

TURNOVER = pl.col("montant_ht_eur").sum().cast(MONEY_DTYPE).alias("chiffre_affaires")


def _with_share(frame: pl.DataFrame, total: Decimal) -> pl.DataFrame:
    shares = [percent(value, total) for value in frame["chiffre_affaires"].to_list()]
    return frame.with_columns(part=pl.Series(shares, dtype=PERCENT_DTYPE))


def _total(lines: pl.DataFrame) -> Decimal:
    return lines["montant_ht_eur"].sum() if lines.height else ZERO


def turnover_by_month(lines: pl.DataFrame, start: date, as_of: date) -> pl.DataFrame:
    """(mois, chiffre_affaires, factures, avoirs): every month of the period, even empty."""
    counts = lines.group_by("mois").agg(
        TURNOVER,
        factures=pl.col("numero_facture").filter(pl.col("type") != CREDIT_NOTE).n_unique(),
        avoirs=pl.col("numero_facture").filter(pl.col("type") == CREDIT_NOTE).n_unique(),
    )
    calendar = pl.DataFrame({"mois": months(start, as_of)})
    return (calendar.join(counts, on="mois", how="left")
            .with_columns(pl.col("chiffre_affaires").fill_null(Decimal(0)),
                          pl.col("factures", "avoirs").fill_null(0).cast(pl.Int64))
            .select("mois", "chiffre_affaires", "factures", "avoirs"))


def turnover_by_customer(lines: pl.DataFrame) -> pl.DataFrame:
    """(code_client, raison_sociale, zone, chiffre_affaires, part, factures, avoirs,
    _ligne: the customer's row in Clients), largest turnover first."""
    frame = lines.group_by("code_client", "raison_sociale", "zone", "ligne_client").agg(
        TURNOVER,
        factures=pl.col("numero_facture").filter(pl.col("type") != CREDIT_NOTE)
        .n_unique().cast(pl.Int64),
        avoirs=pl.col("numero_facture").filter(pl.col("type") == CREDIT_NOTE)
        .n_unique().cast(pl.Int64),
    ).sort(["chiffre_affaires", "code_client"], descending=[True, False])
    return _with_share(frame, _total(lines)).select(
        "code_client", "raison_sociale", "zone", "chiffre_affaires", "part", "factures",
        "avoirs", pl.col("ligne_client").alias(ROW_COLUMN))


def turnover_by_zone(lines: pl.DataFrame) -> pl.DataFrame:
    """(zone, chiffre_affaires, part, clients): France, UE, Hors UE (even empty), then a
    customer without a zone."""
    counts = lines.group_by("zone").agg(TURNOVER,
                                       clients=pl.col("code_client").n_unique().cast(pl.Int64))
    listed = pl.DataFrame({"zone": [*ZONES, *sorted(set(counts["zone"]) - set(ZONES))]})
    frame = (listed.join(counts, on="zone", how="left")
             .with_columns(pl.col("chiffre_affaires").fill_null(Decimal(0)),
                           pl.col("clients").fill_null(0)))
    return _with_share(frame, _total(lines)).select("zone", "chiffre_affaires", "part",
                                                     "clients")


def _margin_columns(frame: pl.DataFrame) -> pl.DataFrame:
    rates = [percent(margin, covered) for margin, covered in
             zip(frame["marge"].to_list(), frame["ca_cout_connu"].to_list(), strict=True)]
    coverage = [percent(covered, turnover) for covered, turnover in
                zip(frame["ca_cout_connu"].to_list(), frame["chiffre_affaires"].to_list(),
                    strict=True)]
    return frame.with_columns(couverture=pl.Series(coverage, dtype=PERCENT_DTYPE),
                              taux_marge=pl.Series(rates, dtype=PERCENT_DTYPE))


MARGIN_AGGREGATES = (
    TURNOVER,
    pl.col("montant_ht_eur").filter(pl.col("cout_ht").is_not_null()).sum()
    .cast(MONEY_DTYPE).alias("ca_cout_connu"),
    pl.col("cout_ht").sum().cast(MONEY_DTYPE).alias("cout"),
    pl.col("marge_ht").sum().cast(MONEY_DTYPE).alias("marge"),
)


def turnover_by_family(lines: pl.DataFrame) -> pl.DataFrame:
    """(famille, chiffre_affaires, part, ca_cout_connu, cout, marge, couverture,
    taux_marge), largest turnover first; « Prestations » and « Frais de port » included."""
    frame = lines.group_by("famille").agg(*MARGIN_AGGREGATES).sort(
        ["chiffre_affaires", "famille"], descending=[True, False])
    return _margin_columns(_with_share(frame, _total(lines))).select(
        "famille", "chiffre_affaires", "part", "ca_cout_connu", "cout", "marge",
        "couverture", "taux_marge")


def margin_by_article(lines: pl.DataFrame) -> pl.DataFrame:
    """The lines whose cost is known, by article: (reference, designation, famille,
    prix_achat_ht, quantite, chiffre_affaires, cout, marge, _ligne: the article's row in
    Articles), by reference."""
    return (lines.filter(pl.col("cout_ht").is_not_null())
            .group_by("reference").agg(pl.col("ligne_article").first().alias(ROW_COLUMN),
                pl.col("designation_article").first().alias("designation"),
                pl.col("famille").first(),
                pl.col("prix_achat_ht").first(), pl.col("quantite").sum(),
                TURNOVER, pl.col("cout_ht").sum().cast(MONEY_DTYPE).alias("cout"),
                pl.col("marge_ht").sum().cast(MONEY_DTYPE).alias("marge"))
            .sort("reference"))


def margin_summary(lines: pl.DataFrame) -> pl.DataFrame:
    """One row: chiffre_affaires, ca_cout_connu, cout, marge, couverture (% of the
    turnover whose cost is known), taux_marge (margin / covered turnover, %)."""
    frame = lines.select(*MARGIN_AGGREGATES).with_columns(
        pl.col("chiffre_affaires", "ca_cout_connu", "cout", "marge").fill_null(Decimal(0)))
    return _margin_columns(frame)
