"""A tiny sales history whose dashboard figures are worked out by hand (as of 31/03/2026).

Invoices (financial year from 01/01/2026):

- FA-2026-00001 (10/01, C0001 France, EUR): ART-0001 2 × 100 = 200.00 and ART-0002
  3 × 10.10 − 10 % = 27.27 (20 %); remise globale 5 % of 227.27 = 11.36, spread 10.00 /
  1.36 (largest remainder); shipping 15.00: HT 230.91 → lines 190.00, 25.91, port 15.00.
- FA-2026-00002 (05/02, C0002 UE, USD at 1.2 USD/€): ART-0001 120 USD and a service
  30.01 USD: HT 150.01 USD = 125.01 € → lines 100.00 € and 25.01 €.
- FA-2026-00003 (15/03, C0003 Hors UE): ART-0003 (no known cost) 1 × 50 = 50.00.
- AV-2026-00001 (20/03, C0001): ART-0002 1 × 10.10 − 10 % = −9.09.
- FA-2026-00004 (02/04): after the as-of date; FA-2026-00005 (25/03): a draft.

Turnover 396.83 € = 230.91 + 125.01 + 50.00 − 9.09. Costs: ART-0001 60, ART-0002 10.

Orders: CO-1 (line 2: 2 of 5 ART-0002 left, 18.18 €, wished 12/01: 78 days late), CO-2 all
delivered and invoiced, CO-3 (1 of 4 ART-0003 left, 50.00 €; 3 delivered, 1 invoiced:
2 shipped not invoiced, 100.00 €; a returned note does not count), CO-4 cancelled on 05/04,
after the as-of date: still open (10 ART-0002, 100.00 €, wished 25/03: 6 days late; its
delivery of 02/04 is not known yet), CO-5 cancelled on 02/03, CO-6 dated 01/04.

Quotes: DV-1 accepted (v2; v1 refused), DV-2 sent and past its validity (expired), DV-3
sent, DV-4 refused, DV-5 draft, DV-6 sent (its v2 « accepté » is dated 03/04): 5 sent,
1 accepted, 1 refused, 1 expired, 2 pending → 33.3 %.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from pipelines.dataset import Dataset

from .records import dataset, employee

AS_OF = date(2026, 3, 31)
D = Decimal


def facture(number: str, day: date, client: str, **values) -> dict:
    return {"numero_facture": number, "serie": number[:2], "type": "facture",
            "date_facture": day, "code_client": client, "nature": "biens", "devise": "EUR",
            "statut": "émise", **values}


def ligne(number: str, line: int, reference: str | None, quantity: str, price: str,
          vat: str = "20", **values) -> dict:
    return {"numero_facture": number, "ligne": line, "reference": reference,
            "designation": f"Désignation {reference or 'Installation'}",
            "quantite": D(quantity), "prix_unitaire_ht": D(price), "taux_tva": D(vat),
            **values}


def commande(number: str, day: date, client: str, wished: date, status: str = "confirmée",
             **values) -> dict:
    return {"numero_commande": number, "date_commande": day, "code_client": client,
            "statut": status, "urgente": False, "date_livraison_souhaitee": wished,
            "commercial": "S001", **values}


def ligne_commande(number: str, line: int, reference: str | None, quantity: str, price: str,
                   **values) -> dict:
    return {"numero_commande": number, "ligne": line, "reference": reference,
            "designation": f"Désignation {reference or 'Installation'}",
            "quantite": D(quantity), "prix_unitaire_ht": D(price), "taux_tva": D("20"),
            **values}


def devis(number: str, version: int, day: date, status: str, valid: date,
          salesperson: str) -> dict:
    return {"numero_devis": number, "version": version, "date_devis": day,
            "code_client": "C0001", "date_validite": valid, "statut": status,
            "objet": "Fourniture", "commercial": salesperson}


def sales_records() -> dict[str, list[dict]]:
    return {
        "organisation": [{"raison_sociale": "Atelier", "date_arrete": AS_OF,
                          "debut_exercice": date(2026, 1, 1),
                          "fin_exercice": date(2026, 12, 31)}],
        "salaries": [employee("S001", "Martin", "Claire", "COM"),
                     employee("S002", "Durand", "Paul", "COM")],
        "clients": [
            {"code_client": "C0001", "raison_sociale": "Alpha <b>Froid</b>", "zone": "France",
             "pays": "FR", "statut": "actif"},
            {"code_client": "C0002", "raison_sociale": "Beta GmbH", "zone": "UE",
             "pays": "DE", "statut": "actif"},
            {"code_client": "C0003", "raison_sociale": "Gamma Inc", "zone": "Hors UE",
             "pays": "US", "statut": "actif"},
        ],
        "articles": [
            {"reference": "ART-0001", "designation": "Vitrine", "categorie": "Froid",
             "prix_achat_ht": D("60")},
            {"reference": "ART-0002", "designation": "Dalle LED", "categorie": "Éclairage",
             "prix_achat_ht": D("10")},
            {"reference": "ART-0003", "designation": "Armoire", "categorie": "Froid"},
        ],
        "factures": [
            facture("FA-2026-00001", date(2026, 1, 10), "C0001", numero_commande="CO-2026-00001",
                    numero_livraison="BL-2026-00001", remise_globale_pct=D("5"),
                    frais_port_ht=D("15")),
            facture("FA-2026-00002", date(2026, 2, 5), "C0002", numero_commande="CO-2026-00002",
                    devise="USD", taux_change=D("1.2")),
            facture("FA-2026-00003", date(2026, 3, 15), "C0003",
                    numero_livraison="BL-2026-00003"),
            facture("AV-2026-00001", date(2026, 3, 20), "C0001", type="avoir",
                    facture_origine="FA-2026-00001", numero_commande="CO-2026-00001"),
            facture("FA-2026-00004", date(2026, 4, 2), "C0001"),
            facture("FA-2026-00005", date(2026, 3, 25), "C0002", statut="brouillon"),
        ],
        "lignes_facture": [
            ligne("FA-2026-00001", 1, "ART-0001", "2", "100"),
            ligne("FA-2026-00001", 2, "ART-0002", "3", "10.10", remise_pct=D("10")),
            ligne("FA-2026-00002", 1, "ART-0001", "1", "120", vat="0"),
            ligne("FA-2026-00002", 2, None, "1", "30.01", vat="0"),
            ligne("FA-2026-00003", 1, "ART-0003", "1", "50", vat="0"),
            ligne("AV-2026-00001", 1, "ART-0002", "1", "10.10", remise_pct=D("10")),
            ligne("FA-2026-00004", 1, "ART-0001", "1", "100"),
            ligne("FA-2026-00005", 1, "ART-0001", "1", "100"),
        ],
        "commandes": [
            commande("CO-2026-00001", date(2026, 1, 5), "C0001", date(2026, 1, 12)),
            commande("CO-2026-00002", date(2026, 2, 1), "C0002", date(2026, 2, 8)),
            commande("CO-2026-00003", date(2026, 3, 10), "C0003", date(2026, 4, 15),
                     urgente=True),
            commande("CO-2026-00004", date(2026, 3, 20), "C0001", date(2026, 3, 25), "annulée",
                     date_modification=date(2026, 4, 5)),
            commande("CO-2026-00005", date(2026, 3, 1), "C0002", date(2026, 3, 8), "annulée",
                     date_modification=date(2026, 3, 2)),
            commande("CO-2026-00006", date(2026, 4, 1), "C0002", date(2026, 4, 8)),
        ],
        "lignes_commande": [
            ligne_commande("CO-2026-00001", 1, "ART-0001", "2", "100"),
            ligne_commande("CO-2026-00001", 2, "ART-0002", "5", "10.10", remise_pct=D("10")),
            ligne_commande("CO-2026-00002", 1, "ART-0001", "1", "120"),
            ligne_commande("CO-2026-00002", 2, None, "1", "30.01"),
            ligne_commande("CO-2026-00003", 1, "ART-0003", "4", "50"),
            ligne_commande("CO-2026-00004", 1, "ART-0002", "10", "10"),
            ligne_commande("CO-2026-00005", 1, "ART-0001", "1", "100"),
            ligne_commande("CO-2026-00006", 1, "ART-0001", "1", "100"),
        ],
        "livraisons": [
            {"numero_livraison": "BL-2026-00001", "date_livraison": date(2026, 1, 9),
             "numero_commande": "CO-2026-00001", "code_client": "C0001", "statut": "partielle"},
            {"numero_livraison": "BL-2026-00002", "date_livraison": date(2026, 2, 4),
             "numero_commande": "CO-2026-00002", "code_client": "C0002", "statut": "expédiée"},
            {"numero_livraison": "BL-2026-00003", "date_livraison": date(2026, 3, 12),
             "numero_commande": "CO-2026-00003", "code_client": "C0003", "statut": "partielle"},
            {"numero_livraison": "BL-2026-00004", "date_livraison": date(2026, 3, 13),
             "numero_commande": "CO-2026-00003", "code_client": "C0003",
             "statut": "retournée"},
            {"numero_livraison": "BL-2026-00005", "date_livraison": date(2026, 4, 2),
             "numero_commande": "CO-2026-00004", "code_client": "C0001", "statut": "expédiée"},
        ],
        "lignes_livraison": [
            {"numero_livraison": "BL-2026-00001", "ligne": 1, "ligne_commande": 1,
             "reference": "ART-0001", "quantite": D("2")},
            {"numero_livraison": "BL-2026-00001", "ligne": 2, "ligne_commande": 2,
             "reference": "ART-0002", "quantite": D("3")},
            {"numero_livraison": "BL-2026-00002", "ligne": 1, "ligne_commande": 1,
             "reference": "ART-0001", "quantite": D("1")},
            {"numero_livraison": "BL-2026-00003", "ligne": 1, "ligne_commande": 1,
             "reference": "ART-0003", "quantite": D("3")},
            {"numero_livraison": "BL-2026-00004", "ligne": 1, "ligne_commande": 1,
             "reference": "ART-0003", "quantite": D("1")},
            {"numero_livraison": "BL-2026-00005", "ligne": 1, "ligne_commande": 1,
             "reference": "ART-0002", "quantite": D("10")},
        ],
        "devis": [
            devis("DV-2026-00001", 1, date(2026, 1, 2), "refusé", date(2026, 2, 2), "S001"),
            devis("DV-2026-00001", 2, date(2026, 1, 5), "accepté", date(2026, 2, 5), "S001"),
            devis("DV-2026-00002", 1, date(2026, 2, 1), "envoyé", date(2026, 3, 1), "S002"),
            devis("DV-2026-00003", 1, date(2026, 3, 10), "envoyé", date(2026, 4, 10), "S001"),
            devis("DV-2026-00004", 1, date(2026, 3, 15), "refusé", date(2026, 4, 15), "S002"),
            devis("DV-2026-00005", 1, date(2026, 3, 20), "brouillon", date(2026, 4, 20), "S001"),
            devis("DV-2026-00006", 1, date(2026, 3, 25), "envoyé", date(2026, 4, 25), "S001"),
            devis("DV-2026-00006", 2, date(2026, 4, 3), "accepté", date(2026, 5, 3), "S001"),
        ],
    }


def sales_dataset(as_of: date = AS_OF, **changes: list[dict]) -> Dataset:
    """The records above (some sheets replaced or removed with `changes`: a list, or None
    to drop the sheet)."""
    records = {**sales_records(), **changes}
    return dataset(as_of, **{name: rows for name, rows in records.items() if rows is not None})
