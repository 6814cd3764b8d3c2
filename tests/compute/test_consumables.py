"""Consumables (2.3.1.2): stock, rate, cover, on order, over-consumption, budget, suggestions.

A small store room seen on 31/03/2026 (financial year from 01/01/2026), with the settings
« jours_consommation_moyenne » 30 (window 02/03 → 31/03), « jours_couverture_stock » 20 and
« seuil_surconsommation_pct » 50. Every expected value is computed by hand in the comments.
"""

from datetime import date
from decimal import Decimal

import polars as pl
import pytest

from pipelines.compute import consumables as c
from pipelines.dataset import ROW_COLUMN

from .records import dataset

AS_OF = date(2026, 3, 31)


def item(code, designation, category, initial, minimum, package, lead, price, **values):
    return {"code_consommable": code, "designation": designation, "categorie": category,
            "unite": "pièce", "code_fournisseur": "F0010", "prix_unitaire_ht": price,
            "stock_initial": initial, "stock_minimum": minimum, "conditionnement": package,
            "delai_reappro_jours": lead, "emplacement": "Réserve", "suivi": True, **values}


ITEMS = [
    item("CNS-001", "Papier A4", "papeterie", 20, 10, 5, 3, "4.35", unite="ramette"),
    item("CNS-002", "Toner noir", "impression", 2, 1, 1, 40, "96.00"),
    item("CNS-003", "Café en grains", "café", 0, 2, 6, 4, "19.50", unite="kg"),
    item("CNS-004", "Gants anti-coupure", "équipements de protection", 10, 5, 10, 5, "6.80"),
    item("CNS-005", "Agrafes", "papeterie", 10, None, 10, 3, "1.20", suivi=False),
    item("CNS-006", "Étiquettes", "impression", 8, 7, 6, 2, "7.90", unite="rouleau"),
]


def move(number, day, code, kind, quantity, service=None, order=None, comment=None):
    return {"id_mouvement": number, "date": day, "code_consommable": code, "type": kind,
            "quantite": quantity, "service": service, "numero_commande": order,
            "commentaire": comment}


MOVES = [
    move(1, date(2026, 1, 10), "CNS-001", "sortie", 6, "ADM"),
    move(2, date(2026, 2, 10), "CNS-001", "sortie", 6, "ADM"),
    move(3, date(2026, 3, 5), "CNS-001", "entrée", 10),
    move(4, date(2026, 3, 10), "CNS-001", "sortie", 6, "COM", comment="Salon"),
    move(5, date(2026, 3, 20), "CNS-001", "sortie", 6, "COM"),
    move(6, date(2026, 3, 25), "CNS-001", "retour_reserve", 2, "COM"),
    move(7, date(2026, 3, 15), "CNS-002", "sortie", 1, "ADM"),
    move(8, date(2026, 3, 5), "CNS-003", "entrée", 6, order="CF-2026-00001"),
    move(9, date(2026, 3, 10), "CNS-003", "sortie", 3, "ADM"),
    move(10, date(2026, 3, 20), "CNS-003", "sortie", 3, "ATE"),
    move(11, date(2026, 3, 20), "CNS-004", "sortie", 7, "ATE"),
    move(12, date(2026, 3, 12), "CNS-005", "sortie", 1, "ADM"),
    move(13, date(2026, 3, 10), "CNS-006", "sortie", 2, "LOG"),
    move(14, date(2026, 4, 2), "CNS-001", "sortie", 5, "ADM"),  # after the as-of date
    move(15, date(2025, 12, 20), "CNS-001", "sortie", 9, "ADM"),  # before the year
]

ORDERS = [
    {"numero_commande": "CF-2026-00001", "date_commande": date(2026, 3, 1),
     "code_fournisseur": "F0010", "statut": "partiellement reçue", "devise": "EUR",
     "date_livraison_prevue": date(2026, 4, 3)},
    {"numero_commande": "CF-2026-00002", "date_commande": date(2026, 2, 1),
     "code_fournisseur": "F0010", "statut": "reçue", "devise": "EUR"},
    {"numero_commande": "CF-2026-00003", "date_commande": date(2026, 3, 2),
     "code_fournisseur": "F0010", "statut": "brouillon", "devise": "EUR"},
    {"numero_commande": "CF-2026-00004", "date_commande": date(2026, 4, 1),
     "code_fournisseur": "F0010", "statut": "envoyée", "devise": "EUR"},
]


def line(order, number, code, quantity, reference=None):
    return {"numero_commande": order, "ligne": number, "code_consommable": code,
            "reference": reference, "designation": code or reference, "quantite": quantity,
            "prix_unitaire_ht": "1", "taux_tva": 20}


LINES = [
    line("CF-2026-00001", 1, "CNS-003", 8),  # 6 delivered on 05/03: 2 still on order
    line("CF-2026-00001", 2, None, 4, reference="ART-0001"),  # a stock item: not counted
    line("CF-2026-00002", 1, "CNS-003", 12),  # received
    line("CF-2026-00003", 1, "CNS-002", 5),  # draft
    line("CF-2026-00004", 1, "CNS-004", 10),  # ordered after the as-of date
]

BUDGETS = [
    {"annee": 2026, "categorie": "papeterie", "budget_ht": "100"},
    {"annee": 2026, "categorie": "impression", "budget_ht": "150"},
    {"annee": 2026, "categorie": "café", "budget_ht": "500"},
    {"annee": 2026, "categorie": "équipements de protection", "budget_ht": "60"},
    {"annee": 2025, "categorie": "papeterie", "budget_ht": "1"},  # another year
]

SETTINGS = [{"parametre": "jours_consommation_moyenne", "valeur": 30},
            {"parametre": "jours_couverture_stock", "valeur": 20},
            {"parametre": "seuil_surconsommation_pct", "valeur": 50}]


def store(**changes):
    records = {"consommables": ITEMS, "mouvements_consommables": MOVES,
               "commandes_achat": ORDERS, "lignes_commande_achat": LINES,
               "budgets_consommables": BUDGETS, "reglages": SETTINGS,
               "organisation": [{"debut_exercice": date(2026, 1, 1)}],
               "services": [{"code_service": "ADM", "libelle": "Administration"},
                            {"code_service": "COM", "libelle": "Commercial"}]}
    records.update(changes)
    return c.Consumables(dataset(AS_OF, **records))


def by_code(frame: pl.DataFrame, column: str = "code_consommable") -> dict[str, dict]:
    return {row[column]: row for row in frame.to_dicts()}


@pytest.fixture(scope="module")
def figures():
    return store()


def test_the_period_and_settings_come_from_the_workbooks(figures):
    period = figures.period
    assert (period.since, period.window_start, period.rate_days) == (
        date(2026, 1, 1), date(2026, 3, 2), 30)
    assert (period.cover_days, period.threshold_pct, period.budget_year) == (
        20, Decimal(50), 2026)


def test_stock_counts_the_financial_year_up_to_the_as_of_date(figures):
    paper = by_code(figures.levels())["CNS-001"]
    # 20 + (10 delivered + 2 given back) − (6 + 6 + 6 + 6): the December and April exits
    # are outside the year
    assert (paper["entrees"], paper["sorties"], paper["stock"]) == (
        Decimal(12), Decimal(24), Decimal(8))


def test_rate_and_days_of_cover_over_the_window(figures):
    paper = by_code(figures.levels())["CNS-001"]
    # window 02/03 → 31/03: 6 + 6 − 2 = 10 consumed in 30 days: 0.333/day, 10 a month;
    # 8 in stock / (10/30) = 24 days
    assert paper["consommation_fenetre"] == Decimal(10)
    assert (paper["conso_jour"], paper["conso_mois"]) == (Decimal("0.333"), Decimal("10.000"))
    assert paper["jours_couverture"] == Decimal("24.0")
    gloves = by_code(figures.levels())["CNS-004"]
    assert gloves["jours_couverture"] == Decimal("12.9")  # 3 / (7/30) = 12.857…


def test_cover_is_zero_when_out_and_none_when_nothing_is_consumed(figures):
    levels = by_code(figures.levels())
    assert levels["CNS-003"]["stock"] == 0 and levels["CNS-003"]["jours_couverture"] == 0
    staples = levels["CNS-005"]
    assert staples["stock"] == Decimal(9) and staples["alerte"] is None  # not followed
    quiet = by_code(store(mouvements_consommables=MOVES[:6]).levels())["CNS-002"]
    assert (quiet["conso_jour"], quiet["jours_couverture"]) == (Decimal(0), None)


def test_alerts_and_availability(figures):
    levels = by_code(figures.levels())
    assert {code: (row["alerte"], row["disponibilite"]) for code, row in levels.items()} == {
        "CNS-001": (c.BELOW_MINIMUM, c.RUNNING_LOW),  # 8 < 10
        "CNS-002": (c.SHORT_COVER, c.RUNNING_LOW),  # 1 / (1/30) = 30 days < 40 days
        "CNS-003": (c.STOCK_OUT, c.STOCK_OUT),
        "CNS-004": (c.BELOW_MINIMUM, c.RUNNING_LOW),
        "CNS-005": (None, c.IN_STOCK),
        "CNS-006": (c.BELOW_MINIMUM, c.RUNNING_LOW),  # 6 < 7
    }
    alerts = c.stock_alerts(figures.levels())["code_consommable"].to_list()
    assert alerts == ["CNS-003", "CNS-004", "CNS-001", "CNS-006", "CNS-002"]


def test_on_order_is_ordered_minus_delivered_for_open_orders_only(figures):
    on_order = figures.on_order()
    assert on_order.select("numero_commande", "code_consommable", "quantite_commandee",
                           "quantite_livree", "en_commande").rows() == [
        ("CF-2026-00001", "CNS-003", Decimal(8), Decimal(6), Decimal(2))]
    coffee = by_code(figures.levels())["CNS-003"]
    assert (coffee["en_commande"], coffee["livraison_prevue"]) == (Decimal(2), date(2026, 4, 3))


def test_on_order_is_empty_without_the_purchase_sheets():
    figures = store()
    empty = c.on_order_lines(None, None, figures.movements, AS_OF)
    assert empty.is_empty() and list(empty.columns) == list(c.ON_ORDER_SCHEMA)
    records = dataset(AS_OF, consommables=ITEMS, mouvements_consommables=MOVES,
                      commandes_achat=[], lignes_commande_achat=[])
    assert c.Consumables(records).on_order().is_empty()
    assert by_code(c.Consumables(records).levels())["CNS-003"]["en_commande"] == 0


def test_over_consumption_against_the_average_of_the_other_months(figures):
    over = figures.over()
    # paper: January 6, February 6, March 6 + 6 − 2 = 10; 10 > 6 × 1.5 = 9: +66.7 %
    assert over.select("code_consommable", "mois", "quantite", "moyenne_autres_mois",
                       "ecart_pct").rows() == [
        ("CNS-001", "2026-03", Decimal(10), Decimal("6.00"), Decimal("66.7"))]
    row = over.row(0, named=True)
    assert (row["services"], row["commentaires"], row[ROW_COLUMN]) == ("COM", "Salon", 5)


def test_a_month_exactly_at_the_threshold_is_not_over_consumption():
    at_limit = [m for m in MOVES if m["id_mouvement"] != 6]  # March: 12 against 6 × 2
    settings = [*SETTINGS[:2], {"parametre": "seuil_surconsommation_pct", "valeur": 100}]
    assert store(mouvements_consommables=at_limit, reglages=settings).over().is_empty()
    settings[2] = {"parametre": "seuil_surconsommation_pct", "valeur": "99.9"}
    assert store(mouvements_consommables=at_limit, reglages=settings).over().height == 1


def test_monthly_consumption_valued_at_the_usual_price(figures):
    monthly = figures.monthly()
    paper = monthly.filter(pl.col("code_consommable") == "CNS-001")
    assert paper.select("mois", "service", "quantite", "montant_ht").rows() == [
        ("2026-01", "ADM", Decimal(6), Decimal("26.10")),
        ("2026-02", "ADM", Decimal(6), Decimal("26.10")),
        ("2026-03", "COM", Decimal(10), Decimal("43.50")),  # 12 taken − 2 given back
    ]
    categories = by_code(c.by_category_and_month(monthly).filter(pl.col("mois") == "2026-03"),
                         "categorie")
    # impression in March: 1 toner × 96.00 + 2 labels × 7.90 = 111.80
    assert categories["impression"]["montant_ht"] == Decimal("111.80")
    services = c.by_service_and_month(monthly).filter(pl.col("service") == "COM")
    assert services.select("service_libelle", "mois", "montant_ht").rows() == [
        ("Commercial", "2026-03", Decimal("43.50"))]


def test_budget_spent_is_delivered_at_the_usual_price_plus_what_is_on_order(figures):
    budgets = by_code(figures.budgets(), "categorie")
    # papeterie: 10 reams delivered × 4.35 = 43.50 of 100; the 2025 budget is not used
    assert (budgets["papeterie"]["depense_ht"], budgets["papeterie"]["reste_ht"],
            budgets["papeterie"]["taux_pct"]) == (Decimal("43.50"), Decimal("56.50"),
                                                  Decimal("43.5"))
    # café: 6 kg delivered (117.00) + 2 kg on order (39.00) of 500
    assert (budgets["café"]["depense_ht"], budgets["café"]["engage_ht"],
            budgets["café"]["reste_ht"]) == (Decimal("117.00"), Decimal("39.00"),
                                             Decimal("344.00"))
    assert budgets["café"]["statut"] == c.BUDGET_OK
    returned = store(mouvements_consommables=[
        *MOVES, move(16, date(2026, 3, 6), "CNS-001", "retour_fournisseur", 1)])
    assert by_code(returned.budgets(), "categorie")["papeterie"]["depense_ht"] == Decimal(
        "39.15")  # (10 − 1) × 4.35


def test_budget_exceeded_and_category_without_budget():
    over = store(budgets_consommables=[{"annee": 2026, "categorie": "papeterie",
                                        "budget_ht": "40"}]).budgets()
    rows = by_code(over, "categorie")
    assert (rows["papeterie"]["statut"], rows["papeterie"]["reste_ht"]) == (
        c.BUDGET_EXCEEDED, Decimal("-3.50"))
    assert rows["café"]["statut"] == c.NO_BUDGET and rows["café"]["reste_ht"] is None


def test_suggestions_bring_the_stock_to_the_minimum_plus_the_cover_days(figures):
    suggestions = by_code(figures.suggestions())
    # paper: 10 + 1/3 × (3 + 20) − 8 = 9.67 → 2 packs of 5 = 10 × 4.35 = 43.50
    assert (suggestions["CNS-001"]["quantite_suggeree"],
            suggestions["CNS-001"]["montant_ht"]) == (Decimal(10), Decimal("43.50"))
    # coffee: 2 + 0.2 × (4 + 20) − 0 − 2 on order = 4.8 → 1 pack of 6 = 117.00
    assert suggestions["CNS-003"]["quantite_suggeree"] == Decimal(6)
    assert suggestions["CNS-003"]["raison"] == c.REASON_MINIMUM
    # toner: cover 30 days < 40 days of lead time: 1 + 1/30 × 60 − 1 = 2 → 192.00
    assert (suggestions["CNS-002"]["quantite_suggeree"], suggestions["CNS-002"]["raison"]) == (
        Decimal(2), c.REASON_COVER)
    # gloves: 5 + 7/30 × 25 − 3 = 7.83 → 10; labels: 7 + 2/30 × 22 − 6 = 2.47 → 6
    assert suggestions["CNS-004"]["quantite_suggeree"] == Decimal(10)
    assert suggestions["CNS-006"]["montant_ht"] == Decimal("47.40")
    assert "CNS-005" not in suggestions  # not followed


def test_suggestions_by_urgency_within_each_category_budget(figures):
    rows = figures.suggestions().select("rang", "code_consommable", "reste_budget_ht",
                                        "statut_budget").rows()
    assert rows == [
        (1, "CNS-003", Decimal("344.00"), c.WITHIN_BUDGET),  # 0 days of cover
        (2, "CNS-004", Decimal("60.00"), c.OVER_BUDGET),  # 12.9 days, 68.00 > 60.00
        (3, "CNS-001", Decimal("56.50"), c.WITHIN_BUDGET),  # 24 days
        (4, "CNS-002", Decimal("150.00"), c.OVER_BUDGET),  # 30 days, 192.00 > 150.00
        (5, "CNS-006", Decimal("150.00"), c.WITHIN_BUDGET),  # cheaper, still fits
    ]


def test_what_is_on_order_reduces_the_suggestion():
    def coffee(ordered: int) -> dict | None:
        lines = [{**LINES[0], "quantite": ordered}]  # 6 of them delivered on 05/03
        return by_code(store(lignes_commande_achat=lines).suggestions()).get("CNS-003")

    # 2 + 0.2 × (4 + 20) − 0 = 6.8 needed: 6 on order leave 0.8, one pack of 6
    assert coffee(12)["quantite_suggeree"] == Decimal(6)
    assert coffee(14) is None  # 8 on order: enough


def test_summary_counts(figures):
    summary = figures.summary().row(0, named=True)
    assert summary == {
        "consommables_suivis": 5, "epuises": 1, "sous_le_minimum": 3, "couverture_courte": 1,
        "en_commande": 1, "suggestions_dans_budget": 3,
        "montant_dans_budget": Decimal("207.90"),  # 117.00 + 43.50 + 47.40
        "suggestions_hors_budget": 2, "montant_hors_budget": Decimal("260.00"),  # 68 + 192
        "surconsommations": 1, "categories_depassees": 0, "fenetre_jours": 30,
        "couverture_jours": 20, "seuil_pct": Decimal(50),
    }


def test_the_staff_figure_has_no_price_and_only_followed_consumables(figures):
    staff = c.staff_supplies(figures.levels())
    assert staff.columns == list(c.STAFF_COLUMNS)
    assert not any("prix" in name or "montant" in name for name in staff.columns)
    assert "Agrafes" not in staff["designation"].to_list()
    coffee = by_code(staff, "designation")["Café en grains"]
    assert (coffee["disponibilite"], coffee["en_commande"], coffee["livraison_prevue"]) == (
        c.STOCK_OUT, Decimal(2), date(2026, 4, 3))


def test_the_window_never_starts_before_the_financial_year():
    early = c.Consumables(dataset(date(2026, 1, 20), consommables=ITEMS,
                                  mouvements_consommables=MOVES,
                                  organisation=[{"debut_exercice": date(2026, 1, 1)}]))
    assert (early.period.window_start, early.period.rate_days) == (date(2026, 1, 1), 20)
    paper = by_code(early.levels())["CNS-001"]
    assert paper["conso_jour"] == Decimal("0.300")  # 6 in 20 days (90-day default window)


# --- over-consumption of a consumable first used during the year, and the rate without it --

AUTUMN = date(2026, 11, 30)
AUTUMN_SETTINGS = [{"parametre": "jours_consommation_moyenne", "valeur": 90},
                   {"parametre": "jours_couverture_stock", "valeur": 30},
                   {"parametre": "seuil_surconsommation_pct", "valeur": 50}]


def autumn(moves: list[dict]) -> c.Consumables:
    items = [item("CNS-101", "Toner neuf", "impression", 0, 1, 1, 5, "96.00"),
             item("CNS-102", "Papier", "papeterie", 40, 10, 5, 3, "4.35")]
    return c.Consumables(dataset(AUTUMN, consommables=items, mouvements_consommables=moves,
                                 reglages=AUTUMN_SETTINGS,
                                 organisation=[{"debut_exercice": date(2026, 1, 1)}]))


def monthly_exits(code: str, quantities: dict[int, int], start: int = 100) -> list[dict]:
    """One exit on the 15th of each month (month number → quantity)."""
    return [move(start + m, date(2026, m, 15), code, "sortie", q, "ADM")
            for m, q in quantities.items()]


def test_a_consumable_first_used_in_october_is_not_compared_with_the_empty_months():
    # first delivered on 01/10, 4 taken in October and 4 in November: only 2 months known,
    # nothing to judge (the old rule compared 4 with (0 × 8 + 4) / 9 = 0,44: +800 %)
    moves = [move(1, date(2026, 10, 1), "CNS-101", "entrée", 10),
             *monthly_exits("CNS-101", {10: 4, 11: 4})]
    assert autumn(moves).over().is_empty()


def test_a_new_consumable_is_judged_from_its_third_known_month():
    # delivered on 03/09: September 2, October 2, November 10 → 10 > 2 × 1,5: +400 %
    moves = [move(1, date(2026, 9, 3), "CNS-101", "entrée", 20),
             *monthly_exits("CNS-101", {9: 2, 10: 2, 11: 10})]
    over = autumn(moves).over()
    assert over.select("code_consommable", "mois", "quantite", "moyenne_autres_mois",
                       "ecart_pct").rows() == [
        ("CNS-101", "2026-11", Decimal(10), Decimal("2.00"), Decimal("400.0"))]


def test_an_over_consumption_month_is_left_out_of_the_rate():
    # paper: 3 a month, 30 in September (flagged: 30 > 3 × 1,5); window 02/09 → 30/11
    # (90 days) without September's 29 days: 3 + 3 = 6 in 61 days
    moves = monthly_exits("CNS-102", {m: 30 if m == 9 else 3 for m in range(1, 12)})
    figures = autumn(moves)
    assert figures.over().select("mois").rows() == [("2026-09",)]
    paper = by_code(figures.levels())["CNS-102"]
    assert (paper["mois_exclus"], paper["jours_mesures"], paper["consommation_fenetre"]) == (
        "2026-09", 61, Decimal(6))
    assert paper["conso_jour"] == Decimal("0.098")  # 6 / 61


def test_the_rate_keeps_an_exceptional_month_that_fills_the_whole_window():
    # window of 30 days = November, flagged: nothing would be left, November stays counted
    moves = monthly_exits("CNS-102", {m: 30 if m == 11 else 3 for m in range(1, 12)})
    settings = [{**AUTUMN_SETTINGS[0], "valeur": 30}, *AUTUMN_SETTINGS[1:]]
    items = [item("CNS-102", "Papier", "papeterie", 100, 10, 5, 3, "4.35")]
    figures = c.Consumables(dataset(AUTUMN, consommables=items, mouvements_consommables=moves,
                                    reglages=settings,
                                    organisation=[{"debut_exercice": date(2026, 1, 1)}]))
    assert figures.over().select("mois").rows() == [("2026-11",)]
    paper = by_code(figures.levels())["CNS-102"]
    assert (paper["mois_exclus"], paper["jours_mesures"], paper["consommation_fenetre"]) == (
        None, 30, Decimal(30))
