"""Dunning and disputes: the organisation's dunning rules, the level each invoice has
reached, the level it is due for, and the disputes that suspend it.

- **Rules** (`dunning_rules`): the sheet « ReglesRelance » of organisation.xlsx gives, for
  each level, the number of days after the due date when it is due. When the sheet is
  absent (or holds no usable row), the default rules `DEFAULT_DUNNING_DAYS` apply: 15, 30,
  45 and 60 days. A level that the sheet leaves out is not used.
- **Events** (`events`): the rows of « Relances » dated on or before the as-of date. The
  level *reached* by an invoice is the highest level of its dunning events (the order is
  `LEVELS`), with the date it was sent.
- **Disputes** (`disputes`): the events with a ``litige`` value, per customer and invoice,
  in date order: the dispute is open when the last of them says « ouvert »; its opening is
  the last « ouvert » event, its closing the first « clos » after it. An open dispute
  suspends the dunning of its invoice.
- **Dunning due** (`dunning_due`): for each invoice still owed, the level the calendar
  calls for (``niveau_du``: the highest level whose date, due date + its days, has come)
  and the dunning to send this week (``a_envoyer``: the next level after the one reached,
  when its date, ``date_prevue``, comes by the as-of date + `WEEK` days), unless a dispute
  is open (``suspendue``). The levels follow one another: an invoice never dunned gets
  « relance 1 » first, even when the calendar already calls for a later level.

Columns: `dunning_rules` → niveau, rang, jours_apres_echeance, origine, _ligne;
`levels_reached` → numero_facture, rang_atteint, niveau_atteint, date_niveau_atteint,
derniere_relance, relances; `disputes` → code_client, numero_facture, litige,
date_ouverture, date_cloture, motif, _ligne (the opening event's row, else the last one).
"""

from __future__ import annotations

from datetime import date, timedelta

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset

LEVELS = ("relance 1", "relance 2", "mise en demeure", "contentieux")
LITIGATION = LEVELS[-1]
DEFAULT_DUNNING_DAYS = {"relance 1": 15, "relance 2": 30, "mise en demeure": 45,
                        "contentieux": 60}
"""The dunning calendar when organisation.xlsx has no « ReglesRelance » sheet: days after
the due date when each level is due. The one place these defaults are written."""
WEEK = 7  # « this week »: the dunning due within the 7 days after the as-of date
OPEN, CLOSED = "ouvert", "clos"
SHEET_RULE, DEFAULT_RULE = "ReglesRelance", "règle par défaut"

RANKS = pl.DataFrame({"niveau": list(LEVELS), "rang": list(range(1, len(LEVELS) + 1))},
                     schema={"niveau": pl.String, "rang": pl.Int64})


def dunning_rules(dataset: Dataset) -> pl.DataFrame:
    """The dunning calendar: one row per level used, in level order."""
    rows = pl.DataFrame()
    if "regles_relance" in dataset:
        rows = (
            dataset.frame("regles_relance")
            .filter(pl.col("niveau").is_in(LEVELS) & pl.col("jours_apres_echeance").is_not_null()
                    & (pl.col("jours_apres_echeance") >= 0))
            .unique("niveau", keep="first", maintain_order=True)
            .select("niveau", pl.col("jours_apres_echeance").cast(pl.Int64),
                    pl.lit(SHEET_RULE).alias("origine"), ROW_COLUMN)
        )
    if rows.is_empty():
        rows = pl.DataFrame(
            {"niveau": list(DEFAULT_DUNNING_DAYS),
             "jours_apres_echeance": list(DEFAULT_DUNNING_DAYS.values()),
             "origine": DEFAULT_RULE, ROW_COLUMN: None},
            schema={"niveau": pl.String, "jours_apres_echeance": pl.Int64,
                    "origine": pl.String, ROW_COLUMN: pl.Int64},
        )
    return rows.join(RANKS, on="niveau").sort("rang").select(
        "niveau", "rang", "jours_apres_echeance", "origine", ROW_COLUMN)


def events(dataset: Dataset, as_of: date | None = None) -> pl.DataFrame:
    """The rows of Relances dated on or before `as_of`, with the rank of their level."""
    frame = dataset.frame("relances").filter(pl.col("date").is_not_null())
    if as_of is not None:
        frame = frame.filter(pl.col("date") <= as_of)
    return frame.join(RANKS, on="niveau", how="left").sort("date", ROW_COLUMN)


def levels_reached(dunning_events: pl.DataFrame) -> pl.DataFrame:
    """Per invoice: the highest level reached, when, the last dunning and their count."""
    sent = dunning_events.filter(pl.col("rang").is_not_null()
                                 & pl.col("numero_facture").is_not_null())
    return (
        sent.sort("rang", "date", ROW_COLUMN)
        .group_by("numero_facture", maintain_order=True)
        .agg(rang_atteint=pl.col("rang").last(), niveau_atteint=pl.col("niveau").last(),
             date_niveau_atteint=pl.col("date").last(),
             derniere_relance=pl.col("date").max(), relances=pl.len().cast(pl.Int64))
        .sort("numero_facture")
    )


def disputes(dunning_events: pl.DataFrame) -> pl.DataFrame:
    """One row per disputed invoice (or customer, for an event without invoice): its
    state, the opening and closing dates and the reason given on opening."""
    marked = dunning_events.filter(pl.col("litige").is_in((OPEN, CLOSED))).sort("date", ROW_COLUMN)
    keys = ("code_client", "numero_facture")
    opened = (pl.col("litige") == OPEN)
    last_opening = pl.col("date").filter(opened).last()
    return (
        marked.group_by(*keys, maintain_order=True)
        .agg(
            litige=pl.col("litige").last(),
            date_ouverture=last_opening,
            date_cloture=pl.col("date").filter(
                (pl.col("litige") == CLOSED)
                & (pl.int_range(pl.len()) > pl.int_range(pl.len()).filter(opened).last()
                   .fill_null(-1))).first(),
            motif=pl.col("motif").filter(opened).last(),
            _ligne=pl.coalesce(pl.col(ROW_COLUMN).filter(opened).last(),
                               pl.col(ROW_COLUMN).last()),
        )
        .with_columns(date_cloture=pl.when(pl.col("litige") == CLOSED)
                      .then(pl.col("date_cloture")))
    )


def dunning_due(invoices: pl.DataFrame, rules: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Adds niveau_du, rang_du, a_envoyer, rang_a_envoyer, date_prevue and suspendue to
    invoices that have numero_facture, reste_du, date_echeance_effective, rang_atteint,
    litige and relance_arretee (no dunning for that invoice, e.g. a debt written off)."""
    week_end = as_of + timedelta(days=WEEK)
    owed = invoices.filter(
        (pl.col("reste_du") > 0) & pl.col("date_echeance_effective").is_not_null()
        & ~pl.col("relance_arretee")
    ).select("numero_facture", "date_echeance_effective", "rang_atteint", "litige")
    calendar = owed.join(rules.select("niveau", "rang", "jours_apres_echeance"),
                         how="cross").with_columns(
        date_niveau=pl.col("date_echeance_effective")
        + pl.duration(days=pl.col("jours_apres_echeance")))
    due_now = (
        calendar.filter(pl.col("date_niveau") <= as_of)
        .sort("rang").group_by("numero_facture")
        .agg(rang_du=pl.col("rang").last(), niveau_du=pl.col("niveau").last())
    )
    to_send = (
        calendar.filter((pl.col("rang") > pl.col("rang_atteint").fill_null(0))
                        & (pl.col("litige") != OPEN).fill_null(True))
        .sort("rang").group_by("numero_facture")
        .agg(rang_a_envoyer=pl.col("rang").first(), a_envoyer=pl.col("niveau").first(),
             date_prevue=pl.col("date_niveau").first())
        .filter(pl.col("date_prevue") <= week_end)
    )
    return (
        invoices.join(due_now, on="numero_facture", how="left")
        .join(to_send, on="numero_facture", how="left")
        .with_columns(suspendue=(pl.col("litige") == OPEN).fill_null(False)
                      & (pl.col("reste_du") > 0))
    )
