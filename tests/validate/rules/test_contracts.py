"""The business rules of the contracts (pipelines/validate/rules/contracts.py): cells,
severities and French messages."""

from pipelines.dataset import Dataset
from pipelines.issues import Severity
from pipelines.validate.rules import contracts as rules
from pipelines.validate.rules import run_rules

from .conftest import flat


def contract(number: str, start: str, months: int = 12, renewal: str = "tacite",
             notice: int = 30, **fields) -> dict:
    return {"numero_contrat": number, "type": "maintenance", "objet": f"Objet {number}",
            "code_fournisseur": "F0001", "date_debut": start, "duree_mois": months,
            "reconduction": renewal, "preavis_jours": notice, "cout_annuel_ht": 1200, **fields}


def test_a_close_notice_deadline_says_the_date_and_what_to_do(table, dataset, params):
    data = dataset(table("contrats_services", [
        contract("CT-001", "2022-03-15", notice=90, objet="Maintenance du copieur"),
        contract("CT-002", "2025-12-20", renewal="expresse", objet="Logiciel"),
        contract("CT-003", "2026-01-01", renewal="aucune", notice=1, objet="Location"),
        contract("CT-004", "2026-04-01", notice=90),  # 31 days: in the calendar, no warning
    ]))

    issues = rules.contract_notice_deadlines(data, params)

    assert flat(issues) == [("moyens.xlsx", "Contrats", f"I{row}", "contrat-preavis-proche")
                            for row in (2, 3, 4)]
    assert [i.message for i in sorted(issues, key=lambda i: i.source.row)] == [
        "date limite de préavis le 14/12/2026 (dans 14 jours) : pour arrêter le contrat "
        "« Maintenance du copieur », envoyez la résiliation avant cette date ; sinon il est "
        "reconduit jusqu'au 14/03/2028",
        "date limite de préavis du 19/11/2026 dépassée de 11 jours : le contrat « Logiciel » "
        "s'arrête le 19/12/2026 ; renouvelez-le ou prévoyez la suite",
        "date limite de préavis le 30/12/2026 (dans 30 jours) : le contrat « Location » "
        "s'arrête le 31/12/2026 sans reconduction ; prévoyez la suite",
    ]
    assert all(issue.severity is Severity.AVERTISSEMENT for issue in issues)


def test_redundant_contracts_are_reported_on_each(table, dataset, params):
    data = dataset(
        table("contrats_services", [
            contract("CT-008", "2023-09-01", type="abonnement", objet="Stockage en ligne"),
            contract("CT-009", "2025-11-01", type="abonnement", objet="stockage en ligne"),
            contract("CT-010", "2025-01-01", objet="Maintenance du copieur"),
            contract("CT-011", "2025-01-01", objet="Maintenance informatique"),
        ]),
        table("couvertures_contrats", [
            {"numero_contrat": "CT-010", "code_equipement": "EQ-001"},
            {"numero_contrat": "CT-011", "code_equipement": "EQ-001"},
        ]),
    )

    issues = rules.contract_redundancy(data, params)

    assert flat(issues) == [
        ("moyens.xlsx", "Contrats", "C2", "contrat-doublon"),
        ("moyens.xlsx", "Contrats", "C3", "contrat-doublon"),
        ("moyens.xlsx", "Couvertures", "B2", "contrat-doublon"),
        ("moyens.xlsx", "Couvertures", "B3", "contrat-doublon"),
    ]
    messages = sorted(i.message for i in issues)
    assert messages[0] == ("CT-008 « Stockage en ligne » fait doublon avec CT-009, en cours "
                           "pour le même objet : gardez-en un et résiliez l'autre")
    assert messages[2] == ("EQ-001 est couvert par CT-010 et par CT-011, deux contrats de "
                           "maintenance en cours : l'un des deux est de trop")


def test_close_objects_at_the_same_provider_are_reported_on_each(table, dataset, params):
    data = dataset(table("contrats_services", [
        contract("CT-008", "2023-09-01", type="abonnement", objet="Stockage en ligne"),
        contract("CT-009", "2025-11-01", type="abonnement",
                 objet="Stockage en ligne (4 comptes de plus)"),
        contract("CT-010", "2025-01-01", type="abonnement", objet="Téléphonie mobile"),
    ]))

    issues = rules.contract_redundancy(data, params)

    assert flat(issues) == [("moyens.xlsx", "Contrats", "C2", "contrat-doublon"),
                            ("moyens.xlsx", "Contrats", "C3", "contrat-doublon")]
    assert sorted(i.message for i in issues)[0] == (
        "CT-008 « Stockage en ligne » ressemble à CT-009, en cours chez le même prestataire "
        "pour un objet proche (mots communs : ligne, stockage) : vérifiez qu'ils ne font pas "
        "doublon")


def test_licences_expired_in_use_and_exceeded(table, dataset, params):
    data = dataset(table("contrats_services", [
        contract("CT-007", "2024-06-01", months=24, renewal="expresse", type="licence",
                 objet="Logiciel d'étude", en_usage=True),
        contract("CT-006", "2025-02-01", type="licence", objet="Suite bureautique",
                 licences=12, utilisateurs=14, en_usage=True),
    ]))

    issues = rules.contract_licences(data, params)

    assert flat(issues) == [("moyens.xlsx", "Contrats", "N3", "licences-depassees"),
                            ("moyens.xlsx", "Contrats", "O2", "licence-expiree-en-usage")]
    assert [i.message for i in issues] == [
        "la licence « Logiciel d'étude » a pris fin le 31/05/2026 et le logiciel est encore "
        "utilisé : renouvelez-la ou cessez de l'utiliser",
        "14 utilisateurs pour 12 licences (« Suite bureautique ») : il manque 2 licences",
    ]
    assert rules.EXPIRED_LICENCE.adjustable and not rules.LICENCES_EXCEEDED.adjustable


def test_equipment_not_covered_names_its_last_contract(table, dataset, params):
    data = dataset(
        table("contrats_services", [contract("CT-014", "2021-07-01",
                                             date_resiliation="2026-06-30")]),
        table("equipements", [
            {"code_equipement": "EQ-009", "designation": "Banc d'essai frigorifique",
             "statut": "en service", "maintenance_requise": True},
            {"code_equipement": "EQ-011", "designation": "Extincteurs", "statut": "en service",
             "maintenance_requise": True},
        ]),
        table("couvertures_contrats", [{"numero_contrat": "CT-014",
                                        "code_equipement": "EQ-009"}]),
    )

    issues = rules.contract_equipment_covered(data, params)

    assert flat(issues) == [("moyens.xlsx", "Equipements", "G2", "equipement-sans-contrat"),
                            ("moyens.xlsx", "Equipements", "G3", "equipement-sans-contrat")]
    assert [i.message for i in issues] == [
        "EQ-009 « Banc d'essai frigorifique » doit être entretenu et aucun contrat en vigueur "
        "ne le couvre : son dernier contrat, CT-014, a pris fin le 30/06/2026",
        "EQ-011 « Extincteurs » doit être entretenu et aucun contrat en vigueur ne le couvre",
    ]


def test_an_increase_above_the_threshold_and_a_revision_before_the_start(table, dataset,
                                                                       params):
    data = dataset(
        table("contrats_services", [
            contract("CT-001", "2022-03-15", objet="Maintenance du copieur",
                     cout_annuel_ht=1440),
            contract("CT-002", "2024-04-01", cout_annuel_ht=4800),
        ]),
        table("revisions_contrats", [
            {"numero_contrat": "CT-001", "date_effet": "2026-03-15", "cout_annuel_ht": 1620},
            {"numero_contrat": "CT-002", "date_effet": "2024-03-01", "cout_annuel_ht": 4944},
        ]),
    )

    issues = rules.contract_tariff_revisions(data, params)

    assert flat(issues) == [
        ("moyens.xlsx", "RevisionsContrats", "B3", "revision-avant-debut-contrat"),
        ("moyens.xlsx", "RevisionsContrats", "C2", "contrat-hausse-tarif"),
    ]
    by_code = {i.code: i for i in issues}
    assert by_code["contrat-hausse-tarif"].message == (
        "le coût annuel de CT-001 « Maintenance du copieur » passe de 1\u202f440,00\u00a0€ à "
        "1\u202f620,00\u00a0€ HT le 15/03/2026, soit +12,5 % (seuil : 5 %)")
    assert by_code["revision-avant-debut-contrat"].blocking
    assert by_code["revision-avant-debut-contrat"].message == (
        "la révision du 01/03/2024 précède le début de CT-002, le 01/04/2024")


def test_the_threshold_is_the_organisation_s(table, dataset, params):
    data = dataset(
        table("contrats_services", [contract("CT-001", "2022-03-15", cout_annuel_ht=1440)]),
        table("revisions_contrats", [{"numero_contrat": "CT-001", "date_effet": "2026-03-15",
                                      "cout_annuel_ht": 1620}]),
        table("reglages", [{"parametre": "seuil_hausse_tarif_pct", "valeur": 15}]),
    )
    assert rules.contract_tariff_revisions(data, params) == []


def test_a_termination_off_a_period_end(table, dataset, params):
    data = dataset(table("contrats_services", [
        contract("CT-001", "2021-07-01", date_resiliation="2026-06-30"),
        contract("CT-002", "2021-07-01", date_resiliation="2026-08-15"),
        contract("CT-003", "2021-07-01", date_resiliation="2021-06-01"),
    ]))

    issues = rules.contract_termination_on_period_end(data, params)

    assert flat(issues) == [("moyens.xlsx", "Contrats", "J3", "resiliation-hors-echeance"),
                            ("moyens.xlsx", "Contrats", "J4", "resiliation-hors-echeance")]
    assert [i.message for i in issues] == [
        "résilié au 15/08/2026, qui n'est pas la fin d'une période de 12 mois : les échéances "
        "les plus proches sont le 30/06/2026 ou le 30/06/2027",
        "résilié au 01/06/2021, avant même son début (le 01/07/2021)",
    ]


def test_without_an_as_of_date_the_dated_rules_are_skipped(table, params):
    contracts_table = table("contrats_services", [
        contract("CT-001", "2026-01-01", notice=1),
        contract("CT-002", "2021-07-01", date_resiliation="2026-08-15"),
    ])
    issues = run_rules(Dataset({"contrats_services": contracts_table}, None), params)
    assert [i.code for i in issues] == ["resiliation-hors-echeance"]
