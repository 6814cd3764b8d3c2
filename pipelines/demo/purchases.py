"""The demo's purchases (achats.xlsx): price lists, purchase orders, receipts, supplier
invoices and credit notes, supplier payments and their allocation.

Everything follows from the stock movements and the consumables deliveries, so the four
records agree: each « achat » movement is the accepted quantity of one receipt line
(its « BR-… » piece is the receipt), ordered on the day the stock simulation placed the
order, at the supplier's price list of that day; each consumables delivery is a receipt
of its own order. Supplier invoices follow their receipt by a few days and are paid at
their due date; those due after the as-of date are payments to make, and the ones due
in the coming week are selected for the SEPA transfer file.

The scripted hazards:
- a partial delivery (the last low-stock item: 1 received of its order) and the order of
  the item out of stock, confirmed and expected on 08/12/2026;
- a receipt with one damaged unit, invoiced all the same (quantity discrepancy) and
  disputed;
- an invoice whose unit price is above the order (price discrepancy), disputed;
- an invoice that forgot the quantity-break discount of its order;
- the defective fan and a defective toner sent back to their suppliers, each credited by
  a credit note deducted from the supplier's next payment;
- an invoice registered without its scanned original (a lost document);
- an invoice due before the as-of date and not paid (a missed due date);
- intra-EU suppliers (reverse charge) and suppliers outside the EU (import VAT on the
  customs declaration), in their currencies.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from pipelines.demo import price_lists
from pipelines.demo.catalogue import CENT
from pipelines.demo.settings import AS_OF
from pipelines.demo.stock import LAST_CALL, ORDERED_ON, STOCK_OUT_ITEM, SUPPLIER_RETURN_ITEM
from pipelines.law import parameters

RATES = {"USD": Decimal("1.0850"), "CHF": Decimal("0.9400"), "GBP": Decimal("0.8450")}
RESTOCK_EXPECTED = date(2026, 12, 8)  # the stock-out item's reorder (« réassort attendu »)
DAMAGED_RECEIPT_MONTH = 10
PRICE_ERROR_MONTH = 9
FORGOTTEN_DISCOUNT_MONTH = 8
MISSED_DUE_DATE_MONTH = 10
LOST_DOCUMENT_MONTH = 6
_DIRECT_DEBIT = ("Transport",)
_SEPA_WEEK = timedelta(days=7)


@dataclass
class _OrderLine:
    order: str
    line: int
    reference: str | None
    consumable: str | None
    designation: str
    quantity: Decimal
    price: Decimal  # in the order's currency, before discount
    discount: Decimal
    vat: Decimal


@dataclass
class _Order:
    number: str
    day: date
    supplier: dict
    expected: date
    lines: list[_OrderLine] = field(default_factory=list)
    received: dict[int, Decimal] = field(default_factory=dict)
    status: str = "reçue"
    comment: str | None = None


@dataclass
class _ReceiptLine:
    order_line: _OrderLine
    delivered: Decimal
    accepted: Decimal
    damaged: Decimal = Decimal(0)
    reason: str | None = None


@dataclass
class _Receipt:
    number: str
    day: date
    supplier: dict
    lines: list[_ReceiptLine] = field(default_factory=list)
    reserves: str | None = None


def _normal_vat(day: date) -> Decimal:
    """The normal VAT rate in force on `day`, in percent (the consumables' rate)."""
    return (Decimal(parameters().value("tva.taux.normal", day)) * 100).quantize(Decimal(1))


def _currency_price(supplier: dict, euros: Decimal) -> Decimal:
    rate = RATES.get(supplier["devise"])
    return euros if rate is None else (euros * rate).quantize(CENT, ROUND_HALF_UP)


def _money(value: Decimal) -> Decimal:
    return value.quantize(CENT, ROUND_HALF_UP)


# --- price lists ----------------------------------------------------------------------------

def _price_list(suppliers: dict[str, dict], items: list) -> list[dict]:
    rows = []
    for item in items:
        supplier = suppliers[item.supplier]
        step = price_lists.quantity_break(item)
        for start, end in price_lists.periods():
            price = _currency_price(supplier, price_lists.base_price(item, start))
            common = {"code_fournisseur": item.supplier, "reference": item.reference,
                      "reference_fournisseur": f"{item.supplier[1:]}-{item.reference[4:]}",
                      "prix_unitaire_ht": price, "devise": supplier["devise"],
                      "date_debut": start, "date_fin": end}
            rows.append({**common, "quantite_minimale": Decimal(1), "remise_pct": None})
            if step is not None:
                rows.append({**common, "quantite_minimale": step.minimum,
                             "remise_pct": step.discount_percent,
                             "commentaire": f"Remise de {step.discount_percent} % par "
                                            f"{step.minimum} {item.family.unit}s et plus"})
    return rows


# --- orders and receipts ----------------------------------------------------------------------

class _Book:
    """The purchase orders and receipts being built, numbered at the end by date."""

    def __init__(self, suppliers: dict[str, dict]):
        self.suppliers = suppliers
        self.orders: dict[tuple, _Order] = {}
        self.receipts: dict[str, _Receipt] = {}

    def order(self, supplier_code: str, day: date, lead: int) -> _Order:
        key = (supplier_code, day)
        expected = day + timedelta(days=lead)
        if key not in self.orders:
            self.orders[key] = _Order("", day, self.suppliers[supplier_code], expected)
        order = self.orders[key]
        order.expected = max(order.expected, expected)  # the slowest line's lead time
        return order

    def receipt(self, number: str, day: date, supplier_code: str) -> _Receipt:
        if number not in self.receipts:
            self.receipts[number] = _Receipt(number, day, self.suppliers[supplier_code])
        return self.receipts[number]


def _stock_purchases(book: _Book, items: dict, moves: list[dict]) -> None:
    """One order line and one receipt line per « achat » movement."""
    for move in moves:
        if move["type"] != "achat":
            continue
        item = items[move["reference"]]
        ordered_on = move[ORDERED_ON]
        order = book.order(item.supplier, ordered_on, item.lead_days)
        quantity = move["quantite"]
        partial = move.get("commentaire") == "Livraison partielle"
        ordered = quantity + Decimal(5) if partial else quantity
        line = _order_line(order, item, ordered, ordered_on)
        order.received[line.line] = quantity
        if partial:
            order.status = "partiellement reçue"
            order.comment = "Livraison partielle : le solde est attendu"
        receipt = book.receipt(move["piece"], move["date"], item.supplier)
        receipt.lines.append(_ReceiptLine(line, quantity, quantity))


def _order_line(order: _Order, item, quantity: Decimal, day: date) -> _OrderLine:
    line = _OrderLine(
        "", len(order.lines) + 1, item.reference, None, item.designation, quantity,
        _currency_price(order.supplier, price_lists.base_price(item, day)),
        price_lists.discount_percent(item, quantity), Decimal(item.family.vat_percent))
    order.lines.append(line)
    return line


def _restock_order(book: _Book, items: dict) -> None:
    """The order of the item out of stock: confirmed, nothing received yet."""
    item = next(i for i in items.values() if i.designation == STOCK_OUT_ITEM)
    order = book.order(item.supplier, LAST_CALL, 0)
    order.expected, order.status = RESTOCK_EXPECTED, "confirmée"
    order.comment = "Réassort après la rupture du 24/11/2026"
    _order_line(order, item, item.safety * 2, LAST_CALL)


def _consumable_purchases(book: _Book, supplies: dict[str, list[dict]]) -> None:
    """One order and one receipt per consumables delivery; the delivery row gets its order
    number later (`_link_consumables`)."""
    by_code = {row["code_consommable"]: row for row in supplies.get("consommables", [])}
    for row in supplies.get("mouvements_consommables", []):
        if row["type"] != "entrée" or row["code_consommable"] not in by_code:
            continue
        consumable = by_code[row["code_consommable"]]
        supplier = consumable.get("code_fournisseur")
        if supplier not in book.suppliers:
            continue
        lead = consumable.get("delai_reappro_jours") or 3
        order = book.order(supplier, row["date"] - timedelta(days=lead), lead)
        line = _OrderLine("", len(order.lines) + 1, None, consumable["code_consommable"],
                          consumable["designation"], row["quantite"],
                          consumable["prix_unitaire_ht"], Decimal(0), _normal_vat(row["date"]))
        order.lines.append(line)
        order.received[line.line] = row["quantite"]
        row["_ligne_commande"] = line
        number = f"_consommable_{row['id_mouvement']:06d}"
        receipt = book.receipt(number, row["date"], supplier)
        receipt.lines.append(_ReceiptLine(line, row["quantite"], row["quantite"]))


def _open_consumable_order(book: _Book, supplies: dict[str, list[dict]]) -> None:
    """One consumable on order at the as-of date: the one with the least stock left for
    its minimum, ordered two days before and not delivered yet."""
    consumables = [row for row in supplies.get("consommables", [])
                   if row.get("code_fournisseur") in book.suppliers and row.get("suivi", True)]
    if not consumables:
        return
    sign = {"entrée": 1, "retour_reserve": 1, "sortie": -1, "retour_fournisseur": -1}
    left = defaultdict(Decimal)
    for row in supplies.get("mouvements_consommables", []):
        left[row["code_consommable"]] += sign.get(row["type"], 0) * row["quantite"]

    def cover(row: dict) -> Decimal:
        stock = row["stock_initial"] + left[row["code_consommable"]]
        return stock / (row.get("stock_minimum") or Decimal(1))

    chosen = min(consumables, key=lambda row: (cover(row), row["code_consommable"]))
    lead = chosen.get("delai_reappro_jours") or 3
    day = AS_OF - timedelta(days=2)
    order = book.order(chosen["code_fournisseur"], day, lead)
    order.status = "confirmée"
    quantity = max(chosen.get("conditionnement") or Decimal(1),
                   (chosen.get("stock_minimum") or Decimal(1)) * 2)
    order.lines.append(_OrderLine("", len(order.lines) + 1, None, chosen["code_consommable"],
                                  chosen["designation"], quantity, chosen["prix_unitaire_ht"],
                                  Decimal(0), _normal_vat(day)))


def _damage_one_receipt(book: _Book) -> _ReceiptLine | None:
    """In October, one unit of a multi-unit receipt line arrives damaged: the supplier will
    invoice it all the same."""
    for receipt in sorted(book.receipts.values(), key=lambda r: (r.day, r.number)):
        if receipt.day.month != DAMAGED_RECEIPT_MONTH or receipt.supplier["zone"] != "France":
            continue
        for line in receipt.lines:
            if line.order_line.reference and line.accepted >= 3 and line.accepted % 1 == 0:
                line.delivered = line.accepted + 1
                line.damaged = Decimal(1)
                line.reason = "Carton enfoncé, produit inutilisable"
                receipt.reserves = "Réserves écrites au transporteur : un colis endommagé"
                order = next(o for o in book.orders.values() if line.order_line in o.lines)
                line.order_line.quantity += 1
                order.status = "partiellement reçue"
                order.comment = "Un article reçu endommagé : remplacement ou avoir demandé"
                return line
    return None


def _deliver_partly(book: _Book) -> None:
    """The last November receipt of a French supplier with a line of four units or more was
    a partial delivery: half as much again is still to come."""
    for receipt in sorted(book.receipts.values(), key=lambda r: (r.day, r.number), reverse=True):
        if receipt.day.month != 11 or receipt.supplier["zone"] != "France":
            continue
        for line in receipt.lines:
            ordered = line.order_line
            if ordered.reference and line.accepted >= 4 and line.accepted % 2 == 0:
                rest = line.accepted / 2
                ordered.quantity += rest
                order = next(o for o in book.orders.values() if ordered in o.lines)
                order.status = "partiellement reçue"
                order.expected = max(order.expected, AS_OF + timedelta(days=5))
                order.comment = f"Livraison partielle : solde de {rest:f} attendu"
                return


def _number_orders(book: _Book) -> list[_Order]:
    orders = sorted(book.orders.values(), key=lambda o: (o.day, o.supplier["code_fournisseur"]))
    for n, order in enumerate(orders, start=1):
        order.number = f"CF-2026-{n:05d}"
        for line in order.lines:
            line.order = order.number
    return orders


def _number_receipts(book: _Book) -> list[_Receipt]:
    """The stock receipts keep their « BR-… » pieces; the consumables ones follow."""
    receipts = sorted(book.receipts.values(), key=lambda r: (r.day, r.number))
    last = max((int(r.number[-5:]) for r in receipts if r.number.startswith("BR-")), default=0)
    for receipt in receipts:
        if not receipt.number.startswith("BR-"):
            last += 1
            receipt.number = f"BR-2026-{last:05d}"
    return receipts


def _order_rows(orders: list[_Order], buyer: str | None) -> tuple[list[dict], list[dict]]:
    headers, lines = [], []
    for order in orders:
        headers.append({
            "numero_commande": order.number, "date_commande": order.day,
            "code_fournisseur": order.supplier["code_fournisseur"],
            "date_livraison_prevue": order.expected, "statut": order.status,
            "devise": order.supplier["devise"], "acheteur": buyer,
            "commentaire": order.comment,
        })
        lines.extend({
            "numero_commande": line.order, "ligne": line.line, "reference": line.reference,
            "code_consommable": line.consumable, "designation": line.designation,
            "quantite": line.quantity, "prix_unitaire_ht": line.price,
            "remise_pct": line.discount or None, "taux_tva": line.vat,
        } for line in order.lines)
    return headers, lines


def _receipt_rows(receipts: list[_Receipt], receiver: str | None,
                  rng: random.Random) -> tuple[list[dict], list[dict]]:
    headers, lines = [], []
    for receipt in receipts:
        code = receipt.supplier["code_fournisseur"]
        headers.append({
            "numero_reception": receipt.number, "date_reception": receipt.day,
            "code_fournisseur": code,
            "bon_livraison_fournisseur": f"BL{code[1:]}-{rng.randint(10000, 99999)}",
            "receptionnaire": receiver, "reserves": receipt.reserves,
        })
        lines.extend({
            "numero_reception": receipt.number, "ligne": n,
            "numero_commande": line.order_line.order, "ligne_commande": line.order_line.line,
            "quantite_livree": line.delivered, "quantite_acceptee": line.accepted,
            "quantite_refusee": None, "quantite_endommagee": line.damaged or None,
            "motif": line.reason,
        } for n, line in enumerate(receipt.lines, start=1))
    return headers, lines


# --- supplier invoices -------------------------------------------------------------------------

@dataclass
class _InvoiceLine:
    order_line: _OrderLine | None
    designation: str
    quantity: Decimal
    price: Decimal
    discount: Decimal
    vat: Decimal

    @property
    def net(self) -> Decimal:
        return _money(self.quantity * self.price * (100 - self.discount) / 100)


@dataclass
class _Invoice:
    number: str
    kind: str
    supplier: dict
    supplier_number: str
    day: date
    received_on: date
    lines: list[_InvoiceLine]
    order: str | None
    origin: str | None = None
    status: str = "bon à payer"
    comment: str | None = None
    scanned: bool = True

    @property
    def vat_case(self) -> str:
        return {"France": "France", "UE": "acquisition intracommunautaire"}.get(
            self.supplier["zone"], "importation")

    @property
    def total_ht(self) -> Decimal:
        return sum((line.net for line in self.lines), Decimal(0))

    @property
    def charged_vat(self) -> Decimal:
        """The VAT the supplier charges: only a French supplier does."""
        if self.vat_case != "France":
            return Decimal(0)
        by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            by_rate[line.vat] += line.net
        return sum((_money(base * rate / 100) for rate, base in by_rate.items()), Decimal(0))

    @property
    def total_ttc(self) -> Decimal:
        return self.total_ht + self.charged_vat

    @property
    def due(self) -> date:
        return self.day + timedelta(days=int(self.supplier["delai_paiement_jours"] or 30))

    @property
    def rate(self) -> Decimal | None:
        return RATES.get(self.supplier["devise"])

    @property
    def import_vat(self) -> Decimal | None:
        """The import VAT on the customs declaration, on the value in euros."""
        if self.vat_case != "importation" or self.kind == "avoir":
            return None
        by_rate: dict[Decimal, Decimal] = defaultdict(Decimal)
        for line in self.lines:
            by_rate[line.vat] += line.net / self.rate if self.rate else line.net
        return sum((_money(base * rate / 100) for rate, base in by_rate.items()), Decimal(0))


def _supplier_number(rng: random.Random, supplier: dict, counters: dict[str, int]) -> str:
    code = supplier["code_fournisseur"]
    counters[code] = counters.get(code, rng.randint(120, 2400)) + rng.randint(1, 40)
    style = int(code[1:]) % 3
    if style == 0:
        return f"F{counters[code]:06d}"
    if style == 1:
        return f"2026-{counters[code]:05d}"
    return f"INV{counters[code]}"


def _invoices(rng: random.Random, receipts: list[_Receipt]) -> list[_Invoice]:
    """One invoice per receipt, two to six days later, at the order's price and discount,
    for the delivered quantity; the receipts of the last days are not invoiced yet."""
    counters: dict[str, int] = {}
    invoices = []
    for receipt in receipts:
        day = receipt.day + timedelta(days=rng.randint(2, 6))
        received_on = day + timedelta(days=rng.randint(1, 3))
        if received_on > AS_OF:
            continue
        lines = [_InvoiceLine(line.order_line, line.order_line.designation,
                              line.delivered, line.order_line.price,
                              line.order_line.discount, line.order_line.vat)
                 for line in receipt.lines]
        orders = {line.order_line.order for line in receipt.lines}
        invoices.append(_Invoice("", "facture", receipt.supplier,
                                 _supplier_number(rng, receipt.supplier, counters), day,
                                 received_on, lines, orders.pop() if len(orders) == 1 else None))
    return invoices


def _script_invoice_hazards(invoices: list[_Invoice], damaged: _ReceiptLine | None) -> None:
    if damaged is not None:
        invoice = next(i for i in invoices if any(row.order_line is damaged.order_line
                                                  for row in i.lines))
        invoice.status = "en litige"
        invoice.comment = ("Un article reçu endommagé est facturé : avoir demandé au "
                           "fournisseur")
    french = [i for i in invoices if i.vat_case == "France" and i.status == "bon à payer"]
    priced = next(i for i in french if i.day.month == PRICE_ERROR_MONTH
                  and any(row.order_line and row.order_line.reference for row in i.lines))
    line = next(row for row in priced.lines if row.order_line and row.order_line.reference)
    line.price = _money(line.price * Decimal("1.04"))
    priced.status = "en litige"
    priced.comment = "Prix unitaire facturé au-dessus du prix de la commande"
    forgotten = next((i for i in french if i.day.month == FORGOTTEN_DISCOUNT_MONTH
                      and any(row.discount for row in i.lines)), None)
    if forgotten is not None:
        next(row for row in forgotten.lines if row.discount).discount = Decimal(0)
    lost = next(i for i in french if i.day.month == LOST_DOCUMENT_MONTH)
    lost.scanned = False
    lost.comment = "Original introuvable : duplicata demandé au fournisseur"


def _returns(moves: list[dict], items: dict, supplies: dict[str, list[dict]]) -> list[dict]:
    """The goods sent back to their supplier as defective: the fan of the stock and the
    consumables returned (day, what, quantity, reason)."""
    returned = [{"date": m["date"], "reference": m["reference"], "code_consommable": None,
                 "quantite": m["quantite"], "commentaire": m.get("commentaire")}
                for m in moves if m["type"] == "retour_fournisseur"
                and items[m["reference"]].designation.startswith(SUPPLIER_RETURN_ITEM)]
    returned += [{"date": row["date"], "reference": None,
                  "code_consommable": row["code_consommable"], "quantite": row["quantite"],
                  "commentaire": row.get("commentaire")}
                 for row in supplies.get("mouvements_consommables", [])
                 if row["type"] == "retour_fournisseur"]
    return returned


def _credit_notes_for_returns(invoices: list[_Invoice], returns: list[dict]) -> None:
    """Each defective return is credited a week later, at the price of its last invoice."""
    for back in returns:
        def same_goods(row: _InvoiceLine, back=back) -> bool:
            ordered = row.order_line
            return ordered is not None and (
                (back["reference"] is not None and ordered.reference == back["reference"])
                or (back["code_consommable"] is not None
                    and ordered.consumable == back["code_consommable"]))

        bought = [i for i in invoices if i.kind == "facture"
                  and i.day <= back["date"] + timedelta(days=10)
                  and any(same_goods(row) for row in i.lines)]
        if not bought:
            continue
        origin = max(bought, key=lambda i: (i.day, i.supplier_number))
        line = next(row for row in origin.lines if same_goods(row))
        day = back["date"] + timedelta(days=7)
        invoices.append(_Invoice(
            "", "avoir", origin.supplier, f"AV-{origin.supplier_number}", day,
            day + timedelta(days=2),
            [_InvoiceLine(line.order_line, f"Retour : {line.designation}", back["quantite"],
                          line.price, line.discount, line.vat)],
            line.order_line.order, origin=origin.supplier_number,
            comment=back["commentaire"]))


def _number_invoices(invoices: list[_Invoice]) -> list[_Invoice]:
    ordered = sorted(invoices, key=lambda i: (i.received_on, i.supplier["code_fournisseur"],
                                               i.supplier_number))
    for n, invoice in enumerate(ordered, start=1):
        invoice.number = f"FF-2026-{n:05d}"
    by_supplier_number = {(i.supplier["code_fournisseur"], i.supplier_number): i.number
                          for i in ordered}
    for invoice in ordered:
        if invoice.origin is not None:
            invoice.origin = by_supplier_number[(invoice.supplier["code_fournisseur"],
                                                 invoice.origin)]
    return ordered


def _invoice_rows(invoices: list[_Invoice]) -> tuple[list[dict], list[dict]]:
    headers, lines = [], []
    for invoice in invoices:
        headers.append({
            "numero_piece": invoice.number, "type": invoice.kind,
            "code_fournisseur": invoice.supplier["code_fournisseur"],
            "numero_fournisseur": invoice.supplier_number, "date_facture": invoice.day,
            "date_reception_facture": invoice.received_on, "date_echeance": invoice.due,
            "numero_commande": invoice.order, "cas_tva": invoice.vat_case,
            "devise": invoice.supplier["devise"], "taux_change": invoice.rate,
            "total_ttc": invoice.total_ttc,
            "numero_dau": (f"26FR6910{invoice.number[-5:]}I" if invoice.import_vat else None),
            "tva_importation": invoice.import_vat, "facture_origine": invoice.origin,
            "justificatif": f"{invoice.number}.pdf" if invoice.scanned else None,
            "statut": invoice.status, "commentaire": invoice.comment,
        })
        lines.extend({
            "numero_piece": invoice.number, "ligne": n,
            "numero_commande": line.order_line.order if line.order_line else None,
            "ligne_commande": line.order_line.line if line.order_line else None,
            "designation": line.designation, "quantite": line.quantity,
            "prix_unitaire_ht": line.price, "remise_pct": line.discount or None,
            "taux_tva": line.vat,
        } for n, line in enumerate(invoice.lines, start=1))
    return headers, lines


# --- payments ------------------------------------------------------------------------------------

def _payments(invoices: list[_Invoice]) -> tuple[list[dict], list[dict]]:
    """Each invoice paid at its due date, credit notes deducted from the supplier's next
    payment; disputed invoices wait; one invoice of October is forgotten (missed due date).
    The payments due after the as-of date are to make, those of the coming week selected
    for the SEPA file."""
    missed = next(i for i in invoices if i.kind == "facture" and i.status == "bon à payer"
                  and i.due.month == MISSED_DUE_DATE_MONTH and i.vat_case == "France")
    credits: dict[str, list[_Invoice]] = defaultdict(list)
    for invoice in invoices:
        if invoice.kind == "avoir":
            credits[invoice.supplier["code_fournisseur"]].append(invoice)
    due = sorted((i for i in invoices if i.kind == "facture" and i.status != "en litige"
                  and i is not missed), key=lambda i: (i.due, i.number))
    payments, allocations = [], []
    for n, invoice in enumerate(due, start=1):
        code = invoice.supplier["code_fournisseur"]
        number = f"PF-2026-{n:05d}"
        amount = invoice.total_ttc
        allocations.append({"numero_reglement": number, "numero_piece": invoice.number,
                            "montant": invoice.total_ttc})
        for credit in [c for c in credits[code] if c.received_on <= invoice.due]:
            amount -= credit.total_ttc
            allocations.append({"numero_reglement": number, "numero_piece": credit.number,
                                "montant": credit.total_ttc})
            credits[code].remove(credit)
        paid = invoice.due <= AS_OF
        sepa = (not paid and invoice.due <= AS_OF + _SEPA_WEEK
                and invoice.supplier["devise"] == "EUR" and invoice.supplier.get("iban"))
        mode = ("prélèvement" if invoice.supplier["categorie"] in _DIRECT_DEBIT
                else invoice.supplier.get("mode_reglement") or "virement")
        payments.append({
            "numero_reglement": number, "code_fournisseur": code,
            "date_reglement": invoice.due, "mode": mode, "montant": amount,
            "devise": invoice.supplier["devise"], "taux_change": invoice.rate,
            "statut": "payé" if paid else "à payer", "virement_sepa": True if sepa else None,
            "reference": f"Facture {invoice.supplier_number}",
        })
    return payments, allocations


# --- the whole workbook ------------------------------------------------------------------------

def _link_consumables(supplies: dict[str, list[dict]]) -> None:
    for row in supplies.get("mouvements_consommables", []):
        line = row.pop("_ligne_commande", None)
        if line is not None:
            row["numero_commande"] = line.order


def purchases(rng: random.Random, suppliers: list[dict], articles: list[dict],
              moves: list[dict], supplies: dict[str, list[dict]],
              items: list | None = None, employees: list[dict] | None = None
              ) -> dict[str, list[dict]]:
    """Every row of achats.xlsx; fills the order number of the consumables deliveries."""
    by_code = {row["code_fournisseur"]: row for row in suppliers}
    catalogue = {item.reference: item for item in items or []}
    book = _Book(by_code)
    _stock_purchases(book, catalogue, moves)
    _restock_order(book, catalogue)
    _consumable_purchases(book, supplies)
    _open_consumable_order(book, supplies)
    damaged = _damage_one_receipt(book)
    _deliver_partly(book)
    orders = _number_orders(book)
    receipts = _number_receipts(book)
    _link_consumables(supplies)
    buyer = _member_of(employees, "LOG")
    order_rows, order_lines = _order_rows(orders, buyer)
    receipt_rows, receipt_lines = _receipt_rows(receipts, buyer, rng)
    invoices = _invoices(rng, receipts)
    _script_invoice_hazards(invoices, damaged)
    _credit_notes_for_returns(invoices, _returns(moves, catalogue, supplies))
    invoices = _number_invoices(invoices)
    invoice_rows, invoice_lines = _invoice_rows(invoices)
    payments, allocations = _payments(invoices)
    return {
        "tarifs": _price_list(by_code, list(catalogue.values())),
        "commandes_achat": order_rows, "lignes_commande_achat": order_lines,
        "receptions": receipt_rows, "lignes_reception": receipt_lines,
        "factures_fournisseurs": invoice_rows, "lignes_facture_fournisseur": invoice_lines,
        "reglements_fournisseurs": payments, "lettrage_fournisseurs": allocations,
    }


def _member_of(employees: list[dict] | None, service: str) -> str | None:
    """The first present employee of `service` (the buyer and receiver of the demo)."""
    for employee in employees or []:
        if employee.get("service") == service and (
                employee.get("date_sortie") is None or employee["date_sortie"] >= AS_OF):
            return employee["matricule"]
    return None

