"""The scan of a sheet's XML: declared size, last row, formulas, errors, blank texts."""

from pipelines.load.sheet_xml import blank_shared_strings, column_index, scan_sheet_xml

HEAD = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def sheet(body: bytes, dimension: bytes = b'<dimension ref="A1:C4"/>') -> bytes:
    return HEAD + dimension + b"<sheetData>" + body + b"</sheetData></worksheet>"


def test_column_letters():
    assert [column_index(letters) for letters in ("A", "Z", "AA", "AZ", "XFD")] == [1, 26, 27, 52, 16384]


def test_declared_size_and_last_row():
    facts = scan_sheet_xml(sheet(b'<row r="1"><c r="A1"><v>1</v></c></row><row r="4"><c r="B4" s="2"/></row>'))
    assert (facts.dimension, facts.last_row) == ((4, 3), 4)


def test_no_dimension():
    assert scan_sheet_xml(sheet(b"", dimension=b"")).dimension is None


def test_formula_without_stored_value():
    facts = scan_sheet_xml(sheet(
        b'<row r="2"><c r="A2"><f>1+1</f><v></v></c><c r="B2"><f>1+1</f><v>2</v></c>'
        b'<c r="C2"><f t="shared" si="0"/></c></row>'
        b'<row r="3"><c r="A3" t="str"><f>""</f><v></v></c></row>'
    ))
    assert facts.formulas_without_value == [(1, 0), (1, 2)]


def test_error_values():
    facts = scan_sheet_xml(sheet(b'<row r="3"><c r="B3" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="C3" t="e"><v>#N/A</v></c></row>'))
    assert facts.error_cells == {(2, 1): "#DIV/0!", (2, 2): "#N/A"}
    assert facts.formulas_without_value == []


def test_prefixed_elements():
    data = (
        b'<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<x:dimension ref="A1:B2"/><x:sheetData><x:row r="2"><x:c r="B2"><x:f>A1</x:f></x:c></x:row>'
        b"</x:sheetData></x:worksheet>"
    )
    facts = scan_sheet_xml(data)
    assert (facts.dimension, facts.last_row, facts.formulas_without_value) == ((2, 2), 2, [(1, 1)])


def test_texts_made_of_spaces():
    facts = scan_sheet_xml(sheet(
        b'<row r="1"><c r="A1" t="inlineStr"><is><t> </t></is></c><c r="B1" t="s"><v>1</v></c></row>'
    ), shared_blanks={1: "  "})
    assert facts.blank_texts == {(0, 0): " ", (0, 1): "  "}


def test_blank_shared_strings():
    data = b"<sst><si><t>code</t></si><si><t> </t></si><si><r><t>a</t></r></si><si><t>\t</t></si></sst>"
    assert blank_shared_strings(data) == {1: " ", 3: "\t"}
