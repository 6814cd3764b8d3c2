"""Scenarios for the price-list rules (Tarifs): overlapping periods, reversed dates,
quantity breaks, currency, the item's supplier and the distance to the purchase price."""

from pipelines.validate.rules import price_lists as rules

from .conftest import flat

PRICES = ("achats.xlsx", "Tarifs")


def price(supplier="F0001", reference="ART-0001", minimum=1, unit=100, start="2026-01-01",
          end=None, discount=None, currency="EUR"):
    return {"code_fournisseur": supplier, "reference": reference, "quantite_minimale": minimum,
            "prix_unitaire_ht": unit, "remise_pct": discount, "devise": currency,
            "date_debut": start, "date_fin": end}


def supplier(code="F0001", currency="EUR"):
    return {"code_fournisseur": code, "raison_sociale": f"Fournisseur {code}", "pays": "FR",
            "zone": "France", "devise": currency, "statut": "actif"}


def item(number=1, supplier_code="F0001", cost=100):
    return {"reference": f"ART-{number:04d}", "designation": f"Article {number}",
            "code_fournisseur": supplier_code, "prix_achat_ht": cost, "unite": "pièce",
            "taux_tva": 20, "actif": True}


CLEAN = [
    price(end="2026-06-30"),
    price(unit=102, start="2026-07-01"),
    price(minimum=10, unit=100, discount=3, end="2026-06-30"),
    price(minimum=10, unit=102, discount=3, start="2026-07-01"),
]


def test_the_demo_shape_of_price_list_has_no_finding(table, dataset, params):
    data = dataset(table("tarifs", CLEAN), table("fournisseurs", [supplier()]),
                   table("articles", [item()]))
    for check in (rules.overlapping_price_lists, rules.price_list_dates, rules.quantity_breaks,
                  rules.price_list_currency, rules.price_list_item_supplier,
                  rules.price_list_far_from_cost):
        assert list(check(data, params)) == [], check.__name__


def test_two_rows_valid_at_once_for_the_same_break_are_blocking(table, dataset, params):
    rows = [price(end="2026-06-30"), price(unit=102, start="2026-06-15"),
            price(minimum=10, unit=98, start="2026-06-15")]  # another break: no overlap
    issues = rules.overlapping_price_lists(dataset(table("tarifs", rows)), params)
    assert flat(issues) == [(*PRICES, "H3", "tarif-chevauchement")]
    assert issues[0].blocking
    assert issues[0].message == (
        "le tarif de ART-0001 chez F0001 à partir de 1 (depuis le 15/06/2026) chevauche "
        "celui de la ligne 2 (du 01/01/2026 au 30/06/2026)")


def test_an_open_ended_row_overlaps_every_later_one(table, dataset, params):
    rows = [price(), price(unit=102, start="2026-07-01"), price(unit=104, start="2026-10-01")]
    issues = rules.overlapping_price_lists(dataset(table("tarifs", rows)), params)
    assert flat(issues) == [(*PRICES, "H3", "tarif-chevauchement"),
                            (*PRICES, "H4", "tarif-chevauchement")]
    assert "ligne 2" in issues[1].message  # the first row it overlaps


def test_a_period_that_ends_before_it_starts_is_blocking(table, dataset, params):
    rows = [price(start="2026-07-01", end="2026-06-30")]
    issues = rules.price_list_dates(dataset(table("tarifs", rows)), params)
    assert flat(issues) == [(*PRICES, "I2", "tarif-dates-inversees")]
    assert issues[0].message == "valable jusqu'au 30/06/2026, avant son début le 01/07/2026"


def test_a_higher_break_dearer_than_a_lower_one_is_a_warning(table, dataset, params):
    rows = [price(unit=100), price(minimum=10, unit=100, discount=3),
            price(minimum=20, unit=100, discount=2)]  # 98 € > 97 € from 10
    issues = rules.quantity_breaks(dataset(table("tarifs", rows)), params)
    assert flat(issues) == [(*PRICES, "E4", "tarif-palier-plus-cher")]
    assert not issues[0].blocking
    assert issues[0].message == (
        "ART-0001 chez F0001 : 98,00\u00a0€ net à partir de 20, plus cher que 97,00\u00a0€ à "
        "partir de 10 (ligne 3)")


def test_breaks_of_different_periods_are_not_compared(table, dataset, params):
    rows = [price(unit=100, end="2026-06-30"), price(minimum=10, unit=101, start="2026-07-01")]
    assert list(rules.quantity_breaks(dataset(table("tarifs", rows)), params)) == []


def test_a_price_list_in_another_currency_than_the_supplier(table, dataset, params):
    data = dataset(table("tarifs", [price(currency="USD")]),
                   table("fournisseurs", [supplier()]))
    issues = rules.price_list_currency(data, params)
    assert flat(issues) == [(*PRICES, "G2", "tarif-devise-fournisseur")]
    assert issues[0].message == ("tarif de ART-0001 en USD, alors que Fournisseur F0001 "
                                 "facture en EUR")


def test_a_price_list_of_an_item_of_another_supplier(table, dataset, params):
    data = dataset(table("tarifs", [price(supplier="F0002")]), table("articles", [item()]))
    issues = rules.price_list_item_supplier(data, params)
    assert flat(issues) == [(*PRICES, "B2", "tarif-article-autre-fournisseur")]
    assert issues[0].message == ("ART-0001 est fourni par F0001 selon la feuille Articles, "
                                 "pas par F0002")


def test_a_price_far_from_the_purchase_price(table, dataset, params):
    rows = [price(unit=1000), price(minimum=10, unit=100, discount=3),
            price(reference="ART-0001", minimum=20, unit=49),   # 51 % below: reported
            price(reference="ART-0001", minimum=30, unit=50),   # exactly 50 %: kept
            price(reference="ART-0001", minimum=40, unit=150, currency="USD")]  # not in euros
    data = dataset(table("tarifs", rows), table("articles", [item(cost=100)]))
    issues = rules.price_list_far_from_cost(data, params)
    assert flat(issues) == [(*PRICES, "E2", "tarif-ecart-prix-achat"),
                            (*PRICES, "E4", "tarif-ecart-prix-achat")]
    assert issues[0].message == ("ART-0001 à 1\u202f000,00\u00a0€ net chez F0001, pour un prix "
                                 "d'achat de 100,00\u00a0€ dans la feuille Articles")
