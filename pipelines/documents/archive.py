"""The archive of issued invoices: each one's Factur-X PDF, written once, and a register.

``archive_issued_invoices`` writes, for each issued invoice or credit note (statut
« émise ») not yet in the register, its Factur-X PDF/A-3 as
``<classeurs>/archives/factures/<numero>.pdf`` and appends its row to ``registre.csv``:
number, type, date, customer, totals (negative for a credit note), the fingerprints of its
content as the workbook gives it (`invoice_archive.fingerprints`: the whole content, the
header, each line), the file name, the SHA-256 of the PDF and the archiving date.

An archived file is never rewritten: the PDF is written under a temporary name then linked
to its final name, which fails if the name exists. A PDF left without its register row (an
interrupted run) is taken into the register only when the Factur-X XML it embeds is the one
the invoice gives today; otherwise it is reported and left alone. The PDFs are rendered in
a pool of processes, and each row is appended as soon as its PDF is written.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.compute.invoice_totals import to_cent
from pipelines.dataset import Dataset
from pipelines.documents.facturx_xml import build_cii_xml
from pipelines.documents.invoice_document import DocumentType, InvoiceDocument
from pipelines.documents.invoice_pdf import render_invoice_pdf
from pipelines.documents.pool import DEFAULT_WORKERS, render_each
from pipelines.documents.sales_documents import (
    DocumentDataError,
    invoice_document,
    invoice_numbers,
    sales_records,
)
from pipelines.validate.rules.invoice_archive import (
    REGISTER_COLUMNS,
    REGISTER_NAME,
    archive_folder,
    fingerprints,
    line_digests_text,
    read_register,
)

SAFE_NUMBER = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
FORMULA_STARTS = ("=", "+", "-", "@")


@dataclass
class ArchiveOutcome:
    """What one run did: the numbers archived (and adopted), those already archived, and
    the problems, in French."""

    folder: Path
    archived: list[str] = field(default_factory=list)
    adopted: list[str] = field(default_factory=list)
    already: int = 0
    problems: list[str] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def csv_text(value: str) -> str:
    """A text cell that a spreadsheet will not take for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


@dataclass(frozen=True)
class RegisterFacts:
    """What the register says of each invoice besides its document, from the workbook."""

    customer_codes: dict[str, str]
    content_digests: dict[str, str]
    header_digests: dict[str, str]
    line_digests: dict[str, str]

    @classmethod
    def of(cls, dataset: Dataset) -> RegisterFacts:
        factures = dataset.frame("factures")
        prints = fingerprints(factures, dataset.frame("lignes_facture"))
        invoices = prints.invoices
        numbers = invoices["numero_facture"].to_list()
        codes = (
            factures.filter(pl.col("numero_facture").is_not_null())
            .unique("numero_facture", keep="first")
            .select("numero_facture", "code_client")
        )
        lines = {
            number: line_digests_text(group)
            for (number,), group in prints.lines.group_by("numero_facture")
        }
        return cls(
            customer_codes=dict(zip(codes["numero_facture"], codes["code_client"], strict=True)),
            content_digests=dict(zip(numbers, invoices["empreinte_contenu"], strict=True)),
            header_digests=dict(zip(numbers, invoices["empreinte_entete"], strict=True)),
            line_digests=lines,
        )


def register_row(
    document: InvoiceDocument, facts: RegisterFacts, pdf_digest: str, archived_on: date
) -> dict[str, str]:
    number, totals = document.header.number, document.totals
    return {
        "numero": number,
        "type": "avoir" if document.header.type is DocumentType.AVOIR else "facture",
        "date": document.header.issue_date.isoformat(),
        "code_client": facts.customer_codes.get(number) or "",
        "client": csv_text(document.buyer.name),
        "devise": totals.currency,
        "total_ht": str(to_cent(totals.total_ht)),
        "total_tva": str(to_cent(totals.total_vat)),
        "total_ttc": str(to_cent(totals.total_ttc)),
        "empreinte_contenu": facts.content_digests[number],
        "empreinte_entete": facts.header_digests[number],
        "empreintes_lignes": facts.line_digests.get(number, ""),
        "fichier": f"{number}.pdf",
        "empreinte_pdf": pdf_digest,
        "archivee_le": archived_on.isoformat(),
    }


def append_register_row(register: Path, row: dict[str, str]) -> None:
    """One row at the end of the register (created with its header), on disk at once."""
    new = not register.exists()
    with register.open("a", encoding="utf-8", newline="") as stream:
        writer = csv.DictWriter(stream, fieldnames=REGISTER_COLUMNS, lineterminator="\n")
        if new:
            writer.writeheader()
        writer.writerow(row)
        stream.flush()
        os.fsync(stream.fileno())


def write_once(target: Path, data: bytes) -> None:
    """Writes ``target`` whole or not at all, and never over an existing file
    (`FileExistsError`)."""
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partiel")
    temporary.write_bytes(data)
    try:
        os.link(temporary, target)
    finally:
        temporary.unlink()


def embedded_xml(pdf: Path) -> bytes | None:
    from facturx import get_xml_from_pdf

    try:
        _name, xml = get_xml_from_pdf(pdf.read_bytes(), check_xsd=False)
    except Exception:  # an unreadable file is reported by the caller
        return None
    return xml or None


@dataclass(frozen=True)
class Pending:
    """The issued invoices not yet in the register, split by what to do with each."""

    to_render: list[InvoiceDocument]
    to_adopt: list[tuple[InvoiceDocument, Path]]


def pending_documents(
    dataset: Dataset, archived: set[str], folder: Path, outcome: ArchiveOutcome
) -> Pending:
    records = sales_records(dataset)
    to_render, to_adopt = [], []
    for number in invoice_numbers(records, issued_only=True):
        if number in archived:
            outcome.already += 1
            continue
        if not SAFE_NUMBER.fullmatch(number):
            outcome.problems.append(f"{number} : ce numéro ne peut pas servir de nom de fichier")
            continue
        try:
            document = invoice_document(records, number)
        except DocumentDataError as error:
            outcome.problems.append(str(error))
            continue
        existing = folder / f"{number}.pdf"
        if existing.exists():
            to_adopt.append((document, existing))
        else:
            to_render.append(document)
    return Pending(to_render, to_adopt)


def adopt(
    document: InvoiceDocument,
    pdf: Path,
    facts: RegisterFacts,
    archived_on: date,
    outcome: ArchiveOutcome,
) -> None:
    """A PDF without its register row: registered if it embeds today's XML of the invoice."""
    number = document.header.number
    if embedded_xml(pdf) != build_cii_xml(document):
        outcome.problems.append(
            f"{number} : le fichier {pdf} existe sans ligne au registre et ne correspond pas à "
            "la facture du classeur ; Agora ne le remplace pas : vérifiez-le, puis déplacez-le "
            "hors du dossier d'archive pour archiver la facture"
        )
        return
    row = register_row(document, facts, sha256_of(pdf.read_bytes()), archived_on)
    append_register_row(pdf.parent / REGISTER_NAME, row)
    outcome.adopted.append(number)


def archive_issued_invoices(
    dataset: Dataset,
    workbooks_dir: Path,
    archived_on: date,
    workers: int = DEFAULT_WORKERS,
    progress: Callable[[str], None] | None = None,
) -> ArchiveOutcome:
    """Archives every issued invoice and credit note not yet in the register."""
    folder = archive_folder(workbooks_dir)
    outcome = ArchiveOutcome(folder)
    register = read_register(workbooks_dir)
    archived = set(register["numero"].to_list()) if register is not None else set()
    folder.mkdir(parents=True, exist_ok=True)
    pending = pending_documents(dataset, archived, folder, outcome)
    facts = RegisterFacts.of(dataset)
    for document, pdf in pending.to_adopt:
        adopt(document, pdf, facts, archived_on, outcome)
    if progress and pending.to_render:
        progress(f"rendu de {len(pending.to_render)} PDF Factur-X")
    for document, pdf in render_each(render_invoice_pdf, pending.to_render, workers):
        store(document, pdf, folder, facts, archived_on, outcome)
    return outcome


def store(
    document: InvoiceDocument,
    pdf: bytes,
    folder: Path,
    facts: RegisterFacts,
    archived_on: date,
    outcome: ArchiveOutcome,
) -> None:
    number = document.header.number
    target = folder / f"{number}.pdf"
    try:
        write_once(target, pdf)
    except FileExistsError:
        outcome.problems.append(
            f"{number} : {target} est apparu pendant l'archivage ; laissé tel quel"
        )
        return
    row = register_row(document, facts, sha256_of(pdf), archived_on)
    append_register_row(folder / REGISTER_NAME, row)
    outcome.archived.append(number)


def archived_files(workbooks_dir: Path) -> dict[str, Path]:
    """The archived PDF of each invoice of the register whose file is there, by number."""
    register = read_register(workbooks_dir)
    if register is None:
        return {}
    folder = archive_folder(workbooks_dir)
    files = {
        number: folder / name
        for number, name in zip(register["numero"], register["fichier"], strict=True)
        if number and name
    }
    return {number: path for number, path in files.items() if path.is_file()}
