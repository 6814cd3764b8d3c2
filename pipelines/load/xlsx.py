"""Read xlsx workbooks with python-calamine; never write to them.

Each file is opened once and each sheet read once. A file that cannot be read
(missing, not a workbook, damaged, protected by a password) becomes an issue,
never a traceback.
"""

from __future__ import annotations

import io
import posixpath
import zipfile
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from xml.etree import ElementTree

import python_calamine

from pipelines.issues import Issue, Severity, SourceRef, define_issue_type, raise_issue
from pipelines.load.sheet_xml import SheetXmlFacts, blank_shared_strings, scan_sheet_xml
from pipelines.load.source import Sheet

WORKBOOK_MISSING = define_issue_type(
    "classeur-absent",
    "Classeur absent",
    "Le classeur attendu par le schéma n'est pas dans le dossier des classeurs.",
    Severity.BLOQUANT,
    frictionless="scheme-error",
)
WORKBOOK_UNREADABLE = define_issue_type(
    "classeur-illisible",
    "Classeur illisible",
    "Le fichier n'est pas un classeur Excel (.xlsx) ou il est endommagé.",
    Severity.BLOQUANT,
    frictionless="format-error",
)
WORKBOOK_ENCRYPTED = define_issue_type(
    "classeur-protege",
    "Classeur protégé par un mot de passe",
    "Le classeur est chiffré par un mot de passe : Agora ne peut pas le lire.",
    Severity.BLOQUANT,
    frictionless="format-error",
)
SHEET_MISSING = define_issue_type(
    "feuille-absente",
    "Feuille absente",
    "La feuille attendue par le schéma n'existe pas dans le classeur.",
    Severity.BLOQUANT,
    frictionless="format-error",
)

_CFB_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")  # OLE container: encrypted xlsx, or old .xls
_ZIP_MAGIC = b"PK\x03\x04"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_RELS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


class XlsxWorkbook:
    """An xlsx file opened for reading (a `WorkbookSource`)."""

    def __init__(self, path: Path, book: python_calamine.CalamineWorkbook, archive):
        self.path = path
        self.name = path.name
        self._book = book
        self._archive = archive
        self._sheet_paths = _sheet_xml_paths(archive)
        self._shared_blanks: dict[int, str] | None = None
        self._scanner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="scan-xml")

    def sheet_names(self) -> list[str]:
        return list(self._book.sheet_names)

    def read_sheet(self, name: str) -> Sheet | Issue:
        if name not in self._book.sheet_names:
            known = ", ".join(f"« {sheet} »" for sheet in self._book.sheet_names)
            return raise_issue(
                SHEET_MISSING,
                SourceRef(self.name, name),
                f"la feuille « {name} » est introuvable dans {self.name} "
                f"(feuilles présentes : {known}) ; renommez ou rétablissez la feuille",
            )
        facts = self._scan_in_background(name)
        try:
            calamine_sheet = self._book.get_sheet_by_name(name)
            rows = calamine_sheet.to_python(skip_empty_area=False)
            merged = calamine_sheet.merged_cell_ranges or []
        except Exception as error:  # a damaged sheet inside a readable file
            return _unreadable(self.name, f"la feuille « {name} » est endommagée ({error})")
        return _sheet(self.name, name, rows, [tuple(r) for r in merged], facts.result())

    def close(self) -> None:
        self._scanner.shutdown()
        self._book.close()
        self._archive.close()

    def _scan_in_background(self, name: str) -> Future[SheetXmlFacts]:
        """The XML scan, run while calamine reads the sheet: both release the GIL
        (zlib, numpy, calamine's parser), so the scan costs almost no wall time."""
        return self._scanner.submit(self._scan, name)

    def _scan(self, name: str) -> SheetXmlFacts:
        path = self._sheet_paths.get(name)
        if path is None:
            return SheetXmlFacts()
        try:
            return scan_sheet_xml(self._archive.read(path), self._blank_shared_strings())
        except (KeyError, zipfile.BadZipFile, OSError, ValueError):
            return SheetXmlFacts()

    def _blank_shared_strings(self) -> dict[int, str]:
        if self._shared_blanks is None:
            try:
                self._shared_blanks = blank_shared_strings(self._archive.read("xl/sharedStrings.xml"))
            except KeyError:  # a workbook without shared strings
                self._shared_blanks = {}
        return self._shared_blanks


def open_workbook(path: Path) -> XlsxWorkbook | Issue:
    """Open an xlsx file for reading, or say why it cannot be."""
    name = path.name
    if not path.is_file():
        return raise_issue(
            WORKBOOK_MISSING,
            SourceRef(name),
            f"le classeur {name} est introuvable : déposez-le dans le dossier des classeurs",
        )
    try:
        content = path.read_bytes()  # the file is read once; calamine and the XML scan share it
    except OSError as error:
        return _unreadable(name, f"{name} ne peut pas être ouvert ({error.strerror or error})")
    if content[:8] == _CFB_MAGIC:
        return raise_issue(
            WORKBOOK_ENCRYPTED,
            SourceRef(name),
            f"{name} est protégé par un mot de passe (ou c'est un ancien fichier .xls) : "
            "enregistrez-le sans mot de passe, au format .xlsx",
        )
    if not content.startswith(_ZIP_MAGIC):
        return _unreadable(name, f"{name} n'est pas un classeur Excel .xlsx")
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
    except zipfile.BadZipFile:
        return _unreadable(name, f"{name} est endommagé (archive tronquée ou corrompue)")
    except Exception as error:  # calamine rejects a zip that holds no workbook
        return _unreadable(name, f"{name} est endommagé ({_reason(error)})")
    return XlsxWorkbook(path, book, archive)


def _sheet(workbook: str, name: str, rows: list, merged, facts: SheetXmlFacts) -> Sheet:
    """Rows as other xlsx readers see them: padded to the declared size, with errors."""
    width = max(len(rows[0]) if rows else 0, facts.dimension[1] if facts.dimension else 0)
    height = len(rows)
    if facts.dimension and facts.last_row:
        height = max(height, min(facts.dimension[0], facts.last_row))
    if rows and len(rows[0]) < width:
        rows = [row + [""] * (width - len(row)) for row in rows]
    rows.extend([""] * width for _ in range(height - len(rows)))
    for (row, column), text in {**facts.blank_texts, **facts.error_cells}.items():
        if row < len(rows) and column < width:
            rows[row][column] = text
    return Sheet(workbook, name, rows, merged, facts.error_cells, facts.formulas_without_value)


def _sheet_xml_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → path of its XML part, from workbook.xml and its relationships."""
    try:
        workbook = ElementTree.fromstring(archive.read("xl/workbook.xml"))
        relations = ElementTree.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except (KeyError, ElementTree.ParseError, zipfile.BadZipFile):
        return {}
    targets = {rel.get("Id"): rel.get("Target", "") for rel in relations.iter(f"{_RELS}Relationship")}
    paths = {}
    for sheet in workbook.iter(f"{_MAIN}sheet"):
        target = targets.get(sheet.get(_REL_ID), "")
        if target.startswith("/"):
            paths[sheet.get("name")] = target.lstrip("/")
        elif target:
            paths[sheet.get("name")] = posixpath.normpath(posixpath.join("xl", target))
    return paths


def _unreadable(name: str, message: str) -> Issue:
    return raise_issue(
        WORKBOOK_UNREADABLE,
        SourceRef(name),
        f"{message} ; ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx",
    )


def _reason(error: Exception) -> str:
    text = str(error).strip() or type(error).__name__
    return text if len(text) <= 120 else text[:117] + "…"
