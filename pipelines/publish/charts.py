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


def horizontal_bars(labels: Sequence[str], values: Sequence[int | float], unit: str) -> str:
    """A horizontal bar chart (first label on top), each bar with its value."""
    with matplotlib.rc_context(_RC):
        figure = Figure(figsize=(7, 0.45 * max(len(labels), 1) + 1.2))
        FigureCanvasSVG(figure)
        axes = figure.add_subplot()
        positions = list(range(len(labels)))[::-1]
        bars = axes.barh(positions, values, color=BAR_COLOUR)
        axes.set_yticks(positions, [_label(label) for label in labels])
        axes.bar_label(bars, labels=[f"{value:g}" for value in values], padding=3)
        axes.set_xlabel(_label(unit))
        axes.xaxis.get_major_locator().set_params(integer=True)
        return _svg(figure)
