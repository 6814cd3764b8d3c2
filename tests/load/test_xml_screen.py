"""The quick looks over a sheet's raw XML that decide whether a regex scan is needed."""

import pytest

from pipelines.load.xml_screen import (
    may_hold_blank_inline_texts,
    may_hold_formulas_or_errors,
)

PLAIN = b'<row r="2"><c r="A2" t="s"><v>3</v></c><c r="B2"><v>12.5</v></c></row><pageSetup fitToWidth="1"/>'


@pytest.mark.parametrize("body", [
    b'<c r="A2"><f>1+1</f><v>2</v></c>',
    b'<x:c r="A2"><x:f>A1</x:f></x:c>',
    b'<c r="A2" t="e"><v>#N/A</v></c>',
])
def test_formulas_and_errors_are_seen(body):
    assert may_hold_formulas_or_errors(PLAIN + body) is True


def test_plain_values_need_no_cell_scan():
    assert may_hold_formulas_or_errors(PLAIN + b'<c r="C2" t="inlineStr"><is><t>fin #1</t></is></c>') is False


@pytest.mark.parametrize("text", [b"<t> </t>", b"<t>\tx</t>", b"<t>\n</t>", b"<t>\r\n</t>"])
def test_texts_starting_with_a_blank_are_seen(text):
    assert may_hold_blank_inline_texts(PLAIN + b'<c r="C2" t="inlineStr"><is>' + text + b"</is></c>") is True


def test_other_texts_need_no_blank_scan():
    assert may_hold_blank_inline_texts(PLAIN + b'<c r="C2" t="inlineStr"><is><t>a </t></is></c>') is False
