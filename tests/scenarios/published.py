"""Both sites built once with `agora build`, from demo workbooks edited for the intranet hazards.

Planted before the build:

- an expired notice and a draft and a future news item, each titled with a word found in
  no demo text, so that finding the word in a built file proves it leaked;
- distinctive sensitive values: a base salary, a social security number (NIR) and an IBAN
  for one employee, and a street name in a private customer's address.

Every planted value is valid, so the build has no blocking issue.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

import pytest

from pipelines.publish.run import OutputFolders

from .workbooks import SCHEMAS, Workbooks

EXPIRED_NOTICE = ("N006", "Consigne de parking Tlaloc")
DRAFT_NEWS = ("brouillon-mictlan", "Projet de déménagement Mictlan")
FUTURE_NEWS = ("annonce-tezcatlipoca", "Arbre de Noël Tezcatlipoca")
PLANTED_EMPLOYEE, PLANTED_CONTRACT = "S008", "CT0009"
PLANTED_SALARY = Decimal("3487.65")
PLANTED_NIR = "196077399941754"  # 1 96 07 73 999 417, key 54
PLANTED_IBAN = "FR7630004008254682917350230"  # BNP, account 46829173502, RIB key 30
PLANTED_CUSTOMER, PLANTED_STREET = "C0008", "Xochipilli"
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")


@dataclass(frozen=True)
class Published(OutputFolders):
    """The output folders of a build, and the planted workbooks it was built from."""

    workbooks: Path


def site_text(site: Path) -> str:
    """Every text file of a built site, entities decoded and spaces made plain."""
    texts = []
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue  # images, fonts, compressed sitemaps
        texts.append(html.unescape(text))
    return SPACES.sub(" ", "\n".join(texts))


def salary_renderings(amount: Decimal) -> list[str]:
    """3487.65 as a page or a data file could write it."""
    plain = format(amount, "f")
    integer, decimals = plain.split(".")
    grouped = f"{integer[:-3]} {integer[-3:]}"
    return [plain, plain.replace(".", ","), f"{grouped},{decimals}"]


def nir_renderings(nir: str) -> list[str]:
    cuts = (0, 1, 3, 5, 7, 10, 13, 15)
    return [nir, " ".join(nir[a:b] for a, b in pairwise(cuts))]


def iban_renderings(iban: str) -> list[str]:
    return [iban, " ".join(iban[i : i + 4] for i in range(0, len(iban), 4))]


def _plant_intranet_hazards(workbooks: Workbooks) -> None:
    notices = workbooks.sheet("communication.xlsx", "Annonces")
    notices.append({
        "id_annonce": EXPIRED_NOTICE[0], "titre": EXPIRED_NOTICE[1],
        "message": "Le parking est fermé pendant les travaux de voirie.",
        "priorite": "importante", "public": "tous", "date_debut": date(2026, 10, 1),
        "date_expiration": date(2026, 11, 29), "auteur": "S002",
    })
    news = workbooks.sheet("communication.xlsx", "Actualités")
    for (slug, title), day, published in ((DRAFT_NEWS, date(2026, 11, 20), "non"),
                                          (FUTURE_NEWS, date(2026, 12, 15), "oui")):
        news.append({
            "id_actualite": slug, "date_publication": day, "titre": title,
            "categorie": "Vie de l'entreprise", "auteur": "S002", "resume": title,
            "contenu": f"{title} : texte de travail.", "publie": published,
        })


def _plant_sensitive_values(workbooks: Workbooks) -> None:
    staff = workbooks.sheet("personnel.xlsx", "Salariés")
    staff.update(staff.row_of(PLANTED_EMPLOYEE), nir=PLANTED_NIR, iban=PLANTED_IBAN, bic="BNPAFRPP")
    contracts = workbooks.sheet("personnel.xlsx", "Contrats")
    contracts.set(contracts.row_of(PLANTED_CONTRACT), "salaire_base_mensuel", float(PLANTED_SALARY))
    # the new salary changes the payroll of months already declared: the demo's declarations
    # would no longer match it (a blocking finding), so this copy has declared nothing yet
    declarations = workbooks.sheet("paie.xlsx", "Declarations")
    declarations.worksheet.delete_rows(2, declarations.worksheet.max_row)
    customers = workbooks.sheet("clients.xlsx", "Clients")
    customers.set(customers.row_of(PLANTED_CUSTOMER), "adresse", f"12 impasse {PLANTED_STREET}")


def build_published(folder: Path) -> Published:
    """Copy the demo, plant the hazards, run ``agora build``; fail with its messages."""
    workbooks = Workbooks.copy_of_demo(folder / "workbooks")
    _plant_intranet_hazards(workbooks)
    _plant_sensitive_values(workbooks)
    root = folder / "sortie"
    done = workbooks.agora("build", "--workbooks", str(workbooks.folder),
                           "--schemas", str(SCHEMAS), "--out", str(root))
    if done.returncode != 0:
        pytest.fail(f"« agora build » a échoué ({done.returncode}) :\n{done.stderr[-4000:]}",
                    pytrace=False)
    return Published(root=root, workbooks=workbooks.folder)
