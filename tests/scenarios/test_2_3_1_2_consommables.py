"""2.3.1.2 Petites fournitures et consommables: the consumables' stock, consumption rate,
days of cover and order suggestions within the budget, and the hazards of the situation
(exceptional over-consumption, stock-out, returns).

The demo's store room (moyens.xlsx), seen on 30/11/2026 with the settings of Reglages
(consumption measured over 90 days, a suggested order covers 30 days, over-consumption
beyond 50 % of the average of the other months). The 90 days run from 02/09 to 30/11; the
29 days of September, the trade show's over-consumption month, are left out of the rate of
the paper and the toners, which is measured over the 61 days of October and November:

- paper CNS-001 (4,35 € a ream, minimum 25, packs of 5, 3 days): 66 reams, 46 taken in
  October and November; by month 24, 23, 26, 23, 20, 23, 25, 17, 67 (trade show), 23, 23;
- coffee CNS-013 (19,50 € a kg, minimum 3, packs of 6, 4 days): out since 26/11, 15 kg
  taken in 90 days, 6 kg on order (the purchase order still open) for 02/12/2026;
- black toner CNS-006 (96,00 €, minimum 2, 5 days): 1 left, 3 taken in October and
  November (5 more in September);
- gloves CNS-016 (6,80 €, minimum 10, packs of 10, 5 days): 5 left, 26 taken in 90 days;
- budgets 2026: impression 3 800 € (4 269,20 € delivered: exceeded), café 1 500 €
  (1 210,50 € delivered + 117,00 € on order), équipements de protection 1 250 € (934,00 €).
"""

from datetime import date
from decimal import Decimal

import polars as pl

from .workbooks import one_row

ITEMS = ("moyens.xlsx", "Consommables")
MOVES = ("moyens.xlsx", "Consommations")
BUDGETS = ("moyens.xlsx", "Budgets")
SETTINGS = ("organisation.xlsx", "Reglages")
NEXT_MOVE = 1039  # the demo's movements are numbered 1 to 1038
LAST_WEEK = date(2026, 11, 27)


def movement(kind: str, code: str, quantity, day: date = LAST_WEEK, number: int = NEXT_MOVE,
             **values) -> dict:
    return {"id_mouvement": number, "date": day, "code_consommable": code, "type": kind,
            "quantite": quantity, **values}


def level(checked, code: str) -> dict:
    return one_row(checked.management_figure("consommables_stock"), code_consommable=code)


def suggestion(checked, code: str) -> dict:
    return one_row(checked.management_figure("consommables_suggestions"), code_consommable=code)


def test_the_trade_show_month_is_an_exceptional_over_consumption(demo):
    """2.3.1.2 Consommables — aléa surconsommation exceptionnelle : en septembre, le salon
    triple la consommation de papier ; l'avertissement est sur la plus grosse sortie du mois,
    qui en donne la raison."""
    moves = demo.dataset["mouvements_consommables"]
    largest = moves.frame.filter(pl.col("id_mouvement") == 765).row(0, named=True)
    assert (largest["quantite"], largest["service"]) == (Decimal(11), "COM")
    assert largest["commentaire"].startswith("Préparation du Salon Froid & Lumière")
    finding = ("moyens.xlsx", "Consommations", f"E{largest['_ligne']}",
               "surconsommation-consommable")
    # the ten other months: 24 + 23 + 26 + 23 + 20 + 23 + 25 + 17 + 23 + 23 = 227, 22,7 on
    # average; 67 > 22,7 × 1,5 = 34,05; 67 / 22,7 − 1 = 195,15… %
    assert demo.issue(finding).message == (
        "CNS-001 Papier A4 80 g : consommation de 67 en septembre 2026, soit 195,2 % au-dessus "
        "de la moyenne des autres mois (22,7) ; seuil : 50 %")
    over = demo.management_figure("consommables_surconsommation")
    assert over.select("code_consommable", "mois").rows() == [
        ("CNS-001", "2026-09"), ("CNS-006", "2026-09"), ("CNS-007", "2026-09")]


def test_an_unplanned_mailing_is_flagged_in_its_month(workbooks):
    """2.3.1.2 Consommables — aléa surconsommation exceptionnelle : 40 ramettes prises en
    novembre pour un publipostage font de novembre un mois de surconsommation."""
    row = workbooks.sheet(*MOVES).append(movement(
        "sortie", "CNS-001", 40, service="COM", commentaire="Publipostage de fin d'année"))

    checked = workbooks.validate()

    assert checked.new_findings == [("moyens.xlsx", "Consommations", f"E{row}",
                                     "surconsommation-consommable")]
    november = one_row(checked.management_figure("consommables_surconsommation"),
                       code_consommable="CNS-001", mois="2026-11")
    # November 23 + 40 = 63; the other months 227 − 23 + 67 = 271, 27,1 on average;
    # 63 / 27,1 − 1 = 132,47… %
    assert (november["quantite"], november["moyenne_autres_mois"], november["ecart_pct"]) == (
        Decimal(63), Decimal("27.10"), Decimal("132.5"))
    assert november["commentaires"] == "Publipostage de fin d'année"
    # 66 − 40 = 26 reams, still above the minimum of 25: no order suggested; September and
    # November are both left out of the rate: October's 23 reams in 31 days
    paper = level(checked, "CNS-001")
    assert (paper["stock"], paper["mois_exclus"], paper["jours_mesures"],
            paper["consommation_fenetre"]) == (Decimal(26), "2026-09, 2026-11", 31, Decimal(23))


def test_a_consumable_first_used_in_october_is_not_an_over_consumption(workbooks):
    """2.3.1.2 Consommables — aléa surconsommation exceptionnelle (fausse alerte) : un
    consommable nouveau, livré le 01/10 et pris 4 fois en octobre puis en novembre, n'est pas
    comparé aux mois où personne ne l'avait ; avec deux mois connus, il n'est pas jugé."""
    workbooks.sheet(*ITEMS).append({
        "code_consommable": "CNS-024", "designation": "Cartouches de l'imprimante d'étiquettes",
        "categorie": "papeterie", "unite": "pièce", "code_fournisseur": "F0010",
        "prix_unitaire_ht": 3.5, "stock_initial": 0, "stock_minimum": 1,
        "conditionnement": 1, "delai_reappro_jours": 3, "emplacement": "Réserve",
        "suivi": "oui"})
    moves = workbooks.sheet(*MOVES)
    moves.append(movement("entrée", "CNS-024", 10, day=date(2026, 10, 1)))
    moves.append(movement("sortie", "CNS-024", 4, day=date(2026, 10, 15),
                          number=NEXT_MOVE + 1, service="LOG"))
    moves.append(movement("sortie", "CNS-024", 4, day=date(2026, 11, 16),
                          number=NEXT_MOVE + 2, service="LOG"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    over = checked.management_figure("consommables_surconsommation")
    assert "CNS-024" not in over["code_consommable"].to_list()
    # 8 taken in the 90 days: 2 left / (8/90) = 22,5 days of cover, no alert
    cartridges = level(checked, "CNS-024")
    assert (cartridges["stock"], cartridges["jours_couverture"], cartridges["alerte"]) == (
        Decimal(2), Decimal("22.5"), None)


def test_the_coffee_is_out_and_on_order(demo):
    """2.3.1.2 Consommables — aléa rupture : le café est épuisé à la date d'arrêté ; le
    personnel voit « épuisé » et la livraison attendue, la gestion l'avertissement et la
    commande suggérée."""
    coffee = level(demo, "CNS-013")
    assert (coffee["stock"], coffee["alerte"], coffee["jours_couverture"]) == (
        Decimal(0), "épuisé", Decimal("0.0"))
    row = demo.dataset["consommables"].frame.filter(
        pl.col("code_consommable") == "CNS-013")["_ligne"][0]
    assert demo.issue(("moyens.xlsx", "Consommables", f"H{row}",
                       "consommable-sous-minimum")).message == (
        "Café en grains (paquet de 1 kg) : stock de 0 au 30/11/2026 (épuisé), sous le minimum "
        "de 3 ; en commande : 6, livraison prévue le 02/12/2026")
    staff = one_row(demo.staff_figure("fournitures"), designation="Café en grains (paquet de 1 kg)")
    assert (staff["disponibilite"], staff["en_commande"], staff["livraison_prevue"]) == (
        "épuisé", Decimal(6), date(2026, 12, 2))
    # 3 + 15/90 × (4 + 30) − 0 − 6 on order = 2,67 kg → one pack of 6 = 117,00 €
    coffee_order = suggestion(demo, "CNS-013")
    assert (coffee_order["quantite_suggeree"], coffee_order["montant_ht"]) == (
        Decimal(6), Decimal("117.00"))


def test_taking_coffee_that_is_not_there_is_blocking(workbooks):
    """2.3.1.2 Consommables — aléa rupture : une sortie de 2 kg de café, épuisé depuis le
    26/11, rend le stock négatif : anomalie bloquante à la quantité du mouvement."""
    row = workbooks.sheet(*MOVES).append(movement("sortie", "CNS-013", 2, service="ADM"))

    checked = workbooks.validate()

    finding = ("moyens.xlsx", "Consommations", f"E{row}", "stock-consommable-negatif")
    assert checked.new_findings == [finding]
    assert checked.blocking == [finding]
    assert checked.issue(finding).message == (
        "sortie de 2 le 27/11/2026 : le stock de CNS-013 passe de 0 à -2")


def test_the_delivery_of_the_open_order_ends_the_stock_out(workbooks, demo):
    """2.3.1.2 Consommables — aléa rupture : la livraison des 6 kg commandés, reçue
    (achats.xlsx) et saisie en entrée avec le numéro de la commande, remet le café en stock
    et solde la commande."""
    open_order = one_row(demo.management_figure("consommables_en_commande"),
                         code_consommable="CNS-013")
    order = open_order["numero_commande"]
    order_line = one_row(demo.dataset["lignes_commande_achat"].frame, numero_commande=order,
                         code_consommable="CNS-013")["ligne"]
    last = demo.dataset["receptions"].frame["numero_reception"].max()
    receipt = f"BR-2026-{int(last[-5:]) + 1:05d}"
    workbooks.sheet("achats.xlsx", "Receptions").append({
        "numero_reception": receipt, "date_reception": date(2026, 11, 30),
        "code_fournisseur": open_order["code_fournisseur"]})
    workbooks.sheet("achats.xlsx", "LignesReception").append({
        "numero_reception": receipt, "ligne": 1, "numero_commande": order,
        "ligne_commande": order_line, "quantite_livree": 6, "quantite_acceptee": 6})
    workbooks.sheet(*MOVES).append(movement("entrée", "CNS-013", 6, day=date(2026, 11, 30),
                                            numero_commande=order))

    checked = workbooks.validate()

    assert checked.new_findings == []
    coffee = level(checked, "CNS-013")
    # 6 kg; 15 kg in 90 days: 6 / (15/90) = 36 days of cover, longer than the 4 days of lead
    assert (coffee["stock"], coffee["en_commande"], coffee["jours_couverture"]) == (
        Decimal(6), Decimal(0), Decimal("36.0"))
    assert coffee["alerte"] is None
    assert checked.management_figure("consommables_en_commande").is_empty()
    assert "CNS-013" not in checked.management_figure("consommables_suggestions")[
        "code_consommable"].to_list()
    staff = one_row(checked.staff_figure("fournitures"),
                    designation="Café en grains (paquet de 1 kg)")
    assert (staff["disponibilite"], staff["livraison_prevue"]) == ("en stock", None)
    coffee_budget = one_row(checked.management_figure("consommables_budgets"), categorie="café")
    assert (coffee_budget["depense_ht"], coffee_budget["engage_ht"]) == (
        Decimal("1327.50"), Decimal("0.00"))  # 1 210,50 + 6 × 19,50; nothing left on order


def test_the_defective_toner_sent_back_is_not_consumption_nor_spending(demo):
    """2.3.1.2 Consommables — aléa retour : le toner qui fuit, renvoyé au fournisseur, sort du
    stock sans compter dans la consommation, et ne pèse plus sur le budget."""
    returned = demo.dataset["mouvements_consommables"].frame.filter(
        pl.col("type") == "retour_fournisseur")
    assert returned.select("date", "code_consommable", "quantite").rows() == [
        (date(2026, 6, 3), "CNS-006", Decimal(1))]
    toner = level(demo, "CNS-006")
    # 6 + 16 delivered − (20 taken + 1 sent back) = 1
    assert (toner["entrees"], toner["sorties"], toner["stock"]) == (
        Decimal(16), Decimal(21), Decimal(1))
    consumed = demo.management_figure("consommables_par_mois").filter(
        pl.col("code_consommable") == "CNS-006")["quantite"].sum()
    assert consumed == Decimal(20)
    printing = one_row(demo.management_figure("consommables_budgets"), categorie="impression")
    # (16 − 1) × 96,00 + 10 × 245,00 + 48 × 7,90 = 1 440,00 + 2 450,00 + 379,20
    assert (printing["depense_ht"], printing["statut"]) == (Decimal("4269.20"), "dépassé")
    budget_row = demo.dataset["budgets_consommables"].frame.filter(
        pl.col("categorie") == "impression")["_ligne"][0]
    assert demo.issue(("moyens.xlsx", "Budgets", f"C{budget_row}",
                       "budget-consommables-depasse")).message == (
        "impression 2026 : 4\u202f269,20\xa0€ livrés au 30/11/2026, au-delà du budget de "
        "3\u202f800,00\xa0€ (112,3 %)")


def commercial_paper_in_november(checked) -> Decimal:
    return one_row(checked.management_figure("consommables_par_mois"), code_consommable="CNS-001",
                   mois="2026-11", service="COM")["quantite"]


def test_paper_given_back_to_the_store_room_lowers_the_consumption(workbooks, demo):
    """2.3.1.2 Consommables — aléa retour : 3 ramettes rendues à la réserve par le commercial
    reviennent en stock et se déduisent de sa consommation et du rythme de consommation."""
    workbooks.sheet(*MOVES).append(movement("retour_reserve", "CNS-001", 3, service="COM",
                                            commentaire="Reste du salon"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    paper = level(checked, "CNS-001")
    # 66 + 3 = 69; 46 − 3 = 43 in the 61 days of October and November: 0,705/day;
    # 69 × 61 / 43 = 97,88… days
    assert (paper["stock"], paper["consommation_fenetre"], paper["conso_jour"]) == (
        Decimal(69), Decimal(43), Decimal("0.705"))
    assert paper["jours_couverture"] == Decimal("97.9")
    assert commercial_paper_in_november(checked) == commercial_paper_in_november(demo) - 3


def test_sending_back_more_than_the_stock_is_blocking(workbooks):
    """2.3.1.2 Consommables — aléa retour : renvoyer au fournisseur 3 lots de toners couleur
    quand il en reste 2 rend le stock négatif, anomalie bloquante."""
    row = workbooks.sheet(*MOVES).append(movement(
        "retour_fournisseur", "CNS-007", 3, day=date(2026, 11, 30),
        commentaire="Cartouches non conformes"))

    checked = workbooks.validate()

    assert checked.blocking == [("moyens.xlsx", "Consommations", f"E{row}",
                                 "stock-consommable-negatif")]
    assert checked.issue(checked.blocking[0]).message == (
        "retour_fournisseur de 3 le 30/11/2026 : le stock de CNS-007 passe de 2 à -1")


def test_order_suggestions_are_kept_within_each_category_budget(demo):
    """2.3.1.2 Consommables — commandes suggérées dans le budget : le café et les gants tiennent
    dans le reste de leur budget, le toner noir non (budget impression dépassé) ; le toner
    pris pour le salon de septembre ne gonfle pas la commande suggérée."""
    rows = demo.management_figure("consommables_suggestions").select(
        "rang", "code_consommable", "quantite_suggeree", "montant_ht", "reste_budget_ht",
        "statut_budget").rows()
    assert rows == [
        # coffee: 0 days of cover; 1 500 − 1 210,50 − 117,00 = 172,50 left
        (1, "CNS-013", Decimal(6), Decimal("117.00"), Decimal("172.50"), "dans le budget"),
        # gloves: 5 / (26/90) = 17,3 days; 10 + 26/90 × 35 − 5 = 15,11 → 2 packs of 10
        (2, "CNS-016", Decimal(20), Decimal("136.00"), Decimal("316.00"), "dans le budget"),
        # toner, without September: 1 / (3/61) = 20,3 days; 2 + 3/61 × 35 − 1 = 2,72 → 3
        # × 96,00 (with the trade show's 5 toners: 2 + 8/90 × 35 − 1 = 4,11 → 5, 480,00)
        (3, "CNS-006", Decimal(3), Decimal("288.00"), Decimal("-469.20"), "hors budget"),
    ]
    toner = level(demo, "CNS-006")
    assert (toner["mois_exclus"], toner["jours_mesures"], toner["consommation_fenetre"]) == (
        "2026-09", 61, Decimal(3))
    summary = demo.management_figure("consommables_synthese").row(0, named=True)
    assert (summary["montant_dans_budget"], summary["montant_hors_budget"]) == (
        Decimal("253.00"), Decimal("288.00"))


def test_a_smaller_budget_pushes_the_gloves_out_of_it(workbooks):
    """2.3.1.2 Consommables — commandes suggérées dans le budget : avec un budget de 1 000 €
    pour les équipements de protection, il reste 66 € : les gants (136 €) passent hors
    budget, sans que le budget soit dépassé."""
    budgets = workbooks.sheet(*BUDGETS)
    budgets.set(budgets.row_of(2026, categorie="équipements de protection"), "budget_ht", 1000)

    checked = workbooks.validate()

    assert checked.new_findings == []
    gloves = suggestion(checked, "CNS-016")
    assert (gloves["reste_budget_ht"], gloves["statut_budget"]) == (Decimal("66.00"),
                                                                    "hors budget")
    protection = one_row(checked.management_figure("consommables_budgets"),
                         categorie="équipements de protection")
    assert (protection["reste_ht"], protection["taux_pct"]) == (Decimal("66.00"),
                                                                Decimal("93.4"))


def test_days_of_cover_follow_the_consumption_window(workbooks, demo):
    """2.3.1.2 Consommables — jours de couverture : le papier couvre 87,5 jours au rythme des
    90 derniers jours hors septembre (le salon) ; mesuré sur 30 jours (réglage de la feuille
    Reglages), 86,1 jours."""
    paper = level(demo, "CNS-001")
    # 66 reams / (46 / 61) = 87,52 days; 46 / 61 × 30 = 22,623 a month
    assert (paper["conso_jour"], paper["conso_mois"], paper["jours_couverture"]) == (
        Decimal("0.754"), Decimal("22.623"), Decimal("87.5"))
    settings = workbooks.sheet(*SETTINGS)
    settings.set(settings.row_of("jours_consommation_moyenne"), "valeur", 30)

    checked = workbooks.validate()

    paper = level(checked, "CNS-001")
    # 23 reams taken from 01/11 to 30/11 (no over-consumption month): 66 × 30 / 23 = 86,09
    assert (paper["consommation_fenetre"], paper["jours_mesures"], paper["mois_exclus"]) == (
        Decimal(23), 30, None)
    assert paper["jours_couverture"] == Decimal("86.1")


def test_a_consumable_no_longer_followed_but_taken_is_reported(workbooks):
    """2.3.1.2 Consommables — un consommable qui n'est plus suivi mais qu'on sort encore de la
    réserve est signalé à sa colonne Suivi ; une catégorie de budget mal écrite aussi."""
    items = workbooks.sheet(*ITEMS)
    workbooks.sheet(*MOVES).append(movement("sortie", "CNS-023", 1, service="ADM"))
    budget = workbooks.sheet(*BUDGETS).append({"annee": 2026, "categorie": "Papeterie",
                                               "budget_ht": 100})

    checked = workbooks.validate()

    staples = items.row_of("CNS-023")
    assert checked.new_findings == [
        ("moyens.xlsx", "Budgets", f"B{budget}", "budget-categorie-inconnue"),
        ("moyens.xlsx", "Consommables", items.cell(staples, "suivi"),
         "consommable-non-suivi-consomme"),
    ]


def last_paper_delivery(demo) -> dict:
    """The last delivery of paper, with its purchase order number."""
    return (demo.dataset["mouvements_consommables"].frame
            .filter((pl.col("type") == "entrée") & (pl.col("code_consommable") == "CNS-001")
                    & pl.col("numero_commande").is_not_null())
            .sort("date").row(-1, named=True))


def test_a_delivery_entered_with_another_quantity_than_received(workbooks, demo):
    """2.3.1.2 Consommables — double saisie des livraisons : l'entrée de papier saisie pour
    5 ramettes de plus que la quantité acceptée à la réception de la même commande est
    signalée sur l'entrée."""
    entry = last_paper_delivery(demo)
    received = entry["quantite"]
    moves = workbooks.sheet(*MOVES)
    moves.set(entry["_ligne"], "quantite", int(received) + 5)

    checked = workbooks.validate()

    finding = ("moyens.xlsx", "Consommations", f"E{entry['_ligne']}",
               "livraison-consommable-saisie-differente")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        f"commande {entry['numero_commande']}, CNS-001 : quantité acceptée à la réception "
        f"{int(received)} (achats.xlsx › LignesReception), quantité saisie en entrée "
        f"{int(received) + 5} (moyens.xlsx › Consommations)")


def test_a_received_delivery_never_entered_is_reported_at_the_consumable(workbooks, demo):
    """2.3.1.2 Consommables — double saisie des livraisons : une livraison reçue (achats.xlsx)
    dont l'entrée ne cite pas la commande n'est pas rapprochée : l'anomalie est sur le
    consommable."""
    entry = last_paper_delivery(demo)
    workbooks.sheet(*MOVES).set(entry["_ligne"], "numero_commande", None)
    items = workbooks.sheet(*ITEMS)

    checked = workbooks.validate()

    finding = ("moyens.xlsx", "Consommables", items.cell(items.row_of("CNS-001"),
                                                        "code_consommable"),
               "livraison-consommable-saisie-differente")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message.endswith(
        "quantité saisie en entrée 0 (moyens.xlsx › Consommations) : l'entrée manque")
