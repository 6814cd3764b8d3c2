"""The demo catalogue: sixty stocked items per scale unit (the « Articles » sheet).

Refrigerated display cases and cabinets, spare parts, refrigerants, LED lighting,
consumables, tools and one book (at the reduced VAT rate).
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Family:
    category: str  # the item category
    supplier_category: str  # the « categorie » of the suppliers that sell it
    unit: str
    name: str
    variants: tuple[tuple[str, str], ...]  # (variant label, purchase price HT)
    sale_probability: float  # chance of a sale on a working day
    max_sale: int
    vat_percent: str = "20"


FAMILIES = (
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Vitrine réfrigérée ventilée",
           (("1,00 m", "1850"), ("1,25 m", "2190"), ("1,50 m", "2540"), ("1,88 m", "3120")), 0.04, 2),
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Armoire réfrigérée positive",
           (("400 L", "1080"), ("700 L", "1490"), ("1 400 L", "2350")), 0.05, 2),
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Armoire réfrigérée négative",
           (("600 L", "1620"), ("1 400 L", "2890")), 0.03, 1),
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Table réfrigérée",
           (("2 portes", "1290"), ("3 portes", "1640")), 0.04, 1),
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Saladette réfrigérée",
           (("GN 1/3", "890"),), 0.03, 1),
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Machine à glaçons",
           (("25 kg/24 h", "1150"), ("45 kg/24 h", "1780")), 0.03, 1),
    Family("Froid commercial", "Matériel frigorifique", "pièce", "Rideau de nuit pour vitrine",
           (("1,25 m", "64"), ("1,88 m", "82")), 0.05, 2),
    Family("Pièces détachées", "Pièces détachées", "pièce", "Compresseur hermétique",
           (("1/2 CV", "310"), ("3/4 CV", "385"), ("1 CV", "460")), 0.08, 2),
    Family("Pièces détachées", "Pièces détachées", "pièce", "Ventilateur d'évaporateur",
           (("10 W", "38.50"), ("16 W", "46.90")), 0.12, 3),
    Family("Pièces détachées", "Pièces détachées", "pièce", "Thermostat électronique",
           (("simple", "54"), ("avec sonde de dégivrage", "79")), 0.10, 3),
    Family("Pièces détachées", "Pièces détachées", "pièce", "Détendeur thermostatique",
           (("R290", "88"), ("R744", "142")), 0.06, 2),
    Family("Pièces détachées", "Pièces détachées", "mètre", "Joint de porte magnétique",
           (("blanc", "12.40"), ("gris", "12.40")), 0.15, 6),
    Family("Pièces détachées", "Pièces détachées", "boîte",
           "Sondes de température NTC (boîte de 10)", (("", "29.90"),), 0.08, 2),
    Family("Pièces détachées", "Pièces détachées", "pièce", "Résistance de dégivrage",
           (("300 W", "24.50"), ("600 W", "36")), 0.07, 3),
    Family("Fluides", "Fluides frigorigènes", "kg", "Fluide frigorigène",
           (("R290 (propane)", "18.50"), ("R744 (CO2)", "9.80"), ("R452A", "42")), 0.15, 5),
    Family("Fluides", "Fluides frigorigènes", "litre", "Huile POE pour compresseur",
           (("", "21"),), 0.08, 3),
    Family("Éclairage", "Éclairage", "pièce", "Dalle LED 600×600",
           (("36 W", "24.90"), ("40 W UGR<19", "31.50")), 0.20, 20),
    Family("Éclairage", "Éclairage", "pièce", "Projecteur LED",
           (("50 W", "39"), ("100 W", "68"), ("150 W", "94")), 0.10, 6),
    Family("Éclairage", "Éclairage", "mètre", "Ruban LED 24 V",
           (("blanc chaud", "6.20"), ("blanc neutre", "6.20")), 0.15, 25),
    Family("Éclairage", "Éclairage", "boîte", "Spots encastrables LED",
           (("7 W, boîte de 10", "58"), ("10 W, boîte de 10", "72")), 0.10, 4),
    Family("Éclairage", "Éclairage", "carton", "Tubes LED T8",
           (("120 cm, carton de 25", "112"), ("150 cm, carton de 25", "135")), 0.06, 3),
    Family("Éclairage", "Éclairage", "pièce", "Suspension LED linéaire",
           (("120 cm", "89"), ("150 cm", "109")), 0.08, 6),
    Family("Éclairage", "Éclairage", "pièce", "Alimentation LED 24 V",
           (("60 W", "27"), ("150 W", "49")), 0.10, 5),
    Family("Éclairage", "Éclairage", "pièce", "Détecteur de présence",
           (("plafond 360°", "34"),), 0.08, 5),
    Family("Éclairage", "Éclairage", "carton", "Tubes fluorescents T8 58 W (carton de 25)",
           (("", "48"),), 0.0, 1),
    Family("Consommables", "Consommables", "boîte", "Colliers de serrage (boîte de 100)",
           (("", "7.90"),), 0.10, 5),
    Family("Consommables", "Consommables", "mètre", "Gaine isolante",
           (("Ø 12 mm", "2.40"), ("Ø 18 mm", "3.10")), 0.12, 20),
    Family("Consommables", "Consommables", "pièce", "Ruban adhésif aluminium",
           (("50 m", "8.60"),), 0.08, 6),
    Family("Consommables", "Consommables", "litre", "Nettoyant pour condenseur",
           (("5 L", "19.50"),), 0.06, 3),
    Family("Consommables", "Consommables", "lot", "Lot de raccords flare",
           (("1/4 à 5/8", "45"),), 0.05, 2),
    Family("Outillage", "Outillage", "pièce", "Manomètre électronique",
           (("2 voies", "289"),), 0.02, 1),
    Family("Outillage", "Outillage", "pièce", "Pompe à vide",
           (("2 étages", "345"),), 0.02, 1),
    Family("Documentation", "Fournitures de bureau", "pièce",
           "Guide pratique du froid commercial (livre)", (("", "32"),), 0.03, 2, "5.5"),
)

INACTIVE_ITEM = "Tubes fluorescents T8 58 W (carton de 25)"
_AISLES = {"Froid commercial": "A", "Pièces détachées": "B", "Fluides": "C", "Éclairage": "D",
           "Consommables": "E", "Outillage": "F", "Documentation": "G"}


@dataclass(frozen=True)
class Item:
    reference: str
    designation: str
    family: Family
    purchase_price: Decimal
    supplier: str
    lead_days: int
    initial: Decimal
    safety: Decimal
    active: bool


def designations() -> list[tuple[str, Family, Decimal]]:
    """The sixty items of one scale unit: (designation, family, purchase price)."""
    return [(f"{family.name} {label}".strip(), family, Decimal(price))
            for family in FAMILIES for label, price in family.variants]


def _lead_days(rng: random.Random, country: str) -> int:
    if country == "FR":
        return rng.randint(3, 10)
    return {"CN": 45, "CH": 15, "GB": 15}.get(country, rng.randint(10, 20))


def items(rng: random.Random, scale: int, suppliers: list[dict]) -> list[Item]:
    catalogue, result = designations(), []
    for block in range(scale):
        sellers = suppliers[15 * block: 15 * (block + 1)]
        for designation, family, price in catalogue:
            candidates = [s for s in sellers if s["categorie"] == family.supplier_category]
            seller = rng.choice(candidates)
            lead = _lead_days(rng, seller["pays"])
            daily = family.sale_probability * (family.max_sale + 1) / 2
            active = designation != INACTIVE_ITEM
            safety = Decimal(math.ceil(daily * lead * 1.5) + 1) if active else Decimal(0)
            initial = Decimal(max(int(daily * 40), 2) + rng.randint(0, 3)) if active else Decimal(12)
            suffix = f" (gamme {block + 1})" if block else ""
            result.append(Item(f"ART-{len(result) + 1:04d}", designation + suffix, family,
                               price, seller["code_fournisseur"], lead, initial, safety, active))
    return result


def article_row(item: Item, rng: random.Random) -> dict:
    margin = Decimal(rng.randint(135, 165)) / 100
    aisle = _AISLES[item.family.category]
    return {
        "reference": item.reference, "designation": item.designation,
        "categorie": item.family.category, "unite": item.family.unit,
        "code_fournisseur": item.supplier, "prix_achat_ht": item.purchase_price,
        "prix_vente_ht": (item.purchase_price * margin).quantize(CENT, ROUND_HALF_UP),
        "taux_tva": Decimal(item.family.vat_percent), "stock_initial": item.initial,
        "cout_unitaire_initial": item.purchase_price, "stock_securite": item.safety,
        "delai_reappro_jours": item.lead_days,
        "emplacement": f"{aisle}-{rng.randint(1, 12):02d}-{rng.randint(1, 4)}",
        "actif": item.active,
    }
