"""1.2.2 Delivery and invoicing: an issued invoice never changes; it is corrected by a
credit note, and its Factur-X PDF is kept in the archive (``archives/factures/``).

Hazards: a wrong quantity, product or discount invoiced, corrected by editing the issued
invoice instead of issuing a credit note; an issued invoice deleted from the workbook; a
credit note issued but not archived yet.

The demo's workbooks come with their archive: every issued invoice and credit note has its
PDF and its row in ``registre.csv`` (fingerprints of what the invoice prints). The copy of
the demo that each scenario edits carries that archive with it.

Demo facts used: FA-2026-00128 (C0003, 03/03/2026, row 129 of Factures) takes an escompte;
FA-2026-00619 (C0020, 24/11/2026, not paid yet) has three lines, its line 2 is 17
ART-0041;
FA-2026-00630 (C0003, 30/11/2026) is the last invoice of the year.
"""

from __future__ import annotations

import hashlib
from datetime import date

import pytest

from pipelines.validate.rules.invoice_archive import archive_folder

INVOICES = ("ventes.xlsx", "Factures")
INVOICE_LINES = ("ventes.xlsx", "LignesFacture")
CHANGED = "facture-emise-modifiee"
MISSING = "facture-archivee-absente"
NOT_ARCHIVED = "facture-emise-non-archivee"
LAST_DAY = date(2026, 11, 30)


def line_row(workbooks, invoice: str, rank: int) -> int:
    return workbooks.sheet(*INVOICE_LINES).row_of(invoice, ligne=rank)


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def archive_state(folder) -> dict[str, str]:
    return {path.name: digest(path) for path in sorted(archive_folder(folder).iterdir())}


def test_the_demo_and_its_archive_agree(demo):
    """1.2.2 Factures émises — état initial : chaque facture émise de la démonstration est
    archivée et n'a pas changé depuis ; aucune anomalie d'archive."""
    codes = {issue.code for issue in demo.issues}
    assert not codes & {CHANGED, MISSING, NOT_ARCHIVED}


@pytest.mark.parametrize(
    "column, value",
    [("quantite", 16), ("prix_unitaire_ht", 8.5), ("remise_pct", 10), ("reference", "ART-0040")],
)
def test_editing_a_line_of_an_issued_invoice_is_blocking(workbooks, column, value):
    """1.2.2 Factures émises — aléa mauvaise quantité, mauvais prix, mauvaise remise ou mauvais
    produit facturé : corriger la ligne de la facture émise au lieu d'émettre un avoir est
    bloquant, à la ligne modifiée, avec « corrigez par un avoir »."""
    row = line_row(workbooks, "FA-2026-00619", 2)
    workbooks.sheet(*INVOICE_LINES).set(row, column, value)

    checked = workbooks.validate()

    finding = (*INVOICE_LINES, f"ligne {row}", CHANGED)
    assert finding in checked.new_findings
    issue = checked.issue(finding)
    assert issue.blocking
    assert issue.message.startswith("ligne 2 de FA-2026-00619 (archivée le ")
    assert issue.message.endswith("rétablissez-la et corrigez par un avoir")


def test_adding_a_line_to_an_issued_invoice_is_blocking(workbooks):
    """1.2.2 Factures émises — aléa oubli sur une facture : une ligne ajoutée après l'émission
    est bloquante à sa ligne ; l'oubli se facture à part."""
    row = workbooks.sheet(*INVOICE_LINES).append({
        "numero_facture": "FA-2026-00619", "ligne": 4, "designation": "Frais oubliés",
        "quantite": 1, "prix_unitaire_ht": 20, "taux_tva": 20,
    })

    checked = workbooks.validate()

    assert (*INVOICE_LINES, f"ligne {row}", CHANGED) in checked.new_findings
    assert "ajoutée depuis l'archivage" in checked.issue(
        (*INVOICE_LINES, f"ligne {row}", CHANGED)).message


def test_changing_the_customer_of_an_issued_invoice_is_blocking(workbooks):
    """1.2.2 Factures émises — aléa facture adressée au mauvais client : changer le client d'une
    facture émise est bloquant à sa ligne de la feuille Factures."""
    invoices = workbooks.sheet(*INVOICES)
    row = invoices.row_of("FA-2026-00128")
    invoices.set(row, "code_client", "C0004")

    checked = workbooks.validate()

    finding = (*INVOICES, f"ligne {row}", CHANGED)
    assert finding in checked.new_findings
    assert "ses mentions imprimées ont changé" in checked.issue(finding).message


def test_an_internal_comment_on_an_issued_invoice_may_change(workbooks):
    """1.2.2 Factures émises — un commentaire interne n'est pas imprimé : le modifier n'est pas
    une modification de la facture."""
    invoices = workbooks.sheet(*INVOICES)
    invoices.set(invoices.row_of("FA-2026-00128"), "commentaire", "Escompte vérifié")

    checked = workbooks.validate()

    assert not [f for f in checked.new_findings if f[3] in (CHANGED, MISSING)]


def test_deleting_an_issued_invoice_is_blocking(workbooks):
    """1.2.2 Factures émises — aléa facture supprimée : une facture archivée qui disparaît du
    classeur est bloquante ; elle s'annule par un avoir."""
    lines = workbooks.sheet(*INVOICE_LINES)
    for row in sorted(lines.rows_where(numero_facture="FA-2026-00630"), reverse=True):
        lines.delete(row)
    invoices = workbooks.sheet(*INVOICES)
    invoices.delete(invoices.row_of("FA-2026-00630"))

    checked = workbooks.validate()

    finding = (*INVOICES, None, MISSING)
    assert finding in checked.new_findings
    assert checked.issue(finding).message.startswith(
        "FA-2026-00630 du 30/11/2026, archivée dans archives/factures/FA-2026-00630.pdf")


def test_a_credit_note_is_the_right_correction_and_gets_archived(workbooks):
    """1.2.2 Factures émises — la bonne correction : un avoir émis sur FA-2026-00619 n'est pas
    bloquant ; tant qu'il n'est pas archivé, un avertissement demande « agora archiver », qui
    n'archive que lui."""
    invoices = workbooks.sheet(*INVOICES)
    row = invoices.append({
        "numero_facture": "AV-2026-00004", "serie": "AV", "type": "avoir",
        "date_facture": LAST_DAY, "code_client": "C0020", "numero_commande": "CO-2026-00619",
        "date_vente": LAST_DAY, "pays_livraison": "FR", "nature": "biens", "devise": "EUR",
        "conditions_paiement": "imputé sur le compte client", "facture_origine": "FA-2026-00619",
        "statut": "émise",
    })
    workbooks.sheet(*INVOICE_LINES).append({
        "numero_facture": "AV-2026-00004", "ligne": 1, "reference": "ART-0041",
        "designation": "Ruban LED 24 V blanc neutre", "quantite": 1, "prix_unitaire_ht": 9.24,
        "taux_tva": 20, "remise_pct": 5,
    })
    before = archive_state(workbooks.folder)

    checked = workbooks.validate()

    assert checked.blocking == []
    warning = checked.issue((*INVOICES, invoices.cell(row, "statut"), NOT_ARCHIVED))
    assert "lancez « agora archiver »" in warning.message

    done = workbooks.agora("archiver", str(workbooks.folder))

    assert done.returncode == 0, done.stderr
    assert "1 facture ou avoir archivé" in done.stderr
    after = archive_state(workbooks.folder)
    assert set(after) - set(before) == {"AV-2026-00004.pdf"}
    assert {name: after[name] for name in before if name != "registre.csv"} == {
        name: digest for name, digest in before.items() if name != "registre.csv"}
    assert not [f for f in workbooks.validate().new_findings if f[3] == NOT_ARCHIVED]


def test_archiving_refuses_while_an_issued_invoice_was_edited(workbooks):
    """1.2.2 Factures émises — aléa : tant qu'une facture émise a été modifiée, « agora
    archiver » n'écrit rien et renvoie le code 1."""
    workbooks.sheet(*INVOICE_LINES).set(line_row(workbooks, "FA-2026-00619", 2), "quantite", 16)
    before = archive_state(workbooks.folder)

    done = workbooks.agora("archiver", str(workbooks.folder))

    assert done.returncode == 1
    assert "facture-emise-modifiee" in done.stderr and "Traceback" not in done.stderr
    assert archive_state(workbooks.folder) == before


def test_an_invoice_copy_is_the_archived_file_itself(workbooks, tmp_path):
    """1.2.2 Factures émises — un duplicata de facture est la copie du PDF archivé, jamais une
    nouvelle impression."""
    output = tmp_path / "documents"

    done = workbooks.agora("documents", str(workbooks.folder), "--sortie", str(output),
                           "--type", "factures", "--numero", "FA-2026-00128")

    assert done.returncode == 0, done.stderr
    archived = archive_folder(workbooks.folder) / "FA-2026-00128.pdf"
    assert (output / "factures" / "FA-2026-00128.pdf").read_bytes() == archived.read_bytes()


def test_regenerating_the_demo_keeps_the_archive(workbooks):
    """1.2.2 Factures émises — « agora demo --force » réécrit les classeurs et rien d'autre :
    l'archive des factures émises reste intacte."""
    before = archive_state(workbooks.folder)

    done = workbooks.agora("demo", "--force", "--out", str(workbooks.folder))

    assert done.returncode == 0, done.stderr
    assert archive_state(workbooks.folder) == before
