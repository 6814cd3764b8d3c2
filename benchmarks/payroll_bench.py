"""Benchmark of the payroll: payslips computed per second, then payslip PDFs per second.

    .venv/bin/python benchmarks/payroll_bench.py [--salaries 10000] [--pdf 200] [--workers 2]

Generates, deterministically (fixed seed), ``--salaries`` employees with twelve months of
`PayrollInput` each (2026): about 20 % cadres, 5 % apprentices, 15 % part-time (24 or
28 h a week); overtime in one month out of three for full-timers, complementary hours for
part-timers, unpaid absences and sick leave now and then, a bonus in June and December, a
car benefit for some cadres, meal vouchers, transport reimbursement, and the organisation's
mutuelle (flat amounts) and prévoyance (a rate on the tranche 1, cadres and non-cadres).
It then measures in one run:

1. ``year_of_payslips`` for each employee (the engine, with its cumulative figures and
   the RGDU on the year to date), checked on every payslip against the identity
   net payé = brut − cotisations salariales − retenues après le net − PAS + ajouts;
2. the printing of ``--pdf`` payslips as PDF/A-3b (HTML Jinja2 → WeasyPrint), in one
   process on a tenth of them, then in ``--workers`` processes (`documents.pool`).

It fails (exit code 1) when a payslip breaks the identity: the timings only count when the
values hold.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

from babel.numbers import format_decimal

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.compute.payroll.engine import year_of_payslips  # noqa: E402
from pipelines.compute.payroll.model import (  # noqa: E402
    APPRENTI,
    CADRE,
    NON_CADRE,
    Contract,
    Employee,
    MonthVariables,
    OrganisationSettings,
    PayrollInput,
    ProtectionContract,
)
from pipelines.documents.payslip_pdf import (  # noqa: E402
    EmployeeFile,
    Employer,
    PayslipDocument,
    render_payslip_html,
)
from pipelines.documents.pool import render_each  # noqa: E402
from pipelines.documents.templating import render_pdf_a3  # noqa: E402
from pipelines.french import LOCALE  # noqa: E402
from pipelines.law import parameters  # noqa: E402

SEED = 2026
MONTHS = [f"2026-{n:02d}" for n in range(1, 13)]
CENT = Decimal("0.01")
NAMES = ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
         "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David")
FIRST_NAMES = ("Camille", "Léa", "Louis", "Chloé", "Hugo", "Inès", "Jules", "Manon", "Nathan",
               "Zoé", "Lucas", "Emma", "Gabriel", "Jade", "Arthur", "Louise")
EMPLOYER = Employer("Société d'essai", ("1 rue de l'Essai", "69007 Lyon"), "93029733800012",
                    "46.69B", "Commerces de gros (IDCC 573)")
PROTECTION = (
    ProtectionContract("MUT", "mutuelle", "Mutuelle d'essai", "tous", "forfait",
                       montant_salarial=Decimal("32.00"), montant_patronal=Decimal("48.00")),
    ProtectionContract("PREV-C", "prévoyance", "Prévoyance d'essai", "cadre", "tranche 1",
                       taux_patronal=Decimal("0.015")),
    ProtectionContract("PREV-NC", "prévoyance", "Prévoyance d'essai", "non-cadre", "tranche 1",
                       taux_salarial=Decimal("0.0035"), taux_patronal=Decimal("0.0055")),
)
SETTINGS = OrganisationSettings(
    effectif=45, taux_at=Decimal("0.0224"), taux_versement_mobilite=Decimal("0.02"),
    valeur_titre_restaurant=Decimal("9.00"), part_patronale_titre_restaurant=Decimal("0.5"),
    protection=PROTECTION)


def _money(value: float) -> Decimal:
    return Decimal(str(value)).quantize(CENT)


def employee_year(rng: random.Random, number: int) -> list[PayrollInput]:
    """Twelve months of one synthetic employee."""
    draw = rng.random()
    category = CADRE if draw < 0.20 else APPRENTI if draw < 0.25 else NON_CADRE
    part_time = category == NON_CADRE and rng.random() < 0.18
    weekly = Decimal(rng.choice((24, 28))) if part_time else Decimal(
        39 if category == CADRE and rng.random() < 0.5 else 35)
    if category == CADRE:
        salary = _money(rng.uniform(3600, 7500))
    elif category == APPRENTI:
        salary = _money(rng.uniform(950, 1500))
    else:
        salary = _money(rng.uniform(1900, 3400) * (float(weekly) / 35))
    matricule = f"B{number:05d}"
    employee = Employee(matricule, rng.choice(NAMES), rng.choice(FIRST_NAMES), category,
                        taux_pas=None if rng.random() < 0.1 else Decimal(rng.choice(
                            ("0", "0.021", "0.058", "0.089", "0.112", "0.124"))),
                        iban="FR7630003024507968748929696", nir=None, poste="Poste d'essai")
    contract = Contract(f"C{number:05d}", "apprentissage" if category == APPRENTI else "CDI",
                        date(2020, 1, 1), None, weekly, part_time, salary, None)
    inputs = []
    for index, month in enumerate(MONTHS):
        overtime = not part_time and category != APPRENTI and rng.random() < 0.33
        extra = part_time and rng.random() < 0.4
        variables = MonthVariables(
            heures_sup_bande_1=Decimal(rng.randint(2, 12)) if overtime else Decimal(0),
            heures_sup_bande_2=Decimal(rng.randint(1, 4)) if overtime and rng.random() < 0.2
            else Decimal(0),
            heures_comp_dixieme=Decimal(rng.randint(1, 9)) / 2 if extra else Decimal(0),
            heures_absence_non_payee=Decimal(rng.randint(4, 14)) if rng.random() < 0.04
            else Decimal(0),
            heures_absence_maladie=Decimal(rng.randint(7, 35)) if rng.random() < 0.05
            else Decimal(0),
            jours_conges_payes=Decimal(rng.randint(1, 10)) if rng.random() < 0.3 else Decimal(0),
            effectif=SETTINGS.effectif,
            prime=_money(rng.uniform(200, 1500)) if index in (5, 11) else Decimal(0),
            libelle_prime="Prime semestrielle" if index in (5, 11) else None,
            avantage_vehicule=Decimal("210.00") if category == CADRE and number % 4 == 0
            else Decimal(0),
            titres_restaurant=rng.randint(15, 21) if number % 3 else 0,
            remboursement_transport=Decimal("44.20") if number % 2 else Decimal(0),
        )
        inputs.append(PayrollInput(month, employee, contract, SETTINGS, variables))
    return inputs


def generate(count: int) -> list[list[PayrollInput]]:
    rng = random.Random(SEED)
    return [employee_year(rng, number) for number in range(1, count + 1)]


def wrong(slip) -> bool:
    expected = (slip.salaire_brut - slip.cotisations_salariales - slip.retenues_apres_net
                - slip.pas + slip.ajouts_non_soumis)
    return expected != slip.net_paye


def main() -> int:
    parser = argparse.ArgumentParser(description="Paie : banc d'essai du moteur et des PDF.")
    parser.add_argument("--salaries", type=int, default=10_000, help="nombre de salariés")
    parser.add_argument("--pdf", type=int, default=200, help="bulletins PDF à imprimer")
    parser.add_argument("--workers", type=int, default=2, help="processus d'impression")
    args = parser.parse_args()

    started = time.perf_counter()
    years = generate(args.salaries)
    generated = time.perf_counter() - started
    print(f"{args.salaries} salariés × 12 mois générés en {generated:.2f} s")

    law = parameters()
    year_of_payslips(years[0], law)  # warm the caches of the legal parameters
    started = time.perf_counter()
    slips = [slip for year in years for slip in year_of_payslips(year, law)]
    elapsed = time.perf_counter() - started
    rate = format_decimal(round(len(slips) / elapsed), locale=LOCALE)
    print(f"{'bulletins calculés (year_of_payslips)':<44} {len(slips)} en {elapsed:.1f} s, "
          f"soit {rate} bulletins par seconde")
    broken = [f"{s.employee.matricule} {s.month}" for s in slips if wrong(s)]
    if broken:
        print(f"ÉCHEC : {len(broken)} bulletin(s) hors de l'identité du net : {broken[:5]}",
              file=sys.stderr)
        return 1
    total = sum((slip.net_paye for slip in slips), Decimal(0))
    print(f"contrôle : identité du net vérifiée sur chaque bulletin ; net payé total {total} €")

    step = max(1, len(slips) // args.pdf)
    chosen = slips[::step][:args.pdf]
    pages = [render_payslip_html(PayslipDocument(slip, EMPLOYER, EmployeeFile()))
             for slip in chosen]
    render_pdf_a3(pages[0])  # fonts loaded once, as in a long batch
    alone = pages[: max(1, len(pages) // 10)]
    started = time.perf_counter()
    sizes = [len(render_pdf_a3(page)) for page in alone]
    single = time.perf_counter() - started
    print(f"{'PDF, un processus':<44} {len(alone)} en {single:.1f} s, soit "
          f"{len(alone) / single:.1f} PDF/s ({1000 * single / len(alone):.0f} ms par bulletin, "
          f"{sum(sizes) // len(sizes) // 1024} Kio)")
    started = time.perf_counter()
    count = sum(1 for _page, _pdf in render_each(render_pdf_a3, pages, args.workers))
    pooled = time.perf_counter() - started
    print(f"{f'PDF, {args.workers} processus':<44} {count} en {pooled:.1f} s, soit "
          f"{count / pooled:.1f} PDF/s (démarrage des processus compris)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
