"""Contracts, subscriptions and licences: periods, notice deadlines, alerts, yearly cost with
revisions, redundancy, licences and coverage (pipelines.compute.contracts)."""

import calendar
from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipelines.compute import contracts
from pipelines.compute.contracts_specs import CONTRACTS_SPECS, CONTRACTS_STAFF_SPECS
from pipelines.compute.run import compute_figures
from pipelines.compute.specs import Inputs
from pipelines.law import parameters

from .records import AS_OF, dataset, table

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def contract(number: str, start: date, months: int = 12, renewal: str = "tacite",
             notice: int | None = 30, **fields) -> dict:
    return {"numero_contrat": number, "type": "maintenance", "objet": f"Objet {number}",
            "code_fournisseur": "F0001", "date_debut": start, "duree_mois": months,
            "reconduction": renewal, "preavis_jours": notice, "cout_annuel_ht": "1200",
            **fields}


def states(*rows: dict, as_of: date = AS_OF) -> pl.DataFrame:
    return contracts.contract_states(table("contrats_services", list(rows)).frame, as_of)


def state_of(frame: pl.DataFrame, number: str) -> dict:
    return frame.filter(pl.col("numero_contrat") == number).row(0, named=True)


# --- periods, deadlines, states --------------------------------------------------------------

def test_a_tacit_contract_is_in_the_period_holding_the_as_of_date():
    row = state_of(states(contract("CT-001", date(2022, 3, 15), notice=90)), "CT-001")

    assert (row["debut_periode"], row["echeance"]) == (date(2026, 3, 15), date(2027, 3, 14))
    # 14/03/2027 − 90 days = 14/12/2026, 14 days after 30/11/2026
    assert row["date_limite_preavis"] == row["prochaine_limite"] == date(2026, 12, 14)
    assert (row["jours_avant_limite"], row["niveau_alerte"]) == (14, "30 jours")
    assert row["reconduit_jusqu_au"] == date(2028, 3, 14)
    assert (row["etat"], row["en_vigueur"], row["date_fin"]) == ("à renouveler", True, None)


def test_a_passed_notice_deadline_commits_to_the_next_period():
    """The 1/11/2026 deadline of a calendar-year contract has passed: it renews to
    31/12/2027, and the next decision is on 1/11/2027."""
    row = state_of(states(contract("CT-001", date(2019, 1, 1), notice=60)), "CT-001")

    assert row["echeance"] == date(2026, 12, 31)
    assert row["date_limite_preavis"] == date(2026, 11, 1)
    assert (row["prochaine_limite"], row["prochaine_echeance"]) == (date(2027, 11, 1),
                                                                     date(2027, 12, 31))
    assert (row["etat"], row["niveau_alerte"]) == ("en cours", None)


def test_periods_count_from_the_start_across_short_months():
    """Monthly from 31 January: the periods end on 28 or 29 February, 30 March, 30 April…"""
    frame = states(contract("CT-001", date(2024, 1, 31), months=1, notice=0),
                   as_of=date(2024, 2, 29))
    row = state_of(frame, "CT-001")
    assert (row["debut_periode"], row["echeance"]) == (date(2024, 2, 29), date(2024, 3, 30))


@pytest.mark.parametrize(("notice", "days", "level", "state"), [
    (31, 0, "7 jours", "à renouveler"),
    (24, 7, "7 jours", "à renouveler"),
    (23, 8, "30 jours", "à renouveler"),
    (1, 30, "30 jours", "à renouveler"),
    (0, 31, "90 jours", "à renouveler"),
])
def test_alert_levels_at_7_30_and_90_days(notice, days, level, state):
    """Échéance 31/12/2026: the deadline is 31 − notice days after 30/11/2026."""
    row = state_of(states(contract("CT-001", date(2026, 1, 1), notice=notice)), "CT-001")
    assert (row["jours_avant_limite"], row["niveau_alerte"], row["etat"]) == (days, level, state)


@pytest.mark.parametrize(("notice", "days", "level"), [(31, 90, "90 jours"), (30, 91, None)])
def test_the_last_alert_is_at_90_days(notice, days, level):
    """Échéance 31/03/2027, 121 days after 30/11/2026."""
    row = state_of(states(contract("CT-001", date(2026, 4, 1), notice=notice)), "CT-001")
    assert (row["jours_avant_limite"], row["niveau_alerte"]) == (days, level)
    assert row["etat"] == ("à renouveler" if level else "en cours")


def test_a_notice_longer_than_several_periods_still_gives_the_next_deadline():
    """Monthly, tacit, 120 days' notice: to stop it, the notice must reach an échéance at
    least 120 days ahead, 31/03/2027; its deadline is 31/03/2027 − 120 days = 01/12/2026,
    tomorrow."""
    row = state_of(states(contract("CT-001", date(2026, 1, 1), months=1, notice=120)),
                   "CT-001")

    assert (row["debut_periode"], row["echeance"]) == (date(2026, 11, 1), date(2026, 11, 30))
    assert (row["prochaine_limite"], row["prochaine_echeance"], row["reconduit_jusqu_au"]) == (
        date(2026, 12, 1), date(2027, 3, 31), date(2027, 4, 30))
    assert (row["jours_avant_limite"], row["niveau_alerte"], row["etat"]) == (
        1, "7 jours", "à renouveler")
    assert contracts.renewal_calendar(states(contract("CT-001", date(2026, 1, 1), months=1,
                                                      notice=120))).height == 1


def _add_months(day: date, months: int) -> date:
    """`day` moved by `months` calendar months, the day clamped to the month's end."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _expected_deadline(start: date, months: int, notice: int, as_of: date
                       ) -> tuple[date, date]:
    """The next deadline of a tacit contract, by walking its periods one by one."""
    j = 1
    while _add_months(start, j * months) - timedelta(days=1) < as_of:  # the current period
        j += 1
    while _add_months(start, j * months) - timedelta(days=1 + notice) < as_of:
        j += 1
    end = _add_months(start, j * months) - timedelta(days=1)
    return end - timedelta(days=notice), end


@given(start=st.dates(date(2015, 1, 1), date(2026, 11, 30)),
       months=st.sampled_from([1, 2, 3, 6, 12, 24, 36]), notice=st.integers(0, 400))
def test_the_next_deadline_of_a_tacit_contract_is_the_first_not_passed(start, months, notice):
    row = state_of(states(contract("CT-001", start, months=months, notice=notice)), "CT-001")
    assert (row["prochaine_limite"], row["prochaine_echeance"]) == _expected_deadline(
        start, months, notice, AS_OF)
    assert row["jours_avant_limite"] >= 0


def test_express_and_fixed_contracts_have_one_period():
    frame = states(
        contract("CT-001", date(2024, 6, 1), months=24, renewal="expresse"),  # ended 31/05
        contract("CT-002", date(2025, 12, 20), months=12, renewal="expresse", notice=30),
        contract("CT-003", date(2024, 10, 1), months=48, renewal="aucune", notice=90),
    )
    ended, late, fixed = (state_of(frame, n) for n in ("CT-001", "CT-002", "CT-003"))

    assert (ended["etat"], ended["date_fin"], ended["en_vigueur"]) == (
        "échu", date(2026, 5, 31), False)
    assert ended["prochaine_limite"] is None
    # ends 19/12/2026, deadline 19/11/2026 passed 11 days ago: still running, overdue
    assert (late["prochaine_limite"], late["jours_avant_limite"], late["niveau_alerte"]) == (
        date(2026, 11, 19), -11, "dépassée")
    assert late["etat"] == "à renouveler" and late["reconduit_jusqu_au"] is None
    assert (fixed["date_fin"], fixed["etat"]) == (date(2028, 9, 30), "en cours")


def test_a_termination_ends_the_contract_on_its_day():
    frame = states(
        contract("CT-001", date(2021, 7, 1), date_resiliation=date(2026, 6, 30)),
        contract("CT-002", date(2021, 7, 1), date_resiliation=date(2027, 6, 30)),
        contract("CT-003", date(2027, 1, 1)),
    )
    past, coming, later = (state_of(frame, n) for n in ("CT-001", "CT-002", "CT-003"))

    assert (past["etat"], past["en_vigueur"], past["echeance"]) == (
        "résilié", False, date(2026, 6, 30))
    assert (coming["etat"], coming["en_vigueur"], coming["prochaine_limite"]) == (
        "résilié", True, None)
    assert (later["etat"], later["en_vigueur"], later["prochaine_limite"]) == (
        "à venir", False, date(2027, 12, 1))


def test_empty_cells_give_no_state():
    row = state_of(states({"numero_contrat": "CT-001"}), "CT-001")
    assert (row["etat"], row["en_vigueur"], row["prochaine_limite"]) == (None, False, None)


def test_the_renewal_calendar_is_sorted_by_deadline():
    frame = states(contract("CT-001", date(2026, 4, 1), notice=90),
                   contract("CT-002", date(2026, 2, 5), notice=60),
                   contract("CT-003", date(2021, 7, 1), date_resiliation=date(2026, 6, 30)))
    calendar = contracts.renewal_calendar(frame)
    assert calendar["numero_contrat"].to_list() == ["CT-002", "CT-001"]
    assert contracts.notices_due(frame)["numero_contrat"].to_list() == ["CT-002"]


def test_termination_dates_are_checked_against_period_ends():
    frame = table("contrats_services", [
        contract("CT-001", date(2021, 7, 1), date_resiliation=date(2026, 6, 30)),
        contract("CT-002", date(2021, 7, 1), date_resiliation=date(2026, 8, 15)),
        contract("CT-003", date(2024, 1, 31), months=1, date_resiliation=date(2024, 2, 28)),
    ]).frame
    periods = contracts.termination_periods(frame)
    assert periods["resiliation_a_echeance"].to_list() == [True, False, True]
    assert state_of(periods, "CT-002")["echeance_precedente"] == date(2026, 6, 30)
    assert state_of(periods, "CT-002")["echeance_suivante"] == date(2027, 6, 30)


# --- yearly cost -------------------------------------------------------------------------------

def test_a_revision_applies_from_its_date_prorated_by_day():
    """4 800 € a year until 31/03/2026 (90 days), then 4 944 € (+3 %) for 275 days:
    4 800 × 90 / 365 + 4 944 × 275 / 365 = 1 791 600 / 365 = 4 908,4931… → 4 908,49 €."""
    frame = states(contract("CT-002", date(2024, 4, 1), cout_annuel_ht="4800"))
    revisions = table("revisions_contrats", [
        {"numero_contrat": "CT-002", "date_effet": date(2026, 4, 1), "cout_annuel_ht": "4944"},
    ]).frame

    row = state_of(contracts.yearly_costs(frame, revisions, YEAR, AS_OF), "CT-002")

    assert row["cout_exercice"] == Decimal("4908.49")
    assert (row["cout_annuel_initial"], row["cout_annuel_actuel"]) == (Decimal("4800.00"),
                                                                        Decimal("4944.00"))
    assert (row["revisions"], row["jours_exercice"]) == (1, 365)


def test_a_contract_counts_only_the_days_it_runs_in_the_year():
    """Terminated on 30/06/2026: 1 150 × 181 / 365 = 570,2739… → 570,27 €; starting on
    01/12/2026: 1 200 × 31 / 365 = 101,9178… → 101,92 €; none before or after the year."""
    frame = states(
        contract("CT-014", date(2021, 7, 1), cout_annuel_ht="1150",
                 date_resiliation=date(2026, 6, 30)),
        contract("CT-015", date(2026, 12, 1)),
        contract("CT-016", date(2027, 1, 1)),
        contract("CT-017", date(2020, 1, 1), renewal="aucune", months=60),  # ended 2024
    )
    costs = contracts.yearly_costs(frame, None, YEAR, AS_OF)
    assert costs["cout_exercice"].to_list() == [Decimal("570.27"), Decimal("101.92"),
                                                Decimal("0.00"), Decimal("0.00")]
    assert costs["jours_exercice"].to_list() == [181, 31, 0, 0]


def test_two_revisions_in_the_year_and_one_before_the_start():
    """1 000 € from 1/1 (59 days), 1 100 € from 1/3 (153 days), 1 300 € from 1/8 (153 days):
    (59 000 + 168 300 + 198 900) / 365 = 426 200 / 365 = 1 167,6712… → 1 167,67 €."""
    frame = states(contract("CT-001", date(2025, 1, 1), cout_annuel_ht="1000"))
    revisions = table("revisions_contrats", [
        {"numero_contrat": "CT-001", "date_effet": date(2026, 8, 1), "cout_annuel_ht": "1300"},
        {"numero_contrat": "CT-001", "date_effet": date(2026, 3, 1), "cout_annuel_ht": "1100"},
    ]).frame
    assert state_of(contracts.yearly_costs(frame, revisions, YEAR, AS_OF),
                    "CT-001")["cout_exercice"] == Decimal("1167.67")


def test_a_leap_year_has_366_days():
    assert contracts.year_days(date(2028, 1, 1)) == 366
    assert contracts.year_days(date(2026, 1, 1)) == 365
    assert contracts.year_days(date(2027, 7, 1)) == 366  # holds 29/02/2028


@given(cost=st.decimals(min_value=0, max_value=10**6, places=2),
       split=st.integers(min_value=1, max_value=364))
def test_an_unchanged_tariff_over_a_whole_year_costs_exactly_the_annual_cost(cost, split):
    """A « revision » at the same cost on any day changes nothing: the year costs the
    annual cost to the cent."""
    day = YEAR[0] + timedelta(days=split)
    exact = contracts.prorated_cost(YEAR[0], YEAR[1], cost, [(day, cost)], 365)
    assert exact == cost


def test_the_fiscal_year_comes_from_the_organisation():
    organisation = table("organisation", [{"debut_exercice": date(2025, 7, 1),
                                            "fin_exercice": date(2026, 6, 30)}]).frame
    assert contracts.fiscal_year(organisation, date(2026, 3, 1)) == (date(2025, 7, 1),
                                                                     date(2026, 6, 30))
    assert contracts.fiscal_year(None, date(2026, 3, 1)) == YEAR


# --- revisions, redundancy, licences, coverage -----------------------------------------------

def test_a_revision_is_compared_with_the_cost_it_replaces():
    frame = table("contrats_services", [contract("CT-001", date(2022, 3, 15),
                                                 cout_annuel_ht="1440")]).frame
    revisions = table("revisions_contrats", [
        {"numero_contrat": "CT-001", "date_effet": date(2025, 3, 15), "cout_annuel_ht": "1512"},
        {"numero_contrat": "CT-001", "date_effet": date(2026, 3, 15), "cout_annuel_ht": "1701"},
    ]).frame

    revised = contracts.tariff_revisions(frame, revisions, Decimal(5))

    assert revised["cout_precedent"].to_list() == [Decimal("1440"), Decimal("1512")]
    # +5 % exactly is not above the threshold; 1 701 / 1 512 = +12,5 %
    assert revised["hausse_pct"].to_list() == [Decimal("5.0"), Decimal("12.5")]
    assert revised["au_dessus_seuil"].to_list() == [False, True]


def test_an_increase_just_above_the_threshold_is_caught_before_rounding():
    """+5,04 % shows as 5,0 % but is above 5 %."""
    frame = table("contrats_services", [contract("CT-001", date(2022, 1, 1),
                                                 cout_annuel_ht="1000")]).frame
    revisions = table("revisions_contrats", [
        {"numero_contrat": "CT-001", "date_effet": date(2026, 1, 1), "cout_annuel_ht": "1050.40"},
    ]).frame
    row = contracts.tariff_revisions(frame, revisions, Decimal(5)).row(0, named=True)
    assert (row["hausse_pct"], row["au_dessus_seuil"]) == (Decimal("5.0"), True)


def test_redundant_contracts_by_normalised_object_and_by_equipment():
    frame = states(
        contract("CT-008", date(2023, 9, 1), type="abonnement", objet="Stockage en ligne"),
        contract("CT-009", date(2025, 11, 1), type="abonnement", objet=" STOCKAGE  en-Ligne."),
        contract("CT-010", date(2025, 11, 1), type="abonnement", objet="Stockage en ligne",
                 date_resiliation=date(2026, 10, 31)),  # ended: not a duplicate
        contract("CT-011", date(2025, 1, 1), objet="Maintenance du copieur"),
        contract("CT-012", date(2025, 1, 1), objet="Maintenance informatique"),
        contract("CT-013", date(2025, 1, 1), type="location", objet="Location du copieur"),
    )
    coverage = table("couvertures_contrats", [
        {"numero_contrat": "CT-011", "code_equipement": "EQ-001"},
        {"numero_contrat": "CT-012", "code_equipement": "EQ-001"},
        {"numero_contrat": "CT-013", "code_equipement": "EQ-001"},  # another type
    ]).frame

    redundant = contracts.redundant_contracts(frame, coverage)

    assert redundant.select("numero_contrat", "motif_doublon", "avec", "code_equipement",
                            "ligne_couverture").rows() == [
        ("CT-008", "même objet", "CT-009", None, None),
        ("CT-009", "même objet", "CT-008", None, None),
        ("CT-011", "même équipement", "CT-012", "EQ-001", 2),
        ("CT-012", "même équipement", "CT-011", "EQ-001", 3),
    ]


def test_close_objects_of_the_same_type_and_provider_are_flagged():
    """« Stockage en ligne » and « Stockage en ligne : 4 comptes de plus » from the same
    provider share every main word of the shorter one; « Sauvegarde des postes » has none
    in common; « Maintenance du copieur » and « Maintenance informatique » share one word
    of two or three; the same object at another provider is not compared."""
    frame = states(
        contract("CT-008", date(2023, 9, 1), type="abonnement", objet="Stockage en ligne"),
        contract("CT-009", date(2025, 11, 1), type="abonnement",
                 objet="Stockage en ligne : 4 comptes de plus"),
        contract("CT-010", date(2025, 11, 1), type="abonnement",
                 objet="Sauvegarde des postes"),
        contract("CT-011", date(2025, 1, 1), objet="Maintenance du copieur"),
        contract("CT-012", date(2025, 1, 1), objet="Maintenance informatique des postes"),
        contract("CT-013", date(2025, 1, 1), type="abonnement", code_fournisseur="F0002",
                 objet="Stockage en ligne, comptes"),
        contract("CT-014", date(2025, 1, 1), type="abonnement", objet="Stockage en ligne bis",
                 date_resiliation=date(2026, 10, 31)),  # ended: not a duplicate
    )

    redundant = contracts.redundant_contracts(frame, None)

    assert redundant.select("numero_contrat", "motif_doublon", "avec", "mots_communs").rows(
    ) == [("CT-008", "objet proche", "CT-009", "ligne, stockage"),
          ("CT-009", "objet proche", "CT-008", "ligne, stockage")]


def test_the_summary_counts_passed_deadlines():
    """An express renewal due 19/12/2026 with 30 days' notice: the deadline 19/11/2026 has
    passed, and the key figures show it."""
    frame = states(contract("CT-002", date(2025, 12, 20), renewal="expresse", notice=30),
                   contract("CT-003", date(2026, 4, 1), notice=31))
    empty = contracts.redundant_contracts(frame, None)
    costs = contracts.yearly_costs(frame, None, YEAR, AS_OF)
    licences = contracts.licence_anomalies(frame, AS_OF)
    row = contracts.summary(frame, costs, empty, licences,
                            pl.DataFrame(schema={"code_equipement": pl.String}), None
                            ).row(0, named=True)
    assert (row["alertes_depassees"], row["alertes_7"], row["alertes_90"],
            row["a_renouveler"]) == (1, 0, 1, 2)


def test_licences_expired_in_use_and_over_used():
    frame = states(
        contract("CT-005", date(2024, 6, 1), months=24, renewal="expresse", type="licence",
                 en_usage=True, licences=2, utilisateurs=2),
        contract("CT-006", date(2025, 2, 1), type="licence", licences=12, utilisateurs=14,
                 en_usage=True),
        contract("CT-007", date(2024, 6, 1), months=24, renewal="expresse", type="licence",
                 en_usage=False),
    )
    found = contracts.licence_anomalies(frame, AS_OF)
    assert found.select("numero_contrat", "anomalie").rows() == [
        ("CT-005", "licence expirée encore utilisée"),
        ("CT-006", "plus d'utilisateurs que de licences"),
    ]


def test_equipment_needing_maintenance_without_a_running_contract():
    frame = states(
        contract("CT-001", date(2022, 1, 1)),
        contract("CT-014", date(2021, 7, 1), date_resiliation=date(2026, 6, 30)),
        contract("CT-020", date(2027, 1, 1)),  # not started: does not cover yet
    )
    equipment = table("equipements", [
        {"code_equipement": "EQ-001", "designation": "Copieur", "statut": "en service",
         "maintenance_requise": True},
        {"code_equipement": "EQ-009", "designation": "Banc d'essai", "statut": "en service",
         "maintenance_requise": True},
        {"code_equipement": "EQ-012", "designation": "Machine à café", "statut": "en service",
         "maintenance_requise": False},
        {"code_equipement": "EQ-015", "designation": "Vieux copieur", "statut": "hors service",
         "maintenance_requise": True},
    ]).frame
    coverage = table("couvertures_contrats", [
        {"numero_contrat": "CT-001", "code_equipement": "EQ-001"},
        {"numero_contrat": "CT-014", "code_equipement": "EQ-009"},
        {"numero_contrat": "CT-020", "code_equipement": "EQ-009"},
    ]).frame

    covered = contracts.equipment_coverage(equipment, coverage, frame, AS_OF)
    uncovered = contracts.uncovered_equipment(covered)

    assert uncovered.select("code_equipement", "dernier_contrat", "fin_dernier_contrat").rows(
    ) == [("EQ-009", "CT-014", date(2026, 6, 30))]
    assert covered["contrats_couvrants"].to_list() == ["CT-001", None, None, None]


# --- the figures -------------------------------------------------------------------------------

def _demo_like() -> dict:
    return {
        "organisation": [{"raison_sociale": "Essai", "debut_exercice": date(2026, 1, 1),
                          "fin_exercice": date(2026, 12, 31), "date_arrete": AS_OF}],
        "fournisseurs": [{"code_fournisseur": "F0010", "raison_sociale": "Bureau Plus"}],
        "contrats_services": [
            contract("CT-001", date(2022, 3, 15), notice=90, code_fournisseur="F0010",
                     objet="Maintenance du copieur", cout_annuel_ht="1440",
                     visible_personnel=True, contact_nom="Assistance",
                     contact_telephone="04 72 00 00 00", consignes="Appelez l'assistance."),
            contract("CT-002", date(2024, 1, 1), code_fournisseur="F0010",
                     objet="Assurance", type="assurance", cout_annuel_ht="3850"),
        ],
        "revisions_contrats": [{"numero_contrat": "CT-001", "date_effet": date(2026, 3, 15),
                                "cout_annuel_ht": "1620"}],
        "equipements": [{"code_equipement": "EQ-001", "designation": "Copieur",
                         "emplacement": "Accueil", "statut": "en service",
                         "maintenance_requise": True}],
        "couvertures_contrats": [{"numero_contrat": "CT-001", "code_equipement": "EQ-001"}],
    }


def test_every_contract_figure_is_computed():
    data = dataset(AS_OF, **_demo_like())
    figures, failures = compute_figures(Inputs(data, parameters()), CONTRACTS_SPECS)

    assert failures == {}
    assert set(figures) == {spec.name for spec in CONTRACTS_SPECS}
    summary = figures["contrats_synthese"].frame.row(0, named=True)
    # 1 440 × 73 / 365 + 1 620 × 292 / 365 = 288 + 1 296 = 1 584,00 € ; plus 3 850,00 €
    assert summary["cout_exercice_total"] == Decimal("5434.00")
    assert (summary["alertes_30"], summary["hausses"]) == (1, 1)
    assert figures["contrats_registre"].title_of("cout_exercice") == "Coût de l'exercice HT"
    assert "cout_exercice" in figures["contrats_couts"].money_columns


def test_the_staff_figure_has_no_amount():
    data = dataset(AS_OF, **_demo_like())
    figures, failures = compute_figures(Inputs(data, parameters()), CONTRACTS_STAFF_SPECS)

    contacts_frame = figures["contrats_contacts"].frame
    assert failures == {}
    assert contacts_frame.columns == list(contracts.STAFF_COLUMNS)
    assert not any(dtype.is_numeric() for dtype in contacts_frame.dtypes)
    assert contacts_frame.row(0, named=True)["fournisseur"] == "Bureau Plus"
    assert contacts_frame.row(0, named=True)["equipements"] == "Copieur (Accueil)"
    assert contacts_frame.height == 1  # only the contract marked for the staff
