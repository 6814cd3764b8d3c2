"""Fixtures of the situation scenarios: editable copies of the demo workbooks.

- `workbooks`: a fresh copy of ``workbooks/`` in the test's temporary folder, with the
  demo's own findings as the baseline of `Checked.new_findings`;
- `demo`: the unedited demo, validated once per session (read only);
- `published`: both sites built once per session from planted workbooks (see `published`).
"""

from __future__ import annotations

import pytest

from .published import Published, build_published
from .workbooks import Checked, Workbooks


@pytest.fixture(scope="session")
def demo(tmp_path_factory) -> Checked:
    """The demo organisation as shipped, validated once."""
    copy = Workbooks.copy_of_demo(tmp_path_factory.mktemp("demo") / "workbooks")
    return copy.validate()


@pytest.fixture(scope="session")
def demo_findings(demo) -> frozenset[tuple]:
    return frozenset(demo.findings)


@pytest.fixture
def workbooks(tmp_path, demo_findings) -> Workbooks:
    """An editable copy of the demo workbooks for one test."""
    return Workbooks.copy_of_demo(tmp_path / "workbooks", demo_findings)


@pytest.fixture(scope="session")
def published(tmp_path_factory) -> Published:
    """Both sites, built once by ``agora build`` from the planted workbooks."""
    return build_published(tmp_path_factory.mktemp("publication"))
