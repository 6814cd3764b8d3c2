"""The archive of issued invoices: each Factur-X PDF written once, and its register row."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import shutil
from datetime import date
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest
from facturx import get_xml_from_pdf

from pipelines.dataset import Dataset
from pipelines.documents import build_cii_xml
from pipelines.documents.archive import archive_issued_invoices, write_once
from pipelines.documents.sales_documents import invoice_document, sales_records
from pipelines.validate.rules.invoice_archive import (
    REGISTER_COLUMNS,
    archive_folder,
    fingerprints,
)

from .conftest import DEMO_WORKBOOKS

ARCHIVED_ON = date(2026, 11, 30)
# A domestic invoice, a dollar one, and a credit note with the invoice it corrects.
SOME = ("FA-2026-00001", "FA-2026-00060", "FA-2026-00158", "AV-2026-00001")


def only(dataset: Dataset, numbers, folder: Path) -> Dataset:
    """The demo's dataset with only some invoices in Factures, read from ``folder``."""
    table = dataset["factures"]
    kept = table.frame.filter(pl.col("numero_facture").is_in(list(numbers)))
    return Dataset({**dataset.tables, "factures": dataclasses.replace(table, frame=kept)},
                   dataset.as_of, folder)


def register_rows(folder: Path) -> list[dict]:
    path = archive_folder(folder) / "registre.csv"
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


@pytest.fixture
def folder(tmp_path) -> Path:
    """A folder of workbooks without archive (the workbooks themselves are not read)."""
    return tmp_path / "classeurs"


@pytest.fixture
def archived(demo_dataset, folder):
    outcome = archive_issued_invoices(only(demo_dataset, SOME, folder), folder, ARCHIVED_ON,
                                      workers=1)
    return outcome


def test_each_issued_invoice_gets_its_pdf_and_register_row(archived, folder):
    assert archived.archived == list(SOME)
    assert archived.problems == [] and archived.already == 0
    rows = register_rows(folder)
    assert list(rows[0]) == list(REGISTER_COLUMNS)
    assert [row["numero"] for row in rows] == list(archived.archived)
    for row in rows:
        pdf = archive_folder(folder) / row["fichier"]
        assert hashlib.sha256(pdf.read_bytes()).hexdigest() == row["empreinte_pdf"]
        assert row["archivee_le"] == "2026-11-30"


def test_the_register_keeps_the_totals_and_the_content_fingerprints(archived, folder, demo_dataset):
    rows = {row["numero"]: row for row in register_rows(folder)}
    assert rows["AV-2026-00001"]["type"] == "avoir"
    assert Decimal(rows["AV-2026-00001"]["total_ttc"]) < 0
    assert rows["FA-2026-00060"]["devise"] == "USD"
    assert rows["FA-2026-00001"]["client"] == "Brasserie Girard"
    prints = fingerprints(demo_dataset.frame("factures"), demo_dataset.frame("lignes_facture"))
    digests = dict(zip(prints.invoices["numero_facture"], prints.invoices["empreinte_contenu"],
                       strict=True))
    assert all(rows[n]["empreinte_contenu"] == digests[n] for n in SOME)
    assert rows["FA-2026-00001"]["empreintes_lignes"].startswith("1:")


def test_the_archived_pdf_embeds_the_invoice_s_factur_x_xml(archived, folder, demo_dataset):
    records = sales_records(demo_dataset)
    for number in SOME:
        pdf = (archive_folder(folder) / f"{number}.pdf").read_bytes()
        name, xml = get_xml_from_pdf(pdf, check_xsd=True)
        assert (name, xml) == ("factur-x.xml", build_cii_xml(invoice_document(records, number)))


def test_a_second_run_rewrites_nothing(archived, folder, demo_dataset):
    pdf = archive_folder(folder) / "FA-2026-00001.pdf"
    before = (pdf.read_bytes(), pdf.stat().st_mtime_ns, register_rows(folder))
    again = archive_issued_invoices(only(demo_dataset, SOME, folder), folder, date(2026, 12, 1),
                                    workers=1)
    assert (again.archived, again.adopted, again.already) == ([], [], len(SOME))
    assert (pdf.read_bytes(), pdf.stat().st_mtime_ns, register_rows(folder)) == before


def test_a_new_invoice_is_appended_after_the_archived_ones(archived, folder, demo_dataset):
    more = (*SOME, "FA-2026-00002")
    outcome = archive_issued_invoices(only(demo_dataset, more, folder), folder, ARCHIVED_ON,
                                      workers=1)
    assert outcome.archived == ["FA-2026-00002"] and outcome.already == len(SOME)
    assert [row["numero"] for row in register_rows(folder)][-1] == "FA-2026-00002"


def test_a_pdf_left_without_its_row_is_registered_when_it_is_the_invoice(archived, folder,
                                                                          demo_dataset):
    path = archive_folder(folder) / "registre.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    path.write_text("".join(lines[:-1]), encoding="utf-8")  # the last row was lost
    outcome = archive_issued_invoices(only(demo_dataset, SOME, folder), folder, ARCHIVED_ON,
                                      workers=1)
    assert (outcome.archived, outcome.adopted, outcome.problems) == ([], ["AV-2026-00001"], [])
    assert [row["numero"] for row in register_rows(folder)][-1] == "AV-2026-00001"


def test_a_foreign_file_under_an_invoice_s_name_is_never_replaced(demo_dataset, folder):
    target = archive_folder(folder)
    target.mkdir(parents=True)
    (target / "FA-2026-00001.pdf").write_bytes(b"autre chose")
    outcome = archive_issued_invoices(only(demo_dataset, SOME, folder), folder, ARCHIVED_ON,
                                      workers=1)
    assert outcome.archived == list(SOME[1:])
    assert len(outcome.problems) == 1
    assert outcome.problems[0].startswith("FA-2026-00001 : le fichier ")
    assert "Agora ne le remplace pas" in outcome.problems[0]
    assert (target / "FA-2026-00001.pdf").read_bytes() == b"autre chose"


def test_write_once_never_overwrites(tmp_path):
    target = tmp_path / "FA.pdf"
    write_once(target, b"premier")
    with pytest.raises(FileExistsError):
        write_once(target, b"second")
    assert target.read_bytes() == b"premier"
    assert [p.name for p in tmp_path.iterdir()] == ["FA.pdf"]


def test_the_pool_of_processes_archives_the_same_documents(demo_dataset, tmp_path):
    one, two = tmp_path / "un", tmp_path / "deux"
    archive_issued_invoices(only(demo_dataset, SOME, one), one, ARCHIVED_ON, workers=1)
    archive_issued_invoices(only(demo_dataset, SOME, two), two, ARCHIVED_ON, workers=2)
    for number in SOME:
        xml = [get_xml_from_pdf((archive_folder(f) / f"{number}.pdf").read_bytes())[1]
               for f in (one, two)]
        assert xml[0] == xml[1]
    strip = [{k: v for k, v in row.items() if k != "empreinte_pdf"} for row in register_rows(one)]
    assert strip == [
        {k: v for k, v in row.items() if k != "empreinte_pdf"} for row in register_rows(two)
    ]


def test_the_demo_archive_holds_every_issued_invoice(demo_dataset):
    """The archive committed with the demo: one PDF per issued invoice, as registered."""
    folder = archive_folder(DEMO_WORKBOOKS)
    rows = register_rows(DEMO_WORKBOOKS)
    issued = demo_dataset.frame("factures").filter(pl.col("statut") == "émise")
    assert sorted(row["numero"] for row in rows) == sorted(issued["numero_facture"].to_list())
    for row in rows[:: max(1, len(rows) // 25)]:  # a sample: hashing all is the same check
        pdf = (folder / row["fichier"]).read_bytes()
        assert hashlib.sha256(pdf).hexdigest() == row["empreinte_pdf"]
    assert len(list(folder.glob("*.pdf"))) == len(rows)


def test_copying_the_demo_keeps_its_archive(tmp_path):
    copy = tmp_path / "workbooks"
    shutil.copytree(DEMO_WORKBOOKS, copy)
    assert (archive_folder(copy) / "registre.csv").is_file()


def test_an_invoice_whose_rate_contradicts_its_vat_case_is_refused(demo_dataset, folder):
    """An export (FA-2026-00057, goods shipped to Switzerland) whose line carries 20 %: the
    archive refuses it with the reason, in French, and archives the others."""
    table = demo_dataset["lignes_facture"]
    taxed = table.frame.with_columns(
        taux_tva=pl.when(pl.col("numero_facture") == "FA-2026-00057")
        .then(pl.lit(20).cast(table.frame["taux_tva"].dtype)).otherwise(pl.col("taux_tva")))
    dataset = Dataset({**demo_dataset.tables, "lignes_facture": dataclasses.replace(
        table, frame=taxed)}, demo_dataset.as_of)
    outcome = archive_issued_invoices(only(dataset, ("FA-2026-00057", "FA-2026-00001"), folder),
                                      folder, ARCHIVED_ON, workers=1)
    assert outcome.archived == ["FA-2026-00001"]
    assert outcome.problems == [
        "FA-2026-00057 : ligne 1 au taux de TVA de 20 % : la vente est une « exportation "
        "exonérée » : elle ne porte pas de TVA française, ses lignes sont à 0 %"]
    assert not (archive_folder(folder) / "FA-2026-00057.pdf").exists()
