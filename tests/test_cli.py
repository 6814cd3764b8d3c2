"""The `agora` command: French help, exit codes, documented commands."""

import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.cli import cli, translate_click_message

ROOT = Path(__file__).resolve().parents[1]


def agora(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_french_help(command: str):
    done = agora(command, "--help")
    assert done.returncode == 0
    assert done.stdout.startswith(f"Utilisation : agora {command}")
    assert "Afficher cette aide et quitter." in done.stdout
    assert "Show this message" not in done.stdout and "[default" not in done.stdout


def test_group_help_lists_commands_in_french():
    done = agora("--help")
    assert "Commandes:" in done.stdout and "COMMANDE [ARGUMENTS]" in done.stdout


@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_is_documented_in_the_readme(command: str):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"`agora {command}" in readme


def test_usage_error_exits_2_with_a_french_message():
    done = agora("validate", "--format", "xml")
    assert done.returncode == 2
    assert "Erreur d'utilisation : Valeur invalide pour '--format'" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_workbooks_folder_is_a_configuration_error(tmp_path: Path):
    done = agora("validate", str(tmp_path / "absent"))
    assert done.returncode == 2
    assert "n'existe pas" in done.stderr


def test_serve_without_a_built_site_explains_what_to_do(tmp_path: Path):
    done = agora("serve", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "lancez d'abord « agora build »" in done.stderr


def test_unknown_command_suggests_the_right_one():
    done = agora("bulid")
    assert done.returncode == 2
    assert "Commande inconnue 'bulid'" in done.stderr


def test_click_phrases_are_translated_longest_first():
    assert translate_click_message("Got unexpected extra arguments (a b)") == "Arguments en trop (a b)"
