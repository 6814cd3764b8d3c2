"""`agora build` and `agora serve` end to end: exit codes, refusal, --keep-going, atomicity."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from scenarios.workbooks import Workbooks

ROOT = Path(__file__).resolve().parents[1]


def agora(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pipelines.cli", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
    )


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Workbooks:
    """The demo with one blocking issue: a NIR whose key is wrong."""
    workbooks = Workbooks.copy_of_demo(tmp_path_factory.mktemp("casse") / "workbooks")
    staff = workbooks.sheet("personnel.xlsx", "Salariés")
    staff.set(staff.row_of("S004"), "nir", "185059912345678")
    workbooks.save()
    return workbooks


@pytest.fixture(scope="module")
def published_demo(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("sortie")
    done = agora("build", "--out", str(out))
    assert done.returncode == 0, done.stderr
    return out


def test_build_publishes_both_sites_and_site_data(published_demo: Path):
    assert (published_demo / "site" / "index.html").is_file()
    assert (published_demo / "site-gestion" / "gestion" / "rapport.html").is_file()
    for audience in ("personnel", "gestion"):
        assert (published_demo / "site_data" / audience / "index.json").is_file()
        assert any((published_demo / "site_data" / audience).glob("*.csv"))


def test_a_blocking_issue_stops_before_publishing_and_keeps_the_previous_site(
    published_demo: Path, broken: Workbooks
):
    before = (published_demo / "site" / "index.html").read_bytes()
    done = agora("build", "--workbooks", str(broken.folder), "--out", str(published_demo))
    assert done.returncode == 1
    assert "personnel.xlsx › Salariés › F" in done.stderr and "nir-invalide" in done.stderr
    assert "Publication arrêtée" in done.stderr
    assert "Traceback" not in done.stderr
    assert (published_demo / "site" / "index.html").read_bytes() == before


def test_keep_going_publishes_with_a_banner_and_the_report(broken: Workbooks, tmp_path: Path):
    done = agora("build", "--workbooks", str(broken.folder), "--out", str(tmp_path), "--keep-going")
    assert done.returncode == 1, done.stderr
    for site in ("site", "site-gestion"):
        home = (tmp_path / site / "index.html").read_text(encoding="utf-8")
        assert "Données non validées" in home
    report = (tmp_path / "site-gestion" / "gestion" / "rapport.html").read_text(encoding="utf-8")
    assert "nir-invalide" in report


def test_validate_github_format_points_at_the_validated_folder(broken: Workbooks):
    done = agora("validate", str(broken.folder), "--format", "github")
    assert done.returncode == 1
    errors = [line for line in done.stdout.splitlines() if line.startswith("::error ")]
    assert len(errors) == 1
    assert errors[0].startswith(f"::error file={broken.folder.as_posix()}/personnel.xlsx,")
    assert "title=nir-invalide — Salariés › F" in errors[0]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_previews_the_staff_site_on_localhost(published_demo: Path):
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "pipelines.cli", "serve", "--out", str(published_demo),
         "--port", str(port)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        page = None
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read().decode("utf-8")
                break
            except OSError:
                time.sleep(0.1)
        assert page is not None and "Intranet" in page
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_keep_going_without_an_as_of_date_publishes_nothing_and_says_why(tmp_path: Path):
    empty = tmp_path / "classeurs"
    empty.mkdir()
    done = agora("build", "--workbooks", str(empty), "--out", str(tmp_path), "--keep-going")
    assert done.returncode == 1, done.stderr
    assert "classeur-absent" in done.stderr and "date-arrete-introuvable" in done.stderr
    assert "Publication impossible : la date d'arrêté est introuvable" in done.stderr
    assert "Erreur interne" not in done.stderr and "Traceback" not in done.stderr
    assert not (tmp_path / "site").exists()
