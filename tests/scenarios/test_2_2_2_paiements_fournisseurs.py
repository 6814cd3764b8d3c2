"""2.2.2 Supplier payments and disputes: the payment schedule by due date, the payment file
(SEPA), the claims.

Hazards: a missed due date, a wrong payment (wrong amount, no invoice, paid twice, a
disputed invoice paid), a cash shortage that needs rescheduling. The demo rows are found
from the figures (the demo's numbers may move when its generator changes): its missed due
date (an invoice due 01/10/2026, unpaid), its payments « à payer » after the as-of date,
those due within a week selected for the SEPA file.
"""

from datetime import date, timedelta
from decimal import Decimal

import polars as pl
import pytest

from pipelines.compute import supplier_payments as sp
from pipelines.compute.invoice_totals import to_cent
from pipelines.documents.sepa import xsd_errors
from pipelines.french import money
from pipelines.law import parameters

BOOK = "achats.xlsx"
PAYMENTS, ALLOCATIONS, INVOICES = ("ReglementsFournisseurs", "LettrageFournisseurs",
                                   "FacturesFournisseurs")


@pytest.fixture(scope="module")
def demo_state(demo) -> sp.SupplierPayments:
    return sp.supplier_payments(demo.dataset, parameters())


def planned_single(state: sp.SupplierPayments, currency: str = "EUR") -> dict:
    """A payment « à payer » that settles exactly one invoice (bon à payer)."""
    counts = state.allocations.group_by("numero_reglement").len()
    single = counts.filter(pl.col("len") == 1)["numero_reglement"]
    rows = (state.allocations
            .filter(pl.col("numero_reglement").is_in(single.implode())
                    & (pl.col("statut_reglement") == "à payer") & (pl.col("type") == "facture")
                    & (pl.col("statut_piece") == "bon à payer")
                    & (pl.col("devise") == currency))
            .sort("date_reglement"))
    assert rows.height, "aucun paiement prévu d'une seule facture"
    return rows.row(0, named=True)


def test_the_demo_missed_due_date_is_a_warning_with_its_days_late(demo, demo_state):
    """2.2.2 Paiements fournisseurs — aléa échéance manquée : la facture de la démonstration
    échue le 01/10/2026 et impayée est signalée à sa date d'échéance, avec ses 60 jours de
    retard, et figure parmi les échus de l'échéancier."""
    overdue = sp.schedule(demo_state).filter(pl.col("tranche") == sp.OVERDUE)
    late = overdue.filter(pl.col("date_echeance") == date(2026, 10, 1)).row(0, named=True)
    found = demo.at(BOOK, INVOICES, f"G{late['_ligne']}")
    assert [issue.code for issue in found] == ["echeance-fournisseur-depassee"]
    assert not found[0].blocking
    assert "60 jours de retard" in found[0].message
    assert late["jours_retard"] == 60 and late["reste_du"] > 0
    assert demo.blocking == []


def test_an_invoice_whose_due_date_passed_before_its_planned_payment(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — aléa échéance manquée : l'échéance d'une facture avancée
    au 20/11/2026 alors que son paiement est prévu plus tard : l'échéance dépassée est
    signalée sur la facture, le paiement prévu en retard sur sa date."""
    target = planned_single(demo_state)
    invoices = workbooks.sheet(BOOK, INVOICES)
    invoice_row = invoices.row_of(target["numero_piece"])
    invoices.set(invoice_row, "date_echeance", date(2026, 11, 20))
    payments = workbooks.sheet(BOOK, PAYMENTS)
    payment_row = payments.row_of(target["numero_reglement"])

    checked = workbooks.validate()

    assert checked.new_findings == sorted([
        invoices.at(invoice_row, "date_echeance", "echeance-fournisseur-depassee"),
        payments.at(payment_row, "date_reglement", "paiement-fournisseur-prevu-en-retard"),
    ])
    late = checked.issue(invoices.at(invoice_row, "date_echeance",
                                     "echeance-fournisseur-depassee"))
    assert "10 jours de retard" in late.message


def test_a_payment_of_the_wrong_amount(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — aléa paiement erroné : un paiement fait de 100 € de plus
    que sa facture est signalé à son montant, avec l'écart."""
    paid = demo_state.payments.filter((pl.col("statut") == "payé") & (pl.col("devise") == "EUR")
                                      & (pl.col("etat") == "lettré")).row(0, named=True)
    payments = workbooks.sheet(BOOK, PAYMENTS)
    row = payments.row_of(paid["numero_reglement"])
    payments.set(row, "montant", float(paid["montant"] + 100))

    checked = workbooks.validate()

    finding = payments.at(row, "montant", "paiement-fournisseur-montant-errone")
    assert checked.new_findings == [finding]
    assert f"écart de {money(Decimal(100))}" in checked.issue(finding).message


def test_a_payment_that_matches_no_invoice(workbooks):
    """2.2.2 Paiements fournisseurs — aléa paiement erroné : un paiement saisi sans aucune
    facture lettrée est signalé à son numéro."""
    payments = workbooks.sheet(BOOK, PAYMENTS)
    row = payments.append({"numero_reglement": "PF-2026-09999", "code_fournisseur": "F0001",
                           "date_reglement": date(2026, 11, 2), "mode": "virement",
                           "montant": 450, "devise": "EUR", "statut": "payé"})

    checked = workbooks.validate()

    finding = payments.at(row, "numero_reglement", "paiement-fournisseur-non-lettre")
    assert checked.new_findings == [finding]


def test_an_invoice_paid_twice(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — aléa paiement erroné : une facture déjà payée reçoit un
    second paiement du même montant : le lettrage en trop est signalé."""
    done = demo_state.invoices.filter((pl.col("etat") == sp.PAID_STATE)
                                      & (pl.col("type") == "facture")
                                      & (pl.col("devise") == "EUR")).row(0, named=True)
    payments = workbooks.sheet(BOOK, PAYMENTS)
    payments.append({"numero_reglement": "PF-2026-09998",
                     "code_fournisseur": done["code_fournisseur"],
                     "date_reglement": date(2026, 11, 27), "mode": "virement",
                     "montant": float(done["total_ttc"]), "devise": "EUR", "statut": "payé"})
    allocations = workbooks.sheet(BOOK, ALLOCATIONS)
    row = allocations.append({"numero_reglement": "PF-2026-09998",
                              "numero_piece": done["numero_piece"],
                              "montant": float(done["total_ttc"])})

    checked = workbooks.validate()

    finding = allocations.at(row, "montant", "facture-fournisseur-payee-deux-fois")
    assert checked.new_findings == [finding]
    assert f"{done['numero_piece']} reçoit" in checked.issue(finding).message


def test_a_disputed_invoice_put_in_a_planned_payment(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — aléa paiement erroné : une facture en litige ajoutée au
    lettrage d'un paiement prévu est signalée (elle doit rester retenue), avec l'écart de
    montant du paiement."""
    disputed = sp.disputed(demo_state).row(0, named=True)
    payments = workbooks.sheet(BOOK, PAYMENTS)
    payment_row = payments.append({
        "numero_reglement": "PF-2026-09997", "code_fournisseur": disputed["code_fournisseur"],
        "date_reglement": date(2026, 12, 10), "mode": "virement",
        "montant": float(disputed["reste_du"]), "devise": "EUR", "statut": "à payer"})
    allocations = workbooks.sheet(BOOK, ALLOCATIONS)
    row = allocations.append({"numero_reglement": "PF-2026-09997",
                              "numero_piece": disputed["numero_piece"],
                              "montant": float(disputed["reste_du"])})

    checked = workbooks.validate()

    expected = allocations.at(row, "numero_piece", "facture-en-litige-payee")
    assert expected in checked.new_findings
    assert payments.at(payment_row, "numero_reglement",
                       "paiement-fournisseur-non-lettre") not in checked.new_findings


def test_a_heavy_week_is_rescheduled_by_moving_a_payment_date(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — aléa trésorerie insuffisante, report : la semaine la
    plus chargée est allégée en reportant de deux semaines son plus gros paiement prévu ;
    l'échéancier de trésorerie se déplace du montant exact."""
    weeks = sp.cash_by_week(demo_state)
    peak = weeks.sort("besoin_eur", descending=True).row(0, named=True)
    start, end = peak["debut_semaine"], peak["debut_semaine"] + timedelta(days=6)
    biggest = (demo_state.payments
               .filter((pl.col("statut") == "à payer")
                       & pl.col("date_reglement").is_between(start, end))
               .sort("montant_eur", descending=True).row(0, named=True))
    payments = workbooks.sheet(BOOK, PAYMENTS)
    row = payments.row_of(biggest["numero_reglement"])
    moved_to = biggest["date_reglement"] + timedelta(days=14)
    payments.set(row, "date_reglement", moved_to)

    checked = workbooks.validate()
    after = checked.management_figure("tresorerie_fournisseurs_semaines")

    def need(frame: pl.DataFrame, monday: date) -> Decimal:
        found = frame.filter(pl.col("debut_semaine") == monday)["besoin_eur"]
        return found[0] if len(found) else Decimal(0)

    later = moved_to - timedelta(days=moved_to.weekday())
    assert need(after, start) == peak["besoin_eur"] - biggest["montant_eur"]
    assert need(after, later) == need(weeks, later) + biggest["montant_eur"]
    assert sum(after["besoin_eur"]) == sum(weeks["besoin_eur"])
    # paying after the due date is shown, not hidden
    late = payments.at(row, "date_reglement", "paiement-fournisseur-prevu-en-retard")
    assert (late in checked.new_findings) == (moved_to > biggest_due(demo_state, biggest))


def biggest_due(state: sp.SupplierPayments, payment: dict) -> date:
    dues = state.allocations.filter(
        pl.col("numero_reglement") == payment["numero_reglement"])["date_echeance"]
    return min(dues)


def test_a_dollar_payment_selected_for_the_sepa_file_is_left_out(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — fichier de virements : un paiement en dollars coché pour
    le fichier SEPA en est écarté, signalé à sa devise ; les autres partent, et le fichier
    respecte le schéma pain.001.001.09."""
    dollars = demo_state.payments.filter((pl.col("statut") == "à payer")
                                         & (pl.col("devise") == "USD")).row(0, named=True)
    payments = workbooks.sheet(BOOK, PAYMENTS)
    row = payments.row_of(dollars["numero_reglement"])
    payments.set(row, "virement_sepa", "oui")
    selected = demo_state.payments.filter(pl.col("virement_sepa").fill_null(False))

    checked = workbooks.validate()

    assert checked.new_findings == [payments.at(row, "devise", "virement-sepa-ecarte")]
    out = workbooks.folder.parent / "virements"
    done = workbooks.agora("virements", str(workbooks.folder), "--sortie", str(out))
    assert done.returncode == 1, done.stderr
    total = sum(selected["montant"])
    assert f"{selected.height} virements pour" in done.stderr
    assert f"ÉCARTÉ {dollars['numero_reglement']} : devise USD" in done.stderr
    files = list(out.glob("virements-*.xml"))
    assert len(files) == 1
    xml = files[0].read_bytes()
    assert xsd_errors(xml) == []
    assert f"<CtrlSum>{total:.2f}</CtrlSum>".encode() in xml


def test_a_week_beyond_the_weekly_ceiling_is_flagged_until_a_payment_moves(workbooks,
                                                                            demo_state):
    """2.2.2 Paiements fournisseurs — aléa trésorerie insuffisante, report : avec un plafond
    de décaissements hebdomadaire (Reglages › plafond_decaissements_hebdo), la semaine la
    plus chargée est une tension de trésorerie : l'excédent exact et le paiement à reporter
    (pas encore échu, le plus gros) sont nommés ; une fois sa date reportée à la semaine
    suivante, la tension disparaît (le report après l'échéance reste signalé, à convenir
    avec le fournisseur)."""
    weeks = sp.cash_by_week(demo_state)
    peak = weeks.sort("besoin_eur", descending=True).row(0, named=True)
    sunday = peak["debut_semaine"] + timedelta(days=6)
    first_due = (demo_state.allocations.group_by("numero_reglement")
                 .agg(pl.col("date_echeance").min()))
    movable = (demo_state.payments
               .filter((pl.col("statut") == "à payer")
                       & pl.col("date_reglement").is_between(peak["debut_semaine"], sunday))
               .join(first_due, on="numero_reglement")
               .filter(pl.col("date_echeance") >= demo_state.as_of)
               .sort("montant_eur", descending=True))
    biggest = movable.row(0, named=True)
    excess = to_cent(biggest["montant_eur"] / 2)
    ceiling = peak["besoin_eur"] - excess
    assert weeks.filter(pl.col("besoin_eur") > ceiling).height == 1
    next_monday = sunday + timedelta(days=1)
    assert need(weeks, next_monday) + biggest["montant_eur"] <= ceiling
    settings = workbooks.sheet("organisation.xlsx", "Reglages")
    settings.set(settings.row_of(sp.WEEKLY_CEILING), "valeur", float(ceiling))
    payments = workbooks.sheet(BOOK, PAYMENTS)
    row = payments.row_of(biggest["numero_reglement"])

    checked = workbooks.validate()

    finding = payments.at(row, "date_reglement", "tension-tresorerie-fournisseurs")
    assert finding in checked.findings
    message = checked.issue(finding).message
    assert f"semaine {peak['semaine']}" in message
    assert f"{money(excess)} au-delà" in message
    assert f"à reporter, pas encore échus : {biggest['numero_reglement']} " in message
    tensions = checked.management_figure("tensions_tresorerie_fournisseurs")
    assert tensions.select("semaine", "depassement_eur", "a_reporter").rows() == [
        (peak["semaine"], excess, biggest["numero_reglement"])]

    payments.set(row, "date_reglement", next_monday)
    moved = workbooks.validate()

    assert finding not in moved.findings
    assert payments.at(row, "date_reglement", "paiement-fournisseur-prevu-en-retard") in (
        moved.new_findings)
    assert not [f for f in moved.findings if f[-1] == "tension-tresorerie-fournisseurs"]
    assert moved.management_figure("tensions_tresorerie_fournisseurs").is_empty()


def need(frame: pl.DataFrame, monday: date) -> Decimal:
    found = frame.filter(pl.col("debut_semaine") == monday)["besoin_eur"]
    return found[0] if len(found) else Decimal(0)


def test_compensation_only_of_what_is_due_and_undisputed_both_ways(workbooks, demo_state):
    """2.2.2 Paiements fournisseurs — compensation (Code civil art. 1347-1) : le fournisseur
    F0006 est aussi le client C0002. Seules des dettes échues et non contestées se
    compensent : ni la facture fournisseur en litige, ni les factures pas encore échues, ni
    la facture client en litige ; quand une facture de chaque côté est échue, la
    compensation est proposée pour le plus petit des deux montants échus."""
    supplier_invoice = (demo_state.invoices
                        .filter((pl.col("code_fournisseur") == "F0006")
                                & (pl.col("statut") == "bon à payer")
                                & (pl.col("reste_du") > 0))
                        .sort("date_echeance").row(0, named=True))
    invoices = workbooks.sheet(BOOK, INVOICES)
    invoices.set(invoices.row_of(supplier_invoice["numero_piece"]), "date_echeance",
                 date(2026, 11, 20))
    suppliers = workbooks.sheet("fournisseurs.xlsx", "Fournisseurs")
    supplier_row = suppliers.row_of("F0006")
    finding = suppliers.at(supplier_row, "client_lie", "compensation-possible")

    only_ours = workbooks.validate()  # C0002's only due invoice is in dispute
    assert finding not in only_ours.findings

    sales = workbooks.sheet("ventes.xlsx", "Factures")
    customer_invoice = "FA-2026-00588"  # C0002, 440,28 €, due 04/12/2026, undisputed
    sales.set(sales.row_of(customer_invoice), "date_echeance", date(2026, 11, 20))
    both = workbooks.validate()

    assert finding in both.new_findings
    message = both.issue(finding).message
    due = supplier_invoice["reste_du_eur"]
    assert f"nous lui devons {money(due)} échus et non contestés" in message
    assert f"il nous doit {money(Decimal('440.28'))} échus hors litige" in message
    assert f"compensable dès maintenant : {money(due)}" in message
