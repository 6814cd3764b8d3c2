"""The `agora paie` commands: simulate a payslip, explain a payslip line, print the papers.

Everything here is personal or hypothetical: it goes to the terminal or to a private
folder, never to a site.

``agora paie simuler --format json`` writes one object, for other simulators to
cross-check (format ``agora-paie-simulation/1``)::

    {"format": "agora-paie-simulation/1",
     "simulation": {"brut", "mois", "statut", "heures_hebdo", "effectif", "taux_at",
                    "heures_sup_bande_1", "heures_sup_bande_2", "taux_pas"},
     "lignes": [{"code", "libelle", "rubrique", "base", "quantite", "taux", "montant",
                 "taux_salarial", "montant_salarial", "taux_patronal", "montant_patronal",
                 "organisme", "parametres": [dotted names]}, ...],
     "totaux": {"salaire_brut", "plafond", "cotisations_salariales",
                "cotisations_patronales", "net_social", "net_imposable", "taux_pas", "pas",
                "net_avant_impot", "net_paye", "cout_employeur"}}

Amounts are strings with two decimals at least (« 2500.00 »), rates and quantities exact
strings (« 0.069 », « 151.67 »); rates are fractions (6,90 % is « 0.069 ») except where a
parameter is an amount per unit (the overtime deduction, « 1.5 » € per hour); an absent
value is ``null``. Contributions are what the employee or the employer pays; a reduction
is negative; a line after the net (withholding tax, advance) is signed as paid.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click
from rich.markup import escape

from pipelines.cli import (
    AS_OF_OPTION,
    EXIT_BLOCKING,
    EXIT_CONFIGURATION,
    EXIT_OK,
    SCHEMAS_OPTION,
    WORKBOOKS_ARGUMENT,
    WORKERS_OPTION,
    FrenchGroup,
    _configuration_error,
    _inside_a_site,
    _progress,
    err_console,
    french_help,
)
from pipelines.french import money, month_label, number, plural

HUNDRED = Decimal(100)
SIMULATION_FORMAT = "agora-paie-simulation/1"
EXPLANATION_FORMAT = "agora-paie-explication/1"
PAYROLL_WORKBOOKS = frozenset({"paie.xlsx", "personnel.xlsx", "temps.xlsx", "organisation.xlsx"})
PARAMETERS_FOLDER = "pipelines/law/parameters/"
FORMAT_OPTION = click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text",
    help="Format de sortie : text (tableau lisible, par défaut) ou json.",
)


@click.group(cls=FrenchGroup, subcommand_metavar="COMMANDE [ARGUMENTS]...",
             help="Paie : simuler un bulletin, expliquer une ligne, imprimer les bulletins. "
             "Tout reste sur ce poste : rien de personnel ne va dans un site.")
@french_help
def paie() -> None:
    pass


# --- Reading the options ----------------------------------------------------------------


def decimal_text(text: str, what: str) -> Decimal:
    """« 2500 », « 2 500,50 » or « 2500.50 » as a Decimal, else a French usage error."""
    cleaned = text.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        raise click.BadParameter(f"« {text} » n'est pas un nombre ({what})") from None
    if not value.is_finite():
        raise click.BadParameter(f"« {text} » n'est pas un nombre ({what})")
    return value


def _amount(_ctx, _param, value: str | None) -> Decimal | None:
    return None if value is None else decimal_text(value, "montant en euros")


def _hours(_ctx, _param, value: str | None) -> Decimal | None:
    if value is None:
        return None
    hours = decimal_text(value, "heures par semaine")
    if hours <= 0:
        raise click.BadParameter(f"« {value} » : la durée hebdomadaire doit être positive")
    return hours


def _percent(_ctx, _param, value: str | None) -> Decimal | None:
    """A rate given in percent (« 2,24 » or « 2.24 ») as a fraction (0.0224)."""
    if value is None:
        return None
    rate = decimal_text(value.removesuffix("%"), "taux en %")
    if not 0 <= rate <= HUNDRED:
        raise click.BadParameter(f"« {value} » : un taux en % va de 0 à 100")
    return rate / HUNDRED


def _overtime(_ctx, _param, value: str | None) -> tuple[Decimal, Decimal]:
    """« 8,2 » (or « 8;2 ») = 8 h in the first band, 2 h in the second; « 8 » = first band
    only. Decimals take a dot: « 7.5,2 »."""
    if value is None:
        return Decimal(0), Decimal(0)
    parts = [part for part in value.replace(";", ",").split(",")]
    if not 1 <= len(parts) <= 2 or not all(part.strip() for part in parts):
        raise click.BadParameter(
            f"« {value} » : écrivez les heures des deux tranches séparées par une virgule, "
            "par exemple 8,2 (8 h à 25 %, 2 h à 50 % ; décimales avec un point : 7.5,2)")
    hours = [decimal_text(part, "heures supplémentaires") for part in parts]
    if any(hour < 0 for hour in hours):
        raise click.BadParameter(f"« {value} » : des heures supplémentaires négatives")
    return hours[0], hours[1] if len(hours) == 2 else Decimal(0)


def _month(_ctx, _param, value):
    """AAAA-MM, one or several."""
    values = value if isinstance(value, tuple) else (value,)
    for month in values:
        if month is None:
            continue
        try:
            date.fromisoformat(f"{month}-01")
        except ValueError:
            raise click.BadParameter(
                f"« {month} » n'est pas un mois AAAA-MM (par exemple 2026-01)") from None
    return value


# --- Formatting -----------------------------------------------------------------------------


def exact(value: Decimal | None) -> str | None:
    """An exact, normalised decimal string (« 0.069 », « 151.67 »), never in exponent form."""
    if value is None:
        return None
    return f"{value.normalize():f}" if value else "0"


def amount_text(value: Decimal | None) -> str | None:
    """An amount with two decimals at least (« 2500.00 »)."""
    if value is None:
        return None
    text = exact(value)
    if "." not in text:
        return text + ".00"
    return text + "0" * max(0, 2 - len(text.split(".")[1]))


def _rate_is_an_amount(line, parameters) -> bool:
    """A rate that is an amount per unit (€/heure), not a fraction: read from the unit of
    the line's first legal parameter."""
    for name in line.parameters[:1]:
        if name in parameters:
            return parameters.get(name).unit.startswith("€")
    return False


def rate_text(rate: Decimal | None, per_unit: bool = False) -> str:
    if rate is None:
        return ""
    if per_unit:
        return money(rate)
    return f"{number(rate * HUNDRED)}\u00a0%"


def _money(value: Decimal | None) -> str:
    return "" if value is None else money(value)


def _quantity(value: Decimal | None) -> str:
    return "" if value is None else number(value)


def render_table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A plain text table, columns aligned (numbers to the right)."""
    widths = [max(len(str(row[i])) for row in [headers, *rows]) for i in range(len(headers))]

    def line(cells: list[str]) -> str:
        return "  ".join(str(cell).rjust(width) if index in right else str(cell).ljust(width)
                         for index, (cell, width) in enumerate(zip(cells, widths, strict=True)))

    return [line(headers).rstrip(), "  ".join("-" * width for width in widths),
            *[line(row).rstrip() for row in rows]]


# --- agora paie simuler ---------------------------------------------------------------------


def payslip_text(slip, parameters, title: str) -> str:
    """The payslip as a readable French table: gross lines, then contributions by section,
    then the totals."""
    from pipelines.compute.payroll.model import APRES_NET, BRUT, SECTIONS

    out = [title, ""]
    gross = slip.section(BRUT)
    out += render_table(["Salaire brut", "Quantité", "Taux", "Montant"],
                        [[line.label, _quantity(line.quantity), _quantity(line.rate),
                          _money(line.amount)] for line in gross], {1, 2, 3})
    out += [f"Salaire brut : {money(slip.salaire_brut)}", ""]
    rows = []
    for name in SECTIONS:
        if name in (BRUT, APRES_NET) or not slip.section(name):
            continue
        rows.append([name.upper(), "", "", "", "", ""])
        for line in slip.section(name):
            per_unit = _rate_is_an_amount(line, parameters)
            rows.append([f"  {line.label}", _money(line.base) if not per_unit
                         else _quantity(line.base),
                         rate_text(line.employee_rate, per_unit), _money(line.employee_amount),
                         rate_text(line.employer_rate, per_unit), _money(line.employer_amount)])
    rows.append(["Total des cotisations et contributions", "", "",
                 money(slip.cotisations_salariales), "", money(slip.cotisations_patronales)])
    out += render_table(["Cotisations et contributions", "Base", "Taux salarial",
                         "Part salariale", "Taux patronal", "Part patronale"], rows,
                        {1, 2, 3, 4, 5})
    out.append("")
    after = [line for line in slip.section(APRES_NET) if line.code != "pas"]
    totals = [["Montant net social", money(slip.net_social)],
              ["Net imposable", money(slip.net_imposable)],
              ["Net à payer avant impôt sur le revenu", money(slip.net_avant_impot)],
              [f"Impôt sur le revenu prélevé à la source (taux "
               f"{rate_text(slip.taux_pas or Decimal(0))})", money(-slip.pas)],
              *[[line.label, _money(line.amount)] for line in after],
              ["Net payé", money(slip.net_paye)],
              ["Coût total employeur", money(slip.cout_employeur)]]
    out += render_table(["Totaux", "Montant"], totals, {1})
    return "\n".join(out)


def line_document(line) -> dict:
    return {
        "code": line.code, "libelle": line.label, "rubrique": line.section,
        "base": amount_text(line.base) if line.quantity is None else exact(line.base),
        "quantite": exact(line.quantity), "taux": exact(line.rate),
        "montant": amount_text(line.amount),
        "taux_salarial": exact(line.employee_rate),
        "montant_salarial": amount_text(line.employee_amount),
        "taux_patronal": exact(line.employer_rate),
        "montant_patronal": amount_text(line.employer_amount),
        "organisme": line.body, "parametres": list(line.parameters),
    }


def totals_document(slip) -> dict:
    return {
        "salaire_brut": amount_text(slip.salaire_brut), "plafond": amount_text(slip.plafond),
        "cotisations_salariales": amount_text(slip.cotisations_salariales),
        "cotisations_patronales": amount_text(slip.cotisations_patronales),
        "net_social": amount_text(slip.net_social),
        "net_imposable": amount_text(slip.net_imposable),
        "taux_pas": exact(slip.taux_pas), "pas": amount_text(slip.pas),
        "net_avant_impot": amount_text(slip.net_avant_impot),
        "net_paye": amount_text(slip.net_paye),
        "cout_employeur": amount_text(slip.cout_employeur),
    }


def simulation_document(simulation, slip) -> dict:
    return {
        "format": SIMULATION_FORMAT,
        "simulation": {
            "brut": amount_text(simulation.brut), "mois": simulation.mois,
            "statut": simulation.statut, "heures_hebdo": exact(simulation.heures_hebdo),
            "effectif": simulation.effectif, "taux_at": exact(simulation.taux_at),
            "heures_sup_bande_1": exact(simulation.heures_sup_bande_1),
            "heures_sup_bande_2": exact(simulation.heures_sup_bande_2),
            "taux_pas": exact(simulation.taux_pas),
        },
        "lignes": [line_document(line) for line in slip.lines],
        "totaux": totals_document(slip),
    }


@paie.command(help="Simule le bulletin d'un salarié fictif (CDI, mois complet) et affiche "
              "chaque ligne, le net et le coût employeur. Les taux se donnent en % (« 2,24 » "
              "ou « 2.24 »).")
@click.option("--brut", required=True, callback=_amount, metavar="MONTANT",
              help="Salaire de base mensuel brut, en euros (par exemple 2500 ou 2500,50).")
@click.option("--mois", required=True, callback=_month, metavar="AAAA-MM",
              help="Mois de paie, pour les taux et plafonds en vigueur.")
@click.option("--statut", default="non-cadre",
              type=click.Choice(["non-cadre", "cadre", "apprenti"]),
              help="Statut : non-cadre (par défaut), cadre ou apprenti.")
@click.option("--temps-partiel", "heures_hebdo", callback=_hours, metavar="H",
              help="Durée hebdomadaire d'un temps partiel, en heures (par défaut : la durée "
              "légale, temps plein).")
@click.option("--effectif", default=10, type=click.IntRange(min=1), metavar="N",
              help="Effectif de l'organisation, pour les seuils (par défaut : 10).")
@click.option("--taux-at", default="1", callback=_percent, metavar="TAUX",
              help="Taux accidents du travail notifié, en % (par défaut : 1).")
@click.option("--heures-sup", "overtime", callback=_overtime, metavar="H25,H50",
              help="Heures supplémentaires du mois : 8,2 = 8 h majorées à 25 %, 2 h à 50 % "
              "(décimales avec un point : 7.5,2).")
@click.option("--taux-pas", default="0", callback=_percent, metavar="TAUX",
              help="Taux de prélèvement à la source, en % (par défaut : 0).")
@FORMAT_OPTION
@french_help
def simuler(brut: Decimal, mois: str, statut: str, heures_hebdo: Decimal | None,
            effectif: int, taux_at: Decimal, overtime: tuple[Decimal, Decimal],
            taux_pas: Decimal, fmt: str) -> None:
    from pipelines.compute.payroll.simulator import Simulation, SimulationError, simulate
    from pipelines.law import ParameterError, parameters

    simulation = Simulation(brut=brut, mois=mois, statut=statut, heures_hebdo=heures_hebdo,
                            effectif=effectif, taux_at=taux_at,
                            heures_sup_bande_1=overtime[0], heures_sup_bande_2=overtime[1],
                            taux_pas=taux_pas)
    law = parameters()
    try:
        slip = simulate(simulation, law)
    except (SimulationError, ParameterError) as error:
        err_console.print(f"Simulation impossible : {error}.", markup=False)
        sys.exit(EXIT_CONFIGURATION)
    if fmt == "json":
        click.echo(json.dumps(simulation_document(simulation, slip), ensure_ascii=False,
                              indent=2))
    else:
        part_time = (f", temps partiel {number(heures_hebdo)} h par semaine"
                     if heures_hebdo is not None else "")
        click.echo(payslip_text(slip, law, f"Simulation : bulletin de {month_label(mois)}, "
                                f"{statut}{part_time}, salaire de base {money(brut)}"))
    sys.exit(EXIT_OK)


# --- Reading the workbooks ------------------------------------------------------------------


def payroll_dataset(workbooks_dir: Path, schemas_dir: Path, as_of: date | None = None,
                    strict: bool = True):
    """The validated dataset, or the exit: 2 for a configuration error, 1 when a payroll
    workbook (paie, personnel, temps, organisation) has a blocking issue and `strict` (not
    strict: the issues are shown, and the payroll computed on the workbooks as they are)."""
    from pipelines.validate import ConfigurationError, validate_workbooks

    if not workbooks_dir.is_dir():
        _configuration_error(f"le dossier de classeurs « {workbooks_dir} » n'existe pas.")
    _progress("Validation des classeurs")
    try:
        result = validate_workbooks(workbooks_dir, schemas_dir, as_of=as_of)
    except ConfigurationError as error:
        _configuration_error(str(error))
    blocking = [issue for issue in result.issues
                if issue.blocking and issue.source.workbook in PAYROLL_WORKBOOKS]
    for issue in blocking:
        err_console.print(f"[red]ERREUR[/] \\[{escape(issue.code)}] {escape(str(issue))}")
    if blocking and strict:
        err_console.print(
            "Rien n'est calculé : corrigez d'abord les anomalies bloquantes des classeurs de "
            "paie, du personnel, des temps et d'organisation.", markup=False)
        sys.exit(EXIT_BLOCKING)
    if blocking:
        err_console.print(
            f"Attention : {plural(len(blocking), 'anomalie bloquante', 'anomalies bloquantes')}"
            " dans les classeurs de paie, du personnel, des temps ou d'organisation ; "
            "l'explication porte sur les classeurs tels qu'ils sont.", markup=False)
    if "variables_paie" not in result.dataset or "salaries" not in result.dataset:
        err_console.print("Aucune paie dans ces classeurs : il faut paie.xlsx (feuille "
                          "Variables) et personnel.xlsx.", markup=False)
        sys.exit(EXIT_BLOCKING)
    return result.dataset


# --- agora paie expliquer -------------------------------------------------------------------


def parameter_document(name: str, month: str, law) -> dict:
    from pipelines.compute.payroll.workbook_inputs import month_start
    from pipelines.law import ParameterError

    path = PARAMETERS_FOLDER + name.replace(".", "/") + ".yaml"
    if name not in law:
        return {"nom": name, "fichier": path, "description": None, "unite": None,
                "valeur": None, "depuis": None, "reference": None, "lien": None}
    parameter = law.get(name)
    try:
        dated = parameter.at(month_start(month))
    except ParameterError:
        return {"nom": name, "fichier": path, "description": parameter.description,
                "unite": parameter.unit, "valeur": None, "depuis": None, "reference": None,
                "lien": None}
    value = dated.value
    return {"nom": name, "fichier": path, "description": parameter.description,
            "unite": parameter.unit,
            "valeur": exact(value) if isinstance(value, Decimal) else value,
            "depuis": dated.start.isoformat(), "reference": dated.reference.title,
            "lien": dated.reference.href}


def explained_line(line, month: str, law) -> dict:
    return {**line_document(line), "note": line.note,
            "parametres": [parameter_document(name, month, law) for name in line.parameters],
            "sources": [str(source) for source in line.sources]}


def parameter_value_text(found: dict) -> str:
    value, unit = found["valeur"], found["unite"] or ""
    if value is None:
        return "pas de valeur ce mois-ci"
    if unit == "/1":
        try:
            return f"{number(Decimal(value) * HUNDRED)}\u00a0%"
        except InvalidOperation:
            return str(value)
    try:
        return f"{number(Decimal(value))} {unit}".strip()
    except InvalidOperation:
        return f"{value} {unit}".strip()


def explanation_text(slip, explained: list[dict], law) -> str:
    out = [f"Bulletin de {month_label(slip.month)} : {slip.employee.prenom} "
           f"{slip.employee.nom} ({slip.employee.matricule}), {slip.employee.categorie}",
           f"Salaire brut {money(slip.salaire_brut)}, net payé {money(slip.net_paye)}", ""]
    for item, line in explained:
        out.append(f"■ {line.label} [{line.code}] — {line.section}")
        per_unit = _rate_is_an_amount(line, law)
        facts = []
        if line.base is not None:
            plain = per_unit or line.quantity is not None
            facts.append(f"base {_quantity(line.base) if plain else money(line.base)}")
        if line.quantity is not None:
            facts.append(f"quantité {number(line.quantity)}")
        if line.rate is not None:
            facts.append(f"taux {number(line.rate)}")
        if line.amount is not None:
            facts.append(f"montant {money(line.amount)}")
        if line.employee_rate is not None or line.employee_amount is not None:
            facts.append(f"part salariale {rate_text(line.employee_rate, per_unit)} "
                         f"{_money(line.employee_amount)}".replace("  ", " ").strip())
        if line.employer_rate is not None or line.employer_amount is not None:
            facts.append(f"part patronale {rate_text(line.employer_rate, per_unit)} "
                         f"{_money(line.employer_amount)}".replace("  ", " ").strip())
        if line.body:
            facts.append(f"organisme {line.body}")
        out.append("  " + " ; ".join(facts))
        if item["parametres"]:
            out.append("  Paramètres légaux :")
            for found in item["parametres"]:
                since = (f" (depuis le {found['depuis']})" if found["depuis"] else "")
                out.append(f"    - {found['nom']} = {parameter_value_text(found)}{since}"
                           + (f" : {found['description']}" if found["description"] else ""))
                out.append(f"      fichier {found['fichier']}")
                if found["reference"]:
                    out.append(f"      référence : {found['reference']}")
                    out.append(f"      {found['lien']}")
        if item["sources"]:
            out.append("  Lignes des classeurs :")
            out += [f"    - {source}" for source in item["sources"]]
        if line.note:
            out.append(f"  Note : {line.note}")
        out.append("")
    return "\n".join(out).rstrip()


def _not_found(message: str) -> None:
    err_console.print(message, markup=False)
    sys.exit(EXIT_CONFIGURATION)


@paie.command(help="Explique le bulletin d'un salarié pour un mois : chaque ligne (ou celle "
              "de --ligne) avec sa base, ses taux, ses montants, les paramètres légaux "
              "utilisés (valeur du mois, fichier, référence) et les lignes des classeurs d'où "
              "elle vient. La réponse est personnelle : elle s'affiche ici seulement.")
@click.argument("matricule")
@click.argument("mois", callback=_month)
@click.argument("workbooks_dir", required=False, default=Path("workbooks"),
                type=click.Path(file_okay=False, path_type=Path), metavar="[DOSSIER_CLASSEURS]")
@click.option("--ligne", "code", metavar="CODE",
              help="Seulement cette ligne (son code, par exemple vieillesse_plafonnee).")
@SCHEMAS_OPTION
@AS_OF_OPTION
@FORMAT_OPTION
@french_help
def expliquer(matricule: str, mois: str, workbooks_dir: Path, code: str | None,
              schemas_dir: Path, as_of: date | None, fmt: str) -> None:
    from pipelines.compute.payroll.run import payroll
    from pipelines.law import parameters

    dataset = payroll_dataset(workbooks_dir, schemas_dir, as_of, strict=False)
    law = parameters()
    try:
        computed = payroll(dataset, law)
    except Exception as error:  # noqa: BLE001 (data left invalid: a message, no traceback)
        err_console.print(f"Paie incalculable sur ces classeurs ({type(error).__name__} : "
                          f"{error}) ; lancez « agora validate » pour voir les anomalies.",
                          markup=False)
        sys.exit(EXIT_BLOCKING)
    employees = sorted({slip.employee.matricule for slip in computed.payslips})
    if matricule not in employees:
        _not_found(f"Aucun bulletin pour le matricule « {matricule} ». Matricules payés : "
                   f"{', '.join(employees) or 'aucun'}.")
    slip = computed.find(matricule, mois)
    if slip is None:
        months = sorted(s.month for s in computed.of_employee(matricule))
        _not_found(f"Aucun bulletin de {matricule} pour « {mois} ». Mois payés : "
                   f"{', '.join(months)}.")
    lines = list(slip.lines)
    if code is not None:
        lines = [line for line in lines if line.code == code]
        if not lines:
            codes = ", ".join(line.code for line in slip.lines)
            _not_found(f"Le bulletin de {matricule} de {mois} n'a pas de ligne « {code} ». "
                       f"Lignes : {codes}.")
    explained = [(explained_line(line, mois, law), line) for line in lines]
    if fmt == "json":
        click.echo(json.dumps({
            "format": EXPLANATION_FORMAT, "matricule": matricule, "mois": mois,
            "lignes": [item for item, _line in explained], "totaux": totals_document(slip),
        }, ensure_ascii=False, indent=2))
    else:
        click.echo(explanation_text(slip, explained, law))
    sys.exit(EXIT_OK)


# --- agora paie documents -------------------------------------------------------------------


def _count(outcome, *names: str) -> int | None:
    for name in names:
        value = getattr(outcome, name, None)
        if value is None:
            continue
        if isinstance(value, int):
            return value
        try:
            return len(value)
        except TypeError:
            continue
    return None


def documents_summary(outcome, output: Path) -> list[str]:
    """A French summary of what the writer returned (paths, counts, issues)."""
    lines = []
    payslips = _count(outcome, "payslips")
    journals = _count(outcome, "journals")
    transfers = _count(outcome, "transfers", "transfer_files")
    if payslips is not None:
        lines.append(f"  {plural(payslips, 'bulletin de paie PDF', 'bulletins de paie PDF')}")
    if journals is not None:
        lines.append(f"  {plural(journals, 'livre de paie', 'livres de paie')} (xlsx)")
    if transfers is not None:
        paid = getattr(outcome, "transferred", None)
        salaries = (f", {plural(paid, 'salaire viré', 'salaires virés')}"
                    if isinstance(paid, int) else "")
        lines.append(f"  {plural(transfers, 'fichier de virements', 'fichiers de virements')}"
                     f" des salaires (SEPA){salaries}")
    lines.append(f"Documents écrits dans {output} (dossier privé, jamais publié).")
    return lines


@paie.command(help="Imprime les bulletins de paie (PDF), le livre de paie (xlsx) et les "
              "virements des salaires (SEPA) dans un dossier privé, jamais dans un site.")
@WORKBOOKS_ARGUMENT
@SCHEMAS_OPTION
@click.option("--mois", "months", multiple=True, callback=_month, metavar="AAAA-MM",
              help="Seulement ce mois, répétable (par défaut : tous les mois payés).")
@click.option("--sortie", "output", type=click.Path(file_okay=False, path_type=Path),
              default=Path("build") / "documents" / "paie", metavar="DOSSIER",
              help="Dossier où écrire les documents (par défaut : build/documents/paie).")
@WORKERS_OPTION
@french_help
def documents(workbooks_dir: Path, schemas_dir: Path, months: tuple[str, ...], output: Path,
              workers: int) -> None:
    from pipelines.compute.payroll.run import payroll
    from pipelines.law import parameters

    if _inside_a_site(output):
        _configuration_error(
            f"« {output} » est dans un site publié : les bulletins n'y vont jamais. "
            "Choisissez un autre dossier avec --sortie.")
    try:
        from pipelines.documents.payroll_papers import write_payroll_documents
    except ImportError:
        _configuration_error("l'impression des documents de paie n'est pas installée "
                             "(pipelines.documents.payroll_papers).")
    dataset = payroll_dataset(workbooks_dir, schemas_dir)
    law = parameters()
    paid = payroll(dataset, law).months()
    unknown = [month for month in months if month not in paid]
    if unknown:
        _not_found(f"Aucune paie pour {', '.join(unknown)}. Mois payés : "
                   f"{', '.join(paid) or 'aucun'}.")
    _progress("Impression des documents de paie")
    outcome = write_payroll_documents(dataset, law, output, list(months) or None, workers)
    problems = list(getattr(outcome, "problems", None) or [])
    left_out = list(getattr(outcome, "issues", None) or [])
    for problem in problems:
        err_console.print(f"[red]ERREUR[/] {escape(str(problem))}")
    for issue in left_out:
        err_console.print(f"[yellow]ATTENTION[/] {escape(str(issue))}")
    for line in documents_summary(outcome, output):
        err_console.print(line, markup=False)
    sys.exit(EXIT_BLOCKING if problems or left_out else EXIT_OK)
