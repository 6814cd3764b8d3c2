"""The SEPA credit transfer file pain.001.001.09: its content written by hand, its XSD
validity, its determinism, and the payments left out."""

from datetime import date
from decimal import Decimal

from compute.records import dataset
from lxml import etree

from pipelines.documents.sepa import NAMESPACE, transfer_file, xsd_errors

AS_OF = date(2026, 11, 30)
ORG_IBAN = "FR7630003024507968748929696"
F1_IBAN = "FR7630004008257535208934784"
F2_IBAN = "DE55100700008991469539"
NS = {"p": NAMESPACE}


def records(**changes):
    suppliers = [
        {"code_fournisseur": "F0001", "raison_sociale": "Lumitec Roger", "pays": "FR",
         "zone": "France", "devise": "EUR", "statut": "actif", "iban": F1_IBAN,
         "bic": "BNPAFRPP"},
        {"code_fournisseur": "F0002", "raison_sociale": "Fischer Kühltechnik GmbH",
         "pays": "DE", "zone": "UE", "devise": "EUR", "statut": "actif", "iban": F2_IBAN,
         "bic": "DEUTDEBBXXX"},
    ]
    payments = [
        {"numero_reglement": "PF-2026-00001", "code_fournisseur": "F0001",
         "date_reglement": date(2026, 12, 2), "mode": "virement", "montant": "231.34",
         "devise": "EUR", "statut": "à payer", "virement_sepa": True,
         "reference": "Facture INV2172"},
        {"numero_reglement": "PF-2026-00002", "code_fournisseur": "F0002",
         "date_reglement": date(2026, 11, 28), "mode": "virement", "montant": "8364",
         "devise": "EUR", "statut": "à payer", "virement_sepa": True,
         "reference": "Facture INV1524"},
        {"numero_reglement": "PF-2026-00003", "code_fournisseur": "F0001",
         "date_reglement": date(2026, 12, 2), "mode": "virement", "montant": "99",
         "devise": "EUR", "statut": "à payer", "virement_sepa": None},
    ]
    for number, values in changes.items():
        for row in payments + suppliers:
            if number in (row.get("numero_reglement"), row["code_fournisseur"]) and (
                    number.startswith("PF") == ("numero_reglement" in row)):
                row.update(values)
    # each payment settles one invoice of its amount: 192.78, 6970.00, 82.50 € HT + 20 %
    invoices = [{"numero_piece": f"FF-2026-0000{i}", "type": "facture",
                 "code_fournisseur": code, "date_facture": date(2026, 11, 2),
                 "date_echeance": date(2026, 12, 2), "cas_tva": "France", "devise": "EUR",
                 "statut": "bon à payer"}
                for i, code in enumerate(("F0001", "F0002", "F0001"), 1)]
    lines = [{"numero_piece": f"FF-2026-0000{i}", "ligne": 1, "quantite": "1",
              "prix_unitaire_ht": price, "taux_tva": "20"}
             for i, price in enumerate(("192.78", "6970", "82.5"), 1)]
    allocations = [{"numero_reglement": f"PF-2026-0000{i}", "numero_piece": f"FF-2026-0000{i}",
                    "montant": amount} for i, amount in enumerate(("231.34", "8364", "99"), 1)]
    for number, values in changes.items():
        for row in invoices:
            if row["numero_piece"] == number:
                row.update(values)
    return dataset(
        AS_OF, reglements_fournisseurs=payments, fournisseurs=suppliers,
        factures_fournisseurs=invoices, lignes_facture_fournisseur=lines,
        lettrage_fournisseurs=allocations,
        organisation=[{"raison_sociale": "Atelier Lumière & Froid", "iban": ORG_IBAN,
                       "bic": "SOGEFRPP"}])


def texts(root, path: str) -> list[str]:
    return [node.text for node in root.iterfind(path, NS)]


def test_the_file_carries_each_selected_payment_and_is_valid():
    made = transfer_file(records())
    root = etree.fromstring(made.xml)
    header = "p:CstmrCdtTrfInitn/p:GrpHdr"
    assert texts(root, f"{header}/p:NbOfTxs") == ["2"]
    assert texts(root, f"{header}/p:CtrlSum") == ["8595.34"]  # 231.34 + 8364.00
    assert texts(root, f"{header}/p:CreDtTm") == ["2026-11-30T00:00:00"]
    assert texts(root, f"{header}/p:MsgId")[0].startswith("AGORA-20261130-")
    info = "p:CstmrCdtTrfInitn/p:PmtInf"
    # 8364 € dated before the as-of date goes out on the as-of date, first
    assert texts(root, f"{info}/p:ReqdExctnDt/p:Dt") == ["2026-11-30", "2026-12-02"]
    assert texts(root, f"{info}/p:DbtrAcct/p:Id/p:IBAN") == [ORG_IBAN, ORG_IBAN]
    assert texts(root, f"{info}/p:Dbtr/p:Nm") == ["Atelier Lumiere & Froid"] * 2
    tx = f"{info}/p:CdtTrfTxInf"
    assert texts(root, f"{tx}/p:PmtId/p:EndToEndId") == ["PF-2026-00002", "PF-2026-00001"]
    assert texts(root, f"{tx}/p:Amt/p:InstdAmt") == ["8364.00", "231.34"]
    assert [n.get("Ccy") for n in root.iterfind(f"{tx}/p:Amt/p:InstdAmt", NS)] == ["EUR"] * 2
    assert texts(root, f"{tx}/p:CdtrAcct/p:Id/p:IBAN") == [F2_IBAN, F1_IBAN]
    assert texts(root, f"{tx}/p:CdtrAgt/p:FinInstnId/p:BICFI") == ["DEUTDEBBXXX", "BNPAFRPP"]
    assert texts(root, f"{tx}/p:RmtInf/p:Ustrd") == ["Facture INV1524", "Facture INV2172"]
    assert made.total == Decimal("8595.34")
    assert xsd_errors(made.xml) == []


def test_the_file_is_the_same_each_time_and_changes_with_its_content():
    first, again = transfer_file(records()), transfer_file(records())
    assert first.xml == again.xml
    changed = transfer_file(records(**{"PF-2026-00001": {"reference": "Facture INV2173"}}))
    assert changed.message_id != first.message_id


def test_a_bad_iban_or_a_dollar_payment_is_left_out_with_its_reason():
    made = transfer_file(records(**{
        "F0001": {"iban": "FR7630004008257535208934785"},
        "PF-2026-00002": {"devise": "USD", "taux_change": "1.085"}}))
    assert made.xml is None and made.transfers == ()
    assert [(item.numero_reglement, item.reason) for item in made.left_out] == [
        ("PF-2026-00002", "devise USD : un virement SEPA se fait en euros"),
        ("PF-2026-00001", "fournisseur F0001 : IBAN invalide"),
    ]


def test_a_broken_file_is_refused_by_the_schema():
    made = transfer_file(records())
    broken = made.xml.replace(b"<CtrlSum>8595.34</CtrlSum>", b"<CtrlSum>huit</CtrlSum>", 1)
    assert xsd_errors(broken)


def test_a_disputed_invoice_or_a_wrong_amount_is_never_sent():
    made = transfer_file(records(**{"FF-2026-00002": {"statut": "en litige"},
                                    "PF-2026-00001": {"montant": "231.35"}}))
    assert made.xml is None and made.transfers == ()
    assert [(item.numero_reglement, item.column) for item in made.left_out] == [
        ("PF-2026-00002", "numero_reglement"), ("PF-2026-00001", "numero_reglement")]
    assert made.left_out[0].reason == "lettrage : paie FF-2026-00002, « en litige »"
    assert made.left_out[1].reason.startswith("lettrage : ses pièces lettrées font 231,34")


def test_an_amount_of_nothing_once_rounded_is_left_out_not_a_crash():
    made = transfer_file(records(**{"PF-2026-00002": {"montant": "0.004"}}))
    assert [t.numero_reglement for t in made.transfers] == ["PF-2026-00001"]
    assert [(item.numero_reglement, item.reason) for item in made.left_out] == [
        ("PF-2026-00002", "montant nul une fois arrondi au centime")]
    assert xsd_errors(made.xml) == []


def test_a_reference_over_140_characters_is_left_out_not_cut():
    long = "Factures " + ", ".join(f"INV{n:04d}" for n in range(20))  # 169 characters
    made = transfer_file(records(**{"PF-2026-00001": {"reference": long}}))
    assert [t.numero_reglement for t in made.transfers] == ["PF-2026-00002"]
    assert [(item.numero_reglement, item.column, item.reason) for item in made.left_out] == [
        ("PF-2026-00001", "reference", f"référence de {len(long)} caractères : un virement "
         "SEPA en porte 140 au plus, raccourcissez-la")]
