"""The demo validates with no blocking issue; its report is a reviewed golden file."""

from pathlib import Path

import pytest

from pipelines.report import render
from pipelines.validate import validate_workbooks
from golden import assert_matches_golden

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def demo_result():
    return validate_workbooks(ROOT / "workbooks", ROOT / "schemas")


def test_demo_has_no_blocking_issue(demo_result):
    assert not demo_result.blocking, render(demo_result.issues, "text")


def test_demo_shows_some_warnings(demo_result):
    assert len(demo_result.issues) >= 3
    assert all(not issue.blocking for issue in demo_result.issues)


def test_demo_report_text_is_golden(demo_result):
    assert_matches_golden("rapport-demo.txt", render(demo_result.issues, "text") + "\n")


def test_demo_report_markdown_is_golden(demo_result):
    assert_matches_golden("rapport-demo.md", render(demo_result.issues, "markdown"))
