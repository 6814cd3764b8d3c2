"""The org chart drawing: well-formed SVG, names as text, reproducible, usable at 200 people."""

from datetime import date
from xml.etree import ElementTree

from pipelines.compute import hr
from pipelines.publish.org_chart import DASHED_COLOUR, MAX_WIDTH, org_chart_svg
from pipelines.publish.svg_text import TextStyle, wrapped

from compute.records import AS_OF, SCRIPT_NAME, employee, small_dataset, table

SVG = "{http://www.w3.org/2000/svg}"


def chart_rows(people: list[dict]) -> list[dict]:
    return hr.org_chart(table("salaries", people).frame, AS_OF).to_dicts()


def small_chart_rows() -> list[dict]:
    dataset = small_dataset()
    return hr.org_chart(dataset.frame("salaries"), AS_OF, dataset.frame("services")).to_dicts()


def parsed(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg.encode("utf-8"))


def tooltips(root: ElementTree.Element) -> list[str]:
    """The full text of each person's box (its <title>), in drawing order."""
    return [group.find(f"{SVG}title").text for group in root.iter(f"{SVG}g")
            if group.find(f"{SVG}rect") is not None]


def test_the_drawing_is_svg_with_a_box_and_a_title_per_person():
    svg = org_chart_svg(small_chart_rows())
    root = parsed(svg)
    assert svg.startswith('<?xml version="1.0" encoding="utf-8"?>\n<svg ')
    assert root.tag == f"{SVG}svg" and root.get("font-family") == "sans-serif"
    assert root.get("viewBox") == f"0 0 {root.get('width')} {root.get('height')}"
    assert tooltips(root) == [
        "Claire Martin — Directrice générale — Direction",
        "Paul Durand — Commercial — Commercial",
        "Léa Petit — Magasinière — Logistique",
        "Hugo Bernard — Préparateur — Logistique",
    ]
    lines = [text.text for text in root.iter(f"{SVG}text")]
    assert lines[:3] == ["Claire Martin", "Directrice générale", "Direction"]
    # an elbow from the director to each of her reports, a trunk and a stub to the stacked team
    assert len(list(root.iter(f"{SVG}path"))) == 4


def test_a_person_called_script_stays_text():
    rows = chart_rows([employee("S001", SCRIPT_NAME, "Ève", "DIR", poste="R&D <b>chef</b>")])
    svg = org_chart_svg(rows)
    assert "<script" not in svg and "<b>" not in svg
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in svg and "R&amp;D &lt;b&gt;" in svg
    assert tooltips(parsed(svg)) == [f"Ève {SCRIPT_NAME} — R&D <b>chef</b> — DIR"]


def test_characters_xml_cannot_hold_are_dropped():
    rows = chart_rows([employee("S001", "Bell\x07e", "Anne", "DIR", poste="Chef\x00fe")])
    assert tooltips(parsed(org_chart_svg(rows))) == ["Anne Belle — Cheffe — DIR"]


def test_two_drawings_of_the_same_chart_are_identical_and_carry_no_id():
    first = org_chart_svg(small_chart_rows())
    assert first == org_chart_svg(small_chart_rows())
    assert " id=" not in first and "2026" not in first


def test_people_whose_manager_has_left_are_drawn_apart_in_dashed_boxes():
    rows = chart_rows([
        employee("S001", "Morel", "Claire", "DIR"),
        employee("S010", "Chevalier", "Sophie", "LOG", responsable="S001",
                 date_sortie=date(2026, 11, 27)),
        employee("S011", "Blanc", "Hugo", "LOG", poste="Magasinier", responsable="S010"),
    ])
    root = parsed(org_chart_svg(rows))
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert texts.index("Claire Morel") < texts.index("Sans responsable en poste") < texts.index(
        "Hugo Blanc")
    dashed = [rect for rect in root.iter(f"{SVG}rect") if rect.get("stroke") == DASHED_COLOUR]
    assert len(dashed) == 1 and dashed[0].get("stroke-dasharray")
    director, storekeeper = (float(rect.get("y")) for rect in root.iter(f"{SVG}rect"))
    assert storekeeper > director
    assert not list(root.iter(f"{SVG}path"))  # no line to the storekeeper: his manager left


def big_organisation() -> list[dict]:
    """200 people: a director, 5 division heads, 5 team leaders each, 6 or 7 people a team."""
    people = [employee("S000", "Directeur", "Grand", "DIR", poste="Directeur général")]

    def hire(manager: str, poste: str) -> str:
        matricule = f"S{len(people):03d}"
        people.append(employee(matricule, f"Nom{len(people):03d}", "Marie-Élisabeth", "DIV",
                               poste=poste, responsable=manager))
        return matricule

    for division in range(5):
        head = hire("S000", f"Directrice de la division {division}")
        for team in range(5):
            leader = hire(head, "Responsable d'équipe")
            for _ in range(7 + (team + division) % 2):
                hire(leader, "Responsable administrative et financière adjointe")
    return people[:200]


def test_two_hundred_people_stay_within_the_page_width_without_overlap():
    svg = org_chart_svg(chart_rows(big_organisation()))
    root = parsed(svg)
    rects = [tuple(float(rect.get(k)) for k in ("x", "y", "width", "height"))
             for rect in root.iter(f"{SVG}rect")]
    assert len(rects) == 200
    assert float(root.get("width")) <= MAX_WIDTH
    overlaps = [(a, b) for i, a in enumerate(rects) for b in rects[i + 1:]
                if a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3]
                and b[1] < a[1] + a[3]]
    assert overlaps == []
    assert len(list(root.iter(f"{SVG}path"))) >= 199  # a line (at least) to every report


def test_long_texts_wrap_then_end_with_an_ellipsis():
    style = TextStyle(size=12, line_height=15)
    assert wrapped("Responsable administrative et financière", 160, style, 3) == [
        "Responsable", "administrative et", "financière"]
    first, second = wrapped("Responsable administrative et financière", 160, style, 2)
    assert first == "Responsable"
    assert second.startswith("administrative et fin") and second.endswith("…")
    assert wrapped("Anticonstitutionnellementissime", 100, style, 1)[0].endswith("…")
    assert wrapped(None, 100, style, 2) == []
