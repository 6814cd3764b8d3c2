"""Reading a CII XML back in the tests: xpath with the CII namespaces."""

from __future__ import annotations

from decimal import Decimal

from lxml import etree

from pipelines.documents.cii_builder import NAMESPACES


class CiiReader:
    def __init__(self, xml: bytes) -> None:
        self.root = etree.fromstring(xml)

    def texts(self, path: str) -> list[str]:
        return [str(value) for value in self.root.xpath(path, namespaces=NAMESPACES)]

    def text(self, path: str) -> str:
        values = self.texts(path)
        assert len(values) == 1, f"{path} : {values}"
        return values[0]

    def amounts(self, path: str) -> list[Decimal]:
        return [Decimal(value) for value in self.texts(path)]

    def amount(self, path: str) -> Decimal:
        return Decimal(self.text(path))

    def note(self, subject: str) -> str:
        return self.text(f"//ram:IncludedNote[ram:SubjectCode='{subject}']/ram:Content/text()")


SETTLEMENT = "//ram:ApplicableHeaderTradeSettlement"
SUMMATION = f"{SETTLEMENT}/ram:SpecifiedTradeSettlementHeaderMonetarySummation"
HEADER_TAX = f"{SETTLEMENT}/ram:ApplicableTradeTax"
DOCUMENT_ALLOWANCE = f"{SETTLEMENT}/ram:SpecifiedTradeAllowanceCharge"
