"""Benchmark of the stock valuation at weighted average unit cost (CUMP) after each entry.

    .venv/bin/python benchmarks/stock_bench.py [--items 2000] [--movements 500]

Generates, deterministically (fixed seed), ``--items`` items with ``--movements``
movements each over the year 2026 (1,000,000 by default: about 15 % purchases with their
cost, of 10 to 60 units, 70 % sales, the rest returns, losses, breakage and inventory
adjustments, of 1 to 10 units), typed as the validator types the sheets Articles and
Mouvements, then measures in one run:

1. the stock cards: every movement in order with its entry or exit amount and the balance
   after it (stock, CUMP, value) — `pipelines.compute.stock.stock_card`;
2. the stock levels at the as-of date from those cards — `stock_levels`.

It then checks a few items against a plain Decimal reading of the rules and fails (exit
code 1) on a difference: the timings only count when the values are right.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from pipelines.compute.money import cents_to_money  # noqa: E402
from pipelines.compute.stock import stock_card, stock_levels  # noqa: E402
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN  # noqa: E402
from pipelines.records import EXIT_TYPES  # noqa: E402

SEED = 2026
START, AS_OF = date(2026, 1, 1), date(2026, 11, 30)
KINDS = ("achat", "vente", "retour_client", "retour_fournisseur", "perte", "casse",
         "ajustement_plus", "ajustement_moins")
SHARES = (0.15, 0.70, 0.03, 0.02, 0.03, 0.03, 0.02, 0.02)
CHECKED_ITEMS = 5


def generate(items: int, per_item: int) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The Articles and Mouvements frames (Decimal(38, 6) numbers, as validated)."""
    rng = np.random.default_rng(SEED)
    references = [f"ART-{n:04d}" if n < 10_000 else f"ART-{n}" for n in range(1, items + 1)]
    articles = pl.DataFrame({
        "reference": references,
        "designation": [f"Article {n}" for n in range(1, items + 1)],
        "categorie": [f"Famille {n % 7}" for n in range(items)],
        "unite": ["pièce"] * items,
        "emplacement": [None] * items, "code_fournisseur": ["F0001"] * items,
        "stock_initial": rng.integers(50, 500, items),
        "cout_unitaire_initial": rng.integers(1_000, 50_000, items),  # in cents
        "stock_securite": [10] * items, "actif": [True] * items,
    }).with_columns(pl.col("stock_initial", "stock_securite").cast(NUMBER_DTYPE),
                    cout_unitaire_initial=cents_to_money(pl.col("cout_unitaire_initial"))
                    .cast(NUMBER_DTYPE))
    total = items * per_item
    days = (AS_OF - START).days + 1
    kinds = rng.choice(len(KINDS), size=total, p=SHARES)
    costs = rng.integers(1_000, 50_000, total)  # in cents
    movements = pl.DataFrame({
        "id_mouvement": np.arange(1, total + 1),
        "reference": np.repeat(np.array(references), per_item),
        "jour": rng.integers(0, days, total),
        "type": np.array(KINDS)[kinds],
        "quantite": np.where(kinds == 0, rng.integers(10, 61, total),
                             rng.integers(1, 11, total)),
        "cout_unitaire": costs,
    }).with_columns(
        date=pl.lit(START) + pl.duration(days=pl.col("jour")),
        quantite=pl.col("quantite").cast(NUMBER_DTYPE),
        cout_unitaire=pl.when(pl.col("type") == "achat")
        .then(cents_to_money(pl.col("cout_unitaire"))).cast(NUMBER_DTYPE),
        piece=pl.lit(None, pl.String), commentaire=pl.lit(None, pl.String),
    ).drop("jour").with_row_index(ROW_COLUMN, offset=2).with_columns(
        pl.col(ROW_COLUMN).cast(pl.Int64))
    return articles, movements


def timed(label: str, action):
    start = time.perf_counter()
    result = action()
    elapsed = time.perf_counter() - start
    print(f"{label:<60} {elapsed:8.2f} s")
    return result, elapsed


def _cent(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _cump(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


def expected_balance(article: dict, moves: list[dict]) -> tuple[Decimal, Decimal, Decimal]:
    """(stock, CUMP, value) after the item's last movement, by the rules in words."""
    quantity = article["stock_initial"]
    cump = _cump(article["cout_unitaire_initial"])
    for move in sorted(moves, key=lambda m: (m["date"], m["id_mouvement"])):
        moved = move["quantite"]
        if move["type"] == "achat":
            amount = _cent(moved * move["cout_unitaire"])
            before = _cent(quantity * cump)
            cump = _cump(move["cout_unitaire"] if quantity <= 0
                         else (before + amount) / (quantity + moved))
            quantity += moved
        else:
            quantity += -moved if move["type"] in EXIT_TYPES else moved
    return quantity, cump, _cent(quantity * cump)


def main() -> int:
    parser = argparse.ArgumentParser(description="Valorisation du stock au CUMP : banc d'essai.")
    parser.add_argument("--items", type=int, default=2_000, help="nombre d'articles")
    parser.add_argument("--movements", type=int, default=500, help="mouvements par article")
    args = parser.parse_args()

    (articles, movements), _ = timed("génération des articles et des mouvements",
                                     lambda: generate(args.items, args.movements))
    count = movements.height
    print(f"{args.items} articles, {count} mouvements, "
          f"{movements.filter(pl.col('type') == 'achat').height} achats")
    card, card_time = timed("fiches de stock : CUMP après chaque entrée, montants, soldes",
                            lambda: stock_card(articles, movements, AS_OF, START))
    levels, level_time = timed("niveaux et valeur au CUMP à la date d'arrêté",
                               lambda: stock_levels(articles, movements, AS_OF, START, card))
    total = card_time + level_time
    rate = f"{count / total:,.0f}".replace(",", "\u202f")
    print(f"{'valorisation complète':<60} {total:8.2f} s, soit {rate} mouvements par seconde")
    print(f"valeur du stock : {levels['valeur'].sum()} € ({card.height} lignes de fiche)")

    wrong = []
    for article in articles.head(CHECKED_ITEMS).to_dicts():
        moves = movements.filter(pl.col("reference") == article["reference"]).to_dicts()
        found = levels.filter(pl.col("reference") == article["reference"]).row(0, named=True)
        expected = expected_balance(article, moves)
        if (found["stock"], found["cout_unitaire"], found["valeur"]) != expected:
            wrong.append((article["reference"], expected, found))
    if wrong:
        print(f"ÉCHEC : {len(wrong)} article(s) mal valorisé(s) : {wrong}", file=sys.stderr)
        return 1
    print(f"contrôle : {CHECKED_ITEMS} articles recalculés à la main, identiques")
    return 0


if __name__ == "__main__":
    sys.exit(main())
