"""The Markdown helpers, checked through Python-Markdown with the sites' extensions."""

import html

import markdown
import pytest
from markupsafe import escape

from pipelines.issues import Issue, Severity, SourceRef
from pipelines.markdown import email_link, grouped_markdown, md, md_block, slug, table, title_text

EXTENSIONS = ["admonition", "attr_list", "tables", "toc"]
SCRIPT = "<script>alert(1)</script>"


def render(source: str) -> str:
    return markdown.markdown(source, extensions=EXTENSIONS)


def test_a_script_customer_renders_as_text():
    html = render(f"Client : {md(SCRIPT)}")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("text", [
    "[cliquez](https://exemple.invalid)",
    "![image](x.png)",
    "# pas un titre",
    "1. pas une liste",
    "- pas une liste",
    "**pas gras** et _pas italique_",
    "`pas du code`",
    "!!! danger \"pas une annonce\"",
    "{: .pas-un-attribut }",
    "a & b < c > d \" e",
    "\\ une barre oblique inverse",
    "<!-- more -->",
])
def test_markdown_and_html_are_neutralised(text):
    html = render(md(text))
    assert html.startswith("<p>") and html.endswith("</p>")
    inner = html[len("<p>"):-len("</p>")]
    expected = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert inner.replace("&quot;", '"') == expected


def test_a_pipe_stays_in_its_table_cell():
    html = render(f"| a | b |\n|---|---|\n| {md('x | y')} | z |")
    assert "<td>x | y</td>" in html and "<td>z</td>" in html


def test_text_inside_an_admonition_title_and_body():
    html = render(f'!!! info "{md(SCRIPT)}"\n\n    {md("[x](y)")}')
    assert '<p class="admonition-title">&lt;script&gt;alert(1)&lt;/script&gt;</p>' in html
    assert "<p>[x](y)</p>" in html


def test_blocks_keep_paragraphs_and_line_breaks_without_markup():
    source = md_block("Première ligne\n# deuxième\n\n    retrait\n===\n\n- tiret")
    html = render(source)
    assert html == (
        "<p>Première ligne<br># deuxième</p>\n<p>retrait<br>===</p>\n<p>- tiret</p>"
    )


def test_titles_cannot_open_a_tag_or_leave_an_attribute():
    assert title_text(f'{SCRIPT} "x"\nL\'Atelier & co') == (
        "‹script›alert(1)‹/script› ”x” L'Atelier & co"
    )


@pytest.mark.parametrize("name", [
    'Evil <img src=x onerror=alert(1)> "Co" & Fils', "A &lt; B &amp; C", SCRIPT, "AT&T",
])
def test_titles_read_the_same_escaped_or_not(name):
    """MkDocs puts a title as is in <title> and Material escapes it in a title= tooltip:
    the browser must show the same text in both, with no entity left visible."""
    title = title_text(name)
    assert "<" not in title and ">" not in title and '"' not in title
    as_is = html.unescape(title)
    escaped = html.unescape(str(escape(title)))
    assert as_is == escaped == title


def test_a_plain_ampersand_stays():
    assert title_text("Dupont & Fils, AT&T") == "Dupont & Fils, AT&T"
    assert title_text("A &lt; B") == "A ＆lt; B"


def test_slugs_are_plain_ascii():
    assert slug("Vie de l'entreprise") == "vie-de-l-entreprise"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("<>", fallback="fiche") == "fiche"


def test_email_links_only_for_plain_addresses():
    assert email_link("paul.durand@exemple.fr") == (
        "[paul\\.durand@exemple\\.fr](mailto:paul.durand@exemple.fr)"
    )
    assert email_link('x"><script>@a.fr') == md('x"><script>@a.fr')


def test_table_aligns_numeric_columns_and_keeps_empty_cells():
    assert table(["Nom", "Heures"], [["Léa", "7"], ["", "8"]], right=[1]) == (
        "| Nom | Heures |\n| --- | ---: |\n| Léa | 7 |\n|   | 8 |"
    )


def test_grouped_markdown_has_a_section_per_workbook_and_a_table_per_sheet():
    issues = [
        Issue("x", Severity.AVERTISSEMENT, SourceRef("temps.xlsx", "Pointages", 3, "B"), "m"),
        Issue("y", Severity.BLOQUANT, SourceRef("clients.xlsx", None), "n"),
    ]
    parts = grouped_markdown(issues, lambda issue: [issue.code, md(issue.message)])
    assert parts[0] == "## clients\\.xlsx" and parts[1] == "### Tout le classeur"
    assert parts[3:5] == ["## temps\\.xlsx", "### Pointages"]
    assert parts[5].endswith("| x | m |")
