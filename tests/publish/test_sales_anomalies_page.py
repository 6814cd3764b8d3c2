"""« Anomalies des ventes »: the manager's anomaly report of the sales, by kind."""

from datetime import date

from pipelines.issues import Issue, IssueType, Severity, SourceRef, catalogue
from pipelines.publish.sales_anomalies_page import (
    OTHERS,
    SALES_ANOMALIES_PAGE,
    kind_of,
    sales_anomalies_page,
)
from pipelines.publish.sites import MANAGEMENT_NAV, build_sites

from .builds import computed

AS_OF = date(2026, 11, 30)


def issue(code, sheet, cell_row, column, message, severity=Severity.AVERTISSEMENT,
          workbook="ventes.xlsx"):
    return Issue(code, severity, SourceRef(workbook, sheet, cell_row, column), message)


NOT_DELIVERED = issue("facture-quantite-non-livree", "LignesFacture", 178, "E",
                      "ligne 2 de FA-2026-00100 : 8 ART-0041 facturés, aucun livré",
                      Severity.BLOQUANT)
OVER_DELIVERED = issue("livraison-quantite-superieure-commande", "LignesLivraison", 173, "E",
                       "livraison BL-2026-00100 : 8 ART-0040 livrés, pas dans la commande")
UNMATCHED = issue("reglement-non-lettre", "Reglements", 12, "A",
                  "le règlement RG-2026-00011 de 500,00 € ne règle aucune facture")
CREDIT_NOTE = issue("avoir-depasse-facture", "Factures", 640, "W",
                    "l'avoir AV-2026-00005 dépasse sa facture <b>de 10 €</b>", Severity.BLOQUANT)
OVER_LIMIT = issue("encours-depasse-plafond", "Clients", 5, "Q",
                   "encours de 17 650,40 € pour un plafond de 15 000,00 €",
                   workbook="clients.xlsx")
STOCK_OUT = issue("commande-rupture-stock", "LignesCommande", 1200, "E", "il en manque 3")
URGENT = issue("commande-urgente", "Commandes", 633, "I", "commande urgente CO-2026-00632")
BLANK = issue("valeur-obligatoire", "Factures", 12, "D", "la date de la facture est vide",
              Severity.BLOQUANT)
STAFF = issue("nir-invalide", "Salariés", 7, "F", "le NIR est invalide", Severity.BLOQUANT,
              workbook="personnel.xlsx")
PROSPECT = issue("relance-prospect-depassee", "Prospects", 4, "L", "relance dépassée",
                 workbook="clients.xlsx")
ISSUES = [STAFF, URGENT, STOCK_OUT, OVER_LIMIT, CREDIT_NOTE, UNMATCHED, OVER_DELIVERED,
          NOT_DELIVERED, BLANK, PROSPECT]
DOCUMENTED = [IssueType("facture-quantite-non-livree", "Quantité facturée non livrée", "…",
                        Severity.BLOQUANT, adjustable=True)]


def test_each_sales_finding_has_its_kind_and_the_others_are_left_out():
    kinds = {found.code: kind_of(found) for found in ISSUES}
    assert kinds["facture-quantite-non-livree"] is kinds["livraison-quantite-superieure-commande"]
    assert kinds["reglement-non-lettre"].title == "Règlements et lettrage"
    assert kinds["encours-depasse-plafond"].title == "Plafonds de crédit et clients à risque"
    assert kinds["valeur-obligatoire"] is OTHERS
    assert kinds["nir-invalide"] is None and kinds["relance-prospect-depassee"] is None


def test_the_page_groups_by_kind_with_place_code_and_message():
    page = sales_anomalies_page(ISSUES, DOCUMENTED, AS_OF)
    body = page.body
    assert page.path == SALES_ANOMALIES_PAGE and page.meta == {"hide": ["toc"]}
    headings = [line for line in body.splitlines() if line.startswith("## ")]
    assert headings == [
        "## Factures qui ne concordent pas avec les commandes ou les livraisons",
        "## Règlements et lettrage",
        "## Avoirs",
        "## Plafonds de crédit et clients à risque",
        "## Ruptures de stock sur commande",
        "## Commandes urgentes et retards de livraison",
        "## Autres anomalies du classeur des ventes",
    ]
    assert ("| **Bloquant** | ventes\\.xlsx › LignesFacture › E178 | "
            "[facture\\-quantite\\-non\\-livree](anomalies.md#facture-quantite-non-livree) | "
            "ligne 2 de FA\\-2026\\-00100 : 8 ART\\-0041 facturés, aucun livré |") in body
    assert "| Avertissement | clients\\.xlsx › Clients › Q5 | encours\\-depasse\\-plafond |" in body
    assert "&lt;b&gt;de 10 €&lt;/b&gt;" in body and "<b>" not in body
    assert "NIR" not in body and "relance dépassée" not in body
    assert body.index("E178") < body.index("LignesLivraison › E173")
    assert "8 anomalies dans les ventes au 30 novembre 2026, dont 3 bloquantes." in body
    assert "| Factures qui ne concordent pas avec les commandes ou les livraisons | 2 | 1 |" in body
    assert body.endswith(
        "Sources : clients\\.xlsx › Clients, ventes\\.xlsx › Commandes, ventes\\.xlsx › "
        "Factures, ventes\\.xlsx › LignesCommande, ventes\\.xlsx › LignesFacture, "
        "ventes\\.xlsx › LignesLivraison, ventes\\.xlsx › Reglements — données au "
        "30 novembre 2026\n{: .agora-source }")


def test_blocking_findings_come_first_in_their_kind():
    late = issue("livraison-commande-annulee", "Livraisons", 3, "C", "annulée",
                 Severity.BLOQUANT)
    body = sales_anomalies_page([OVER_DELIVERED, late], [], AS_OF).body
    assert body.index("Livraisons › C3") < body.index("LignesLivraison › E173")


def test_warnings_only_say_that_none_is_blocking():
    body = sales_anomalies_page([OVER_DELIVERED, UNMATCHED], [], AS_OF).body
    assert "2 anomalies dans les ventes au 30 novembre 2026, dont aucune bloquante." in body
    body = sales_anomalies_page([OVER_DELIVERED, NOT_DELIVERED], [], AS_OF).body
    assert "2 anomalies dans les ventes au 30 novembre 2026, dont 1 bloquante." in body


def test_without_sales_findings_the_page_says_so():
    body = sales_anomalies_page([STAFF], [], AS_OF).body
    assert "Aucune anomalie dans les ventes au 30 novembre 2026" in body
    assert "## " not in body
    assert body.endswith("Source : ventes\\.xlsx — données au 30 novembre 2026\n"
                         "{: .agora-source }")


def test_the_page_is_in_the_management_site_and_its_navigation():
    sites = {site.kind: site for site in build_sites(computed(), [NOT_DELIVERED], catalogue())}
    management = {item.path: item for item in sites["gestion"].files}
    staff = {item.path for item in sites["personnel"].files}
    assert "ligne 2 de FA" in management[SALES_ANOMALIES_PAGE].body
    assert SALES_ANOMALIES_PAGE not in staff
    assert {"Anomalies des ventes": SALES_ANOMALIES_PAGE} in MANAGEMENT_NAV
