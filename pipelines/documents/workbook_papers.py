"""Quotes and delivery notes of the sales workbook, as `QuoteDocument` and `DeliveryNote`.

- A quote is printed in its last version (the highest ``version`` of Devis): its lines
  (LignesDevis of that version: percentages in %, one discount per line) and its global
  discount become an `Invoice` of the exact core, so its totals are computed as an
  invoice's. Its VAT case is the one its invoice would have: the customer's zone, goods
  when a line has an article reference (services otherwise), French VAT when its lines
  carry it (`sales_documents.treatment_of_sale`). Its payment terms are the customer's
  (``delai_paiement_jours``, ``fin_de_mois``); its contact, the salesperson's name.
- A delivery note is a row of Livraisons with its LignesLivraison: each line takes its
  designation and ordered quantity from the order line it delivers (``ligne_commande``),
  else from the article; its unit from the article. The goods go to the customer's
  delivery address, else to its billing address. No price is printed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from pipelines.compute.invoice_totals import Invoice, InvoiceLine
from pipelines.compute.sales_invoices import fraction
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.documents.invoice_document import Address, Buyer
from pipelines.documents.sales_documents import (
    DocumentDataError,
    billing_address,
    first_rows,
    rows_by,
    seller_of,
    text,
    treatment_of_sale,
)
from pipelines.documents.sales_papers import DeliveredLine, DeliveryNote, QuoteDocument
from pipelines.law import Parameters, parameters

QUOTE_RESOURCES = ("organisation", "clients", "devis", "lignes_devis")
DELIVERY_RESOURCES = ("organisation", "clients", "livraisons", "lignes_livraison")


@dataclass(frozen=True)
class PaperRecords:
    organisation: dict
    customers: dict[str, dict]
    quotes: dict[str, dict]  # numero_devis → row of its last version
    quote_lines: dict[tuple[str, int], list[dict]]  # (numero_devis, version) → its lines
    deliveries: dict[str, dict]
    delivery_lines: dict[str, list[dict]]
    orders: dict[str, dict]
    order_lines: dict[tuple[str, int], dict]  # (numero_commande, ligne) → row
    articles: dict[str, dict]
    staff: dict[str, dict]
    params: Parameters


def _frame_rows(dataset: Dataset, resource: str, key: str) -> dict[str, dict]:
    return first_rows(dataset.frame(resource), key) if resource in dataset else {}


def _last_versions(dataset: Dataset) -> dict[str, dict]:
    if "devis" not in dataset:
        return {}
    quotes = dataset.frame("devis").filter(
        dataset.frame("devis")["numero_devis"].is_not_null()
    )
    last = quotes.sort("numero_devis", "version", ROW_COLUMN, nulls_last=False)
    rows: dict[str, dict] = {}
    for row in last.iter_rows(named=True):
        rows[row["numero_devis"]] = row  # the highest version comes last
    return dict(sorted(rows.items(), key=lambda item: item[1][ROW_COLUMN]))


def _grouped(dataset: Dataset, resource: str, keys: tuple[str, ...]) -> dict:
    if resource not in dataset:
        return {}
    grouped: dict = {}
    for row in dataset.frame(resource).sort(ROW_COLUMN).iter_rows(named=True):
        key = tuple(row[name] for name in keys)
        grouped.setdefault(key if len(keys) > 1 else key[0], []).append(row)
    return grouped


def paper_records(dataset: Dataset, params: Parameters | None = None) -> PaperRecords:
    organisation = dataset.frame("organisation").sort(ROW_COLUMN)
    if organisation.is_empty():
        raise DocumentDataError("la feuille Organisation est vide : le vendeur est inconnu")
    order_lines = {
        key: rows[0]
        for key, rows in _grouped(dataset, "lignes_commande", ("numero_commande", "ligne")).items()
    }
    return PaperRecords(
        organisation=organisation.row(0, named=True),
        customers=_frame_rows(dataset, "clients", "code_client"),
        quotes=_last_versions(dataset),
        quote_lines=_grouped(dataset, "lignes_devis", ("numero_devis", "version")),
        deliveries=_frame_rows(dataset, "livraisons", "numero_livraison"),
        delivery_lines=rows_by(dataset.frame("lignes_livraison"), "numero_livraison")
        if "lignes_livraison" in dataset
        else {},
        orders=_frame_rows(dataset, "commandes", "numero_commande"),
        order_lines=order_lines,
        articles=_frame_rows(dataset, "articles", "reference"),
        staff=_frame_rows(dataset, "salaries", "matricule"),
        params=params or parameters(),
    )


def customer_terms(customer: Mapping) -> str:
    """« 30 jours net », « 45 jours fin de mois », « comptant à réception »."""
    days = customer.get("delai_paiement_jours")
    if days is None:
        return "Conditions de paiement : selon nos conditions générales de vente"
    if days == 0:
        return "Conditions de paiement : comptant à réception"
    end = "fin de mois" if customer.get("fin_de_mois") else "net"
    return f"Conditions de paiement : {days} jours {end}"


def person_name(row: Mapping | None) -> str | None:
    if not row:
        return None
    name = " ".join(text(row.get(part)) for part in ("prenom", "nom")).strip()
    return name or None


def _customer(records: PaperRecords, code: str | None, number: str) -> dict:
    customer = records.customers.get(code or "")
    if customer is None:
        raise DocumentDataError(f"{number} : le client {code} est inconnu")
    return customer


def quote_document(records: PaperRecords, number: str) -> QuoteDocument:
    """The last version of a quote; `DocumentDataError` when it cannot be printed."""
    quote = records.quotes.get(number)
    if quote is None:
        raise DocumentDataError(f"{number} n'est pas dans la feuille Devis")
    lines = records.quote_lines.get((number, quote["version"]), [])
    if not lines:
        raise DocumentDataError(f"{number} (version {quote['version']}) n'a pas de ligne")
    for row in lines:
        missing = [n for n in ("quantite", "prix_unitaire_ht", "taux_tva") if row.get(n) is None]
        if missing:
            raise DocumentDataError(
                f"{number} : il manque {', '.join(missing)} à la ligne {row.get('ligne')}"
            )
    if quote.get("date_devis") is None:
        raise DocumentDataError(f"{number} : il manque la date du devis")
    customer = _customer(records, quote.get("code_client"), number)
    goods = any(row.get("reference") for row in lines)
    sale = {"nature": "biens" if goods else "services", "date_facture": quote["date_devis"]}
    invoice = Invoice(
        lines=tuple(
            InvoiceLine(
                Decimal(row["quantite"]),
                Decimal(row["prix_unitaire_ht"]),
                fraction(row["taux_tva"]),
                remises=(fraction(row["remise_pct"]),) if row.get("remise_pct") else (),
            )
            for row in lines
        ),
        ristourne=fraction(quote.get("remise_globale_pct")),
    )
    try:
        return QuoteDocument(
            seller=seller_of(records.organisation),
            buyer=Buyer(
                name=text(customer.get("raison_sociale")),
                address=billing_address(customer),
                siren=customer.get("siren") or None,
                vat_number=customer.get("numero_tva") or None,
            ),
            number=number,
            version=quote["version"],
            issue_date=quote["date_devis"],
            valid_until=quote.get("date_validite"),
            subject=quote.get("objet") or None,
            invoice=invoice,
            line_labels=tuple(text(row.get("designation")) or "Article" for row in lines),
            vat=treatment_of_sale(records.organisation, customer, sale, lines, records.params),
            payment_terms=customer_terms(customer),
            contact=person_name(records.staff.get(quote.get("commercial") or "")),
        )
    except ValueError as error:
        raise DocumentDataError(f"{number} : {error}") from None


def goods_address(customer: Mapping) -> Address:
    if customer.get("adresse_livraison"):
        return Address(
            (text(customer["adresse_livraison"]),),
            text(customer.get("code_postal_livraison")),
            text(customer.get("ville_livraison")),
            text(customer.get("pays")) or "FR",
        )
    return billing_address(customer)


def delivered_line(records: PaperRecords, order: str | None, row: Mapping) -> DeliveredLine:
    ordered = records.order_lines.get((order, row.get("ligne_commande")))
    article = records.articles.get(row.get("reference") or "") or {}
    label = (ordered or {}).get("designation") or article.get("designation") or "Article"
    return DeliveredLine(
        reference=row.get("reference"),
        label=text(label),
        ordered=(ordered or {}).get("quantite"),
        delivered=Decimal(row.get("quantite") or 0),
        unit=article.get("unite"),
    )


def delivery_note(records: PaperRecords, number: str) -> DeliveryNote:
    """A delivery note; `DocumentDataError` when it cannot be printed."""
    delivery = records.deliveries.get(number)
    if delivery is None:
        raise DocumentDataError(f"{number} n'est pas dans la feuille Livraisons")
    if delivery.get("date_livraison") is None:
        raise DocumentDataError(f"{number} : il manque la date de livraison")
    order_number = delivery.get("numero_commande")
    order = records.orders.get(order_number or "") or {}
    customer = _customer(records, delivery.get("code_client") or order.get("code_client"), number)
    lines = records.delivery_lines.get(number, [])
    if not lines:
        raise DocumentDataError(f"{number} n'a pas de ligne (feuille LignesLivraison)")
    return DeliveryNote(
        seller=seller_of(records.organisation),
        buyer=Buyer(
            name=text(customer.get("raison_sociale")),
            address=billing_address(customer),
            siren=customer.get("siren") or None,
        ),
        delivery_address=goods_address(customer),
        number=number,
        delivery_date=delivery["date_livraison"],
        order_number=order_number,
        order_date=order.get("date_commande"),
        order_reference=order.get("reference_acheteur"),
        carrier=delivery.get("transporteur"),
        status=delivery.get("statut"),
        lines=tuple(delivered_line(records, order_number, row) for row in lines),
    )
