from pipelines.publish.offline import external_references


def test_addresses_of_other_hosts_are_found_namespaces_and_theme_assets_are_not(tmp_path):
    (tmp_path / "index.html").write_text(
        '<svg xmlns="http://www.w3.org/2000/svg"></svg>'
        '<script src="https://cdn.example.org/mermaid.js"></script>', encoding="utf-8")
    (tmp_path / "assets/javascripts").mkdir(parents=True)
    (tmp_path / "assets/javascripts/bundle.js").write_text(
        '/* licence https://example.org */', encoding="utf-8")
    (tmp_path / "feed.xml").write_text(
        '<feed xmlns="http://www.w3.org/2005/Atom"><link href="http://ailleurs.example/x"/></feed>',
        encoding="utf-8")
    assert external_references(tmp_path) == [
        ("feed.xml", "http://ailleurs.example/x"),
        ("index.html", "https://cdn.example.org/mermaid.js"),
    ]
