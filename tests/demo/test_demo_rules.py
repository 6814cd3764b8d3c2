"""The demo validates with no blocking issue, and shows the warnings it is meant to show."""

from pipelines.law import parameters
from pipelines.validate.rules import run_rules

EXPECTED_WARNINGS = [
    ("clients.xlsx", "Clients", "E22", "tva-intracommunautaire-manquante"),  # C0021, Spain
    ("clients.xlsx", "Prospects", "L4", "relance-prospect-depassee"),  # P0003
    ("stock.xlsx", "Articles", "K19", "stock-sous-securite"),  # the stock-out compressor
    ("stock.xlsx", "Articles", "K34", "stock-sous-securite"),  # R452A refrigerant
    ("stock.xlsx", "Articles", "K37", "stock-sous-securite"),  # LED panel 40 W
    ("temps.xlsx", "Pointages", "F1311", "moyenne-12-semaines-depassee"),  # S007's summer
    # S005, part-time 24 h, with two 10 h site days in a week: 28 h, beyond the tenth.
    ("temps.xlsx", "Pointages", "F895", "heures-complementaires-au-dela-du-dixieme"),
    ("temps.xlsx", "Pointages", "F898", "heures-complementaires-au-dela-du-dixieme"),
    ("temps.xlsx", "Pointages", "F918", "heures-complementaires-au-dela-du-dixieme"),
    # CO-2026-00638, urgent, not delivered yet
    ("ventes.xlsx", "Commandes", "I639", "commande-urgente"),
    # CO-2026-00635 waits for the out-of-stock compressor, past its wished date
    ("ventes.xlsx", "Commandes", "J636", "commande-en-retard"),
    ("ventes.xlsx", "LignesCommande", "E1159", "commande-rupture-stock"),
]


def test_no_blocking_issue_and_the_expected_warnings(demo_dataset):
    issues = run_rules(demo_dataset, parameters())
    assert [str(i) for i in issues if i.blocking] == []
    assert sorted(issue.flat() for issue in issues) == EXPECTED_WARNINGS
