"""The organisation's choice of severities (sheet « Gravites ») and how it applies."""

from pipelines.issues import (
    Issue,
    Severity,
    SourceRef,
    catalogue,
    declared_type,
    with_severities,
)
from pipelines.validate.severities import chosen_severities

from .rules.conftest import flat, make_dataset, make_table

SEVERITIES = ("organisation.xlsx", "Gravites")


def choice(code, severity, reason="Décision de la direction"):
    return {"code": code, "gravite": severity, "motif": reason}


def test_adjustable_codes_take_the_chosen_severity():
    data = make_dataset(make_table("gravites", [
        choice("commande-client-bloque", "avertissement"),
        choice("commande-plafond-depasse", "bloquant"),
        choice("commande-plafond-depasse", "avertissement"),  # a duplicate: the first counts
    ]))
    chosen, issues = chosen_severities(data)
    assert chosen == {"commande-client-bloque": Severity.AVERTISSEMENT,
                      "commande-plafond-depasse": Severity.BLOQUANT}
    assert issues == []


def test_an_unknown_or_fixed_code_is_a_blocking_issue_at_its_cell():
    data = make_dataset(make_table("gravites", [
        choice("facture-numerotation-rompue", "avertissement"),
        choice("commande-client-bloquee", "avertissement"),
        choice("tva-invalide", "bloquant"),
        {"code": None, "gravite": "bloquant"},  # the empty code is the schema's business
    ]))
    chosen, issues = chosen_severities(data)
    assert chosen == {}
    assert flat(issues) == [(*SEVERITIES, "A2", "gravite-non-ajustable"),
                            (*SEVERITIES, "A3", "gravite-code-inconnu"),
                            (*SEVERITIES, "A4", "gravite-non-ajustable")]
    assert all(issue.blocking for issue in issues)
    assert issues[1].message == (
        "le code « commande-client-bloquee » n'est pas dans le catalogue des anomalies")


def test_without_the_sheet_nothing_is_chosen():
    assert chosen_severities(make_dataset(make_table("organisation", []))) == ({}, [])


def test_the_chosen_severities_apply_to_the_issues_of_their_code():
    source = SourceRef("ventes.xlsx", "Commandes", 5, "C")
    blocked = Issue("commande-client-bloque", Severity.BLOQUANT, source, "bloqué")
    doubtful = Issue("commande-client-douteux", Severity.AVERTISSEMENT, source, "douteux")
    adjusted = with_severities([blocked, doubtful],
                               {"commande-client-bloque": Severity.AVERTISSEMENT,
                                "commande-client-douteux": Severity.AVERTISSEMENT})
    assert [issue.severity for issue in adjusted] == [Severity.AVERTISSEMENT] * 2
    assert adjusted[0].extra == {"gravite_catalogue": Severity.BLOQUANT}
    assert adjusted[1] is doubtful  # unchanged: the same issue


def test_an_issue_raised_below_its_catalogue_severity_keeps_it():
    """A draft invoice billing more than was delivered is only warned, even when the
    organisation makes the code blocking for the issued ones (its default)."""
    source = SourceRef("ventes.xlsx", "LignesFacture", 9, "E")
    draft = Issue("facture-quantite-non-livree", Severity.AVERTISSEMENT, source, "brouillon")
    issued = Issue("facture-quantite-non-livree", Severity.BLOQUANT, source, "émise")
    upgraded = with_severities([draft, issued],
                               {"facture-quantite-non-livree": Severity.BLOQUANT})
    assert [issue.severity for issue in upgraded] == [Severity.AVERTISSEMENT, Severity.BLOQUANT]
    downgraded = with_severities([draft, issued],
                                 {"facture-quantite-non-livree": Severity.AVERTISSEMENT})
    assert [issue.severity for issue in downgraded] == [Severity.AVERTISSEMENT] * 2


def test_legal_obligations_are_never_adjustable_and_commercial_rules_are():
    adjustable = {issue_type.code for issue_type in catalogue() if issue_type.adjustable}
    assert {"commande-client-bloque", "commande-client-douteux", "commande-plafond-depasse",
            "commande-rupture-stock", "commande-urgente", "facture-quantite-non-livree",
            "livraison-en-retard"} <= adjustable
    assert not adjustable & {"facture-numerotation-rompue", "facture-numero-en-double",
                             "facture-date-anterieure", "facture-tva-client-manquante",
                             "avoir-depasse-facture", "commande-modifiee-apres-livraison",
                             "gravite-code-inconnu", "gravite-non-ajustable"}
    assert declared_type("commande-urgente").adjustable
    assert declared_type("pas-un-code") is None
