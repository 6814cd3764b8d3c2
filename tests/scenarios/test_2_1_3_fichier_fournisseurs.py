"""2.1.3 Supplier files: master data, who supplies what, the supplier that is also a customer.

Hazards: a missing supplier file, uncertain data (bank details, VAT number, postcode,
zone), an anomaly in the supplier's catalogue (an item's VAT rate), and bank details that
must never be published. The supplier file is complete when the identity, the address,
the bank details of a supplier paid by transfer and the certificates the organisation
requires (sheet AttestationsExigees) are there and valid; the price lists (Tarifs) have
quantity breaks and periods. The demo's F0003 has a Kbis older than 12 months, F0004 an
expired URSSAF vigilance certificate, F0014 neither IBAN nor bank details document.

Demo rows: F0001 Froid Équipement Brun (row 2), F0002 Lumitec Roger (row 3), F0005
Fischer Kühltechnik in Germany (row 6), F0006 Dauphiné Froid Service (row 7), also the
customer C0002; F0015 Fixations Perez supplies ART-0052 to ART-0057 (rows 53 to 58).
"""

from datetime import date

import polars as pl

from pipelines.publish.parties_pages import supplier_pages

from .workbooks import one_row

SUPPLIERS = ("fournisseurs.xlsx", "Fournisseurs")
ITEMS = ("stock.xlsx", "Articles")
CERTIFICATES = ("fournisseurs.xlsx", "Attestations")
PRICES = ("achats.xlsx", "Tarifs")
ORDERS = ("achats.xlsx", "CommandesAchat")
INVOICES = ("achats.xlsx", "FacturesFournisseurs")


def edit_supplier(workbooks, code: str, **values) -> int:
    suppliers = workbooks.sheet(*SUPPLIERS)
    row = suppliers.row_of(code)
    suppliers.update(row, **values)
    return row


def test_a_deleted_supplier_file_is_reported_on_each_of_its_items(workbooks):
    """2.1.3 Fichier fournisseurs — aléa fiche fournisseur manquante : la ligne de Fixations Perez
    supprimée, chacun des six articles qu'il fournit est signalé à son code fournisseur, comme
    chacune de ses commandes, factures, tarifs et attestations."""
    suppliers, items = workbooks.sheet(*SUPPLIERS), workbooks.sheet(*ITEMS)
    supplied = items.rows_where(code_fournisseur="F0015")
    orders = workbooks.sheet(*ORDERS).rows_where(code_fournisseur="F0015")
    suppliers.delete(suppliers.row_of("F0015"))

    checked = workbooks.validate()

    in_stock = [f for f in checked.new_findings if f[0] == "stock.xlsx"]
    assert in_stock == [
        ("stock.xlsx", "Articles", f"E{row}", "reference-introuvable") for row in supplied
    ]
    assert {f[3] for f in checked.new_findings if checked.issue(f).blocking} == {
        "reference-introuvable"}
    assert {(*ORDERS, f"C{row}", "reference-introuvable") for row in orders} <= set(
        checked.new_findings)
    assert orders
    assert len(supplied) == 6
    first = checked.issue(("stock.xlsx", "Articles", f"E{supplied[0]}", "reference-introuvable"))
    assert first.message == ("la valeur « F0015 » de code_fournisseur n'existe pas dans "
                             "fournisseurs.xlsx › Fournisseurs (code_fournisseur)")


def test_an_item_from_an_unknown_supplier_is_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa fiche fournisseur manquante : un article rattaché au code
    F0099, qui n'a pas de fiche, est refusé à son code fournisseur."""
    items = workbooks.sheet(*ITEMS)
    row = items.row_of("ART-0060")
    items.set(row, "code_fournisseur", "F0099")

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Articles", f"E{row}", "reference-introuvable")]


def test_an_iban_with_a_wrong_key_is_blocking_and_masked(workbooks):
    """2.1.3 Fichier fournisseurs — aléa coordonnées bancaires erronées : un IBAN à la clé fausse
    est refusé, et le message n'en montre que le début."""
    wrong = "FR7630003024501765612561786"
    row = edit_supplier(workbooks, "F0001", iban=wrong)

    checked = workbooks.validate()

    finding = ("fournisseurs.xlsx", "Fournisseurs", f"J{row}", "iban-invalide")
    assert checked.new_findings == [finding]
    message = checked.issue(finding).message
    assert message == "l'IBAN « FR76 … » est invalide (clé de contrôle)"
    assert wrong not in message


def test_a_bic_of_no_country_is_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa coordonnées bancaires erronées : un BIC dont le code pays
    n'existe pas est refusé."""
    row = edit_supplier(workbooks, "F0001", bic="SOGEXXPP")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("fournisseurs.xlsx", "Fournisseurs", f"K{row}", "bic-invalide"),
    ]


def test_a_supplier_vat_number_of_another_country_is_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : un fournisseur allemand avec un numéro
    de TVA autrichien est refusé au numéro de TVA."""
    row = edit_supplier(workbooks, "F0005", numero_tva="ATU33768410")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("fournisseurs.xlsx", "Fournisseurs", f"D{row}", "tva-pays-incoherent"),
    ]


def test_a_french_supplier_postcode_of_four_digits_is_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : le code postal 6940 d'un fournisseur
    français n'a pas cinq chiffres."""
    row = edit_supplier(workbooks, "F0002", code_postal="6940")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("fournisseurs.xlsx", "Fournisseurs", f"H{row}", "code-postal-france-invalide"),
    ]


def test_a_supplier_zone_that_contradicts_its_country_is_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : un fournisseur allemand classé « Hors
    UE » fausserait le traitement de la TVA de ses factures."""
    row = edit_supplier(workbooks, "F0005", zone="Hors UE")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("fournisseurs.xlsx", "Fournisseurs", f"F{row}", "zone-incoherente"),
    ]


def test_a_supplier_that_is_also_a_customer_links_an_existing_customer(workbooks, demo):
    """2.1.3 Fichier fournisseurs — fournisseur aussi client : Dauphiné Froid Service est lié au
    client C0002, et un lien vers un client inexistant est refusé."""
    linked = one_row(demo.management_figure("fournisseurs"), code_fournisseur="F0006")
    customer = one_row(demo.management_figure("clients"), code_client=linked["client_lie"])
    assert (linked["client_lie"], customer["siren"]) == ("C0002", linked["siren"])
    row = edit_supplier(workbooks, "F0006", client_lie="C0999")

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("fournisseurs.xlsx", "Fournisseurs", f"T{row}", "reference-introuvable"),
    ]


def test_an_item_vat_rate_not_in_force_is_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa anomalie de catalogue : un article au taux de TVA de 19,6
    %, abrogé, est refusé avec la liste des taux en vigueur."""
    items = workbooks.sheet(*ITEMS)
    row = items.row_of("ART-0060")
    items.set(row, "taux_tva", 19.6)

    checked = workbooks.validate()

    finding = ("stock.xlsx", "Articles", f"H{row}", "taux-tva-inconnu")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "taux de 19,6 % : les taux en vigueur au 30/11/2026 sont 20 %, 10 %, 5,5 %, 2,1 %")


def test_items_are_listed_under_their_supplier(demo):
    """2.1.3 Fichier fournisseurs — catalogue : les six articles de Fixations Perez sont listés
    sous son code, avec leur prix d'achat."""
    catalogue = demo.management_figure("articles_par_fournisseur").filter(code_fournisseur="F0015")
    assert catalogue["reference"].to_list() == [f"ART-{n:04d}" for n in range(52, 58)]
    assert catalogue["prix_achat_ht"].is_not_null().all()


def test_supplier_bank_details_are_never_in_the_figures(demo):
    """2.1.3 Fichier fournisseurs — confidentialité : l'IBAN des fournisseurs, donnée sensible, ne
    figure dans aucun tableau calculé, pas même ceux de la gestion. Seul figure l'IBAN de
    l'organisation elle-même, qu'elle imprime sur chacune de ses factures."""
    ibans = set(demo.dataset.frame("fournisseurs")["iban"].drop_nulls())
    assert len(ibans) == 14
    own = demo.dataset.frame("organisation")["iban"].to_list()
    assert len(own) == 1 and own[0] not in ibans
    for audience in (demo.computed.staff, demo.computed.management):
        for figure in audience.values():
            columns = list(figure.frame.columns)
            if figure.name == "organisation":
                assert figure.frame["iban"].to_list() == own
                columns.remove("iban")
            assert "iban" not in columns, figure.name
            texts = {value for column, dtype in figure.frame.schema.items() if dtype == pl.String
                     for value in figure.frame[column].drop_nulls()}
            assert not texts & ibans, figure.name


def test_an_order_and_an_invoice_of_a_supplier_without_file_are_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa fiche fournisseur manquante : une commande et une
    facture fournisseur au nom de F0099, qui n'a pas de fiche, sont refusées à leur code
    fournisseur."""
    orders, invoices = workbooks.sheet(*ORDERS), workbooks.sheet(*INVOICES)
    order_row = orders.rows_where(statut="reçue")[0]
    invoice_row = invoices.rows_where(type="facture")[0]
    orders.set(order_row, "code_fournisseur", "F0099")
    invoices.set(invoice_row, "code_fournisseur", "F0099")

    checked = workbooks.validate()

    order_finding = orders.at(order_row, "code_fournisseur", "reference-introuvable")
    invoice_finding = invoices.at(invoice_row, "code_fournisseur", "reference-introuvable")
    assert {order_finding, invoice_finding} <= set(checked.blocking)
    assert checked.issue(order_finding).message == (
        "la valeur « F0099 » de code_fournisseur n'existe pas dans "
        "fournisseurs.xlsx › Fournisseurs (code_fournisseur)")


def test_a_french_supplier_without_siren_is_a_warning(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : Lumitec Roger, établi en France,
    sans SIREN."""
    row = edit_supplier(workbooks, "F0002", siren=None)

    checked = workbooks.validate()

    finding = ("fournisseurs.xlsx", "Fournisseurs", f"C{row}", "fournisseur-siren-manquant")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == "Lumitec Roger, établi en France, n'a pas de SIREN"
    assert not checked.blocking


def test_an_eu_supplier_without_vat_number_is_a_warning(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : le fournisseur italien sans numéro
    de TVA intracommunautaire, nécessaire à l'autoliquidation de ses factures."""
    row = edit_supplier(workbooks, "F0007", numero_tva=None)

    checked = workbooks.validate()

    finding = ("fournisseurs.xlsx", "Fournisseurs", f"D{row}", "fournisseur-ue-sans-tva")
    assert finding in checked.new_findings
    assert checked.issue(finding).message == ("Ferrari Illuminazione S.r.l. (IT) n'a pas de "
                                              "numéro de TVA intracommunautaire")


def test_a_missing_city_and_a_missing_iban_are_reported_at_their_cell(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : la ville de Lumitec Roger effacée,
    l'IBAN de Froid Équipement Brun (réglé par virement) effacé ; le message ne cite aucune
    coordonnée bancaire."""
    city_row = edit_supplier(workbooks, "F0002", ville=None)
    iban_row = edit_supplier(workbooks, "F0001", iban=None)

    checked = workbooks.validate()

    city = ("fournisseurs.xlsx", "Fournisseurs", f"I{city_row}", "adresse-fournisseur-incomplete")
    iban = ("fournisseurs.xlsx", "Fournisseurs", f"J{iban_row}", "iban-fournisseur-manquant")
    assert sorted(checked.new_findings) == sorted([city, iban])
    assert checked.issue(city).message == "il manque la ville dans l'adresse de Lumitec Roger"
    assert checked.issue(iban).message == ("Froid Équipement Brun est réglé par virement mais "
                                           "son IBAN n'est pas renseigné")


def test_the_demo_certificates_out_of_date_are_warnings(demo):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : le Kbis de Pièces Froid Girard a
    plus de 12 mois, l'attestation de vigilance de Gaz & Fluides Perez (exigée des
    fournisseurs de fluides) a expiré, Wang Compressor n'a remis aucun RIB : trois
    avertissements, rien de bloquant."""
    kbis = (*CERTIFICATES, "C9", "attestation-fournisseur-expiree")
    urssaf = (*CERTIFICATES, "C13", "attestation-fournisseur-expiree")
    rib = (*SUPPLIERS, "A15", "attestation-fournisseur-manquante")
    assert {kbis, urssaf, rib} <= set(demo.findings)
    assert not demo.blocking
    assert demo.issue(kbis).message == (
        "le document « extrait Kbis » du 12/03/2025 de Pièces Froid Girard (validité de 12 "
        "mois) n'est plus valable depuis le 13/03/2026 : à renouveler (arrêté au 30/11/2026)")
    assert demo.issue(urssaf).message == (
        "le document « attestation de vigilance URSSAF » du 15/04/2026 de Gaz & Fluides Perez "
        "(validité de 6 mois) n'est plus valable depuis le 16/10/2026 : à renouveler (arrêté "
        "au 30/11/2026) ; obligation de vigilance : 6\u202f411,06\xa0€ HT d'achats sur douze "
        "mois, au moins 5\u202f000,00\xa0€ (C. trav. L8222-1, D8222-1, D8222-5)")
    assert demo.issue(rib).message == (
        "Wang Compressor Manufacturing Co., Ltd. n'a remis aucun document « relevé d'identité "
        "bancaire », exigé de ses fournisseurs par l'organisation")
    files = demo.management_figure("fournisseurs_dossiers")
    assert files.filter(pl.col("dossier") == "incomplet")["code_fournisseur"].to_list() == [
        "F0003", "F0004", "F0008", "F0014"]


def test_a_required_certificate_removed_is_reported_at_the_supplier(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : le Kbis de Froid Équipement Brun
    supprimé de la feuille Attestations, le document exigé de tous manque à sa fiche."""
    certificates = workbooks.sheet(*CERTIFICATES)
    certificates.delete(certificates.row_of("F0001", type_attestation="extrait Kbis"))
    supplier_row = workbooks.sheet(*SUPPLIERS).row_of("F0001")

    checked = workbooks.validate()

    finding = (*SUPPLIERS, f"A{supplier_row}", "attestation-fournisseur-manquante")
    assert finding in checked.new_findings
    assert "« extrait Kbis »" in checked.issue(finding).message
    assert not checked.blocking


def test_a_fresh_certificate_clears_the_warning(workbooks):
    """2.1.3 Fichier fournisseurs — aléa donnée incertaine : une nouvelle attestation de
    vigilance de Gaz & Fluides Perez, datée du 20/11/2026, remplace celle qui avait expiré."""
    certificates = workbooks.sheet(*CERTIFICATES)
    certificates.append({"code_fournisseur": "F0004",
                         "type_attestation": "attestation de vigilance URSSAF",
                         "date_document": date(2026, 11, 20),
                         "date_validite": date(2027, 5, 20)})

    checked = workbooks.validate()

    assert (*CERTIFICATES, "C13", "attestation-fournisseur-expiree") not in checked.findings
    assert checked.new_findings == []


def test_the_law_requires_a_vigilance_certificate_above_five_thousand_euros(workbooks, demo):
    """2.1.3 Fichier fournisseurs — aléa dossier incomplet : sans son attestation de vigilance,
    Froid Équipement Brun, à qui l'organisation a acheté bien plus de 5 000 € HT en douze
    mois, est signalé au titre de l'obligation de vigilance (C. trav. L8222-1, D8222-5),
    même si la feuille AttestationsExigees ne le demande pas pour sa catégorie."""
    bought = demo.management_figure("factures_fournisseurs").filter(
        (pl.col("code_fournisseur") == "F0001")
        & (pl.col("date_facture") > date(2025, 11, 30)))["total_ht_eur"].sum()
    certificates = workbooks.sheet(*CERTIFICATES)
    certificates.delete(certificates.row_of(
        "F0001", type_attestation="attestation de vigilance URSSAF"))
    supplier_row = workbooks.sheet(*SUPPLIERS).row_of("F0001")

    checked = workbooks.validate()

    finding = (*SUPPLIERS, f"A{supplier_row}", "attestation-fournisseur-manquante")
    assert [f for f in checked.new_findings if f[1] == "Fournisseurs"] == [finding]
    assert not checked.blocking
    assert bought > 5000
    amount = f"{bought:,.2f}".replace(",", "\u202f").replace(".", ",")
    assert checked.issue(finding).message == (
        "Froid Équipement Brun n'a remis aucun document « attestation de vigilance URSSAF », "
        f"exigé par la loi (obligation de vigilance : {amount}\xa0€ HT d'achats sur douze "
        "mois, au moins 5\u202f000,00\xa0€ (C. trav. L8222-1, D8222-1, D8222-5))")


def test_two_prices_valid_at_once_are_blocking(workbooks):
    """2.1.3 Fichier fournisseurs — aléa anomalie de catalogue : la première période du tarif de
    ART-0001 chez F0001 n'est plus fermée au 30/06/2026 : elle chevauche le tarif du
    01/07/2026, le prix d'une commande devient ambigu."""
    prices = workbooks.sheet(*PRICES)
    first, second = prices.rows_where(code_fournisseur="F0001", reference="ART-0001",
                                      quantite_minimale=1)
    prices.set(first, "date_fin", None)

    checked = workbooks.validate()

    finding = prices.at(second, "date_debut", "tarif-chevauchement")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).blocking
    assert checked.issue(finding).message == (
        f"le tarif de ART-0001 chez F0001 à partir de 1 (depuis le 01/07/2026) chevauche celui "
        f"de la ligne {first} (depuis le 01/01/2026)")


def test_a_price_list_of_an_item_the_supplier_does_not_supply(workbooks):
    """2.1.3 Fichier fournisseurs — aléa anomalie de catalogue : un tarif de F0002 pour
    ART-0001, que la feuille Articles attribue à F0001."""
    prices = workbooks.sheet(*PRICES)
    row = prices.append({"code_fournisseur": "F0002", "reference": "ART-0001",
                         "quantite_minimale": 1, "prix_unitaire_ht": 1900, "devise": "EUR",
                         "date_debut": date(2026, 9, 1)})

    checked = workbooks.validate()

    finding = prices.at(row, "reference", "tarif-article-autre-fournisseur")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == ("ART-0001 est fourni par F0001 selon la feuille "
                                              "Articles, pas par F0002")


def test_a_price_keyed_ten_times_too_high_is_a_warning(workbooks):
    """2.1.3 Fichier fournisseurs — aléa anomalie de catalogue : le prix en vigueur de ART-0001
    saisi 18 870 € au lieu de 1 887 € (virgule oubliée)."""
    prices = workbooks.sheet(*PRICES)
    _, current = prices.rows_where(code_fournisseur="F0001", reference="ART-0001",
                                   quantite_minimale=1)
    prices.set(current, "prix_unitaire_ht", 18870)

    checked = workbooks.validate()

    finding = prices.at(current, "prix_unitaire_ht", "tarif-ecart-prix-achat")
    assert finding in checked.new_findings
    assert not checked.issue(finding).blocking


def test_a_supplier_with_a_customer_siren_and_no_link_is_flagged(workbooks):
    """2.1.3 Fichier fournisseurs — fournisseur aussi client : Dauphiné Froid Service a le SIREN
    du client C0002 ; sans son code client lié, la compensation ne peut pas être vue."""
    row = edit_supplier(workbooks, "F0006", client_lie=None)

    checked = workbooks.validate()

    finding = (*SUPPLIERS, f"T{row}", "fournisseur-client-non-lie")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == ("Dauphiné Froid Service a le SIREN du client "
                                              "C0002 : indiquez C0002 comme client lié")


def _supplier_page(demo, code: str) -> str:
    figures = demo.computed.management
    pages = supplier_pages(figures["fournisseurs"], figures.get("articles_par_fournisseur"),
                           demo.computed.as_of, figures.get("clients"), figures)
    return next(p.body for p in pages if p.path == f"gestion/fournisseurs/{code.lower()}.md")


def test_the_supplier_page_shows_its_file_price_list_history_and_customer_link(demo):
    """2.1.3 Fichier fournisseurs — historique : la fiche de Gaz & Fluides Perez dit ce qui
    manque, ses documents, son tarif en vigueur par palier et ses achats de l'année ; celle de
    Dauphiné Froid Service renvoie à la fiche du client C0002 et signale la compensation
    possible ; aucune page ne montre d'IBAN."""
    perez = _supplier_page(demo, "F0004")
    assert "Dossier **incomplet**" in perez
    assert "attestation de vigilance URSSAF \\(plus valable depuis le 16/10/2026\\)" in perez
    assert "## Tarif en vigueur" in perez and "| 20 |" in perez and "5 %" in perez
    assert "## Achats 2026" in perez and "novembre 2026" in perez
    dauphine = _supplier_page(demo, "F0006")
    assert "[fiche client C0002](../clients/c0002.md)" in dauphine
    assert "compensation" in dauphine
    ibans = set(demo.dataset.frame("fournisseurs")["iban"].drop_nulls())
    for code in demo.dataset.frame("fournisseurs")["code_fournisseur"]:
        body = _supplier_page(demo, code)
        assert not any(iban in body or iban[:8] in body for iban in ibans), code
