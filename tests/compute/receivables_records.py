"""Small sales datasets for the payments and receivables tests.

An invoice here has one line, so its total is easy to read: ``invoice("FA-2026-00001",
"120")`` is one line of 100 € HT at 20 % VAT, 120,00 € TTC (a rate of 0 % gives TTC =
HT). Rows are dicts of the schema's columns; `sales_dataset` types them as the validator
does (Excel rows from 2).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipelines.dataset import Dataset

from .records import dataset

AS_OF = date(2026, 11, 30)
D = Decimal


def invoice(number: str, ttc: str = "120", customer: str = "C0001", *,
            day: date = date(2026, 9, 1), due: date | None = date(2026, 10, 1),
            vat: str = "20", currency: str = "EUR", kind: str = "facture", **values
            ) -> tuple[dict, dict]:
    """A row of Factures and its one row of LignesFacture, for ``ttc`` TTC (in its
    currency): the HT price is ttc / (1 + vat), which must fall on a cent."""
    rate = D(vat) / 100
    price = D(ttc) / (1 + rate)
    assert price == price.quantize(D("0.01")), f"{ttc} TTC n'a pas de HT au centime"
    row = {"numero_facture": number, "serie": number[:2], "type": kind, "date_facture": day,
           "code_client": customer, "nature": "biens", "date_echeance": due,
           "devise": currency, "statut": "émise", **values}
    line = {"numero_facture": number, "ligne": 1, "designation": "Article", "quantite": D(1),
            "prix_unitaire_ht": price, "taux_tva": D(vat)}
    return row, line


def payment(identifier: str, amount: str, customer: str = "C0001", *,
            day: date = date(2026, 10, 1), currency: str = "EUR", rate: str | None = None,
            **values) -> dict:
    return {"id_reglement": identifier, "date_reglement": day, "code_client": customer,
            "mode": "virement", "montant": D(amount), "devise": currency,
            "taux_change": None if rate is None else D(rate), **values}


def allocation(identifier: str, number: str, amount: str, escompte: str | None = None) -> dict:
    return {"id_reglement": identifier, "numero_facture": number, "montant": D(amount),
            "escompte": None if escompte is None else D(escompte)}


def customer(code: str = "C0001", kind: str = "entreprise", status: str = "actif",
             rate: str | None = None) -> dict:
    return {"code_client": code, "raison_sociale": f"Client {code}", "type_client": kind,
            "pays": "FR", "zone": "France", "statut": status,
            "taux_penalites": None if rate is None else D(rate)}


def sales_dataset(invoices: list[tuple[dict, dict]], payments: list[dict] = (),
                  allocations: list[dict] = (), as_of: date = AS_OF, **others) -> Dataset:
    """Factures, LignesFacture, Reglements, Lettrage and Clients (C0001 and C0002,
    companies, unless given), plus any other sheet given by resource name."""
    others.setdefault("clients", [customer("C0001"), customer("C0002")])
    return dataset(
        as_of,
        factures=[row for row, _ in invoices],
        lignes_facture=[line for _, line in invoices],
        reglements=list(payments),
        lettrage=list(allocations),
        **others,
    )
