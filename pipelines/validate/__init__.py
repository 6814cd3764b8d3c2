"""Validate: the workbooks against their Table Schemas, then the business rules.

``validate_workbooks(workbooks_dir, schemas_dir, as_of)`` reads the Data Package
descriptor ``schemas_dir / "datapackage.json"``, reads each resource's sheet from
``workbooks_dir`` (by file name), and returns a `ValidationResult`: the typed
`Dataset` and every issue, sorted. The findings are frictionless's (same
row, field and kind for every check frictionless knows), only much faster;
Agora adds its own checks (check keys of SIREN, IBAN, NIR…, formulas without a
stored value, merged header cells).

Modules, in the order they run: ``package`` (descriptor → specs), ``header``,
``cells`` and ``convert`` (raw cells → typed columns, with ``scalars``, the
one-value reading rules), ``type_errors``, ``constraints``, ``formats``, ``keys``,
``table`` (one sheet), ``engine`` (the whole package), ``severities`` (the
organisation's choice of severity for the adjustable codes, sheet « Gravites »),
``frictionless`` (the second opinion, for tests and benchmarks).
"""

from pipelines.validate.engine import ValidationResult, validate_workbooks
from pipelines.validate.frictionless import frictionless_descriptor
from pipelines.validate.package import ConfigurationError

__all__ = ["ConfigurationError", "ValidationResult", "frictionless_descriptor", "validate_workbooks"]
