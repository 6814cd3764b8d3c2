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


def test_demo_never_replaces_different_workbooks_without_force(tmp_path: Path):
    kept = tmp_path / "clients.xlsx"
    kept.write_bytes(b"les vraies donnees du personnel")
    done = agora("demo", "--out", str(tmp_path))
    assert done.returncode == 2
    assert "clients.xlsx existe déjà" in done.stderr and "--force" in done.stderr
    assert kept.read_bytes() == b"les vraies donnees du personnel"
    assert not (tmp_path / "stock.xlsx").exists()
    assert agora("demo", "--out", str(tmp_path), "--force").returncode == 0
    assert kept.read_bytes() == (ROOT / "workbooks" / "clients.xlsx").read_bytes()


def test_demo_scale_out_of_range_is_a_usage_error():
    done = agora("demo", "--scale", "0")
    assert done.returncode == 2 and "l'échelle va de 1 à" in done.stderr


def test_serve_on_a_busy_port_explains_in_french(tmp_path: Path):
    import socket

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text("<p>ok</p>", encoding="utf-8")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = agora("serve", "--out", str(tmp_path), "--port", str(port))
    assert done.returncode == 2
    assert f"impossible d'écouter sur 127.0.0.1:{port}" in done.stderr
    assert "Traceback" not in done.stderr and "Erreur interne" not in done.stderr
