"""Run `mkdocs build` on a generated configuration, reproducibly.

MkDocs runs in a subprocess (its plugins keep state between builds), from the
output root, with SOURCE_DATE_EPOCH set to the as-of date: the sitemap and every
date MkDocs writes come from the data, never from the clock.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date, datetime, time, timezone
from pathlib import Path

BUILD_TIMEOUT_SECONDS = 600


class SiteBuildError(Exception):
    """MkDocs failed: the configuration or the generated pages are broken."""


def source_date_epoch(as_of: date) -> str:
    return str(int(datetime.combine(as_of, time(0), timezone.utc).timestamp()))


def build_site(config_file: Path, as_of: date, cwd: Path) -> list[str]:
    """Build the site that `config_file` describes; returns MkDocs' warnings."""
    environment = {
        **os.environ,
        "SOURCE_DATE_EPOCH": source_date_epoch(as_of),
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONHASHSEED": "0",
    }
    command = [sys.executable, "-m", "mkdocs", "build", "--config-file", str(config_file)]
    try:
        done = subprocess.run(command, cwd=cwd, env=environment, capture_output=True,
                              text=True, timeout=BUILD_TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as error:
        raise SiteBuildError(f"MkDocs n'a pas fini en {BUILD_TIMEOUT_SECONDS} s") from error
    if done.returncode != 0:
        tail = "\n".join(done.stderr.strip().splitlines()[-15:])
        raise SiteBuildError(f"MkDocs a échoué pour {config_file.name} :\n{tail}")
    return [line for line in done.stderr.splitlines() if line.startswith("WARNING")]
