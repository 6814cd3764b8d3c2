"""The `agora` command: a thin layer over the stages, in French.

Exit codes: 0 nothing blocks, 1 something blocks, 2 usage or configuration error.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import traceback
from datetime import date
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from pipelines import report
from pipelines.french import plural

EXIT_OK, EXIT_BLOCKING, EXIT_CONFIGURATION = 0, 1, 2

err_console = Console(stderr=True, highlight=False, soft_wrap=True)


class FrenchHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="Utilisation : " if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        headings = {"Options": "Options", "Commands": "Commandes", "Arguments": "Arguments"}
        super().write_heading(headings.get(heading, heading))


class FrenchContext(click.Context):
    formatter_class = FrenchHelpFormatter




def french_help(function):
    return click.help_option("-h", "--help", help="Afficher cette aide et quitter.")(function)


class FrenchCommand(click.Command):
    context_class = FrenchContext


class FrenchGroup(click.Group):
    context_class = FrenchContext
    command_class = FrenchCommand


def parse_as_of(_ctx, _param, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"« {value} » n'est pas une date AAAA-MM-JJ") from None


AS_OF_OPTION = click.option(
    "--as-of",
    "as_of",
    metavar="AAAA-MM-JJ",
    callback=parse_as_of,
    help="Date d'arrêté des données (par défaut : date_arrete du classeur organisation.xlsx).",
)
def folder_option(flag: str, name: str, default: Path, help_text: str):
    """A folder option, with its default said in French in the help."""
    shown = "ici" if default == Path(".") else default.as_posix()
    return click.option(
        flag,
        name,
        type=click.Path(file_okay=False, path_type=Path),
        default=default,
        metavar="DOSSIER",
        help=f"{help_text} (par défaut : {shown}).",
    )


SCHEMAS_OPTION = click.option(
    "--schemas",
    "schemas_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("schemas"),
    metavar="DOSSIER",
    help="Dossier des schémas : datapackage.json et ses Table Schemas (par défaut : schemas).",
)


@click.group(cls=FrenchGroup, subcommand_metavar="COMMANDE [ARGUMENTS]...",
             help="Agora : le back-office et l'intranet tenus sur tableur.")
@french_help
def cli() -> None:
    pass


def _progress(message: str) -> None:
    err_console.print(f"[bold cyan]→[/] {escape(message)}…")


@contextlib.contextmanager
def live_progress():
    """A spinner with the current step on a terminal; nothing in a log or a pipe."""
    if not err_console.is_terminal:
        yield None
        return
    with err_console.status("Validation…") as status:
        yield lambda message: status.update(f"{escape(message)}…")


def _configuration_error(message: str) -> None:
    err_console.print(f"[bold red]Erreur de configuration :[/] {escape(message)}")
    sys.exit(EXIT_CONFIGURATION)


@cli.command(help="Vérifie tous les classeurs contre les schémas et affiche chaque anomalie.")
@click.argument(
    "workbooks_dir",
    required=False,
    default=Path("workbooks"),
    type=click.Path(file_okay=False, path_type=Path),
    metavar="[DOSSIER_CLASSEURS]",
)
@SCHEMAS_OPTION
@AS_OF_OPTION
@click.option(
    "--format",
    "fmt",
    type=click.Choice(report.FORMATS),
    default="text",
    help="Format du rapport : text (par défaut), json, github (annotations), markdown.",
)
@french_help
def validate(workbooks_dir: Path, schemas_dir: Path, as_of: date | None, fmt: str) -> None:
    from pipelines.validate import ConfigurationError, validate_workbooks

    if not workbooks_dir.is_dir():
        _configuration_error(f"le dossier de classeurs « {workbooks_dir} » n'existe pas.")
    try:
        with live_progress() as progress:
            result = validate_workbooks(workbooks_dir, schemas_dir, as_of=as_of, progress=progress)
    except ConfigurationError as error:
        _configuration_error(str(error))
    click.echo(report.render(result.issues, fmt, workbooks_dir=workbooks_dir.as_posix()))
    sys.exit(EXIT_BLOCKING if result.blocking else EXIT_OK)


@cli.command(help="Valide, calcule et publie les deux sites (personnel et gestion).")
@folder_option("--workbooks", "workbooks_dir", Path("workbooks"), "Dossier des classeurs")
@SCHEMAS_OPTION
@folder_option(
    "--out", "root", Path("."), "Dossier où écrire site_data/, build/, site/ et site-gestion/"
)
@AS_OF_OPTION
@click.option(
    "--keep-going",
    is_flag=True,
    help="Publier malgré des anomalies bloquantes, avec un bandeau et le rapport.",
)
@french_help
def build(
    workbooks_dir: Path, schemas_dir: Path, root: Path, as_of: date | None, keep_going: bool
) -> None:
    from pipelines.build import build as run_build
    from pipelines.publish import PublishError
    from pipelines.validate import ConfigurationError

    if not workbooks_dir.is_dir():
        _configuration_error(f"le dossier de classeurs « {workbooks_dir} » n'existe pas.")
    try:
        outcome = run_build(
            workbooks_dir, schemas_dir, root, as_of=as_of, keep_going=keep_going, progress=_progress
        )
    except ConfigurationError as error:
        _configuration_error(str(error))
    except PublishError as error:
        err_console.print(f"[bold red]Publication impossible :[/] {escape(str(error))}")
        err_console.print("Les sites précédents sont restés en place.")
        sys.exit(EXIT_CONFIGURATION)
    blocking = [issue for issue in outcome.issues if issue.blocking]
    for issue in blocking:
        err_console.print(f"[red]ERREUR[/] \\[{escape(issue.code)}] {escape(str(issue))}")
    err_console.print(report.summary_line(outcome.issues))
    for warning in outcome.warnings:
        err_console.print(f"[yellow]Avertissement de publication :[/] {escape(warning)}")
    if outcome.published:
        err_console.print(f"Sites écrits dans {root / 'site'} et {root / 'site-gestion'}.")
    elif not outcome.computable:
        err_console.print(
            "Publication impossible : la date d'arrêté est introuvable (voir "
            "date-arrete-introuvable) ; même avec --keep-going, rien n'est calculé ni publié "
            "sans elle. Les sites précédents sont restés en place.",
            markup=False,
        )
    else:
        err_console.print(
            "Publication arrêtée : corrigez les anomalies bloquantes, "
            "ou relancez avec --keep-going."
        )
    sys.exit(EXIT_BLOCKING if outcome.blocking else EXIT_OK)


@cli.command(help="Prévisualise le site construit sur http://127.0.0.1 (Ctrl+C pour arrêter).")
@click.option("--port", default=8000, metavar="PORT",
              help="Port d'écoute local (par défaut : 8000).")
@click.option("--gestion", is_flag=True,
              help="Servir le site de gestion au lieu du site du personnel.")
@folder_option("--out", "root", Path("."), "Dossier où « agora build » a écrit les sites")
@french_help
def serve(port: int, gestion: bool, root: Path) -> None:
    site = root / ("site-gestion" if gestion else "site")
    if not (site / "index.html").is_file():
        _configuration_error(f"aucun site dans « {site} » : lancez d'abord « agora build ».")
    from pipelines.preview import preview_server

    try:
        server = preview_server(site, port)
    except OSError as error:
        _configuration_error(
            f"impossible d'écouter sur 127.0.0.1:{port} ({error.strerror or error}) : "
            "choisissez un autre port avec --port."
        )
    with server:
        err_console.print(f"Site servi sur http://127.0.0.1:{port}/ (Ctrl+C pour arrêter).")
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            err_console.print("Arrêt.")


def check_scale(scale: int) -> int:
    from pipelines.demo.settings import MAX_SCALE

    if not 1 <= scale <= MAX_SCALE:
        raise click.BadParameter(f"l'échelle va de 1 à {MAX_SCALE}, pas {scale}")
    return scale


@cli.command(help="Régénère les classeurs de l'organisation de démonstration (déterministe).")
@click.option("--scale", default=1, type=int, metavar="N",
              callback=lambda _c, _p, v: check_scale(v),
              help="Facteur de taille, pour les mesures de performance (par défaut : 1).")
@click.option("--seed", default=2026, metavar="N", help="Graine du générateur (par défaut : 2026).")
@folder_option("--out", "out_dir", Path("workbooks"), "Dossier où écrire les classeurs")
@click.option(
    "--force",
    is_flag=True,
    help="Remplacer des classeurs existants qui diffèrent de la démonstration.",
)
@french_help
def demo(scale: int, seed: int, out_dir: Path, force: bool) -> None:
    from pipelines.demo import generate

    _progress(f"Génération de la démonstration (échelle {scale})")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out_dir, prefix=".demo-") as staging:
        generated = generate(Path(staging), scale=scale, seed=seed)
        changed = [
            out_dir / path.name
            for path in generated
            if (out_dir / path.name).exists()
            and (out_dir / path.name).read_bytes() != path.read_bytes()
        ]
        if changed and not force:
            names = ", ".join(path.name for path in changed)
            verb = "existe" if len(changed) == 1 else "existent"
            _configuration_error(
                f"{names} {verb} déjà dans « {out_dir} » avec d'autres données : Agora ne "
                "remplace pas des classeurs tenus par le personnel. Choisissez un autre "
                "dossier avec --out, ou ajoutez --force pour remplacer."
            )
        for path in generated:
            os.replace(path, out_dir / path.name)
            err_console.print(f"  {out_dir / path.name}", markup=False)


@cli.command(help="Liste le catalogue des codes d'anomalie.")
@french_help
def codes() -> None:
    from pipelines.issues import catalogue

    for issue_type in catalogue():
        adjustable = "\tgravité ajustable" if issue_type.adjustable else ""
        click.echo(f"{issue_type.code}\t{issue_type.severity.value}\t{issue_type.title}"
                   f"{adjustable}")


def _sales_dataset(workbooks_dir: Path, schemas_dir: Path):
    """The validated dataset of a folder, or the exit: 2 for a configuration error, 1 when
    the sales records have a blocking issue (documents are never made from them)."""
    from pipelines.documents.batch import blocking_sales_issues
    from pipelines.validate import ConfigurationError, validate_workbooks

    if not workbooks_dir.is_dir():
        _configuration_error(f"le dossier de classeurs « {workbooks_dir} » n'existe pas.")
    _progress("Validation des classeurs")
    try:
        result = validate_workbooks(workbooks_dir, schemas_dir)
    except ConfigurationError as error:
        _configuration_error(str(error))
    blocking = blocking_sales_issues(result.issues)
    if blocking:
        for issue in blocking:
            err_console.print(f"[red]ERREUR[/] \\[{escape(issue.code)}] {escape(str(issue))}")
        err_console.print(
            "Aucun document produit : corrigez d'abord les anomalies bloquantes des "
            "classeurs de ventes, de clients et d'organisation.",
            markup=False,
        )
        sys.exit(EXIT_BLOCKING)
    return result.dataset


WORKBOOKS_ARGUMENT = click.argument(
    "workbooks_dir",
    required=False,
    default=Path("workbooks"),
    type=click.Path(file_okay=False, path_type=Path),
    metavar="[DOSSIER]",
)
def check_workers(_ctx, _param, value: int) -> int:
    if not 1 <= value <= 32:
        raise click.BadParameter(f"le nombre de processus va de 1 à 32, pas {value}")
    return value


WORKERS_OPTION = click.option(
    "--processus",
    "workers",
    default=2,
    type=int,
    callback=check_workers,
    metavar="N",
    help="Nombre de processus qui impriment les PDF en parallèle (par défaut : 2).",
)


@cli.command(
    help="Archive chaque facture et avoir émis pas encore archivé : son PDF Factur-X dans "
    "DOSSIER/archives/factures/ et sa ligne au registre registre.csv. Un fichier archivé "
    "n'est jamais réécrit."
)
@WORKBOOKS_ARGUMENT
@SCHEMAS_OPTION
@WORKERS_OPTION
@french_help
def archiver(workbooks_dir: Path, schemas_dir: Path, workers: int) -> None:
    from pipelines.documents.archive import archive_issued_invoices

    dataset = _sales_dataset(workbooks_dir, schemas_dir)
    outcome = archive_issued_invoices(
        dataset, workbooks_dir, date.today(), workers=workers, progress=_progress
    )
    for problem in outcome.problems:
        err_console.print(f"[red]ERREUR[/] {escape(problem)}")
    done = len(outcome.archived) + len(outcome.adopted)
    if done:
        err_console.print(
            f"{plural(done, 'facture ou avoir archivé', 'factures et avoirs archivés')} dans "
            f"{outcome.folder} (registre : {outcome.folder / 'registre.csv'}).",
            markup=False,
        )
    err_console.print(f"Déjà archivés auparavant : {outcome.already}.", markup=False)
    sys.exit(EXIT_BLOCKING if outcome.problems else EXIT_OK)


def _inside_a_site(folder: Path) -> bool:
    resolved = folder.resolve()
    sites = [Path(name).resolve() for name in ("site", "site-gestion", "site_data")]
    return any(resolved == site or site in resolved.parents for site in sites)


@cli.command(
    help="Imprime les documents de vente et d'achat en PDF dans un dossier de sortie, jamais "
    "dans un site : copies des factures archivées, devis (dernière version), bons de "
    "livraison, lettres de relance (envoyées et à envoyer), relevés de compte des clients, "
    "bons de commande aux fournisseurs et lettres de réclamation pour les anomalies de leurs "
    "factures."
)
@WORKBOOKS_ARGUMENT
@SCHEMAS_OPTION
@click.option(
    "--sortie",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build") / "documents",
    metavar="DOSSIER",
    help="Dossier où écrire les PDF, un sous-dossier par type (par défaut : build/documents).",
)
@click.option(
    "--type",
    "types",
    multiple=True,
    type=click.Choice(["factures", "devis", "livraisons", "relances", "releves",
                       "commandes-achat", "reclamations"]),
    help="Type de documents, répétable : factures, devis, livraisons, relances, releves, "
    "commandes-achat (bons de commande fournisseurs), reclamations (lettres de réclamation "
    "aux fournisseurs) (par défaut : tous).",
)
@click.option(
    "--numero",
    "numbers",
    multiple=True,
    metavar="NUMERO",
    help="Seulement ce document (numéro de facture, de devis, de livraison ou de relance ; "
    "code client pour ses relances et son relevé), répétable.",
)
@WORKERS_OPTION
@french_help
def documents(
    workbooks_dir: Path,
    schemas_dir: Path,
    output: Path,
    types: tuple[str, ...],
    numbers: tuple[str, ...],
    workers: int,
) -> None:
    from pipelines.documents.batch import DOCUMENT_TYPES, write_documents

    if _inside_a_site(output):
        _configuration_error(
            f"« {output} » est dans un site publié : les documents n'y vont jamais. "
            "Choisissez un autre dossier avec --sortie."
        )
    dataset = _sales_dataset(workbooks_dir, schemas_dir)
    outcome = write_documents(
        dataset,
        workbooks_dir,
        output,
        types or DOCUMENT_TYPES,
        numbers,
        workers=workers,
        progress=_progress,
    )
    for problem in outcome.problems:
        err_console.print(f"[red]ERREUR[/] {escape(problem)}")
    for kind, count in outcome.written.items():
        files = plural(count, "fichier PDF", "fichiers PDF")
        err_console.print(f"  {output / kind} : {files}", markup=False)
    if numbers and not sum(outcome.written.values()) and not outcome.problems:
        err_console.print("Aucun document ne porte ce numéro.", markup=False)
        sys.exit(EXIT_BLOCKING)
    sys.exit(EXIT_BLOCKING if outcome.problems else EXIT_OK)


@cli.command(
    help="Écrit le fichier de virements SEPA (pain.001.001.09) des paiements fournisseurs "
    "« à payer » choisis dans le classeur (virement_sepa = oui), hors des sites ; liste les "
    "paiements écartés et pourquoi."
)
@WORKBOOKS_ARGUMENT
@SCHEMAS_OPTION
@click.option(
    "--sortie",
    "output",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("build") / "virements",
    metavar="DOSSIER",
    help="Dossier où écrire le fichier XML (par défaut : build/virements).",
)
@french_help
def virements(workbooks_dir: Path, schemas_dir: Path, output: Path) -> None:
    from pipelines.documents.sepa import SepaError, write_transfer_file
    from pipelines.french import money
    from pipelines.validate import ConfigurationError, validate_workbooks

    if _inside_a_site(output):
        _configuration_error(
            f"« {output} » est dans un site publié : le fichier de virements n'y va jamais. "
            "Choisissez un autre dossier avec --sortie."
        )
    if not workbooks_dir.is_dir():
        _configuration_error(f"le dossier de classeurs « {workbooks_dir} » n'existe pas.")
    _progress("Validation des classeurs")
    try:
        result = validate_workbooks(workbooks_dir, schemas_dir)
    except ConfigurationError as error:
        _configuration_error(str(error))
    sheets = {"achats.xlsx", "fournisseurs.xlsx", "organisation.xlsx"}
    blocking = [issue for issue in result.issues
                if issue.blocking and issue.source.workbook in sheets]
    if blocking or "reglements_fournisseurs" not in result.dataset:
        for issue in blocking:
            err_console.print(f"[red]ERREUR[/] \\[{escape(issue.code)}] {escape(str(issue))}")
        err_console.print(
            "Aucun fichier de virements : corrigez d'abord les anomalies bloquantes des "
            "classeurs d'achats, de fournisseurs et d'organisation.",
            markup=False,
        )
        sys.exit(EXIT_BLOCKING)
    try:
        made, path = write_transfer_file(result.dataset, output)
    except SepaError as error:
        err_console.print(f"Aucun fichier de virements : {error}.", markup=False)
        sys.exit(EXIT_BLOCKING)
    except OSError as error:
        err_console.print(f"Aucun fichier de virements : écriture impossible dans « {output} » "
                          f"({error.strerror or type(error).__name__}).", markup=False)
        sys.exit(EXIT_BLOCKING)
    except Exception as error:  # noqa: BLE001 (never a traceback for the user)
        err_console.print("Aucun fichier de virements : le calcul des paiements a échoué "
                          f"({type(error).__name__}) ; lancez « agora validate » pour "
                          "voir les anomalies des classeurs.", markup=False)
        sys.exit(EXIT_BLOCKING)
    for item in made.left_out:
        err_console.print(f"ÉCARTÉ {item.numero_reglement} : {item.reason}", markup=False)
    if path is None:
        err_console.print("Aucun virement à faire : aucun paiement choisi ne peut partir.",
                          markup=False)
    else:
        err_console.print(
            f"{plural(len(made.transfers), 'virement', 'virements')} pour "
            f"{money(made.total)} dans {path}", markup=False)
    sys.exit(EXIT_BLOCKING if made.left_out else EXIT_OK)


CLICK_PHRASES = (
    ("Invalid value for", "Valeur invalide pour"),
    ("is not one of", "n'est pas parmi"),
    ("is not a valid integer", "n'est pas un nombre entier"),
    ("is not in the range", "n'est pas dans l'intervalle"),
    ("No such option", "Option inconnue"),
    ("No such command", "Commande inconnue"),
    ("Missing argument", "Argument manquant"),
    ("Missing option", "Option manquante"),
    ("Got unexpected extra argument", "Argument en trop"),
    ("Got unexpected extra arguments", "Arguments en trop"),
    ("Option", "L'option"),
    ("requires an argument", "demande une valeur"),
    ("Did you mean", "Vouliez-vous dire"),
)


_CLICK_FRENCH = dict(CLICK_PHRASES)
_CLICK_ENGLISH = re.compile("|".join(
    re.escape(english) for english in sorted(_CLICK_FRENCH, key=len, reverse=True)))


def translate_click_message(message: str) -> str:
    """Click's English phrases in French, in one pass (a translation is never translated
    again: « Missing option » gives « Option manquante », not « L'option manquante »)."""
    return _CLICK_ENGLISH.sub(lambda found: _CLICK_FRENCH[found.group(0)], message)


def main() -> None:
    try:
        cli.main(prog_name="agora", standalone_mode=False)
    except click.exceptions.Exit as done:
        sys.exit(done.exit_code)
    except click.Abort:
        err_console.print("Interrompu.")
        sys.exit(EXIT_CONFIGURATION)
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "")
        sys.exit(EXIT_OK)
    except click.UsageError as error:
        message = translate_click_message(error.format_message())
        err_console.print(f"Erreur d'utilisation : {message}", markup=False)
        err_console.print("Voir « agora --help ».")
        sys.exit(EXIT_CONFIGURATION)
    except click.ClickException as error:
        err_console.print(f"Erreur : {error.format_message()}", markup=False)
        sys.exit(EXIT_CONFIGURATION)
    except Exception as error:  # noqa: BLE001 — the last net: no traceback for a user
        log = write_crash_log(error)
        err_console.print(
            f"Erreur interne d'Agora ({type(error).__name__}). Rien n'a été modifié dans les "
            f"classeurs ni dans les sites déjà publiés. Le détail technique est dans {log} : "
            "transmettez-le à l'équipe qui maintient Agora.",
            markup=False,
        )
        sys.exit(EXIT_CONFIGURATION)
    sys.exit(EXIT_OK)


def write_crash_log(error: Exception) -> Path:
    """The technical detail goes to a private file of its own, never to the screen."""
    descriptor, name = tempfile.mkstemp(prefix="agora-erreur-", suffix=".log")
    with os.fdopen(descriptor, "w", encoding="utf-8") as log:
        log.write("".join(traceback.format_exception(error)))
    return Path(name)


if __name__ == "__main__":
    # « python -m pipelines.cli » runs the imported module: the one the « paie » group joins
    from pipelines.cli import main as agora_main

    agora_main()
elif __name__ == "pipelines.cli":  # not in a worker process that re-reads this file
    from pipelines.payroll_cli import paie  # it uses the helpers above

    cli.add_command(paie)
