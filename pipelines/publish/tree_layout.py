"""Where the boxes of a drawn tree go: a top-down layout that stays within a width.

Pure geometry, in pixels, for a forest of boxes of known sizes:

- a node whose children have no children of their own gets them stacked below it,
  slightly indented and joined by one vertical line: a team reads as a column;
- otherwise the children stand side by side under their parent, joined by elbow lines;
  when they do not fit in `max_width`, they wrap into balanced rows, and the rows after
  the first are fed by a line that runs down the left gutter, so no line crosses a box;
- the roots of the forest are placed the same way, without lines.

A drawing wider than `max_width` only happens when one subtree alone is wider.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil

STACK_INDENT = 18.0  # a stacked child's left edge, from its parent's
STACK_GAP = 10.0  # between stacked boxes
SIBLING_GAP = 16.0  # between side-by-side subtrees
LEVEL_GAP = 36.0  # between a parent and the row of its children, and between rows
GUTTER = 16.0  # left margin of wrapped rows, where their feeding line runs

Point = tuple[float, float]


@dataclass(frozen=True)
class Node:
    key: int  # the caller's index for this box
    width: float
    height: float
    children: tuple[Node, ...] = ()


@dataclass(frozen=True)
class Placed:
    key: int
    x: float
    y: float
    width: float
    height: float


@dataclass(frozen=True)
class Layout:
    """Boxes and lines of a subtree or a forest, from (0, 0); `anchor`: the x of the top
    centre of the subtree's root box, where the line from its parent arrives."""

    width: float
    height: float
    boxes: tuple[Placed, ...]
    lines: tuple[tuple[Point, ...], ...]
    anchor: float = 0.0

    def moved(self, dx: float, dy: float) -> Layout:
        return Layout(
            self.width, self.height,
            tuple(Placed(b.key, b.x + dx, b.y + dy, b.width, b.height) for b in self.boxes),
            tuple(tuple((x + dx, y + dy) for x, y in line) for line in self.lines),
            self.anchor + dx,
        )


def _box(node: Node, x: float = 0.0, y: float = 0.0) -> Placed:
    return Placed(node.key, x, y, node.width, node.height)


def _leaf(node: Node) -> Layout:
    return Layout(node.width, node.height, (_box(node),), (), node.width / 2)


def _stacked(node: Node) -> Layout:
    """The children in a column below the node, indented, on one vertical line."""
    boxes, stubs = [_box(node)], []
    trunk, y, middle = STACK_INDENT / 2, node.height + STACK_GAP, node.height
    for child in node.children:
        boxes.append(_box(child, STACK_INDENT, y))
        middle = y + child.height / 2
        stubs.append(((trunk, middle), (STACK_INDENT, middle)))
        y += child.height + STACK_GAP
    width = max(node.width, STACK_INDENT + max(child.width for child in node.children))
    lines = (((trunk, node.height), (trunk, middle)), *stubs)
    return Layout(width, y - STACK_GAP, tuple(boxes), lines, node.width / 2)


def _row_width(row: list[Layout]) -> float:
    return sum(block.width for block in row) + SIBLING_GAP * (len(row) - 1)


def balanced_rows(blocks: list[Layout], max_width: float, gutter: float) -> list[list[Layout]]:
    """As many blocks per row as fit (wrapped rows lose the gutter), the rows balanced."""
    count = len(blocks)
    for most in range(count, 0, -1):
        per_row = ceil(count / ceil(count / most))
        rows = [blocks[i:i + per_row] for i in range(0, count, per_row)]
        room = max_width if len(rows) == 1 else max_width - gutter
        if per_row == 1 or all(_row_width(row) <= room for row in rows):
            return rows
    return []


@dataclass(frozen=True)
class _Rows:
    blocks: tuple[tuple[int, Layout], ...]  # (row number, block moved to its place)
    tops: tuple[float, ...]  # the top of each row
    bottom: float


def _rows_placed(rows: list[list[Layout]], top: float, gutter: float) -> _Rows:
    left = gutter if len(rows) > 1 else 0.0
    placed, tops, y = [], [], top
    for number, row in enumerate(rows):
        tops.append(y)
        x = left
        for block in row:
            placed.append((number, block.moved(x, y)))
            x += block.width + SIBLING_GAP
        y += max(block.height for block in row) + LEVEL_GAP
    return _Rows(tuple(placed), tuple(tops), y - LEVEL_GAP)


def _spread(node: Node, max_width: float) -> Layout:
    """The children side by side (in balanced rows if need be), the node above the first row."""
    blocks = [place(child, max_width - GUTTER) for child in node.children]  # room to wrap
    rows = _rows_placed(balanced_rows(blocks, max_width, GUTTER), node.height + LEVEL_GAP,
                        GUTTER)
    first_row = [block for number, block in rows.blocks if number == 0]
    centre = (first_row[0].anchor + first_row[-1].anchor) / 2
    shift = max(0.0, node.width / 2 - centre)  # a parent wider than its first row
    centre += shift
    bars = [top - LEVEL_GAP / 2 for top in rows.tops]
    gutter = shift + GUTTER / 2
    lines, boxes = [], [_box(node, centre - node.width / 2)]
    for number, block in rows.blocks:
        block = block.moved(shift, 0)
        feed = ((gutter, bars[0]), (gutter, bars[number])) if number else ()
        lines.append(((centre, node.height), (centre, bars[0]), *feed,
                      (block.anchor, bars[number]), (block.anchor, rows.tops[number])))
        lines += block.lines
        boxes += block.boxes
    width = max(box.x + box.width for box in boxes)
    return Layout(width, rows.bottom, tuple(boxes), tuple(lines), centre)


def place(node: Node, max_width: float) -> Layout:
    """The layout of one subtree."""
    if not node.children:
        return _leaf(node)
    if not any(child.children for child in node.children):
        return _stacked(node)
    return _spread(node, max_width)


def layout_forest(roots: list[Node], max_width: float) -> Layout:
    """Every tree of the forest, side by side in balanced rows, without lines between them."""
    if not roots:
        return Layout(0.0, 0.0, (), ())
    blocks = [place(root, max_width) for root in roots]
    rows = _rows_placed(balanced_rows(blocks, max_width, 0.0), 0.0, 0.0)
    boxes = tuple(box for _, block in rows.blocks for box in block.boxes)
    lines = tuple(line for _, block in rows.blocks for line in block.lines)
    width = max(box.x + box.width for box in boxes)
    return Layout(width, rows.bottom, boxes, lines)
