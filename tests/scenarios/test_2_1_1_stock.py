"""2.1.1 Purchasing and stock: stock movements, the stock card and the valuation at
weighted average unit cost (CUMP), the reorder point, the inventory, and the hazards.

Hazards reached by the stock records: negative stock (blocking, at the movement that
causes it), stock-out and the customer orders it hits, damaged stock (casse), defective
goods returned to the supplier, a purchase without its cost, a movement of an unknown item,
an inventory difference not regularised. Purchase orders and supplier failures belong to
the purchasing module.

The demo's ART-0001 (Vitrine réfrigérée ventilée 1,00 m, safety stock 2) holds 3 units at
the as-of date (30/11/2026), at a CUMP of 1 878,7778 € (3 × 1 878,7778 = 5 636,33 €);
ART-0002 holds 8 units at 2 222,85 €. The demo's partial inventory of 27/11/2026 found one
box of ART-0028 missing, with no adjustment: the warning ``ecart-inventaire``.
"""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

import pytest

from pipelines.publish.stock_pages import STOCK_PAGE, stock_files

from .workbooks import SCHEMAS, one_row

ITEMS = ("stock.xlsx", "Articles")
MOVES = ("stock.xlsx", "Mouvements")
COUNTS = ("stock.xlsx", "Inventaire")
SETTINGS = ("organisation.xlsx", "Reglages")
ORDERS = ("ventes.xlsx", "Commandes")
ORDER_LINES = ("ventes.xlsx", "LignesCommande")
NEXT_MOVE = 5000  # above the demo's movement numbers
LAST_WEEK = date(2026, 11, 27)
AFTER_THE_COUNT = date(2026, 11, 28)  # the demo counted some items on 27/11


def movement(kind: str, reference: str, quantity, day: date = LAST_WEEK, number: int = NEXT_MOVE,
             **values) -> dict:
    return {"id_mouvement": number, "date": day, "reference": reference, "type": kind,
            "quantite": quantity, "piece": f"PC-2026-{number:05d}", **values}


def new_item(reference: str = "ART-0099", **values) -> dict:
    return {"reference": reference, "designation": "Cordon chauffant de porte 2 m",
            "categorie": "Pièces détachées", "unite": "pièce", "code_fournisseur": "F0003",
            "prix_achat_ht": 12.5, "prix_vente_ht": 19.9, "taux_tva": 20,
            "stock_initial": 10, "cout_unitaire_initial": 12.5, "stock_securite": 4,
            "delai_reappro_jours": 5, "emplacement": "B-01-1", "actif": "oui", **values}


def level(checked, reference: str) -> dict:
    return one_row(checked.management_figure("stock_niveaux"), reference=reference)


def to_cent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def test_a_sale_beyond_the_stock_is_blocking_at_its_quantity(workbooks):
    """2.1.1 Achats et stocks — aléa stock négatif : une vente de 5 vitrines quand il n'en reste
    que 3 est une anomalie bloquante à la quantité du mouvement."""
    moves = workbooks.sheet(*MOVES)
    row = moves.append(movement("vente", "ART-0001", 5))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("stock.xlsx", "Articles", "K2", "stock-sous-securite"),
        ("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif"),
    ]
    assert checked.blocking == [("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif")]
    message = checked.issue(("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif")).message
    assert message == "vente de 5 le 27/11/2026 : le stock de ART-0001 passe de 3 à -2"


def test_a_sale_entered_before_the_delivery_that_covers_it_is_blocking(workbooks):
    """2.1.1 Achats et stocks — aléa stock négatif : une vente saisie à une date antérieure à la
    réception qui la couvre rend le stock négatif ce jour-là, même si le stock final est positif ;
    l'achat qui suit un stock négatif prend son propre coût comme CUMP."""
    workbooks.sheet(*ITEMS).append(new_item(stock_initial=0, stock_securite=0))
    moves = workbooks.sheet(*MOVES)
    sale = moves.append(movement("vente", "ART-0099", 3, day=date(2026, 11, 2)))
    moves.append(movement("achat", "ART-0099", 5, day=date(2026, 11, 3), number=NEXT_MOVE + 1,
                          cout_unitaire=14))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Mouvements", f"E{sale}", "stock-negatif")]
    # 0 − 3 + 5 = 2 units; the stock was −3 before the purchase: CUMP = 14,00 €; 2 × 14 = 28
    item = level(checked, "ART-0099")
    assert (item["stock"], item["cout_unitaire"], item["valeur"]) == (
        Decimal(2), Decimal("14.00"), Decimal("28.00"))


def test_agora_build_refuses_to_publish_a_negative_stock(workbooks, tmp_path):
    """2.1.1 Achats et stocks — aléa stock négatif : « agora build » s'arrête avec le code 1, cite
    la cellule du mouvement fautif et ne publie aucun site."""
    row = workbooks.sheet(*MOVES).append(movement("vente", "ART-0001", 5))
    out = tmp_path / "sortie"

    done = workbooks.agora("build", "--workbooks", str(workbooks.folder),
                           "--schemas", str(SCHEMAS), "--out", str(out))

    assert done.returncode == 1
    assert f"[stock-negatif] stock.xlsx › Mouvements › E{row} : vente de 5" in done.stderr
    assert "Publication arrêtée" in done.stderr
    assert not (out / "site").exists() and not (out / "site-gestion").exists()


def test_selling_the_last_units_shows_a_stock_out_in_the_alerts(workbooks, demo):
    """2.1.1 Achats et stocks — aléa rupture de stock : après la vente des 3 dernières vitrines,
    l'article passe en tête des alertes « rupture » et le personnel voit deux ruptures au lieu
    d'une."""
    before = dict(demo.staff_figure("stock_alertes_synthese").iter_rows())
    workbooks.sheet(*MOVES).append(movement("vente", "ART-0001", 3))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Articles", "K2", "stock-sous-securite")]
    assert checked.blocking == []
    alerts = checked.management_figure("stock_alertes")
    assert alerts.select("reference", "alerte").rows()[:2] == [
        ("ART-0001", "rupture"), ("ART-0018", "rupture"),
    ]
    assert (level(checked, "ART-0001")["stock"], level(checked, "ART-0001")["valeur"]) == (
        Decimal(0), Decimal("0.00"))
    after = dict(checked.staff_figure("stock_alertes_synthese").iter_rows())
    assert (before["rupture"], after["rupture"]) == (1, 2)
    assert after["sous le seuil"] == before["sous le seuil"] == 2


def test_a_stock_out_shows_the_customer_orders_it_hits(workbooks):
    """2.1.1 Achats et stocks — aléa rupture de stock : les 3 dernières vitrines vendues, une
    commande de 2 vitrines arrive le lendemain ; le tableau de bord du stock montre la rupture,
    les 2 qui manquent et la commande touchée, que le contrôle des commandes signale aussi."""
    workbooks.sheet(*MOVES).append(movement("vente", "ART-0001", 3))
    workbooks.sheet(*ORDERS).append({
        "numero_commande": "CO-2026-00640", "date_commande": AFTER_THE_COUNT,
        "code_client": "C0019", "statut": "confirmée", "urgente": "non",
        "date_livraison_souhaitee": date(2026, 12, 10), "commercial": "S003"})
    line = workbooks.sheet(*ORDER_LINES).append({
        "numero_commande": "CO-2026-00640", "ligne": 1, "reference": "ART-0001",
        "designation": "Vitrine réfrigérée ventilée 1,00 m", "quantite": 2,
        "prix_unitaire_ht": Decimal("2608.50"), "taux_tva": 20})

    checked = workbooks.validate()

    flagged = ("ventes.xlsx", "LignesCommande", f"E{line}", "commande-rupture-stock")
    assert checked.new_findings == [("stock.xlsx", "Articles", "K2", "stock-sous-securite"),
                                    flagged]
    short = one_row(checked.management_figure("stock_ruptures"), reference="ART-0001")
    assert (short["stock"], short["a_livrer"], short["commandes_clients"], short["manque"]) == (
        Decimal(0), Decimal(2), 1, Decimal(2))
    hit = checked.management_figure("stock_ruptures_commandes")
    assert hit.select("reference", "numero_commande", "code_client", "reste_a_livrer",
                      "_ligne").rows() == [
        ("ART-0001", "CO-2026-00640", "C0019", Decimal(2), line),
        ("ART-0018", "CO-2026-00635", "C0031", Decimal(1), 1159),
    ]
    pages = {item.path: item for item in stock_files(checked.computed, checked.issues)}
    dashboard = pages[STOCK_PAGE].body
    assert ("| ART\\-0001 | CO\\-2026\\-00640 | 28/11/2026 | Communauté de communes du Val "
            "de Saône | 1 | 2 | 10/12/2026 | non | signalée (commande\\-rupture\\-stock) |") \
        in dashboard


def test_breakage_lowers_the_stock_and_its_value_at_the_same_cump(workbooks, demo):
    """2.1.1 Achats et stocks — aléa casse : deux vitrines brisées sortent du stock au CUMP, qui
    ne change pas : le stock passe de 3 à 1 et de 5 636,33 € à 1 878,78 €, sous le stock de
    sécurité ; la casse de l'exercice compte les 2 vitrines, pour 3 757,56 €."""
    before = level(demo, "ART-0001")
    assert (before["stock"], before["cout_unitaire"], before["valeur"]) == (
        Decimal(3), Decimal("1878.7778"), Decimal("5636.33"))  # 3 × 1 878,7778 = 5 636,3334
    workbooks.sheet(*MOVES).append(
        movement("casse", "ART-0001", 2, day=AFTER_THE_COUNT,
                 commentaire="Vitres brisées au déchargement"))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Articles", "K2", "stock-sous-securite")]
    after = level(checked, "ART-0001")
    assert (after["stock"], after["cout_unitaire"], after["valeur"]) == (
        Decimal(1), Decimal("1878.7778"), Decimal("1878.78"))
    assert after["alerte"] == "sous le seuil"
    broken = one_row(checked.management_figure("stock_incidents"), reference="ART-0001",
                     type="casse")
    assert (broken["quantite"], broken["valeur"]) == (Decimal(2), Decimal("3757.56"))
    month = one_row(checked.management_figure("stock_mouvements_mensuels"), mois="2026-11",
                    type="casse")
    old = one_row(demo.management_figure("stock_mouvements_mensuels"), mois="2026-11",
                  type="casse")
    assert (month["mouvements"], month["quantite"]) == (old["mouvements"] + 1,
                                                        old["quantite"] + 2)


def test_breakage_of_a_new_item_hand_computed(workbooks):
    """2.1.1 Achats et stocks — aléa casse : 10 cordons en stock, 5 achetés au même coût de 12,50
    €, 3 cassés : il en reste 12 valant 150,00 €."""
    workbooks.sheet(*ITEMS).append(new_item())
    moves = workbooks.sheet(*MOVES)
    moves.append(movement("achat", "ART-0099", 5, day=date(2026, 11, 2), cout_unitaire=12.5))
    moves.append(movement("casse", "ART-0099", 3, day=date(2026, 11, 10), number=NEXT_MOVE + 1))

    checked = workbooks.validate()

    assert checked.new_findings == []
    item = level(checked, "ART-0099")
    assert (item["entrees"], item["sorties"], item["stock"]) == (
        Decimal(5), Decimal(3), Decimal(12))
    assert item["valeur"] == Decimal("150.00")  # 12 × 12,50 €
    assert item["alerte"] is None  # 12 ≥ safety stock of 4


def test_stock_is_valued_at_weighted_average_cost(workbooks):
    """2.1.1 Achats et stocks — fiche de stock : 10 cordons à 12,50 € puis 5 achetés à 14,00 €
    donnent un CUMP de 13,00 €, et les 12 restants après la casse de 3 valent 156,00 €."""
    workbooks.sheet(*ITEMS).append(new_item())
    moves = workbooks.sheet(*MOVES)
    moves.append(movement("achat", "ART-0099", 5, day=date(2026, 11, 2), cout_unitaire=14))
    moves.append(movement("casse", "ART-0099", 3, day=date(2026, 11, 10), number=NEXT_MOVE + 1))

    checked = workbooks.validate()

    # CUMP = (10 × 12,50 + 5 × 14,00) / 15 = 195,00 / 15 = 13,00 €
    item = level(checked, "ART-0099")
    assert (item["stock"], item["cout_unitaire"], item["valeur"]) == (
        Decimal(12), Decimal("13.00"), Decimal("156.00"))


def test_the_stock_card_written_by_hand(workbooks):
    """2.1.1 Achats et stocks — fiche de stock : chaque mouvement avec son entrée (quantité, coût
    unitaire, montant) ou sa sortie (quantité, CUMP, montant) et le stock après lui (quantité,
    CUMP, valeur) ; le retour d'un client rentre au CUMP, l'achat suivant le recalcule."""
    workbooks.sheet(*ITEMS).append(new_item())
    moves = workbooks.sheet(*MOVES)
    for offset, (kind, quantity, day, cost) in enumerate([
            ("achat", 5, date(2026, 11, 2), 14), ("vente", 6, date(2026, 11, 4), None),
            ("retour_client", 1, date(2026, 11, 5), 99), ("achat", 8, date(2026, 11, 9), 15.2),
            ("casse", 3, date(2026, 11, 10), None)]):
        moves.append(movement(kind, "ART-0099", quantity, day=day, number=NEXT_MOVE + offset,
                              cout_unitaire=cost))

    checked = workbooks.validate()

    card = checked.management_figure("stock_fiches").filter(reference="ART-0099")
    assert card.select("type", "entree_quantite", "entree_cout_unitaire", "entree_montant",
                       "sortie_quantite", "sortie_cump", "sortie_montant", "stock", "cump",
                       "valeur").rows() == [
        ("stock_initial", 10, Decimal("12.5"), Decimal("125.00"), None, None, None,
         10, Decimal("12.50"), Decimal("125.00")),
        ("achat", 5, 14, Decimal("70.00"), None, None, None, 15, 13, Decimal("195.00")),
        ("vente", None, None, None, 6, 13, Decimal("78.00"), 9, 13, Decimal("117.00")),
        # the 99 € typed on the return is not used: it comes back at the CUMP
        ("retour_client", 1, 13, Decimal("13.00"), None, None, None, 10, 13, Decimal("130.00")),
        # (130,00 + 8 × 15,20 = 121,60) / 18 = 251,60 / 18 = 13,9777… → 13,9778
        ("achat", 8, Decimal("15.2"), Decimal("121.60"), None, None, None,
         18, Decimal("13.9778"), Decimal("251.60")),  # 18 × 13,9778 = 251,6004
        ("casse", None, None, None, 3, Decimal("13.9778"), Decimal("41.93"),
         15, Decimal("13.9778"), Decimal("209.67")),  # 41,9334; 209,667
    ]
    month = one_row(checked.management_figure("stock_cump_mensuel"), reference="ART-0099",
                    mois="2026-11")
    # period-end CUMP: (125,00 + 70,00 + 121,60) / (10 + 5 + 8) = 316,60 / 23 = 13,7652…
    assert (month["achats_quantite"], month["achats_montant"], month["cump_periode"]) == (
        13, Decimal("191.60"), Decimal("13.7652"))


def test_defective_goods_returned_to_the_supplier_leave_the_stock(workbooks, demo):
    """2.1.1 Achats et stocks — aléa marchandise défectueuse retournée : le retour d'une vitrine au
    fournisseur fait passer le stock de 8 à 7, valorisé 7 × 2 222,85 € = 15 559,95 €, et compte
    dans les retours de l'exercice."""
    before = level(demo, "ART-0002")
    assert (before["stock"], before["cout_unitaire"]) == (Decimal(8), Decimal("2222.85"))
    workbooks.sheet(*MOVES).append(movement("retour_fournisseur", "ART-0002", 1,
                                            day=AFTER_THE_COUNT,
                                            commentaire="Groupe froid défectueux"))

    checked = workbooks.validate()

    assert checked.new_findings == []
    item = level(checked, "ART-0002")
    assert (item["stock"], item["valeur"]) == (Decimal(7), Decimal("15559.95"))
    returned = one_row(checked.management_figure("stock_incidents"), reference="ART-0002",
                       type="retour_fournisseur")
    assert (returned["quantite"], returned["valeur"]) == (Decimal(1), Decimal("2222.85"))


def test_a_purchase_without_its_unit_cost_is_blocking(workbooks):
    """2.1.1 Achats et stocks — aléa bon de réception incomplet : un achat saisi sans coût unitaire
    ne peut pas être valorisé et bloque, à la cellule du coût."""
    row = workbooks.sheet(*MOVES).append(movement("achat", "ART-0001", 3))

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Mouvements", f"F{row}", "achat-sans-cout")]


def test_a_movement_of_an_unknown_item_is_blocking(workbooks):
    """2.1.1 Achats et stocks — aléa référence erronée : une sortie d'un article absent de la
    feuille Articles est signalée à sa référence, et part d'un stock nul."""
    row = workbooks.sheet(*MOVES).append(movement("vente", "ART-0099", 3))

    checked = workbooks.validate()

    assert checked.new_findings == [
        ("stock.xlsx", "Mouvements", f"C{row}", "reference-introuvable"),
        ("stock.xlsx", "Mouvements", f"E{row}", "stock-negatif"),
    ]


def test_reorder_point_and_suggested_order_with_the_organisation_settings(workbooks):
    """2.1.1 Achats et stocks — point de commande : avec une consommation mesurée sur 30 jours
    (feuille Reglages), 6 cordons vendus en novembre font 0,2 par jour ; point de commande =
    0,2 × 5 jours + 4 = 5 ; au stock de 3,5, il faut commander 5 + 0,2 × 15 jours − 3,5 = 4,5,
    soit 5 cordons à l'unité supérieure, 62,50 € au CUMP."""
    settings = workbooks.sheet(*SETTINGS)
    settings.set(settings.row_of("jours_consommation_moyenne"), "valeur", 30)
    settings.set(settings.row_of("jours_couverture_stock"), "valeur", 15)
    item = workbooks.sheet(*ITEMS).append(new_item())
    moves = workbooks.sheet(*MOVES)
    moves.append(movement("vente", "ART-0099", 3, day=date(2026, 11, 2)))
    moves.append(movement("vente", "ART-0099", 3, day=date(2026, 11, 16), number=NEXT_MOVE + 1))
    moves.append(movement("vente", "ART-0099", 0.5, day=date(2026, 10, 30),
                          number=NEXT_MOVE + 2))  # 31 days before the as-of date: not counted

    checked = workbooks.validate()

    assert checked.new_findings == [("stock.xlsx", "Articles", f"K{item}", "stock-sous-securite")]
    row = one_row(checked.management_figure("stock_reappro"), reference="ART-0099")
    assert (row["ventes_periode"], row["consommation_jour"], row["point_commande"]) == (
        6, Decimal("0.2"), 5)
    assert (row["stock"], row["a_commander"], row["quantite_suggeree"], row["valeur_suggeree"]) \
        == (Decimal("3.5"), True, 5, Decimal("62.50"))


def test_the_demo_inventory_difference_is_a_warning_until_it_is_adjusted(workbooks, demo):
    """2.1.1 Achats et stocks — écart d'inventaire : le comptage du 27/11/2026 trouve une boîte de
    sondes de moins que le stock théorique ; aucun ajustement ne le régularise : avertissement à la
    quantité comptée. L'ajustement en moins saisi le lendemain le régularise."""
    counts = workbooks.sheet(*COUNTS)
    row = counts.row_of(date(2026, 11, 27), reference="ART-0028")
    finding = counts.at(row, "quantite_comptee", "ecart-inventaire")
    assert finding in demo.findings
    difference = one_row(demo.management_figure("stock_inventaire"), reference="ART-0028",
                         date_inventaire=date(2026, 11, 27))
    cump = difference["cump"]
    assert (difference["stock_theorique"] - difference["quantite_comptee"], difference["ecart"],
            difference["valeur_ecart"]) == (1, -1, -to_cent(cump))
    june = demo.management_figure("stock_inventaire_synthese").row(0, named=True)
    assert (june["date_inventaire"], june["ecarts_restants"]) == (date(2026, 6, 30), 0)
    assert june["articles_comptes"] == 59 and june["ecarts"] > 0  # every active item

    workbooks.sheet(*MOVES).append(movement("ajustement_moins", "ART-0028", 1,
                                            day=AFTER_THE_COUNT,
                                            commentaire="Écart de l'inventaire du 27/11"))
    checked = workbooks.validate()

    assert finding not in checked.findings and checked.new_findings == []
    settled = one_row(checked.management_figure("stock_inventaire"), reference="ART-0028",
                      date_inventaire=date(2026, 11, 27))
    assert (settled["regularisation"], settled["ecart_restant"]) == (-1, 0)


def test_a_count_above_the_theoretical_stock_by_hand(workbooks):
    """2.1.1 Achats et stocks — écart d'inventaire : 8 cordons au stock théorique du 20/11/2026
    après la vente de 2, 12 comptés : écart de +4, soit 50,00 € au CUMP de 12,50 €, qu'aucun
    ajustement ne régularise."""
    workbooks.sheet(*ITEMS).append(new_item())
    workbooks.sheet(*MOVES).append(movement("vente", "ART-0099", 2, day=date(2026, 11, 20)))
    row = workbooks.sheet(*COUNTS).append({"date_inventaire": date(2026, 11, 20),
                                           "reference": "ART-0099", "quantite_comptee": 12,
                                           "compteur": "Équipe logistique"})

    checked = workbooks.validate()

    finding = ("stock.xlsx", "Inventaire", f"C{row}", "ecart-inventaire")
    assert checked.new_findings == [finding]
    assert checked.issue(finding).message == (
        "inventaire du 20/11/2026 : 12 ART-0099 comptés pour un stock théorique de 8 (écart de 4, "
        "soit 50,00\u00a0€ au CUMP) ; aucun ajustement daté de ce jour ou après ne le régularise")


@pytest.mark.parametrize("kind", ["perte", "casse"])
def test_losses_and_breakage_are_damaged_stock_of_the_year(workbooks, demo, kind):
    """2.1.1 Achats et stocks — aléa stock endommagé : une perte ou une casse de 2 cordons sort au
    CUMP de 12,50 € et s'ajoute aux incidents de l'exercice, 25,00 €."""
    workbooks.sheet(*ITEMS).append(new_item())
    workbooks.sheet(*MOVES).append(movement(kind, "ART-0099", 2, day=date(2026, 11, 20)))

    checked = workbooks.validate()

    row = one_row(checked.management_figure("stock_incidents"), reference="ART-0099", type=kind)
    assert (row["mouvements"], row["quantite"], row["valeur"]) == (1, 2, Decimal("25.00"))
