"""Supplier files (situation 2.1.3): completeness, certificates, price list and history.

- **Certificates**: the organisation lists in AttestationsExigees the documents it requires,
  per supplier category (column ``categorie`` of Fournisseurs) or « toutes ». The latest
  document of each type (Attestations) known on the as-of date is valid until its date plus
  ``validite_mois`` months when the requirement gives an age, else until its own
  ``date_validite`` (no date: no end). French registry documents (Kbis, URSSAF vigilance,
  tax compliance certificate) are only required of suppliers established in France: a
  foreign supplier hands in its own country's equivalents, which the sheet does not type.
- **Completeness**: a French supplier has a SIREN, an EU one a VAT number, every supplier a
  full address, and one paid by transfer an IBAN (whose key the schema already checks);
  plus its required certificates, present and valid. What is missing is named, never the
  value of a sensitive column.
- **History**: orders (lines net of their discount, each rounded half-up to the cent, plus
  shipping) and supplier invoices HT (credit notes negative) by month of the as-of year,
  in euros: an invoice's from `purchase_invoices.supplier_invoice_totals` (its
  ``taux_change``), an order in a foreign currency with the latest rate of CoursDeChange
  known on its date (none: not converted).
- **Price list**: the rows of Tarifs valid on the as-of date, with the net unit price of
  each quantity break.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from pipelines.compute.invoice_totals import net_amount, net_unit_price, to_cent
from pipelines.compute.purchase_invoices import supplier_invoice_totals
from pipelines.compute.sales_invoices import rate_on
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money
from pipelines.law import Parameters

ALL_CATEGORIES = "toutes"
FRENCH_DOCUMENTS = ("extrait Kbis", "attestation de vigilance URSSAF",
                    "attestation de régularité fiscale")
OPEN_ORDER_STATUSES = ("envoyée", "confirmée", "partiellement reçue")
COUNTED_ORDER_STATUSES = ("envoyée", "confirmée", "partiellement reçue", "reçue")
VALID, EXPIRED, MISSING = "valide", "expirée", "manquante"
BY_ORGANISATION, BY_LAW = "organisation", "loi"
VIGILANCE = "attestation de vigilance URSSAF"
VIGILANCE_THRESHOLD = "achats.vigilance_seuil_ht"
VIGILANCE_MONTHS = "achats.vigilance_periodicite_mois"
REQUIREMENT_SCHEMA = {"code_fournisseur": pl.String, "type_attestation": pl.String,
                      "validite_mois": pl.Int64, "motif": pl.String, "exigee_par": pl.String}
COMPLETE, INCOMPLETE = "complet", "incomplet"
MONEY = pl.Decimal(38, 2)

SUPPLIER_FILE_TITLES = {
    "dossier": "Dossier", "a_completer": "À compléter", "type_attestation": "Document",
    "exigee": "Exigé", "valable_jusqu_au": "Valable jusqu'au", "etat": "État",
    "expiree_depuis": "Expiré depuis", "validite_mois": "Validité (mois)",
    "prix_net_ht": "Prix net HT", "commandes_ht_eur": "Commandes HT (€)",
    "factures_ht_eur": "Factures HT (€)", "total_ht": "Total HT",
    "total_ht_eur": "Total HT (€)", "designation": "Désignation",
    "ligne_attestation": "Ligne de la feuille Attestations", "exigee_par": "Exigé par",
}


def add_months(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def required_certificates(fournisseurs: pl.DataFrame, exigees: pl.DataFrame) -> pl.DataFrame:
    """(code_fournisseur, type_attestation, validite_mois, motif): each document required of
    each supplier; a requirement for all and one for its category keep the shorter age."""
    suppliers = fournisseurs.select("code_fournisseur", "categorie", "pays")
    required = (
        suppliers.join(exigees.select("type_attestation", "categorie_fournisseur",
                                      "validite_mois", "motif"), how="cross")
        .filter((pl.col("categorie_fournisseur") == ALL_CATEGORIES)
                | (pl.col("categorie_fournisseur") == pl.col("categorie")))
        .filter((pl.col("pays") == "FR") | ~pl.col("type_attestation").is_in(FRENCH_DOCUMENTS))
    )
    return (required.group_by("code_fournisseur", "type_attestation", maintain_order=True)
            .agg(pl.col("validite_mois").min(), pl.col("motif").drop_nulls().first())
            .with_columns(exigee_par=pl.lit(BY_ORGANISATION))
            .sort("code_fournisseur", "type_attestation"))


def vigilance_requirements(fournisseurs: pl.DataFrame, invoices: pl.DataFrame | None,
                           parameters: Parameters, as_of: date) -> pl.DataFrame:
    """(code_fournisseur, type_attestation, validite_mois, motif, exigee_par): the URSSAF
    vigilance certificate that the law requires of each active supplier established in
    France whose purchases HT of the twelve months up to `as_of` (invoices net of credit
    notes, `purchase_invoices.supplier_invoice_totals`) reach the threshold."""
    threshold = parameters.value_or_none(VIGILANCE_THRESHOLD, as_of)
    months = parameters.value_or_none(VIGILANCE_MONTHS, as_of)
    if invoices is None or threshold is None or months is None:
        return pl.DataFrame(schema=REQUIREMENT_SCHEMA)
    since = add_months(as_of, -12)
    bought = (invoices.filter(pl.col("date_facture").is_between(since, as_of, closed="right"))
              .group_by("code_fournisseur").agg(achats=pl.col("total_ht_eur").sum()))
    rows = (fournisseurs.filter((pl.col("pays") == "FR") & (pl.col("statut") == "actif"))
            .select("code_fournisseur").join(bought, on="code_fournisseur")
            .filter(pl.col("achats") >= threshold))
    return pl.DataFrame([{
        "code_fournisseur": code, "type_attestation": VIGILANCE,
        "validite_mois": int(months), "exigee_par": BY_LAW,
        "motif": f"obligation de vigilance : {money(amount)} HT d'achats sur douze mois, "
                 f"au moins {money(Decimal(threshold))} (C. trav. L8222-1, D8222-1, "
                 "D8222-5)",
    } for code, amount in rows.iter_rows()], schema=REQUIREMENT_SCHEMA)


def _valid_until(document_day: date | None, months: int | None, own: date | None
                 ) -> date | None:
    if document_day is not None and months is not None:
        return add_months(document_day, months)
    return own


def certificate_states(fournisseurs: pl.DataFrame, attestations: pl.DataFrame | None,
                       exigees: pl.DataFrame | None, as_of: date,
                       by_law: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per supplier and document, required (by the organisation's sheet, or
    `by_law`: `vigilance_requirements`) or handed in: its latest copy known on the as-of
    date, until when it is valid and its state (valide, expirée, manquante). A document
    required both ways keeps the shorter age and the law as its reason."""
    parts = [required_certificates(fournisseurs, exigees) if exigees is not None
             else pl.DataFrame(schema=REQUIREMENT_SCHEMA)]
    if by_law is not None:
        parts.insert(0, by_law)
    required = (pl.concat([part.select(list(REQUIREMENT_SCHEMA)).cast(REQUIREMENT_SCHEMA)
                           for part in parts])
                .group_by("code_fournisseur", "type_attestation", maintain_order=True)
                .agg(pl.col("validite_mois").min(), pl.col("motif").first(),
                     pl.col("exigee_par").first()))
    documents = pl.DataFrame(schema={"code_fournisseur": pl.String,
                                     "type_attestation": pl.String, "date_document": pl.Date,
                                     "date_validite": pl.Date, "ligne_attestation": pl.Int64})
    if attestations is not None:
        documents = (
            attestations.filter(pl.col("date_document") <= as_of)
            .sort("date_document", ROW_COLUMN)
            .group_by("code_fournisseur", "type_attestation", maintain_order=True)
            .agg(pl.col("date_document").last(), pl.col("date_validite").last(),
                 pl.col(ROW_COLUMN).last().alias("ligne_attestation"))
        )
    known = set(fournisseurs["code_fournisseur"].drop_nulls())
    states = (required.with_columns(exigee=pl.lit(True))
              .join(documents, on=["code_fournisseur", "type_attestation"], how="full",
                    coalesce=True)
              .filter(pl.col("code_fournisseur").is_in(known))
              .with_columns(pl.col("exigee").fill_null(False)))
    until = [
        _valid_until(day, months, own) for day, months, own in
        states.select("date_document", "validite_mois", "date_validite").iter_rows()
    ]
    states = states.with_columns(valable_jusqu_au=pl.Series(until, dtype=pl.Date))
    expired = pl.col("valable_jusqu_au") < as_of
    states = states.with_columns(
        etat=pl.when(pl.col("date_document").is_null()).then(pl.lit(MISSING))
        .when(expired).then(pl.lit(EXPIRED)).otherwise(pl.lit(VALID)),
        expiree_depuis=pl.when(expired).then(pl.col("valable_jusqu_au") + timedelta(days=1)),
    )
    names = fournisseurs.select("code_fournisseur", "raison_sociale", "statut")
    return (states.join(names, on="code_fournisseur", how="left")
            .select("code_fournisseur", "raison_sociale", "statut", "type_attestation",
                    "exigee", "exigee_par", "validite_mois", "motif", "date_document",
                    "valable_jusqu_au",
                    "etat", "expiree_depuis", "ligne_attestation")
            .sort("code_fournisseur", "type_attestation"))


def supplier_certificates(dataset: Dataset, parameters: Parameters, as_of: date
                          ) -> pl.DataFrame:
    """`certificate_states` of the dataset, the law's vigilance requirement included:
    computed once, for the supplier files and their validation."""
    def build() -> pl.DataFrame:
        def frame(name: str) -> pl.DataFrame | None:
            return dataset.frame(name) if name in dataset else None

        invoices = (supplier_invoice_totals(dataset)
                    if "factures_fournisseurs" in dataset
                    and "lignes_facture_fournisseur" in dataset else None)
        suppliers = dataset.frame("fournisseurs")
        return certificate_states(
            suppliers, frame("attestations_fournisseurs"), frame("attestations_exigees"), as_of,
            vigilance_requirements(suppliers, invoices, parameters, as_of))

    return dataset.derived(("fournisseurs", "attestations", as_of), build)


IDENTITY_ITEMS = {  # column → what is missing, as the supplier file says it
    "siren": "SIREN", "numero_tva": "numéro de TVA intracommunautaire", "adresse": "adresse",
    "code_postal": "code postal", "ville": "ville", "iban": "IBAN (règlement par virement)",
}


def missing(column: str) -> pl.Expr:
    """True where the supplier file lacks the identity or payment item `column`: a SIREN in
    France, a VAT number in the EU, each part of the address, an IBAN for a transfer."""
    absent = pl.col(column).is_null()
    needed = {"siren": pl.col("pays") == "FR", "numero_tva": pl.col("zone") == "UE",
              "iban": pl.col("mode_reglement") == "virement"}.get(column)
    return (absent if needed is None else needed & absent).fill_null(False)


def identity_gaps(fournisseurs: pl.DataFrame) -> pl.DataFrame:
    """(code_fournisseur, manque): each missing identity or payment item of a file."""
    frames = [
        fournisseurs.filter(missing(column))
        .select("code_fournisseur", ROW_COLUMN, manque=pl.lit(label))
        for column, label in IDENTITY_ITEMS.items()
    ]
    return pl.concat(frames).sort(ROW_COLUMN).select("code_fournisseur", "manque")


def _certificate_gap(row: dict) -> str:
    if row["etat"] == MISSING:
        return f"{row['type_attestation']} (non remis)"
    return (f"{row['type_attestation']} (plus valable depuis le "
            f"{row['expiree_depuis']:%d/%m/%Y})")


def supplier_files(fournisseurs: pl.DataFrame, states: pl.DataFrame) -> pl.DataFrame:
    """Each supplier's file: complet or incomplet, and what is to complete."""
    gaps = {code: [] for code in fournisseurs["code_fournisseur"]}
    for code, gap in identity_gaps(fournisseurs).iter_rows():
        gaps[code].append(gap)
    lacking = states.filter(pl.col("exigee") & (pl.col("etat") != VALID))
    for row in lacking.iter_rows(named=True):
        gaps.setdefault(row["code_fournisseur"], []).append(_certificate_gap(row))
    codes = fournisseurs["code_fournisseur"].to_list()
    return (
        fournisseurs.select("code_fournisseur", "raison_sociale", "categorie", "statut",
                            "client_lie", ROW_COLUMN)
        .with_columns(
            dossier=pl.Series([INCOMPLETE if gaps.get(c) else COMPLETE for c in codes],
                              dtype=pl.String),
            a_completer=pl.Series(["; ".join(gaps.get(c) or []) or None for c in codes],
                                  dtype=pl.String),
        )
        .select("code_fournisseur", "raison_sociale", "categorie", "statut", "dossier",
                "a_completer", "client_lie", ROW_COLUMN)
        .sort("code_fournisseur", nulls_last=True)
    )


def net_price(price: Decimal | None, discount_pct: Decimal | None) -> Decimal | None:
    """A unit price after its percentage discount, to the cent half-up."""
    return None if price is None else to_cent(net_unit_price(price, discount_pct))


def current_price_list(tarifs: pl.DataFrame, articles: pl.DataFrame | None, as_of: date
                       ) -> pl.DataFrame:
    """The price-list rows valid on the as-of date, with each break's net unit price."""
    valid = tarifs.filter((pl.col("date_debut") <= as_of)
                          & (pl.col("date_fin").is_null() | (pl.col("date_fin") >= as_of)))
    nets = [net_price(p, r) for p, r in valid.select("prix_unitaire_ht", "remise_pct")
            .iter_rows()]
    valid = valid.with_columns(prix_net_ht=pl.Series(nets, dtype=MONEY))
    if articles is not None:
        valid = valid.join(articles.select("reference", "designation"), on="reference",
                           how="left")
    else:
        valid = valid.with_columns(designation=pl.lit(None, dtype=pl.String))
    return valid.select(
        "code_fournisseur", "reference", "designation", "reference_fournisseur",
        "quantite_minimale", "prix_unitaire_ht", "remise_pct", "prix_net_ht", "devise",
        "date_debut", "date_fin", ROW_COLUMN,
    ).sort("code_fournisseur", "reference", "quantite_minimale")


def _line_amount(quantity, price, discount) -> Decimal:
    if quantity is None or price is None:
        return Decimal(0)
    return net_amount(quantity, price, discount)


def order_totals(commandes: pl.DataFrame, lignes: pl.DataFrame,
                 cours: pl.DataFrame | None = None) -> pl.DataFrame:
    """One row per purchase order: its total HT (lines net of discount + shipping) in its
    currency and in euros."""
    per_order: dict[str, Decimal] = {}
    for order, quantity, price, discount in lignes.select(
            "numero_commande", "quantite", "prix_unitaire_ht", "remise_pct").iter_rows():
        per_order[order] = per_order.get(order, Decimal(0)) + _line_amount(quantity, price,
                                                                            discount)
    rates = [] if cours is None else cours.select("date", "devise", "taux").to_dicts()
    totals, euros = [], []
    for order, day, currency, shipping in commandes.select(
            "numero_commande", "date_commande", "devise", "frais_port_ht").iter_rows():
        total = per_order.get(order, Decimal(0)) + to_cent(shipping or Decimal(0))
        totals.append(total)
        rate = Decimal(1) if currency == "EUR" else rate_on(rates, currency, day)
        euros.append(to_cent(total / rate) if rate else None)
    return commandes.select(
        "numero_commande", "date_commande", "code_fournisseur", "date_livraison_prevue",
        "statut", "devise", ROW_COLUMN,
    ).with_columns(total_ht=pl.Series(totals, dtype=MONEY),
                   total_ht_eur=pl.Series(euros, dtype=MONEY))


def purchases_by_month(orders: pl.DataFrame | None, invoices: pl.DataFrame | None,
                       as_of: date) -> pl.DataFrame:
    """(code_fournisseur, mois, commandes_ht_eur, factures_ht_eur): the purchases of each
    month of the as-of year up to the as-of date; drafts and cancelled orders excluded."""
    start = date(as_of.year, 1, 1)
    parts = []
    if orders is not None:
        parts.append(
            orders.filter(pl.col("statut").is_in(COUNTED_ORDER_STATUSES)
                          & pl.col("date_commande").is_between(start, as_of))
            .select("code_fournisseur", mois=pl.col("date_commande").dt.strftime("%Y-%m"),
                    commandes_ht_eur=pl.col("total_ht_eur"),
                    factures_ht_eur=pl.lit(None, dtype=MONEY)))
    if invoices is not None:
        parts.append(
            invoices.filter(pl.col("date_facture").is_between(start, as_of))
            .select("code_fournisseur", mois=pl.col("date_facture").dt.strftime("%Y-%m"),
                    commandes_ht_eur=pl.lit(None, dtype=MONEY),
                    factures_ht_eur=pl.col("total_ht_eur")))
    if not parts:
        return pl.DataFrame(schema={"code_fournisseur": pl.String, "mois": pl.String,
                                    "commandes_ht_eur": MONEY, "factures_ht_eur": MONEY})
    return (pl.concat(parts)
            .group_by("code_fournisseur", "mois")
            .agg(pl.col("commandes_ht_eur").sum().cast(MONEY),
                 pl.col("factures_ht_eur").sum().cast(MONEY))
            .sort("code_fournisseur", "mois"))


def open_orders(orders: pl.DataFrame, as_of: date, expected: pl.DataFrame | None = None
                ) -> pl.DataFrame:
    """The orders sent and not fully received on the as-of date, the oldest first; with
    `expected` (`purchase_orders.still_expected`), only those with something still due."""
    kept = pl.col("statut").is_in(OPEN_ORDER_STATUSES) & (pl.col("date_commande") <= as_of)
    if expected is not None:
        kept &= pl.col("numero_commande").is_in(expected["numero_commande"].implode())
    return (orders.filter(kept)
            .select("numero_commande", "code_fournisseur", "date_commande",
                    "date_livraison_prevue", "statut", "total_ht", "devise", "total_ht_eur",
                    ROW_COLUMN)
            .sort("date_commande", "numero_commande"))
