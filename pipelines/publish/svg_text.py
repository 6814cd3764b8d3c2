"""Text for SVG drawings made by hand: XML-safe, measured, wrapped to a width.

Widths are measured with DejaVu Sans, the font that matplotlib ships, so that they are
the same on every machine. The drawings ask for the generic ``sans-serif`` font, which
browsers usually render narrower than DejaVu Sans: a line that fits here fits there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import matplotlib
from matplotlib.ft2font import FT2Font

_FONT_FILES = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_SPACES = re.compile(r"\s+")
ELLIPSIS = "…"


@dataclass(frozen=True)
class TextStyle:
    size: float  # font size, px
    line_height: float  # px
    bold: bool = False
    colour: str = "#212121"


def clean(value) -> str:
    """Workbook text on one line, without the characters XML cannot hold."""
    text = "" if value is None else str(value)
    return _SPACES.sub(" ", _NOT_XML.sub("", text)).strip()


@lru_cache(maxsize=2)
def _font(bold: bool) -> FT2Font:
    return FT2Font(str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / _FONT_FILES[bold]))


@lru_cache(maxsize=8192)
def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width of one line of text, in px."""
    font = _font(bold)
    font.set_size(size, 72)  # points at 72 dpi are pixels
    font.set_text(text, 0.0)
    return font.get_width_height()[0] / 64


def _shortened(text: str, width: float, style: TextStyle) -> str:
    """The text cut (with an ellipsis) to fit in `width`."""
    if text_width(text, style.size, style.bold) <= width:
        return text
    while text and text_width(text + ELLIPSIS, style.size, style.bold) > width:
        text = text[:-1]
    return text.rstrip() + ELLIPSIS


def wrapped(text: str, width: float, style: TextStyle, max_lines: int) -> list[str]:
    """The text in at most `max_lines` lines of `width` px, word by word; the rest is cut."""
    lines: list[str] = []
    for word in clean(text).split(" "):
        candidate = f"{lines[-1]} {word}" if lines else word
        if lines and text_width(candidate, style.size, style.bold) <= width:
            lines[-1] = candidate
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[:max_lines - 1] + [" ".join(lines[max_lines - 1:])]
    return [_shortened(line, width, style) for line in lines if line]
