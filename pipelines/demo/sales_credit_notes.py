"""The credit notes of the demo year (series AV), each citing the invoice it corrects.

The customer return of the stock sheet is credited (its ``piece`` becomes the credit note's
number), and two invoices get a 10 % rebate for damaged packaging. A credit note's amounts
are positive: its type gives the direction.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from pipelines.demo import sales_amounts


def credit_notes(sheets: dict[str, list[dict]], moves: list[dict]) -> None:
    """The customer return is credited; two commercial rebates are credited too."""
    returned = [m for m in moves if m["type"] == "retour_client"]
    cited = []
    for move in returned:
        sold = [row for row in sheets["lignes_facture"] if row["reference"] == move["reference"]]
        invoices = {f["numero_facture"]: f for f in sheets["factures"]}
        before = [
            row for row in sold if invoices[row["numero_facture"]]["date_facture"] <= move["date"]
        ]
        if before:
            cited.append(
                (before[-1], move["quantite"], move["date"], "Retour : erreur de référence", move)
            )
    invoices = [f for f in sheets["factures"] if f["type"] == "facture"]
    for invoice in (invoices[len(invoices) // 4], invoices[len(invoices) * 3 // 4]):
        line = next(
            row
            for row in sheets["lignes_facture"]
            if row["numero_facture"] == invoice["numero_facture"]
        )
        cited.append(
            (
                line,
                None,
                invoice["date_facture"] + timedelta(days=10),
                "Rabais : emballage endommagé",
                None,
            )
        )
    cited.sort(key=lambda entry: entry[2])
    for number, (line, quantity, day, reason, move) in enumerate(cited, start=1):
        _credit_note(sheets, f"AV-2026-{number:05d}", line, quantity, day, reason, move)


def _credit_note(sheets, number, line, quantity, day, reason, move) -> None:
    origin = next(f for f in sheets["factures"] if f["numero_facture"] == line["numero_facture"])
    rebate = move is None
    sheets["factures"].append(
        {
            **{
                k: origin[k]
                for k in (
                    "code_client",
                    "numero_commande",
                    "reference_acheteur",
                    "pays_livraison",
                    "nature",
                    "devise",
                    "taux_change",
                )
            },
            "numero_facture": number,
            "serie": "AV",
            "type": "avoir",
            "date_facture": day,
            "date_vente": origin["date_vente"],
            "conditions_paiement": "imputé sur le compte client",
            "facture_origine": origin["numero_facture"],
            "statut": "émise",
            "commentaire": reason,
        }
    )
    credited = {
        k: line[k]
        for k in ("reference", "designation", "prix_unitaire_ht", "taux_tva", "remise_pct")
    }
    if rebate:
        credited = {
            "reference": None,
            "designation": f"{reason} (10 % de la facture {origin['numero_facture']})",
            "prix_unitaire_ht": sales_amounts.cents(sales_amounts.line_net(line) / 10),
            "taux_tva": line["taux_tva"],
        }
    sheets["lignes_facture"].append(
        {
            **credited,
            "numero_facture": number,
            "ligne": 1,
            "quantite": Decimal(1) if rebate else quantity,
        }
    )
    if move is not None:
        move["piece"] = number
