from pipelines.publish.charts import horizontal_bars


def test_charts_are_reproducible_text_svg_without_date_or_address():
    labels = ["Direction", "<script>alert(1)</script>", "Coût $x$ & co"]
    first = horizontal_bars(labels, [3, 1, 2], "personnes")
    assert first == horizontal_bars(labels, [3, 1, 2], "personnes")
    assert first.startswith('<?xml version="1.0" encoding="utf-8" standalone="no"?>\n<svg ')
    assert "<!DOCTYPE" not in first and "<dc:date>" not in first and "matplotlib.org" not in first
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in first and "<script>" not in first
    assert "Coût $x$ &amp; co" in first  # kept as text, not typeset as mathematics
