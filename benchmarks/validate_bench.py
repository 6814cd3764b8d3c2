"""Benchmark of the validate stage: Agora against a raw calamine read and frictionless.

    .venv/bin/python benchmarks/validate_bench.py [--rows 50000] [--errors 300]

Generates into ``benchmarks/out/`` (git-ignored) a Data Package of two workbooks,
``clients.xlsx`` (customers) and ``factures.xlsx`` (invoice-like rows whose
``code_client`` is a foreign key to the customers), plus a copy with planted
errors of several kinds. Then it measures, in one run:

1. a raw python-calamine read of the same sheets (the floor);
2. ``validate_workbooks`` (Agora);
3. ``frictionless`` validation of the same Data Package (Python API);

and compares Agora's findings with frictionless's on the copy with errors.
Targets: Agora ≤ 2× the raw read, ≥ 10× faster than frictionless, same findings.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import openpyxl
import python_calamine
from stdnum import luhn

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipelines.validate import validate_workbooks  # noqa: E402
from pipelines.validate.frictionless import agora_findings, frictionless_findings  # noqa: E402

OUT = Path(__file__).parent / "out"
AS_OF = date(2026, 12, 31)
STATUSES = ["actif", "douteux", "bloqué"]
RATES = [20, 10, 5.5, 2.1]

SCHEMAS = {
    "banc_clients": {
        "fields": [
            {"name": "code_client", "type": "string", "constraints": {"required": True, "pattern": "^C[0-9]{6}$"}},
            {"name": "raison_sociale", "type": "string", "constraints": {"required": True}},
            {"name": "siren", "type": "string", "agora:format": "siren", "constraints": {"pattern": "[0-9]{9}"}},
            {"name": "code_postal", "type": "string", "agora:format": "code_postal", "constraints": {"pattern": "[0-9]{5}"}},
            {"name": "statut", "type": "string", "constraints": {"enum": STATUSES}},
            {"name": "plafond_credit", "type": "number", "constraints": {"minimum": 0}},
            {"name": "delai_paiement_jours", "type": "integer", "constraints": {"minimum": 0, "maximum": 60}},
            {"name": "fin_de_mois", "type": "boolean", "trueValues": ["oui"], "falseValues": ["non"]},
            {"name": "date_creation", "type": "date"},
        ],
        "primaryKey": ["code_client"],
    },
    "banc_factures": {
        "fields": [
            {"name": "numero", "type": "integer", "constraints": {"required": True}},
            {"name": "code_client", "type": "string", "constraints": {"required": True}},
            {"name": "date", "type": "date", "constraints": {"required": True}},
            {"name": "montant_ht", "type": "number"},
            {"name": "taux_tva", "type": "number", "constraints": {"enum": RATES}},
            {"name": "payee", "type": "boolean"},
            {"name": "libelle", "type": "string", "constraints": {"maxLength": 60}},
        ],
        "primaryKey": ["numero"],
        "foreignKeys": [{"fields": ["code_client"], "reference": {"resource": "banc_clients", "fields": ["code_client"]}}],
    },
}
# Resource names of its own, so the project's business rules do not apply to them.
SHEETS = {"banc_clients": ("clients.xlsx", "Clients"), "banc_factures": ("factures.xlsx", "Factures")}


def write_package(folder: Path) -> Path:
    schemas = folder / "schemas"
    (schemas / "tables").mkdir(parents=True, exist_ok=True)
    resources = []
    for name, (workbook, sheet) in SHEETS.items():
        (schemas / "tables" / f"{name}.json").write_text(json.dumps(SCHEMAS[name], ensure_ascii=False, indent=1))
        resources.append(
            {"name": name, "path": f"../workbooks/{workbook}", "format": "xlsx",
             "dialect": {"excel": {"sheet": sheet}}, "schema": f"tables/{name}.json"}
        )
    (schemas / "datapackage.json").write_text(json.dumps({"name": "banc", "resources": resources}, indent=1))
    return schemas


def client_rows(count: int, rng: random.Random) -> list[list]:
    rows = []
    for i in range(count):
        base = f"{rng.randrange(10**8):08d}"
        rows.append([
            f"C{i:06d}", f"Société {i}", base + luhn.calc_check_digit(base), f"{rng.randint(1, 95):02d}{rng.randrange(1000):03d}",
            rng.choice(STATUSES), round(rng.random() * 50000, 2), rng.choice([0, 30, 45, 60]),
            rng.choice(["oui", "non"]), date(2000, 1, 1) + timedelta(days=rng.randrange(9000)),
        ])
    return rows


def invoice_rows(count: int, clients: int, rng: random.Random) -> list[list]:
    return [
        [100000 + i, f"C{rng.randrange(clients):06d}", date(2026, 1, 1) + timedelta(days=i % 365),
         round(rng.random() * 5000, 2), rng.choice(RATES), rng.random() < 0.8, f"Facture {i}"]
        for i in range(count)
    ]


def plant_errors(clients: list[list], invoices: list[list], count: int, rng: random.Random) -> None:
    """A few hundred errors of various kinds, in place."""
    kinds = [
        lambda: _cell(clients, rng, 5, "12,5"),  # French decimal comma
        lambda: _cell(clients, rng, 4, "inactif"),  # not in the list
        lambda: _cell(clients, rng, 0, f"X{rng.randrange(10**6)}"),  # pattern (and foreign keys)
        lambda: _cell(clients, rng, 6, 90),  # above the maximum
        lambda: _cell(clients, rng, 3, rng.randint(1000, 9999)),  # leading zero lost
        lambda: _cell(clients, rng, 8, "12/03/2020"),  # date as text
        lambda: _cell(invoices, rng, 1, f"C{rng.randrange(10**6, 10**7)}"),  # unknown customer
        lambda: _cell(invoices, rng, 0, invoices[rng.randrange(len(invoices))][0]),  # duplicate key
        lambda: _cell(invoices, rng, 3, "abc"),  # text in a number
        lambda: _cell(invoices, rng, 4, 19.6),  # rate not in the list
        lambda: _cell(invoices, rng, 5, "peut-être"),  # not a boolean
        lambda: _cell(invoices, rng, 2, None),  # required
        lambda: invoices.__setitem__(rng.randrange(len(invoices)), [None] * 7),  # blank row
    ]
    for i in range(count):
        kinds[i % len(kinds)]()


def _cell(rows: list[list], rng: random.Random, column: int, value) -> None:
    rows[rng.randrange(len(rows))][column] = value


def write_workbooks(folder: Path, clients: list[list], invoices: list[list]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, rows in (("banc_clients", clients), ("banc_factures", invoices)):
        workbook, sheet = SHEETS[name]
        book = openpyxl.Workbook(write_only=True)
        target = book.create_sheet(sheet)
        target.append([field["name"] for field in SCHEMAS[name]["fields"]])
        for row in rows:
            target.append(row)
        book.save(folder / workbook)


def generate(rows: int, errors: int) -> tuple[Path, Path, Path]:
    shutil.rmtree(OUT, ignore_errors=True)
    schemas = write_package(OUT)
    rng = random.Random(2026)
    clients, invoices = client_rows(rows, rng), invoice_rows(rows, rows, rng)
    write_workbooks(OUT / "workbooks", clients, invoices)
    plant_errors(clients, invoices, errors, rng)
    write_workbooks(OUT / "planted", clients, invoices)
    return schemas, OUT / "workbooks", OUT / "planted"


def raw_read(folder: Path) -> None:
    for workbook, sheet in SHEETS.values():
        python_calamine.load_workbook(folder / workbook).get_sheet_by_name(sheet).to_python()


def measure(action, repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time over ``repeat`` runs (the machine may be shared)."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        start_wall, start_cpu = time.perf_counter(), time.process_time()
        action()
        wall = min(wall, time.perf_counter() - start_wall)
        cpu = min(cpu, time.process_time() - start_cpu)
    return wall, cpu


def measure_command(command: list[str], repeat: int) -> tuple[float, float]:
    """Best wall-clock and best CPU time of a whole command, start-up and imports included."""
    wall, cpu = float("inf"), float("inf")
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        wall = min(wall, time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = min(cpu, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return wall, cpu


RAW_READ_SCRIPT = (
    "import sys, python_calamine\n"
    "for name, sheet in ((sys.argv[1], 'Clients'), (sys.argv[2], 'Factures')):\n"
    "    python_calamine.load_workbook(name).get_sheet_by_name(sheet).to_python()\n"
)


def compare_commands(schemas: Path, good: Path, repeat: int) -> None:
    """The same comparison as whole commands: what a user waits for."""
    (clients, _), (invoices, _) = SHEETS["banc_clients"], SHEETS["banc_factures"]
    raw = measure_command(
        [sys.executable, "-c", RAW_READ_SCRIPT, str(good / clients), str(good / invoices)], repeat
    )
    agora = measure_command(
        [sys.executable, "-m", "pipelines.cli", "validate", str(good), "--schemas", str(schemas),
         "--as-of", AS_OF.isoformat(), "--format", "json"],
        repeat,
    )
    report("1b. commande : lecture brute", raw)
    report("2b. commande : agora validate", agora)
    print(f"   agora validate / lecture brute (commandes) : {agora[0] / raw[0]:.2f}× "
          f"(CPU {agora[1] / raw[1]:.2f}×) ; objectif ≤ 2×")


def report(label: str, times: tuple[float, float]) -> None:
    print(f"{label:<36} {times[0]:8.3f} s   (CPU {times[1]:7.3f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000, help="lignes de clients et de factures")
    parser.add_argument("--errors", type=int, default=300, help="erreurs plantées dans la copie")
    parser.add_argument("--repeat", type=int, default=5, help="mesures de la lecture brute et d'Agora")
    parser.add_argument("--skip-frictionless", action="store_true", help="ne pas lancer frictionless")
    options = parser.parse_args()
    print(f"génération de {options.rows} clients + {options.rows} factures dans {OUT} …")
    schemas, good, planted = generate(options.rows, options.errors)
    results = {}
    raw = measure(lambda: raw_read(good), options.repeat)
    agora = measure(lambda: results.update(last=validate_workbooks(good, schemas, AS_OF)), options.repeat)
    report("1. lecture brute python-calamine", raw)
    report("2. Agora validate_workbooks", agora)
    print(f"   problèmes sur le paquet propre : {len(results['last'].issues)}")
    print(f"   Agora / lecture brute : {agora[0] / raw[0]:.2f}× (CPU {agora[1] / raw[1]:.2f}×) ; objectif ≤ 2×")
    compare_commands(schemas, good, options.repeat)
    if options.skip_frictionless:
        return
    friction = measure(lambda: frictionless_findings(schemas, good), 1)
    report("3. frictionless (API Python)", friction)
    print(f"   frictionless / Agora : {friction[0] / agora[0]:.1f}× (CPU {friction[1] / agora[1]:.1f}×) ; objectif ≥ 10×")
    compare(schemas, planted)


def compare(schemas: Path, planted: Path) -> None:
    print("comparaison des constats sur la copie avec erreurs plantées …")
    issues = validate_workbooks(planted, schemas, AS_OF).issues
    ours, theirs = agora_findings(issues), frictionless_findings(schemas, planted)
    kinds: dict[str, int] = {}
    for finding in theirs:
        kinds[finding[3]] = kinds.get(finding[3], 0) + 1
    print(f"   Agora : {len(issues)} problèmes → {len(ours)} constats frictionless ; frictionless : {len(theirs)}")
    print(f"   par type : {dict(sorted(kinds.items()))}")
    print(f"   seulement Agora : {sorted(ours - theirs, key=str)[:10]}")
    print(f"   seulement frictionless : {sorted(theirs - ours, key=str)[:10]}")
    print("   IDENTIQUES" if ours == theirs else "   DIFFÉRENTS")


if __name__ == "__main__":
    main()
