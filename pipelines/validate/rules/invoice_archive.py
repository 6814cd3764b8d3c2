"""An issued invoice does not change: the workbook against the archive of issued invoices.

``agora archiver`` keeps each issued invoice and credit note as its Factur-X PDF in
``<classeurs>/archives/factures/`` and one row of the register ``registre.csv`` with the
fingerprints of its content. The fingerprints are SHA-256 digests of a canonical text of
what the document prints, read from the workbook:

- the header: the fields of the invoice's row of Factures that the document prints
  (``HEADER_FIELDS``; not its status, nor its internal comment);
- each line: the fields of its row of LignesFacture (``LINE_FIELDS``).

The register keeps the digest of the whole content, of the header and of each line (a
short one, to say which row changed). Checking the workbook against it needs no PDF: the
register is read once, the fingerprints computed from the frames. A folder without an
archive is not checked (the organisation does not archive with Agora).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import polars as pl

from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.validate.rules import rule

ARCHIVE_FOLDER = Path("archives") / "factures"
REGISTER_NAME = "registre.csv"
ISSUED = "émise"

HEADER_FIELDS = (
    "numero_facture",
    "type",
    "date_facture",
    "code_client",
    "reference_acheteur",
    "date_vente",
    "adresse_livraison",
    "code_postal_livraison",
    "ville_livraison",
    "pays_livraison",
    "nature",
    "conditions_paiement",
    "date_echeance",
    "remise_globale_pct",
    "frais_port_ht",
    "taux_escompte",
    "date_limite_escompte",
    "devise",
    "taux_change",
    "facture_origine",
)
LINE_FIELDS = (
    "ligne",
    "reference",
    "designation",
    "quantite",
    "prix_unitaire_ht",
    "taux_tva",
    "remise_pct",
    "rabais_pct",
    "ristourne_pct",
)
LINE_DIGEST_LENGTH = 16  # hexadecimal digits of a line's digest: enough to locate a change

REGISTER_COLUMNS = (
    "numero",
    "type",
    "date",
    "code_client",
    "client",
    "devise",
    "total_ht",
    "total_tva",
    "total_ttc",
    "empreinte_contenu",
    "empreinte_entete",
    "empreintes_lignes",
    "fichier",
    "empreinte_pdf",
    "archivee_le",
)

ISSUED_INVOICE_CHANGED = define_issue_type(
    "facture-emise-modifiee",
    "Facture émise modifiée",
    "Une facture émise et archivée ne change plus (Code de commerce L441-9, CGI art. 289) : "
    "ses mentions imprimées ou ses lignes diffèrent de la facture archivée. Rétablissez les "
    "valeurs d'origine (voir le PDF dans archives/factures/) et corrigez par un avoir.",
    Severity.BLOQUANT,
)
ARCHIVED_INVOICE_MISSING = define_issue_type(
    "facture-archivee-absente",
    "Facture archivée absente du classeur",
    "Une facture émise ne se supprime pas : elle figure au registre des factures archivées "
    "mais plus dans la feuille Factures. Rétablissez sa ligne et ses lignes de facture, puis "
    "annulez-la par un avoir si elle est erronée.",
    Severity.BLOQUANT,
)
ISSUED_INVOICE_NOT_ARCHIVED = define_issue_type(
    "facture-emise-non-archivee",
    "Facture émise non archivée",
    "Une facture émise doit être archivée telle qu'elle a été envoyée : lancez "
    "« agora archiver » pour écrire son PDF Factur-X et sa ligne au registre.",
    Severity.AVERTISSEMENT,
)


def archive_folder(workbooks_dir: Path) -> Path:
    return Path(workbooks_dir) / ARCHIVE_FOLDER


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _canonical(frame: pl.DataFrame, fields: tuple[str, ...]) -> pl.Expr:
    """One text per row: ``name=value`` per field, a line each; decimals without their
    trailing zeros, dates in ISO form, an empty cell as nothing."""
    parts = []
    for name in fields:
        dtype = frame.schema.get(name)
        value = pl.col(name).cast(pl.String) if dtype is not None else pl.lit(None, pl.String)
        if isinstance(dtype, pl.Decimal):
            value = value.str.replace(r"\.?0+$", "")
        parts.append(pl.lit(f"{name}=") + value.fill_null(""))
    return pl.concat_str(parts, separator="\n")


def _digests(texts: pl.Series, length: int | None = None) -> list[str]:
    return [sha256(text)[:length] for text in texts.to_list()]


@dataclass(frozen=True)
class Fingerprints:
    """The fingerprints of the invoices of a workbook, one row per invoice (first row of
    each number) with its Excel row, status, header and content digests, and one row per
    invoice line with its digest."""

    invoices: pl.DataFrame  # numero_facture, statut, _ligne, empreinte_entete, empreinte_contenu
    lines: pl.DataFrame  # numero_facture, ligne, _ligne, empreinte_ligne


def fingerprints(factures: pl.DataFrame, lignes: pl.DataFrame) -> Fingerprints:
    """Fingerprints of the frames of Factures and LignesFacture (an invoice's lines in the
    order of their number, then of the sheet)."""
    headers = (
        factures.filter(pl.col("numero_facture").is_not_null())
        .unique("numero_facture", keep="first", maintain_order=True)
        .select("numero_facture", "statut", ROW_COLUMN, texte=_canonical(factures, HEADER_FIELDS))
    )
    lines = (
        lignes.filter(pl.col("numero_facture").is_not_null())
        .sort("numero_facture", "ligne", ROW_COLUMN, nulls_last=True)
        .select("numero_facture", "ligne", ROW_COLUMN, texte=_canonical(lignes, LINE_FIELDS))
    )
    lines = lines.with_columns(
        empreinte_ligne=pl.Series(_digests(lines["texte"], LINE_DIGEST_LENGTH), dtype=pl.String)
    )
    by_invoice = lines.group_by("numero_facture", maintain_order=True).agg(
        lignes=pl.col("texte").str.join("\n\n")
    )
    invoices = headers.join(
        by_invoice, on="numero_facture", how="left", maintain_order="left"
    ).with_columns(
        contenu=pl.concat_str([pl.col("texte"), pl.col("lignes").fill_null("")], separator="\n\n")
    )
    invoices = invoices.with_columns(
        empreinte_entete=pl.Series(_digests(invoices["texte"]), dtype=pl.String),
        empreinte_contenu=pl.Series(_digests(invoices["contenu"]), dtype=pl.String),
    )
    return Fingerprints(
        invoices.drop("texte", "lignes", "contenu"), lines.drop("texte")
    )


def line_digests_text(lines: pl.DataFrame) -> str:
    """The per-line digests of one invoice as the register writes them: « 1:ab12… 2:… »."""
    pairs = zip(lines["ligne"].to_list(), lines["empreinte_ligne"].to_list(), strict=True)
    return " ".join(f"{rank}:{digest}" for rank, digest in pairs)


def read_register(folder: Path) -> pl.DataFrame | None:
    """The register of archived invoices (every column as text), None without one."""
    path = archive_folder(folder) / REGISTER_NAME
    if not path.is_file():
        return None
    register = pl.read_csv(path, infer_schema=False, encoding="utf8")
    missing = [name for name in REGISTER_COLUMNS if name not in register.columns]
    if missing:
        raise ValueError(f"le registre {path} n'a pas les colonnes {', '.join(missing)}")
    return register


def _register_lines(register: pl.DataFrame) -> pl.DataFrame:
    return (
        register.select(
            "numero",
            pl.col("empreintes_lignes").fill_null("").str.split(" ").alias("paire"),
        )
        .explode("paire")
        .filter(pl.col("paire") != "")
        .select(
            numero_facture="numero",
            ligne=pl.col("paire").str.split_exact(":", 1).struct.field("field_0")
            .cast(pl.Int64, strict=False),
            empreinte_archivee=pl.col("paire").str.split_exact(":", 1).struct.field("field_1"),
        )
    )


def _archived_on(row: dict) -> str:
    day = row.get("archivee_le")
    return f" (archivée le {short_date(_iso(day))})" if day else ""


def _iso(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


REMEDY = "une facture émise ne se modifie plus : rétablissez-la et corrigez par un avoir"


@rule(
    "Une facture émise et archivée n'est ni modifiée ni supprimée",
    ["factures", "lignes_facture"],
)
def issued_invoices_unchanged(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    if dataset.folder is None:
        return []
    register = read_register(dataset.folder)
    if register is None:
        return []
    prints = fingerprints(dataset.frame("factures"), dataset.frame("lignes_facture"))
    return (
        _changed_headers(dataset, prints, register)
        + _changed_lines(dataset, prints, register)
        + _missing_invoices(dataset, prints, register)
        + _not_archived(dataset, prints, register)
    )


def _compared(prints: Fingerprints, register: pl.DataFrame) -> pl.DataFrame:
    """The archived invoices still in the sheet whose content changed."""
    archived = register.select(
        numero_facture="numero",
        contenu_archive="empreinte_contenu",
        entete_archivee="empreinte_entete",
        archivee_le="archivee_le",
    )
    return prints.invoices.join(archived, on="numero_facture", how="inner").filter(
        pl.col("empreinte_contenu") != pl.col("contenu_archive")
    )


def _changed_headers(dataset: Dataset, prints: Fingerprints, register: pl.DataFrame) -> list[Issue]:
    table = dataset["factures"]
    changed = _compared(prints, register).filter(
        pl.col("empreinte_entete") != pl.col("entete_archivee")
    )
    return [
        raise_issue(
            ISSUED_INVOICE_CHANGED,
            table.source(row[ROW_COLUMN]),
            f"{row['numero_facture']}{_archived_on(row)} : ses mentions imprimées ont changé "
            f"depuis son archivage ; {REMEDY}",
        )
        for row in changed.sort(ROW_COLUMN).iter_rows(named=True)
    ]


def _changed_lines(dataset: Dataset, prints: Fingerprints, register: pl.DataFrame) -> list[Issue]:
    """Each line changed or added (at its row), each line removed (at the invoice's row)."""
    changed = _compared(prints, register).select("numero_facture", "archivee_le", ROW_COLUMN)
    if changed.is_empty():
        return []
    numbers = changed.select("numero_facture")
    archived = _register_lines(register).join(numbers, on="numero_facture")
    current = prints.lines.join(
        changed.select("numero_facture", "archivee_le"), on="numero_facture"
    )
    edited = current.join(archived, on=["numero_facture", "ligne"], how="left").filter(
        pl.col("empreinte_archivee").is_null()
        | (pl.col("empreinte_ligne") != pl.col("empreinte_archivee"))
    )
    removed = archived.join(current, on=["numero_facture", "ligne"], how="anti").join(
        changed, on="numero_facture"
    )
    lines_table, invoices_table = dataset["lignes_facture"], dataset["factures"]
    issues = [
        raise_issue(
            ISSUED_INVOICE_CHANGED,
            lines_table.source(row[ROW_COLUMN]),
            f"ligne {row['ligne']} de {row['numero_facture']}{_archived_on(row)} : "
            + ("ajoutée" if row["empreinte_archivee"] is None else "modifiée")
            + f" depuis l'archivage ; {REMEDY}",
        )
        for row in edited.sort(ROW_COLUMN).iter_rows(named=True)
    ]
    issues += [
        raise_issue(
            ISSUED_INVOICE_CHANGED,
            invoices_table.source(row[ROW_COLUMN]),
            f"ligne {row['ligne']} de {row['numero_facture']}{_archived_on(row)} : "
            f"supprimée depuis l'archivage ; {REMEDY}",
        )
        for row in removed.sort(ROW_COLUMN, "ligne").iter_rows(named=True)
    ]
    return issues


def _missing_invoices(
    dataset: Dataset, prints: Fingerprints, register: pl.DataFrame
) -> list[Issue]:
    table = dataset["factures"]
    missing = register.join(
        prints.invoices.select(numero="numero_facture"), on="numero", how="anti"
    )
    return [
        raise_issue(
            ARCHIVED_INVOICE_MISSING,
            table.source(),
            f"{row['numero']} du {short_date(_iso(row['date'] or ''))}, archivée dans "
            f"{(ARCHIVE_FOLDER / row['fichier']).as_posix()}, n'est plus dans la feuille : "
            "une facture émise ne se supprime pas ; rétablissez-la et annulez-la par un avoir",
        )
        for row in missing.iter_rows(named=True)
    ]


def _not_archived(dataset: Dataset, prints: Fingerprints, register: pl.DataFrame) -> list[Issue]:
    table = dataset["factures"]
    pending = prints.invoices.filter(pl.col("statut") == ISSUED).join(
        register.select(numero_facture="numero"), on="numero_facture", how="anti"
    )
    return [
        raise_issue(
            ISSUED_INVOICE_NOT_ARCHIVED,
            table.source(row[ROW_COLUMN], "statut"),
            f"{row['numero_facture']} est émise mais pas encore archivée : lancez "
            "« agora archiver »",
        )
        for row in pending.sort(ROW_COLUMN).iter_rows(named=True)
    ]
