"""The org chart drawn as an SVG file at build time.

One box per person (name, job title, service) and lines from each manager to their
reports, laid out top-down by `tree_layout` within the width of a page; a large
organisation wraps its wide levels into rows and stays readable at its natural size.
The people whose manager is not present, and any cycle of managers, come below the main
chart under their own heading, in dashed boxes.

The file is the same from one build to the next (no id, no date) and is written with
the XML serialiser, which escapes every workbook text: a person called ``<script>``
is text. The page shows it as an image, where no script runs anyway.
"""

from __future__ import annotations

from dataclasses import dataclass
from xml.etree import ElementTree

from pipelines.compute.hr import CYCLE_GROUP, MAIN_GROUP, ORPHAN_GROUP
from pipelines.publish.svg_text import TextStyle, clean, text_width, wrapped
from pipelines.publish.tree_layout import Layout, Node, Placed, layout_forest

SVG_NAMESPACE = "http://www.w3.org/2000/svg"
MAX_WIDTH = 680.0  # the text column of a page at its widest
MARGIN = 12.0
BOX_WIDTH = 176.0
PADDING = 8.0
HEADING_HEIGHT = 36.0
SECTION_GAP = 28.0
NAME = TextStyle(size=13, line_height=17, bold=True, colour="#1a237e")
JOB = TextStyle(size=12, line_height=15)
SERVICE = TextStyle(size=12, line_height=15, colour="#616161")
HEADING = TextStyle(size=13, line_height=18, bold=True, colour="#bf360c")
LINE_COLOUR, BOX_COLOUR, DASHED_COLOUR = "#9e9e9e", "#3f51b5", "#e65100"
SECTION_TITLES = {
    ORPHAN_GROUP: "Sans responsable en poste",
    CYCLE_GROUP: "Rattachement circulaire",
}


@dataclass(frozen=True)
class Person:
    lines: tuple[tuple[str, TextStyle], ...]
    full_text: str  # for the box's tooltip
    dashed: bool

    @property
    def height(self) -> float:
        return 2 * PADDING + sum(style.line_height for _, style in self.lines)


def person(row: dict) -> Person:
    """The box of one org chart row: name (2 lines at most), job (3), service (1)."""
    room = BOX_WIDTH - 2 * PADDING
    name = " ".join(clean(part) for part in (row.get("prenom"), row.get("nom")) if part)
    fields = ((name or clean(row.get("matricule")), NAME, 2), (row.get("poste"), JOB, 3),
              (row.get("service_libelle"), SERVICE, 1))
    lines = tuple((line, style) for text, style, most in fields
                  for line in wrapped(text, room, style, most))
    full = " — ".join(clean(t) for t, _, _ in fields if clean(t))
    return Person(lines, full, row.get("groupe", MAIN_GROUP) != MAIN_GROUP)


def _forests(rows: list[dict], people: list[Person]) -> dict[str, list[Node]]:
    """The trees of each group, rebuilt from the depth-first rows and their levels."""
    reports: dict[int, list[int]] = {}
    roots: dict[str, list[int]] = {}
    path: list[tuple[int, int, str]] = []  # (index, level, group) from a root to here
    for index, row in enumerate(rows):
        level, group = row["niveau"], row.get("groupe", MAIN_GROUP)
        while path and (path[-1][1] >= level or path[-1][2] != group):
            path.pop()
        if path:
            reports.setdefault(path[-1][0], []).append(index)
        else:
            roots.setdefault(group, []).append(index)
        path.append((index, level, group))

    def node(index: int) -> Node:
        children = tuple(node(child) for child in reports.get(index, []))
        return Node(index, BOX_WIDTH, people[index].height, children)

    return {group: [node(index) for index in indexes] for group, indexes in roots.items()}


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _element(parent: ElementTree.Element, tag: str, text: str | None = None,
             **attributes: str | float) -> ElementTree.Element:
    element = ElementTree.SubElement(parent, tag, {
        name.replace("_", "-"): _number(value) if isinstance(value, float) else str(value)
        for name, value in attributes.items()
    })
    element.text = text
    return element


def _draw_box(parent: ElementTree.Element, box: Placed, who: Person) -> None:
    group = _element(parent, "g")
    _element(group, "title", who.full_text)
    outline = ({"stroke": DASHED_COLOUR, "stroke_dasharray": "5 3"} if who.dashed
               else {"stroke": BOX_COLOUR})
    _element(group, "rect", x=box.x, y=box.y, width=box.width, height=box.height, rx=4.0,
             fill="#ffffff", stroke_width=1.2, **outline)
    y = box.y + PADDING
    for line, style in who.lines:
        _element(group, "text", line, x=box.x + PADDING, y=y + style.size,
                 font_size=float(style.size), font_weight="bold" if style.bold else "normal",
                 fill=style.colour)
        y += style.line_height


def _draw_layout(parent: ElementTree.Element, layout: Layout, people: list[Person]) -> None:
    lines = _element(parent, "g", fill="none", stroke=LINE_COLOUR, stroke_width=1.5)
    for points in layout.lines:
        kept = [point for i, point in enumerate(points) if not i or point != points[i - 1]]
        path = " L ".join(f"{_number(x)} {_number(y)}" for x, y in kept)
        _element(lines, "path", d=f"M {path}")
    for box in layout.boxes:
        _draw_box(parent, box, people[box.key])


def _sections(rows: list[dict], people: list[Person]) -> list[tuple[str | None, Layout]]:
    """(heading, layout) of each group present: the main chart first, without a heading."""
    forests = _forests(rows, people)
    return [(SECTION_TITLES.get(group), layout_forest(forests[group], MAX_WIDTH - 2 * MARGIN))
            for group in (MAIN_GROUP, ORPHAN_GROUP, CYCLE_GROUP) if group in forests]


def org_chart_svg(rows: list[dict]) -> str:
    """The drawing of the org chart rows (depth-first, with `niveau` and `groupe`)."""
    people = [person(row) for row in rows]
    sections = _sections(rows, people)
    width = max([layout.width for _, layout in sections]
                + [text_width(title, HEADING.size, True) for title, _ in sections if title]
                + [BOX_WIDTH]) + 2 * MARGIN
    svg = ElementTree.Element("svg", {"xmlns": SVG_NAMESPACE, "font-family": "sans-serif"})
    _element(svg, "title", "Organigramme")
    y = MARGIN
    for title, layout in sections:
        if title:
            _element(svg, "line", x1=MARGIN, y1=y, x2=width - MARGIN, y2=y, stroke=LINE_COLOUR)
            _element(svg, "text", title, x=MARGIN, y=y + 24.0, font_size=float(HEADING.size),
                     font_weight="bold", fill=HEADING.colour)
            y += HEADING_HEIGHT
        _draw_layout(svg, layout.moved(MARGIN, y), people)
        y += layout.height + SECTION_GAP
    height = y - SECTION_GAP + MARGIN
    svg.attrib.update(width=_number(width), height=_number(height),
                      viewBox=f"0 0 {_number(width)} {_number(height)}", role="img")
    body = ElementTree.tostring(svg, encoding="unicode")
    return f'<?xml version="1.0" encoding="utf-8"?>\n{body}\n'
