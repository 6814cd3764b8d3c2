"""Business rules of the invoices and credit notes themselves: what the law asks of each.

- **The customer's VAT number** (CGI annexe II art. 242 nonies A): an intra-EU supply of
  goods exempt under art. 262 ter I, or a service whose VAT the customer pays (reverse
  charge), carries the customer's intra-EU VAT number. The case of each invoice comes from
  `pipelines.compute.vat_treatment`: the organisation's VAT regime, the customer (a
  private person or not), the nature of the supply and the zone: for goods, the country
  they are shipped to (``pays_livraison``, else the customer's zone); for services, the
  customer's zone. A « mixte » invoice is both. The number is required only when the
  invoice applies the exemption or the reverse charge, i.e. when a line has a 0 % rate:
  an invoice that charges French VAT on every line (what a seller does when the customer
  gives no number) needs none. A missing number, or one that fails its check key, is
  blocking on an issued invoice.
- **The exchange rate of a foreign-currency invoice**: its ``taux_change``, else the last
  rate of CoursDeChange known on its date; without either, its euro totals cannot be
  computed: blocking.
- **A credit note does not exceed what its invoice still owes**: its TTC plus the TTC of
  the earlier credit notes citing the same invoice (by date, then row) stays within the
  invoice's TTC (`pipelines.compute.sales_invoices.invoice_totals_frame`), in the
  invoice's currency (in euros if the two currencies differ).

- **The VAT rate of each line** is a rate in force on the invoice date (the dated
  parameters ``tva.taux.*``, as `stock.vat_percents` reads them) or 0 %, and agrees with
  the VAT case of the sale, decided once for the documents and the checks
  (`sale_vat.sale_treatment`, from the organisation's regime, the customer and the
  invoice): 0 % only on an exempt, reverse-charged or out-of-scope sale, no VAT on such a
  sale nor under the franchise
  regime (`sale_vat.rate_conflict` says why).

A draft (« brouillon ») is not issued yet: what it lacks before it can be issued is a
warning on it, not a blocking issue; issued documents (« émise ») are blocking.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import polars as pl
from stdnum.eu import vat

from pipelines.compute import sale_vat
from pipelines.compute.sales_invoices import invoice_totals_frame
from pipelines.compute.vat_treatment import Nature, Regime, Treatment, Zone, vat_treatment
from pipelines.dataset import ROW_COLUMN, Dataset, Table
from pipelines.french import money, number, short_date
from pipelines.issues import Issue, IssueType, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.law.parameters_loader import ParameterError
from pipelines.validate.rules import rule
from pipelines.validate.rules.customers import EU_MEMBER_STATES
from pipelines.validate.rules.stock import vat_percents

EURO = "EUR"
DRAFT, CREDIT_NOTE, INVOICE = "brouillon", "avoir", "facture"
PRIVATE_PERSON = "particulier"

VAT_NUMBER_MISSING = define_issue_type(
    "facture-tva-client-manquante",
    "Numéro de TVA du client absent d'une facture exonérée",
    "Une livraison intracommunautaire exonérée (CGI art. 262 ter I) et une prestation "
    "autoliquidée par le client (art. 283-2) portent le numéro de TVA intracommunautaire "
    "du client (annexe II art. 242 nonies A) : sans numéro valide, l'exonération n'est pas "
    "justifiée. Saisissez le numéro du client (feuille Clients), ou facturez la TVA "
    "française.",
    Severity.BLOQUANT,
)
RATE_MISSING = define_issue_type(
    "facture-devise-sans-cours",
    "Facture en devise sans cours de change",
    "Une facture en devise a besoin d'un cours de change pour ses montants en euros : "
    "indiquez son taux de change, ou ajoutez à la feuille CoursDeChange le cours de la "
    "devise à sa date (ou avant).",
    Severity.BLOQUANT,
)
CREDIT_NOTE_OVER_INVOICE = define_issue_type(
    "avoir-depasse-facture",
    "Avoir supérieur à sa facture",
    "Un avoir annule tout ou partie de la facture qu'il corrige : avec les avoirs "
    "précédents sur la même facture, il ne peut pas dépasser le montant TTC de cette "
    "facture. Vérifiez les quantités et les prix de l'avoir, ou la facture qu'il cite.",
    Severity.BLOQUANT,
)

LINE_VAT_RATE = define_issue_type(
    "facture-taux-tva-incoherent",
    "Taux de TVA d'une ligne de facture incohérent",
    "Chaque ligne d'une facture porte un taux de TVA en vigueur à la date de la facture, "
    "conforme au régime de TVA de la vente : le taux de l'article pour une vente taxable "
    "en France ; 0 % pour une livraison intracommunautaire, une exportation, une "
    "autoliquidation ou une prestation hors du champ de la TVA française ; aucune TVA pour "
    "une organisation en franchise en base (CGI art. 293 B). Corrigez le taux de la ligne, "
    "ou le client, le pays de livraison ou la nature de la facture.",
    Severity.BLOQUANT,
)


def severity_of(status: str | None, issue_type: IssueType) -> Severity:
    """A draft is not issued yet: at most a warning; otherwise the type's severity."""
    return Severity.AVERTISSEMENT if status == DRAFT else issue_type.severity


def report_documents(table: Table, offending: pl.DataFrame, issue_type: IssueType,
                     field: str, message) -> list[Issue]:
    """One issue per offending row of Factures, a warning on a draft."""
    return [
        raise_issue(issue_type, table.source(row[ROW_COLUMN], field), message(row),
                    severity_of(row["statut"], issue_type))
        for row in offending.iter_rows(named=True)
    ]


def zone_of(country: str) -> pl.Expr:
    """The VAT zone of a country code: France, UE (another member State) or Hors UE."""
    code = pl.col(country)
    return (pl.when(code.is_null()).then(pl.lit(None, dtype=pl.String))
            .when(code == "FR").then(pl.lit(Zone.FRANCE.value))
            .when(code.is_in(EU_MEMBER_STATES)).then(pl.lit(Zone.UE.value))
            .otherwise(pl.lit(Zone.HORS_UE.value)))


def _regime(dataset: Dataset) -> Regime | None:
    regimes = dataset.frame("organisation").sort(ROW_COLUMN)["regime_tva"].drop_nulls()
    if regimes.is_empty():
        return None
    return Regime.FRANCHISE if regimes[0] == "franchise" else Regime.REEL


def _required(regime: Regime, zone: str | None, business: bool, nature: Nature,
              day: date, parameters: Parameters) -> bool:
    if zone is None:
        return False
    try:
        return vat_treatment(regime, Zone(zone), business, nature, day,
                             parameters).vat_number_required
    except ParameterError:  # no legal mention in force that day: not judged
        return False


def _customers(dataset: Dataset) -> pl.DataFrame:
    return (
        dataset.frame("clients")
        .filter(pl.col("code_client").is_not_null())
        .unique("code_client", keep="first", maintain_order=True)
        .select(
            "code_client",
            "numero_tva",
            "raison_sociale",
            entreprise=pl.col("type_client").fill_null("") != PRIVATE_PERSON,
            zone_client=pl.coalesce("zone", zone_of("pays")),
        )
    )


@rule("Une facture exonérée porte le numéro de TVA intracommunautaire du client",
      ["factures", "lignes_facture", "clients", "organisation"])
def customer_vat_number(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    regime = _regime(dataset)
    if regime is None:  # the missing regime is an issue of its own
        return []
    table = dataset["factures"]
    exempt = (
        dataset.frame("lignes_facture")
        .filter(pl.col("taux_tva") == 0)
        .select("numero_facture")
        .unique()
        .with_columns(exoneree=pl.lit(True))
    )
    invoices = (
        table.frame.filter(pl.col("nature").is_not_null() & pl.col("date_facture").is_not_null())
        .join(_customers(dataset), on="code_client", how="inner")
        .join(exempt, on="numero_facture", how="inner")
        .with_columns(
            zone_biens=pl.coalesce(zone_of("pays_livraison"), "zone_client"),
            zone_services=pl.col("zone_client"),
        )
    )
    if invoices.is_empty():
        return []
    keys = ["nature", "zone_biens", "zone_services", "entreprise"]
    cases = invoices.group_by(keys).agg(jour=pl.col("date_facture").max())
    cases = cases.with_columns(requis=pl.Series([  # a few cases, not one per invoice
        (case["nature"] != "services"
         and _required(regime, case["zone_biens"], case["entreprise"], Nature.BIENS,
                       case["jour"], parameters))
        or (case["nature"] != "biens"
            and _required(regime, case["zone_services"], case["entreprise"], Nature.SERVICES,
                          case["jour"], parameters))
        for case in cases.iter_rows(named=True)], dtype=pl.Boolean)).drop("jour")
    numbers = invoices["numero_tva"].drop_nulls().unique().to_list()
    valid = pl.DataFrame({"numero_tva": numbers,
                          "valide": [vat.is_valid(number) for number in numbers]},
                         schema={"numero_tva": pl.String, "valide": pl.Boolean})
    offending = (
        invoices.join(cases, on=keys, how="inner", nulls_equal=True)
        .join(valid, on="numero_tva", how="left")
        .filter(pl.col("requis") & ~pl.col("valide").fill_null(False))
        .sort(ROW_COLUMN)
    )

    def message(row: dict) -> str:
        kind, exempt = (("l'avoir", "exonéré") if row["type"] == CREDIT_NOTE
                        else ("la facture", "exonérée"))
        number = ("n'a pas de numéro de TVA intracommunautaire" if row["numero_tva"] is None
                  else f"a un numéro de TVA invalide ({row['numero_tva']})")
        return (f"{kind} {row['numero_facture']} est {exempt} de TVA française, mais le "
                f"client {row['code_client']} ({row['raison_sociale']}) {number} : "
                "saisissez-le dans la feuille Clients, ou facturez la TVA française")

    return report_documents(table, offending, VAT_NUMBER_MISSING, "code_client", message)


@rule("Une facture en devise a un cours de change", ["factures"])
def foreign_currency_rate(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    foreign = table.frame.filter(
        pl.col("devise").is_not_null() & (pl.col("devise") != EURO)
        & pl.col("taux_change").is_null())
    if "cours_change" in dataset:
        known = (dataset.frame("cours_change")
                 .filter(pl.col("taux") > 0)
                 .select("devise", jour="date")
                 .drop_nulls())
        covered = (foreign.join(known, on="devise", how="inner")
                   .filter(pl.col("jour") <= pl.col("date_facture"))
                   .select(ROW_COLUMN).unique())
        foreign = foreign.join(covered, on=ROW_COLUMN, how="anti")
    offending = foreign.sort(ROW_COLUMN)

    def message(row: dict) -> str:
        day = short_date(row["date_facture"]) if row["date_facture"] else "sans date"
        return (f"{row['numero_facture']} ({row['devise']}, {day}) n'a pas de taux de change, "
                f"et la feuille CoursDeChange n'a aucun cours de {row['devise']} à cette date "
                "ou avant : ses montants en euros ne peuvent pas être calculés")

    return report_documents(table, offending, RATE_MISSING, "taux_change", message)


def _credit_notes_and_their_invoices(dataset: Dataset) -> Dataset:
    """The dataset with Factures and LignesFacture cut down to the credit notes and the
    invoices they cite: the only totals the credit-note rule needs (a legal total is a loop
    per invoice)."""
    factures = dataset.frame("factures")
    notes = factures.filter(pl.col("type") == CREDIT_NOTE)
    wanted = pl.concat([notes.select("numero_facture"),
                        notes.select(numero_facture="facture_origine")]).drop_nulls().unique()
    tables = dict(dataset.tables)
    for resource in ("factures", "lignes_facture"):
        table = dataset[resource]
        tables[resource] = replace(
            table, frame=table.frame.join(wanted, on="numero_facture", how="semi"))
    return Dataset(tables, dataset.as_of)


@rule("Un avoir, avec les avoirs précédents, ne dépasse pas le TTC de sa facture",
      ["factures", "lignes_facture"])
def credit_note_within_invoice(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    table = dataset["factures"]
    totals = invoice_totals_frame(_credit_notes_and_their_invoices(dataset)).join(
        table.frame.select(ROW_COLUMN, "facture_origine", "statut"), on=ROW_COLUMN, how="left")
    invoices = (
        totals.filter((pl.col("type") == INVOICE) & pl.col("total_ttc").is_not_null())
        .unique("numero_facture", keep="first", maintain_order=True)
        .select(facture_origine="numero_facture", ttc_facture="total_ttc",
                ttc_facture_eur="total_ttc_eur", devise_facture="devise")
    )
    same_currency = pl.col("devise") == pl.col("devise_facture")
    notes = (
        totals.filter((pl.col("type") == CREDIT_NOTE) & pl.col("total_ttc").is_not_null())
        .join(invoices, on="facture_origine", how="inner")
        .with_columns(
            avoir=pl.when(same_currency).then(-pl.col("total_ttc")).otherwise(-pl.col("total_ttc_eur")),
            plafond=pl.when(same_currency).then(pl.col("ttc_facture"))
            .otherwise(pl.col("ttc_facture_eur")),
            monnaie=pl.when(same_currency).then(pl.col("devise_facture")).otherwise(pl.lit(EURO)),
        )
        .sort("date_facture", ROW_COLUMN, nulls_last=True)
        .with_columns(cumul=pl.col("avoir").cum_sum().over("facture_origine", "monnaie"))
    )
    offending = notes.filter(pl.col("cumul") > pl.col("plafond")).sort(ROW_COLUMN)

    def message(row: dict) -> str:
        currency = row["monnaie"]
        earlier = row["cumul"] - row["avoir"]
        with_earlier = (f" ; avec les avoirs précédents ({money(earlier, currency)}), "
                        f"{money(row['cumul'], currency)}") if earlier else ""
        return (f"l'avoir {row['numero_facture']} de {money(row['avoir'], currency)} TTC"
                f"{with_earlier} : plus que la facture {row['facture_origine']} de "
                f"{money(row['plafond'], currency)} TTC (dépassement de "
                f"{money(row['cumul'] - row['plafond'], currency)})")

    return report_documents(table, offending, CREDIT_NOTE_OVER_INVOICE, "facture_origine",
                            message)


def _line_treatments(dataset: Dataset, lines: pl.DataFrame) -> pl.DataFrame:
    """(numero_facture, type, statut, date_facture, traitement) of each invoice with lines
    and a known customer; the case is decided once per distinct sale, as the documents
    decide it."""
    organisation = dataset.frame("organisation").sort(ROW_COLUMN).row(0, named=True)
    customers = sale_vat.first_rows(dataset.frame("clients"), "code_client")
    taxed = lines.group_by("numero_facture").agg(facture_taxee=(pl.col("taux_tva") != 0).any())
    invoices = (
        dataset.frame("factures")
        .filter(pl.col("numero_facture").is_not_null())
        .unique("numero_facture", keep="first", maintain_order=True)
        .join(taxed, on="numero_facture", how="inner")
        .filter(pl.col("code_client").is_in(list(customers)))
    )
    keys = ["code_client", "nature", "pays_livraison", "facture_taxee"]
    cases = invoices.select(keys).unique()

    def treatment(case: dict) -> str | None:
        try:
            return sale_vat.sale_treatment(
                organisation, customers[case["code_client"]], case, case["facture_taxee"]
            ).value
        except (KeyError, ValueError):  # an unknown zone or nature: the schema reports it
            return None

    cases = cases.with_columns(traitement=pl.Series(
        [treatment(case) for case in cases.iter_rows(named=True)], dtype=pl.String))
    return (invoices.join(cases, on=keys, how="inner", nulls_equal=True)
            .select("numero_facture", "type", "statut", "date_facture", "traitement"))


@rule("Le taux de TVA d'une ligne de facture est en vigueur et conforme au régime de TVA "
      "de la vente", ["factures", "lignes_facture", "clients", "organisation"])
def invoice_line_vat_rate(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    if _regime(dataset) is None:  # the missing regime is an issue of its own
        return []
    table = dataset["lignes_facture"]
    lines = table.frame.filter(pl.col("numero_facture").is_not_null()
                               & pl.col("taux_tva").is_not_null())
    lines = lines.join(_line_treatments(dataset, lines), on="numero_facture", how="inner")
    days = lines["date_facture"].drop_nulls().unique().to_list()
    in_force = {day: vat_percents(parameters, day) for day in days}

    def problem(row: dict) -> str | None:
        rate, day = row["taux_tva"], row["date_facture"]
        if rate and day is not None and rate not in in_force[day]:
            rates = ", ".join(f"{number(p)} %" for p in in_force[day]) or "aucun"
            return (f"ce n'est pas un taux de TVA en vigueur le {short_date(day)} "
                    f"(taux en vigueur : {rates})")
        if row["traitement"] is None:
            return None
        return sale_vat.rate_conflict(Treatment(row["traitement"]), rate)

    keys = ["date_facture", "traitement", "taux_tva"]
    pairs = lines.select(keys).unique()  # one judgement per distinct day, case and rate
    pairs = pairs.with_columns(raison=pl.Series(
        [problem(pair) for pair in pairs.iter_rows(named=True)], dtype=pl.String))
    offending = (lines.join(pairs.filter(pl.col("raison").is_not_null()), on=keys,
                            how="inner", nulls_equal=True)
                 .sort(ROW_COLUMN))

    def message(row: dict) -> str:
        kind = "l'avoir" if row["type"] == CREDIT_NOTE else "la facture"
        return (f"{kind} {row['numero_facture']}, ligne {row['ligne']} : taux de TVA de "
                f"{number(row['taux_tva'])} % ; {row['raison']}")

    return report_documents(table, offending, LINE_VAT_RATE, "taux_tva", message)
