"""The escaping helper, checked through Python-Markdown with the sites' extensions."""

import markdown
import pytest

from pipelines.publish.text import email_link, md, md_block, slug, title_text

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
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot;x&quot; L'Atelier & co"
    )


def test_slugs_are_plain_ascii():
    assert slug("Vie de l'entreprise") == "vie-de-l-entreprise"
    assert slug("../../etc/passwd") == "etc-passwd"
    assert slug("<>", fallback="fiche") == "fiche"


def test_email_links_only_for_plain_addresses():
    assert email_link("paul.durand@exemple.fr") == (
        "[paul\\.durand@exemple\\.fr](mailto:paul.durand@exemple.fr)"
    )
    assert email_link('x"><script>@a.fr') == md('x"><script>@a.fr')
