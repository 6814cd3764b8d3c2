"""Atomic outputs: build into a temporary sibling folder, then swap it into place.

A failed or interrupted build leaves the previous folder whole. The swap is two
renames on the same file system (target → backup, new → target); if it is cut
between them, the next publication puts the backup back first. A build that was killed
leaves its temporary folder (``.site.tmp-…``) behind: the next publication removes it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

READABLE_FOLDER = 0o755  # mkdtemp makes 0700 folders: a web server must read the sites


def backup_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.ancien")


def staging_prefix(target: Path) -> str:
    return f".{target.name}.tmp-"


def purge_stale_stagings(target: Path) -> list[Path]:
    """Remove the temporary folders an interrupted build left beside `target`."""
    if not target.parent.is_dir():
        return []
    stale = sorted(target.parent.glob(staging_prefix(target) + "*"))
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale


def restore_interrupted_swap(target: Path) -> None:
    backup = backup_of(target)
    if backup.exists():
        if target.exists():
            shutil.rmtree(backup)
        else:
            os.replace(backup, target)


def swap_into_place(new: Path, target: Path) -> None:
    backup = backup_of(target)
    if backup.exists():
        shutil.rmtree(backup)
    if target.exists():
        os.replace(target, backup)
    os.replace(new, target)
    shutil.rmtree(backup, ignore_errors=True)


class Staging:
    """A fresh temporary folder beside `target`; `commit` swaps it in, `discard` drops it."""

    def __init__(self, target: Path):
        target.parent.mkdir(parents=True, exist_ok=True)
        restore_interrupted_swap(target)
        self.target = target
        self.path = Path(tempfile.mkdtemp(prefix=staging_prefix(target), dir=target.parent))
        self.path.chmod(READABLE_FOLDER)

    def commit(self) -> None:
        swap_into_place(self.path, self.target)

    def discard(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
