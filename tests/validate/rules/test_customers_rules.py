"""Scenarios for the customers, prospects and suppliers rules."""

from pipelines.validate.rules import customers as rules

from .conftest import flat

CLIENTS = ("clients.xlsx", "Clients")
PROSPECTS = ("clients.xlsx", "Prospects")
SUPPLIERS = ("fournisseurs.xlsx", "Fournisseurs")


def client(number, **values):
    row = {"code_client": f"C{number:04d}", "raison_sociale": f"Client {number}",
           "type_client": "entreprise", "pays": "FR", "zone": "France",
           "statut": "actif", "code_postal": "69007"}
    return row | values


def supplier(number, **values):
    row = {"code_fournisseur": f"F{number:04d}", "raison_sociale": f"Fournisseur {number}",
           "pays": "FR", "zone": "France", "devise": "EUR", "statut": "actif"}
    return row | values


def prospect(number, **values):
    row = {"code_prospect": f"P{number:04d}", "raison_sociale": f"Prospect {number}",
           "pays": "FR", "zone": "France", "etape": "contacté"}
    return row | values


def test_outstanding_above_credit_limit_is_a_warning(table, dataset, params):
    data = dataset(table("clients", [
        client(1, plafond_credit=15000, encours="17650.40"),
        client(2, plafond_credit=15000, encours=15000),  # at the limit: fine
        client(3, plafond_credit=None, encours=900),  # no limit given: nothing to compare
        client(4, plafond_credit=0, encours="0.01"),
    ]))
    issues = rules.credit_limit(data, params)
    assert flat(issues) == [(*CLIENTS, "Q2", "encours-depasse-plafond"),
                            (*CLIENTS, "Q5", "encours-depasse-plafond")]
    assert not issues[0].blocking
    assert "17\u202f650,40\xa0€" in issues[0].message
    assert "2\u202f650,40\xa0€" in issues[0].message


def test_eu_company_without_vat_number(table, dataset, params):
    data = dataset(table("clients", [
        client(1, pays="ES", zone="UE"),
        client(2, pays="DE", zone="UE", numero_tva="DE283038836"),
        client(3, pays="IT", zone="UE", type_client="particulier"),  # private person: no VAT
        client(4, pays="CH", zone="Hors UE"),  # outside the EU
        client(5),  # French customer
    ]))
    issues = rules.eu_customer_vat_number(data, params)
    assert flat(issues) == [(*CLIENTS, "E2", "tva-intracommunautaire-manquante")]
    assert not issues[0].blocking


def test_vat_number_country_must_match(table, dataset, params):
    data = dataset(table("clients", [
        client(1, pays="BE", zone="UE", numero_tva="DE283038836"),
        client(2, pays="GR", zone="UE", numero_tva="EL094259216"),  # Greece uses EL
        client(3, numero_tva="FR40303265045"),
    ]), table("fournisseurs", [supplier(1, pays="IT", zone="UE", numero_tva="FR40303265045")]))
    assert flat(rules.customer_vat_country(data, params)) == [
        (*CLIENTS, "E2", "tva-pays-incoherent")]
    assert flat(rules.supplier_vat_country(data, params)) == [
        (*SUPPLIERS, "D2", "tva-pays-incoherent")]


def test_zone_follows_the_country(table, dataset, params):
    data = dataset(
        table("clients", [client(1, pays="DE", zone="Hors UE"), client(2, pays="CH", zone="UE"),
                          client(3, zone="UE"), client(4, pays="GB", zone="Hors UE"),
                          client(5, pays="AT", zone="UE")]),
        table("prospects", [prospect(1, pays="MA", zone="France"), prospect(2)]),
        table("fournisseurs", [supplier(1, pays="CN", zone="Hors UE"),
                               supplier(2, pays="ES", zone="France")]),
    )
    assert flat(rules.customer_zone(data, params)) == [
        (*CLIENTS, "G2", "zone-incoherente"), (*CLIENTS, "G3", "zone-incoherente"),
        (*CLIENTS, "G4", "zone-incoherente")]
    assert flat(rules.prospect_zone(data, params)) == [(*PROSPECTS, "D2", "zone-incoherente")]
    assert flat(rules.supplier_zone(data, params)) == [(*SUPPLIERS, "F3", "zone-incoherente")]


def test_french_postcodes_have_five_digits(table, dataset, params):
    data = dataset(table("clients", [
        client(1, code_postal="1000"),  # Bourg-en-Bresse typed as a number: zero lost
        client(2, code_postal="01000", code_postal_livraison="6900"),
        client(3, pays="BE", zone="UE", code_postal="1000"),  # Belgium: four digits
    ]), table("fournisseurs", [supplier(1, code_postal="75O11"), supplier(2, code_postal="75011")]))
    assert flat(rules.customer_postcodes(data, params)) == [
        (*CLIENTS, "I2", "code-postal-france-invalide"),
        (*CLIENTS, "L3", "code-postal-france-invalide")]
    assert flat(rules.supplier_postcodes(data, params)) == [
        (*SUPPLIERS, "H2", "code-postal-france-invalide")]


def test_consent_needs_a_date(table, dataset, params):
    data = dataset(table("clients", [
        client(1, consentement_rgpd=True),
        client(2, consentement_rgpd=True, date_consentement="2025-03-04"),
        client(3, consentement_rgpd=False),
        client(4),
    ]))
    issues = rules.dated_consent(data, params)
    assert flat(issues) == [(*CLIENTS, "W2", "consentement-sans-date")]
    assert not issues[0].blocking


def test_prospect_follow_up_overdue(table, dataset, params):
    data = dataset(table("prospects", [
        prospect(1, etape="proposition", date_relance="2026-11-16"),
        prospect(2, etape="perdu", date_relance="2026-10-01"),  # closed: no follow-up
        prospect(3, date_relance="2026-11-30"),  # due today: not late yet
        prospect(4, date_relance="2026-12-15"),
        prospect(5, date_relance=None),
    ]))
    issues = rules.prospect_follow_up(data, params)
    assert flat(issues) == [(*PROSPECTS, "L2", "relance-prospect-depassee")]
    assert "16/11/2026" in issues[0].message and "30/11/2026" in issues[0].message


def test_a_french_vat_number_carries_the_siren(table, dataset, params):
    data = dataset(table("clients", [
        client(1, siren="139085872", numero_tva="FR44732829320"),  # another company's number
        client(2, siren="139085872", numero_tva="FR03139085872"),
        client(3, siren="139085873", numero_tva="FR03139085872"),  # SIREN key wrong: its own issue
        client(4, siren="139085872", numero_tva="FR45732829320"),  # VAT key wrong: its own issue
        client(5, siren=None, numero_tva="FR44732829320"),  # nothing to compare
        client(6, siren="139085872", numero_tva=None),
        client(7, pays="BE", zone="UE", siren="139085872", numero_tva="BE0743079584"),
    ]), table("fournisseurs", [
        supplier(1, siren="436912307", numero_tva="FR33700350580"),
        supplier(2, siren="436912307", numero_tva="FR86436912307"),
    ]))
    issues = rules.customer_vat_siren(data, params)
    assert flat(issues) == [(*CLIENTS, "E2", "tva-siren-incoherent")]
    assert issues[0].blocking
    assert issues[0].message == (
        "le numéro de TVA FR44 732 829 320 ne correspond pas au SIREN 139 085 872")
    assert flat(rules.supplier_vat_siren(data, params)) == [
        (*SUPPLIERS, "D2", "tva-siren-incoherent")]


def test_an_open_prospect_needs_a_follow_up_date(table, dataset, params):
    data = dataset(table("prospects", [
        prospect(1, raison_sociale="Glacier des Terreaux", etape="intéressé", date_relance=None),
        prospect(2, etape="gagné", date_relance=None),  # closed: nobody to call back
        prospect(3, etape="perdu", date_relance=None),
        prospect(4, etape="contacté", date_relance="2027-01-16"),
        prospect(5, etape=None, date_relance=None),  # no stage: the schema reports it
        prospect(6, etape="identifié", date_relance=None),
    ]))
    issues = rules.prospect_follow_up_date(data, params)
    assert flat(issues) == [(*PROSPECTS, "L2", "relance-prospect-manquante"),
                            (*PROSPECTS, "L7", "relance-prospect-manquante")]
    assert not issues[0].blocking
    assert issues[0].message == ("Glacier des Terreaux (étape « intéressé ») n'a pas de date de "
                                 "relance : fixez la date de la prochaine relance")
