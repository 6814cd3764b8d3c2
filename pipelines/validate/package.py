"""Read the Data Package descriptor and its Table Schemas into plain specs.

The descriptor stays standard Frictionless (``frictionless validate`` is the
second opinion); this module only reads the parts Agora's engine implements and
refuses, as a configuration error, what it does not.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

SUPPORTED_TYPES = ("string", "integer", "number", "boolean", "date", "time", "datetime", "year")
ORDERED_TYPES = ("integer", "number", "date", "time", "datetime", "year")
SUPPORTED_CONSTRAINTS = {
    "string": {"required", "unique", "enum", "pattern", "minLength", "maxLength"},
    "boolean": {"required", "unique", "enum"},
    **{
        type_: {"required", "unique", "enum", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"}
        for type_ in ORDERED_TYPES
    },
}
STRING_FORMATS = ("default", "email", "uri", "uuid", "binary")
BUSINESS_FORMATS = ("siren", "siret", "tva", "iban", "bic", "nir", "code_postal")
_BUSINESS_ALIASES = {"code-postal": "code_postal", "postcode": "code_postal", "vat": "tva"}
FIELDS_MATCH = ("exact", "equal", "subset", "superset", "partial")
DEFAULT_TRUE = ("true", "True", "TRUE", "1")
DEFAULT_FALSE = ("false", "False", "FALSE", "0")


class ConfigurationError(Exception):
    """The schemas (or the options) are wrong: a problem for whoever set Agora up."""


@dataclass(frozen=True)
class FieldSpec:
    name: str
    type: str
    format: str = "default"
    title: str = ""
    constraints: tuple[tuple[str, Any], ...] = ()
    missing_values: tuple[str, ...] = ("",)
    true_values: tuple[str, ...] = DEFAULT_TRUE
    false_values: tuple[str, ...] = DEFAULT_FALSE
    bare_number: bool = True
    group_char: str | None = None
    decimal_char: str | None = None
    sensitive: bool = False
    business_format: str | None = None
    example: str | None = None

    def constraint(self, name: str, default: Any = None) -> Any:
        return dict(self.constraints).get(name, default)

    @property
    def label(self) -> str:
        """How messages name the field: its name, and its title when it differs."""
        return f"{self.name} ({self.title})" if self.title and self.title != self.name else self.name


@dataclass(frozen=True)
class ForeignKey:
    fields: tuple[str, ...]
    resource: str  # the referenced resource; "" is the resource itself
    reference_fields: tuple[str, ...]


@dataclass(frozen=True)
class TableSpec:
    fields: tuple[FieldSpec, ...]
    primary_key: tuple[str, ...] = ()
    foreign_keys: tuple[ForeignKey, ...] = ()
    fields_match: str = "exact"

    def field(self, name: str) -> FieldSpec:
        return next(spec for spec in self.fields if spec.name == name)


@dataclass(frozen=True)
class ResourceSpec:
    name: str
    workbook: str  # file name only: resolved in the workbooks folder
    sheet: str | int  # sheet name, or 1-based position
    schema: TableSpec
    header_case: bool = True
    skip_blank_rows: bool = False


@dataclass(frozen=True)
class PackageSpec:
    resources: tuple[ResourceSpec, ...]

    def resource(self, name: str) -> ResourceSpec | None:
        return next((r for r in self.resources if r.name == name), None)


def read_package(schemas_dir: Path) -> PackageSpec:
    descriptor_path = schemas_dir / "datapackage.json"
    descriptor = read_json(descriptor_path)
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        raise ConfigurationError(f"{descriptor_path} : aucune ressource n'est déclarée")
    specs = tuple(_resource(item, schemas_dir) for item in resources)
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ConfigurationError(f"{descriptor_path} : deux ressources portent le même nom")
    for spec in specs:
        _check_foreign_keys(spec, {s.name: s for s in specs})
    return PackageSpec(specs)


def load_json_reference(value: Any, schemas_dir: Path, what: str) -> dict:
    """A descriptor part given inline, or as a path relative to the descriptor."""
    if isinstance(value, str):
        return read_json(schemas_dir / value)
    if isinstance(value, dict):
        return value
    raise ConfigurationError(f"{what} : description absente ou invalide")


def read_json(path: Path) -> dict:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        raise ConfigurationError(f"fichier de schéma introuvable : {path}") from error
    except (OSError, ValueError) as error:
        raise ConfigurationError(f"{path} : JSON illisible ({error})") from error
    if not isinstance(data, dict):
        raise ConfigurationError(f"{path} : un objet JSON est attendu")
    return data


def _resource(item: dict, schemas_dir: Path) -> ResourceSpec:
    name = item.get("name")
    path = item.get("path")
    if not isinstance(name, str) or not isinstance(path, str):
        raise ConfigurationError("chaque ressource doit avoir un nom et un chemin (path) unique")
    workbook = PurePosixPath(path).name
    if item.get("format", "xlsx") != "xlsx" or not workbook.endswith(".xlsx"):
        raise ConfigurationError(f"ressource {name} : seuls les classeurs .xlsx sont pris en charge")
    dialect = load_json_reference(item.get("dialect", {}), schemas_dir, f"ressource {name}, dialecte")
    excel = dialect.get("excel", {})
    _refuse_dialect_options(name, dialect, excel)
    schema = load_json_reference(item.get("schema"), schemas_dir, f"ressource {name}, schéma")
    return ResourceSpec(
        name=name,
        workbook=workbook,
        sheet=excel.get("sheet", 1),
        schema=_table(schema, name),
        header_case=dialect.get("headerCase", True),
        skip_blank_rows=dialect.get("skipBlankRows", False),
    )


def _refuse_dialect_options(name: str, dialect: dict, excel: dict) -> None:
    unsupported = [
        key
        for key, default in (("header", True), ("headerRows", [1]), ("commentRows", None), ("commentChar", None))
        if dialect.get(key, default) != default
    ]
    unsupported += [
        key
        for key in ("fillMergedCells", "preserveFormatting", "adjustFloatingPointError", "stringified")
        if excel.get(key)
    ]
    if unsupported:
        raise ConfigurationError(
            f"ressource {name} : option de dialecte non prise en charge : {', '.join(unsupported)}"
        )


def _table(schema: dict, resource: str) -> TableSpec:
    missing_values = _missing_values(schema.get("missingValues", [""]))
    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        raise ConfigurationError(f"ressource {resource} : le schéma n'a pas de champs")
    specs = tuple(_field(item, resource, missing_values) for item in fields)
    names = [spec.name for spec in specs]
    if len(set(names)) != len(names):
        raise ConfigurationError(f"ressource {resource} : deux champs portent le même nom")
    primary_key = schema.get("primaryKey", [])
    primary_key = tuple([primary_key] if isinstance(primary_key, str) else primary_key)
    foreign_keys = tuple(_foreign_key(item, resource) for item in schema.get("foreignKeys", []))
    fields_match = schema.get("fieldsMatch", "exact")
    if fields_match not in FIELDS_MATCH:
        raise ConfigurationError(f"ressource {resource} : fieldsMatch « {fields_match} » inconnu")
    for key in primary_key + tuple(name for fk in foreign_keys for name in fk.fields):
        if key not in names:
            raise ConfigurationError(f"ressource {resource} : clé sur un champ inconnu « {key} »")
    return TableSpec(specs, primary_key, foreign_keys, fields_match)


def _field(item: dict, resource: str, schema_missing: tuple[str, ...]) -> FieldSpec:
    name, type_ = item.get("name"), item.get("type", "string")
    where = f"ressource {resource}, champ {name}"
    if not isinstance(name, str) or not name:
        raise ConfigurationError(f"ressource {resource} : un champ n'a pas de nom")
    if type_ not in SUPPORTED_TYPES:
        raise ConfigurationError(f"{where} : type « {type_} » non pris en charge")
    constraints = item.get("constraints", {})
    unknown = set(constraints) - SUPPORTED_CONSTRAINTS[type_]
    if unknown:
        raise ConfigurationError(f"{where} : contrainte non prise en charge : {', '.join(sorted(unknown))}")
    format_, business = _formats(item, type_, where)
    group_char, decimal_char = item.get("groupChar"), item.get("decimalChar")
    return FieldSpec(
        name=name,
        type=type_,
        format=format_,
        title=item.get("title", ""),
        constraints=tuple((key, _frozen(value)) for key, value in constraints.items()),
        missing_values=_missing_values(item.get("missingValues", schema_missing)),
        true_values=tuple(item.get("trueValues", DEFAULT_TRUE)),
        false_values=tuple(item.get("falseValues", DEFAULT_FALSE)),
        bare_number=item.get("bareNumber", True),
        group_char=group_char,
        decimal_char=decimal_char,
        sensitive=bool(item.get("agora:sensible", False)),
        business_format=business,
        example=None if item.get("example") is None else str(item["example"]),
    )


def _frozen(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _missing_values(values: Any) -> tuple[str, ...]:
    """Missing values as strings (Data Package v2 also allows ``{"value": …}``)."""
    return tuple(item["value"] if isinstance(item, dict) else str(item) for item in values)


def _formats(item: dict, type_: str, where: str) -> tuple[str, str | None]:
    """(frictionless format, business format): ``agora:format`` or a business ``format``."""
    format_ = item.get("format", "default")
    business = item.get("agora:format")
    if format_ in BUSINESS_FORMATS or format_ in _BUSINESS_ALIASES:
        business, format_ = business or format_, "default"
    if business is not None:
        business = _BUSINESS_ALIASES.get(business, business)
        if business not in BUSINESS_FORMATS or type_ != "string":
            raise ConfigurationError(f"{where} : format métier « {business} » inconnu ou sur un champ non texte")
    if type_ == "string" and format_ not in STRING_FORMATS:
        raise ConfigurationError(f"{where} : format « {format_} » non pris en charge")
    if type_ in ("integer", "number", "boolean", "year") and format_ != "default":
        raise ConfigurationError(f"{where} : format « {format_} » non pris en charge")
    return format_, business


def _foreign_key(item: dict, resource: str) -> ForeignKey:
    fields = item.get("fields")
    reference = item.get("reference", {})
    ref_fields = reference.get("fields")
    fields = (fields,) if isinstance(fields, str) else tuple(fields or ())
    ref_fields = (ref_fields,) if isinstance(ref_fields, str) else tuple(ref_fields or ())
    if not fields or len(fields) != len(ref_fields):
        raise ConfigurationError(f"ressource {resource} : clé étrangère mal formée")
    target = reference.get("resource", "")
    return ForeignKey(fields, "" if target == resource else target, ref_fields)


def _check_foreign_keys(spec: ResourceSpec, by_name: dict[str, ResourceSpec]) -> None:
    for fk in spec.schema.foreign_keys:
        target = by_name.get(fk.resource or spec.name)
        if target is None:
            raise ConfigurationError(f"ressource {spec.name} : ressource référencée inconnue « {fk.resource} »")
        names = {field.name for field in target.schema.fields}
        unknown = [name for name in fk.reference_fields if name not in names]
        if unknown:
            raise ConfigurationError(
                f"ressource {spec.name} : champ référencé inconnu {', '.join(unknown)} dans {target.name}"
            )
