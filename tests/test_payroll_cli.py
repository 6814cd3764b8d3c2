"""`agora paie`: the payslip simulator, the explanation of a payslip line, the papers."""

from __future__ import annotations

import json
import subprocess
import sys
import types
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipelines.cli import cli

ROOT = Path(__file__).resolve().parents[1]
WORKBOOKS = ROOT / "workbooks"
SCHEMAS = ROOT / "schemas"


def agora(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipelines.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def plain(text: str) -> str:
    """French output with its narrow and non-breaking spaces as plain spaces."""
    return text.replace("\u202f", " ").replace("\u00a0", " ")


def simulate_json(*args: str) -> dict:
    done = agora("paie", "simuler", *args, "--format", "json")
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# --- simuler ------------------------------------------------------------------------------


def test_the_simulator_prints_a_readable_french_payslip():
    done = agora("paie", "simuler", "--brut", "2500", "--mois", "2026-01",
                 "--statut", "non-cadre")

    assert done.returncode == 0, done.stderr
    for text in ("Salaire de base", "2 500,00 €", "Cotisations et contributions",
                 "Taux salarial", "Part patronale", "RETRAITE", "Sécurité sociale plafonnée",
                 "6,9 %", "Montant net social", "Net imposable", "Net à payer avant impôt",
                 "Net payé", "Coût total employeur"):
        assert text in plain(done.stdout), text


def test_the_json_is_stable_with_amounts_and_rates_as_strings():
    document = simulate_json("--brut", "2500", "--mois", "2026-01", "--statut", "non-cadre",
                             "--taux-pas", "5")

    assert document["format"] == "agora-paie-simulation/1"
    assert set(document) == {"format", "simulation", "lignes", "totaux"}
    assert document["simulation"]["brut"] == "2500.00"
    assert document["simulation"]["taux_at"] == "0.01"  # default 1 %
    assert document["simulation"]["effectif"] == 10
    lines = {line["code"]: line for line in document["lignes"]}
    assert lines["salaire_base"]["montant"] == "2500.00"
    pension = lines["vieillesse_plafonnee"]
    assert pension["taux_salarial"] == "0.069" and pension["organisme"] == "URSSAF"
    assert set(pension) == {"code", "libelle", "rubrique", "base", "quantite", "taux",
                            "montant", "taux_salarial", "montant_salarial", "taux_patronal",
                            "montant_patronal", "organisme", "parametres"}
    assert "paie.cotisations.vieillesse_plafonnee.salarial" in pension["parametres"]
    totals = {key: Decimal(value) for key, value in document["totaux"].items()}
    assert document["totaux"]["salaire_brut"] == "2500.00"
    assert totals["taux_pas"] == Decimal("0.05")
    assert totals["pas"] == (totals["net_imposable"] * Decimal("0.05")).quantize(Decimal("0.01"))
    # no advance, benefit or reimbursement: net paid = gross − employee contributions − PAS
    assert totals["net_paye"] == (totals["salaire_brut"] - totals["cotisations_salariales"]
                                  - totals["pas"])
    assert totals["cout_employeur"] == totals["salaire_brut"] + totals["cotisations_patronales"]


def test_rates_take_a_comma_or_a_dot_and_overtime_two_bands():
    comma = simulate_json("--brut", "2500", "--mois", "2026-03", "--taux-at", "2,24",
                          "--heures-sup", "8,2")
    dot = simulate_json("--brut", "2500", "--mois", "2026-03", "--taux-at", "2.24",
                        "--heures-sup", "8,2")

    assert comma == dot
    assert comma["simulation"]["taux_at"] == "0.0224"
    lines = {line["code"]: line for line in comma["lignes"]}
    assert lines["accidents_travail"]["taux_patronal"] == "0.0224"
    assert lines["heures_sup_bande_1"]["quantite"] == "8"
    assert lines["heures_sup_bande_2"]["quantite"] == "2"


def test_part_time_and_headcount_reach_the_engine():
    document = simulate_json("--brut", "1200", "--mois", "2026-01", "--temps-partiel", "20",
                             "--effectif", "60", "--statut", "cadre")

    assert document["simulation"]["heures_hebdo"] == "20"
    assert document["simulation"]["statut"] == "cadre"
    assert {line["code"] for line in document["lignes"]} >= {"salaire_base"}


@pytest.mark.parametrize(("args", "message"), [
    (("--brut", "abc", "--mois", "2026-01"), "n'est pas un nombre"),
    (("--brut", "2500", "--mois", "2026-13"), "n'est pas un mois AAAA-MM"),
    (("--brut", "2500", "--mois", "2026-01", "--statut", "stagiaire"), "n'est pas parmi"),
    (("--brut", "2500", "--mois", "2026-01", "--heures-sup", "8,2,1"), "deux tranches"),
    (("--brut", "2500", "--mois", "2026-01", "--taux-at", "120"), "va de 0 à 100"),
    (("--brut", "0", "--mois", "2026-01"), "Simulation impossible"),
    (("--brut", "1000", "--mois", "2026-01", "--temps-partiel", "20", "--heures-sup", "2"),
     "heures complémentaires"),
    (("--mois", "2026-01",), "Option manquante"),
])
def test_bad_input_is_a_french_message_and_exit_2(args, message):
    done = agora("paie", "simuler", *args)

    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr and "Error" not in done.stderr


# --- expliquer ----------------------------------------------------------------------------


def test_explaining_a_line_gives_its_parameters_files_references_and_rows():
    done = agora("paie", "expliquer", "S002", "2026-03", "--ligne", "vieillesse_plafonnee")

    assert done.returncode == 0, done.stderr
    out = plain(done.stdout)
    assert "Sécurité sociale plafonnée [vieillesse_plafonnee]" in out
    assert "part salariale 6,9 %" in out
    assert "paie.cotisations.vieillesse_plafonnee.salarial = 6,9 %" in out
    assert "fichier pipelines/law/parameters/paie/cotisations/vieillesse_plafonnee/salarial.yaml" \
        in out
    assert (ROOT / "pipelines/law/parameters/paie/cotisations/vieillesse_plafonnee/"
            "salarial.yaml").is_file()
    assert "référence : " in out and "https://" in out
    assert "Salaire de base [" not in out  # only the line asked


def test_explaining_a_whole_payslip_in_json():
    done = agora("paie", "expliquer", "S002", "2026-03", "--format", "json")

    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["format"] == "agora-paie-explication/1"
    lines = {line["code"]: line for line in document["lignes"]}
    assert lines["salaire_base"]["sources"] == ["personnel.xlsx › Contrats › ligne 3"]
    rgdu = lines["rgdu_urssaf"]
    assert rgdu["note"] and rgdu["montant_patronal"].startswith("-")
    t_min = next(p for p in rgdu["parametres"] if p["nom"] == "paie.rgdu.t_min")
    assert t_min["fichier"] == "pipelines/law/parameters/paie/rgdu/t_min.yaml"
    assert t_min["valeur"] == "0.02" and t_min["depuis"] == "2026-01-01"
    assert t_min["reference"] and t_min["lien"].startswith("https://")


@pytest.mark.parametrize(("args", "listed"), [
    (("S999", "2026-03"), "Matricules payés : S001, S002"),
    (("S002", "2027-01"), "Mois payés : 2026-01, 2026-02"),
    (("S002", "2026-03", "--ligne", "inconnue"), "Lignes : salaire_base, maladie"),
])
def test_unknown_employee_month_or_line_lists_what_exists(args, listed):
    done = agora("paie", "expliquer", *args)

    assert done.returncode == 2
    assert listed in done.stderr
    assert "Traceback" not in done.stderr


# --- documents ----------------------------------------------------------------------------


@dataclass
class FakeOutcome:
    payslips: list[Path] = field(default_factory=list)
    journals: list[Path] = field(default_factory=list)
    transfers: list[Path] = field(default_factory=list)
    transferred: int = 0
    issues: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@pytest.fixture
def fake_writer(monkeypatch):
    calls = []

    def write_payroll_documents(dataset, parameters, out_dir, months=None, workers=None):
        calls.append({"dataset": dataset, "out_dir": out_dir, "months": months,
                      "workers": workers})
        return FakeOutcome([out_dir / "bulletins" / "2026-11" / "S001.pdf"] * 14,
                           [out_dir / "livre-de-paie-2026-11.xlsx"],
                           [out_dir / "virements-salaires-2026-11.xml"], 13,
                           ["S009 : pas d'IBAN, salaire hors du fichier de virements"])

    module = types.ModuleType("pipelines.documents.payroll_papers")
    module.write_payroll_documents = write_payroll_documents
    monkeypatch.setitem(sys.modules, "pipelines.documents.payroll_papers", module)
    return calls


def run_documents(*args: str):
    return CliRunner().invoke(cli, ["paie", "documents", str(WORKBOOKS), "--schemas",
                                    str(SCHEMAS), *args])


def test_documents_validate_then_call_the_writer_and_summarise(fake_writer, tmp_path):
    result = run_documents("--mois", "2026-11", "--sortie", str(tmp_path / "paie"),
                           "--processus", "1")

    assert result.exit_code == 1, result.output  # a salary to pay by other means
    [call] = fake_writer
    assert call["out_dir"] == tmp_path / "paie"
    assert call["months"] == ["2026-11"] and call["workers"] == 1
    assert "salaries" in call["dataset"]
    assert "14 bulletins de paie PDF" in result.output
    assert "1 livre de paie" in result.output
    assert "1 fichier de virements des salaires (SEPA), 13 salaires virés" in result.output
    assert "ATTENTION S009 : pas d'IBAN" in result.output
    assert f"Documents écrits dans {tmp_path / 'paie'}" in result.output


def test_documents_default_to_a_private_paie_folder(fake_writer):
    command = cli.commands["paie"].commands["documents"]
    default = next(p for p in command.params if p.name == "output").default

    assert default == Path("build") / "documents" / "paie"


def test_documents_never_go_into_a_site(fake_writer):
    result = run_documents("--sortie", "site-gestion/paie")

    assert result.exit_code == 2
    assert fake_writer == []


def test_documents_for_an_unpaid_month_list_the_paid_ones(fake_writer, tmp_path):
    result = run_documents("--mois", "2025-01", "--sortie", str(tmp_path))

    assert result.exit_code == 2
    assert "Mois payés : 2026-01" in result.output
    assert fake_writer == []


def test_documents_stop_on_a_blocking_payroll_issue(fake_writer, tmp_path):
    from scenarios.workbooks import copy_demo

    workbooks = tmp_path / "classeurs"
    copy_demo(workbooks)
    (workbooks / "paie.xlsx").unlink()

    result = CliRunner().invoke(cli, ["paie", "documents", str(workbooks), "--schemas",
                                      str(SCHEMAS), "--sortie", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "classeur-absent" in result.output and "Rien n'est calculé" in result.output
    assert fake_writer == []


def test_documents_for_real_when_the_writer_exists(tmp_path):
    pytest.importorskip("pipelines.documents.payroll_papers")

    done = agora("paie", "documents", "--mois", "2026-11", "--sortie", str(tmp_path / "paie"))

    assert done.returncode in (0, 1), done.stderr
    assert "Traceback" not in done.stderr
    assert "Documents écrits dans" in done.stderr
    assert list((tmp_path / "paie").rglob("*.pdf"))


def test_an_explanation_is_given_despite_a_blocking_issue_and_says_so(tmp_path):
    """A declaration that differs from the payroll journal blocks the papers, not the
    explanation that helps to find the difference."""
    from openpyxl import load_workbook
    from scenarios.workbooks import copy_demo

    workbooks = tmp_path / "classeurs"
    copy_demo(workbooks)
    book = load_workbook(WORKBOOKS / "paie.xlsx")
    book["Declarations"]["C2"] = 1.0
    (workbooks / "paie.xlsx").unlink()  # the copy may be a link to the demo's file
    book.save(workbooks / "paie.xlsx")
    runner = CliRunner()

    explained = runner.invoke(cli, ["paie", "expliquer", "S002", "2026-01", str(workbooks),
                                    "--schemas", str(SCHEMAS), "--ligne", "salaire_base"])
    papers = runner.invoke(cli, ["paie", "documents", str(workbooks), "--schemas",
                                 str(SCHEMAS), "--sortie", str(tmp_path / "out")])

    assert explained.exit_code == 0, explained.output
    assert "declaration-differente-du-livre-de-paie" in explained.output
    assert "Attention : 1 anomalie bloquante" in plain(explained.output)
    assert "Salaire de base [salaire_base]" in explained.output
    assert papers.exit_code == 1 and "Rien n'est calculé" in papers.output
    assert not (tmp_path / "out").exists()
