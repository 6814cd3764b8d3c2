"""Business rules of customer payments, instalments, dunning and disputes.

They read what `pipelines.compute.payments` makes of the lettrage (every row of the sheets,
whatever its date): a payment that settles nothing, an allocation to another customer's
invoice or to a document that cannot be paid, an escompte deducted without right, an
invoice paid beyond its amount, a foreign-currency payment without a rate; and the
instalment plans that do not add up, the dunning sent during a dispute, the dunning rules
out of order, a customer at the litigation stage who is not classed doubtful, and a typed
encours (sheet Clients) that differs from what the customer owes by the sales workbook
(the encours is then computed: the typed one is used only without that workbook).
Every finding is a warning: the amounts are still computed (a wrong allocation is not
applied; a refused escompte stays due), and the pages show them.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import dunning, parties
from pipelines.compute.payments import (
    DRAFT,
    NOT_AN_INVOICE,
    OTHER_CUSTOMER,
    payments_frame,
    settlements,
)
from pipelines.compute.receivables import DOUBTFUL_CUSTOMER, IRRECOVERABLE_CUSTOMER
from pipelines.compute.sales_invoices import invoice_totals_frame
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule

PAYMENT_SHEETS = ("reglements", "lettrage", "factures", "lignes_facture")

PAYMENT_UNMATCHED = define_issue_type(
    "reglement-non-lettre",
    "Règlement affecté à aucune facture",
    "Ce règlement n'est lettré avec aucune facture (feuille Lettrage) et son commentaire ne dit "
    "pas pourquoi : retrouvez la facture qu'il paie, ou indiquez en commentaire qu'il s'agit "
    "d'un acompte ou d'une avance. Il reste au crédit du compte du client.",
    Severity.AVERTISSEMENT,
)
ALLOCATION_OTHER_CUSTOMER = define_issue_type(
    "lettrage-autre-client",
    "Règlement affecté à la facture d'un autre client",
    "Un règlement ne solde que les factures du client qui l'a payé : ce lettrage n'est pas "
    "appliqué, la facture reste due et le montant reste au crédit du payeur. Corrigez le "
    "numéro de facture ou le client du règlement.",
    Severity.AVERTISSEMENT,
)
ALLOCATION_NOT_PAYABLE = define_issue_type(
    "lettrage-piece-non-reglable",
    "Règlement affecté à un avoir ou à un brouillon",
    "Un règlement se lettre avec une facture émise : un avoir se déduit de la facture qu'il "
    "corrige, un brouillon n'est pas encore dû. Ce lettrage n'est pas appliqué ; le montant "
    "reste au crédit du client.",
    Severity.AVERTISSEMENT,
)
ESCOMPTE_REFUSED = define_issue_type(
    "escompte-non-justifie",
    "Escompte déduit sans droit",
    "Le client a déduit un escompte que la facture n'accorde pas, ou après sa date limite, ou "
    "au-delà de son montant : cet escompte n'est pas accepté, la somme reste due et sera "
    "relancée. Réclamez-la au client ou accordez-la par un avoir.",
    Severity.AVERTISSEMENT,
)
INVOICE_OVERPAID = define_issue_type(
    "lettrage-au-dela-de-la-facture",
    "Facture réglée au-delà de son montant",
    "Les montants lettrés sur cette facture, avec l'escompte et les avoirs, dépassent son total "
    "TTC : le trop-perçu reste au crédit du client. Lettrez plutôt le montant dû et laissez "
    "l'excédent du règlement non affecté, ou remboursez-le.",
    Severity.AVERTISSEMENT,
)
PAYMENT_WITHOUT_RATE = define_issue_type(
    "reglement-sans-cours",
    "Règlement en devise sans cours de change",
    "Un règlement dans une autre devise que l'euro a besoin de son cours : indiquez le taux de "
    "change du règlement, ou ajoutez le cours de sa date dans la feuille CoursDeChange. En "
    "attendant, il ne solde aucune facture.",
    Severity.AVERTISSEMENT,
)
ALLOCATION_OTHER_CURRENCY = define_issue_type(
    "lettrage-autre-devise",
    "Règlement dans une autre devise que la facture",
    "Le règlement et la facture ne sont pas dans la même devise : le montant affecté est "
    "converti en euros au cours du règlement, puis dans la devise de la facture à son cours, "
    "sans écart de change. Vérifiez que le montant affecté est bien celui que le client a "
    "voulu payer.",
    Severity.AVERTISSEMENT,
)
PLAN_TOTAL_MISMATCH = define_issue_type(
    "echeancier-total-incoherent",
    "Échéancier qui ne correspond pas à sa facture",
    "Les échéances d'un échéancier doivent totaliser le montant TTC de la facture : corrigez "
    "un montant. Agora répartit les paiements sur les échéances dans l'ordre de leurs dates "
    "et compte le reste à la date d'échéance de la facture.",
    Severity.AVERTISSEMENT,
)
DUNNING_DURING_DISPUTE = define_issue_type(
    "relance-pendant-litige",
    "Relance envoyée pendant un litige",
    "Un litige ouvert sur une facture suspend ses relances jusqu'à sa clôture (litige « clos » "
    "dans la feuille Relances). Vérifiez la date de la relance ou clôturez le litige.",
    Severity.AVERTISSEMENT,
)
DUNNING_RULES_ORDER = define_issue_type(
    "regles-relance-desordonnees",
    "Calendrier de relance dans le désordre",
    "Les niveaux de relance se suivent : relance 1, relance 2, mise en demeure, contentieux. "
    "Chacun est dû au moins autant de jours après l'échéance que le précédent.",
    Severity.AVERTISSEMENT,
)
LITIGATION_NOT_DOUBTFUL = define_issue_type(
    "client-contentieux-non-douteux",
    "Client au contentieux non classé douteux",
    "Une créance transmise au contentieux n'est plus sûre : classez le client « douteux » "
    "(feuille Clients), pour que ses commandes soient surveillées et ses créances comptées "
    "à risque.",
    Severity.AVERTISSEMENT,
)

TYPED_OUTSTANDING_DIFFERS = define_issue_type(
    "encours-saisi-different",
    "Encours saisi différent de ce que le client doit",
    "Avec le classeur des ventes, Agora calcule l'encours de chaque client (le reste dû de "
    "ses factures à la date d'arrêté) et n'utilise pas la colonne encours de la feuille "
    "Clients, qui ne sert que sans ce classeur. L'encours saisi ici ne correspond pas au "
    "montant calculé : videz la cellule, ou retrouvez la facture ou le règlement manquant.",
    Severity.AVERTISSEMENT,
)


def _currency(value) -> str:
    return value or "EUR"


@rule("Un règlement est lettré avec une facture, ou son commentaire dit pourquoi",
      ["reglements", "lettrage"])
def payment_matched(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["reglements"]
    lettered = dataset.frame("lettrage").select("id_reglement").drop_nulls().unique()
    offending = (
        table.frame.filter(pl.col("id_reglement").is_not_null()
                           & pl.col("commentaire").is_null())
        .join(lettered, on="id_reglement", how="anti")
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, PAYMENT_UNMATCHED, "id_reglement",
        lambda r: (
            f"le règlement {r['id_reglement']} du {short_date(r['date_reglement'])} de "
            f"{money(r['montant'], _currency(r['devise']))} ({r['code_client']}) n'est "
            "affecté à aucune facture : il reste au crédit du client"
        ),
    )


def _allocations(dataset: Dataset) -> pl.DataFrame:
    return settlements(dataset).allocations


@rule("Un règlement solde des factures émises de son propre client", PAYMENT_SHEETS)
def allocation_target(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lettrage"]
    allocations = _allocations(dataset)

    def other(r: dict) -> str:
        return (
            f"le règlement {r['id_reglement']} de {r['client_reglement']} est affecté à "
            f"{r['numero_facture']}, facture de {r['client_facture']} : lettrage non appliqué, "
            f"{money(r['montant'], _currency(r['devise_reglement']))} restent au crédit de "
            f"{r['client_reglement']}"
        )

    def unpayable(r: dict) -> str:
        what = "un avoir" if r["motif_rejet"] == NOT_AN_INVOICE else "une facture en brouillon"
        return (
            f"le règlement {r['id_reglement']} est affecté à {r['numero_facture']}, {what} : "
            f"lettrage non appliqué, {money(r['montant'], _currency(r['devise_reglement']))} "
            "restent au crédit du client"
        )

    return report_rows(
        table, allocations.filter(pl.col("motif_rejet") == OTHER_CUSTOMER),
        ALLOCATION_OTHER_CUSTOMER, "numero_facture", other,
    ) + report_rows(
        table, allocations.filter(pl.col("motif_rejet").is_in((NOT_AN_INVOICE, DRAFT))),
        ALLOCATION_NOT_PAYABLE, "numero_facture", unpayable,
    )


@rule("Un escompte n'est déduit que dans les délais et dans la limite de la facture",
      PAYMENT_SHEETS)
def escompte_allowed(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lettrage"]
    refused = _allocations(dataset).filter(pl.col("motif_escompte").is_not_null())

    def message(r: dict) -> str:
        currency = _currency(r["devise_facture"])
        taken = f"escompte de {money(r['escompte'], currency)} déduit sur {r['numero_facture']}"
        if r["escompte_ttc"] is None or r["escompte_ttc"] <= 0:
            why = "la facture n'accorde pas d'escompte"
        elif r["date_limite_escompte"] is None or (
                r["date_reglement"] > r["date_limite_escompte"]):
            limit = (f"la date limite du {short_date(r['date_limite_escompte'])}"
                     if r["date_limite_escompte"] else "la date limite (non renseignée)")
            why = f"règlement du {short_date(r['date_reglement'])}, après {limit}"
        else:
            why = f"au-delà de l'escompte de la facture ({money(r['escompte_ttc'], currency)})"
        return f"{taken} : {why} ; la somme reste due"

    return report_rows(table, refused, ESCOMPTE_REFUSED, "escompte", message)


@rule("Une facture n'est pas réglée au-delà de son montant", PAYMENT_SHEETS)
def invoice_not_overpaid(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lettrage"]
    settled = settlements(dataset)
    overpaid = settled.invoices.filter((pl.col("trop_percu") > 0) & (pl.col("lettrages") > 0))
    valid = pl.col("valide")
    last = (
        settled.allocations.filter(valid)
        .filter(pl.col(ROW_COLUMN) == pl.col(ROW_COLUMN).max().over("numero_facture"))
        .join(overpaid.select("numero_facture", "total_ttc", "trop_percu", "devise"),
              on="numero_facture")
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, last, INVOICE_OVERPAID, "montant",
        lambda r: (
            f"{r['numero_facture']} ({money(r['total_ttc'], _currency(r['devise']))} TTC) est "
            f"réglée au-delà de son montant : le trop-perçu de "
            f"{money(r['trop_percu'], _currency(r['devise']))} reste au crédit de "
            f"{r['client_reglement']}"
        ),
    )


@rule("Un règlement en devise a son cours de change", ["reglements"])
def payment_rate_known(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["reglements"]
    offending = payments_frame(dataset).filter(
        pl.col("devise").is_not_null() & pl.col("taux_reglement").is_null())
    return report_rows(
        table, offending, PAYMENT_WITHOUT_RATE, "taux_change",
        lambda r: (
            f"le règlement {r['id_reglement']} de {money(r['montant'], r['devise'])} n'a pas "
            f"de cours : ni taux de change, ni cours {r['devise']} connu au "
            f"{short_date(r['date_reglement'])} dans la feuille CoursDeChange"
        ),
    )


@rule("Un règlement est lettré avec des factures de sa devise", PAYMENT_SHEETS)
def allocation_currency(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lettrage"]
    offending = _allocations(dataset).filter(
        pl.col("valide") & (pl.col("devise_reglement") != pl.col("devise_facture")))
    return report_rows(
        table, offending, ALLOCATION_OTHER_CURRENCY, "montant",
        lambda r: (
            f"{money(r['montant'], r['devise_reglement'])} du règlement {r['id_reglement']} "
            f"affectés à {r['numero_facture']}, facture en {r['devise_facture']} : soit "
            f"{money(r['regle'], r['devise_facture'])} au cours de la facture"
        ),
    )


@rule("Un échéancier totalise le montant TTC de sa facture",
      ["echeanciers", "factures", "lignes_facture"])
def plan_total(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["echeanciers"]
    invoices = (
        invoice_totals_frame(dataset)
        .filter((pl.col("type") == "facture") & pl.col("total_ttc").is_not_null())
        .unique("numero_facture", keep="first")
        .select("numero_facture", "total_ttc", "devise")
    )
    plans = (
        table.frame.filter(pl.col("numero_facture").is_not_null() & pl.col("montant").is_not_null())
        .group_by("numero_facture")
        .agg(total_echeancier=pl.col("montant").sum(), echeances=pl.len(),
             _ligne=pl.col(ROW_COLUMN).max())
        .join(invoices, on="numero_facture")
        .filter(pl.col("total_echeancier") != pl.col("total_ttc"))
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, plans, PLAN_TOTAL_MISMATCH, "montant",
        lambda r: (
            f"les {r['echeances']} échéances de {r['numero_facture']} totalisent "
            f"{money(r['total_echeancier'], _currency(r['devise']))} pour une facture de "
            f"{money(r['total_ttc'], _currency(r['devise']))} TTC (écart de "
            f"{money(r['total_ttc'] - r['total_echeancier'], _currency(r['devise']))})"
        ),
    )


@rule("Aucune relance n'est envoyée pendant un litige ouvert sur la facture", ["relances"])
def no_dunning_during_dispute(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["relances"]
    events = dunning.events(dataset).filter(pl.col("numero_facture").is_not_null())
    state = (
        events.filter(pl.col("litige").is_in((dunning.OPEN, dunning.CLOSED)))
        .select("numero_facture", pl.col("date").alias("date_litige"),
                pl.col(ROW_COLUMN).alias("ligne_litige"), pl.col("litige").alias("etat_litige"))
    )
    sent = events.filter(pl.col("rang").is_not_null() & pl.col("litige").is_null())
    # the dispute state in force at each dunning: the last dispute event on or before it
    offending = (
        sent.join(state, on="numero_facture")
        .filter((pl.col("date_litige") < pl.col("date"))
                | ((pl.col("date_litige") == pl.col("date"))
                   & (pl.col("ligne_litige") < pl.col(ROW_COLUMN))))
        .sort("date_litige", "ligne_litige")
        .group_by(ROW_COLUMN, maintain_order=True)
        .agg(pl.all().last())
        .filter(pl.col("etat_litige") == dunning.OPEN)
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, DUNNING_DURING_DISPUTE, "niveau",
        lambda r: (
            f"{r['niveau']} du {short_date(r['date'])} sur {r['numero_facture']}, alors qu'un "
            f"litige est ouvert depuis le {short_date(r['date_litige'])}"
        ),
    )


@rule("Les niveaux de relance sont dus dans leur ordre", ["regles_relance"])
def dunning_rules_in_order(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["regles_relance"]
    rules = dunning.dunning_rules(dataset).filter(pl.col("origine") == dunning.SHEET_RULE)
    offending = (
        rules.with_columns(
            precedent=pl.col("niveau").shift(1),
            jours_precedent=pl.col("jours_apres_echeance").shift(1),
        )
        .filter(pl.col("jours_apres_echeance") < pl.col("jours_precedent"))
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, DUNNING_RULES_ORDER, "jours_apres_echeance",
        lambda r: (
            f"« {r['niveau']} » est due {r['jours_apres_echeance']} jours après l'échéance, "
            f"avant « {r['precedent']} » ({r['jours_precedent']} jours)"
        ),
    )


@rule("Un client dont une créance est au contentieux est classé douteux",
      ["relances", "clients", *PAYMENT_SHEETS], uses_as_of=True)
def litigation_customer_doubtful(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["clients"]
    owed = (settlements(dataset, dataset.as_of).invoices
            .filter(pl.col("reste_du") > 0).select("numero_facture", "code_client"))
    litigation = (
        dunning.events(dataset, dataset.as_of)
        .filter(pl.col("niveau") == dunning.LITIGATION)
        .join(owed, on=["numero_facture", "code_client"])
        .group_by("code_client")
        .agg(factures=pl.col("numero_facture").unique().sort().str.join(", "),
             depuis=pl.col("date").min())
    )
    offending = (
        table.frame.filter(~pl.col("statut").is_in((DOUBTFUL_CUSTOMER, IRRECOVERABLE_CUSTOMER)))
        .join(litigation, on="code_client")
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, LITIGATION_NOT_DOUBTFUL, "statut",
        lambda r: (
            f"{r['code_client']} a une créance au contentieux depuis le "
            f"{short_date(r['depuis'])} ({r['factures']}) mais son statut est "
            f"« {r['statut']} »"
        ),
    )


@rule("Un encours saisi dans Clients égale ce que le client doit selon les ventes",
      ["clients", *PAYMENT_SHEETS], uses_as_of=True)
def typed_outstanding_matches(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["clients"]
    if dataset.as_of is None:
        return []
    owed = parties.outstanding(dataset, parameters, dataset.as_of).rename(
        {"encours": "encours_calcule"})
    offending = (
        table.frame.filter(pl.col("encours").is_not_null() & pl.col("code_client").is_not_null())
        .join(owed, on="code_client", how="left")
        .with_columns(pl.col("encours_calcule").fill_null(0))
        .filter(pl.col("encours") != pl.col("encours_calcule"))
        .sort(ROW_COLUMN)
    )
    return report_rows(
        table, offending, TYPED_OUTSTANDING_DIFFERS, "encours",
        lambda r: (f"encours saisi de {money(r['encours'])} ; selon les factures et les "
                   f"règlements au {short_date(dataset.as_of)}, {r['code_client']} doit "
                   f"{money(r['encours_calcule'])} (écart de "
                   f"{money(r['encours'] - r['encours_calcule'])})"),
    )
