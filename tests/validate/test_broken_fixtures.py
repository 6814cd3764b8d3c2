"""Each broken fixture gives exactly these findings: (workbook, sheet, cell, code)."""

import pytest

from pipelines.validate import validate_workbooks

from .paths import AS_OF, CASES, GOOD, SCHEMAS

EXPECTED = {
    "cellules-fusionnees": [
        ("equipe.xlsx", "Badgeages", "D1", "en-tete-fusionne"),
        ("equipe.xlsx", "Badgeages", "E1", "en-tete-vide"),
        ("equipe.xlsx", "Personnes", "B3", "cellules-fusionnees"),
    ],
    "chiffre": [("ventes.xlsx", None, None, "classeur-protege")],
    "classeur-absent": [("ventes.xlsx", None, None, "classeur-absent")],
    "cles": [
        ("equipe.xlsx", "Badgeages", "A5", "cle-primaire-en-double"),  # composite key
        ("equipe.xlsx", "Personnes", "H5", "reference-introuvable"),  # self-reference
        ("ventes.xlsx", "Commandes", "B5", "reference-introuvable"),  # same workbook
        ("ventes.xlsx", "Comptes", "J3", "reference-introuvable"),  # across workbooks
        ("ventes.xlsx", "Comptes", "A4", "cle-primaire-en-double"),
        ("ventes.xlsx", "Comptes", "A6", "cle-primaire-vide"),
        ("ventes.xlsx", "Comptes", "A6", "valeur-obligatoire"),
        ("ventes.xlsx", "Retours", "B3", "reference-introuvable"),  # composite key
        ("ventes.xlsx", "Retours", "B4", "reference-introuvable"),  # partly empty composite key
    ],
    "colonnes-decalees": [
        ("equipe.xlsx", "Personnes", "C1", "colonne-renommee"),
        ("equipe.xlsx", "Personnes", "D1", "colonne-renommee"),
        ("equipe.xlsx", "Personnes", "E1", "colonne-renommee"),
        ("equipe.xlsx", "Personnes", "F1", "colonne-renommee"),
        ("equipe.xlsx", "Personnes", "G1", "colonne-renommee"),
        ("equipe.xlsx", "Personnes", "H1", "colonne-renommee"),
        ("equipe.xlsx", "Personnes", "I1", "colonne-manquante"),
        # each field reads the column on its right: nir gets dates, date_entree "oui"/"non",
        # cadre numbers, heures_hebdo matricules, responsable e-mails (S001 has no
        # responsable, S004 no e-mail)
        ("equipe.xlsx", "Personnes", "D2", "type-invalide"),
        ("equipe.xlsx", "Personnes", "E2", "type-invalide"),
        ("equipe.xlsx", "Personnes", "F2", "type-invalide"),
        ("equipe.xlsx", "Personnes", "H2", "reference-introuvable"),
        *[
            ("equipe.xlsx", "Personnes", f"{column}{row}", code)
            for row in (3, 4)
            for column, code in (
                ("D", "type-invalide"),
                ("E", "type-invalide"),
                ("F", "type-invalide"),
                ("G", "type-invalide"),
                ("H", "reference-introuvable"),
            )
        ],
        ("equipe.xlsx", "Personnes", "D5", "type-invalide"),
        ("equipe.xlsx", "Personnes", "E5", "type-invalide"),
        ("equipe.xlsx", "Personnes", "F5", "type-invalide"),
        ("equipe.xlsx", "Personnes", "G5", "type-invalide"),
    ],
    "contraintes": [
        ("equipe.xlsx", "Personnes", "G2", "valeur-trop-grande"),
        ("equipe.xlsx", "Personnes", "B3", "valeur-obligatoire"),
        ("equipe.xlsx", "Personnes", "G3", "valeur-trop-petite"),
        ("equipe.xlsx", "Personnes", "B4", "texte-trop-long"),
        ("equipe.xlsx", "Personnes", "C4", "texte-trop-court"),
        ("equipe.xlsx", "Personnes", "A5", "format-non-respecte"),
        ("ventes.xlsx", "Commandes", "C2", "valeur-trop-petite"),  # a date before the minimum
        ("ventes.xlsx", "Commandes", "D2", "valeur-trop-petite"),  # exclusiveMinimum
        ("ventes.xlsx", "Commandes", "E2", "valeur-hors-liste"),
        ("ventes.xlsx", "Commandes", "B3", "valeur-obligatoire"),
        ("ventes.xlsx", "Comptes", "I2", "valeur-hors-liste"),
        ("ventes.xlsx", "Comptes", "L2", "valeur-trop-grande"),
        ("ventes.xlsx", "Comptes", "B3", "valeur-en-double"),
    ],
    "en-tetes": [
        ("ventes.xlsx", "Commandes", "F1", "colonne-manquante"),
        ("ventes.xlsx", "Comptes", "B1", "colonne-renommee"),
        ("ventes.xlsx", "Comptes", "O1", "colonne-en-trop"),
        ("ventes.xlsx", "Lignes", "D1", "colonne-en-double"),
        ("ventes.xlsx", "Retours", "D1", "en-tete-vide"),
    ],
    "feuille-absente": [("ventes.xlsx", "Retours", None, "feuille-absente")],
    "feuille-vide": [("ventes.xlsx", "Retours", None, "feuille-vide")],
    "formats": [
        ("equipe.xlsx", "Personnes", "D2", "nir-invalide"),
        ("equipe.xlsx", "Personnes", "I3", "type-invalide"),  # e-mail
        ("ventes.xlsx", "Comptes", "C2", "siren-invalide"),
        ("ventes.xlsx", "Comptes", "D2", "siret-invalide"),
        ("ventes.xlsx", "Comptes", "G2", "iban-invalide"),
        ("ventes.xlsx", "Comptes", "N2", "type-invalide"),  # URI without a scheme
        ("ventes.xlsx", "Comptes", "E3", "tva-invalide"),
        ("ventes.xlsx", "Comptes", "H3", "bic-invalide"),
        ("ventes.xlsx", "Comptes", "F4", "code-postal-invalide"),
    ],
    "lignes-vides": [
        ("ventes.xlsx", "Commandes", "ligne 4", "ligne-vide"),
        ("ventes.xlsx", "Lignes", "ligne 7", "ligne-vide"),  # rows 7 to 9: formatted, never filled
    ],
    "pas-un-classeur": [("ventes.xlsx", None, None, "classeur-illisible")],
    "types": [
        ("equipe.xlsx", "Badgeages", "C2", "type-invalide"),  # "08:30": frictionless wants 08:30:00
        ("equipe.xlsx", "Badgeages", "F2", "type-invalide"),  # 2.5 is not an integer
        ("equipe.xlsx", "Personnes", "E2", "date-en-texte"),
        ("equipe.xlsx", "Personnes", "F2", "type-invalide"),  # "peut-être"
        ("equipe.xlsx", "Personnes", "G2", "virgule-decimale"),
        ("equipe.xlsx", "Personnes", "G3", "type-invalide"),  # "abc"
        ("equipe.xlsx", "Personnes", "B4", "type-invalide"),  # a number in a text column
        ("equipe.xlsx", "Personnes", "E4", "type-invalide"),  # a date with a time
        ("ventes.xlsx", "Commandes", "D2", "formule-sans-valeur"),
        ("ventes.xlsx", "Commandes", "F2", "type-invalide"),  # 1 is not a boolean
        ("ventes.xlsx", "Commandes", "D3", "erreur-excel"),
        ("ventes.xlsx", "Commandes", "F3", "type-invalide"),  # "oui" is not in the default true values
        ("ventes.xlsx", "Commandes", "D4", "virgule-decimale"),
        ("ventes.xlsx", "Comptes", "C2", "zero-de-tete-perdu"),
        ("ventes.xlsx", "Comptes", "F2", "zero-de-tete-perdu"),
        ("ventes.xlsx", "Comptes", "K2", "type-invalide"),  # "5 000 €"
        ("ventes.xlsx", "Comptes", "M2", "type-invalide"),  # year "98"
        ("ventes.xlsx", "Lignes", "C2", "erreur-excel-texte"),
    ],
    "zip-tronque": [("ventes.xlsx", None, None, "classeur-illisible")],
}


def test_every_broken_fixture_has_its_expectation():
    assert sorted(EXPECTED) == CASES


@pytest.mark.parametrize("case", CASES)
def test_findings_of_broken_fixture(case, broken_result):
    assert [issue.flat() for issue in broken_result(case).issues] == EXPECTED[case]


def test_good_package_has_no_issue():
    result = validate_workbooks(GOOD, SCHEMAS, as_of=AS_OF)
    assert result.issues == []
    assert not result.blocking
