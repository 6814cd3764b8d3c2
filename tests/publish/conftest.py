"""Sites built once per test session from the small hand-built dataset.

- `clean_build`: no issue;
- `blocked_build`: one blocking issue (whose message quotes a sensitive value) and one
  warning, published with keep_going: the banner and the report pages.
"""

import pytest

from .builds import BLOCKING, WARNING, Build, build


@pytest.fixture(scope="session")
def clean_build(tmp_path_factory) -> Build:
    return build(tmp_path_factory.mktemp("propre"), [])


@pytest.fixture(scope="session")
def blocked_build(tmp_path_factory) -> Build:
    return build(tmp_path_factory.mktemp("bloque"), [BLOCKING, WARNING])
