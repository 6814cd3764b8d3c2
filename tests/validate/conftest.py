import pytest

from pipelines.validate import validate_workbooks

from .paths import AS_OF, BROKEN, SCHEMAS


@pytest.fixture(scope="session")
def broken_result():
    """Agora's result on a broken fixture, computed once per case."""
    cache = {}

    def result(case: str):
        if case not in cache:
            cache[case] = validate_workbooks(BROKEN / case, SCHEMAS, as_of=AS_OF)
        return cache[case]

    return result
