"""The messages name the spreadsheet hazard and say what to do, in French."""

from datetime import datetime

from pipelines.issues import SourceRef
from pipelines.validate.package import FieldSpec
from pipelines.validate.type_errors import type_error

CELL = SourceRef("personnel.xlsx", "Salariés", 7, "F")


def diagnose(raw, spec: FieldSpec, excel_error: bool = False):
    issue = type_error(CELL, raw, spec, excel_error)
    return issue.code, issue.message


def test_french_decimal_comma():
    assert diagnose("1 234,56", FieldSpec("montant", "number")) == (
        "virgule-decimale",
        "« 1 234,56 » : écrivez 1234.56 ou saisissez un nombre (virgule décimale lue comme du texte)",
    )


def test_text_in_a_number_cell():
    assert diagnose("abc", FieldSpec("montant", "number")) == ("type-invalide", "« abc » n'est pas un nombre")


def test_date_typed_as_text():
    code, message = diagnose("12/03/2026", FieldSpec("date_entree", "date"))
    assert code == "date-en-texte"
    assert "écrivez 2026-03-12" in message


def test_leading_zero_lost_in_a_code_column():
    code, message = diagnose(1000.0, FieldSpec("code_postal", "string", constraints=(("pattern", "^[0-9]{5}$"),)))
    assert code == "zero-de-tete-perdu"
    assert message.startswith("« 1000 » : le zéro de tête a été perdu (attendu 01000)")
    assert "format Texte" in message


def test_leading_zero_lost_in_a_siren():
    code, message = diagnose(12345674.0, FieldSpec("siren", "string", business_format="siren"))
    assert (code, "attendu 012345674" in message) == ("zero-de-tete-perdu", True)


def test_a_number_where_text_is_expected_without_a_code_length():
    assert diagnose(123.0, FieldSpec("nom", "string"))[0] == "type-invalide"


def test_excel_error_value():
    assert diagnose("#DIV/0!", FieldSpec("montant", "number"), excel_error=True) == (
        "erreur-excel",
        "la cellule affiche l'erreur #DIV/0! : corrigez la formule ou la valeur dont elle dépend",
    )


def test_sensitive_values_are_masked():
    nir = FieldSpec("nir", "string", sensitive=True, business_format="nir", constraints=(("pattern", "[0-9]{15}"),))
    _, message = diagnose(185057800608491.0, nir)
    assert "185057800608491" not in message and "« 1 85 05 … »" in message


def test_boolean_says_which_words_to_use():
    spec = FieldSpec("cadre", "boolean", true_values=("oui",), false_values=("non",))
    assert diagnose("peut-être", spec)[1] == "« peut-être » n'est pas une valeur admise : écrivez oui ou non"


def test_a_date_with_a_time():
    assert diagnose(datetime(2026, 3, 13, 14, 30), FieldSpec("jour", "date"))[1] == (
        "« 13/03/2026 14:30 » comporte une heure : la colonne attend une date seule"
    )


POSTCODE = FieldSpec("code_postal", "string", constraints=(("pattern", "^[0-9A-Z][0-9A-Z -]{1,9}$"),))


def test_a_french_postcode_typed_as_a_number_lost_its_zero():
    issue = type_error(CELL, 1000.0, POSTCODE, False, "FR")
    assert issue.code == "zero-de-tete-perdu"
    assert "(attendu 01000)" in issue.message


def test_a_foreign_postcode_typed_as_a_number_lost_nothing():
    for country in ("BE", "CH", None):
        issue = type_error(CELL, 1000.0, POSTCODE, False, country)
        assert (issue.code, issue.message) == ("type-invalide", (
            "« 1000 » est un nombre, mais la colonne attend du texte : mettez la colonne au "
            "format Texte et ressaisissez la valeur"))


def test_a_german_postcode_typed_as_a_number_lost_its_zero():
    assert "(attendu 01067)" in type_error(CELL, 1067.0, POSTCODE, False, "DE").message


def test_a_french_postcode_too_long_to_have_lost_a_zero():
    assert type_error(CELL, 690070.0, POSTCODE, False, "FR").code == "type-invalide"
    delivery = FieldSpec("code_postal_livraison", "string", constraints=POSTCODE.constraints)
    assert type_error(CELL, 6900.0, delivery, False, "FR").message.startswith(
        "« 6900 » : le zéro de tête a été perdu (attendu 06900)")


def test_the_country_only_speaks_for_postcode_columns():
    other = FieldSpec("reference", "string", constraints=POSTCODE.constraints)
    assert type_error(CELL, 1000.0, other, False, "FR").code == "type-invalide"


def test_zeros_are_only_suggested_when_the_pattern_accepts_them():
    leading = FieldSpec("compte", "string", constraints=(("pattern", "^0[0-9]{4}$"),))
    assert diagnose(1234.0, leading)[1].startswith("« 1234 » : le zéro de tête a été perdu (attendu 01234)")
    nir = FieldSpec("nir", "string", sensitive=True, business_format="nir",
                    constraints=(("pattern", "^[12478][0-9]{14}$"),))
    assert diagnose(18505780060849.0, nir)[0] == "type-invalide"  # no NIR starts with 0


SALARY = FieldSpec("salaire_base_mensuel", "number", sensitive=True)
BIRTH = FieldSpec("date_naissance", "date", sensitive=True)


def test_a_sensitive_number_gets_no_suggestion_built_from_it():
    assert diagnose("3 450,00", SALARY) == ("virgule-decimale", (
        "le contenu de la cellule n'est pas lu comme un nombre : écrivez-le avec un point "
        "décimal ou saisissez un nombre (virgule décimale lue comme du texte)"))
    code, message = diagnose("3450 €", SALARY)
    assert code == "type-invalide" and "3450" not in message and "sans espace ni symbole" in message


def test_a_sensitive_date_typed_as_text_is_not_rewritten():
    code, message = diagnose("12/03/1985", BIRTH)
    assert code == "date-en-texte"
    assert "1985" not in message and "12" not in message
    assert message.endswith("ou écrivez-la sous la forme AAAA-MM-JJ")
    assert "31120" not in diagnose(31120.0, BIRTH)[1]
