"""3.1.2 Staff files: the staff register and the employment contracts.

Hazards: wrong information (a social security number, an IBAN, an email, a service, a
manager, contract dates, a fixed-term contract without its end or reason, a salary below
the minimum wage), an employee left without a contract, a departure, and the
confidentiality breach: a sensitive value must stay out of what the staff see. Medical
visits and lost documents are not in the foundation's records.

Demo rows: S004 Sarah Benali (row 5, born 17/08/1994), S011 Hugo Blanc (row 12, on a
fixed-term contract CT0012, row 13), S014 Mathieu Giraud (row 15, contract CT0015, row 16).
"""

from datetime import date

from .workbooks import one_row

STAFF = ("personnel.xlsx", "Salariés")
CONTRACTS = ("personnel.xlsx", "Contrats")


def edit(workbooks, sheet: tuple, key: str, **values) -> int:
    records = workbooks.sheet(*sheet)
    row = records.row_of(key)
    records.update(row, **values)
    return row


def test_a_wrong_social_security_number_is_blocking_and_masked(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : un NIR à la clé fausse est refusé,
    et le message n'en montre que le sexe, l'année et le mois."""
    wrong = "294086938798673"
    row = edit(workbooks, STAFF, "S004", nir=wrong)

    checked = workbooks.validate()

    finding = ("personnel.xlsx", "Salariés", f"F{row}", "nir-invalide")
    assert checked.new_findings == [finding]
    message = checked.issue(finding).message
    assert message == "le NIR « 2 94 08 … » est invalide (clé de contrôle)"
    assert wrong not in message


def test_a_birth_date_that_contradicts_the_social_security_number_is_reported(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : une date de naissance dont l'année
    ne correspond pas à celle que porte le NIR est signalée."""
    row = edit(workbooks, STAFF, "S004", date_naissance=date(1995, 8, 17))

    checked = workbooks.validate()

    assert checked.on_row(*STAFF, row), "date de naissance contredite par le NIR, sans anomalie"


def test_a_wrong_employee_iban_is_blocking_and_masked(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : l'IBAN d'un salarié à la clé fausse
    est refusé sans être recopié dans le message."""
    wrong = "FR7620041010072422145509914"
    row = edit(workbooks, STAFF, "S004", iban=wrong)

    checked = workbooks.validate()

    finding = ("personnel.xlsx", "Salariés", f"R{row}", "iban-invalide")
    assert checked.new_findings == [finding]
    assert wrong not in checked.issue(finding).message


def test_an_unknown_service_is_blocking(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : un salarié rattaché au service «
    MAG », qui n'existe pas, est refusé à son service."""
    row = edit(workbooks, STAFF, "S011", service="MAG")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("personnel.xlsx", "Salariés", f"M{row}", "reference-introuvable"),
    ]


def test_an_employee_cannot_be_their_own_manager(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : Hugo Blanc indiqué comme son propre
    responsable est refusé à la cellule du responsable."""
    row = edit(workbooks, STAFF, "S011", responsable="S011")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("personnel.xlsx", "Salariés", f"N{row}", "responsable-soi-meme"),
    ]


def test_a_fixed_term_contract_needs_its_end_and_its_reason(workbooks):
    """3.1.2 Dossiers du personnel — aléa contrat incomplet : un CDD sans terme ni motif est refusé
    à ces deux cellules."""
    row = edit(workbooks, CONTRACTS, "CT0012", date_fin=None, motif_cdd=None)

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("personnel.xlsx", "Contrats", f"E{row}", "cdd-sans-date-fin"),
        ("personnel.xlsx", "Contrats", f"F{row}", "cdd-sans-motif"),
    ]


def test_a_contract_ending_before_it_starts_is_blocking(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : l'ancien CDD de Sarah Benali saisi
    comme finissant avant son début est refusé à sa date de fin."""
    row = edit(workbooks, CONTRACTS, "CT0004", date_fin=date(2021, 9, 30))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("personnel.xlsx", "Contrats", f"E{row}", "contrat-fin-avant-debut"),
    ]


def test_an_employee_without_a_current_contract_is_a_warning(workbooks):
    """3.1.2 Dossiers du personnel — aléa document perdu : le contrat de Mathieu Giraud supprimé de
    la feuille, il reste présent sans contrat en cours, ce qu'un avertissement signale ; ses
    variables de paie, qu'aucun contrat ne couvre plus, sont bloquées mois par mois."""
    contracts = workbooks.sheet(*CONTRACTS)
    contracts.delete(contracts.row_of("CT0015"))
    row = workbooks.sheet(*STAFF).row_of("S014")
    months = workbooks.sheet("paie.xlsx", "Variables").rows_where(matricule="S014")

    checked = workbooks.validate()

    assert len(months) == 11  # January to November 2026
    payroll = [("paie.xlsx", "Variables", f"B{month}", "variables-paie-hors-contrat")
               for month in months]
    assert checked.new_findings_but_declarations == sorted(
        payroll + [("personnel.xlsx", "Salariés", f"A{row}", "salarie-sans-contrat")])
    blocking = [flat for flat in checked.blocking if flat[:2] != ("paie.xlsx", "Declarations")]
    assert blocking == sorted(payroll)  # the missing contract itself is a warning


def test_a_base_salary_below_the_minimum_wage_is_blocking(workbooks):
    """3.1.2 Dossiers du personnel — aléa information erronée : un salaire de base de 1 500 € pour
    35 h est sous le SMIC mensuel et refusé à sa cellule."""
    row = edit(workbooks, CONTRACTS, "CT0014", salaire_base_mensuel=1500)

    checked = workbooks.validate()

    finding = ("personnel.xlsx", "Contrats", f"I{row}", "salaire-inferieur-smic")
    # and each of the 11 payslips (January to November) is below the SMIC of its month
    payslips = [("personnel.xlsx", "Contrats", f"I{row}", "salaire-inferieur-smic-paie")] * 11
    assert checked.new_findings_but_declarations == sorted([finding, *payslips])
    message = checked.issue(finding).message
    assert message.endswith("le salaire de base est inférieur au SMIC de 1\u202f867,02\u00a0€ par "
                            "mois pour 35\u00a0h par semaine (au 30/11/2026)")
    assert "500" not in message  # the salary is sensitive: never in a finding


def test_the_apprentice_contract_is_not_held_to_the_minimum_wage(demo):
    """3.1.2 Dossiers du personnel — contrat d'apprentissage : la rémunération de l'apprenti, part
    du SMIC, n'est pas signalée comme inférieure au SMIC."""
    apprentice = one_row(demo.dataset.frame("contrats"), matricule="S009")
    assert apprentice["type_contrat"] == "apprentissage"
    assert [f for f in demo.findings if f[:2] == CONTRACTS] == []


def test_a_departure_leaves_the_register_of_present_staff(workbooks, demo):
    """3.1.2 Dossiers du personnel — départ : Hugo Blanc sorti le 27/11, ses pointages arrêtés ce
    jour-là, il quitte l'annuaire et la Logistique compte une personne de moins."""
    edit(workbooks, STAFF, "S011", date_sortie=date(2026, 11, 27))
    timesheets = workbooks.sheet("temps.xlsx", "Pointages")
    timesheets.delete(timesheets.row_of(matricule="S011", date=date(2026, 11, 30)))

    checked = workbooks.validate()

    assert checked.new_findings == []
    assert "S011" not in checked.staff_figure("annuaire")["matricule"].to_list()
    before = one_row(demo.staff_figure("effectifs_par_service"), service="LOG")["effectif"]
    after = one_row(checked.staff_figure("effectifs_par_service"), service="LOG")["effectif"]
    assert (before, after) == (2, 1)


def test_no_sensitive_column_or_value_reaches_the_staff_figures(workbooks):
    """3.1.2 Dossiers du personnel — aléa rupture de confidentialité : ni le NIR, ni l'IBAN, ni le
    salaire, ni l'adresse d'un salarié n'entrent dans les tableaux du site du personnel."""
    planted = {"nir": "196077399941754", "iban": "FR7630004008254682917350230",
               "adresse": "12 impasse Xochipilli"}
    edit(workbooks, STAFF, "S008", **planted)
    edit(workbooks, CONTRACTS, "CT0009", salaire_base_mensuel=3487.65)

    checked = workbooks.validate()

    assert checked.new_findings_but_declarations == []
    tables = checked.dataset.tables.values()
    sensitive = {name for table in tables for name in table.sensitive}
    assert {"nir", "iban", "adresse", "salaire_base_mensuel", "date_naissance"} <= sensitive
    assert one_row(checked.dataset.frame("salaries"), matricule="S008")["nir"] == planted["nir"]
    for name, figure in checked.computed.staff.items():
        read = {field for table in tables if table.source() in figure.sources
                for field in table.sensitive}
        assert name != "annuaire" or {"nir", "iban", "adresse"} <= read
        assert not set(figure.frame.columns) & read, name
        texts = {str(value) for column in figure.frame.columns
                 for value in figure.frame[column].drop_nulls()}
        assert not texts & {*planted.values(), "3487.650000", "3487.65"}, name
