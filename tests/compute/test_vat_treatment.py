from datetime import date
from decimal import Decimal
from itertools import product

import pytest

from pipelines.compute.invoice_totals import Invoice, InvoiceLine, invoice_totals
from pipelines.compute.vat_treatment import (
    MENTION_PARAMETERS,
    Nature,
    Regime,
    Treatment,
    Zone,
    vat_treatment,
)
from pipelines.law import parameters

D = Decimal
ON = date(2026, 3, 1)


@pytest.mark.parametrize(
    "regime, zone, business, nature, treatment, mention, number_required",
    [
        (Regime.REEL, Zone.FRANCE, True, Nature.BIENS, Treatment.TAXABLE, None, False),
        (Regime.REEL, Zone.FRANCE, False, Nature.SERVICES, Treatment.TAXABLE, None, False),
        (Regime.REEL, Zone.UE, True, Nature.BIENS, Treatment.LIVRAISON_INTRACOMMUNAUTAIRE,
         "Exonération de TVA, art. 262 ter I du CGI", True),
        (Regime.REEL, Zone.UE, True, Nature.SERVICES, Treatment.AUTOLIQUIDATION,
         "Autoliquidation", True),
        (Regime.REEL, Zone.UE, False, Nature.BIENS, Treatment.TAXABLE, None, False),
        (Regime.REEL, Zone.HORS_UE, True, Nature.BIENS, Treatment.EXPORTATION,
         "Exonération de TVA, art. 262 I du CGI", False),
        (Regime.REEL, Zone.HORS_UE, False, Nature.BIENS, Treatment.EXPORTATION,
         "Exonération de TVA, art. 262 I du CGI", False),
        (Regime.REEL, Zone.HORS_UE, True, Nature.SERVICES, Treatment.HORS_CHAMP,
         "TVA non applicable, art. 259-1 du CGI", False),
        (Regime.REEL, Zone.HORS_UE, False, Nature.SERVICES, Treatment.TAXABLE, None, False),
        (Regime.FRANCHISE, Zone.FRANCE, False, Nature.SERVICES, Treatment.FRANCHISE,
         "TVA non applicable, art. 293 B du CGI", False),
        (Regime.FRANCHISE, Zone.UE, True, Nature.BIENS, Treatment.FRANCHISE,
         "TVA non applicable, art. 293 B du CGI", False),
    ],
)
def test_treatment_by_case(regime, zone, business, nature, treatment, mention, number_required):
    result = vat_treatment(regime, zone, business, nature, ON)
    assert result.treatment is treatment
    assert result.mention == mention
    assert result.vat_number_required is number_required
    assert result.rates_apply is (treatment is Treatment.TAXABLE)


def test_every_case_has_a_mention_unless_rates_apply():
    for regime, zone, business, nature in product(Regime, Zone, (True, False), Nature):
        result = vat_treatment(regime, zone, business, nature, ON)
        assert (result.mention is None) is result.rates_apply


def test_mentions_are_dated_parameters_with_their_reference():
    for name in MENTION_PARAMETERS.values():
        dated = parameters().get(name).at(ON)
        assert isinstance(dated.value, str) and dated.value
        assert dated.reference.href.startswith("https://www.legifrance.gouv.fr/")


def test_intra_eu_goods_invoice():
    treatment = vat_treatment(Regime.REEL, Zone.UE, True, Nature.BIENS, ON)
    lines = (InvoiceLine(D("10"), D("25.00"), None), InvoiceLine(D("4"), D("12.35"), None))
    totals = invoice_totals(Invoice(lines, shipping=D("15.00")))
    assert treatment.mention == "Exonération de TVA, art. 262 ter I du CGI"
    assert treatment.vat_number_required
    assert (totals.total_ht, totals.total_vat, totals.total_ttc) == (
        D("314.40"), D("0.00"), D("314.40"),
    )
    assert [(b.rate, b.shipping) for b in totals.vat_bases] == [(None, D("15.00"))]


def test_franchise_invoice():
    treatment = vat_treatment(Regime.FRANCHISE, Zone.FRANCE, False, Nature.SERVICES, ON)
    line = InvoiceLine(D("3.5"), D("45.00"), None, remises=(D("0.10"),))  # 157.50 − 10 %
    totals = invoice_totals(Invoice((line,)))
    assert treatment.mention == "TVA non applicable, art. 293 B du CGI"
    assert not treatment.vat_number_required
    assert (totals.total_ht, totals.total_vat, totals.total_ttc) == (
        D("141.75"), D("0.00"), D("141.75"),
    )


def test_late_payment_parameters():
    params = parameters()
    assert params.value("factures.indemnite_forfaitaire_recouvrement", ON) == D("40")
    assert params.value("factures.penalites_retard_majoration", ON) == D("0.10")
    assert params.value("factures.taux_bce_refinancement", date(2026, 1, 1)) == D("0.0215")
