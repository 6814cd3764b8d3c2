"""Sample quotes, delivery notes, dunning letters and a statement, on plain dataclasses."""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from pipelines.compute.invoice_totals import Invoice, InvoiceLine
from pipelines.compute.vat_treatment import Nature, Regime, Zone, vat_treatment
from pipelines.documents import Address, Buyer
from pipelines.documents.letters import (
    AccountMovement,
    AccountStatement,
    DueInvoice,
    DunningLetter,
    DunningLevel,
    Recipient,
    Signatory,
)
from pipelines.documents.sales_papers import DeliveredLine, DeliveryNote, QuoteDocument

from .samples import FRENCH_BUYER, SELLER

LETTER_DAY = date(2026, 11, 30)
SIGNATORY = Signatory("Claire Dubois", "Responsable administrative et financière")
RECIPIENT = Recipient(
    name="Boulangerie Martin",
    address=Address(("3 place du Marché",), "38000", "Grenoble"),
    customer_code="C0042",
    attention="À l'attention de M. Paul Martin",
)
OVERDUE = (
    DueInvoice(
        "FA-2026-00315", date(2026, 7, 10), date(2026, 8, 9), D("1850.40"), D("1850.40"),
        penalty=D("69.29"),
    ),
    DueInvoice(
        "FA-2026-00341", date(2026, 7, 24), date(2026, 8, 23), D("612.00"), D("312.00"),
        penalty=D("10.23"),
    ),
)


def quote() -> QuoteDocument:
    lines = (
        InvoiceLine(D("2"), D("3505.20"), D("0.20")),
        InvoiceLine(D("1"), D("621.00"), D("0.20"), remises=(D("0.05"),)),
        InvoiceLine(D("3"), D("85.00"), D("0.20")),
    )
    return QuoteDocument(
        seller=SELLER,
        buyer=FRENCH_BUYER,
        number="DV-2026-00018",
        version=2,
        issue_date=date(2026, 1, 23),
        valid_until=date(2026, 2, 21),
        subject="Vitrine réfrigérée et mise en service",
        invoice=Invoice(lines, ristourne=D("0.03")),
        line_labels=(
            "Vitrine réfrigérée ventilée 1,50 m",
            "Compresseur hermétique 1 CV",
            "Mise en service et réglages sur site (heure)",
        ),
        vat=vat_treatment(Regime.REEL, Zone.FRANCE, True, Nature.BIENS, date(2026, 1, 23)),
        payment_terms="Conditions de paiement : 30 jours net",
        contact="Sarah Benali",
    )


def delivery_note() -> DeliveryNote:
    return DeliveryNote(
        seller=SELLER,
        buyer=Buyer(FRENCH_BUYER.name, FRENCH_BUYER.address, siren=FRENCH_BUYER.siren),
        delivery_address=Address(("Zone artisanale", "Lot 7"), "38400", "Saint-Martin-d'Hères"),
        number="BL-2026-00009",
        delivery_date=date(2026, 1, 6),
        order_number="CO-2026-00009",
        order_date=date(2026, 1, 2),
        order_reference="BC-0009-455",
        carrier="Geodis",
        status="partielle",
        lines=(
            DeliveredLine("ART-0012", "Saladette réfrigérée GN 1/3", D("2"), D("1"), "pièce"),
            DeliveredLine("ART-0032", "Fluide frigorigène R744 (CO2)", D("4.5"), D("4.5"), "kg"),
        ),
    )


def dunning_letter(level: DunningLevel) -> DunningLetter:
    formal = level is DunningLevel.MISE_EN_DEMEURE
    previous = {
        DunningLevel.RELANCE_1: (),
        DunningLevel.RELANCE_2: (date(2026, 9, 10),),
        DunningLevel.MISE_EN_DEMEURE: (date(2026, 9, 10), date(2026, 10, 10)),
    }[level]
    return DunningLetter(
        seller=SELLER,
        recipient=RECIPIENT,
        level=level,
        letter_date=LETTER_DAY,
        reference="RL-2026-00007",
        invoices=OVERDUE,
        deadline=date(2026, 12, 15),
        signatory=SIGNATORY,
        previous_letters=previous,
        penalty_rate=D("0.1215") if level is not DunningLevel.RELANCE_1 else None,
        recovery_fee=D("40") if formal or level is DunningLevel.RELANCE_2 else None,
    )


def account_statement() -> AccountStatement:
    return AccountStatement(
        seller=SELLER,
        recipient=RECIPIENT,
        statement_date=LETTER_DAY,
        period_start=date(2026, 7, 1),
        opening_balance=D("250.00"),
        movements=(
            AccountMovement(date(2026, 7, 10), "FA-2026-00315", "Facture", debit=D("1850.40"),
                            due_date=date(2026, 8, 9)),
            AccountMovement(date(2026, 7, 15), "RG-2026-00201", "Virement reçu",
                            credit=D("250.00")),
            AccountMovement(date(2026, 7, 24), "FA-2026-00341", "Facture", debit=D("612.00"),
                            due_date=date(2026, 8, 23)),
            AccountMovement(date(2026, 9, 2), "RG-2026-00230", "Chèque n° 4412",
                            credit=D("300.00")),
        ),
        open_items=OVERDUE,
        signatory=SIGNATORY,
    )
