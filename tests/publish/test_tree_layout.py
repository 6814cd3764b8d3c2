"""The tree layout: stacked teams, side-by-side subtrees, wrapped rows, never an overlap."""

from hypothesis import given, settings
from hypothesis import strategies as st

from pipelines.publish.tree_layout import (
    GUTTER, LEVEL_GAP, SIBLING_GAP, STACK_GAP, STACK_INDENT, Layout, Node, balanced_rows,
    layout_forest, place,
)


def leaf(key: int, width: float = 100, height: float = 40) -> Node:
    return Node(key, width, height)


def boxes_by_key(layout: Layout) -> dict[int, tuple[float, float]]:
    return {box.key: (box.x, box.y) for box in layout.boxes}


def test_a_team_without_reports_is_stacked_under_its_manager():
    layout = place(Node(0, 100, 40, (leaf(1), leaf(2))), max_width=500)
    below = 40 + STACK_GAP
    assert boxes_by_key(layout) == {0: (0, 0), 1: (STACK_INDENT, below),
                                   2: (STACK_INDENT, below + 40 + STACK_GAP)}
    trunk = STACK_INDENT / 2
    last_middle = below + 40 + STACK_GAP + 20
    assert layout.lines == (
        ((trunk, 40), (trunk, last_middle)),
        ((trunk, below + 20), (STACK_INDENT, below + 20)),
        ((trunk, last_middle), (STACK_INDENT, last_middle)),
    )
    assert (layout.width, layout.height, layout.anchor) == (100 + STACK_INDENT, last_middle + 20, 50)


def test_managers_stand_side_by_side_under_theirs_with_elbow_lines():
    teams = tuple(Node(key, 100, 40, (leaf(key * 10),)) for key in (1, 2))
    layout = place(Node(0, 100, 40, teams), max_width=1000)
    team_width = 100 + STACK_INDENT
    second = team_width + SIBLING_GAP
    positions = boxes_by_key(layout)
    assert positions[1] == (0, 40 + LEVEL_GAP) and positions[2] == (second, 40 + LEVEL_GAP)
    centre = (50 + second + 50) / 2  # the manager above the middle of their reports
    assert positions[0] == (centre - 50, 0) and layout.anchor == centre
    bar = 40 + LEVEL_GAP / 2
    assert ((centre, 40), (centre, bar), (second + 50, bar), (second + 50, 40 + LEVEL_GAP)) \
        in layout.lines


def test_too_many_for_the_width_wrap_into_balanced_rows_fed_from_the_gutter():
    teams = tuple(Node(key, 100, 40, (leaf(key * 10),)) for key in range(1, 6))
    layout = place(Node(0, 100, 40, teams), max_width=3 * 118 + 2 * SIBLING_GAP + GUTTER)
    rows = sorted({y for key, (x, y) in boxes_by_key(layout).items() if key in range(1, 6)})
    assert len(rows) == 2
    in_rows = [[k for k in range(1, 6) if boxes_by_key(layout)[k][1] == y] for y in rows]
    assert in_rows == [[1, 2, 3], [4, 5]]
    assert boxes_by_key(layout)[4][0] == GUTTER  # rows start after the gutter
    fed = [line for line in layout.lines if (GUTTER / 2, rows[1] - LEVEL_GAP / 2) in line]
    assert len(fed) == 2  # the two managers of the second row


def test_balanced_rows():
    blocks = [place(leaf(key), 1000) for key in range(5)]
    assert [len(row) for row in balanced_rows(blocks, 5 * 100 + 4 * SIBLING_GAP, 0)] == [5]
    assert [len(row) for row in balanced_rows(blocks, 400, 0)] == [3, 2]
    assert [len(row) for row in balanced_rows(blocks, 50, 0)] == [1] * 5


def test_an_empty_forest():
    assert layout_forest([], 600) == Layout(0.0, 0.0, (), ())


@st.composite
def forests(draw) -> list[Node]:
    """Random forests: each node's parent is an earlier node or nobody."""
    count = draw(st.integers(1, 60))
    parents = [None] + [draw(st.one_of(st.none(), st.integers(0, i - 1))) for i in range(1, count)]
    heights = [draw(st.sampled_from([40, 55, 70])) for _ in range(count)]

    def node(key: int) -> Node:
        children = tuple(node(k) for k, parent in enumerate(parents) if parent == key)
        return Node(key, 120, heights[key], children)

    return [node(key) for key, parent in enumerate(parents) if parent is None]


def _overlap(a, b) -> bool:
    return (a.x < b.x + b.width and b.x < a.x + a.width
            and a.y < b.y + b.height and b.y < a.y + a.height)


@settings(max_examples=60, deadline=None)
@given(forests())
def test_boxes_never_overlap_and_fit_the_width(roots):
    layout = layout_forest(roots, max_width=700)
    boxes = layout.boxes
    assert layout.width <= 700
    assert sorted(box.key for box in boxes) == list(range(len(boxes)))
    assert all(box.x >= 0 and box.y >= 0 for box in boxes)
    assert all(box.x + box.width <= layout.width and box.y + box.height <= layout.height
               for box in boxes)
    assert not [(a.key, b.key) for i, a in enumerate(boxes) for b in boxes[i + 1:]
                if _overlap(a, b)]


@settings(max_examples=60, deadline=None)
@given(forests())
def test_every_report_is_below_its_manager_and_reached_by_a_line(roots):
    layout = layout_forest(roots, max_width=700)
    where = {box.key: box for box in layout.boxes}
    ends = {line[-1] for line in layout.lines}

    def check(node: Node) -> None:
        manager = where[node.key]
        for child in node.children:
            box = where[child.key]
            assert box.y >= manager.y + manager.height
            top_centre, left_middle = (box.x + box.width / 2, box.y), (box.x, box.y + box.height / 2)
            assert top_centre in ends or left_middle in ends
            check(child)

    for root in roots:
        check(root)
