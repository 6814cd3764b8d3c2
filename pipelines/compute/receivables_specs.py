"""The figures of the receivables: open items, aged balance, dunning, payments.

Every figure comes from one `receivables.Receivables`, computed once per `Inputs`. Each
detail figure keeps ``_ligne``, the Excel row of the first sheet of its ``needs`` (the
invoice's row of Factures, the payment's row of Reglements, the event's row of Relances,
the instalment's row of Echeanciers); the account movements say their sheet in
``feuille``.
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import receivables as r
from pipelines.compute.specs import Inputs, Spec

INVOICES = ("factures", "lignes_facture", "reglements", "lettrage")
PAYMENTS = ("reglements", "lettrage", "factures", "lignes_facture")
OPTIONAL = ("clients", "echeanciers", "relances", "cours_change", "regles_relance")

def state(inputs: Inputs) -> r.Receivables:
    """The receivables of these inputs, computed once."""
    return r.shared(inputs.dataset, inputs.parameters, inputs.as_of)


def _uses(*needed: str) -> tuple[str, ...]:
    return tuple(name for name in OPTIONAL if name not in needed)


TITLES = {
    "raison_sociale": "Client", "statut_client": "Statut du client",
    "type_client": "Type de client", "taux": "Cours (unités pour 1 €)",
    "date_echeance_effective": "Échéance retenue", "total_ttc": "Total TTC (devise)",
    "total_ttc_eur": "Total TTC", "avoirs_eur": "Avoirs", "escompte_eur": "Escompte",
    "regle_eur": "Réglé", "reste_du": "Reste dû (devise)", "reste_du_eur": "Reste dû",
    "echu_eur": "Dont échu", "jours_retard": "Jours de retard", "tranche": "Tranche",
    "niveau_atteint": "Niveau atteint", "date_niveau_atteint": "Date du niveau atteint",
    "derniere_relance": "Dernière relance", "relances": "Relances envoyées",
    "litige": "Litige", "niveau_du": "Niveau dû selon le calendrier",
    "a_envoyer": "Relance à envoyer", "date_prevue": "Date prévue",
    "suspendue": "Relance suspendue (litige)", "taux_penalites_retenu": "Taux des pénalités (%)",
    "origine_taux": "Origine du taux", "penalites": "Pénalités de retard exigibles",
    "indemnite": "Indemnité forfaitaire exigible",
    "factures_en_retard": "Factures en retard, payées ou non",
    "paye_en_retard_eur": "Payé en retard", "date_paiement_retard": "Dernier paiement en retard",
    "penalites_exigibles": "Pénalités exigibles (factures en retard, payées ou non)",
    "indemnites_exigibles": "Indemnités exigibles (factures en retard, payées ou non)",
    "risque": "Risque", "motif_risque": "Motif",
    "montant_a_risque": "Montant à risque",
    "non_echu": "Non échu", "retard_1_30": "1 à 30 jours", "retard_31_60": "31 à 60 jours",
    "retard_61_90": "61 à 90 jours", "retard_plus_90": "Plus de 90 jours",
    "total_du": "Total dû", "solde_crediteur": "Solde créditeur", "solde_net": "Solde net",
    "date_ouverture": "Ouvert le", "date_cloture": "Clos le", "motif": "Motif",
    "reglements_non_affectes": "Règlements non affectés", "trop_percu_eur": "Trop-perçu",
    "avoirs_non_imputes": "Avoirs non imputés",
    "montant_eur": "Montant en euros", "affecte": "Affecté (devise)",
    "non_affecte": "Non affecté (devise)", "non_affecte_eur": "Non affecté", "etat": "État",
    "taux_reglement": "Cours du règlement", "factures": "Factures réglées",
    "montant_affecte": "Montant affecté (devise)",
    "montant_affecte_eur": "Montant affecté au cours du règlement",
    "valeur_factures_eur": "Valeur au cours des factures", "ecart_change": "Écart de change",
    "gain_change": "Gain de change", "perte_change": "Perte de change",
    "echeance": "N° d'échéance", "paye": "Payé (devise)", "reste": "Reste (devise)",
    "reste_eur": "Reste", "en_retard": "En retard",
    "total_echeancier": "Total de l'échéancier (devise)",
    "factures_ouvertes": "Factures ouvertes", "echu": "Échu", "a_risque": "À risque",
    "indemnites": "Indemnités forfaitaires", "relances_a_faire": "Relances à faire",
    "litiges_ouverts": "Litiges ouverts", "soldes_crediteurs": "Soldes créditeurs",
    "reglements_non_lettres": "Règlements non lettrés",
    "date": "Date", "ordre": "Ordre", "nature": "Nature", "piece": "Pièce",
    "libelle": "Libellé", "debit": "Débit", "credit": "Crédit", "solde": "Solde",
    "feuille": "Feuille", "rang": "Rang", "origine": "Origine",
    "ligne_regle": "Ligne de la feuille ReglesRelance",
}
EURO_COLUMNS = (
    "total_ttc_eur", "avoirs_eur", "escompte_eur", "regle_eur", "reste_du_eur", "echu_eur",
    "penalites", "indemnite", "montant_a_risque", "non_echu", "retard_1_30", "retard_31_60",
    "retard_61_90", "retard_plus_90", "total_du", "solde_crediteur", "solde_net",
    "reglements_non_affectes", "trop_percu_eur", "avoirs_non_imputes", "montant_eur",
    "non_affecte_eur", "montant_affecte_eur", "valeur_factures_eur", "ecart_change",
    "gain_change", "perte_change", "reste_eur", "echu", "a_risque", "indemnites",
    "soldes_crediteurs", "debit", "credit", "solde", "paye_en_retard_eur",
    "penalites_exigibles", "indemnites_exigibles",
)


def _spec(name: str, title: str, needs: tuple[str, ...], build) -> Spec:
    return Spec(name, title, needs, build, _uses(*needs), money=EURO_COLUMNS, titles=TITLES)


def _accounts(inputs: Inputs) -> pl.DataFrame:
    return r.accounts_frame(state(inputs))


RECEIVABLES_SPECS: tuple[Spec, ...] = (
    _spec("creances_synthese", "Créances clients : totaux", INVOICES,
          lambda i: r.summary(state(i))),
    _spec("creances_ouvertes", "Factures clients ouvertes", INVOICES,
          lambda i: r.open_items_frame(state(i))),
    _spec("balance_agee", "Balance âgée des clients", INVOICES,
          lambda i: r.aged_balance(state(i))),
    _spec("penalites_exigibles", "Pénalités et indemnités exigibles", INVOICES,
          lambda i: r.claimable_penalties(state(i))),
    _spec("relances_a_faire", "Relances clients à faire cette semaine", INVOICES,
          lambda i: r.dunning_to_do(state(i))),
    _spec("litiges_clients", "Litiges clients", ("relances", *INVOICES),
          lambda i: r.disputes_frame(state(i))),
    _spec("creances_a_risque", "Créances douteuses et irrécouvrables", INVOICES,
          lambda i: r.debts_at_risk(state(i))),
    _spec("soldes_crediteurs", "Soldes créditeurs des clients", PAYMENTS,
          lambda i: r.credit_balances(state(i))),
    _spec("reglements_non_lettres", "Règlements non lettrés ou en excédent", PAYMENTS,
          lambda i: r.unallocated_payments(state(i))),
    _spec("differences_de_change", "Différences de change sur règlements", PAYMENTS,
          lambda i: r.exchange_differences(state(i))),
    _spec("echeanciers_suivi", "Échéanciers : dû, payé, en retard", ("echeanciers", *INVOICES),
          lambda i: r.instalments_frame(state(i))),
    _spec("comptes_clients", "Comptes clients : mouvements et soldes", INVOICES, _accounts),
    _spec("historique_relances", "Relances et litiges clients", ("relances", *INVOICES),
          lambda i: r.events_frame(state(i))),
    _spec("calendrier_relances", "Calendrier de relance appliqué", INVOICES,
          lambda i: r.rules_frame(state(i))),
)
