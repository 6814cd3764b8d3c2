"""Fixtures of the document tests: the demo organisation's workbooks, validated once."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.validate import validate_workbooks

REPO_ROOT = Path(__file__).resolve().parents[2]
DEMO_WORKBOOKS = REPO_ROOT / "workbooks"
SCHEMAS = REPO_ROOT / "schemas"


@pytest.fixture(scope="session")
def demo_validation():
    """The demo workbooks as shipped (read only), validated once."""
    return validate_workbooks(DEMO_WORKBOOKS, SCHEMAS)


@pytest.fixture(scope="session")
def demo_dataset(demo_validation):
    return demo_validation.dataset
