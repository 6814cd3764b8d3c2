"""Business rules of the quotes (« Devis », 1.2.1: an error on a quote) and of the orders
that come from them.

- An order cites the quote it comes from (``numero_devis``, ``version_devis``; without a
  version, the latest one): that version must be « accepté », of the same customer, and
  still valid on the order date (``date_validite``; the sheet has no acceptance date, the
  order date stands for it).
- An order line takes the price and the discount of the quoted line of the same item.
- A quote that is still alive (draft, sent or accepted) does not sell below the item's
  purchase price (``prix_achat_ht``) once its line discount and its global discount are
  taken off: a sale at a loss; nor does it type a price below the catalogue price
  (``prix_vente_ht``): a discount is written in ``remise_pct``, where the customer sees
  it. The sheets Devis and Commandes have no currency column: their prices are compared as
  they are, in the catalogue's currency.
- A quote's validity date is not before its date; a sent quote whose validity has passed
  is to follow up, or to mark « expiré ».

The commercial checks are the organisation's choice of severity (sheet « Gravites »).
"""

from __future__ import annotations

from decimal import Decimal

import polars as pl

from pipelines.compute.invoice_totals import to_cent
from pipelines.dataset import NUMBER_DTYPE, ROW_COLUMN, Dataset
from pipelines.french import money, number, short_date
from pipelines.issues import Issue, Severity, define_issue_type
from pipelines.law import Parameters
from pipelines.validate.rules import report_dates_in_order, report_rows, rule

ACCEPTED, SENT = "accepté", "envoyé"
ALIVE = ("brouillon", "envoyé", "accepté")
CANCELLED = "annulée"
HUNDRED = Decimal(100)

QUOTE_NOT_ACCEPTED = define_issue_type(
    "commande-devis-non-accepte",
    "Commande d'un devis non accepté",
    "Une commande reprend un devis que le client a accepté : le devis cité (ou sa version) "
    "est encore en brouillon, envoyé, refusé ou expiré. Citez la version acceptée, ou "
    "passez le devis en « accepté » si le client l'a signé.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
QUOTE_EXPIRED = define_issue_type(
    "commande-devis-expire",
    "Commande passée après la fin de validité du devis",
    "La commande est datée d'après la date de validité du devis qu'elle reprend : les prix "
    "et les délais du devis n'engageaient plus l'organisation. Faites un nouveau devis ou "
    "confirmez les conditions au client.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
QUOTE_OTHER_CUSTOMER = define_issue_type(
    "commande-devis-autre-client",
    "Commande d'un devis d'un autre client",
    "Une commande reprend un devis fait au même client : le client de la commande et celui "
    "du devis cité diffèrent. Vérifiez le numéro du devis ou le client.",
    Severity.BLOQUANT,
)
PRICE_NOT_QUOTED = define_issue_type(
    "commande-prix-different-du-devis",
    "Prix de commande différent du devis",
    "Une ligne de commande reprend le prix unitaire et la remise de la ligne du devis "
    "accepté pour le même article : les deux diffèrent. Corrigez la commande, ou faites "
    "une nouvelle version du devis.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
SALE_AT_A_LOSS = define_issue_type(
    "devis-vente-a-perte",
    "Devis à perte",
    "Après la remise de la ligne et la remise globale du devis, le prix unitaire net est "
    "inférieur au prix d'achat de l'article : l'organisation vendrait à perte. Vérifiez le "
    "prix et les remises, ou faites valider le devis par la direction.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
BELOW_LIST_PRICE = define_issue_type(
    "devis-prix-sous-tarif",
    "Prix du devis sous le tarif",
    "Le prix unitaire du devis est inférieur au prix de vente de l'article (feuille "
    "Articles) : une réduction s'écrit dans la colonne de remise, où le client la voit, et "
    "non dans le prix. Corrigez le prix ou le tarif de l'article.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
VALIDITY_BEFORE_DATE = define_issue_type(
    "devis-validite-avant-date",
    "Devis valable jusqu'à une date antérieure à son émission",
    "La date de validité d'un devis est postérieure à sa date : vérifiez les deux dates.",
    Severity.BLOQUANT,
)
QUOTE_TO_FOLLOW_UP = define_issue_type(
    "devis-validite-depassee",
    "Devis envoyé dont la validité est passée",
    "Le client n'a pas répondu à ce devis et sa date de validité est passée : relancez-le "
    "avec un nouveau devis, ou passez celui-ci en « expiré ».",
    Severity.AVERTISSEMENT,
    adjustable=True,
)


def _zero() -> pl.Expr:
    return pl.lit(0).cast(NUMBER_DTYPE)


def cited_quotes(dataset: Dataset) -> pl.DataFrame:
    """The live orders that cite a quote, with ``version`` (the cited one, else the latest)
    and that version's ``statut_devis``, ``client_devis`` and ``date_validite``."""
    quotes = (dataset.frame("devis")
              .filter(pl.col("numero_devis").is_not_null() & pl.col("version").is_not_null())
              .unique(["numero_devis", "version"], keep="first", maintain_order=True))
    latest = quotes.group_by("numero_devis").agg(derniere=pl.col("version").max())
    return (
        dataset.frame("commandes")
        .filter(pl.col("numero_devis").is_not_null()
                & (pl.col("statut").fill_null("") != CANCELLED))
        .join(latest, on="numero_devis", how="inner")
        .with_columns(version=pl.coalesce("version_devis", "derniere"))
        .join(quotes.select("numero_devis", "version", "date_validite",
                            statut_devis="statut", client_devis="code_client"),
              on=["numero_devis", "version"], how="inner")
    )


def _quote_name(row: dict) -> str:
    return f"devis {row['numero_devis']} (version {row['version']})"


@rule("Une commande reprend un devis accepté, encore valable, du même client",
      ["commandes", "devis"])
def order_quote(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["commandes"]
    orders = cited_quotes(dataset).sort(ROW_COLUMN)
    not_accepted = orders.filter(pl.col("statut_devis").is_not_null()
                                 & (pl.col("statut_devis") != ACCEPTED))
    expired = orders.filter(pl.col("date_commande") > pl.col("date_validite"))
    strangers = orders.filter(pl.col("client_devis").is_not_null()
                              & (pl.col("client_devis") != pl.col("code_client")))
    return (
        report_rows(table, not_accepted, QUOTE_NOT_ACCEPTED, "numero_devis",
                    lambda r: f"la commande {r['numero_commande']} reprend le "
                              f"{_quote_name(r)}, qui est « {r['statut_devis']} »")
        + report_rows(table, expired, QUOTE_EXPIRED, "date_commande",
                      lambda r: f"commande {r['numero_commande']} du "
                                f"{short_date(r['date_commande'])} : le {_quote_name(r)} "
                                f"n'était valable que jusqu'au "
                                f"{short_date(r['date_validite'])}")
        + report_rows(table, strangers, QUOTE_OTHER_CUSTOMER, "numero_devis",
                      lambda r: f"la commande {r['numero_commande']} de {r['code_client']} "
                                f"reprend le {_quote_name(r)} fait à {r['client_devis']}")
    )


@rule("Une ligne de commande reprend le prix et la remise du devis",
      ["commandes", "lignes_commande", "devis", "lignes_devis"])
def order_prices_from_quote(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_commande"]
    quoted = (
        dataset.frame("lignes_devis")
        .filter(pl.col("reference").is_not_null())
        .unique(["numero_devis", "version", "reference"], keep="first", maintain_order=True)
        .select("numero_devis", "version", "reference", prix_devis="prix_unitaire_ht",
                remise_devis=pl.col("remise_pct").fill_null(_zero()))
    )
    offending = (
        dataset.frame("lignes_commande")
        .filter(pl.col("reference").is_not_null() & pl.col("prix_unitaire_ht").is_not_null())
        .join(cited_quotes(dataset).select("numero_commande", "numero_devis", "version"),
              on="numero_commande", how="inner")
        .join(quoted, on=["numero_devis", "version", "reference"], how="inner")
        .with_columns(remise=pl.col("remise_pct").fill_null(_zero()))
        .filter(pl.col("prix_devis").is_not_null()
                & ((pl.col("prix_unitaire_ht") != pl.col("prix_devis"))
                   | (pl.col("remise") != pl.col("remise_devis"))))
        .sort(ROW_COLUMN)
    )

    def terms(price, discount) -> str:
        return f"{money(price)} HT" + (f" remisé de {number(discount)} %" if discount else "")

    return report_rows(
        table, offending, PRICE_NOT_QUOTED, "prix_unitaire_ht",
        lambda r: (f"ligne {r['ligne']} de la commande {r['numero_commande']} : "
                   f"{r['reference']} à {terms(r['prix_unitaire_ht'], r['remise'])}, le "
                   f"{_quote_name(r)} dit {terms(r['prix_devis'], r['remise_devis'])}"))


def _net_price(row: dict) -> Decimal:
    kept = ((HUNDRED - (row["remise_pct"] or 0)) * (HUNDRED - (row["remise_globale_pct"] or 0))
            / (HUNDRED * HUNDRED))
    return to_cent(row["prix_unitaire_ht"] * kept)


@rule("Un devis ne vend pas à perte ni sous le tarif sans remise",
      ["devis", "lignes_devis", "articles"])
def quote_prices(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["lignes_devis"]
    quotes = (dataset.frame("devis")
              .filter(pl.col("statut").is_in(ALIVE))
              .unique(["numero_devis", "version"], keep="first", maintain_order=True)
              .select("numero_devis", "version", "remise_globale_pct"))
    items = (dataset.frame("articles")
             .filter(pl.col("reference").is_not_null())
             .unique("reference", keep="first", maintain_order=True)
             .select("reference", "prix_achat_ht", "prix_vente_ht"))
    hundred = pl.lit(100).cast(NUMBER_DTYPE)
    kept = ((hundred - pl.col("remise_pct").fill_null(_zero()))
            * (hundred - pl.col("remise_globale_pct").fill_null(_zero())))
    lines = (
        dataset.frame("lignes_devis")
        .filter(pl.col("prix_unitaire_ht").is_not_null())
        .join(quotes, on=["numero_devis", "version"], how="inner")
        .join(items, on="reference", how="inner")
        .with_columns(
            a_perte=(pl.col("prix_unitaire_ht") * kept)
            < pl.col("prix_achat_ht") * hundred * hundred)
        .sort(ROW_COLUMN)
    )
    at_a_loss = lines.filter(pl.col("a_perte"))
    below = lines.filter(~pl.col("a_perte").fill_null(False)
                         & (pl.col("prix_unitaire_ht") < pl.col("prix_vente_ht")))

    def where(row: dict) -> str:
        return f"ligne {row['ligne']} du {_quote_name(row)} : {row['reference']}"

    return (
        report_rows(table, at_a_loss, SALE_AT_A_LOSS, "prix_unitaire_ht",
                    lambda r: f"{where(r)} à {money(_net_price(r))} HT net des remises, "
                              f"sous son prix d'achat de {money(r['prix_achat_ht'])} HT")
        + report_rows(table, below, BELOW_LIST_PRICE, "prix_unitaire_ht",
                      lambda r: f"{where(r)} à {money(r['prix_unitaire_ht'])} HT, sous son "
                                f"tarif de {money(r['prix_vente_ht'])} HT")
    )


@rule("Un devis est valable jusqu'à une date postérieure à sa date", ["devis"])
def quote_validity(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    return report_dates_in_order(
        dataset["devis"], "date_devis", "date_validite", VALIDITY_BEFORE_DATE,
        lambda r: f"{_quote_name(r)} du {short_date(r['date_devis'])} valable jusqu'au "
                  f"{short_date(r['date_validite'])}")


@rule("Un devis envoyé dont la validité est passée est relancé ou expiré", ["devis"],
      uses_as_of=True)
def quotes_to_follow_up(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["devis"]
    as_of = dataset.as_of
    offending = table.frame.filter((pl.col("statut") == SENT)
                                   & (pl.col("date_validite") < as_of)).sort(ROW_COLUMN)
    return report_rows(
        table, offending, QUOTE_TO_FOLLOW_UP, "statut",
        lambda r: f"{_quote_name(r)} envoyé à {r['code_client']} le "
                  f"{short_date(r['date_devis'])}, valable jusqu'au "
                  f"{short_date(r['date_validite'])} : sans réponse au {short_date(as_of)}")
