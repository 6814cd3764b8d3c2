"""The figures of supplier payments (management site): the schedule by due date, the cash
needed by week and the weeks beyond the weekly ceiling, the disputed invoices, the
compensations possible and the payments with their allocation. Every figure comes from
one `supplier_payments.SupplierPayments`, computed once per dataset; each detail figure
keeps ``_ligne`` (the row of FacturesFournisseurs, ReglementsFournisseurs or
Fournisseurs)."""

from __future__ import annotations

from pipelines.compute import supplier_payments as sp
from pipelines.compute.specs import Inputs, Spec

INVOICES = ("factures_fournisseurs", "lignes_facture_fournisseur", "reglements_fournisseurs",
            "lettrage_fournisseurs")
PAYMENTS = ("reglements_fournisseurs", "lettrage_fournisseurs", "factures_fournisseurs",
            "lignes_facture_fournisseur")

TITLES = {
    "tranche": "Tranche d'échéance", "du": "Du", "au": "Au",
    "jours_retard": "Jours de retard", "fournisseur": "Fournisseur",
    "total_ttc": "Total TTC (devise)", "total_ttc_eur": "Total TTC",
    "reste_du": "Reste à payer (devise)", "reste_du_eur": "Reste à payer",
    "prevu": "Paiement prévu (devise)", "non_planifie_eur": "Non planifié",
    "etat": "État", "pieces": "Nombre de pièces", "montant_eur": "Montant en euros",
    "semaine": "Semaine", "debut_semaine": "Lundi", "paiements_prevus_eur": "Paiements prévus",
    "echeances_non_planifiees_eur": "Échéances sans paiement prévu",
    "besoin_eur": "Besoin de trésorerie", "client_lie": "Client lié", "client": "Client",
    "a_payer_eur": "À payer au fournisseur", "a_recevoir_eur": "À recevoir du client",
    "compensable_eur": "Compensable dès maintenant",
    "a_payer_exigible_eur": "Dont échu et non contesté",
    "a_recevoir_exigible_eur": "Dont échu hors litige",
    "plafond_eur": "Plafond hebdomadaire", "depassement_eur": "Au-delà du plafond",
    "a_reporter": "Paiements à reporter", "a_reporter_eur": "Montant reportable",
    "suffisant": "Report suffisant", "ligne_a_reporter": "Ligne du premier paiement à reporter",
    "limite_legale": "Limite légale", "pieces_sans_total": "Pièces sans total calculable",
    "affecte": "Affecté (devise)", "ecart": "Écart (devise)",
    "a_payer_total": "À payer", "echu": "Échu", "cette_semaine": "Cette semaine",
    "ce_mois": "Ce mois-ci (après cette semaine)", "mois_prochain": "Le mois prochain",
    "plus_tard": "Plus tard", "en_litige": "En litige",
    "factures_en_litige": "Factures en litige", "paiements_prevus": "Paiements à faire",
}
EURO_COLUMNS = (
    "total_ttc_eur", "reste_du_eur", "non_planifie_eur", "montant_eur", "paiements_prevus_eur",
    "echeances_non_planifiees_eur", "besoin_eur", "a_payer_eur", "a_recevoir_eur",
    "compensable_eur", "a_payer_total", "echu", "cette_semaine", "ce_mois", "mois_prochain",
    "plus_tard", "en_litige", "a_payer_exigible_eur", "a_recevoir_exigible_eur", "plafond_eur",
    "depassement_eur", "a_reporter_eur",
)
OPTIONAL = ("fournisseurs", "organisation", "reglages")


def state(inputs: Inputs) -> sp.SupplierPayments:
    return sp.shared(inputs.dataset, inputs.parameters, inputs.as_of)


def _spec(name: str, title: str, needs: tuple[str, ...], build,
          uses: tuple[str, ...] = OPTIONAL) -> Spec:
    return Spec(name, title, needs, build, uses, money=EURO_COLUMNS, titles=TITLES)


SUPPLIER_PAYMENT_SPECS: tuple[Spec, ...] = (
    _spec("paiements_fournisseurs_synthese", "Paiements fournisseurs : totaux", INVOICES,
          lambda i: sp.summary(state(i))),
    _spec("echeancier_fournisseurs", "Échéancier des factures fournisseurs", INVOICES,
          lambda i: sp.schedule(state(i))),
    _spec("echeancier_fournisseurs_tranches", "Échéancier fournisseurs par échéance",
          INVOICES, lambda i: sp.schedule_summary(state(i))),
    _spec("tresorerie_fournisseurs_semaines", "Besoin de trésorerie fournisseurs par semaine",
          INVOICES, lambda i: sp.cash_by_week(state(i))),
    _spec("tensions_tresorerie_fournisseurs",
          "Semaines au-delà du plafond de décaissements fournisseurs", INVOICES,
          lambda i: sp.cash_tensions(state(i))),
    _spec("factures_fournisseurs_en_litige", "Factures fournisseurs en litige", INVOICES,
          lambda i: sp.disputed(state(i))),
    _spec("compensations_possibles", "Fournisseurs aussi clients : compensation possible",
          ("fournisseurs", *INVOICES),
          lambda i: sp.compensations(state(i), i.dataset, i.parameters),
          ("organisation", "reglages", "factures", "lignes_facture", "reglements", "lettrage",
           "clients", "relances", "echeanciers")),
    _spec("reglements_fournisseurs_suivi", "Paiements fournisseurs et leur lettrage", PAYMENTS,
          lambda i: sp.payments_frame(state(i))),
)
