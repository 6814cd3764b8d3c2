"""Dunning letters (relance 1, relance 2, mise en demeure) and the customer account statement.

The référentiel's « lettre de relance » (situation 1.2.4) in French business style: the
sender's letterhead, the recipient placed for a window envelope, « Lyon, le … », the
references, the subject, « Madame, Monsieur, », the body, the closing formula and the
signatory. The tone rises with the level:

- relance 1: a courteous reminder, a payment by a date, « ne tenez pas compte de ce
  courrier » if the payment crossed it;
- relance 2: firmer, recalls the first letter, announces the penalties and the fixed
  recovery fee;
- mise en demeure: sent by registered letter with acknowledgement of receipt; it states the
  late-payment penalties and the fixed recovery fee per invoice (Code de commerce L441-10
  and D441-5), the total claimed, the deadline, and that the matter goes to court without
  further notice (Code civil art. 1344: the letter is a formal notice).

The inputs are small dataclasses, independent of how receivables are computed: the
figures (amounts still owed, penalties, the fee, the rate) are given, never computed here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import Enum

from pipelines.compute.invoice_totals import ZERO
from pipelines.documents.invoice_document import Address, Seller
from pipelines.documents.invoice_pdf import address_lines, seller_fields
from pipelines.documents.templating import render_html, render_pdf_a3
from pipelines.french import long_date, money, number, plural, short_date


class DunningLevel(Enum):
    RELANCE_1 = "relance 1"
    RELANCE_2 = "relance 2"
    MISE_EN_DEMEURE = "mise en demeure"


@dataclass(frozen=True)
class Recipient:
    name: str
    address: Address
    customer_code: str
    attention: str | None = None  # « À l'attention de M. Justin Mercier »


@dataclass(frozen=True)
class Signatory:
    name: str
    title: str  # « Responsable administrative et financière »


@dataclass(frozen=True)
class DueInvoice:
    """An invoice the customer still owes (in part), at the date of the letter."""

    number: str
    issue_date: date
    due_date: date | None
    amount: Decimal  # TTC of the invoice
    remaining: Decimal  # what is still owed
    penalty: Decimal = ZERO  # late-payment penalties accrued at the date of the letter
    currency: str = "EUR"


@dataclass(frozen=True)
class DunningLetter:
    seller: Seller
    recipient: Recipient
    level: DunningLevel
    letter_date: date
    reference: str  # our reference (the dunning event), printed « N/Réf. »
    invoices: tuple[DueInvoice, ...]
    deadline: date  # pay by this date
    signatory: Signatory
    previous_letters: tuple[date, ...] = ()  # the dates of the earlier reminders
    penalty_rate: Decimal | None = None  # yearly, as a fraction (0.1215 for 12,15 %)
    recovery_fee: Decimal | None = None  # the fixed recovery fee, per invoice

    def __post_init__(self) -> None:
        if not self.invoices:
            raise ValueError("Une lettre de relance porte sur au moins une facture.")
        if len({invoice.currency for invoice in self.invoices}) > 1:
            raise ValueError("Une lettre de relance porte sur des factures d'une même devise.")

    @property
    def currency(self) -> str:
        return self.invoices[0].currency

    @property
    def total_remaining(self) -> Decimal:
        return sum((invoice.remaining for invoice in self.invoices), ZERO)

    @property
    def total_penalties(self) -> Decimal:
        return sum((invoice.penalty for invoice in self.invoices), ZERO)

    @property
    def total_fees(self) -> Decimal:
        return (self.recovery_fee or ZERO) * len(self.invoices)

    @property
    def total_claimed(self) -> Decimal:
        return self.total_remaining + self.total_penalties + self.total_fees


@dataclass(frozen=True)
class AccountMovement:
    """A line of the customer account: an invoice (debit), a payment or a credit note
    (credit)."""

    day: date
    reference: str
    label: str
    debit: Decimal = ZERO
    credit: Decimal = ZERO
    due_date: date | None = None


@dataclass(frozen=True)
class AccountStatement:
    seller: Seller
    recipient: Recipient
    statement_date: date
    period_start: date
    opening_balance: Decimal  # owed by the customer at the start of the period
    movements: tuple[AccountMovement, ...]
    open_items: tuple[DueInvoice, ...]  # the invoices not settled at the statement date
    signatory: Signatory | None = None
    currency: str = "EUR"

    @property
    def closing_balance(self) -> Decimal:
        movements = sum((m.debit - m.credit for m in self.movements), ZERO)
        return self.opening_balance + movements


SUBJECTS = {
    DunningLevel.RELANCE_1: "Rappel d'échéance — {references}",
    DunningLevel.RELANCE_2: "Deuxième relance — {references} restée{s} impayée{s}",
    DunningLevel.MISE_EN_DEMEURE: "Mise en demeure de payer — {references}",
}
SALUTATION = "Madame, Monsieur,"
CLOSINGS = {
    DunningLevel.RELANCE_1: (
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
        "distinguées."
    ),
    DunningLevel.RELANCE_2: (
        "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos salutations "
        "distinguées."
    ),
    DunningLevel.MISE_EN_DEMEURE: (
        "Nous vous prions d'agréer, Madame, Monsieur, nos salutations distinguées."
    ),
}


def invoice_references(invoices: tuple[DueInvoice, ...]) -> str:
    """« facture n° FA-2026-00315 », « factures n° FA-…, FA-… et FA-… »."""
    numbers = [invoice.number for invoice in invoices]
    if len(numbers) == 1:
        return f"facture n° {numbers[0]}"
    return f"factures n° {', '.join(numbers[:-1])} et {numbers[-1]}"


def invoices_phrase(invoices: tuple[DueInvoice, ...]) -> str:
    """« la facture n° FA-2026-00315 », « les factures n° FA-…, FA-… et FA-… »."""
    article = "la" if len(invoices) == 1 else "les"
    return f"{article} {invoice_references(invoices)}"


def subject_of(letter: DunningLetter) -> str:
    plural_mark = "s" if len(letter.invoices) > 1 else ""
    references = invoice_references(letter.invoices)
    return SUBJECTS[letter.level].format(references=references, s=plural_mark)


def dates_phrase(days: tuple[date, ...]) -> str:
    texts = [f"du {long_date(day)}" for day in days]
    return texts[0] if len(texts) == 1 else f"{', '.join(texts[:-1])} et {texts[-1]}"


def days_late(invoice: DueInvoice, on: date) -> int | None:
    if invoice.due_date is None:
        return None
    return max((on - invoice.due_date).days, 0)


def invoice_rows(invoices: tuple[DueInvoice, ...], on: date) -> list[dict[str, str]]:
    rows = []
    for invoice in invoices:
        late = days_late(invoice, on)
        rows.append(
            {
                "number": invoice.number,
                "issue_date": short_date(invoice.issue_date),
                "due_date": short_date(invoice.due_date),
                "amount": money(invoice.amount, invoice.currency),
                "remaining": money(invoice.remaining, invoice.currency),
                "late": "—" if late is None else plural(late, "jour"),
                "penalty": money(invoice.penalty, invoice.currency),
            }
        )
    return rows


def recipient_fields(recipient: Recipient, home_country: str) -> dict[str, object]:
    return {
        "name": recipient.name,
        "address": address_lines(recipient.address, home_country),
        "attention": recipient.attention,
        "code": recipient.customer_code,
    }


def letter_header(seller: Seller, recipient: Recipient, on: date) -> dict[str, object]:
    return {
        "seller": seller_fields(seller),
        "recipient": recipient_fields(recipient, seller.address.country),
        "place_date": f"{seller.address.city}, le {long_date(on)}",
        "created": on.isoformat(),
    }


def dunning_context(letter: DunningLetter) -> dict[str, object]:
    several = len(letter.invoices) > 1
    subject = subject_of(letter)
    surcharges = bool(
        letter.penalty_rate is not None or letter.recovery_fee or letter.total_penalties
    )
    currency = letter.currency
    return {
        **letter_header(letter.seller, letter.recipient, letter.letter_date),
        "title": f"{subject} — {letter.recipient.name}",
        "level": letter.level.name.lower(),
        "registered": letter.level is DunningLevel.MISE_EN_DEMEURE,
        "reference": letter.reference,
        "subject": subject,
        "salutation": SALUTATION,
        "closing": CLOSINGS[letter.level],
        "signatory": letter.signatory,
        "several": several,
        "invoices_phrase": invoices_phrase(letter.invoices),
        "previous": dates_phrase(letter.previous_letters) if letter.previous_letters else None,
        "rows": invoice_rows(letter.invoices, letter.letter_date),
        "surcharges": surcharges,
        "show_penalties": surcharges and letter.level is DunningLevel.MISE_EN_DEMEURE,
        "deadline": long_date(letter.deadline),
        "total_remaining": money(letter.total_remaining, currency),
        "total_penalties": money(letter.total_penalties, currency),
        "total_fees": money(letter.total_fees, currency),
        "total_claimed": money(letter.total_claimed, currency),
        "penalty_rate": f"{number(letter.penalty_rate * 100)} %"
        if letter.penalty_rate is not None
        else None,
        "recovery_fee": money(letter.recovery_fee) if letter.recovery_fee is not None else None,
        "invoice_count": len(letter.invoices),
        "iban": letter.seller.iban,
        "bic": letter.seller.bic,
    }


def render_dunning_html(letter: DunningLetter) -> str:
    return render_html("dunning_letter.html", dunning_context(letter))


def render_dunning_pdf(letter: DunningLetter) -> bytes:
    return render_pdf_a3(render_dunning_html(letter))


def movement_rows(statement: AccountStatement) -> list[dict[str, str]]:
    balance, currency, rows = statement.opening_balance, statement.currency, []
    for movement in sorted(statement.movements, key=lambda m: m.day):  # stable
        balance += movement.debit - movement.credit
        rows.append(
            {
                "day": short_date(movement.day),
                "reference": movement.reference,
                "label": movement.label,
                "due_date": short_date(movement.due_date) if movement.due_date else "",
                "debit": money(movement.debit, currency) if movement.debit else "",
                "credit": money(movement.credit, currency) if movement.credit else "",
                "balance": balance_text(balance, currency),
            }
        )
    return rows


def balance_text(balance: Decimal, currency: str) -> str:
    """A balance as the customer reads it: « 1 250,00 € débiteur » or « … créditeur »."""
    if not balance:
        return money(ZERO, currency)
    side = "débiteur" if balance > 0 else "créditeur"
    return f"{money(abs(balance), currency)} {side}"


def statement_context(statement: AccountStatement) -> dict[str, object]:
    currency = statement.currency
    closing = statement.closing_balance
    title = f"Relevé de compte au {long_date(statement.statement_date)}"
    return {
        **letter_header(statement.seller, statement.recipient, statement.statement_date),
        "title": f"{title} — {statement.recipient.name}",
        "heading": title,
        "period": f"du {long_date(statement.period_start)} au "
        f"{long_date(statement.statement_date)}",
        "opening_date": short_date(statement.period_start),
        "opening": balance_text(statement.opening_balance, currency),
        "rows": movement_rows(statement),
        "closing_date": short_date(statement.statement_date),
        "closing": balance_text(closing, currency),
        "closing_owed": closing > 0,
        "closing_settled": closing == 0,
        "closing_amount": money(abs(closing), currency),
        "open_items": invoice_rows(statement.open_items, statement.statement_date),
        "open_total": money(sum((i.remaining for i in statement.open_items), ZERO), currency),
        "signatory": statement.signatory,
        "iban": statement.seller.iban,
    }


def render_statement_html(statement: AccountStatement) -> str:
    return render_html("account_statement.html", statement_context(statement))


def render_statement_pdf(statement: AccountStatement) -> bytes:
    return render_pdf_a3(render_statement_html(statement))
