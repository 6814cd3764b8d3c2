import polars as pl

from pipelines.compute import compute_all
from pipelines.compute.public import without_sensitive
from pipelines.dataset import Dataset
from pipelines.law import parameters

from .records import (
    AS_OF, PLANTED_ABSENCE_TYPE, PLANTED_IBAN, PLANTED_NIR, PLANTED_STREET, small_dataset,
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
    assert set(computed.staff) == {"annuaire", "organigramme", "effectifs_par_service"}
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
