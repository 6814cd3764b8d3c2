"""Business rules of supplier payments (situation 2.2.2).

They read what `pipelines.compute.supplier_payments` makes of the sheets
ReglementsFournisseurs, LettrageFournisseurs and FacturesFournisseurs: a payment that
settles no invoice, a payment whose allocations do not add up to its amount, an invoice
paid beyond its amount (paid twice), an allocation to another supplier's invoice, a
disputed invoice paid, a due date missed, a payment planned after the due date, a due date
beyond the legal payment term, a supplier that is also a customer with amounts both ways
(debts due and undisputed both ways: compensation possible), a week whose payments go
beyond the organisation's weekly ceiling (cash shortage: what to postpone), and a payment
selected for the SEPA transfer file that cannot go in it. Every finding is a warning: the
schedule is still computed and the pages show them. A document whose total cannot be
computed (an empty cell of one of its lines, reported by the validation) is left out.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import supplier_payments as sp
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.french import money, short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.validate.rules import report_rows, rule

SHEETS = sp.SHEETS
PAYMENTS, ALLOCATIONS, INVOICES = ("reglements_fournisseurs", "lettrage_fournisseurs",
                                   "factures_fournisseurs")

SUPPLIER_PAYMENT_UNMATCHED = define_issue_type(
    "paiement-fournisseur-non-lettre",
    "Paiement fournisseur affecté à aucune facture",
    "Ce paiement n'est lettré avec aucune facture du fournisseur (feuille "
    "LettrageFournisseurs) : retrouvez la facture qu'il paie et ajoutez la ligne de "
    "lettrage, ou vérifiez qu'il ne s'agit pas d'un paiement en trop.",
    Severity.AVERTISSEMENT,
)
SUPPLIER_PAYMENT_WRONG_AMOUNT = define_issue_type(
    "paiement-fournisseur-montant-errone",
    "Paiement fournisseur d'un autre montant que les pièces lettrées",
    "Les montants lettrés sur ce paiement (factures moins avoirs) ne font pas son montant : "
    "le paiement est erroné, ou une facture manque au lettrage. Corrigez le montant du "
    "paiement ou le lettrage.",
    Severity.AVERTISSEMENT,
)
SUPPLIER_INVOICE_OVERPAID = define_issue_type(
    "facture-fournisseur-payee-deux-fois",
    "Facture fournisseur payée au-delà de son montant",
    "Les paiements lettrés sur cette facture (faits et prévus) dépassent son total TTC : "
    "elle est payée deux fois ou trop. Annulez le paiement prévu, ou réclamez le "
    "remboursement au fournisseur.",
    Severity.AVERTISSEMENT,
)
SUPPLIER_ALLOCATION_OTHER = define_issue_type(
    "lettrage-fournisseur-autre-fournisseur",
    "Paiement affecté à la pièce d'un autre fournisseur",
    "Un paiement ne règle que les pièces du fournisseur payé : ce lettrage n'est pas appliqué "
    "et la pièce reste due. Corrigez le numéro de pièce ou le fournisseur du paiement.",
    Severity.AVERTISSEMENT,
)
DISPUTED_INVOICE_PAID = define_issue_type(
    "facture-en-litige-payee",
    "Facture en litige payée",
    "Une facture « en litige » est retenue tant que la réclamation n'est pas réglée : un "
    "paiement lui est pourtant affecté. Retirez-la du paiement prévu, ou passez-la « bon à "
    "payer » si le litige est clos.",
    Severity.AVERTISSEMENT,
)
SUPPLIER_DUE_DATE_MISSED = define_issue_type(
    "echeance-fournisseur-depassee",
    "Échéance fournisseur dépassée",
    "Une facture « bon à payer » n'est pas payée alors que son échéance est passée : le "
    "fournisseur peut réclamer des pénalités de retard et l'indemnité forfaitaire de "
    "recouvrement. Payez-la au plus vite ou convenez d'un report avec lui.",
    Severity.AVERTISSEMENT,
)
PAYMENT_PLANNED_LATE = define_issue_type(
    "paiement-fournisseur-prevu-en-retard",
    "Paiement prévu après l'échéance",
    "Ce paiement « à payer » est daté après l'échéance de la facture qu'il règle : il partira "
    "en retard. Avancez sa date, ou convenez d'un report avec le fournisseur.",
    Severity.AVERTISSEMENT,
)
LEGAL_TERM_EXCEEDED = define_issue_type(
    "delai-paiement-legal-depasse",
    "Échéance au-delà du délai légal de paiement",
    "Entre professionnels, le délai de paiement convenu ne peut dépasser soixante jours à "
    "compter de la date de la facture, ou quarante-cinq jours fin de mois s'il est "
    "convenu (Code de commerce, article L441-10 I) : cette échéance est au-delà des deux "
    "limites (quarante-cinq jours fin de mois comptés ainsi : date de facture plus "
    "quarante-cinq jours, puis fin de ce mois). Vérifiez la date d'échéance saisie.",
    Severity.AVERTISSEMENT,
)
COMPENSATION_POSSIBLE = define_issue_type(
    "compensation-possible",
    "Fournisseur aussi client : compensation possible",
    "Ce fournisseur est aussi un client (colonne client_lie) : il nous doit de l'argent et "
    "nous lui en devons, des sommes échues et non contestées des deux côtés. Deux dettes "
    "certaines, liquides et exigibles peuvent se compenser (Code civil, articles 1347 et "
    "1347-1) : proposez-lui une compensation plutôt que de payer et d'attendre son "
    "règlement. Les factures en litige et celles pas encore échues n'en font pas partie.",
    Severity.AVERTISSEMENT,
)
SEPA_LEFT_OUT = define_issue_type(
    "virement-sepa-ecarte",
    "Paiement écarté du fichier de virements SEPA",
    "Ce paiement est sélectionné pour le fichier de virements (virement_sepa = oui) mais ne "
    "peut pas y figurer : il n'est pas « à payer », pas un virement, pas en euros, son "
    "montant est nul au centime, son lettrage est faux (aucune facture, un autre montant, "
    "la pièce d'un autre fournisseur) ou il paie une facture « en litige », sa référence "
    "dépasse 140 caractères, ou les coordonnées bancaires sont absentes, invalides ou hors "
    "de la zone SEPA. Il est laissé hors du fichier : payez-le autrement ou corrigez la "
    "ligne.",
    Severity.AVERTISSEMENT,
)

CASH_SHORTAGE = define_issue_type(
    "tension-tresorerie-fournisseurs",
    "Tension de trésorerie : semaine au-delà du plafond de décaissements",
    "Les paiements fournisseurs de cette semaine (paiements « à payer » et échéances sans "
    "paiement prévu) dépassent ce que l'organisation peut décaisser par semaine (réglage "
    "plafond_decaissements_hebdo de la feuille Reglages). Reportez à une semaine suivante "
    "les paiements proposés, pas encore échus (colonne date_reglement), ou convenez d'un "
    "échéancier avec le fournisseur.",
    Severity.AVERTISSEMENT,
)


def _state(dataset: Dataset, parameters: Parameters) -> sp.SupplierPayments:
    return sp.shared(dataset, parameters, dataset.as_of)


@rule("Chaque paiement fournisseur règle des pièces, pour son montant exact", SHEETS,
      uses_as_of=True)
def payments_allocated(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    payments = _state(dataset, parameters).payments
    table = dataset[PAYMENTS]
    unmatched = report_rows(
        table, payments.filter(pl.col("etat") == "non lettré"), SUPPLIER_PAYMENT_UNMATCHED,
        "numero_reglement",
        lambda r: f"le paiement {r['numero_reglement']} de {money(r['montant'], r['devise'])} "
        f"à {r['code_fournisseur']} n'est lettré avec aucune facture")
    wrong = report_rows(
        table, payments.filter(pl.col("etat") == "écart"), SUPPLIER_PAYMENT_WRONG_AMOUNT,
        "montant",
        lambda r: f"le paiement {r['numero_reglement']} est de {money(r['montant'], r['devise'])} "
        f"mais ses pièces lettrées ({r['pieces']}) font {money(r['affecte'], r['devise'])} : "
        f"écart de {money(r['ecart'], r['devise'])}")
    return unmatched + wrong


@rule("Un lettrage fournisseur ne dépasse pas la pièce et reste chez son fournisseur",
      SHEETS, uses_as_of=True)
def allocations_valid(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    allocations = _state(dataset, parameters).allocations
    table = dataset[ALLOCATIONS]
    other = report_rows(
        table, allocations.filter(~pl.col("valide")), SUPPLIER_ALLOCATION_OTHER,
        "numero_piece",
        lambda r: f"le paiement {r['numero_reglement']} ({r['fournisseur_reglement']}) est "
        f"affecté à {r['numero_piece']}, pièce de {r['fournisseur_piece']}")
    over = report_rows(
        table, allocations.filter(pl.col("depassement").is_not_null()),
        SUPPLIER_INVOICE_OVERPAID, "montant",
        lambda r: f"{r['numero_piece']} reçoit {money(r['montant'], r['devise'])} du "
        f"paiement {r['numero_reglement']} ({r['statut_reglement']}) alors qu'il ne lui "
        f"restait que {money(r['montant_piece'] - r['depassement'], r['devise_piece'])} à "
        f"payer : {money(r['depassement'], r['devise_piece'])} de trop")
    disputed = report_rows(
        table, allocations.filter((pl.col("statut_piece") == sp.DISPUTED)
                                  & pl.col("valide")), DISPUTED_INVOICE_PAID, "numero_piece",
        lambda r: f"{r['numero_piece']} est « en litige » mais le paiement "
        f"{r['numero_reglement']} ({r['statut_reglement']}, "
        f"{short_date(r['date_reglement'])}) lui affecte {money(r['montant'], r['devise'])}")
    return other + over + disputed


@rule("Les factures fournisseurs sont payées à l'échéance, dans le délai légal", SHEETS,
      uses_as_of=True)
def due_dates_kept(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    state = _state(dataset, parameters)
    invoices, table = state.invoices, dataset[INVOICES]
    missed = report_rows(
        table, invoices.filter((pl.col("statut") == sp.APPROVED) & (pl.col("type") != "avoir")
                               & (pl.col("reste_du") > 0) & (pl.col("jours_retard") > 0)),
        SUPPLIER_DUE_DATE_MISSED, "date_echeance",
        lambda r: f"{r['numero_piece']} ({r['code_fournisseur']}) échue le "
        f"{short_date(r['date_echeance'])} n'est pas payée : {r['jours_retard']} jours de "
        f"retard, {money(r['reste_du'], r['devise'])} restent dus")
    late_plan = report_rows(
        dataset[PAYMENTS],
        state.allocations.filter((pl.col("statut_reglement") == sp.TO_PAY)
                                 & (pl.col("type") != "avoir") & pl.col("valide")
                                 & (pl.col("date_reglement") > pl.col("date_echeance")))
        .with_columns(pl.col("ligne_reglement").alias(ROW_COLUMN)),
        PAYMENT_PLANNED_LATE, "date_reglement",
        lambda r: f"le paiement {r['numero_reglement']} est prévu le "
        f"{short_date(r['date_reglement'])}, après l'échéance de {r['numero_piece']} "
        f"({short_date(r['date_echeance'])}) : "
        f"{(r['date_reglement'] - r['date_echeance']).days} jours de retard")
    term, end_of_month = state.legal_term_days, state.legal_term_end_of_month_days
    beyond = report_rows(
        table, invoices.filter(pl.col("date_echeance") > pl.col("limite_legale")),
        LEGAL_TERM_EXCEEDED, "date_echeance",
        lambda r: f"{r['numero_piece']} : échéance le {short_date(r['date_echeance'])}, "
        f"{r['delai_jours']} jours après la facture du {short_date(r['date_facture'])} ; "
        f"au plus tard le {short_date(r['limite_legale'])} "
        f"({_limits(term, end_of_month)})")
    return missed + late_plan + beyond


def _limits(term: int | None, end_of_month: int | None) -> str:
    parts = ([] if term is None else [f"{term} jours date de facture"]) + (
        [] if end_of_month is None else [f"{end_of_month} jours fin de mois"])
    return " ou ".join(parts)


@rule("Un fournisseur aussi client : compensation possible", ("fournisseurs", *SHEETS),
      uses_as_of=True)
def compensation_possible(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    found = sp.compensations(_state(dataset, parameters), dataset, parameters)
    return report_rows(
        dataset["fournisseurs"], found, COMPENSATION_POSSIBLE, "client_lie",
        lambda r: f"{r['code_fournisseur']} est aussi le client {r['client_lie']} : nous lui "
        f"devons {money(r['a_payer_exigible_eur'])} échus et non contestés (sur "
        f"{money(r['a_payer_eur'])}), il nous doit {money(r['a_recevoir_exigible_eur'])} "
        f"échus hors litige (sur {money(r['a_recevoir_eur'])}) ; compensable dès "
        f"maintenant : {money(r['compensable_eur'])}")


@rule("Les paiements fournisseurs d'une semaine restent sous le plafond de décaissements",
      SHEETS, uses_as_of=True)
def cash_within_ceiling(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    tensions = sp.cash_tensions(_state(dataset, parameters))
    table = dataset[PAYMENTS]
    return [raise_issue(CASH_SHORTAGE, table.source(r["ligne_a_reporter"], "date_reglement"),
                        _tension_message(r))
            for r in tensions.iter_rows(named=True)]


def _tension_message(r: dict) -> str:
    text = (f"tension de trésorerie semaine {r['semaine']} (du "
            f"{short_date(r['debut_semaine'])}) : {money(r['besoin_eur'])} à payer pour un "
            f"plafond de {money(r['plafond_eur'])}, {money(r['depassement_eur'])} au-delà")
    if not r["a_reporter"]:
        return text + " ; aucun paiement prévu de la semaine n'est reportable sans retard"
    movable = f"{r['a_reporter']} ({money(r['a_reporter_eur'])})"
    if r["suffisant"]:
        return text + f" ; à reporter, pas encore échus : {movable}"
    return text + f" ; reporter {movable}, pas encore échus, ne suffit pas"


@rule("Chaque paiement choisi pour le fichier de virements SEPA peut y figurer", SHEETS)
def sepa_selection_valid(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset[PAYMENTS]
    _, left_out = sp.sepa_selection(dataset)
    return [raise_issue(SEPA_LEFT_OUT, table.source(item.row, item.column),
                        f"{item.numero_reglement} écarté du fichier de virements : "
                        f"{item.reason}")
            for item in left_out]
