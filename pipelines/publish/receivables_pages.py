"""Management pages of the receivables: aged balance, dunning, disputes, debts at risk.

- « Créances clients » (`OVERVIEW_PAGE`): the totals, the aged balance by customer (table
  and chart), the dunning to send this week, the disputes, the doubtful and irrecoverable
  debts, the credit balances, the payments not (wholly) allocated, the late instalments;
- « Factures ouvertes » (`OPEN_ITEMS_PAGE`): every invoice still owed, with its days late,
  its dunning and its late-payment penalties;
- « Règlements clients » (`PAYMENTS_PAGE`): the exchange differences, the instalment plans
  and the dunning calendar.

Every figure has its « expliquer » link (`pipelines.publish.explain`): the rows of the
workbooks it is made of (workbook, sheet, Excel row) and the legal parameters it used.
The pages are built from the figures of `pipelines.compute.receivables_specs` only.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from pipelines.compute import receivables as computing
from pipelines.compute.dunning import DEFAULT_DUNNING_DAYS, SHEET_RULE, WEEK
from pipelines.compute.figures import Computed, Figure
from pipelines.compute.payments import EXCESS, OVER_ALLOCATED, REJECTED, UNMATCHED
from pipelines.dataset import ROW_COLUMN
from pipelines.french import money, number, plural, short_date
from pipelines.issues import Issue, SourceRef
from pipelines.markdown import md, slug, table
from pipelines.publish.charts import horizontal_bars
from pipelines.publish.explain import (
    Explanation,
    Explanations,
    ParameterUse,
    Rows,
    explain_link,
    relative_link,
)
from pipelines.publish.page import (
    WIDE_PAGE,
    Asset,
    Page,
    guarded,
    missing,
    section,
    source_line,
    sources_of,
    whole_euros,
)
from pipelines.publish.parties_pages import (
    CUSTOMER_CODE,
    CUSTOMER_STATUS,
    CUSTOMERS_DIR,
    RECEIVABLES_FILE_FIGURES,
    customer_explanation_id,
    page_by_code,
)

RECEIVABLES_DIR = "gestion/creances"
OVERVIEW_PAGE = f"{RECEIVABLES_DIR}/index.md"
OPEN_ITEMS_PAGE = f"{RECEIVABLES_DIR}/factures-ouvertes.md"
PAYMENTS_PAGE = f"{RECEIVABLES_DIR}/reglements.md"
AGED_CHART = "gestion/graphiques/balance-agee.svg"
OVERVIEW_TITLE = "Créances clients"
OPEN_ITEMS_TITLE = "Factures ouvertes"
PAYMENTS_TITLE = "Règlements clients"

RECEIVABLES_NAV: list[dict] = [{"Créances clients": [
    {"Balance âgée et relances": OVERVIEW_PAGE},
    {OPEN_ITEMS_TITLE: OPEN_ITEMS_PAGE},
    {PAYMENTS_TITLE: PAYMENTS_PAGE},
]}]

OVERVIEW_FIGURES = ("creances_synthese", "balance_agee", "relances_a_faire", "creances_a_risque",
                    "soldes_crediteurs", "reglements_non_lettres", "creances_ouvertes",
                    "comptes_clients")
OPEN_ITEMS_FIGURES = ("creances_ouvertes",)
PAYMENTS_FIGURES = ("differences_de_change", "calendrier_relances")
OPTIONAL_FIGURES = ("litiges_clients", "echeanciers_suivi", "historique_relances")

OPEN_ITEMS_RULE = (
    "Reste dû d'une facture émise à la date d'arrêté : son total TTC, moins les avoirs émis "
    "qui la citent, l'escompte accepté et les règlements lettrés (feuille Lettrage), chacun "
    "en euros au cours de la facture. Un lettrage sur la facture d'un autre client, sur un "
    "avoir ou un brouillon n'est pas appliqué ; un escompte déduit hors délai ou au-delà de "
    "celui de la facture n'est pas accepté (il reste dû).")
ACCOUNT_RULE = (
    "Le compte du client reprend au débit ses factures (total TTC en euros), au crédit ses "
    "avoirs, ses règlements (au cours du jour du règlement pour une devise) et les escomptes "
    "acceptés, puis les écarts de change (gain au débit, perte au crédit). Son solde est le "
    "total dû moins le solde créditeur (règlements non affectés, trop-perçus, avoirs non "
    "imputés).")
PENALTY_RULE = (
    "Pénalités de retard exigibles (Code de commerce, art. L441-10 ; exigibles, pas forcément "
    "réclamées), pour un client professionnel : reste dû en euros × taux annuel × jours de "
    "retard ÷ 365, plus, pour chaque partie payée après l'échéance, montant payé × taux × "
    "jours entre l'échéance et le paiement ÷ 365, arrondi au centime au demi supérieur une "
    "fois par facture (pour un échéancier, chaque échéance depuis sa date). Taux : celui du "
    "contrat (Clients, taux des pénalités), sinon le taux de "
    "refinancement de la BCE en vigueur au 1er janvier ou au 1er juillet du semestre de "
    "l'échéance, majoré de 10 points. S'y ajoute l'indemnité forfaitaire pour frais de "
    "recouvrement (art. D441-5) par facture en retard, payée ou non.")


def sheet_source(figure: Figure, sheet: str) -> SourceRef:
    """The source of `figure` that is the sheet `sheet` (else its first source)."""
    return next((s for s in figure.sources if s.sheet == sheet), figure.sources[0])


def amount(value: Decimal | None) -> str:
    return "—" if value is None else money(value)


def amount_in(value: Decimal | None, currency: str | None) -> str:
    return "—" if value is None else money(value, currency or "EUR")


def days(value: int | None) -> str:
    return plural(value, "jour") if value else "—"


def label(value) -> str:
    text = "" if value is None else str(value)
    return md(text[:1].upper() + text[1:]) if text else "—"


def _total(frame: pl.DataFrame, column: str) -> Decimal:
    return sum((v for v in frame[column].to_list() if v is not None), Decimal(0))


class ReceivablesExplanations(Explanations):
    """The « expliquer » pages of the receivables figures, each built once."""

    def _invoices(self, frame: pl.DataFrame, note: str = "") -> Rows:
        figure = self.figures["creances_ouvertes"]
        return Rows(sheet_source(figure, "Factures"), frame, {
            "numero_facture": "Facture", "code_client": "Client", "date_facture": "Date",
            "date_echeance_effective": "Échéance retenue", "jours_retard": "Jours de retard",
            "total_ttc_eur": "Total TTC", "avoirs_eur": "Avoirs", "escompte_eur": "Escompte",
            "regle_eur": "Réglé", "reste_du_eur": "Reste dû"},
            money=("total_ttc_eur", "avoirs_eur", "escompte_eur", "regle_eur", "reste_du_eur"),
            total=("reste_du_eur",), note=note)

    def _movements(self, frame: pl.DataFrame) -> tuple[Rows, ...]:
        figure = self.figures["comptes_clients"]
        columns = {"date": "Date", "nature": "Nature", "piece": "Pièce", "libelle": "Libellé",
                   "debit": "Débit", "credit": "Crédit"}
        return tuple(
            Rows(sheet_source(figure, sheet), frame.filter(pl.col("feuille") == sheet), columns,
                 money=("debit", "credit"), total=("debit", "credit"),
                 note="Mouvements du compte venant de cette feuille.")
            for sheet in ("Factures", "Reglements", "Lettrage")
            if frame.filter(pl.col("feuille") == sheet).height
        )

    def customer(self, code: str, name: str | None, aged: dict) -> str:
        owed = self.figures["creances_ouvertes"].frame.filter(pl.col(CUSTOMER_CODE) == code)
        account = self.figures["comptes_clients"].frame.filter(pl.col(CUSTOMER_CODE) == code)
        return self.add(Explanation(
            customer_explanation_id(code), f"Ce que doit {code} {name or ''}".strip(),
            f"{OPEN_ITEMS_RULE} Total dû : la somme des restes dus de ses factures ouvertes. "
            f"{ACCOUNT_RULE}",
            rows=(self._invoices(owed, "Factures ouvertes du client."),
                  *self._movements(account)),
            value=(f"{money(aged['total_du'])} dus, solde créditeur "
                   f"{money(aged['solde_crediteur'])}, solde net {money(aged['solde_net'])}"),
            computation="pipelines.compute.receivables.aged_balance",
            back=(OVERVIEW_TITLE, OVERVIEW_PAGE)))

    def aged_total(self, total: Decimal) -> str:
        owed = self.figures["creances_ouvertes"].frame
        return self.add(Explanation(
            "creances/balance-agee", "Balance âgée : total des créances clients",
            f"{OPEN_ITEMS_RULE} Chaque reste dû est classé selon les jours écoulés depuis son "
            "échéance (pour un échéancier, chaque échéance selon sa date) : non échu, 1 à 30, "
            "31 à 60, 61 à 90, plus de 90 jours.",
            rows=(self._invoices(owed),), value=money(total),
            computation="pipelines.compute.receivables.aged_balance",
            back=(OVERVIEW_TITLE, OVERVIEW_PAGE)))

    def _rules_rows(self) -> tuple[Rows, ...]:
        rules = self.figures.get("calendrier_relances")
        if rules is None:
            return ()
        sheet = rules.frame.filter(pl.col("origine") == SHEET_RULE)
        if sheet.is_empty():
            return ()
        return (Rows(sheet_source(rules, "ReglesRelance"),
                     sheet.rename({"ligne_regle": ROW_COLUMN}),
                     {"niveau": "Niveau", "jours_apres_echeance": "Jours après l'échéance"}),)

    def _events_rows(self, frame: pl.DataFrame, note: str) -> tuple[Rows, ...]:
        events = self.figures.get("historique_relances")
        if events is None or frame.is_empty():
            return ()
        return (Rows(sheet_source(events, "Relances"), frame, {
            "date": "Date", "code_client": "Client", "numero_facture": "Facture",
            "niveau": "Niveau", "litige": "Litige", "motif": "Motif"}, note=note),)

    def dunning(self, count: int) -> str:
        to_do = self.figures["relances_a_faire"].frame
        sent = self.figures.get("historique_relances")
        invoices = set(to_do["numero_facture"].to_list())
        events = (sent.frame.filter(pl.col("numero_facture").is_in(list(invoices)))
                  if sent is not None else pl.DataFrame())
        figure = self.figures["relances_a_faire"]
        return self.add(Explanation(
            "creances/relances-a-faire", "Relances à faire cette semaine",
            "Pour chaque facture qui reste due, la relance à envoyer est le niveau qui suit le "
            "dernier niveau envoyé (feuille Relances), quand sa date (échéance retenue + les "
            "jours du calendrier de relance) tombe au plus tard sept jours après la date "
            "d'arrêté. Un litige ouvert suspend les relances de sa facture ; un client "
            "irrécouvrable n'est plus relancé.",
            rows=(Rows(sheet_source(figure, "Factures"), to_do, {
                "numero_facture": "Facture", "code_client": "Client",
                "date_echeance_effective": "Échéance retenue", "jours_retard": "Jours de retard",
                "reste_du_eur": "Reste dû", "niveau_atteint": "Niveau atteint",
                "a_envoyer": "À envoyer", "date_prevue": "Date prévue"},
                money=("reste_du_eur",), total=("reste_du_eur",)),
                *self._rules_rows(),
                *self._events_rows(events, "Relances déjà envoyées sur ces factures.")),
            value=plural(count, "relance"),
            computation="pipelines.compute.receivables.dunning_to_do",
            back=(OVERVIEW_TITLE, OVERVIEW_PAGE)))

    def disputes(self, count: int) -> str:
        disputes = self.figures["litiges_clients"]
        return self.add(Explanation(
            "creances/litiges", "Litiges clients",
            "Les événements de litige de la feuille Relances (colonne litige), par facture : "
            "le litige est ouvert quand le dernier dit « ouvert » ; il suspend les relances de "
            "la facture jusqu'à un événement « clos ».",
            rows=(Rows(sheet_source(disputes, "Relances"), disputes.frame, {
                "code_client": "Client", "numero_facture": "Facture", "litige": "Litige",
                "date_ouverture": "Ouvert le", "date_cloture": "Clos le", "motif": "Motif",
                "reste_du_eur": "Reste dû"}, money=("reste_du_eur",),
                note="Ligne de l'événement d'ouverture."),),
            value=plural(count, "litige ouvert", "litiges ouverts"),
            computation="pipelines.compute.dunning.disputes",
            back=(OVERVIEW_TITLE, OVERVIEW_PAGE)))

    def at_risk(self, total: Decimal) -> str:
        risk = self.figures["creances_a_risque"]
        sent = self.figures.get("historique_relances")
        litigation = (sent.frame.filter(pl.col("niveau") == "contentieux")
                      if sent is not None else pl.DataFrame())
        return self.add(Explanation(
            "creances/a-risque", "Créances douteuses et irrécouvrables",
            "Une créance est douteuse quand le statut de son client est « douteux » (feuille "
            "Clients) ou que sa relance a atteint le contentieux (feuille Relances) ; "
            "irrécouvrable quand le statut du client est « irrécouvrable ». Montant à risque : "
            "ce qu'elle doit encore, TTC.",
            rows=(Rows(sheet_source(risk, "Factures"), risk.frame, {
                "numero_facture": "Facture", "code_client": "Client",
                "statut_client": "Statut du client", "risque": "Risque", "motif_risque": "Motif",
                "montant_a_risque": "Montant à risque"},
                money=("montant_a_risque",), total=("montant_a_risque",)),
                *self._events_rows(litigation, "Créances passées au contentieux.")),
            value=money(total), computation="pipelines.compute.receivables.debts_at_risk",
            back=(OVERVIEW_TITLE, OVERVIEW_PAGE)))

    def payments(self, count: int) -> str:
        payments = self.figures["reglements_non_lettres"]
        return self.add(Explanation(
            "creances/reglements-non-lettres", "Règlements non lettrés ou en excédent",
            "Les règlements datés au plus tard de la date d'arrêté dont le montant n'est pas "
            "entièrement affecté à des factures du même client (feuille Lettrage) : la part "
            "non affectée reste au crédit du client.",
            rows=(Rows(sheet_source(payments, "Reglements"), payments.frame, {
                "id_reglement": "Règlement", "date_reglement": "Date", "code_client": "Client",
                "montant": "Montant", "devise": "Devise", "affecte": "Affecté",
                "non_affecte": "Non affecté", "etat": "État", "commentaire": "Commentaire"}),),
            value=plural(count, "règlement"),
            computation="pipelines.compute.receivables.unallocated_payments",
            back=(OVERVIEW_TITLE, OVERVIEW_PAGE)))

    def instalments(self) -> str:
        plans = self.figures["echeanciers_suivi"]
        return self.add(Explanation(
            "creances/echeanciers", "Échéanciers : dû, payé, en retard",
            "Ce qui est réglé sur une facture (règlements, escompte, avoirs) est imputé sur ses "
            "échéances dans l'ordre de leurs dates ; une échéance dont la date est passée et "
            "qui n'est pas entièrement payée est en retard.",
            rows=(Rows(sheet_source(plans, "Echeanciers"), plans.frame, {
                "numero_facture": "Facture", "echeance": "Échéance",
                "date_echeance": "Date", "montant": "Montant", "paye": "Payé",
                "reste": "Reste", "jours_retard": "Jours de retard"}),),
            computation="pipelines.compute.instalments.due_lines",
            back=(PAYMENTS_TITLE, PAYMENTS_PAGE)))

    def exchange(self, gains: Decimal, losses: Decimal) -> str:
        exchange = self.figures["differences_de_change"]
        account = self.figures["comptes_clients"].frame.filter(
            pl.col("nature").is_in(("gain de change", "perte de change")))
        return self.add(Explanation(
            "creances/differences-de-change", "Différences de change sur règlements",
            "Pour chaque règlement en devise : le montant affecté converti en euros au cours "
            "du règlement, moins la valeur en euros de ce qu'il règle au cours de chaque "
            "facture (arrondis au centime au demi supérieur) ; positif, un gain de change, "
            "négatif, une perte.",
            rows=(Rows(sheet_source(exchange, "Reglements"), exchange.frame, {
                "id_reglement": "Règlement", "date_reglement": "Date", "devise": "Devise",
                "taux_reglement": "Cours", "factures": "Factures",
                "montant_affecte": "Montant affecté", "montant_affecte_eur": "En euros",
                "valeur_factures_eur": "Valeur au cours des factures",
                "ecart_change": "Écart"},
                money=("montant_affecte_eur", "valeur_factures_eur", "ecart_change"),
                total=("ecart_change",)),
                *self._movements(account)),
            value=f"gains {money(gains)}, pertes {money(losses)}",
            computation="pipelines.compute.payments.compute_settlements",
            back=(PAYMENTS_TITLE, PAYMENTS_PAGE)))

    def penalties(self, row: dict) -> str:
        invoice = self.figures["creances_ouvertes"]
        due = row["date_echeance_effective"]
        semester = date(due.year, 1 if due.month <= 6 else 7, 1)
        used = [ParameterUse(computing.RECOVERY_FEE, due)] if row["indemnite"] is not None else []
        if row["origine_taux"] == computing.LEGAL_RATE:
            used = [ParameterUse(computing.ECB_RATE, semester),
                    ParameterUse(computing.ECB_MARGIN, semester), *used]
        frame = invoice.frame.filter(pl.col("numero_facture") == row["numero_facture"])
        return self.add(Explanation(
            f"creances/penalites-{slug(row['numero_facture'])}",
            f"Pénalités de retard de {row['numero_facture']}",
            f"{PENALTY_RULE} Ici : taux de {number(row['taux_penalites_retenu'])} % "
            f"({md(row['origine_taux'])}), {plural(row['jours_retard'], 'jour')} de retard "
            f"depuis le {short_date(due)}.",
            rows=(Rows(sheet_source(invoice, "Factures"), frame, {
                "numero_facture": "Facture", "code_client": "Client",
                "date_echeance_effective": "Échéance retenue", "jours_retard": "Jours de retard",
                "reste_du_eur": "Reste dû", "taux_penalites_retenu": "Taux (%)",
                "penalites": "Pénalités", "indemnite": "Indemnité forfaitaire"},
                money=("reste_du_eur", "penalites", "indemnite")),),
            value=f"{amount(row['penalites'])} et {amount(row['indemnite'])} d'indemnité",
            parameters=tuple(used), computation="pipelines.compute.receivables._penalties",
            back=(OPEN_ITEMS_TITLE, OPEN_ITEMS_PAGE)))


class Links:
    """Links from a page of the receivables to the customer files and explanations."""

    def __init__(self, figures: dict[str, Figure], path: str):
        self.files = page_by_code(figures.get("clients"), CUSTOMER_CODE)
        self.path = path

    def customer(self, code: str | None, name: str | None = None) -> str:
        text = md(f"{code} {name}" if name else code)
        if code in self.files:
            target = relative_link(f"{CUSTOMERS_DIR}/{self.files[code]}.md", self.path)
            return f"[{text}]({target})"
        return text

    def explain(self, explanation_id: str) -> str:
        return explain_link(explanation_id, self.path)


# --- « Créances clients » ---------------------------------------------------------------


def aged_section(aged: Figure, notes: ReceivablesExplanations, links: Links
                 ) -> tuple[str, Asset]:
    frame = aged.frame
    columns = [column for column, _, _ in computing.AGE_BUCKETS]
    rows = [
        [links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         md(CUSTOMER_STATUS.get(r["statut_client"], r["statut_client"] or "—")),
         *[amount(r[c]) for c in columns], f"**{amount(r['total_du'])}**",
         amount(r["solde_crediteur"]) if r["solde_crediteur"] else "—",
         links.explain(notes.customer(r[CUSTOMER_CODE], r["raison_sociale"], r))]
        for r in frame.to_dicts()
    ]
    totals = {c: _total(frame, c) for c in (*columns, "total_du", "solde_crediteur")}
    rows.append(["**Total**", "", *[f"**{amount(totals[c])}**" for c in columns],
                 f"**{amount(totals['total_du'])}**", f"**{amount(totals['solde_crediteur'])}**",
                 links.explain(notes.aged_total(totals["total_du"]))])
    labels = [label for _, label, _ in computing.AGE_BUCKETS]
    chart = Asset(AGED_CHART, horizontal_bars(
        labels, [whole_euros(totals[c]) for c in columns], "euros",
        value_labels=[amount(totals[c]) for c in columns]))
    body = table(["Client", "Statut", *labels, "Total dû", "Solde créditeur", ""], rows,
                 right=list(range(2, len(labels) + 4)))
    chart_link = relative_link(AGED_CHART, OVERVIEW_PAGE)
    return section("Balance âgée", f"![Balance âgée par tranche de retard]({chart_link})",
                   body if frame.height else "Aucune créance ni aucun solde créditeur."), chart


def dunning_section(to_do: Figure, notes: ReceivablesExplanations, links: Links) -> str:
    frame = to_do.frame
    if frame.is_empty():
        return section("Relances à faire cette semaine", "Aucune relance à envoyer.")
    rows = [
        [md(r["numero_facture"]), links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         short_date(r["date_echeance_effective"]), days(r["jours_retard"]),
         amount(r["reste_du_eur"]), label(r["niveau_atteint"]), f"**{label(r['a_envoyer'])}**",
         short_date(r["date_prevue"])]
        for r in frame.to_dicts()
    ]
    return section(
        "Relances à faire cette semaine",
        f"{plural(frame.height, 'relance')} à envoyer d'ici le "
        f"{short_date(notes.as_of + timedelta(days=WEEK))}"
        f" ({links.explain(notes.dunning(frame.height))}). Les niveaux se suivent : relance 1, "
        "relance 2, mise en demeure, contentieux ; une date passée est une relance en retard.",
        table(["Facture", "Client", "Échéance", "Retard", "Reste dû", "Niveau atteint",
               "À envoyer", "Date prévue"], rows, right=[3, 4]))


def disputes_section(disputes: Figure | None, notes: ReceivablesExplanations,
                     links: Links) -> str:
    if disputes is None:
        return section("Litiges", missing("Relances"))
    frame = disputes.frame
    if frame.is_empty():
        return section("Litiges", "Aucun litige.")
    open_count = frame.filter(pl.col("litige") == "ouvert").height
    rows = [
        [md(r["numero_facture"] or "—"), links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         label(r["litige"]), short_date(r["date_ouverture"]), short_date(r["date_cloture"]),
         md(r["motif"] or ""), amount(r["reste_du_eur"]), label(r["niveau_du"])]
        for r in frame.to_dicts()
    ]
    explained = links.explain(notes.disputes(open_count))
    if open_count == 0:
        lead = f"Aucun litige ouvert ({explained})."
    elif open_count == 1:
        lead = f"1 litige ouvert : sa facture n'est pas relancée ({explained})."
    else:
        lead = (f"{number(open_count)} litiges ouverts : leurs factures ne sont pas relancées "
                f"({explained}).")
    return section(
        "Litiges",
        lead,
        table(["Facture", "Client", "Litige", "Ouvert le", "Clos le", "Motif", "Reste dû",
               "Niveau dû hors litige"], rows, right=[6]))


def risk_section(risk: Figure, notes: ReceivablesExplanations, links: Links) -> str:
    frame = risk.frame
    if frame.is_empty():
        return section("Créances douteuses et irrécouvrables", "Aucune créance à risque.")
    total = _total(frame, "montant_a_risque")
    rows = [
        [md(r["numero_facture"]), links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         label(r["risque"]), md(r["motif_risque"]), short_date(r["date_echeance_effective"]),
         days(r["jours_retard"]), label(r["niveau_atteint"]), amount(r["montant_a_risque"])]
        for r in frame.to_dicts()
    ]
    rows.append(["**Total**", "", "", "", "", "", "", f"**{amount(total)}**"])
    return section(
        "Créances douteuses et irrécouvrables",
        f"Montant à risque : **{money(total)}** ({links.explain(notes.at_risk(total))}).",
        table(["Facture", "Client", "Risque", "Motif", "Échéance", "Retard", "Niveau atteint",
               "Montant à risque"], rows, right=[5, 7]))


def credits_section(credits: Figure, aged: Figure, notes: ReceivablesExplanations,
                    links: Links) -> str:
    frame = credits.frame
    if frame.is_empty():
        return section("Soldes créditeurs", "Aucun client n'a de solde créditeur.")
    aged_rows = {r[CUSTOMER_CODE]: r for r in aged.frame.to_dicts()}
    rows = [
        [links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         amount(r["reglements_non_affectes"]), amount(r["trop_percu_eur"]),
         amount(r["avoirs_non_imputes"]), f"**{amount(r['solde_crediteur'])}**",
         links.explain(notes.customer(r[CUSTOMER_CODE], r["raison_sociale"],
                                      aged_rows[r[CUSTOMER_CODE]]))
         if r[CUSTOMER_CODE] in aged_rows else ""]
        for r in frame.to_dicts()
    ]
    return section(
        "Soldes créditeurs",
        "Ce que l'organisation doit à ses clients : part non affectée de leurs règlements, "
        "trop-perçus sur une facture, avoirs qui ne citent aucune de leurs factures. À "
        "rembourser ou à imputer sur une prochaine facture.",
        table(["Client", "Règlements non affectés", "Trop-perçus", "Avoirs non imputés",
               "Solde créditeur", ""], rows, right=[1, 2, 3, 4]))


PAYMENT_STATES = {UNMATCHED: "Sans lettrage", EXCESS: "Excédent",
                  REJECTED: "Lettrage non appliqué",
                  OVER_ALLOCATED: "Lettrage supérieur au règlement"}


def unmatched_section(payments: Figure, notes: ReceivablesExplanations, links: Links) -> str:
    frame = payments.frame
    if frame.is_empty():
        return section("Règlements non lettrés", "Tous les règlements sont lettrés.")
    rows = [
        [md(r["id_reglement"]), short_date(r["date_reglement"]),
         links.customer(r[CUSTOMER_CODE], r["raison_sociale"]), md(r["mode"]),
         amount_in(r["montant"], r["devise"]), amount_in(r["non_affecte"], r["devise"]),
         md(PAYMENT_STATES.get(r["etat"], r["etat"])), md(r["commentaire"] or "")]
        for r in frame.to_dicts()
    ]
    return section(
        "Règlements non lettrés",
        f"{plural(frame.height, 'règlement')} à lettrer ou à justifier "
        f"({links.explain(notes.payments(frame.height))}).",
        table(["Règlement", "Date", "Client", "Mode", "Montant", "Non affecté", "État",
               "Commentaire"], rows, right=[4, 5]))


def late_instalments_section(plans: Figure | None, notes: ReceivablesExplanations,
                             links: Links) -> str:
    if plans is None:
        return section("Échéances en retard", missing("Échéanciers"))
    late = plans.frame.filter(pl.col("en_retard"))
    if late.is_empty():
        return section("Échéances en retard", "Aucune échéance en retard "
                       f"([tous les échéanciers]({relative_link(PAYMENTS_PAGE, OVERVIEW_PAGE)})).")
    rows = [
        [md(r["numero_facture"]), links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         number(r["echeance"]), short_date(r["date_echeance"]),
         amount_in(r["montant"], r["devise"]), amount_in(r["reste"], r["devise"]),
         days(r["jours_retard"])]
        for r in late.to_dicts()
    ]
    return section(
        "Échéances en retard",
        f"{plural(late.height, 'échéance')} en retard ({links.explain(notes.instalments())}).",
        table(["Facture", "Client", "Échéance", "Date", "Montant", "Reste", "Retard"], rows,
              right=[2, 4, 5, 6]))


def overview_files(figures: dict[str, Figure], notes: ReceivablesExplanations,
                   as_of: date) -> list[Page | Asset]:
    links = Links(figures, OVERVIEW_PAGE)
    summary = figures["creances_synthese"].frame.row(0, named=True)
    aged_text, chart = aged_section(figures["balance_agee"], notes, links)
    intro = (
        f"Au {short_date(as_of)} : **{money(summary['total_du'])}** dus par les clients sur "
        f"{plural(summary['factures_ouvertes'], 'facture ouverte', 'factures ouvertes')} "
        f"([la liste]({relative_link(OPEN_ITEMS_PAGE, OVERVIEW_PAGE)})), dont "
        f"{money(summary['echu'])} échus ; {money(summary['a_risque'])} à risque ; "
        f"{plural(summary['relances_a_faire'], 'relance')} à faire cette semaine ; "
        f"{plural(summary['litiges_ouverts'], 'litige ouvert', 'litiges ouverts')} ; soldes "
        f"créditeurs {money(summary['soldes_crediteurs'])}.")
    parts = [
        f"# {OVERVIEW_TITLE}", intro, aged_text,
        dunning_section(figures["relances_a_faire"], notes, links),
        disputes_section(figures.get("litiges_clients"), notes, links),
        risk_section(figures["creances_a_risque"], notes, links),
        credits_section(figures["soldes_crediteurs"], figures["balance_agee"], notes, links),
        unmatched_section(figures["reglements_non_lettres"], notes, links),
        late_instalments_section(figures.get("echeanciers_suivi"), notes, links),
        source_line(sources_of(*(figures.get(n) for n in OVERVIEW_FIGURES + OPTIONAL_FIGURES)),
                    as_of),
    ]
    return [Page(OVERVIEW_PAGE, OVERVIEW_TITLE, "\n\n".join(parts), WIDE_PAGE), chart]


# --- « Factures ouvertes » --------------------------------------------------------------

def open_items_page(figures: dict[str, Figure], notes: ReceivablesExplanations,
                    as_of: date) -> Page:
    owed = figures["creances_ouvertes"]
    links = Links(figures, OPEN_ITEMS_PAGE)
    frame = owed.frame.sort("jours_retard", "reste_du_eur", descending=[True, True])

    def penalty(r: dict) -> str:
        if r["penalites"] is None:
            return "—" if r["origine_taux"] is None else "taux inconnu"
        return f"{amount(r['penalites'])} ({links.explain(notes.penalties(r))})"

    def dunning_text(r: dict) -> str:
        if r["suspendue"]:
            return "suspendue (litige)"
        return label(r["a_envoyer"]) if r["a_envoyer"] else "—"

    rows = [
        [md(r["numero_facture"]), links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         short_date(r["date_facture"]), short_date(r["date_echeance_effective"]),
         days(r["jours_retard"]), amount(r["total_ttc_eur"]), amount(r["reste_du_eur"]),
         label(r["niveau_atteint"]), dunning_text(r), penalty(r), amount(r["indemnite"]),
         label(r["risque"])]
        for r in frame.to_dicts()
    ]
    total = _total(frame, "reste_du_eur")
    body = [
        f"# {OPEN_ITEMS_TITLE}",
        f"{plural(frame.height, 'facture ouverte', 'factures ouvertes')} au "
        f"{short_date(as_of)}, pour **{money(total)}** "
        f"({links.explain(notes.aged_total(total))}), les plus en retard d'abord. Pénalités "
        f"exigibles : {money(_total(frame.drop_nulls('penalites'), 'penalites'))} ; "
        f"indemnités forfaitaires : {money(_total(frame.drop_nulls('indemnite'), 'indemnite'))}"
        " (clients professionnels).",
        PENALTY_RULE,
        table(["Facture", "Client", "Date", "Échéance", "Retard", "Total TTC", "Reste dû",
               "Niveau atteint", "Relance", "Pénalités", "Indemnité", "Risque"], rows,
              right=[4, 5, 6, 9, 10]) if rows else "Aucune facture ouverte.",
        source_line(owed.sources, as_of),
    ]
    return Page(OPEN_ITEMS_PAGE, OPEN_ITEMS_TITLE, "\n\n".join(body), WIDE_PAGE)


# --- « Règlements clients » -------------------------------------------------------------

def exchange_section(exchange: Figure, notes: ReceivablesExplanations, links: Links) -> str:
    frame = exchange.frame
    if frame.is_empty():
        return section("Différences de change", "Aucun règlement en devise.")
    gains, losses = _total(frame, "gain_change"), _total(frame, "perte_change")
    rows = [
        [md(r["id_reglement"]), short_date(r["date_reglement"]),
         links.customer(r[CUSTOMER_CODE], r["raison_sociale"]), md(r["factures"]),
         amount_in(r["montant_affecte"], r["devise"]), number(r["taux_reglement"]),
         amount(r["montant_affecte_eur"]), amount(r["valeur_factures_eur"]),
         amount(r["gain_change"]) if r["gain_change"] else "—",
         amount(r["perte_change"]) if r["perte_change"] else "—"]
        for r in frame.to_dicts()
    ]
    rows.append(["**Total**", "", "", "", "", "", "", "", f"**{amount(gains)}**",
                 f"**{amount(losses)}**"])
    return section(
        "Différences de change",
        f"Gains de change : **{money(gains)}** ; pertes de change : **{money(losses)}** "
        f"({links.explain(notes.exchange(gains, losses))}).",
        table(["Règlement", "Date", "Client", "Factures", "Montant", "Cours",
               "En euros au cours du jour", "Valeur au cours des factures", "Gain", "Perte"],
              rows, right=[4, 5, 6, 7, 8, 9]))


def instalments_section(plans: Figure | None, notes: ReceivablesExplanations,
                        links: Links) -> str:
    if plans is None:
        return section("Échéanciers", missing("Échéanciers"))
    frame = plans.frame
    if frame.is_empty():
        return section("Échéanciers", "Aucun échéancier.")
    rows = [
        [md(r["numero_facture"]), links.customer(r[CUSTOMER_CODE], r["raison_sociale"]),
         number(r["echeance"]), short_date(r["date_echeance"]),
         amount_in(r["montant"], r["devise"]), amount_in(r["paye"], r["devise"]),
         amount_in(r["reste"], r["devise"]),
         f"**{days(r['jours_retard'])}**" if r["en_retard"] else "—",
         "" if r["total_echeancier"] == r["total_ttc"] else
         f"total {amount_in(r['total_echeancier'], r['devise'])} ≠ facture "
         f"{amount_in(r['total_ttc'], r['devise'])}"]
        for r in frame.to_dicts()
    ]
    return section(
        "Échéanciers",
        f"Ce qui est réglé est imputé sur les échéances dans l'ordre de leurs dates "
        f"({links.explain(notes.instalments())}).",
        table(["Facture", "Client", "Échéance", "Date", "Montant", "Payé", "Reste", "Retard",
               "Anomalie"], rows, right=[2, 4, 5, 6, 7]))


def calendar_section(rules: Figure) -> str:
    frame = rules.frame
    from_sheet = frame.filter(pl.col("origine") == SHEET_RULE).height == frame.height
    rows = [[label(r["niveau"]), plural(r["jours_apres_echeance"], "jour")]
            for r in frame.to_dicts()]
    origin = ("Calendrier de la feuille ReglesRelance (organisation.xlsx)." if from_sheet
              else "La feuille ReglesRelance est absente : calendrier par défaut ("
              + ", ".join(f"{level} {days} jours" for level, days in DEFAULT_DUNNING_DAYS.items())
              + ").")
    return section("Calendrier de relance", origin,
                   table(["Niveau", "Dû après l'échéance"], rows, right=[1]))


def payments_page(figures: dict[str, Figure], notes: ReceivablesExplanations,
                  as_of: date) -> Page:
    links = Links(figures, PAYMENTS_PAGE)
    used = [figures.get(name) for name in (*PAYMENTS_FIGURES, "echeanciers_suivi")]
    body = [
        f"# {PAYMENTS_TITLE}",
        exchange_section(figures["differences_de_change"], notes, links),
        instalments_section(figures.get("echeanciers_suivi"), notes, links),
        calendar_section(figures["calendrier_relances"]),
        source_line(sources_of(*used), as_of),
    ]
    return Page(PAYMENTS_PAGE, PAYMENTS_TITLE, "\n\n".join(body), WIDE_PAGE)


def _missing_page(path: str, title: str) -> Page:
    return Page(path, title, f"# {title}\n\n{missing('Ventes (factures, règlements, lettrage)')}")


def receivables_files(computed: Computed, issues: list[Issue]) -> list[Page | Asset]:
    """The receivables pages of the management site, and their « expliquer » pages."""
    figures, as_of = computed.management, computed.as_of
    notes = ReceivablesExplanations(figures, as_of)
    needs = {OVERVIEW_PAGE: OVERVIEW_FIGURES, OPEN_ITEMS_PAGE: OPEN_ITEMS_FIGURES,
             PAYMENTS_PAGE: PAYMENTS_FIGURES + ("comptes_clients",)}

    def page(path: str, title: str, build) -> list[Page | Asset]:
        def built() -> list[Page | Asset]:
            if not all(name in figures for name in needs[path]):
                return [_missing_page(path, title)]
            return build()
        return guarded(computed.failures, needs[path] + OPTIONAL_FIGURES, path, title, as_of,
                       built)

    files = [
        *page(OVERVIEW_PAGE, OVERVIEW_TITLE, lambda: overview_files(figures, notes, as_of)),
        *page(OPEN_ITEMS_PAGE, OPEN_ITEMS_TITLE,
              lambda: [open_items_page(figures, notes, as_of)]),
        *page(PAYMENTS_PAGE, PAYMENTS_TITLE, lambda: [payments_page(figures, notes, as_of)]),
    ]
    if all(name in figures for name in RECEIVABLES_FILE_FIGURES):
        for row in figures["balance_agee"].frame.to_dicts():  # linked from the customer files
            notes.customer(row[CUSTOMER_CODE], row["raison_sociale"], row)
    return files + notes.files()
