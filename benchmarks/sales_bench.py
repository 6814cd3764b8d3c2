"""Benchmark of the sales: generating and checking about 10,000 invoices.

    .venv/bin/python benchmarks/sales_bench.py [--invoices 10000]

Generates the demo organisation at the scale that gives at least ``--invoices`` invoices
and credit notes (about 560 per scale step beyond the first), writes its workbooks into
``benchmarks/out/ventes/`` (git-ignored), then measures, in one run:

1. generating the records and writing the eight workbooks (the deterministic demo
   generator, openpyxl);
2. validating them with every rule (schemas, keys, numbering and chronology of each
   series, credit notes, VAT numbers required by the VAT treatment, orders, payments…);
3. computing the exact totals of every invoice (HT, VAT per rate, TTC, euro amounts);
4. checking those totals against the generator's own independent arithmetic, to the cent.

It prints one line per step and fails (exit code 1) if a total differs or if the
generated demo has a blocking issue: the timings only count when the checks pass.
"""

from __future__ import annotations

import argparse
import math
import shutil
import sys
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.compute.sales_invoices import compute_invoice_totals_frame  # noqa: E402
from pipelines.demo import generate, records  # noqa: E402
from pipelines.demo.sales_amounts import total_ttc  # noqa: E402
from pipelines.validate import validate_workbooks  # noqa: E402

OUT = Path(__file__).parent / "out" / "ventes"
INVOICES_PER_SCALE = 550  # a lower bound of what one scale step generates


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:<58} {elapsed:8.2f} s")
    return result, elapsed


def expected_totals(rows: dict[str, list[dict]]) -> dict[str, Decimal]:
    lines: dict[str, list[dict]] = {}
    for line in rows["lignes_facture"]:
        lines.setdefault(line["numero_facture"], []).append(line)
    sign = {"facture": 1, "avoir": -1}
    return {
        invoice["numero_facture"]: sign[invoice["type"]]
        * total_ttc(invoice, lines[invoice["numero_facture"]])
        for invoice in rows["factures"]
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--invoices", type=int, default=10_000)
    wanted = parser.parse_args().invoices
    scale = max(1, math.ceil(wanted / INVOICES_PER_SCALE))

    if OUT.exists():
        shutil.rmtree(OUT)
    _, generating = timed(f"génération et écriture des classeurs (échelle {scale})",
                          lambda: generate(OUT, scale))
    rows = records(scale)  # the same records again, for the generator's own totals
    invoices = len(rows["factures"])
    print(f"  {invoices} factures et avoirs, {len(rows['lignes_facture'])} lignes")
    result, validating = timed("validation (schémas, clés, numérotation, TVA, règles)",
                               lambda: validate_workbooks(OUT, ROOT / "schemas"))
    counts = Counter(issue.code for issue in result.issues)
    blocking = [issue for issue in result.issues if issue.blocking]
    print(f"  {len(result.issues)} constats, dont {len(blocking)} bloquants : "
          + ", ".join(f"{code} × {n}" for code, n in counts.most_common(6)))
    totals, computing = timed("totaux exacts de chaque facture (HT, TVA, TTC, euros)",
                              lambda: compute_invoice_totals_frame(result.dataset))
    expected, checking = timed("contrôle au centime contre le calcul du générateur",
                               lambda: expected_totals(rows))
    computed = dict(zip(totals["numero_facture"], totals["total_ttc"], strict=True))
    mismatches = [number for number, amount in expected.items() if computed.get(number) != amount]
    print(f"  écarts de total : {len(mismatches)}")
    checked = validating + computing + checking
    print(f"{'contrôle (validation + totaux + comparaison)':<58} {checked:8.2f} s"
          f"  soit {invoices / checked:,.0f} factures/s".replace(",", " "))
    if mismatches or blocking:
        print("ÉCHEC : le banc ne compte que si les contrôles passent", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
