"""Golden files: compare an output with its reviewed copy under tests/golden/.

Run with ``AGORA_GOLDEN=regenerer`` to rewrite the copies, then review the diff in git.
"""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path

GOLDEN_DIR = Path(__file__).parent / "golden"
STYLE_BLOCK = re.compile(r"<style>.*?</style>", re.DOTALL)


def without_stylesheets(html: str) -> str:
    """A document's HTML with its inlined stylesheets left out: they are source files of
    their own, and the golden copy of each document keeps only what the document says."""
    return STYLE_BLOCK.sub("<style>/* feuilles de style des documents */</style>", html)


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
