from datetime import date
from decimal import Decimal

import polars as pl

from pipelines.compute import compute_all, worktime
from pipelines.compute.public import without_sensitive
from pipelines.compute.run import compute_figures
from pipelines.compute.specs import Inputs, Spec
from pipelines.dataset import Dataset
from pipelines.issues import catalogue
from pipelines.law import parameters

from .records import (
    AS_OF, PLANTED_ABSENCE_TYPE, PLANTED_IBAN, PLANTED_NIR, PLANTED_STREET, dataset,
    small_dataset, small_records,
)

PLANTED = (PLANTED_NIR, PLANTED_IBAN, PLANTED_STREET, PLANTED_ABSENCE_TYPE)


def every_text(frame: pl.DataFrame) -> set[str]:
    texts: set[str] = set()
    for name, dtype in frame.schema.items():
        if dtype == pl.String:
            texts.update(value for value in frame[name].to_list() if value is not None)
    return texts


def test_the_staff_view_has_no_sensitive_column():
    dataset = small_dataset()
    public = without_sensitive(dataset)
    assert {"nir", "iban", "adresse"} <= dataset["salaries"].sensitive
    for name, table in dataset.tables.items():
        assert not set(public.frame(name).columns) & table.sensitive
        assert not public[name].sensitive


def test_staff_figures_hold_no_planted_sensitive_value():
    computed = compute_all(small_dataset(), parameters())
    texts = set().union(*(every_text(figure.frame) for figure in computed.staff.values()))
    assert not any(planted in text for text in texts for planted in PLANTED)
    # …while the management figures do see them, so the check above can fail
    management = set().union(*(every_text(f.frame) for f in computed.management.values()))
    assert PLANTED_STREET in management and PLANTED_ABSENCE_TYPE in management


def test_figures_carry_their_provenance_and_audience():
    computed = compute_all(small_dataset(), parameters())
    assert computed.as_of == AS_OF
    assert computed.staff["annuaire"].provenance == (
        "personnel.xlsx › Salariés, organisation.xlsx › Services"
    )
    assert computed.management["stock_niveaux"].sources[0].sheet == "Articles"
    assert [audience for audience, _ in computed.by_audience()].count("gestion") == len(
        computed.management
    )


def test_missing_sheets_leave_their_figures_out():
    dataset = small_dataset()
    partial = Dataset({"salaries": dataset["salaries"]}, dataset.as_of)
    computed = compute_all(partial, parameters())
    assert set(computed.staff) == {"annuaire", "organigramme", "effectifs_par_service",
                                   "effectifs_synthese"}
    assert computed.management == {}
    assert computed.staff["annuaire"].provenance == "personnel.xlsx › Salariés"


def test_same_inputs_same_figures():
    first = compute_all(small_dataset(), parameters())
    second = compute_all(small_dataset(), parameters())
    for (_, a), (_, b) in zip(first.by_audience(), second.by_audience(), strict=True):
        assert a.frame.equals(b.frame)


def test_prospect_figures_are_for_the_management_site_only():
    computed = compute_all(small_dataset(), parameters())
    names = {"prospects_relances", "prospects_par_etape", "prospects_par_campagne",
             "prospects_par_zone", "prospects_campagne_etape"}
    assert names <= set(computed.management)
    assert not [name for name in computed.staff if "prospect" in name]
    follow_ups = computed.management["prospects_relances"]
    assert follow_ups.provenance == "clients.xlsx › Prospects, personnel.xlsx › Salariés"
    assert follow_ups.title_of("jours_de_retard") == "Jours de retard"
    assert computed.management["prospects_campagne_etape"].title_of("intéressé") == "Intéressé"
    assert computed.management["prospects_par_zone"].provenance == "clients.xlsx › Prospects"


def test_a_timesheet_row_before_the_parameters_does_not_stop_the_figures():
    records = small_records()
    records["pointages"].append({"matricule": "S002", "date": date(2010, 3, 1), "heures": "45"})
    computed = compute_all(dataset(AS_OF, **records), parameters())
    assert computed.failures == {}
    summary = computed.management["heures_supplementaires_synthese"].frame
    assert summary.rows() == [(Decimal("7.5"), 1)]  # the 2010 week is not counted
    assert "2010-03" in computed.management["heures_par_salarie_et_mois"].frame.columns


def test_a_figure_that_fails_becomes_an_issue_and_the_others_are_computed(monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division par zéro")

    monkeypatch.setattr(worktime, "weekly_overtime", broken)
    computed = compute_all(small_dataset(), parameters())

    failed = {"heures_supplementaires", "heures_supplementaires_par_mois",
              "heures_supplementaires_synthese"}
    assert set(computed.failures) == failed
    assert not failed & set(computed.management)
    assert {"heures_par_mois", "stock_niveaux", "clients"} <= set(computed.management)
    issue = computed.failures["heures_supplementaires"]
    assert issue.flat() == ("temps.xlsx", "Pointages", None, "calcul-en-echec")
    assert not issue.blocking
    assert "« Heures par semaine et heures supplémentaires » a échoué" in issue.message
    assert "ZeroDivisionError" in issue.message
    assert computed.issues == list(computed.failures.values())
    assert "calcul-en-echec" in {issue_type.code for issue_type in catalogue()}


def test_a_failing_spec_never_raises():
    failing = Spec("essai", "Essai", ("clients",), lambda inputs: inputs.frame("absente").height)
    figures, failures = compute_figures(Inputs(small_dataset(), parameters()), (failing,))
    assert figures == {} and failures["essai"].code == "calcul-en-echec"


def test_computed_knows_the_workbooks_read():
    computed = compute_all(small_dataset(), parameters())
    assert computed.workbooks == ("organisation.xlsx", "personnel.xlsx", "clients.xlsx",
                                  "fournisseurs.xlsx", "stock.xlsx", "temps.xlsx",
                                  "communication.xlsx")
