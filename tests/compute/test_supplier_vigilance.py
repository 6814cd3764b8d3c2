"""The URSSAF vigilance certificate the law requires (C. trav. L8222-1, D8222-1, D8222-5):
of a supplier established in France, active, from 5 000 € HT of purchases over the twelve
months up to the as-of date, renewed every six months."""

from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute.suppliers import (
    BY_LAW,
    VIGILANCE,
    certificate_states,
    vigilance_requirements,
)
from pipelines.law import parameters

AS_OF = date(2026, 11, 30)


def suppliers() -> pl.DataFrame:
    return pl.DataFrame({
        "code_fournisseur": ["F0001", "F0002", "F0003", "F0004", "F0005"],
        "raison_sociale": ["Juste au seuil", "Juste dessous", "Allemand", "Inactif",
                           "Achats anciens"],
        "pays": ["FR", "FR", "DE", "FR", "FR"],
        "categorie": ["Pièces"] * 5,
        "statut": ["actif", "actif", "actif", "inactif", "actif"],
    })


def invoices() -> pl.DataFrame:
    rows = [
        ("F0001", date(2026, 3, 2), "3000.00"), ("F0001", date(2026, 11, 30), "2000.00"),
        ("F0002", date(2026, 5, 4), "5000.00"), ("F0002", date(2026, 6, 1), "-0.01"),  # avoir
        ("F0003", date(2026, 5, 4), "9000.00"),
        ("F0004", date(2026, 5, 4), "9000.00"),
        ("F0005", date(2025, 11, 30), "9000.00"),  # twelve months and a day before
    ]
    return pl.DataFrame(
        {"code_fournisseur": [r[0] for r in rows], "date_facture": [r[1] for r in rows],
         "total_ht_eur": [Decimal(r[2]) for r in rows]},
        schema={"code_fournisseur": pl.String, "date_facture": pl.Date,
                "total_ht_eur": pl.Decimal(38, 2)})


def test_only_a_french_active_supplier_at_five_thousand_euros_over_twelve_months():
    required = vigilance_requirements(suppliers(), invoices(), parameters(), AS_OF)

    # F0001: 3 000 + 2 000 = 5 000,00 € HT, the threshold itself; F0002: 4 999,99 € after
    # its credit note; F0003 is German (D8222-7 lists other documents); F0004 inactive;
    # F0005's invoice of 30/11/2025 is outside the twelve months (01/12/2025 – 30/11/2026).
    assert required.select("code_fournisseur", "type_attestation", "validite_mois",
                           "exigee_par").rows() == [("F0001", VIGILANCE, 6, BY_LAW)]
    assert required["motif"][0] == (
        "obligation de vigilance : 5\u202f000,00\xa0€ HT d'achats sur douze mois, au moins "
        "5\u202f000,00\xa0€ (C. trav. L8222-1, D8222-1, D8222-5)")


def test_a_certificate_of_more_than_six_months_no_longer_covers_the_supplier():
    required = vigilance_requirements(suppliers(), invoices(), parameters(), AS_OF)
    handed = pl.DataFrame({
        "code_fournisseur": ["F0001"], "type_attestation": [VIGILANCE],
        "date_document": [date(2026, 5, 29)], "date_validite": [None],
        "_ligne": [2],
    }, schema={"code_fournisseur": pl.String, "type_attestation": pl.String,
               "date_document": pl.Date, "date_validite": pl.Date, "_ligne": pl.Int64})

    states = certificate_states(suppliers(), handed, None, AS_OF, required)

    # 29/05/2026 + 6 months = 29/11/2026, the last day it covers: expired on 30/11/2026
    row = states.filter(pl.col("code_fournisseur") == "F0001").row(0, named=True)
    assert (row["valable_jusqu_au"], row["etat"], row["expiree_depuis"]) == (
        date(2026, 11, 29), "expirée", date(2026, 11, 30))
