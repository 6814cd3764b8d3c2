"""Dated legal parameters, in the style of OpenFisca's ``parameters/``.

Each YAML file under ``parameters/`` is one parameter: a ``description``, a ``unit``
and ``values`` keyed by the date they take effect, each with its ``value`` and its
``reference`` (``title`` and ``href``). The folders follow the law's own structure,
and a parameter's name is its path with dots: ``travail/duree_maximale/quotidienne.yaml``
is ``travail.duree_maximale.quotidienne``.

No legal rate is written in Python: code asks ``parameters().value(name, on=date)``.
"""

from pipelines.law.parameters_loader import (
    Parameter,
    ParameterError,
    Parameters,
    parameters,
)

__all__ = ["Parameter", "ParameterError", "Parameters", "parameters"]
