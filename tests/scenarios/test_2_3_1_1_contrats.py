"""2.3.1.1 Maintenance contracts, subscriptions and licences: the register, the renewal
calendar with its notice deadlines and alerts, the yearly cost with tariff revisions.

Hazards: a tariff increase, redundant contracts, an expired licence, an operation not
covered; and the renewal alerts at 90, 30 and 7 days.

Demo rows (moyens.xlsx, as of 30/11/2026, financial year 2026, threshold of increase 5 %):
Contrats rows 2 to 15 hold CT-001 to CT-014 — CT-001 copier maintenance (1 440 €, +12,5 % on
15/03/2026: RevisionsContrats row 2, notice deadline 14/12/2026), CT-002 IT maintenance
(4 800 €, indexed +3 % on 01/04/2026: row 3, deadline 31/12/2026), CT-005 accounting
licence and CT-013 insurance (échéance 31/12/2026), CT-006 office suite (12 licences, 14
users, deadline 01/01/2027), CT-007 lighting design licence (ended 31/05/2026, still in
use), CT-008 and CT-009 « Stockage en ligne » twice, CT-011 extinguishers (deadline
06/12/2026), CT-012 alarm monitoring (1 260 €), CT-014 test bench maintenance (terminated
on 30/06/2026). Equipements row n + 1 holds EQ-00n: EQ-009 (row 10), the test bench, is
covered by nothing; EQ-011 (row 12), the extinguishers, by CT-011 (Couvertures row 11).
"""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.contracts_specs import CONTRACTS_SPECS, CONTRACTS_STAFF_SPECS
from pipelines.compute.figures import Computed
from pipelines.compute.public import without_sensitive
from pipelines.compute.run import compute_figures
from pipelines.compute.specs import Inputs
from pipelines.law import parameters
from pipelines.markdown import md
from pipelines.publish.contracts_pages import contracts_files
from pipelines.publish.page import Page

from .published import site_text
from .workbooks import one_row

CONTRACTS = ("moyens.xlsx", "Contrats")
REVISIONS = ("moyens.xlsx", "RevisionsContrats")
COVERAGE = ("moyens.xlsx", "Couvertures")
EQUIPMENT = ("moyens.xlsx", "Equipements")
SEVERITIES = ("organisation.xlsx", "Gravites")
SETTINGS = ("organisation.xlsx", "Reglages")
NBSP, NNBSP = "\u00a0", "\u202f"


def figures(checked) -> dict[str, pl.DataFrame]:
    """The contract figures of the management site (only those: the others take longer)."""
    computed, failures = compute_figures(Inputs(checked.dataset, parameters()), CONTRACTS_SPECS)
    assert failures == {}
    return {name: figure.frame for name, figure in computed.items()}


def cost_of(checked_figures: dict, number: str) -> Decimal:
    return one_row(checked_figures["contrats_couts"], numero_contrat=number)["cout_exercice"]


def new_contract(number: str, start: date, **values) -> dict:
    return {"numero_contrat": number, "type": "maintenance", "objet": "Maintenance du banc",
            "code_fournisseur": "F0001", "date_debut": start, "duree_mois": 12,
            "reconduction": "tacite", "preavis_jours": 60, "cout_annuel_ht": 1200,
            "periodicite": "annuelle", "responsable": "S006", **values}


# --- tariff increase ---------------------------------------------------------------------------

def test_a_tariff_increase_above_the_threshold_is_flagged_and_costed_by_day(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa hausse de tarif : la télésurveillance
    passe de 1 260 € à 1 360,80 € par an au 01/07/2026 (+8 %, au-delà du seuil de 5 %) ;
    l'anomalie est à la cellule du nouveau coût, et le coût de l'exercice applique chaque
    tarif à ses jours : 1 260 × 181 / 365 + 1 360,80 × 184 / 365 = 478 447,20 / 365
    = 1 310,8142… → 1 310,81 €."""
    row = workbooks.sheet(*REVISIONS).append({
        "numero_contrat": "CT-012", "date_effet": date(2026, 7, 1), "cout_annuel_ht": 1360.80,
        "motif": "Hausse du prestataire"})

    checked = workbooks.validate()

    finding = (*REVISIONS, f"C{row}", "contrat-hausse-tarif")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        f"le coût annuel de CT-012 « Télésurveillance et maintenance de l'alarme » passe de "
        f"1{NNBSP}260,00{NBSP}€ à 1{NNBSP}360,80{NBSP}€ HT le 01/07/2026, soit +8 % "
        f"(seuil : 5 %)")
    computed = figures(checked)
    assert cost_of(computed, "CT-012") == Decimal("1310.81")
    revision = one_row(computed["contrats_revisions"], numero_contrat="CT-012")
    assert (revision["cout_precedent"], revision["hausse_pct"]) == (Decimal("1260"),
                                                                    Decimal("8.0"))
    # the demo's 31 668,95 €, with 1 310,81 € instead of 1 260,00 € for CT-012
    assert computed["contrats_synthese"]["cout_exercice_total"][0] == Decimal("31719.76")


def test_the_demo_costs_its_revisions_by_day_and_an_indexation_is_no_anomaly(demo):
    """2.3.1.1 Contrats, abonnements et licences — aléa hausse de tarif : l'indexation Syntec
    de CT-002 (+3 % au 01/04/2026) reste sous le seuil ; son coût de l'exercice est
    4 800 × 90 / 365 + 4 944 × 275 / 365 = 1 791 600 / 365 = 4 908,49 €, celui du copieur
    (+12,5 % au 15/03/2026, signalé) 1 440 × 73 / 365 + 1 620 × 292 / 365 = 1 584,00 €."""
    computed = figures(demo)

    assert (*REVISIONS, "C2", "contrat-hausse-tarif") in demo.findings
    assert (*REVISIONS, "C3", "contrat-hausse-tarif") not in demo.findings
    assert cost_of(computed, "CT-002") == Decimal("4908.49")
    assert cost_of(computed, "CT-001") == Decimal("1584.00")
    assert computed["contrats_revisions"]["au_dessus_seuil"].to_list() == [True, False]
    assert computed["contrats_synthese"]["cout_exercice_total"][0] == Decimal("31668.95")


def test_the_threshold_of_increase_is_the_organisation_s_setting(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa hausse de tarif : l'organisation porte
    son seuil à 15 % (feuille Reglages) ; la hausse de 12,5 % du copieur n'est plus signalée."""
    settings = workbooks.sheet(*SETTINGS)
    settings.set(settings.row_of("seuil_hausse_tarif_pct"), "valeur", 15)

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert (*REVISIONS, "C2", "contrat-hausse-tarif") not in checked.findings


# --- redundant contracts -----------------------------------------------------------------------

def test_the_redundant_storage_subscription_ends_when_one_is_terminated(workbooks, demo):
    """2.3.1.1 Contrats, abonnements et licences — aléa contrats redondants : deux abonnements
    « Stockage en ligne » en cours font doublon ; CT-009 résilié à son échéance du 31/10/2026,
    il n'y a plus de doublon, et CT-009 ne coûte plus que 384 × 304 / 365 = 319,82 €."""
    assert [f for f in demo.findings if f[3] == "contrat-doublon"] == [
        (*CONTRACTS, "C10", "contrat-doublon"), (*CONTRACTS, "C9", "contrat-doublon")]
    contracts = workbooks.sheet(*CONTRACTS)
    contracts.set(contracts.row_of("CT-009"), "date_resiliation", date(2026, 10, 31))

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert [f for f in checked.findings if f[3] == "contrat-doublon"] == []
    computed = figures(checked)
    assert computed["contrats_doublons"].height == 0
    assert cost_of(computed, "CT-009") == Decimal("319.82")
    assert one_row(computed["contrats_registre"], numero_contrat="CT-009")["etat"] == "résilié"


def test_an_equipment_covered_twice_by_the_same_kind_of_contract(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa contrats redondants : le copieur EQ-001,
    déjà sous le contrat de maintenance CT-001, est ajouté au contrat de maintenance
    informatique CT-002 ; les deux couvertures sont signalées."""
    row = workbooks.sheet(*COVERAGE).append({"numero_contrat": "CT-002",
                                             "code_equipement": "EQ-001"})

    checked = workbooks.validate()

    assert row == 14
    assert checked.new_findings == [(*COVERAGE, "B14", "contrat-doublon"),
                                    (*COVERAGE, "B2", "contrat-doublon")]
    assert checked.issue((*COVERAGE, "B2", "contrat-doublon")).message == (
        "EQ-001 est couvert par CT-001 et par CT-002, deux contrats de maintenance en cours : "
        "l'un des deux est de trop")


# --- expired licence ---------------------------------------------------------------------------

def test_the_expired_licence_still_in_use_is_a_warning_at_its_cell(demo):
    """2.3.1.1 Contrats, abonnements et licences — aléa licence expirée : la licence du
    logiciel d'étude d'éclairage a pris fin le 31/05/2026 (renouvellement exprès jamais fait)
    et le logiciel sert encore."""
    finding = (*CONTRACTS, "O8", "licence-expiree-en-usage")
    assert finding in demo.findings
    assert demo.issue(finding).message == (
        "la licence « Logiciel d'étude d'éclairage » a pris fin le 31/05/2026 et le logiciel "
        "est encore utilisé : renouvelez-la ou cessez de l'utiliser")
    assert not demo.issue(finding).blocking
    licences = figures(demo)["contrats_licences"]
    assert licences.select("numero_contrat", "anomalie").rows() == [
        ("CT-007", "licence expirée encore utilisée"),
        ("CT-006", "plus d'utilisateurs que de licences"),
    ]


def test_the_organisation_may_make_the_expired_licence_blocking(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa licence expirée : l'organisation rend
    l'anomalie bloquante dans sa feuille Gravites ; la licence expirée bloque la publication."""
    workbooks.sheet(*SEVERITIES).append({
        "code": "licence-expiree-en-usage", "gravite": "bloquant",
        "motif": "Aucun logiciel sans licence."})

    checked = workbooks.validate()

    assert checked.blocking == [(*CONTRACTS, "O8", "licence-expiree-en-usage")]


def test_a_licence_no_longer_used_is_no_anomaly(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa licence expirée : le logiciel n'est
    plus utilisé (« En usage » à non) ; il n'y a plus d'anomalie, et une licence de
    comptabilité résiliée au 31/12/2025 mais toujours utilisée en devient une."""
    contracts = workbooks.sheet(*CONTRACTS)
    contracts.set(contracts.row_of("CT-007"), "en_usage", "non")
    accounting = contracts.row_of("CT-005")
    contracts.set(accounting, "date_resiliation", date(2025, 12, 31))

    checked = workbooks.validate()

    assert (*CONTRACTS, "O8", "licence-expiree-en-usage") not in checked.findings
    finding = (*CONTRACTS, f"O{accounting}", "licence-expiree-en-usage")
    assert checked.new_findings == [finding]
    assert "a pris fin le 31/12/2025" in checked.issue(finding).message


# --- operation not covered ---------------------------------------------------------------------

def test_the_test_bench_is_covered_by_no_contract(demo):
    """2.3.1.1 Contrats, abonnements et licences — aléa opération non couverte : le banc
    d'essai frigorifique doit être entretenu, et son contrat CT-014 a été résilié au
    30/06/2026 ; une panne ne serait pas prise en charge."""
    finding = (*EQUIPMENT, "G10", "equipement-sans-contrat")
    assert [f for f in demo.findings if f[3] == "equipement-sans-contrat"] == [finding]
    assert demo.issue(finding).message == (
        "EQ-009 « Banc d'essai frigorifique » doit être entretenu et aucun contrat en vigueur "
        "ne le couvre : son dernier contrat, CT-014, a pris fin le 30/06/2026")
    coverage = figures(demo)["equipements_couverture"]
    assert coverage.filter(pl.col("requis") & ~pl.col("couvert"))["code_equipement"].to_list(
    ) == ["EQ-009"]


def test_a_new_contract_covers_the_bench_and_the_extinguishers_lose_theirs(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa opération non couverte : un contrat
    CT-015 couvre le banc d'essai depuis le 15/11/2026 (son coût de l'exercice :
    1 200 × 47 / 365 = 154,52 €) ; la ligne qui rattachait les extincteurs à CT-011 est
    supprimée : ce sont eux qui ne sont plus couverts."""
    contracts, coverage = workbooks.sheet(*CONTRACTS), workbooks.sheet(*COVERAGE)
    contracts.append(new_contract("CT-015", date(2026, 11, 15)))
    coverage.append({"numero_contrat": "CT-015", "code_equipement": "EQ-009"})
    coverage.delete(coverage.row_of("CT-011", code_equipement="EQ-011"))

    checked = workbooks.validate()

    assert [f for f in checked.findings if f[3] == "equipement-sans-contrat"] == [
        (*EQUIPMENT, "G12", "equipement-sans-contrat")]
    assert checked.new_findings == [(*EQUIPMENT, "G12", "equipement-sans-contrat")]
    assert cost_of(figures(checked), "CT-015") == Decimal("154.52")


# --- renewal alerts ----------------------------------------------------------------------------

def test_the_demo_renewal_calendar_and_its_alerts(demo):
    """2.3.1.1 Contrats, abonnements et licences — alertes de renouvellement : les extincteurs
    sont à résilier avant le 06/12/2026 (7 jours), le copieur avant le 14/12/2026 (30 jours),
    la maintenance informatique et la suite bureautique dans les 90 jours ; les deux
    premiers sont des avertissements qui disent la date et quoi faire."""
    calendar = figures(demo)["contrats_calendrier"]
    alerts = calendar.filter(pl.col("niveau_alerte").is_not_null())
    assert alerts.select("numero_contrat", "prochaine_limite", "jours_avant_limite",
                         "niveau_alerte").rows() == [
        ("CT-011", date(2026, 12, 6), 6, "7 jours"),
        ("CT-001", date(2026, 12, 14), 14, "30 jours"),
        ("CT-002", date(2026, 12, 31), 31, "90 jours"),
        ("CT-006", date(2027, 1, 1), 32, "90 jours"),
    ]
    assert calendar["prochaine_limite"].is_sorted()
    assert [f for f in demo.findings if f[3] == "contrat-preavis-proche"] == [
        (*CONTRACTS, "I12", "contrat-preavis-proche"), (*CONTRACTS, "I2", "contrat-preavis-proche")]
    assert demo.issue((*CONTRACTS, "I2", "contrat-preavis-proche")).message == (
        "date limite de préavis le 14/12/2026 (dans 14 jours) : pour arrêter le contrat "
        "« Maintenance du copieur multifonction », envoyez la résiliation avant cette date ; "
        "sinon il est reconduit jusqu'au 14/03/2028")


def test_alerts_at_exactly_7_30_and_90_days(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — alertes de renouvellement à 90, 30 et 7
    jours : les préavis changés, l'assurance (échéance 31/12/2026, préavis 24 jours) tombe à
    7 jours, la licence de comptabilité (préavis 1 jour) à 30 jours, la maintenance
    informatique (échéance 31/03/2027, préavis 31 jours) à 90 jours, le copieur (échéance
    14/03/2027, préavis 13 jours) à 91 jours : hors alerte. Seules les deux premières
    sont des avertissements."""
    contracts = workbooks.sheet(*CONTRACTS)
    for number, notice in (("CT-013", 24), ("CT-005", 1), ("CT-002", 31), ("CT-001", 13)):
        contracts.set(contracts.row_of(number), "preavis_jours", notice)

    checked = workbooks.validate()

    calendar = figures(checked)["contrats_calendrier"]
    levels = {row["numero_contrat"]: (row["prochaine_limite"], row["jours_avant_limite"],
                                      row["niveau_alerte"]) for row in calendar.to_dicts()}
    assert levels["CT-013"] == (date(2026, 12, 7), 7, "7 jours")
    assert levels["CT-005"] == (date(2026, 12, 30), 30, "30 jours")
    assert levels["CT-002"] == (date(2027, 2, 28), 90, "90 jours")
    assert levels["CT-001"] == (date(2027, 3, 1), 91, None)
    assert checked.new_findings == [(*CONTRACTS, "I14", "contrat-preavis-proche"),
                                    (*CONTRACTS, "I6", "contrat-preavis-proche")]
    assert (*CONTRACTS, "I2", "contrat-preavis-proche") not in checked.findings
    assert checked.issue((*CONTRACTS, "I14", "contrat-preavis-proche")).message == (
        "date limite de préavis le 07/12/2026 (dans 7 jours) : pour arrêter le contrat "
        "« Assurance multirisque des locaux et du matériel », envoyez la résiliation avant "
        "cette date ; sinon il est reconduit jusqu'au 31/12/2027")


# --- what the staff see ------------------------------------------------------------------------

def test_the_staff_know_whom_to_call_and_see_no_amount(demo):
    """2.3.1.1 Contrats, abonnements et licences — le personnel sait qui appeler pour le
    copieur (contact, téléphone, consignes), sans aucun montant des contrats."""
    computed, failures = compute_figures(
        Inputs(without_sensitive(demo.dataset), parameters()), CONTRACTS_STAFF_SPECS)
    contacts = computed["contrats_contacts"].frame

    assert failures == {}
    assert not any(dtype.is_numeric() for dtype in contacts.dtypes)
    assert not {"cout_annuel_ht", "cout_exercice", "cout_annuel_actuel"} & set(contacts.columns)
    copier = one_row(contacts, objet="Maintenance du copieur multifonction")
    assert copier["fournisseur"] == "Bureau Plus Dupont"
    assert copier["contact_telephone"] and copier["consignes"].startswith("Bourrage répété")
    # only contracts marked for the staff and in force: not the insurance, not CT-014
    assert "Assurance multirisque des locaux et du matériel" not in contacts["objet"].to_list()
    assert contacts.height == 7
    cells = " ".join(str(value) for row in contacts.rows() for value in row)
    for amount in ("1440", "1 440", "1620", "1 620", "4944", "10560", "10 560", "€"):
        assert amount not in cells


# what the staff figure may hold, written here and not read from the code: no cost, no amount
STAFF_ALLOWED = ("objet", "type", "fournisseur", "reference_contrat", "contact_nom",
                 "contact_telephone", "contact_email", "consignes", "equipements")
# the demo's contract amounts as the management pages write them (spaces made plain): the
# copier's initial and revised annual cost, the IT maintenance's, the vans', the yearly
# total, and the copier's and IT maintenance's cost of the year
DEMO_AMOUNTS = ("1 440,00", "1 620,00", "4 944,00", "10 560,00", "31 668,95", "1 584,00",
                "4 908,49")
DEMO_RAW_AMOUNTS = ("1440.00", "1620.00", "4944.00", "10560.00", "31668.95", "1584.00",
                    "4908.49")


def test_the_staff_figure_holds_only_the_allowed_columns(demo):
    """2.3.1.1 Contrats, abonnements et licences — confidentialité : la figure du personnel
    n'a que les colonnes autorisées (objet, prestataire, contact, consignes, équipements),
    aucune colonne de coût."""
    computed, failures = compute_figures(
        Inputs(without_sensitive(demo.dataset), parameters()), CONTRACTS_STAFF_SPECS)

    assert failures == {}
    assert [spec.name for spec in CONTRACTS_STAFF_SPECS] == ["contrats_contacts"]
    contacts = computed["contrats_contacts"]
    assert contacts.frame.columns == list(STAFF_ALLOWED)
    assert not any(contacts.is_money(column) for column in contacts.frame.columns)


def test_no_contract_amount_reaches_the_staff_site(published):
    """2.3.1.1 Contrats, abonnements et licences — confidentialité : les montants des contrats
    (coût annuel du copieur 1 440 € puis 1 620 €, total de l'exercice 31 668,95 €…) sont sur
    le site de gestion, et nulle part sur le site du personnel ni dans ses données."""
    staff, management = site_text(published.staff), site_text(published.management)
    assert "Maintenance du copieur multifonction" in staff  # the contacts page is there
    assert [amount for amount in DEMO_AMOUNTS if amount not in management] == []
    assert [amount for amount in DEMO_AMOUNTS if amount in staff] == []
    staff_data = "\n".join(path.read_text(encoding="utf-8") for path in
                            sorted((published.site_data / "personnel").rglob("*"))
                            if path.is_file() and path.suffix in {".csv", ".json"})
    management_data = (published.site_data / "gestion" / "contrats_couts.csv").read_text(
        encoding="utf-8")
    assert "Maintenance du copieur multifonction" in staff_data
    assert [amount for amount in DEMO_RAW_AMOUNTS[:2] if amount not in management_data] == []
    assert [amount for amount in DEMO_RAW_AMOUNTS if amount in staff_data] == []
    assert [amount for amount in DEMO_AMOUNTS if amount in staff_data] == []


# --- the pages ---------------------------------------------------------------------------------

def pages(checked) -> dict[str, str]:
    """The markdown of the contract pages of the management site, by path."""
    computed, failures = compute_figures(Inputs(checked.dataset, parameters()), CONTRACTS_SPECS)
    assert failures == {}
    built = contracts_files(Computed(management=computed, staff={}, failures={},
                                     as_of=checked.dataset.as_of), [])
    return {item.path: item.body for item in built if isinstance(item, Page)}


def row_of(body: str, number: str) -> str:
    return next(line for line in body.splitlines() if line.startswith(f"| {md(number)} "))


def test_a_monthly_contract_with_a_long_notice_stays_in_the_calendar(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — alertes de renouvellement : la flotte de
    mobiles devient mensuelle avec 120 jours de préavis ; pour l'arrêter il faut viser
    l'échéance du 31/03/2027, dont la date limite est le 01/12/2026 : alerte à 7 jours, et
    le contrat reste au calendrier (pas parmi les contrats résiliés ou échus)."""
    contracts = workbooks.sheet(*CONTRACTS)
    fleet = contracts.row_of("CT-004")
    contracts.update(fleet, duree_mois=1, preavis_jours=120)

    checked = workbooks.validate()

    assert checked.new_findings == [(*CONTRACTS, f"I{fleet}", "contrat-preavis-proche")]
    row = one_row(figures(checked)["contrats_calendrier"], numero_contrat="CT-004")
    assert (row["prochaine_limite"], row["prochaine_echeance"], row["niveau_alerte"],
            row["etat"]) == (date(2026, 12, 1), date(2027, 3, 31), "7 jours", "à renouveler")
    calendar = pages(checked)["gestion/contrats/echeances.md"]
    seven = calendar.split("## Dans les 7 jours")[1].split("## Dans les 30 jours")[0]
    assert md("CT-004") in seven
    assert md("CT-004") not in calendar.split("## Contrats résiliés ou échus")[1]


def test_the_register_pairs_each_deadline_with_its_echeance(demo):
    """2.3.1.1 Contrats, abonnements et licences — alertes de renouvellement : l'assurance a
    passé sa date limite du 01/11/2026 ; le registre donne la prochaine, 01/11/2027, à côté
    de l'échéance qu'elle vise, 31/12/2027, et non de celle de la période en cours."""
    body = pages(demo)["gestion/contrats/index.md"]

    assert "| Prochaine limite de préavis | Échéance visée |" in body
    insurance = row_of(body, "CT-013")
    assert "| 01/01/2026 – 31/12/2026 | 01/11/2027 | 31/12/2027 |" in insurance
    assert "| 14/12/2026 | 14/03/2027 |" in row_of(body, "CT-001")
    assert "aucune dépassée" in body


def test_a_missed_express_renewal_shows_in_the_key_figures(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — alertes de renouvellement : la licence
    d'étude d'éclairage court 30 mois, jusqu'au 30/11/2026 ; son renouvellement exprès
    devait être décidé le 31/10/2026 : la date limite est dépassée, les chiffres clés et le
    calendrier le disent."""
    contracts = workbooks.sheet(*CONTRACTS)
    licence = contracts.row_of("CT-007")
    contracts.set(licence, "duree_mois", 30)

    checked = workbooks.validate()

    finding = (*CONTRACTS, f"I{licence}", "contrat-preavis-proche")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "date limite de préavis du 31/10/2026 dépassée de 30 jours : le contrat « Logiciel "
        "d'étude d'éclairage » s'arrête le 30/11/2026 ; renouvelez-le ou prévoyez la suite")
    assert figures(checked)["contrats_synthese"]["alertes_depassees"][0] == 1
    built = pages(checked)
    assert "dates limites de préavis : **1 dépassée**, 1 dans les 7 jours" in built[
        "gestion/contrats/index.md"]
    overdue = built["gestion/contrats/echeances.md"].split("## Date limite dépassée")[1].split(
        "## Dans les 7 jours")[0]
    assert md("CT-007") in overdue and "La date limite est passée" in overdue


def test_the_pages_speak_of_one_contract_and_advise_by_band(demo):
    """2.3.1.1 Contrats, abonnements et licences — rédaction : une ligne de contrat porte un
    type au singulier ; chaque horizon d'alerte a son conseil."""
    built = pages(demo)
    costs, calendar = built["gestion/contrats/couts.md"], built["gestion/contrats/echeances.md"]

    assert "| Abonnement |" in row_of(costs, "CT-003")
    assert "| Location |" in row_of(costs, "CT-010")
    assert "Abonnements" not in costs and "Locations" not in costs
    advice = [calendar.split(f"## {title}")[1].split("\n\n")[1].strip()
              for title in ("Dans les 7 jours", "Dans les 30 jours", "Dans les 90 jours")]
    assert advice[0].startswith("!!! danger \"1 contrat\"")
    assert len({text.split("\n")[-1] for text in advice}) == 3


def test_the_anomalies_page_says_the_limits_of_the_redundancy_check(demo):
    """2.3.1.1 Contrats, abonnements et licences — aléa contrats redondants : la page des
    anomalies dit ce que la détection des doublons ne voit pas."""
    body = pages(demo)["gestion/contrats/anomalies.md"]
    assert "Limites de la détection" in body
    assert "ni le même service pris chez deux prestataires" in body


def test_two_close_subscriptions_at_the_same_provider_are_flagged(workbooks):
    """2.3.1.1 Contrats, abonnements et licences — aléa contrats redondants : un abonnement
    « Stockage en ligne : comptes supplémentaires » est pris chez le prestataire du stockage
    en ligne ; ce n'est pas le même objet, mais il est proche : les trois abonnements sont
    signalés."""
    contracts = workbooks.sheet(*CONTRACTS)
    provider = contracts.get(contracts.row_of("CT-008"), "code_fournisseur")
    row = contracts.append(new_contract(
        "CT-015", date(2026, 6, 1), type="abonnement",
        objet="Stockage en ligne : comptes supplémentaires", code_fournisseur=provider))

    checked = workbooks.validate()

    assert checked.new_findings == [(*CONTRACTS, f"C{row}", "contrat-doublon")]
    assert checked.issue((*CONTRACTS, f"C{row}", "contrat-doublon")).message == (
        "CT-015 « Stockage en ligne : comptes supplémentaires » ressemble à CT-008, CT-009, "
        "en cours chez le même prestataire pour un objet proche (mots communs : ligne, "
        "stockage) : vérifiez qu'ils ne font pas doublon")
