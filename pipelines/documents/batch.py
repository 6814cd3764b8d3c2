"""``agora documents``: the sales documents of a workbook folder, as PDF files in a build folder.

Each type of document goes to its own folder under the output (``build/documents`` by
default, never a site): ``factures/`` (copies of the archived Factur-X PDFs: an issued
invoice is never printed again), ``devis/`` (each quote in its last version),
``livraisons/`` (the delivery notes), ``relances/`` (the dunning letters sent, each as of
its date, and those to send this week), ``releves/`` (the account statement of each customer
who owes something or holds a credit). The PDFs are rendered in a pool of processes and
each file is replaced whole (written under a temporary name, then renamed).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.dataset import Dataset
from pipelines.documents.archive import archived_files
from pipelines.documents.letters import DunningLetter, render_dunning_pdf, render_statement_pdf
from pipelines.documents.pool import DEFAULT_WORKERS, render_each
from pipelines.documents.purchase_papers import (
    COMPLAINTS,
    PURCHASE_ORDERS,
    PurchasePaper,
    purchase_papers,
    render_purchase_paper,
)
from pipelines.documents.receivables_letters import (
    NamedDocument,
    account_statements,
    dunning_letters,
)
from pipelines.documents.sales_documents import (
    DocumentDataError,
    invoice_numbers,
    sales_records,
)
from pipelines.documents.sales_papers import (
    DeliveryNote,
    QuoteDocument,
    render_delivery_note_pdf,
    render_quote_pdf,
)
from pipelines.documents.workbook_papers import delivery_note, paper_records, quote_document
from pipelines.issues import Issue

INVOICES, QUOTES, DELIVERIES = "factures", "devis", "livraisons"
LETTERS, STATEMENTS = "relances", "releves"
DOCUMENT_TYPES = (INVOICES, QUOTES, DELIVERIES, LETTERS, STATEMENTS, PURCHASE_ORDERS,
                  COMPLAINTS)
DEFAULT_OUTPUT = Path("build") / "documents"


@dataclass
class BatchOutcome:
    output: Path
    written: dict[str, int] = field(default_factory=dict)  # type → files written
    problems: list[str] = field(default_factory=list)


def write_replacing(target: Path, data: bytes) -> None:
    """Writes ``target`` whole: a reader sees the old file or the new one, never half."""
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.partiel")
    temporary.write_bytes(data)
    os.replace(temporary, target)


Paper = QuoteDocument | DeliveryNote | NamedDocument | PurchasePaper


def render_paper(document: Paper) -> bytes:
    if isinstance(document, PurchasePaper):
        return render_purchase_paper(document)
    if isinstance(document, QuoteDocument):
        return render_quote_pdf(document)
    if isinstance(document, DeliveryNote):
        return render_delivery_note_pdf(document)
    if isinstance(document.document, DunningLetter):
        return render_dunning_pdf(document.document)
    return render_statement_pdf(document.document)


def paper_name(document: Paper) -> tuple[str, str]:
    """The folder and the file name (without « .pdf ») of a document."""
    if isinstance(document, PurchasePaper):
        return document.kind, document.name
    if isinstance(document, QuoteDocument):
        return QUOTES, document.number
    if isinstance(document, DeliveryNote):
        return DELIVERIES, document.number
    kind = LETTERS if isinstance(document.document, DunningLetter) else STATEMENTS
    return kind, document.name


def paper_key(document: Paper) -> set[str]:
    """The numbers that select a document with --numero."""
    if isinstance(document, PurchasePaper):
        return set(document.keys)
    if isinstance(document, (QuoteDocument, DeliveryNote)):
        return {document.number}
    inner = document.document
    keys = {document.name, inner.recipient.customer_code}
    if isinstance(inner, DunningLetter):
        keys |= {invoice.number for invoice in inner.invoices}
    return keys


def _selected(numbers: Iterable[str], wanted: frozenset[str]) -> list[str]:
    return [number for number in numbers if not wanted or number in wanted]


def copy_invoices(
    dataset: Dataset, workbooks_dir: Path, outcome: BatchOutcome, wanted: frozenset[str]
) -> None:
    """The archived PDF of each issued invoice and credit note, as it was archived."""
    records = sales_records(dataset)
    archive = archived_files(workbooks_dir)
    count = 0
    for number in _selected(invoice_numbers(records, issued_only=True), wanted):
        archived = archive.get(number)
        if archived is None:
            outcome.problems.append(
                f"{number} : facture émise pas encore archivée ; lancez « agora archiver » "
                "pour en avoir le PDF"
            )
            continue
        write_replacing(outcome.output / INVOICES / archived.name, archived.read_bytes())
        count += 1
    outcome.written[INVOICES] = count


def paper_documents(
    dataset: Dataset, types: tuple[str, ...], wanted: frozenset[str], outcome: BatchOutcome
) -> list[Paper]:
    documents: list[Paper] = []
    if QUOTES in types or DELIVERIES in types:
        records = paper_records(dataset)
        builders: list[tuple[str, Iterable[str], Callable]] = []
        if QUOTES in types:
            builders.append((QUOTES, records.quotes, quote_document))
        if DELIVERIES in types:
            builders.append((DELIVERIES, records.deliveries, delivery_note))
        for kind, numbers, build in builders:
            outcome.written[kind] = 0
            for number in _selected(numbers, wanted):
                try:
                    documents.append(build(records, number))
                except DocumentDataError as error:
                    outcome.problems.append(str(error))
    for kind, build in ((LETTERS, dunning_letters), (STATEMENTS, account_statements)):
        if kind not in types:
            continue
        outcome.written[kind] = 0
        for built in build(dataset):
            if isinstance(built, DocumentDataError):
                outcome.problems.append(str(built))
            elif not wanted or paper_key(built) & wanted:
                documents.append(built)
    purchase_kinds = tuple(kind for kind in (PURCHASE_ORDERS, COMPLAINTS) if kind in types)
    if purchase_kinds:
        papers, problems = purchase_papers(dataset, purchase_kinds)
        outcome.written.update(dict.fromkeys(purchase_kinds, 0))
        outcome.problems.extend(problems)
        documents.extend(p for p in papers if not wanted or paper_key(p) & wanted)
    return documents


def write_documents(
    dataset: Dataset,
    workbooks_dir: Path,
    output: Path = DEFAULT_OUTPUT,
    types: tuple[str, ...] = DOCUMENT_TYPES,
    numbers: Iterable[str] = (),
    workers: int = DEFAULT_WORKERS,
    progress: Callable[[str], None] | None = None,
) -> BatchOutcome:
    """Writes the documents of the given types (only the given numbers, if any)."""
    outcome = BatchOutcome(Path(output))
    wanted = frozenset(numbers)
    if INVOICES in types:
        copy_invoices(dataset, workbooks_dir, outcome, wanted)
    papers = paper_documents(dataset, types, wanted, outcome)
    if progress and papers:
        progress(f"rendu de {len(papers)} PDF")
    for document, pdf in render_each(render_paper, papers, workers):
        kind, number = paper_name(document)
        write_replacing(outcome.output / kind / f"{number}.pdf", pdf)
        outcome.written[kind] = outcome.written.get(kind, 0) + 1
    return outcome


SALES_WORKBOOKS = frozenset({"ventes.xlsx", "clients.xlsx", "organisation.xlsx"})


def blocking_sales_issues(issues: Iterable[Issue]) -> list[Issue]:
    """The blocking issues of the workbooks that the sales documents are made from."""
    return [
        issue for issue in issues if issue.blocking and issue.source.workbook in SALES_WORKBOOKS
    ]
