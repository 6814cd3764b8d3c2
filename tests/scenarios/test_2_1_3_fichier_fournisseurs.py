"""2.1.3 Supplier files: master data, who supplies what, the supplier that is also a customer.

Hazards: a missing supplier file, uncertain data (bank details, VAT number, postcode,
zone), an anomaly in the supplier's catalogue (an item's VAT rate), and bank details that
must never be published. Price lists with quantity breaks are not in the foundation.

Demo rows: F0001 Froid Équipement Brun (row 2), F0002 Lumitec Roger (row 3), F0005
Fischer Kühltechnik in Germany (row 6), F0006 Dauphiné Froid Service (row 7), also the
customer C0002; F0015 Fixations Perez supplies ART-0052 to ART-0057 (rows 53 to 58).
"""

import polars as pl

from .workbooks import one_row

SUPPLIERS = ("fournisseurs.xlsx", "Fournisseurs")
ITEMS = ("stock.xlsx", "Articles")


def edit_supplier(workbooks, code: str, **values) -> int:
    suppliers = workbooks.sheet(*SUPPLIERS)
    row = suppliers.row_of(code)
    suppliers.update(row, **values)
    return row


def test_a_deleted_supplier_file_is_reported_on_each_of_its_items(workbooks):
    """2.1.3 Fichier fournisseurs — aléa fiche fournisseur manquante : la ligne de Fixations Perez
    supprimée, chacun des six articles qu'il fournit est signalé à son code fournisseur."""
    suppliers, items = workbooks.sheet(*SUPPLIERS), workbooks.sheet(*ITEMS)
    supplied = items.rows_where(code_fournisseur="F0015")
    suppliers.delete(suppliers.row_of("F0015"))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("stock.xlsx", "Articles", f"E{row}", "reference-introuvable") for row in supplied
    ]
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
