"""Benchmark of the Factur-X PDFs: how many invoices per second, in one process and in a pool.

    .venv/bin/python benchmarks/documents_bench.py [--nombre 120] [--processus 2]

Takes the first ``--nombre`` invoices and credit notes of the demo workbooks (``workbooks/``),
builds their `InvoiceDocument` once, then measures, in one run:

1. each stage in one process: the HTML page (Jinja2), the PDF/A-3b (WeasyPrint), the CII XML
   and its embedding with its XSD check and XMP metadata (factur-x);
2. the whole Factur-X PDF (`render_invoice_pdf`) in one process;
3. the same in a pool of ``--processus`` processes (`pipelines.documents.pool`), as
   ``agora archiver`` and ``agora documents`` print them; the pool's start (spawned
   processes that import WeasyPrint) is counted.

Prints PDFs per second and the mean size of a PDF. No file is written.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.documents.facturx_xml import build_cii_xml  # noqa: E402
from pipelines.documents.invoice_pdf import (  # noqa: E402
    embed_facturx,
    pdf_metadata,
    render_invoice_html,
    render_invoice_pdf,
)
from pipelines.documents.pool import render_each  # noqa: E402
from pipelines.documents.sales_documents import invoice_documents  # noqa: E402
from pipelines.documents.templating import render_pdf_a3  # noqa: E402
from pipelines.validate import validate_workbooks  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def demo_documents(count: int) -> list:
    result = validate_workbooks(ROOT / "workbooks", ROOT / "schemas")
    documents = [d for d in invoice_documents(result.dataset) if not isinstance(d, Exception)]
    return documents[:count]


def timed(function, *args):
    start, cpu = time.perf_counter(), time.process_time()
    value = function(*args)
    return value, time.perf_counter() - start, time.process_time() - cpu


def stages(documents: list) -> dict[str, float]:
    """Seconds spent in each stage, one process."""
    totals = {"HTML (Jinja2)": 0.0, "PDF/A-3b (WeasyPrint)": 0.0, "XML CII": 0.0,
              "intégration Factur-X (XSD, XMP)": 0.0}
    for document in documents:
        html, seconds, _ = timed(render_invoice_html, document)
        totals["HTML (Jinja2)"] += seconds
        pdf, seconds, _ = timed(render_pdf_a3, html)
        totals["PDF/A-3b (WeasyPrint)"] += seconds
        xml, seconds, _ = timed(build_cii_xml, document)
        totals["XML CII"] += seconds
        _, seconds, _ = timed(embed_facturx, pdf, xml, pdf_metadata(document))
        totals["intégration Factur-X (XSD, XMP)"] += seconds
    return totals


def whole(documents: list, workers: int) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of this process, total bytes) for all the PDFs."""
    start, cpu = time.perf_counter(), time.process_time()
    size = sum(len(pdf) for _, pdf in render_each(render_invoice_pdf, documents, workers))
    return time.perf_counter() - start, time.process_time() - cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nombre", type=int, default=120, help="factures à imprimer")
    parser.add_argument("--processus", type=int, default=2, help="processus du pool")
    arguments = parser.parse_args()
    documents = demo_documents(arguments.nombre)
    count = len(documents)
    print(f"{count} factures et avoirs de la démonstration, {os.cpu_count()} cœurs")
    render_invoice_pdf(documents[0])  # fonts and templates loaded once, as in a long run
    for name, seconds in stages(documents).items():
        print(f"  {name:<34} {seconds / count * 1000:7.1f} ms par facture")
    seconds, cpu, size = whole(documents, 1)
    print(f"un processus : {count / seconds:5.1f} PDF/s ({seconds:.1f} s, CPU {cpu:.1f} s), "
          f"{size / count / 1024:.1f} Kio par PDF")
    seconds, cpu, size = whole(documents, arguments.processus)
    print(f"pool de {arguments.processus} processus : {count / seconds:5.1f} PDF/s "
          f"({seconds:.1f} s, démarrage du pool compris)")


if __name__ == "__main__":
    main()
