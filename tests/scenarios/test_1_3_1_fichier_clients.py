"""1.3.1 Updating customer files: the customer file and its credit file.

Hazards: uncertain customer data (an invalid SIREN, a VAT number of another country or
with a wrong key, a lost leading zero in a postcode, a zone that contradicts the country,
a consent without its date, a code typed twice) and a customer over its credit limit.
Irrecoverable debts belong to the receivables module.

Demo rows: C0001 Boucherie Joly (row 2), C0002 Dauphiné Froid Service (row 3, limit
5 000 €, outstanding 1 222,85 €), C0003 Brasserie Girard in Bourg-en-Bresse, 01000 (row 4),
C0004 Brasserie Richard (row 5, already 2 650,40 € over its limit), C0005 Kühltechnik
Fischer in Germany (row 6), C0010 Lumière Janssens in Brussels, 1000 (row 11).
"""

from decimal import Decimal

from .workbooks import one_row

CUSTOMERS = ("clients.xlsx", "Clients")


def customer_row(workbooks, code: str) -> int:
    return workbooks.sheet(*CUSTOMERS).row_of(code)


def edit_customer(workbooks, code: str, **values) -> int:
    row = customer_row(workbooks, code)
    workbooks.sheet(*CUSTOMERS).update(row, **values)
    return row


def test_an_invalid_siren_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : un SIREN dont la clé de contrôle est fausse
    (139085873 au lieu de 139085872) est refusé à sa cellule."""
    row = edit_customer(workbooks, "C0001", siren="139085873")

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", f"D{row}", "siren-invalide")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == "le SIREN « 139085873 » est invalide (clé de contrôle)"


def test_a_siren_typed_as_a_number_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : un SIREN saisi comme un nombre n'est pas un
    code, et Excel pourrait lui ôter ses zéros de tête."""
    row = edit_customer(workbooks, "C0001", siren=139085872)

    checked = workbooks.validate()

    assert checked.new_findings == [("clients.xlsx", "Clients", f"D{row}", "type-invalide")]


def test_a_vat_number_of_another_country_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa numéro de TVA d'un autre pays : un client allemand avec un
    numéro de TVA belge est refusé au numéro de TVA."""
    row = edit_customer(workbooks, "C0005", numero_tva="BE0529322862")

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", f"E{row}", "tva-pays-incoherent")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "le numéro de TVA BE0529322862 est attribué par le pays BE, mais le pays indiqué est DE")


def test_a_vat_number_with_a_wrong_key_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : un numéro de TVA allemand au dernier
    chiffre erroné est refusé pour sa clé de contrôle ; les factures exonérées du client ne
    portent plus un numéro valide (bloquant)."""
    row = edit_customer(workbooks, "C0005", numero_tva="DE772937334")
    invoices = workbooks.sheet("ventes.xlsx", "Factures")
    exempt = [invoices.at(r, "code_client", "facture-tva-client-manquante")
              for r in invoices.rows_where(code_client="C0005", type="facture")]

    checked = workbooks.validate()

    assert exempt
    assert checked.new_findings == sorted(
        [("clients.xlsx", "Clients", f"E{row}", "tva-invalide"), *exempt])


def test_a_french_vat_number_must_carry_the_customers_siren(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : un numéro de TVA français valide mais copié
    d'une autre entreprise ne contient pas le SIREN du client."""
    row = edit_customer(workbooks, "C0001", numero_tva="FR44732829320")

    checked = workbooks.validate()

    blocking = [i for i in checked.at("clients.xlsx", "Clients", f"E{row}") if i.blocking]
    assert blocking, "numéro de TVA d'un autre SIREN accepté sans anomalie"


def test_an_eu_company_without_vat_number_is_a_warning(workbooks):
    """1.3.1 Fichier clients — aléa donnée manquante : une entreprise italienne sans numéro de TVA
    intracommunautaire ne peut pas être facturée hors taxes, ce qu'un avertissement signale ;
    ses factures déjà exonérées sont bloquantes."""
    row = edit_customer(workbooks, "C0016", numero_tva=None)
    invoices = workbooks.sheet("ventes.xlsx", "Factures")
    exempt = [invoices.at(r, "code_client", "facture-tva-client-manquante")
              for r in invoices.rows_where(code_client="C0016", type="facture")]

    checked = workbooks.validate()

    assert exempt
    assert checked.new_findings == sorted(
        [("clients.xlsx", "Clients", f"E{row}", "tva-intracommunautaire-manquante"), *exempt])
    assert checked.blocking == sorted(exempt)


def test_a_postcode_that_lost_its_leading_zero_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa zéro de tête perdu : le code postal 01000 de Bourg-en-Bresse
    saisi comme le nombre 1000 est refusé, en rappelant la valeur attendue."""
    row = edit_customer(workbooks, "C0003", code_postal=1000)

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", f"I{row}", "zero-de-tete-perdu")
    assert checked.new_findings == [finding]
    assert "(attendu 01000)" in checked.issue(finding).message


def test_a_four_digit_french_postcode_typed_as_text_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa zéro de tête perdu : un code postal français saisi en texte
    sans son zéro (« 1000 ») n'a pas cinq chiffres."""
    row = edit_customer(workbooks, "C0003", code_postal="1000")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("clients.xlsx", "Clients", f"I{row}", "code-postal-france-invalide"),
    ]


def test_a_foreign_four_digit_postcode_is_accepted(demo):
    """1.3.1 Fichier clients — donnée étrangère : le code postal belge 1000 (Bruxelles), saisi en
    texte, est juste et n'est pas signalé."""
    assert [f for f in demo.findings if f[:3] == ("clients.xlsx", "Clients", "I11")] == []


def test_a_foreign_postcode_typed_as_a_number_did_not_lose_a_zero(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : le code postal de Bruxelles saisi comme un
    nombre est à ressaisir en texte, sans y ajouter de zéro."""
    row = edit_customer(workbooks, "C0010", code_postal=1000)

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", f"I{row}", "type-invalide")
    assert checked.new_findings == [finding]
    assert "01000" not in checked.issue(finding).message


def test_a_zone_that_contradicts_the_country_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : un client suisse classé « UE » serait
    facturé avec le mauvais régime de TVA ; la zone est refusée."""
    row = edit_customer(workbooks, "C0014", zone="UE")

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", f"G{row}", "zone-incoherente")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "zone « UE » pour le pays CH : la zone attendue est « Hors UE »")


def test_a_consent_without_its_date_is_a_warning(workbooks):
    """1.3.1 Fichier clients — aléa RGPD : un consentement coché sans date ne peut pas être prouvé,
    ce qu'un avertissement signale à la cellule de la date."""
    row = edit_customer(workbooks, "C0001", consentement_rgpd="oui")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("clients.xlsx", "Clients", f"W{row}", "consentement-sans-date"),
    ]
    assert checked.blocking == []


def test_an_invalid_contact_email_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa donnée incertaine : une adresse de contact sans domaine complet
    est refusée."""
    row = edit_customer(workbooks, "C0001", contact_email="justine.mercier@boucherie-joly")

    checked = workbooks.validate()

    assert checked.new_findings == [("clients.xlsx", "Clients", f"T{row}", "type-invalide")]


def test_a_customer_code_typed_twice_is_blocking(workbooks):
    """1.3.1 Fichier clients — aléa historique client : deux fiches sous le même code client
    mêleraient leurs historiques ; la seconde est refusée."""
    row = edit_customer(workbooks, "C0040", code_client="C0039")

    checked = workbooks.validate()

    on_customers = [f for f in checked.new_findings if f[0] == "clients.xlsx"]
    assert on_customers == [
        ("clients.xlsx", "Clients", f"A{row}", "cle-primaire-en-double"),
        ("clients.xlsx", "Clients", f"A{row}", "valeur-en-double"),
    ]
    # C0040's sales records now point at a code that no longer exists: each is reported.
    elsewhere = [f for f in checked.new_findings if f[0] != "clients.xlsx"]
    assert {(f[0], f[3]) for f in elsewhere} <= {("ventes.xlsx", "reference-introuvable")}


def test_a_customer_over_its_credit_limit_is_a_warning_and_heads_the_credit_file(workbooks):
    """1.3.1 Fichier clients — aléa plafond de crédit dépassé : un encours saisi de
    5 000,01 € pour un plafond de 5 000 € est signalé ; comme le classeur des ventes est
    là, cet encours saisi est aussi signalé comme différent de ce que le client doit, et le
    suivi des encours garde l'encours calculé (7 948,31 €), où C0002 est au-delà de son
    plafond avec les autres clients qui doivent trop."""
    row = edit_customer(workbooks, "C0002", encours=5000.01)

    checked = workbooks.validate()

    finding = ("clients.xlsx", "Clients", f"Q{row}", "encours-depasse-plafond")
    differs = ("clients.xlsx", "Clients", f"Q{row}", "encours-saisi-different")
    assert checked.new_findings == [finding, differs]
    assert checked.blocking == []
    assert checked.issue(finding).message == (
        "encours de 5\u202f000,01\u00a0€ pour un plafond de 5\u202f000,00\u00a0€ "
        "(dépassement de 0,01\u00a0€)")
    exposure = checked.management_figure("encours_clients")
    over = exposure.filter(depassement=True).select("code_client", "disponible").rows()
    # limit − what is owed: C0021 3 000 − 6 707,75; C0002 5 000 − 7 948,31; C0004
    # 4 000 − 4 454,79; C0017 (a private customer, no credit) 0 − 194,50
    assert over == [("C0021", Decimal("-3707.75")), ("C0002", Decimal("-2948.31")),
                    ("C0004", Decimal("-454.79")), ("C0017", Decimal("-194.50"))]


def test_doubtful_and_blocked_customers_keep_their_status_in_the_credit_file(demo):
    """1.3.1 Fichier clients — dossier de crédit : le client douteux et le client bloqué de la démo
    figurent avec leur statut et leur marge restante dans le suivi des encours."""
    exposure = demo.management_figure("encours_clients")
    doubtful = one_row(exposure, code_client="C0007")
    blocked = one_row(exposure, code_client="C0013")
    # 10 000,00 − 427,68 (what C0007 owes) and 5 000,00 − 0 (C0013 owes nothing)
    assert (doubtful["statut"], doubtful["disponible"]) == ("douteux", Decimal("9572.32"))
    assert (blocked["statut"], blocked["disponible"]) == ("bloqué", Decimal(5000))
