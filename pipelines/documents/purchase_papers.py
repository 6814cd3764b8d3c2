"""Purchase orders and supplier complaint letters, printed as PDF/A-3b.

- A **purchase order** (« bon de commande ») is what the organisation, as the buyer, asks
  of a supplier: its lines (CommandesAchat and LignesCommandeAchat) with their totals from
  the exact core (`invoice_totals`, the same as an invoice's), the expected delivery date,
  the delivery address (the organisation's) and the payment terms of the supplier's file.
  A French supplier's order shows the VAT of each line; an order to a supplier in another
  EU state (intra-EU acquisition) or outside the EU (import) has no VAT line: the buyer
  accounts for it (« Autoliquidation »), and both parties' VAT numbers are printed.
- A **complaint letter** (« lettre de réclamation », document 222 of the référentiel) asks
  a supplier to correct an invoice whose lines differ from the order or from what was
  received: the letterhead, the supplier's address for a window envelope, the place and
  date, the references (the supplier's invoice, our order and receipt), the subject, the
  facts, one row per discrepancy with its amount HT, the request (a credit note or a
  corrected invoice, or the replacement of damaged goods), the closing formula and the
  signatory. The discrepancies are the rows of the three-way match
  (``invoice_discrepancies``: numero_piece, ligne, code_fournisseur, numero_fournisseur,
  date_facture, numero_commande, ligne_commande, designation, nature, attendu, facture,
  montant_ecart_ht, devise, _ligne); the letter only prints them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.invoice_totals import Invoice, InvoiceLine, InvoiceTotals, invoice_totals
from pipelines.compute.purchase_invoices import supplier_invoice_totals
from pipelines.compute.sale_vat import first_rows, rows_by, text
from pipelines.compute.sales_invoices import fraction
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.documents.invoice_document import Address, Seller
from pipelines.documents.invoice_pdf import (
    address_lines,
    money_text,
    percent,
    seller_fields,
    unit_price_text,
)
from pipelines.documents.letters import Signatory
from pipelines.documents.sales_documents import DocumentDataError, seller_of
from pipelines.documents.templating import render_html, render_pdf_a3
from pipelines.french import long_date, number, short_date

ZERO = Decimal(0)
PURCHASE_ORDERS, COMPLAINTS = "commandes-achat", "reclamations"
ORDER_RESOURCES = ("organisation", "fournisseurs", "commandes_achat", "lignes_commande_achat")
PRINTED_STATUSES = ("envoyée", "confirmée", "partiellement reçue", "reçue")
PURCHASING_SIGNATORY = Signatory("Le service achats", "Pour la direction")
REVERSE_CHARGE = {
    "UE": "Autoliquidation : acquisition intracommunautaire, TVA due par l'acquéreur "
          "(article 256 bis du CGI). Facture à établir hors taxes, avec les numéros de TVA "
          "intracommunautaire des deux parties.",
    "Hors UE": "Autoliquidation : importation, TVA à l'importation déclarée et due par "
               "l'acquéreur (article 1695 du CGI). Facture à établir hors taxes.",
}
PAYMENT_MODES = {"virement": "par virement", "chèque": "par chèque",
                 "prélèvement": "par prélèvement", "carte": "par carte bancaire"}


@dataclass(frozen=True)
class Party:
    """A supplier as its documents print it."""

    code: str
    name: str
    address: Address
    siren: str | None = None
    vat_number: str | None = None
    zone: str = "France"
    attention: str | None = None  # « À l'attention de Mme Claire Martin »


@dataclass(frozen=True)
class OrderedLine:
    reference: str | None
    label: str
    line: InvoiceLine  # quantity, unit price, discount, VAT rate (None: reverse charge)


@dataclass(frozen=True)
class PurchaseOrder:
    buyer: Seller  # the organisation
    supplier: Party
    number: str
    order_date: date
    expected_date: date | None
    currency: str
    lines: tuple[OrderedLine, ...]
    shipping: Decimal = ZERO
    payment_terms: str | None = None
    contact: str | None = None  # the buyer's name and position
    comment: str | None = None
    totals: InvoiceTotals = field(init=False)

    def __post_init__(self) -> None:
        if not self.lines:
            raise ValueError("Un bon de commande porte sur au moins une ligne.")
        invoice = Invoice(tuple(line.line for line in self.lines), shipping=self.shipping,
                          currency=self.currency)
        object.__setattr__(self, "totals", invoice_totals(invoice))

    @property
    def reverse_charge(self) -> str | None:
        return REVERSE_CHARGE.get(self.supplier.zone)


@dataclass(frozen=True)
class Discrepancy:
    """One row of the three-way match: what was expected and what the invoice says."""

    line: int | None  # the invoice line
    label: str
    nature: str  # « quantité », « prix », « remise non appliquée »…
    expected: str
    invoiced: str
    amount_ht: Decimal  # invoiced in excess (positive) or short (negative), HT


@dataclass(frozen=True)
class ComplaintLetter:
    sender: Seller  # the organisation
    recipient: Party
    letter_date: date
    reference: str  # our registration number of the invoice (FF-…), « N/Réf. »
    invoice_number: str  # the supplier's number
    invoice_date: date
    discrepancies: tuple[Discrepancy, ...]
    signatory: Signatory
    currency: str = "EUR"
    order_number: str | None = None
    order_date: date | None = None
    receipts: tuple[tuple[str, date], ...] = ()  # (BR-…, date of receipt)
    replacement: bool = False  # damaged goods: ask for their replacement, or a credit note
    invoice_ht: Decimal | None = None  # the invoice's total HT, the most it can be credited

    def __post_init__(self) -> None:
        if not self.discrepancies:
            raise ValueError("Une lettre de réclamation porte sur au moins un écart.")

    @property
    def total_ht(self) -> Decimal:
        """What the letter claims: the sum of the differences, never above the invoice's
        HT (a credit note cannot give back more than the invoice billed)."""
        claimed = sum((d.amount_ht for d in self.discrepancies), ZERO)
        if self.invoice_ht is not None and claimed > self.invoice_ht:
            return self.invoice_ht
        return claimed


def party_of(supplier: dict) -> Party:
    contact = text(supplier.get("contact_nom"))
    return Party(
        code=text(supplier.get("code_fournisseur")),
        name=text(supplier.get("raison_sociale")),
        address=Address(tuple(line for line in (text(supplier.get("adresse")),) if line),
                        text(supplier.get("code_postal")), text(supplier.get("ville")),
                        text(supplier.get("pays")) or "FR"),
        siren=text(supplier.get("siren")) or None,
        vat_number=text(supplier.get("numero_tva")) or None,
        zone=text(supplier.get("zone")) or "France",
        attention=f"À l'attention de {contact}" if contact else None,
    )


def payment_terms(supplier: dict) -> str | None:
    days, mode = supplier.get("delai_paiement_jours"), supplier.get("mode_reglement")
    if days is None and not mode:
        return None
    parts = ["Règlement"]
    if mode:
        parts.append(PAYMENT_MODES.get(mode, f"par {mode}"))
    if days is not None:
        parts.append(f"à {days} jours date de facture" if days else "à réception de facture")
    return " ".join(parts) + "."


def staff_signatory(person: dict | None) -> Signatory:
    if not person:
        return PURCHASING_SIGNATORY
    name = " ".join(text(person.get(part)) for part in ("prenom", "nom")).strip()
    return Signatory(name or PURCHASING_SIGNATORY.name, text(person.get("poste")) or "")


@dataclass(frozen=True)
class PurchaseRecords:
    organisation: dict
    suppliers: dict[str, dict]
    orders: dict[str, dict]
    order_lines: dict[str, list[dict]]
    staff: dict[str, dict]
    invoices: dict[str, dict]
    receipts: dict[str, dict]
    receipt_lines: dict[str, list[dict]]  # numero_commande → its receipt lines
    invoice_ht: dict[str, Decimal] = field(default_factory=dict)  # FF-… → its total HT


def _rows(dataset: Dataset, resource: str, key: str) -> dict[str, dict]:
    return first_rows(dataset.frame(resource), key) if resource in dataset else {}


def purchase_records(dataset: Dataset) -> PurchaseRecords:
    missing = [name for name in ORDER_RESOURCES if name not in dataset]
    if missing:
        raise DocumentDataError("feuilles absentes pour les documents d'achat : "
                                + ", ".join(missing))
    organisation = dataset.frame("organisation").row(0, named=True)
    lines = rows_by(dataset.frame("lignes_commande_achat").sort(ROW_COLUMN), "numero_commande")
    receipt_lines = (rows_by(dataset.frame("lignes_reception").sort(ROW_COLUMN),
                             "numero_commande") if "lignes_reception" in dataset else {})
    return PurchaseRecords(
        organisation=organisation,
        suppliers=_rows(dataset, "fournisseurs", "code_fournisseur"),
        orders=_rows(dataset, "commandes_achat", "numero_commande"),
        order_lines=lines,
        staff=_rows(dataset, "salaries", "matricule"),
        invoices=_rows(dataset, "factures_fournisseurs", "numero_piece"),
        receipts=_rows(dataset, "receptions", "numero_reception"),
        receipt_lines=receipt_lines,
        invoice_ht=_invoice_ht(dataset),
    )


def _invoice_ht(dataset: Dataset) -> dict[str, Decimal]:
    """The total HT of each supplier invoice, computed from its lines (none without them)."""
    if "factures_fournisseurs" not in dataset or "lignes_facture_fournisseur" not in dataset:
        return {}
    totals = supplier_invoice_totals(dataset).filter(pl.col("total_ht").is_not_null())
    return dict(zip(totals["numero_piece"], totals["total_ht"], strict=True))


def printable_orders(records: PurchaseRecords) -> list[str]:
    """The orders that were sent (drafts and cancelled orders are not printed)."""
    return [number for number, row in records.orders.items()
            if row.get("statut") in PRINTED_STATUSES]


def purchase_order(records: PurchaseRecords, number: str) -> PurchaseOrder:
    order = records.orders.get(number)
    if order is None:
        raise DocumentDataError(f"{number} : commande fournisseur inconnue")
    supplier = records.suppliers.get(order["code_fournisseur"])
    if supplier is None:
        raise DocumentDataError(f"{number} : le fournisseur {order['code_fournisseur']} n'a pas "
                                "de fiche")
    party = party_of(supplier)
    taxed = party.zone == "France"
    lines = tuple(
        OrderedLine(
            reference=row.get("reference") or row.get("code_consommable"),
            label=text(row.get("designation")),
            line=InvoiceLine(
                quantity=Decimal(row["quantite"]), unit_price=Decimal(row["prix_unitaire_ht"]),
                vat_rate=fraction(row["taux_tva"]) if taxed else None,
                remises=(fraction(row["remise_pct"]),) if row.get("remise_pct") else (),
            ),
        )
        for row in records.order_lines.get(number, [])
    )
    if not lines:
        raise DocumentDataError(f"{number} : la commande n'a aucune ligne")
    buyer = records.staff.get(order.get("acheteur") or "")
    contact = staff_signatory(buyer) if buyer else None
    return PurchaseOrder(
        buyer=seller_of(records.organisation),
        supplier=party,
        number=number,
        order_date=order["date_commande"],
        expected_date=order.get("date_livraison_prevue"),
        currency=order.get("devise") or "EUR",
        lines=lines,
        shipping=Decimal(order.get("frais_port_ht") or 0),
        payment_terms=payment_terms(supplier),
        contact=", ".join(p for p in (contact.name, contact.title) if p) if contact else None,
        comment=text(order.get("commentaire")) or None,
    )


def party_fields(party: Party, home_country: str) -> dict[str, object]:
    return {
        "name": party.name,
        "code": party.code,
        "address": address_lines(party.address, home_country),
        "siren": party.siren,
        "vat_number": party.vat_number,
        "attention": party.attention,
    }


def order_context(order: PurchaseOrder) -> dict[str, object]:
    totals, currency = order.totals, order.currency
    home = order.buyer.address.country
    lines = [
        {
            "reference": line.reference or "—",
            "label": line.label,
            "quantity": number(line.line.quantity),
            "unit_price": unit_price_text(line.line.unit_price, currency),
            "reductions": " + ".join(percent(r) for r in line.line.remises) or "—",
            "vat_rate": percent(line.line.vat_rate) if line.line.vat_rate is not None
            else "autoliquidée",
            "amount": money_text(amount, currency),
        }
        for line, amount in zip(order.lines, totals.line_amounts, strict=True)
    ]
    return {
        "title": f"Bon de commande n° {order.number}",
        "number": order.number,
        "created": order.order_date.isoformat(),
        "order_date": long_date(order.order_date),
        "expected_date": long_date(order.expected_date) if order.expected_date else None,
        "seller": seller_fields(order.buyer),
        "supplier": party_fields(order.supplier, home),
        "delivery_address": address_lines(order.buyer.address, home),
        "lines": lines,
        "vat_bases": [{"rate": percent(base.rate), "base": money_text(base.base, currency),
                       "vat": money_text(base.vat, currency)}
                      for base in totals.vat_bases if base.rate is not None],
        "show_references": True,
        "adjustments": ([("Frais de port HT", money_text(order.shipping, currency))]
                        if order.shipping else []),
        "without_vat_total": "Total à payer (hors taxes)" if order.reverse_charge else None,
        "total_ht": money_text(totals.total_ht, currency),
        "total_vat": money_text(totals.total_vat, currency),
        "total_ttc": money_text(totals.total_ttc, currency),
        "currency": currency,
        "reverse_charge": order.reverse_charge,
        "payment_terms": order.payment_terms,
        "contact": order.contact,
        "comment": order.comment,
    }


def render_purchase_order_html(order: PurchaseOrder) -> str:
    return render_html("purchase_order.html", order_context(order))


def render_purchase_order_pdf(order: PurchaseOrder) -> bytes:
    return render_pdf_a3(render_purchase_order_html(order))


def _printed(value: object, currency: str) -> str:
    """An expected or invoiced value: a number as French prints it, a text as is."""
    if value is None:
        return "—"
    if isinstance(value, (Decimal, int, float)):
        return number(Decimal(str(value)))
    return str(value)


def discrepancies_of(rows: list[dict]) -> tuple[Discrepancy, ...]:
    return tuple(
        Discrepancy(
            line=row.get("ligne"),
            label=text(row.get("designation")),
            nature=text(row.get("nature")),
            expected=_printed(row.get("attendu"), row.get("devise") or "EUR"),
            invoiced=_printed(row.get("facture"), row.get("devise") or "EUR"),
            amount_ht=Decimal(row.get("montant_ecart_ht") or 0),
        )
        for row in rows
    )


def complaint_letter(records: PurchaseRecords, rows: list[dict], on: date
                     ) -> ComplaintLetter:
    """The letter about one supplier invoice, from its rows of the three-way match."""
    first = rows[0]
    piece = first["numero_piece"]
    supplier = records.suppliers.get(first.get("code_fournisseur") or "")
    if supplier is None:
        raise DocumentDataError(f"{piece} : le fournisseur {first.get('code_fournisseur')} n'a "
                                "pas de fiche")
    invoice = records.invoices.get(piece, {})
    order_number = first.get("numero_commande") or invoice.get("numero_commande")
    order = records.orders.get(order_number or "", {})
    receipts = sorted({
        (line["numero_reception"], records.receipts[line["numero_reception"]]["date_reception"])
        for line in records.receipt_lines.get(order_number or "", [])
        if line["numero_reception"] in records.receipts
    }, key=lambda pair: (pair[1], pair[0]))
    natures = " ".join(text(row.get("nature")).lower() for row in rows)
    return ComplaintLetter(
        sender=seller_of(records.organisation),
        recipient=party_of(supplier),
        letter_date=on,
        reference=piece,
        invoice_number=text(first.get("numero_fournisseur")) or text(
            invoice.get("numero_fournisseur")),
        invoice_date=first.get("date_facture") or invoice.get("date_facture"),
        discrepancies=discrepancies_of(rows),
        signatory=staff_signatory(records.staff.get(order.get("acheteur") or "")),
        currency=first.get("devise") or invoice.get("devise") or "EUR",
        order_number=order_number,
        order_date=order.get("date_commande"),
        receipts=tuple(receipts),
        replacement="endommag" in natures or "défectu" in natures,
        invoice_ht=records.invoice_ht.get(piece),
    )


def complaint_letters(records: PurchaseRecords, discrepancies: pl.DataFrame, on: date
                      ) -> list[ComplaintLetter | DocumentDataError]:
    """One letter per supplier invoice that has discrepancies, in the frame's order."""
    grouped: dict[str, list[dict]] = {}
    for row in discrepancies.sort(ROW_COLUMN, "ligne").iter_rows(named=True):
        grouped.setdefault(row["numero_piece"], []).append(row)
    letters: list[ComplaintLetter | DocumentDataError] = []
    for piece, rows in grouped.items():
        try:
            letters.append(complaint_letter(records, rows, on))
        except DocumentDataError as error:
            letters.append(error)
        except (KeyError, TypeError, ValueError) as error:
            letters.append(DocumentDataError(f"{piece} : réclamation impossible ({error})"))
    return letters


def complaint_context(letter: ComplaintLetter) -> dict[str, object]:
    currency, seller = letter.currency, letter.sender
    several = len(letter.discrepancies) > 1
    total = letter.total_ht
    invoice = f"n° {letter.invoice_number} du {long_date(letter.invoice_date)}"
    subject = f"Réclamation sur votre facture {invoice}"
    if letter.replacement:
        request = ("procéder au remplacement des articles endommagés ou, à défaut, nous "
                   f"adresser un avoir de {money_text(abs(total), currency)} HT")
    else:
        request = (f"nous adresser un avoir de {money_text(abs(total), currency)} HT, ou une "
                   "facture rectificative annulant et remplaçant celle-ci")
    return {
        "title": f"{subject} — {letter.recipient.name}",
        "created": letter.letter_date.isoformat(),
        "seller": seller_fields(seller),
        "recipient": party_fields(letter.recipient, seller.address.country),
        "place_date": f"{seller.address.city}, le {long_date(letter.letter_date)}",
        "reference": letter.reference,
        "invoice": invoice,
        "order": (f"n° {letter.order_number}"
                  + (f" du {long_date(letter.order_date)}" if letter.order_date else ""))
        if letter.order_number else None,
        "receipts": [f"n° {number_} du {short_date(day)}" for number_, day in letter.receipts],
        "subject": subject,
        "salutation": "Madame, Monsieur,",
        "several": several,
        "rows": [{"line": d.line if d.line is not None else "—", "label": d.label,
                  "nature": d.nature, "expected": d.expected, "invoiced": d.invoiced,
                  "amount": money_text(d.amount_ht, currency)} for d in letter.discrepancies],
        "total": money_text(total, currency),
        "excess": total > 0,
        "request": request,
        "replacement": letter.replacement,
        "closing": "Nous vous prions d'agréer, Madame, Monsieur, l'expression de nos "
                   "salutations distinguées.",
        "signatory": letter.signatory,
    }


def render_complaint_html(letter: ComplaintLetter) -> str:
    return render_html("supplier_complaint.html", complaint_context(letter))


def render_complaint_pdf(letter: ComplaintLetter) -> bytes:
    return render_pdf_a3(render_complaint_html(letter))


@dataclass(frozen=True)
class PurchasePaper:
    """A purchasing document of the batch: its folder, its file name and the numbers that
    select it with --numero."""

    kind: str
    name: str
    keys: frozenset[str]
    document: PurchaseOrder | ComplaintLetter


def render_purchase_paper(paper: PurchasePaper) -> bytes:
    if isinstance(paper.document, PurchaseOrder):
        return render_purchase_order_pdf(paper.document)
    return render_complaint_pdf(paper.document)


def load_discrepancies(dataset: Dataset) -> pl.DataFrame | str:
    """The three-way match's anomalies, or why they are not available (French)."""
    try:
        from pipelines.compute.three_way_match import invoice_discrepancies
    except ImportError:
        return ("réclamations : le rapprochement commande–réception–facture n'est pas encore "
                "disponible, aucune lettre de réclamation n'est produite")
    return invoice_discrepancies(dataset)


def purchase_papers(dataset: Dataset, kinds: tuple[str, ...]
                    ) -> tuple[list[PurchasePaper], list[str]]:
    """The purchase orders and complaint letters asked for, and the problems met (French)."""
    papers: list[PurchasePaper] = []
    problems: list[str] = []
    try:
        records = purchase_records(dataset)
    except DocumentDataError as error:
        return [], [str(error)]
    if PURCHASE_ORDERS in kinds:
        for number_ in printable_orders(records):
            try:
                order = purchase_order(records, number_)
            except DocumentDataError as error:
                problems.append(str(error))
                continue
            papers.append(PurchasePaper(PURCHASE_ORDERS, number_,
                                        frozenset({number_, order.supplier.code}), order))
    if COMPLAINTS in kinds:
        found = load_discrepancies(dataset)
        if isinstance(found, str):
            problems.append(found)
        elif dataset.as_of is None:
            problems.append("réclamations : la date d'arrêté est inconnue, aucune lettre n'est "
                            "datée")
        else:
            for letter in complaint_letters(records, found, dataset.as_of):
                if isinstance(letter, DocumentDataError):
                    problems.append(str(letter))
                    continue
                keys = {letter.reference, letter.invoice_number, letter.recipient.code}
                papers.append(PurchasePaper(COMPLAINTS, f"reclamation-{letter.reference}",
                                            frozenset(k for k in keys if k), letter))
    return papers, problems
