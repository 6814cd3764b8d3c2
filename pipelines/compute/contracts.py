"""Contracts, subscriptions and software licences (situation 2.3.1.1), at the as-of date.

Pure functions over the frames of moyens.xlsx (« Contrats », « RevisionsContrats »,
« Couvertures », « Equipements »); no clock, the as-of date is an argument.

**Periods.** A contract runs from ``date_debut`` in periods of ``duree_mois`` months; a
period ends the day before the same day ``duree_mois`` months later (its « échéance »),
counted from ``date_debut`` each time, so 31 January + 1 month ends on 27 or 28 February
and the next period still starts on the 28th or 29th, then on 31 March. A contract
« tacite » is renewed period after period until it is terminated; « expresse » and
« aucune » have one period (an express renewal is a new row, or a longer duration). The
notice deadline of a period is its échéance minus ``preavis_jours`` days: the last day to
terminate it (tacite) or to decide on its renewal (expresse, aucune). A termination
(``date_resiliation``) ends the contract that day.

**States** at the as-of date: « à venir » (not started), « résilié » (a termination is
recorded, even for a later day: the contract runs until then), « échu » (its last period
is over), « à renouveler » (its next deadline is within the largest alert, 90 days, or
passed while it still runs), « en cours ». The renewal calendar lists the contracts that
still run with their next notice deadline, and an alert level at 90, 30 and 7 days
(`ALERT_DAYS`, the levels of issue 4: the specification, not a setting).

**Yearly cost** of the financial year: the annual cost in force each day (the contract's
own, then each revision from its ``date_effet``) prorated by day: annual cost × days ÷
days of the year that starts on the first day of the financial year (365, or 366 when it
holds a 29 February), for the days the contract runs within the financial year; exact
fractions, rounded half-up to the cent once per contract.

**Anomalies**: two running contracts (not terminated) with the same object once
normalised (case, accents, punctuation and spaces ignored); two running contracts of the
same type with the same provider whose objects are close (they share at least two main
words, or every main word of the shorter one; a main word has four letters or more and is
not a common word such as « pour » or « avec ») — both run at the as-of date, so their
periods overlap; one equipment covered by two running contracts of the same type; a
licence past its end still in use; more users than licences; an equipment that needs
maintenance, in service, with no running contract covering it; a tariff revision above the
organisation's threshold (setting ``seuil_hausse_tarif_pct``). The redundancy check reads
the words of the sheet only: two contracts worded differently for the same service, or
taken from two providers, are not found.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

import polars as pl

from pipelines.compute.invoice_totals import to_cent
from pipelines.compute.money import MONEY_DTYPE
from pipelines.compute.names import with_employee_name
from pipelines.dataset import ROW_COLUMN, Dataset

ALERT_DAYS = (90, 30, 7)  # the alert levels of the renewal calendar (issue 4)
WARNING_DAYS = 30  # a deadline this close is a warning of the validation report

UPCOMING, RUNNING, TO_RENEW, TERMINATED, EXPIRED = (
    "à venir", "en cours", "à renouveler", "résilié", "échu")
TACIT = "tacite"
LICENCE = "licence"
IN_SERVICE = "en service"
OVERDUE = "dépassée"
SAME_OBJECT, SAME_EQUIPMENT = "même objet", "même équipement"
SIMILAR_OBJECT = "objet proche"
# words too common to tell two objects apart (normalised: no accents, lower case)
COMMON_WORDS = frozenset({"pour", "avec", "dans", "sans", "chez", "entre", "plus", "tous",
                          "toutes", "compris", "contrat", "service", "services"})
MAIN_WORD_LETTERS = 4
EXPIRED_IN_USE, OVERUSED = "licence expirée encore utilisée", "plus d'utilisateurs que de licences"
ACTIONS = {
    "tacite": "résilier avant la date limite, ou le laisser se reconduire",
    "expresse": "le renouveler expressément avant la date limite, sinon il s'arrête",
    "aucune": "prévoir la suite : il s'arrête à l'échéance",
}
PERCENT = Decimal("0.1")

TITLES = {
    "fournisseur": "Prestataire (raison sociale)", "debut_periode": "Début de la période",
    "echeance": "Échéance de la période", "date_limite_preavis": "Date limite de préavis",
    "prochaine_limite": "Prochaine date limite", "prochaine_echeance": "Échéance visée",
    "reconduit_jusqu_au": "Reconduit jusqu'au", "date_fin": "Fin du contrat",
    "en_vigueur": "En vigueur", "etat": "État", "jours_avant_limite": "Jours avant la limite",
    "niveau_alerte": "Alerte", "action": "Que faire", "responsable_nom": "Suivi par",
    "cout_annuel_initial": "Coût annuel initial HT", "cout_annuel_actuel": "Coût annuel actuel HT",
    "cout_exercice": "Coût de l'exercice HT", "jours_exercice": "Jours sur l'exercice",
    "debut_exercice": "Début de l'exercice", "fin_exercice": "Fin de l'exercice",
    "revisions": "Révisions", "cout_precedent": "Coût annuel précédent HT",
    "hausse_pct": "Hausse (%)", "seuil_pct": "Seuil (%)", "au_dessus_seuil": "Au-delà du seuil",
    "motif_doublon": "Motif", "avec": "Fait doublon avec", "mots_communs": "Mots communs",
    "alertes_depassees": "Dates limites dépassées", "anomalie": "Anomalie",
    "contrats": "Contrats", "contrats_couvrants": "Contrats en vigueur qui le couvrent",
    "couvert": "Couvert", "requis": "Maintenance requise en service",
    "dernier_contrat": "Dernier contrat", "fin_dernier_contrat": "Fin du dernier contrat",
    "equipements": "Équipements couverts", "en_vigueur_nombre": "Contrats en vigueur",
    "a_renouveler": "À renouveler (90 jours)", "alertes_7": "Limite dans les 7 jours",
    "alertes_30": "Limite dans les 30 jours", "alertes_90": "Limite dans les 90 jours",
    "cout_exercice_total": "Coût total de l'exercice HT",
    "cout_annuel_actuel_total": "Coût annuel actuel HT des contrats en vigueur",
    "doublons": "Contrats en doublon", "licences_expirees": "Licences expirées utilisées",
    "licences_depassees": "Licences dépassées", "equipements_non_couverts":
    "Équipements sans contrat", "hausses": "Hausses au-delà du seuil",
}
MONEY = ("cout_annuel_ht", "cout_annuel_initial", "cout_annuel_actuel", "cout_exercice",
         "cout_precedent", "cout_exercice_total", "cout_annuel_actuel_total")


# --- periods and states ---------------------------------------------------------------------

def _months_after(start: pl.Expr, months: pl.Expr) -> pl.Expr:
    """`start` moved by `months` calendar months (end of month clamped)."""
    return start.dt.offset_by(pl.format("{}mo", months))


def _period_end(periods: pl.Expr) -> pl.Expr:
    """The last day of the first `periods` periods (the échéance of period `periods` − 1)."""
    return _months_after(pl.col("date_debut"), periods * pl.col("duree_mois")).dt.offset_by(
        "-1d")


def _months_between(start: pl.Expr, day: pl.Expr) -> pl.Expr:
    """Whole months from `start` to `day`, by calendar (one too few at a clamped month end,
    which the caller corrects)."""
    return ((day.dt.year().cast(pl.Int64) - start.dt.year()) * 12
            + (day.dt.month().cast(pl.Int64) - start.dt.month())
            - (start.dt.day() > day.dt.day()).cast(pl.Int64))


def _period_index(day: pl.Expr) -> pl.Expr:
    """The index of the period holding `day` (0 before the start): whole periods elapsed,
    corrected by one at a clamped month end."""
    index = pl.max_horizontal(_months_between(pl.col("date_debut"), day), 0) // pl.col(
        "duree_mois")
    return pl.when(_period_end(index + 1) < day).then(index + 1).otherwise(index)


def normalised(expr: pl.Expr) -> pl.Expr:
    """A text for comparison: lower case, no accents, punctuation and spaces collapsed."""
    return (expr.str.normalize("NFKD").str.replace_all(r"\p{M}", "").str.to_lowercase()
            .str.replace_all(r"[^a-z0-9]+", " ").str.strip_chars())


def contract_states(contracts: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Every contract with its current period, notice deadline, state and alert.

    The next deadline of a tacit contract still running is that of the first period whose
    échéance is at least the as-of date plus the notice: however long the notice (120
    days on a monthly contract), it is found directly, with no bounded look-ahead."""
    tacit = pl.col("reconduction") == TACIT
    # the period holding the as-of date, or the last one of a contract terminated before
    day = pl.min_horizontal(pl.lit(as_of), pl.col("date_resiliation"))
    index = pl.when(tacit & (pl.col("date_debut") <= day)).then(_period_index(day)).otherwise(0)
    notice = pl.duration(days=pl.col("preavis_jours").fill_null(0))
    frame = contracts.with_columns(_k=index)
    # a tacit contract: the first period end on or after as-of + notice, never before the
    # current period's end (its deadline is then on or after the as-of date)
    frame = frame.with_columns(_j=pl.when(tacit).then(pl.max_horizontal(
        pl.col("_k") + 1, _period_index(pl.lit(as_of) + notice) + 1)).otherwise(1))
    frame = frame.with_columns(
        debut_periode=_months_after(pl.col("date_debut"), pl.col("_k") * pl.col("duree_mois")),
        echeance=_period_end(pl.col("_k") + 1),
        _echeance_visee=_period_end(pl.col("_j")), _suivante=_period_end(pl.col("_j") + 1))
    frame = frame.with_columns(
        date_limite_preavis=pl.col("echeance") - notice,
        date_fin=pl.when(pl.col("date_resiliation").is_not_null())
        .then(pl.col("date_resiliation"))
        .when(~tacit).then(pl.col("echeance")).otherwise(None),
    )
    known = pl.col("date_debut").is_not_null() & pl.col("echeance").is_not_null()
    started = pl.col("date_debut") <= as_of
    ended = pl.col("date_fin").is_not_null() & (pl.col("date_fin") < as_of)
    open_ = known & pl.col("date_resiliation").is_null() & ~ended
    frame = frame.with_columns(
        prochaine_limite=pl.when(open_).then(pl.col("_echeance_visee") - notice),
        prochaine_echeance=pl.when(open_).then(pl.col("_echeance_visee")),
        reconduit_jusqu_au=pl.when(open_ & tacit).then(pl.col("_suivante")))
    days = (pl.col("prochaine_limite") - pl.lit(as_of)).dt.total_days()
    frame = frame.with_columns(
        en_vigueur=known & started & ~ended,
        jours_avant_limite=days,
    )
    level = pl.when(pl.col("jours_avant_limite") < 0).then(pl.lit(OVERDUE))
    for limit in sorted(ALERT_DAYS):
        level = level.when(pl.col("jours_avant_limite") <= limit).then(pl.lit(f"{limit} jours"))
    state = (pl.when(~known).then(None)
             .when(pl.col("date_resiliation").is_not_null()).then(pl.lit(TERMINATED))
             .when(~started).then(pl.lit(UPCOMING))
             .when(ended).then(pl.lit(EXPIRED))
             .when(pl.col("jours_avant_limite") <= max(ALERT_DAYS)).then(pl.lit(TO_RENEW))
             .otherwise(pl.lit(RUNNING)))
    return frame.with_columns(
        niveau_alerte=level.otherwise(None), etat=state,
        action=pl.col("reconduction").replace_strict(ACTIONS, default=None),
    ).with_columns(
        action=pl.when(pl.col("prochaine_limite").is_not_null()).then(pl.col("action")),
    ).drop([c for c in frame.columns if c.startswith("_") and c != ROW_COLUMN])


def termination_periods(contracts: pl.DataFrame) -> pl.DataFrame:
    """The terminated contracts with the period ends around their termination date
    (``echeance_precedente``, ``echeance_suivante``) and whether it is one of them."""
    frame = contracts.filter(pl.col("date_resiliation").is_not_null()
                             & pl.col("date_debut").is_not_null() & (pl.col("duree_mois") > 0))
    after = pl.col("date_resiliation").dt.offset_by("1d")
    frame = frame.with_columns(
        _k=pl.max_horizontal(_months_between(pl.col("date_debut"), after), 0)
        // pl.col("duree_mois"))
    frame = frame.with_columns(  # a clamped month end: one period further
        _k=pl.when(_period_end(pl.col("_k") + 1) <= pl.col("date_resiliation"))
        .then(pl.col("_k") + 1).otherwise(pl.col("_k")))
    return frame.with_columns(
        echeance_precedente=pl.when(pl.col("_k") > 0).then(_period_end(pl.col("_k"))),
        echeance_suivante=_period_end(pl.col("_k") + 1),
    ).with_columns(
        resiliation_a_echeance=(pl.col("echeance_precedente") == pl.col("date_resiliation"))
        .fill_null(False),
    ).drop("_k")


def renewal_calendar(states: pl.DataFrame) -> pl.DataFrame:
    """The contracts that still run or start later, by next notice deadline."""
    return states.filter(pl.col("prochaine_limite").is_not_null()).sort(
        "prochaine_limite", "numero_contrat")


def notices_due(states: pl.DataFrame, within: int = WARNING_DAYS) -> pl.DataFrame:
    """The contracts whose next deadline is within `within` days, or passed while they run."""
    return renewal_calendar(states).filter(pl.col("jours_avant_limite") <= within)


# --- costs ----------------------------------------------------------------------------------

def fiscal_year(organisation: pl.DataFrame | None, as_of: date) -> tuple[date, date]:
    """The financial year holding `as_of`: the organisation's, else the calendar year."""
    if organisation is not None and {"debut_exercice", "fin_exercice"} <= set(
            organisation.columns) and organisation.height:
        start, end = organisation["debut_exercice"][0], organisation["fin_exercice"][0]
        if start is not None and end is not None and start <= end:
            return start, end
    return date(as_of.year, 1, 1), date(as_of.year, 12, 31)


def year_days(start: date) -> int:
    """Days of the year that starts on `start` (365, or 366 with a 29 February)."""
    try:
        following = start.replace(year=start.year + 1)
    except ValueError:  # 29 February
        following = date(start.year + 1, 3, 1)
    return (following - start).days


def rate_on(day: date, initial: Decimal | None, revisions: list[tuple[date, Decimal]]
            ) -> Decimal | None:
    """The annual cost in force on `day`: the last revision dated on or before it, else the
    contract's own."""
    current = initial
    for effective, cost in revisions:  # sorted by date
        if effective <= day:
            current = cost
    return current


def prorated_cost(start: date, end: date, initial: Decimal | None,
                  revisions: list[tuple[date, Decimal]], days_in_year: int) -> Decimal:
    """The exact cost of the days `start`..`end` (inclusive), each revision applied from its
    date: Σ annual cost × days ÷ `days_in_year` (not rounded)."""
    if end < start:
        return Decimal(0)
    cuts = sorted({start, *(d for d, _ in revisions if start < d <= end)})
    total = Decimal(0)
    for first, following in zip(cuts, [*cuts[1:], end + timedelta(days=1)]):
        rate = rate_on(first, initial, revisions)
        if rate is not None:
            total += rate * (following - first).days / Decimal(days_in_year)
    return total


def _revisions_by_contract(revisions: pl.DataFrame | None) -> dict[str, list[tuple[date, Decimal]]]:
    schedule: dict[str, list[tuple[date, Decimal]]] = {}
    if revisions is None:
        return schedule
    dated = revisions.filter(pl.col("numero_contrat").is_not_null()
                             & pl.col("date_effet").is_not_null()
                             & pl.col("cout_annuel_ht").is_not_null()).sort("date_effet")
    for number, day, cost in dated.select("numero_contrat", "date_effet",
                                          "cout_annuel_ht").iter_rows():
        schedule.setdefault(number, []).append((day, cost))
    return schedule


def yearly_costs(states: pl.DataFrame, revisions: pl.DataFrame | None, year: tuple[date, date],
                 as_of: date) -> pl.DataFrame:
    """Each contract's cost over the financial year `year`, revisions applied by day."""
    start, end = year
    days_in_year = year_days(start)
    schedule = _revisions_by_contract(revisions)
    rows = []
    for row in states.iter_rows(named=True):  # one per contract: a handful
        revised = schedule.get(row["numero_contrat"], [])
        initial = row["cout_annuel_ht"]
        first = max(start, row["date_debut"]) if row["date_debut"] else None
        last = min(end, row["date_fin"]) if row["date_fin"] else end
        runs = first is not None and row["echeance"] is not None and last >= first
        rows.append({
            "numero_contrat": row["numero_contrat"],
            "cout_annuel_initial": _cents(initial),
            "cout_annuel_actuel": _cents(rate_on(as_of, initial, revised)),
            "revisions": sum(1 for day, _ in revised if start <= day <= end),
            "debut_exercice": start, "fin_exercice": end,
            "jours_exercice": (last - first).days + 1 if runs else 0,
            "cout_exercice": to_cent(prorated_cost(first, last, initial, revised, days_in_year))
            if runs else Decimal("0.00"),
        })
    schema = {"numero_contrat": pl.String, "cout_annuel_initial": MONEY_DTYPE,
              "cout_annuel_actuel": MONEY_DTYPE, "revisions": pl.Int64,
              "debut_exercice": pl.Date, "fin_exercice": pl.Date, "jours_exercice": pl.Int64,
              "cout_exercice": MONEY_DTYPE}
    costs = pl.DataFrame(rows, schema=schema)
    return states.select("numero_contrat", "type", "objet", "code_fournisseur", "etat",
                         "date_debut", "date_fin", ROW_COLUMN).join(
        costs, on="numero_contrat", how="left", maintain_order="left")


def _cents(value: Decimal | None) -> Decimal | None:
    return None if value is None else to_cent(value)


def cost_by_type(costs: pl.DataFrame) -> pl.DataFrame:
    """Contracts and cost of the financial year by type, largest first."""
    return (costs.group_by("type").agg(contrats=pl.len(),
                                       cout_exercice=pl.col("cout_exercice").sum())
            .sort(["cout_exercice", "type"], descending=[True, False]))


def cost_by_supplier(costs: pl.DataFrame) -> pl.DataFrame:
    return (costs.group_by("code_fournisseur", "fournisseur")
            .agg(contrats=pl.len(), cout_exercice=pl.col("cout_exercice").sum())
            .sort(["cout_exercice", "code_fournisseur"], descending=[True, False]))


# --- tariff revisions -----------------------------------------------------------------------

def tariff_revisions(contracts: pl.DataFrame, revisions: pl.DataFrame,
                     threshold_pct: Decimal) -> pl.DataFrame:
    """Each revision with the cost it replaces (the previous revision's, else the
    contract's), its increase in % (rounded half-up to 0.1) and whether it exceeds
    `threshold_pct` (compared exactly)."""
    initial = contracts.select("numero_contrat", "objet", "date_debut",
                               pl.col("cout_annuel_ht").alias("_initial")).unique(
        "numero_contrat", keep="first", maintain_order=True)
    frame = (revisions.sort("numero_contrat", "date_effet", ROW_COLUMN, nulls_last=True)
             .join(initial, on="numero_contrat", how="left", maintain_order="left")
             .with_columns(cout_precedent=pl.col("cout_annuel_ht").shift(1)
                           .over("numero_contrat"))
             .with_columns(cout_precedent=pl.coalesce("cout_precedent", "_initial"))
             .drop("_initial"))
    pairs = frame.select("cout_annuel_ht", "cout_precedent").rows()  # a handful of rows
    return frame.with_columns(
        hausse_pct=pl.Series([_percent(new, old) for new, old in pairs],
                             dtype=pl.Decimal(38, 1)),
        seuil_pct=pl.lit(threshold_pct, dtype=pl.Decimal(38, 2)),
        au_dessus_seuil=pl.Series([_exceeds(new, old, threshold_pct) for new, old in pairs],
                                  dtype=pl.Boolean),
    )


def _percent(new: Decimal | None, old: Decimal | None) -> Decimal | None:
    """(new − old) ÷ old in %, rounded half-up to 0.1 (for showing)."""
    if new is None or old is None or old == 0:
        return None
    return ((new - old) * 100 / old).quantize(PERCENT, rounding=ROUND_HALF_UP)


def _exceeds(new: Decimal | None, old: Decimal | None, threshold_pct: Decimal) -> bool:
    """new is more than `threshold_pct` % above old, compared exactly (not the rounded %)."""
    if new is None or old is None or old <= 0:
        return False
    return new * 100 > old * (100 + threshold_pct)


# --- redundancy, licences, coverage ---------------------------------------------------------

def _not_terminated_running(states: pl.DataFrame) -> pl.DataFrame:
    return states.filter(pl.col("en_vigueur") & pl.col("date_resiliation").is_null())


def main_words(expr: pl.Expr) -> pl.Expr:
    """The main words of an object: normalised, four letters or more, not a common word."""
    return (normalised(expr).str.split(" ").list.eval(
        pl.element().filter((pl.element().str.len_chars() >= MAIN_WORD_LETTERS)
                            & ~pl.element().is_in(sorted(COMMON_WORDS))))
        .list.unique().list.sort())


def similar_objects(running: pl.DataFrame) -> pl.DataFrame:
    """The pairs of running contracts of the same type and provider, with different but
    close objects: at least two main words in common, or every main word of the shorter
    object. One row per contract of a pair, with `avec` and `mots_communs`."""
    keyed = running.filter(pl.col("type").is_not_null()
                           & pl.col("code_fournisseur").is_not_null()).with_columns(
        _mots=main_words(pl.col("objet")))
    pairs = (keyed.select("numero_contrat", "type", "code_fournisseur", "_cle", "_mots")
             .join(keyed.select("numero_contrat", "type", "code_fournisseur", "_cle", "_mots"),
                   on=["type", "code_fournisseur"], suffix="_autre")
             .filter((pl.col("numero_contrat") != pl.col("numero_contrat_autre"))
                     & (pl.col("_cle") != pl.col("_cle_autre")))
             .with_columns(_communs=pl.col("_mots").list.set_intersection("_mots_autre")
                           .list.sort())
             .with_columns(_n=pl.col("_communs").list.len(),
                           _court=pl.min_horizontal(pl.col("_mots").list.len(),
                                                    pl.col("_mots_autre").list.len()))
             .filter((pl.col("_n") >= 2) | ((pl.col("_n") >= 1) & (pl.col("_n") == pl.col(
                 "_court")))))
    grouped = (pairs.sort("numero_contrat_autre").group_by("numero_contrat").agg(
        avec=pl.col("numero_contrat_autre").str.join(", "),
        mots_communs=pl.col("_communs").list.explode().unique(maintain_order=True)
        .sort().str.join(", ")))
    return keyed.join(grouped, on="numero_contrat", how="inner", maintain_order="left")


def redundant_contracts(states: pl.DataFrame, coverage: pl.DataFrame | None) -> pl.DataFrame:
    """One row per running contract that another may duplicate: same normalised object;
    same type and provider with a close object (see `similar_objects`); or the same
    equipment covered by two of the same type (then with that equipment)."""
    running = _not_terminated_running(states).with_columns(_cle=normalised(pl.col("objet")))
    same_object = (running.filter(pl.col("_cle").is_not_null() & (pl.col("_cle") != ""))
                   .with_columns(_n=pl.len().over("_cle")).filter(pl.col("_n") > 1)
                   .with_columns(motif_doublon=pl.lit(SAME_OBJECT),
                                 code_equipement=pl.lit(None, pl.String)))
    frames = [_with_others(same_object, "_cle"),
              similar_objects(running.filter(pl.col("_cle").is_not_null()
                                             & (pl.col("_cle") != ""))).with_columns(
                  motif_doublon=pl.lit(SIMILAR_OBJECT), code_equipement=pl.lit(None, pl.String))]
    if coverage is not None:
        covered = (coverage.select("numero_contrat", "code_equipement",
                                   pl.col(ROW_COLUMN).alias("ligne_couverture"))
                   .join(running.drop("_cle"), on="numero_contrat", how="inner")
                   .with_columns(_cle=pl.concat_str("code_equipement", "type", separator="|"))
                   .with_columns(_n=pl.len().over("_cle")).filter(pl.col("_n") > 1)
                   .with_columns(motif_doublon=pl.lit(SAME_EQUIPMENT)))
        frames.append(_with_others(covered, "_cle"))
    columns = ["numero_contrat", "type", "objet", "code_fournisseur", "motif_doublon", "avec",
               "mots_communs", "code_equipement", "ligne_couverture", "prochaine_limite",
               ROW_COLUMN]
    missing = {"ligne_couverture": pl.Int64, "mots_communs": pl.String}
    shaped = [f.with_columns(*[pl.lit(None, dtype).alias(c) for c, dtype in missing.items()
                               if c not in f.columns]).select(columns) for f in frames]
    return pl.concat(shaped).sort("motif_doublon", "numero_contrat", "code_equipement",
                                  nulls_last=True)


def _with_others(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """Each row with `avec`: the other contract numbers of its group, comma-separated."""
    groups = frame.group_by(key).agg(_numeros=pl.col("numero_contrat").sort())
    return frame.join(groups, on=key, how="left", maintain_order="left").with_columns(
        avec=pl.col("_numeros").list.set_difference(pl.concat_list("numero_contrat"))
        .list.sort().list.join(", "))


def licence_anomalies(states: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Licences past their end still in use, and running contracts with more users than
    licences."""
    expired = states.filter(
        (pl.col("type") == LICENCE) & pl.col("en_usage").fill_null(False)
        & pl.col("date_fin").is_not_null() & (pl.col("date_fin") < as_of)
    ).with_columns(anomalie=pl.lit(EXPIRED_IN_USE))
    overused = states.filter(
        pl.col("en_vigueur") & (pl.col("utilisateurs") > pl.col("licences"))
    ).with_columns(anomalie=pl.lit(OVERUSED))
    columns = ["numero_contrat", "type", "objet", "code_fournisseur", "anomalie", "etat",
               "date_fin", "licences", "utilisateurs", "en_usage", ROW_COLUMN]
    return pl.concat([expired.select(columns), overused.select(columns)]).sort(
        "anomalie", "numero_contrat")


def equipment_coverage(equipments: pl.DataFrame, coverage: pl.DataFrame | None,
                       states: pl.DataFrame, as_of: date) -> pl.DataFrame:
    """Every equipment with the running contracts that cover it, and the last one that did."""
    covering = pl.DataFrame(schema={"code_equipement": pl.String, "numero_contrat": pl.String})
    if coverage is not None:
        covering = coverage.select("code_equipement", "numero_contrat")
    linked = covering.join(states.select("numero_contrat", "en_vigueur", "date_fin"),
                           on="numero_contrat", how="inner")
    running = (linked.filter(pl.col("en_vigueur")).group_by("code_equipement")
               .agg(contrats_couvrants=pl.col("numero_contrat").sort().str.join(", ")))
    past = (linked.filter(pl.col("date_fin") < as_of)
            .sort("date_fin", "numero_contrat").group_by("code_equipement")
            .agg(dernier_contrat=pl.col("numero_contrat").last(),
                 fin_dernier_contrat=pl.col("date_fin").last()))
    required = (pl.col("maintenance_requise").fill_null(False)
                & (pl.col("statut") == IN_SERVICE).fill_null(False))
    return (equipments.join(running, on="code_equipement", how="left", maintain_order="left")
            .join(past, on="code_equipement", how="left", maintain_order="left")
            .with_columns(couvert=pl.col("contrats_couvrants").is_not_null(), requis=required))


def uncovered_equipment(coverage: pl.DataFrame) -> pl.DataFrame:
    return coverage.filter(pl.col("requis") & ~pl.col("couvert"))


# --- register and staff contacts ------------------------------------------------------------

def with_supplier_name(frame: pl.DataFrame, suppliers: pl.DataFrame | None) -> pl.DataFrame:
    if suppliers is None:
        return frame.with_columns(fournisseur=pl.lit(None, pl.String))
    names = suppliers.select("code_fournisseur", pl.col("raison_sociale").alias("fournisseur"))
    return frame.join(names.unique("code_fournisseur", keep="first"), on="code_fournisseur",
                      how="left", maintain_order="left")


def covered_equipment_names(coverage: pl.DataFrame | None,
                            equipments: pl.DataFrame | None) -> pl.DataFrame:
    """numero_contrat → « Désignation (emplacement) » of each equipment it covers, joined."""
    schema = {"numero_contrat": pl.String, "equipements": pl.String}
    if coverage is None:
        return pl.DataFrame(schema=schema)
    named = coverage.select("numero_contrat", "code_equipement")
    if equipments is not None:
        label = pl.when(pl.col("emplacement").is_not_null()).then(
            pl.format("{} ({})", pl.col("designation"), pl.col("emplacement"))
        ).otherwise(pl.col("designation"))
        named = named.join(equipments.select("code_equipement", _label=label),
                           on="code_equipement", how="left")
    else:
        named = named.with_columns(_label=pl.col("code_equipement"))
    return (named.with_columns(_label=pl.coalesce("_label", "code_equipement"))
            .sort("code_equipement").group_by("numero_contrat", maintain_order=True)
            .agg(equipements=pl.col("_label").str.join(" ; ")))


def register(states: pl.DataFrame, costs: pl.DataFrame, suppliers: pl.DataFrame | None,
             employees: pl.DataFrame | None, coverage: pl.DataFrame | None,
             equipments: pl.DataFrame | None) -> pl.DataFrame:
    """Every contract: its terms, state, current period, yearly cost and who follows it."""
    frame = states.join(costs.select("numero_contrat", "cout_annuel_actuel", "cout_exercice"),
                        on="numero_contrat", how="left", maintain_order="left")
    frame = with_supplier_name(frame, suppliers)
    frame = with_employee_name(frame, employees, "responsable", "responsable_nom")
    frame = frame.join(covered_equipment_names(coverage, equipments), on="numero_contrat",
                       how="left", maintain_order="left")
    return frame.select(
        "numero_contrat", "type", "objet", "code_fournisseur", "fournisseur",
        "reference_contrat", "date_debut", "duree_mois", "reconduction", "preavis_jours",
        "debut_periode", "echeance", "date_limite_preavis", "prochaine_limite",
        "prochaine_echeance", "date_resiliation", "date_fin", "etat", "niveau_alerte",
        "cout_annuel_ht", "cout_annuel_actuel", "cout_exercice", "periodicite", "licences",
        "utilisateurs", "en_usage", "equipements", "responsable", "responsable_nom", ROW_COLUMN,
    ).sort("type", "numero_contrat")


STAFF_COLUMNS = ("objet", "type", "fournisseur", "reference_contrat", "contact_nom",
                 "contact_telephone", "contact_email", "consignes", "equipements")


def staff_contacts(contracts: pl.DataFrame, as_of: date, suppliers: pl.DataFrame | None,
                   coverage: pl.DataFrame | None,
                   equipments: pl.DataFrame | None) -> pl.DataFrame:
    """What the staff need of the contracts marked for them and in force: object, provider,
    contact, instructions, equipment covered. Never an amount."""
    states = contract_states(contracts, as_of).filter(
        pl.col("en_vigueur") & pl.col("visible_personnel").fill_null(False))
    frame = with_supplier_name(states, suppliers).join(
        covered_equipment_names(coverage, equipments), on="numero_contrat", how="left",
        maintain_order="left")
    return frame.select(*STAFF_COLUMNS).sort("type", "objet")


def summary(states: pl.DataFrame, costs: pl.DataFrame, redundant: pl.DataFrame,
            licences: pl.DataFrame, uncovered: pl.DataFrame,
            revisions: pl.DataFrame | None) -> pl.DataFrame:
    """The key figures of the contracts, in one row."""
    running = states.filter(pl.col("en_vigueur"))
    actual = costs.join(states.select("numero_contrat", "en_vigueur"), on="numero_contrat")

    def level(days: int) -> int:
        return states.filter(pl.col("niveau_alerte") == f"{days} jours").height

    def total(frame: pl.DataFrame, column: str) -> Decimal:
        return sum((v for v in frame[column].to_list() if v is not None), Decimal("0.00"))

    return pl.DataFrame([{
        "contrats": states.height, "en_vigueur_nombre": running.height,
        "a_renouveler": states.filter(pl.col("etat") == TO_RENEW).height,
        "alertes_depassees": states.filter(pl.col("niveau_alerte") == OVERDUE).height,
        "alertes_7": level(7), "alertes_30": level(30), "alertes_90": level(90),
        "cout_exercice_total": total(costs, "cout_exercice"),
        "cout_annuel_actuel_total": total(actual.filter(pl.col("en_vigueur")),
                                          "cout_annuel_actuel"),
        "doublons": redundant["numero_contrat"].n_unique(),
        "licences_expirees": licences.filter(pl.col("anomalie") == EXPIRED_IN_USE).height,
        "licences_depassees": licences.filter(pl.col("anomalie") == OVERUSED).height,
        "equipements_non_couverts": uncovered.height,
        "hausses": 0 if revisions is None else revisions.filter(
            pl.col("au_dessus_seuil")).height,
    }], schema={"contrats": pl.Int64, "en_vigueur_nombre": pl.Int64, "a_renouveler": pl.Int64,
                "alertes_depassees": pl.Int64, "alertes_7": pl.Int64, "alertes_30": pl.Int64,
                "alertes_90": pl.Int64, "cout_exercice_total": MONEY_DTYPE,
                "cout_annuel_actuel_total": MONEY_DTYPE,
                "doublons": pl.Int64, "licences_expirees": pl.Int64,
                "licences_depassees": pl.Int64, "equipements_non_couverts": pl.Int64,
                "hausses": pl.Int64})



# --- shared by the figures and the validation rules -----------------------------------------

def states_of(dataset: Dataset) -> pl.DataFrame:
    """The contract states of `dataset` at its as-of date, computed once."""
    return dataset.derived(("contrats", "etats", dataset.as_of), lambda: contract_states(
        dataset.frame("contrats_services"), dataset.as_of))


def revisions_of(dataset: Dataset, threshold_pct: Decimal) -> pl.DataFrame:
    """The tariff revisions of `dataset` with their increase, computed once."""
    return dataset.derived(("contrats", "revisions", threshold_pct), lambda: tariff_revisions(
        dataset.frame("contrats_services"), dataset.frame("revisions_contrats"), threshold_pct))
