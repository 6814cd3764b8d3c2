"""Load: read the staff's workbooks into sheets of raw cell values.

`source.Sheet` and `source.WorkbookSource` are the whole interface the validator
relies on; `xlsx` implements it for Excel files (python-calamine, plus a scan of
the sheet XML for formulas without a stored value and error cells). Agora never
writes to the workbooks.
"""

from pipelines.load.source import CellRange, Position, Sheet, WorkbookSource
from pipelines.load.xlsx import XlsxWorkbook, open_workbook

__all__ = ["CellRange", "Position", "Sheet", "WorkbookSource", "XlsxWorkbook", "open_workbook"]
