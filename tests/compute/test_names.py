import polars as pl

from pipelines.compute.names import with_employee_name, with_first_and_last_name

from .records import employee, table


def salaries() -> pl.DataFrame:
    return table("salaries", [
        employee("S001", "Martin", "Claire", "DIR"),
        {**employee("S002", "Durand", "Paul", "COM"), "prenom": None},
        employee("S001", "Doublon", "Ligne", "DIR"),  # a repeated matricule: the first row
    ]).frame


def test_the_name_of_the_matricule_in_any_column():
    frame = pl.DataFrame({"auteur": ["S002", "S001", "S999", None]})
    named = with_employee_name(frame, salaries(), "auteur", "auteur_nom")
    assert named.rows() == [("S002", "Durand"), ("S001", "Claire Martin"), ("S999", None),
                            (None, None)]


def test_first_and_last_name_apart_and_no_sheet_no_name():
    frame = pl.DataFrame({"matricule": ["S001"]})
    assert with_first_and_last_name(frame, salaries()).rows() == [("S001", "Martin", "Claire")]
    assert with_employee_name(frame, None, "matricule", "nom_complet").rows() == [("S001", None)]
