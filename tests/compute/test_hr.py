from datetime import date

from pipelines.compute import hr

from .records import AS_OF, employee, small_dataset, table


def test_present_staff_entered_and_not_gone_at_as_of():
    salaries = table("salaries", [
        employee("S001", "A", "a", "DIR"),
        employee("S002", "B", "b", "DIR", date_sortie=AS_OF),  # leaves on as_of: still there
        employee("S003", "C", "c", "DIR", date_sortie=date(2026, 11, 29)),
        employee("S004", "D", "d", "DIR", date_entree=date(2026, 12, 1)),
        employee("S005", "E", "e", "DIR", date_entree=AS_OF),
    ]).frame
    assert hr.present_staff(salaries, AS_OF)["matricule"].to_list() == ["S001", "S002", "S005"]


def test_headcount_by_service_lists_empty_services():
    dataset = small_dataset()
    headcount = hr.headcount_by_service(
        dataset.frame("salaries"), AS_OF, dataset.frame("services")
    )
    assert headcount.rows() == [
        ("COM", "Commercial", 1),  # S005 has left
        ("DIR", "Direction", 1),
        ("LOG", "Logistique", 2),  # S006 starts in December
        ("QUA", "Qualité", 0),
    ]


def test_an_unknown_service_code_is_still_counted():
    salaries = table("salaries", [employee("S001", "A", "a", "XXX")]).frame
    assert hr.headcount_by_service(salaries, AS_OF).rows() == [("XXX", "XXX", 1)]


def test_directory_has_work_fields_only():
    dataset = small_dataset()
    people = hr.directory(dataset.frame("salaries"), AS_OF, dataset.frame("services"))
    assert not set(people.columns) & dataset["salaries"].sensitive
    assert people["nom"].to_list() == ["Bernard", "Durand", "Martin", "Petit"]
    assert people.row(0, named=True)["service_libelle"] == "Logistique"


def test_org_chart_depth_first_with_levels():
    dataset = small_dataset()
    chart = hr.org_chart(dataset.frame("salaries"), AS_OF, dataset.frame("services"))
    assert chart.select("matricule", "niveau").rows() == [
        ("S001", 0), ("S002", 1), ("S003", 1), ("S004", 2),
    ]


def test_org_chart_shows_a_cycle_of_managers_and_orphans():
    salaries = table("salaries", [
        employee("S001", "A", "a", "DIR", responsable="S002"),
        employee("S002", "B", "b", "DIR", responsable="S001"),
        employee("S003", "C", "c", "DIR", responsable="S999"),  # manager unknown
    ]).frame
    chart = hr.org_chart(salaries, AS_OF)
    assert chart.select("matricule", "niveau", "groupe").rows() == [
        ("S003", 0, hr.ORPHAN_GROUP), ("S001", 0, hr.CYCLE_GROUP), ("S002", 1, hr.CYCLE_GROUP),
    ]


def test_org_chart_puts_the_director_first_and_orphans_apart():
    """The logistics manager left on 27/11: her storekeeper (and his own report) are not put
    above the director, but in the « sans responsable en poste » group, after the chart."""
    salaries = table("salaries", [
        employee("S001", "Morel", "Claire", "DIR", poste="Directrice générale"),
        employee("S002", "Garnier", "Julien", "DIR", responsable="S001"),
        employee("S010", "Chevalier", "Sophie", "LOG", responsable="S001",
                 date_sortie=date(2026, 11, 27)),
        employee("S011", "Blanc", "Hugo", "LOG", responsable="S010"),
        employee("S012", "Aubert", "Léo", "LOG", responsable="S011"),
        employee("S013", "Zola", "Emma", "ADM", responsable="S020"),  # arrives in December
        employee("S020", "Roy", "Inès", "ADM", responsable="S001", date_entree=date(2026, 12, 1)),
    ]).frame
    chart = hr.org_chart(salaries, AS_OF)
    assert chart.select("matricule", "niveau", "groupe", "responsable_nom").rows() == [
        ("S001", 0, hr.MAIN_GROUP, None),
        ("S002", 1, hr.MAIN_GROUP, "Claire Morel"),
        ("S011", 0, hr.ORPHAN_GROUP, "Sophie Chevalier"),
        ("S012", 1, hr.ORPHAN_GROUP, "Hugo Blanc"),
        ("S013", 0, hr.ORPHAN_GROUP, "Inès Roy"),
    ]
    assert chart["ordre"].to_list() == [0, 1, 2, 3, 4]


def test_someone_who_is_their_own_manager_is_a_root():
    salaries = table("salaries", [
        employee("S001", "A", "a", "DIR", responsable="S001"),
        employee("S002", "B", "b", "DIR", responsable="S001"),
    ]).frame
    chart = hr.org_chart(salaries, AS_OF)
    assert chart.select("matricule", "niveau", "groupe").rows() == [
        ("S001", 0, hr.MAIN_GROUP), ("S002", 1, hr.MAIN_GROUP),
    ]


def test_headcount_summary_counts_people_and_occupied_services():
    dataset = small_dataset()
    headcount = hr.headcount_by_service(dataset.frame("salaries"), AS_OF, dataset.frame("services"))
    assert hr.headcount_summary(headcount).rows() == [(4, 3)]  # Qualité is empty
