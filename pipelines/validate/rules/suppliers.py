"""Business rules of the supplier file (situation 2.1.3).

The identity a supplier's invoices and payments need (a French supplier's SIREN, an EU
supplier's VAT number, a full address, an IBAN for a supplier paid by transfer), the
certificates the organisation requires (sheet AttestationsExigees: missing or out of date
on the as-of date, for an active supplier), and a supplier whose SIREN is a customer's
without the link that allows compensation. The formats and check keys (SIREN, VAT number,
IBAN, BIC) are checked by the schema (``agora:format``); the VAT number's country, the
zone and the postcode by `customers`. A supplier without a file is a foreign key of every
sheet that names it (Articles, Tarifs, CommandesAchat, FacturesFournisseurs…).
"""

from __future__ import annotations

import polars as pl

from pipelines.compute.suppliers import (
    BY_LAW,
    EXPIRED,
    MISSING,
    missing,
    supplier_certificates,
)
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule

SIREN_MISSING = define_issue_type(
    "fournisseur-siren-manquant",
    "Fournisseur français sans SIREN",
    "Un fournisseur établi en France est identifié par son SIREN (neuf chiffres, sur son "
    "extrait Kbis et ses factures) : sans lui, ni son numéro de TVA ni son immatriculation "
    "ne peuvent être vérifiés.",
    Severity.AVERTISSEMENT,
)
EU_SUPPLIER_VAT_MISSING = define_issue_type(
    "fournisseur-ue-sans-tva",
    "Fournisseur de l'UE sans numéro de TVA",
    "Un fournisseur établi dans un autre État membre facture hors taxes et l'organisation "
    "autoliquide la TVA de l'acquisition intracommunautaire : le numéro de TVA du "
    "fournisseur doit figurer au dossier, sur ses factures et sur les bons de commande.",
    Severity.AVERTISSEMENT,
)
ADDRESS_INCOMPLETE = define_issue_type(
    "adresse-fournisseur-incomplete",
    "Adresse du fournisseur incomplète",
    "L'adresse complète (voie, code postal, ville) est imprimée sur les bons de commande et "
    "les courriers de réclamation : complétez la fiche du fournisseur.",
    Severity.AVERTISSEMENT,
)
IBAN_MISSING = define_issue_type(
    "iban-fournisseur-manquant",
    "IBAN manquant pour un règlement par virement",
    "Un fournisseur réglé par virement doit avoir son IBAN au dossier, repris de son relevé "
    "d'identité bancaire : sans lui, aucun virement ne peut lui être préparé.",
    Severity.AVERTISSEMENT,
)
CERTIFICATE_MISSING = define_issue_type(
    "attestation-fournisseur-manquante",
    "Document exigé non remis",
    "L'organisation exige ce document des fournisseurs de cette catégorie (feuille "
    "AttestationsExigees) : demandez-le au fournisseur et enregistrez-le dans la feuille "
    "Attestations.",
    Severity.AVERTISSEMENT,
)
CERTIFICATE_EXPIRED = define_issue_type(
    "attestation-fournisseur-expiree",
    "Document exigé périmé",
    "Le dernier exemplaire remis de ce document n'est plus valable à la date d'arrêté "
    "(âge maximal de la feuille AttestationsExigees, sinon sa date de validité) : demandez "
    "un document à jour au fournisseur.",
    Severity.AVERTISSEMENT,
)
CUSTOMER_NOT_LINKED = define_issue_type(
    "fournisseur-client-non-lie",
    "Fournisseur aussi client, sans lien",
    "Ce fournisseur a le même SIREN qu'un client : indiquez son code client dans la colonne "
    "client_lie, pour que sa fiche montre les deux comptes et qu'une compensation des "
    "dettes et des créances puisse être envisagée.",
    Severity.AVERTISSEMENT,
)


@rule("Un fournisseur établi en France a un SIREN", ["fournisseurs"])
def french_supplier_siren(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["fournisseurs"]
    offending = table.frame.filter(missing("siren"))
    return report_rows(table, offending, SIREN_MISSING, "siren",
                       lambda r: f"{r['raison_sociale']}, établi en France, n'a pas de SIREN")


@rule("Un fournisseur de l'UE hors France a un numéro de TVA", ["fournisseurs"])
def eu_supplier_vat_number(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["fournisseurs"]
    offending = table.frame.filter(missing("numero_tva"))
    return report_rows(table, offending, EU_SUPPLIER_VAT_MISSING, "numero_tva",
                       lambda r: f"{r['raison_sociale']} ({r['pays']}) n'a pas de numéro de "
                                 "TVA intracommunautaire")


ADDRESS_FIELDS = {"adresse": "la voie", "code_postal": "le code postal", "ville": "la ville"}


@rule("L'adresse d'un fournisseur est complète", ["fournisseurs"])
def supplier_address(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["fournisseurs"]
    issues: list[Issue] = []
    filed = table.frame.filter(pl.col("code_fournisseur").is_not_null())
    for field, what in ADDRESS_FIELDS.items():
        offending = filed.filter(missing(field))
        issues += report_rows(table, offending, ADDRESS_INCOMPLETE, field,
                              lambda r, what=what: f"il manque {what} dans l'adresse de "
                                                   f"{r['raison_sociale']}")
    return sorted(issues, key=lambda issue: (issue.source.row or 0, issue.source.column or ""))


@rule("Un fournisseur réglé par virement a un IBAN", ["fournisseurs"])
def transfer_needs_iban(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["fournisseurs"]
    offending = table.frame.filter(missing("iban"))
    return report_rows(table, offending, IBAN_MISSING, "iban",
                       lambda r: f"{r['raison_sociale']} est réglé par virement mais son IBAN "
                                 "n'est pas renseigné")


def _required_by(state: dict) -> str:
    if state["exigee_par"] == BY_LAW:
        return f"exigé par la loi ({state['motif']})"
    return "exigé de ses fournisseurs par l'organisation"


def _age(months: int | None) -> str:
    return f"validité de {months} mois" if months else "date de validité du document"


@rule("Un fournisseur actif a remis les documents exigés (par l'organisation ou par "
      "l'obligation de vigilance), encore valables", ["fournisseurs"], uses_as_of=True)
def required_certificates(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    suppliers = dataset["fournisseurs"]
    documents = dataset["attestations_fournisseurs"] if "attestations_fournisseurs" in dataset \
        else None
    states = supplier_certificates(dataset, parameters, dataset.as_of)
    states = states.filter(pl.col("exigee") & (pl.col("statut") == "actif"))
    rows = dict(suppliers.frame.select("code_fournisseur", ROW_COLUMN).iter_rows())
    as_of = short_date(dataset.as_of)
    issues: list[Issue] = []
    for state in states.filter(pl.col("etat") == MISSING).iter_rows(named=True):
        issues.append(raise_issue(
            CERTIFICATE_MISSING, suppliers.source(rows[state["code_fournisseur"]],
                                                  "code_fournisseur"),
            f"{state['raison_sociale']} n'a remis aucun document « "
            f"{state['type_attestation']} », {_required_by(state)}",
        ))
    for state in states.filter(pl.col("etat") == EXPIRED).iter_rows(named=True):
        column = "date_document" if state["validite_mois"] else "date_validite"
        issues.append(raise_issue(
            CERTIFICATE_EXPIRED, documents.source(state["ligne_attestation"], column),
            f"le document « {state['type_attestation']} » du "
            f"{short_date(state['date_document'])} de {state['raison_sociale']} "
            f"({_age(state['validite_mois'])}) n'est plus valable depuis le "
            f"{short_date(state['expiree_depuis'])} : à renouveler (arrêté au {as_of})"
            + (f" ; {state['motif']}" if state["exigee_par"] == BY_LAW else ""),
        ))
    return issues


@rule("Un fournisseur qui est aussi client porte son code client", ["fournisseurs", "clients"])
def supplier_also_customer(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["fournisseurs"]
    customers = (dataset.frame("clients").filter(pl.col("siren").is_not_null())
                 .group_by("siren").agg(pl.col("code_client").sort().first()))
    offending = (table.frame.filter(pl.col("siren").is_not_null() & pl.col("client_lie").is_null())
                 .join(customers, on="siren", how="inner").sort(ROW_COLUMN))
    return report_rows(table, offending, CUSTOMER_NOT_LINKED, "client_lie",
                       lambda r: f"{r['raison_sociale']} a le SIREN du client "
                                 f"{r['code_client']} : indiquez {r['code_client']} comme client "
                                 "lié")
