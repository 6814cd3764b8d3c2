"""The Jinja2 templates of the documents and their printing as PDF/A-3b with WeasyPrint.

Templates live in ``templates/``; they are autoescaped, so that a customer called
``<script>`` is printed as text. Every document is self-contained: its CSS is included in
the page, it loads no image, no font and nothing from another host.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"

environment = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(template: str, context: dict[str, object]) -> str:
    return environment.get_template(template).render(context)


def render_pdf_a3(html: str) -> bytes:
    """An HTML page of the templates printed as PDF/A-3b: fonts embedded as subsets, the
    title, author and dates taken from the page's ``<title>`` and ``<meta>``."""
    from weasyprint import HTML

    return HTML(string=html, base_url=str(TEMPLATES)).write_pdf(pdf_variant="pdf/a-3b")
