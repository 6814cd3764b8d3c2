"""No sensitive value and no management page may reach the staff site or its data files.

The sensitive columns are the fields marked ``"agora:sensible": true`` in the Table Schemas
of ``schemas/datapackage.json``; their values are read from the workbooks and searched, in
their usual renderings, in every file of the built staff site. Left out, because they would
match anything: booleans, short texts and numbers, enum labels (« maladie » is a word, the
leak would be its link to a person) and values that also sit in a non-sensitive cell.
"""

from __future__ import annotations

import gzip
import html
import json
import re
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import material
import pytest

from browser import records, sites
from browser.html_pages import page_url, site_pages
from browser.sites import demo, trapped  # noqa: F401 (the builds, shared with the browser tests)

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
THEME_FILES = Path(material.__file__).parent / "templates"
MIN_TEXT_LENGTH = 4
MIN_NUMBER_DIGITS = 4
CENT = Decimal("0.01")

MANAGEMENT_PAGES = {
    "clients": r"\bclients?\b",
    "fournisseurs": r"\bfournisseurs?\b",
    "valorisation du stock": r"valorisation|\bstocks?\b",
    "heures": r"\bheures\b|temps de travail|pointages",
    "rapport de validation": r"rapport.*validation|validation.*classeurs",
    "prospection": r"prospect",
}


# --- What is secret ------------------------------------------------------------------------


@dataclass(frozen=True)
class Secret:
    resource: str
    field: str
    row: int  # Excel row (header is row 1)
    renderings: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.resource}.{self.field} (ligne {self.row}) « {self.renderings[0]} »"


def resources(schemas: Path) -> list[tuple[str, Path, str, list[dict]]]:
    """(name, workbook file name, sheet, fields) for each resource of the data package."""
    package = json.loads((schemas / "datapackage.json").read_text(encoding="utf-8"))
    described = []
    for resource in package["resources"]:
        dialect = resource.get("dialect", {})
        sheet = dialect.get("excel", dialect).get("sheet")
        schema = resource["schema"]
        if isinstance(schema, str):
            schema = json.loads((schemas / schema).read_text(encoding="utf-8"))
        described.append((resource["name"], Path(resource["path"]).name, sheet, schema["fields"]))
    return described


def field_format(field: dict) -> str:
    return field.get("agora:format") or field.get("format") or ""


def grouped(integer_digits: str) -> str:
    """French thousands grouping: 2850 → 2 850."""
    head = len(integer_digits) % 3 or 3
    groups = [integer_digits[:head]] + [
        integer_digits[i : i + 3] for i in range(head, len(integer_digits), 3)
    ]
    return " ".join(groups)


def _digit_count(text: str) -> int:
    return sum(ch.isdigit() for ch in text)


def number_renderings(value: Decimal) -> tuple[str, ...]:
    """2850 → 2850.00, 2850,00, 2 850,00, 2850, 2 850; 17.8022 also as is (short ones dropped)."""
    written = format(value.normalize(), "f")
    if _digit_count(written) < MIN_NUMBER_DIGITS:
        return ()
    exact = format(value.quantize(CENT, rounding=ROUND_HALF_UP), "f")
    short = exact.rstrip("0").rstrip(".")
    found = []
    for plain in dict.fromkeys((exact, short, written)):
        integer, _, decimals = plain.lstrip("-").partition(".")
        sign = "-" if plain.startswith("-") else ""
        found += [plain, plain.replace(".", ",")]
        found.append(sign + grouped(integer) + ("," + decimals if decimals else ""))
    meaningful = (r for r in found if _digit_count(r) >= MIN_NUMBER_DIGITS)
    return tuple(dict.fromkeys(meaningful))


def date_renderings(value: date) -> tuple[str, ...]:
    day = "1er" if value.day == 1 else str(value.day)
    return (
        value.isoformat(),
        value.strftime("%d/%m/%Y"),
        f"{day} {MONTHS[value.month - 1]} {value.year}",
    )


def text_renderings(text: str, fmt: str) -> tuple[str, ...]:
    text = SPACES.sub(" ", text).strip()
    if len(text) < MIN_TEXT_LENGTH:
        return ()
    compact = text.replace(" ", "")
    found = [text, compact]
    if fmt == "iban":
        found.append(" ".join(compact[i : i + 4] for i in range(0, len(compact), 4)))
    elif fmt == "nir" and len(compact) == 15:
        cuts = (1, 3, 5, 7, 10, 13)
        found.append(" ".join(compact[a:b] for a, b in zip((0,) + cuts, cuts + (15,))))
    elif fmt == "bic" and compact.endswith("XXX"):
        found.append(compact[:8])
    return tuple(dict.fromkeys(found))


def renderings(value, field: dict) -> tuple[str, ...]:
    if value is None or isinstance(value, bool) or field["type"] == "boolean":
        return ()
    if "enum" in field.get("constraints", {}):
        return ()  # a category label (e.g. « maladie ») is a word, not a person's data
    if isinstance(value, date):
        return date_renderings(value)
    if isinstance(value, (int, float)) and field["type"] in ("number", "integer"):
        return number_renderings(Decimal(str(value)))
    return text_renderings(str(value), field_format(field))


def _cells(workbooks: Path, schemas: Path):
    """(resource, field, Excel row, value) for every filled cell of every described sheet."""
    for name, workbook, sheet, fields in resources(schemas):
        by_name = {field["name"]: field for field in fields}
        for index, row in enumerate(records.read_rows(workbooks / workbook, sheet), start=2):
            for column, value in row.items():
                if column in by_name and value is not None:
                    yield name, by_name[column], index, value


def sensitive_values(workbooks: Path, schemas: Path) -> list[Secret]:
    """Sensitive cells, minus those whose value also sits in a non-sensitive cell."""
    public_values, secrets = set(), []
    for name, field, row, value in _cells(workbooks, schemas):
        shown = renderings(value, field)
        if field.get("agora:sensible") is True:
            if shown:
                secrets.append(Secret(name, field["name"], row, shown))
        else:
            public_values.update(shown)
            public_values.add(SPACES.sub(" ", str(value)).strip())
    public_text = "\n".join(public_values)
    return [s for s in secrets if not any(_occurs(r, public_text) for r in s.renderings)]


# --- Where it could appear -----------------------------------------------------------------


def _is_theme_file(site: Path, path: Path) -> bool:
    shipped = THEME_FILES / path.relative_to(site)
    return shipped.is_file() and shipped.read_bytes() == path.read_bytes()


def _json_strings(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, list):
        return [text for item in node for text in _json_strings(item)]
    return [str(node)]


def readable_text(path: Path, raw: bytes) -> str | None:
    """The file as a person or a program would read it: entities decoded, tags dropped."""
    if path.suffix == ".gz":
        raw = gzip.decompress(raw)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None  # images, fonts
    variants = [text, html.unescape(text), html.unescape(re.sub(r"<[^>]+>", " ", text))]
    if path.suffix == ".json":
        decoded = "\n".join(_json_strings(json.loads(text)))
        variants += [decoded, html.unescape(re.sub(r"<[^>]+>", " ", decoded))]
    return SPACES.sub(" ", "\n".join(variants))


def site_texts(site: Path) -> dict[str, str]:
    texts = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        if not _is_theme_file(site, path):
            text = readable_text(path, path.read_bytes())
            if text is not None:
                texts[path.relative_to(site).as_posix()] = text
    return texts


def _pattern(rendering: str) -> re.Pattern:
    before = r"(?<![\w.,])(?<!\d )" if rendering[:1].isdigit() else r"(?<!\w)"
    after = r"(?![\w]|[.,]\d| \d{3}\b)" if rendering[-1:].isdigit() else r"(?!\w)"
    return re.compile(before + re.escape(rendering) + after)


def _occurs(rendering: str, text: str) -> bool:
    return rendering in text and _pattern(rendering).search(text) is not None


def find_leaks(secrets: list[Secret], texts: dict[str, str]) -> list[str]:
    everything = "\n".join(texts.values())
    leaks = []
    for secret in secrets:
        for rendering in secret.renderings:
            if rendering not in everything:
                continue
            leaks += [f"{secret} dans {name}" for name, text in texts.items()
                      if _occurs(rendering, text)]
    return sorted(set(leaks))


# --- The tests -----------------------------------------------------------------------------


def test_the_detector_sees_usual_renderings(tmp_path):
    salary = {"name": "salaire_base_mensuel", "type": "number"}
    birth = {"name": "date_naissance", "type": "date"}
    nir = {"name": "nir", "type": "string", "agora:format": "nir"}
    secrets = [
        Secret("contrats", "salaire_base_mensuel", 2, renderings(2850.0, salary)),
        Secret("salaries", "date_naissance", 3, renderings(date(1985, 5, 1), birth)),
        Secret("salaries", "nir", 4, renderings("185057800608436", nir)),
    ]
    (tmp_path / "a.html").write_text("<td>2&#8239;850,00&nbsp;€</td>", encoding="utf-8")
    (tmp_path / "b.json").write_text(json.dumps({"t": "né le 1er mai 1985"}), encoding="utf-8")
    (tmp_path / "c.xml").write_text("<nir>1 85 05 78 006 084 36</nir>", encoding="utf-8")
    (tmp_path / "d.html").write_text("<p>12 850,00 ; 2850,001 ; 28500</p>", encoding="utf-8")

    leaks = find_leaks(secrets, site_texts(tmp_path))

    assert [leak.rsplit(" dans ", 1)[1] for leak in leaks] == ["a.html", "b.json", "c.xml"]


def test_no_sensitive_value_in_the_staff_site(demo):
    secrets = sensitive_values(demo.workbooks, sites.SCHEMAS)
    fields = {(s.resource, s.field) for s in secrets}
    assert ("salaries", "nir") in fields and ("salaries", "iban") in fields
    assert ("contrats", "salaire_base_mensuel") in fields

    leaks = find_leaks(secrets, site_texts(demo.staff))

    assert leaks == [], (
        f"{len(leaks)} valeur(s) sensible(s) sur le site du personnel :\n" + "\n".join(leaks[:40])
    )


def test_no_sensitive_value_in_the_staff_data_files(demo):
    """site_data/personnel/ holds the staff tables: no sensitive value either."""
    secrets = sensitive_values(demo.workbooks, sites.SCHEMAS)
    staff_data = site_texts(demo.site_data / "personnel")
    assert any(name.endswith(".csv") for name in staff_data)

    leaks = find_leaks(secrets, staff_data)

    assert leaks == [], "valeurs sensibles dans site_data/personnel :\n" + "\n".join(leaks[:40])
    # the management tables do hold some (a private customer's address): the search can fail
    assert find_leaks(secrets, site_texts(demo.site_data / "gestion"))


def test_management_pages_are_not_in_the_staff_site(demo):
    staff_headings = {page.heading for page in site_pages(demo.staff)}
    staff_urls = {page_url(demo.staff, page.path) for page in site_pages(demo.staff)}
    management = site_pages(demo.management)
    for label, pattern in MANAGEMENT_PAGES.items():
        pages = [p for p in management if re.search(pattern, p.heading, re.IGNORECASE)]
        assert pages, f"page « {label} » introuvable dans site-gestion"
        on_staff = [
            f"{p.heading} ({page_url(demo.management, p.path)})" for p in pages
            if p.heading in staff_headings or page_url(demo.management, p.path) in staff_urls
        ]
        assert on_staff == [], f"pages « {label} » publiées sur le site du personnel"


def test_no_customer_or_supplier_page_in_the_staff_site(demo):
    names = {
        row["raison_sociale"]
        for workbook, sheet in (("clients.xlsx", "Clients"), ("fournisseurs.xlsx", "Fournisseurs"))
        for row in records.read_rows(demo.workbooks / workbook, sheet)
    }
    management_headings = {page.heading for page in site_pages(demo.management)}
    assert len(names & management_headings) >= len(names) // 2, "pages de tiers introuvables"

    staff_headings = {page.heading for page in site_pages(demo.staff)}

    assert sorted(names & staff_headings) == []


def test_planted_iban_and_nir_reach_neither_site(trapped, tmp_path_factory):
    planted = sites.planted_values(tmp_path_factory)
    employee = next(
        row for row in records.read_rows(trapped.workbooks / "personnel.xlsx", "Salariés")
        if row["matricule"] == planted.matricule
    )
    assert (employee["iban"], employee["nir"]) == (planted.iban, planted.nir)
    secrets = [
        Secret("salaries", "iban", 0, text_renderings(planted.iban, "iban")),
        Secret("salaries", "nir", 0, text_renderings(planted.nir, "nir")),
    ]

    assert find_leaks(secrets, site_texts(trapped.staff)) == []
    assert find_leaks(secrets, site_texts(trapped.management)) == []


# --- No one's pay on either site -----------------------------------------------------------

PAYSLIP_FIGURES = ("salaire_brut", "net_paye", "net_imposable", "cout_employeur", "pas")
NUMBER_TOKEN = re.compile(r"(?<![\w.])-?(?:\d{1,3}(?: \d{3})+(?:,\d+)?|\d+(?:[.,]\d+)?)(?!\w)")


def payslips(workbooks: Path) -> tuple:
    """Every payslip of the workbooks, as the build computes them."""
    from pipelines.compute.payroll.run import compute_payroll
    from pipelines.law import parameters
    from pipelines.validate import validate_workbooks

    dataset = validate_workbooks(workbooks, sites.SCHEMAS).dataset
    return compute_payroll(dataset, parameters()).payslips


def payslip_secrets(slips) -> list[Secret]:
    """Each employee-month's gross, net paid, net taxable, employer cost and withholding
    tax, in the renderings of `number_renderings` (2 500,00 · 2500,00 · 2500.00 · 2 500…)."""
    found = []
    for slip in slips:
        for name in PAYSLIP_FIGURES:
            shown = number_renderings(getattr(slip, name))
            if shown:
                found.append(Secret("paie", f"{name} de {slip.employee.matricule} en "
                                    f"{slip.month}", 0, shown))
    return found


def number_tokens(texts: dict[str, str]) -> dict[str, set[str]]:
    """Every whole number written in the files (« 2 500,00 », « 2500.00 », « -102,51 »…),
    with the files it is in; a sign does not hide a number."""
    where: dict[str, set[str]] = {}
    for name, text in texts.items():
        for token in NUMBER_TOKEN.findall(text):
            for form in {token, token.lstrip("-")}:
                where.setdefault(form, set()).add(name)
    return where


def every_text(built: sites.BuiltSites) -> dict[str, str]:
    """The files of both sites and of site_data/, by site-prefixed path."""
    texts = {}
    for label, folder in (("site", built.staff), ("site-gestion", built.management),
                          ("site_data", built.site_data)):
        texts.update({f"{label}/{name}": text for name, text in site_texts(folder).items()})
    return texts


def pay_leaks(secrets: list[Secret], tokens: dict[str, set[str]],
              known: dict[str, set[str]] | None = None) -> list[str]:
    known = known or {}
    return sorted({f"{secret} dans {name}" for secret in secrets
                   for rendering in secret.renderings if rendering not in known
                   for name in tokens.get(rendering, ())})


@pytest.fixture(scope="session")
def without_payslips(tmp_path_factory) -> sites.BuiltSites:
    """The demo built once more with the same workbooks but no payslip (paie.xlsx keeps its
    settings; its Variables, Regularisations and Declarations rows are removed)."""
    from openpyxl import load_workbook
    from scenarios.workbooks import copy_demo

    workbooks = tmp_path_factory.mktemp("sans-paie") / "workbooks"
    copy_demo(workbooks)
    path = workbooks / "paie.xlsx"
    path.unlink()  # a copy, never a link to the demo's file
    book = load_workbook(sites.DEMO_WORKBOOKS / "paie.xlsx")
    for sheet in ("Variables", "Regularisations", "Declarations"):
        if sheet in book.sheetnames and book[sheet].max_row > 1:
            book[sheet].delete_rows(2, book[sheet].max_row - 1)
    book.save(path)
    return sites.run_build(workbooks, tmp_path_factory.mktemp("sans-paie-build"))


def test_the_pay_detector_sees_whole_numbers_only():
    secret = Secret("paie", "net_paye", 0, number_renderings(Decimal("2070.34")))
    texts = {"a.html": "Net payé 2 070,34 €", "b.csv": "S013,2070.34,1", "c.json": "-2070.34",
             "d.html": "12 070,34 € ; 2 070,345 ; 32070.34 ; 2070.341"}

    leaks = pay_leaks([secret], number_tokens(texts))

    assert [leak.rsplit(" dans ", 1)[1] for leak in leaks] == ["a.html", "b.csv", "c.json"]


def test_no_individual_pay_in_either_site(demo, without_payslips):
    """No employee-month's gross, net paid, net taxable, employer cost or withholding tax
    (more than 600 figures) is written in the staff site, the management site or
    site_data/, as a whole number in any usual rendering.

    A number already written in the same build without any payslip (a sales amount that
    happens to equal someone's net pay, a date, a year) cannot come from the payroll: it is
    left out, for that rendering only; the payroll's own files (the « Paie » page, its
    chart and tables) are checked against every rendering, without that allowance."""
    slips = payslips(demo.workbooks)
    secrets = payslip_secrets(slips)
    assert len(secrets) > 600
    texts = every_text(demo)
    assert "site-gestion/gestion/paie/index.html" in texts
    tokens = number_tokens(texts)
    known = number_tokens(every_text(without_payslips))

    leaks = pay_leaks(secrets, tokens, known)
    payroll_files = {name: text for name, text in texts.items()
                     if "/paie" in name or "paie_" in name or "paie-" in name}
    own = pay_leaks(secrets, number_tokens(payroll_files))

    assert leaks == [], "paie individuelle publiée :\n" + "\n".join(leaks[:40])
    assert own == [], "paie individuelle dans les fichiers de paie :\n" + "\n".join(own[:40])
    # the search does see the payroll figures: the month totals are on the page
    total = sum(slip.salaire_brut for slip in slips if slip.month == "2026-11")
    month = Secret("paie", "salaire_brut de novembre", 0, number_renderings(total))
    assert pay_leaks([month], number_tokens(payroll_files))

