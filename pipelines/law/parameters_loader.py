"""Load and query the dated legal parameter files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

import yaml

PARAMETERS_DIR = Path(__file__).parent / "parameters"


class ParameterError(Exception):
    """A parameter file is malformed, or a value is asked for outside its dates."""


@dataclass(frozen=True)
class Reference:
    title: str
    href: str


@dataclass(frozen=True)
class DatedValue:
    start: date
    value: Decimal | str | None  # None: the parameter stops applying from `start`
    reference: Reference


@dataclass(frozen=True)
class Parameter:
    name: str
    description: str
    unit: str
    values: tuple[DatedValue, ...]  # sorted by start date

    def at(self, on: date) -> DatedValue:
        current = None
        for dated in self.values:
            if dated.start <= on:
                current = dated
        if current is None or current.value is None:
            raise ParameterError(
                f"le paramètre « {self.name} » n'a pas de valeur au {on.isoformat()}"
            )
        return current

    def value(self, on: date) -> Decimal | str:
        return self.at(on).value


def _as_value(raw) -> Decimal | str | None:
    if raw is None or isinstance(raw, str):
        return raw
    if isinstance(raw, bool):
        raise ParameterError("une valeur booléenne n'est pas un paramètre légal")
    return Decimal(str(raw))


def _as_date(raw, name: str) -> date:
    if isinstance(raw, date):
        return raw
    try:
        return date.fromisoformat(str(raw))
    except ValueError as error:
        raise ParameterError(f"{name} : date d'effet invalide « {raw} »") from error


def load_parameter(path: Path, name: str) -> Parameter:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ParameterError(f"{path.name} : YAML illisible ({error})") from error
    if not isinstance(data, dict):
        raise ParameterError(f"{name} : le fichier doit décrire un paramètre")
    missing = [key for key in ("description", "unit", "values") if not data.get(key)]
    if missing:
        raise ParameterError(f"{name} : il manque {', '.join(missing)}")
    dated_values = []
    for start, entry in data["values"].items():
        if not isinstance(entry, dict) or "value" not in entry:
            raise ParameterError(f"{name} : la valeur du {start} doit avoir « value »")
        reference = entry.get("reference") or {}
        if not reference.get("title") or not reference.get("href"):
            raise ParameterError(
                f"{name} : la valeur du {start} doit citer sa référence (title et href)"
            )
        dated_values.append(
            DatedValue(
                _as_date(start, name),
                _as_value(entry["value"]),
                Reference(str(reference["title"]), str(reference["href"])),
            )
        )
    dated_values.sort(key=lambda d: d.start)
    return Parameter(name, str(data["description"]), str(data["unit"]), tuple(dated_values))


class Parameters:
    """Every parameter file under a folder, by dotted name."""

    def __init__(self, root: Path = PARAMETERS_DIR):
        self.root = root
        self._by_name: dict[str, Parameter] = {}
        for path in sorted(root.rglob("*.yaml")):
            name = ".".join(path.relative_to(root).with_suffix("").parts)
            self._by_name[name] = load_parameter(path, name)

    def __iter__(self):
        return iter(self._by_name.values())

    def __contains__(self, name: str) -> bool:
        return name in self._by_name

    def get(self, name: str) -> Parameter:
        try:
            return self._by_name[name]
        except KeyError:
            raise ParameterError(f"paramètre inconnu : « {name} »") from None

    def value(self, name: str, on: date) -> Decimal | str:
        return self.get(name).value(on)

    def value_or_none(self, name: str, on: date) -> Decimal | str | None:
        """The value on a day, or None before the parameter's first effective date (no
        earlier value is borrowed: it may not have been the law then). An unknown name is
        still an error."""
        try:
            return self.get(name).value(on)
        except ParameterError:
            if name not in self._by_name:
                raise
            return None


@lru_cache(maxsize=1)
def parameters() -> Parameters:
    """The parameters shipped with Agora (loaded once)."""
    return Parameters()
