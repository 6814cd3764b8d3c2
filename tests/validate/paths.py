"""Where the test fixtures are (see tests/fixtures/make_fixtures.py)."""

from datetime import date
from pathlib import Path

FIXTURES = Path(__file__).parents[1] / "fixtures"
SCHEMAS = FIXTURES / "package" / "schemas"
GOOD = FIXTURES / "package" / "workbooks"
BROKEN = FIXTURES / "broken"
AS_OF = date(2026, 3, 31)
CASES = sorted(path.name for path in BROKEN.iterdir() if path.is_dir())
