"""SVG charts rendered at build time with matplotlib, byte-for-byte reproducible.

No date, no creator and no DOCTYPE in the file; element ids come from a fixed hash
salt; text stays text (``svg.fonttype: none``). Labels from the workbooks are
protected from mathtext (``$``); matplotlib escapes them for XML, and the pages
include the charts as images, where no script runs.
"""

from __future__ import annotations

import io
import re
from typing import Sequence

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter

_RC = {
    "svg.hashsalt": "agora",
    "svg.fonttype": "none",
    "font.family": "sans-serif",
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
_NO_METADATA = {"Date": None, "Creator": None, "Format": None, "Type": None}
_DOCTYPE = re.compile(r"<!DOCTYPE[^>]*>\s*", re.S)
BAR_COLOUR = "#3f51b5"


def _label(text: str) -> str:
    return str(text).replace("$", r"\$")


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata=_NO_METADATA, bbox_inches="tight")
    return _DOCTYPE.sub("", buffer.getvalue())


def horizontal_bars(labels: Sequence[str], values: Sequence[int | float], unit: str,
                    value_labels: Sequence[str] | None = None) -> str:
    """A horizontal bar chart (first label on top), each bar with its value (or with
    `value_labels`, e.g. amounts formatted the French way)."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7, 0.45 * max(len(labels), 1) + 1.2))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        bars = axes.barh(positions, values, color=BAR_COLOUR)
        axes.set_yticks(positions, [_label(label) for label in labels])
        shown = value_labels or [f"{value:g}" for value in values]
        axes.bar_label(bars, labels=[_label(text) for text in shown], padding=3)
        axes.set_xlabel(_label(unit))
        axes.xaxis.get_major_locator().set_params(integer=True)
        if value_labels:
            axes.set_xlim(right=_headroom(values))
            axes.xaxis.set_major_formatter(FuncFormatter(_thousands))
        return _svg(figure)


def _thousands(value: float, _position=None) -> str:
    """An axis tick the French way: 12 000 (thin space), no decimals."""
    return f"{value:,.0f}".replace(",", "\u202f").replace("-", "\u2212")


def _headroom(values: Sequence[float]) -> float:
    """The axis end that leaves room for the value written after the longest bar."""
    return max([*values, 0]) * 1.3 or 1


def vertical_bars(labels: Sequence[str], values: Sequence[float], unit: str,
                  value_labels: Sequence[str] | None = None) -> str:
    """A bar per label, left to right (months), with the axis in `unit`; a negative value
    goes below the axis. `value_labels` are written above the bars (rotated)."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(max(6, 0.6 * len(labels) + 2), 3.6))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bars = axes.bar(positions, values, color=BAR_COLOUR)
        axes.set_xticks(positions, [_label(label) for label in labels], rotation=45,
                        ha="right")
        if value_labels:
            axes.bar_label(bars, labels=[_label(text) for text in value_labels], padding=3,
                           rotation=90, fontsize=8)
            axes.set_ylim(top=_headroom(values) * 1.15)
        axes.axhline(0, color="#555555", linewidth=0.8)
        axes.set_ylabel(_label(unit))
        axes.yaxis.set_major_formatter(FuncFormatter(_thousands))
        return _svg(figure)


STACK_COLOURS = ("#3f51b5", "#e57373", "#9e9e9e", "#ffb74d", "#81c784", "#64b5f6")


def stacked_bars(labels: Sequence[str], series: Sequence[tuple[str, Sequence[float]]],
                 unit: str) -> str:
    """Stacked vertical bars: one bar per label, one coloured part per series (name,
    values), with a legend; parts of value 0 take no room."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(max(6, 0.6 * len(labels) + 2), 3.8))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))
        bottoms = [0.0] * len(labels)
        for index, (name, values) in enumerate(series):
            axes.bar(positions, values, bottom=bottoms, label=_label(name),
                     color=STACK_COLOURS[index % len(STACK_COLOURS)])
            bottoms = [bottom + value for bottom, value in zip(bottoms, values, strict=True)]
        axes.set_xticks(positions, [_label(label) for label in labels], rotation=45,
                        ha="right")
        axes.set_ylabel(_label(unit))
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend(loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
        return _svg(figure)
