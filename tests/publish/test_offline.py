import json

from pipelines.publish.offline import css_addresses, external_references


def test_what_a_browser_loads_from_another_host_is_found(tmp_path):
    (tmp_path / "index.html").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<script src="https://cdn.example.org/mermaid.js"></script>'
        '<link rel="stylesheet" href="//fonts.example.org/a.css">'
        '<img srcset="images/a.png 1x, https://img.example.org/b.png 2x" src="a.png">'
        '<iframe src="http://video.example.org/v"></iframe>'
        '<div style="background: url(\'https://fond.example.org/x.png\')"></div>'
        '<style>@import "https://import.example.org/y.css";</style>', encoding="utf-8")
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets/theme.css").write_text(
        '.a{background:url("data:image/svg+xml;charset=utf-8,'
        '<svg xmlns=\'http://www.w3.org/2000/svg\'/>")}'
        ".b{background:url(https://police.example.org/f.woff2)}", encoding="utf-8")
    (tmp_path / "chart.svg").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="https://photo.example.org/p.jpg"/><use href="#local"/></svg>',
        encoding="utf-8")

    assert external_references(tmp_path) == [
        ("assets/theme.css", "https://police.example.org/f.woff2"),
        ("chart.svg", "https://photo.example.org/p.jpg"),
        ("index.html", "https://cdn.example.org/mermaid.js"),
        ("index.html", "//fonts.example.org/a.css"),
        ("index.html", "https://img.example.org/b.png"),
        ("index.html", "http://video.example.org/v"),
        ("index.html", "https://fond.example.org/x.png"),
        ("index.html", "https://import.example.org/y.css"),
    ]


def test_text_that_mentions_an_address_is_no_request(tmp_path):
    """A customer called « https://evil.example » is in the pages and the search index."""
    name = "Boutique https://evil.example/promo"
    (tmp_path / "search").mkdir()
    (tmp_path / "search/search_index.json").write_text(
        json.dumps({"docs": [{"title": name, "text": name}]}), encoding="utf-8")
    (tmp_path / "client.html").write_text(
        f'<h1>{name}</h1><a href="https://evil.example/promo">site</a>'
        f'<p title="{name}">x</p>', encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://ailleurs.example/x"/></feed>',
        encoding="utf-8")
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/javascripts/bundle.js").write_text(
        '/* licence https://example.org */', encoding="utf-8")

    assert external_references(tmp_path) == []


def test_css_addresses():
    assert css_addresses("a{b:url( 'x.png' )} @import 'y.css'; c{d:url(data:x)}") == [
        "x.png", "y.css", "data:x"]
