"""The demo generator is deterministic, and the committed workbooks are its output."""

from pathlib import Path

import pytest

from pipelines.demo import generate

from .conftest import REPOSITORY

NAMES = ["organisation.xlsx", "clients.xlsx", "fournisseurs.xlsx", "stock.xlsx",
         "personnel.xlsx", "temps.xlsx", "communication.xlsx", "ventes.xlsx", "achats.xlsx",
         "moyens.xlsx", "paie.xlsx"]


def _bytes(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.glob("*.xlsx"))}


def test_writes_the_eleven_workbooks(demo_dir):
    assert sorted(p.name for p in demo_dir.iterdir()) == sorted(NAMES)


def test_same_seed_gives_the_same_bytes(demo_dir, tmp_path):
    paths = generate(tmp_path / "again")
    assert [p.name for p in paths] == NAMES
    assert _bytes(tmp_path / "again") == _bytes(demo_dir)


def test_another_seed_gives_other_records(demo_dir, tmp_path):
    generate(tmp_path / "other", seed=7)
    other, default = _bytes(tmp_path / "other"), _bytes(demo_dir)
    assert other["clients.xlsx"] != default["clients.xlsx"]
    assert other["communication.xlsx"] == default["communication.xlsx"]  # written, not drawn


def test_committed_workbooks_are_up_to_date(demo_dir):
    """workbooks/ must be regenerated (``agora demo``) when the generator changes."""
    committed = REPOSITORY / "workbooks"
    assert {name: committed.joinpath(name).read_bytes() for name in NAMES} == _bytes(demo_dir)


def test_scale_is_bounded(tmp_path):
    with pytest.raises(ValueError, match="échelle"):
        generate(tmp_path, scale=0)
