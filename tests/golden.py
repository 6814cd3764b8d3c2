"""Golden files: compare an output with its reviewed copy under tests/golden/.

Run with ``AGORA_GOLDEN=regenerer`` to rewrite the copies, then review the diff in git.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"


def assert_matches_golden(name: str, actual: str) -> None:
    path = GOLDEN_DIR / name
    if os.environ.get("AGORA_GOLDEN") == "regenerer":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path} manque : lancez les tests avec AGORA_GOLDEN=regenerer"
    expected = path.read_text(encoding="utf-8")
    if actual != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                actual.splitlines(keepends=True),
                fromfile=f"golden/{name}",
                tofile="obtenu",
            )
        )
        raise AssertionError(f"{name} diffère du fichier de référence :\n{diff}")
