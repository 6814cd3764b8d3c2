"""The `InvoiceDocument` of an invoice or a credit note of the sales workbook (ventes.xlsx).

The workbook's rows map to the document as follows:

- the seller is the row of Organisation (its IBAN and BIC when the sheet has them); the
  RCS mention is the registry city followed by the SIREN (« RCS Lyon 930 297 338 »);
- the buyer is the customer's row of Clients; the delivery address is the one of the
  invoice's row, else the customer's delivery address, printed only when it differs from
  the billing address;
- the figures come from `invoice_from_rows` (the same adapter as the totals of
  ``sales_invoices``): rates in %, three cascading line discounts, the global discount as
  the ristourne, the shipping costs, the escompte, the currency and its ECB rate (the
  invoice's, else CoursDeChange's on its date); a credit note is negated;
- the VAT treatment is `vat_treatment` of the organisation's regime, the zone of the sale
  (for goods, the delivery country's; for services, the customer's), whether the customer
  acts as a business and the nature of the supply (`sale_case`, which the rule
  ``sales_invoices.invoice_line_vat_rate`` shares). A mixed operation (goods with their
  installation) follows its main supply, the goods. An invoice to a business of another
  member State without an intra-EU VAT number whose lines carry French VAT is a sale taxed
  in France (without the number, the customer cannot have the exemption of art. 262 ter I).
  A line whose rate contradicts the case (`rate_conflict`) is a `DocumentDataError`;
- the option for VAT on debits is printed when the organisation opted and the invoice
  includes services taxed in France (for goods, VAT is due at delivery anyway);
- the late-penalty mention is the customer's contract rate (Clients.taux_penalites), else
  the legal one (ECB rate + margin, dated parameters, `legal_notes`); the 40 € recovery fee
  is printed for a business customer only (not « particulier »); the payment terms come
  from ``conditions_paiement``;
- a credit note cites the invoice it corrects (``facture_origine``) and its date.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from pipelines.compute.sale_vat import (
    PRIVATE_CUSTOMER,
    first_rows,
    rate_conflict,
    rows_by,
    text,
    treatment_of_sale,
)
from pipelines.compute.sales_invoices import CREDIT_NOTE, invoice_from_rows
from pipelines.compute.vat_treatment import (
    Treatment,
    VatTreatment,
)
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.documents.invoice_document import (
    Address,
    Buyer,
    DocumentHeader,
    DocumentType,
    InvoiceDocument,
    OperationNature,
    PaymentTerms,
    Seller,
)
from pipelines.documents.legal_notes import contract_late_penalty, legal_late_penalty
from pipelines.french import long_date, money, number
from pipelines.law import Parameters, parameters

NATURES = {
    "biens": OperationNature.BIENS,
    "services": OperationNature.SERVICES,
    "mixte": OperationNature.MIXTE,
}
INVOICE_RESOURCES = ("organisation", "clients", "factures", "lignes_facture")
ISSUED = "émise"


class DocumentDataError(ValueError):
    """A record lacks what its document must print; the message is French."""


@dataclass(frozen=True)
class SalesRecords:
    """The rows a sales document is built from, read once from the dataset."""

    organisation: dict
    customers: dict[str, dict]
    invoices: dict[str, dict]  # numero_facture → row of Factures
    invoice_lines: dict[str, list[dict]]  # numero_facture → its rows of LignesFacture
    rates: tuple[dict, ...]  # rows of CoursDeChange
    params: Parameters


def sales_records(dataset: Dataset, params: Parameters | None = None) -> SalesRecords:
    organisation = dataset.frame("organisation").sort(ROW_COLUMN)
    if organisation.is_empty():
        raise DocumentDataError("la feuille Organisation est vide : le vendeur est inconnu")
    rates = dataset.frame("cours_change") if "cours_change" in dataset else None
    return SalesRecords(
        organisation=organisation.row(0, named=True),
        customers=first_rows(dataset.frame("clients"), "code_client"),
        invoices=first_rows(dataset.frame("factures"), "numero_facture"),
        invoice_lines=rows_by(dataset.frame("lignes_facture"), "numero_facture"),
        rates=tuple(rates.iter_rows(named=True)) if rates is not None else (),
        params=params or parameters(),
    )


def grouped_siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}" if len(siren) == 9 else siren


def seller_of(organisation: Mapping) -> Seller:
    siren = text(organisation.get("siren"))
    rcs = text(organisation.get("rcs"))
    if siren and siren not in rcs.replace(" ", ""):
        rcs = f"{rcs} {grouped_siren(siren)}".strip()
    return Seller(
        legal_name=text(organisation.get("raison_sociale")),
        siren=siren,
        siret=text(organisation.get("siret")),
        address=Address(
            (text(organisation.get("adresse")),),
            text(organisation.get("code_postal")),
            text(organisation.get("ville")),
            text(organisation.get("pays")) or "FR",
        ),
        legal_form=text(organisation.get("forme_juridique")),
        capital=Decimal(organisation.get("capital") or 0),
        rcs=rcs,
        iban=organisation.get("iban") or None,
        bic=organisation.get("bic") or None,
        vat_number=organisation.get("numero_tva") or None,
    )


def billing_address(customer: Mapping) -> Address:
    return Address(
        tuple(line for line in (text(customer.get("adresse")),) if line),
        text(customer.get("code_postal")),
        text(customer.get("ville")),
        text(customer.get("pays")) or "FR",
    )


def delivery_address(invoice: Mapping, customer: Mapping) -> Address | None:
    """The invoice's delivery address, else the customer's; None when it is the billing one."""
    if invoice.get("adresse_livraison"):
        street, postcode, city = (
            invoice["adresse_livraison"],
            invoice.get("code_postal_livraison"),
            invoice.get("ville_livraison"),
        )
        country = invoice.get("pays_livraison") or customer.get("pays")
    elif customer.get("adresse_livraison"):
        street, postcode, city = (
            customer["adresse_livraison"],
            customer.get("code_postal_livraison"),
            customer.get("ville_livraison"),
        )
        country = customer.get("pays")
    else:
        return None
    address = Address((text(street),), text(postcode), text(city), text(country) or "FR")
    return None if address == billing_address(customer) else address


def buyer_of(customer: Mapping, invoice: Mapping) -> Buyer:
    return Buyer(
        name=text(customer.get("raison_sociale")),
        address=billing_address(customer),
        siren=customer.get("siren") or None,
        vat_number=customer.get("numero_tva") or None,
        delivery_address=delivery_address(invoice, customer),
    )


def line_rate_problem(row: Mapping, treatment: Treatment) -> str | None:
    """Why a row of LignesFacture cannot be printed with the VAT case of its sale."""
    percent = Decimal(row["taux_tva"])
    reason = rate_conflict(treatment, percent)
    if reason is None:
        return None
    return f"ligne {row.get('ligne')} au taux de TVA de {number(percent)} % : {reason}"


def line_label(row: Mapping) -> str:
    label = text(row.get("designation")) or "Article"
    return f"{label} (réf. {row['reference']})" if row.get("reference") else label


def escompte_text(invoice: Mapping, document_total: Decimal | None, currency: str) -> str | None:
    """The escompte with its deadline, when the invoice grants one before a date."""
    rate, deadline = invoice.get("taux_escompte"), invoice.get("date_limite_escompte")
    if not rate or deadline is None or document_total is None:
        return None
    return (
        f"Escompte de {number(Decimal(rate))} % pour paiement avant le {long_date(deadline)} : "
        f"{money(document_total, currency)} à payer, TVA réduite à due proportion"
    )


def is_business(customer: Mapping) -> bool:
    return customer.get("type_client") != PRIVATE_CUSTOMER


def payment_terms(invoice: Mapping, customer: Mapping, escompte: str | None,
                  params: Parameters | None = None) -> PaymentTerms:
    """The customer's late penalties (its contract rate, else the legal rate) and, for a
    business customer only, the fixed recovery fee (Code de commerce L441-10)."""
    conditions = text(invoice.get("conditions_paiement")) or "à réception"
    contract_rate = customer.get("taux_penalites")
    late_penalty = (
        legal_late_penalty(invoice["date_facture"], params)
        if contract_rate is None
        else contract_late_penalty(Decimal(contract_rate))
    )
    return PaymentTerms(
        due_date=invoice.get("date_echeance"),
        terms=f"Conditions de paiement : {conditions}",
        late_penalty=late_penalty,
        escompte=escompte,
        recovery_fee=is_business(customer),
    )


def header_of(records: SalesRecords, invoice: Mapping, vat: VatTreatment) -> DocumentHeader:
    is_credit_note = invoice.get("type") == CREDIT_NOTE
    nature = NATURES[invoice.get("nature") or "biens"]
    origin = records.invoices.get(invoice.get("facture_origine") or "") if is_credit_note else None
    return DocumentHeader(
        number=invoice["numero_facture"],
        type=DocumentType.AVOIR if is_credit_note else DocumentType.FACTURE,
        issue_date=invoice["date_facture"],
        supply_date=invoice.get("date_vente") or invoice["date_facture"],
        nature=nature,
        order_reference=invoice.get("reference_acheteur") or None,
        preceding_invoice=invoice.get("facture_origine") if is_credit_note else None,
        preceding_invoice_date=origin["date_facture"] if origin else None,
        vat_on_debits=bool(records.organisation.get("option_debits"))
        and nature is not OperationNature.BIENS
        and vat.rates_apply,
    )


def missing_values(invoice: Mapping, lines: Sequence[Mapping]) -> list[str]:
    """What the document cannot do without, in French (validation says where)."""
    missing = [
        f"« {name} »"
        for name in ("date_facture", "code_client", "type", "devise")
        if not invoice.get(name)
    ]
    if not lines:
        missing.append("ses lignes (feuille LignesFacture)")
    for row in lines:
        for name in ("quantite", "prix_unitaire_ht", "taux_tva"):
            if row.get(name) is None:
                missing.append(f"« {name} » de la ligne {row.get('ligne')}")
    return missing


def invoice_document(records: SalesRecords, number: str) -> InvoiceDocument:
    """The document of one invoice or credit note; `DocumentDataError` when it cannot be
    built (a missing value, an unknown customer, a rate that contradicts the treatment)."""
    invoice = records.invoices.get(number)
    if invoice is None:
        raise DocumentDataError(f"{number} n'est pas dans la feuille Factures")
    lines = records.invoice_lines.get(number, [])
    missing = missing_values(invoice, lines)
    if missing:
        raise DocumentDataError(f"{number} : il manque {', '.join(missing)}")
    customer = records.customers.get(invoice["code_client"])
    if customer is None:
        raise DocumentDataError(f"{number} : le client {invoice['code_client']} est inconnu")
    vat = treatment_of_sale(records.organisation, customer, invoice, lines, records.params)
    conflicts = [problem for row in lines if (problem := line_rate_problem(row, vat.treatment))]
    if conflicts:
        raise DocumentDataError(f"{number} : {' ; '.join(conflicts)}")
    figures = invoice_from_rows(invoice, lines, records.rates)
    try:
        draft = InvoiceDocument(
            seller_of(records.organisation),
            buyer_of(customer, invoice),
            header_of(records, invoice, vat),
            payment_terms(invoice, customer, None, records.params),
            figures,
            tuple(line_label(row) for row in lines),
            vat,
        )
    except ValueError as error:
        raise DocumentDataError(f"{number} : {error}") from None
    discount = draft.totals.cash_discount
    escompte = escompte_text(
        invoice, discount.amount_payable if discount else None, draft.totals.currency
    )
    if escompte is None:
        return draft
    return InvoiceDocument(
        draft.seller,
        draft.buyer,
        draft.header,
        payment_terms(invoice, customer, escompte, records.params),
        draft.invoice,
        draft.line_labels,
        draft.vat,
    )


def invoice_numbers(records: SalesRecords, issued_only: bool = True) -> list[str]:
    """The invoices and credit notes in the order of the sheet (issued ones by default)."""
    ordered = sorted(records.invoices.items(), key=lambda item: item[1][ROW_COLUMN])
    return [key for key, row in ordered if not issued_only or row.get("statut") == ISSUED]


def invoice_documents(
    dataset: Dataset, issued_only: bool = True
) -> Iterator[InvoiceDocument | DocumentDataError]:
    """Every (issued) invoice and credit note of the workbook, or why it cannot be built."""
    records = sales_records(dataset)
    for invoice_number in invoice_numbers(records, issued_only):
        try:
            yield invoice_document(records, invoice_number)
        except DocumentDataError as error:
            yield error
