"""The prospect follow-up figures, checked against counts made by hand.

The small dataset's prospects (tests/compute/records.py), at 30/11/2026:

| code  | zone    | campagne           | étape       | relance    |                      |
|-------|---------|--------------------|-------------|------------|----------------------|
| P0001 | France  | Salon 2026         | intéressé   | 20/11/2026 | 10 days late         |
| P0002 | UE      | —                  | proposition | 30/11/2026 | due on the as-of date |
| P0003 | Hors UE | Salon 2026         | gagné       | 02/11/2026 | won: nothing to do   |
| P0004 | France  | Courriel d'automne | contacté    | 10/12/2026 | later                |
| P0005 | France  | —                  | identifié   | —          | no date (S099)       |
| P0006 | France  | Courriel d'automne | contacté    | 01/12/2026 | tomorrow             |
"""

from datetime import date

from pipelines.compute import prospects

from .records import AS_OF, PROSPECT_CONTACT, PROSPECT_NAME, SCRIPT_NAME, small_dataset, table


def frame():
    return small_dataset().frame("prospects")


def test_by_stage_lists_every_stage_in_pipeline_order():
    assert prospects.by_stage(frame()).rows() == [
        ("identifié", 1), ("contacté", 2), ("intéressé", 1), ("proposition", 1), ("gagné", 1),
        ("perdu", 0),
    ]


def test_by_campaign_named_ones_first_then_those_without():
    assert prospects.by_campaign(frame()).rows() == [
        # campagne, nombre, en_cours, gagnes, perdus
        ("Courriel d'automne", 2, 2, 0, 0),
        ("Salon 2026", 2, 1, 1, 0),
        ("Sans campagne", 2, 2, 0, 0),
    ]


def test_by_zone_france_eu_outside_eu():
    assert prospects.by_zone(frame()).rows() == [
        ("France", 4, 4, 0, 0), ("UE", 1, 1, 0, 0), ("Hors UE", 1, 0, 1, 0),
    ]


def test_campaign_by_stage_pivot():
    pivot = prospects.campaign_stage_pivot(frame())
    assert pivot.columns == ["campagne", *prospects.STAGES, "total"]
    assert pivot.rows() == [
        ("Courriel d'automne", 0, 2, 0, 0, 0, 0, 2),
        ("Salon 2026", 0, 0, 1, 0, 1, 0, 2),
        ("Sans campagne", 1, 0, 0, 1, 0, 0, 2),
    ]


def test_follow_ups_late_then_due_today_then_without_date():
    due = prospects.follow_ups_due(frame(), AS_OF, small_dataset().frame("salaries"))
    assert due.select("code_prospect", "relance", "jours_de_retard", "commercial_nom").rows() == [
        ("P0001", "en retard", 10, "Paul Durand"),
        ("P0002", "à faire ce jour", 0, "Paul Durand"),
        ("P0005", "sans date de relance", None, None),  # S099 is nobody
    ]
    first = due.row(0, named=True)
    assert (first["raison_sociale"], first["contact_nom"], first["_ligne"]) == (
        PROSPECT_NAME, PROSPECT_CONTACT, 2)
    assert due["raison_sociale"][1] == SCRIPT_NAME


def test_a_won_or_lost_prospect_needs_no_follow_up():
    rows = [
        {"code_prospect": "P0001", "raison_sociale": "A", "pays": "FR", "zone": "France",
         "etape": etape, "date_relance": date(2026, 11, 1)}
        for etape in ("gagné", "perdu")
    ]
    assert prospects.follow_ups_due(table("prospects", rows).frame, AS_OF).is_empty()


def test_no_prospect_gives_zeros_and_empty_lists():
    empty = table("prospects", []).frame
    assert prospects.by_zone(empty).rows() == [
        ("France", 0, 0, 0, 0), ("UE", 0, 0, 0, 0), ("Hors UE", 0, 0, 0, 0),
    ]
    assert prospects.by_stage(empty)["nombre"].to_list() == [0] * 6
    assert prospects.by_campaign(empty).is_empty()
    assert prospects.campaign_stage_pivot(empty).is_empty()
    assert prospects.follow_ups_due(empty, AS_OF).is_empty()


def test_summary_counts_prospects_by_state_and_the_call_backs():
    frame = small_dataset().frame("prospects")
    follow_ups = prospects.follow_ups_due(frame, AS_OF)
    assert prospects.summary(frame, follow_ups).rows() == [(6, 5, 1, 0, 3)]
