"""Dunning letters and account statements from the receivables (`compute.receivables`).

- **Letters sent**: each event of Relances at a letter level (relance 1, relance 2, mise en
  demeure) gives its letter, as it reads on the event's date: the receivables computed as
  of that date (what the invoice still owed, its penalties), signed by the event's author.
  Its file is named after the event (``RL-2026-00005``).
- **Letters to send**: the dunning due this week (``a_envoyer`` of the open items, a
  dispute suspending it), one letter per customer and level with all its invoices at that
  level, dated the as-of date.
- **Account statements**: one per customer who owes something or holds a credit at the
  as-of date, over the financial year (organisation.debut_exercice): the opening balance,
  the movements with their running balance, the open items.

The payment deadline of a letter is the gap between its level and the next one in the
organisation's dunning calendar (`dunning.dunning_rules`, sheet « ReglesRelance »): the
customer has until the next step. Amounts are in euros, as the receivables keep them
(a foreign-currency invoice is dunned for its euro equivalent). Penalties and the fixed
recovery fee are printed only where the receivables apply them (professional customers).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import polars as pl

from pipelines.compute import dunning
from pipelines.compute.invoice_totals import ZERO
from pipelines.compute.receivables import (
    Receivables,
    accounts_frame,
    open_items_frame,
    receivables,
)
from pipelines.dataset import ROW_COLUMN, Dataset
from pipelines.documents.letters import (
    AccountMovement,
    AccountStatement,
    DueInvoice,
    DunningLetter,
    DunningLevel,
    Recipient,
    Signatory,
)
from pipelines.documents.sales_documents import (
    DocumentDataError,
    billing_address,
    first_rows,
    seller_of,
    text,
)
from pipelines.law import Parameters, parameters

LETTER_LEVELS = {level.value: level for level in DunningLevel}
GENERIC_SIGNATORY = Signatory("Le service comptabilité clients", "Pour la direction")
LETTER_RESOURCES = ("organisation", "clients", "factures", "lignes_facture")


@dataclass(frozen=True)
class NamedDocument:
    name: str  # the file name, without « .pdf »
    document: DunningLetter | AccountStatement


@dataclass(frozen=True)
class LetterContext:
    organisation: dict
    customers: dict[str, dict]
    staff: dict[str, dict]
    events: dict[int, dict]  # Excel row → row of Relances
    gaps: dict[str, int]  # level → days until the next level
    params: Parameters


def letter_context(dataset: Dataset, params: Parameters | None = None) -> LetterContext:
    organisation = dataset.frame("organisation").sort(ROW_COLUMN)
    if organisation.is_empty():
        raise DocumentDataError("la feuille Organisation est vide : l'expéditeur est inconnu")
    staff = first_rows(dataset.frame("salaries"), "matricule") if "salaries" in dataset else {}
    events = dataset.frame("relances").iter_rows(named=True) if "relances" in dataset else ()
    return LetterContext(
        organisation=organisation.row(0, named=True),
        customers=first_rows(dataset.frame("clients"), "code_client"),
        staff=staff,
        events={row[ROW_COLUMN]: row for row in events},
        gaps=deadline_gaps(dunning.dunning_rules(dataset)),
        params=params or parameters(),
    )


def deadline_gaps(rules: pl.DataFrame) -> dict[str, int]:
    """Days between each level and the next in the calendar; the last level keeps the gap
    before it."""
    days = dict(zip(rules["niveau"].to_list(), rules["jours_apres_echeance"].to_list()))
    ordered = [level for level in dunning.LEVELS if level in days]
    gaps: dict[str, int] = {}
    for index, level in enumerate(ordered):
        if index + 1 < len(ordered):
            gaps[level] = days[ordered[index + 1]] - days[level]
        elif index:
            gaps[level] = gaps[ordered[index - 1]]
    fallback = list(dunning.DEFAULT_DUNNING_DAYS.values())
    default_gap = fallback[1] - fallback[0]
    return {level: gap if gap > 0 else default_gap for level, gap in gaps.items()} | {
        level: default_gap for level in dunning.LEVELS if level not in gaps
    }


def recipient_of(context: LetterContext, code: str) -> Recipient:
    customer = context.customers.get(code)
    if customer is None:
        raise DocumentDataError(f"le client {code} est inconnu")
    contact = text(customer.get("contact_nom"))
    return Recipient(
        name=text(customer.get("raison_sociale")),
        address=billing_address(customer),
        customer_code=code,
        attention=f"À l'attention de {contact}" if contact else None,
    )


def signatory_of(context: LetterContext, matricule: str | None) -> Signatory:
    person = context.staff.get(matricule or "")
    if not person:
        return GENERIC_SIGNATORY
    name = " ".join(text(person.get(part)) for part in ("prenom", "nom")).strip()
    return Signatory(name or GENERIC_SIGNATORY.name, text(person.get("poste")) or "")


def due_invoice(row: Mapping) -> DueInvoice:
    return DueInvoice(
        number=row["numero_facture"],
        issue_date=row["date_facture"],
        due_date=row.get("date_echeance_effective") or row.get("date_echeance"),
        amount=Decimal(row.get("total_ttc_eur") or 0),
        remaining=Decimal(row.get("reste_du_eur") or 0),
        penalty=Decimal(row.get("penalites") or 0),
    )


def common(values: list) -> object | None:
    """The value shared by every row, else None."""
    distinct = {value for value in values if value is not None}
    return distinct.pop() if len(distinct) == 1 and None not in values else None


def dunning_letter(
    context: LetterContext,
    rows: list[Mapping],
    level: DunningLevel,
    day: date,
    reference: str,
    author: str | None,
    previous: tuple[date, ...] = (),
) -> DunningLetter:
    rate = common([row.get("taux_penalites_retenu") for row in rows])
    fee = common([row.get("indemnite") for row in rows])
    return DunningLetter(
        seller=seller_of(context.organisation),
        recipient=recipient_of(context, rows[0]["code_client"]),
        level=level,
        letter_date=day,
        reference=reference,
        invoices=tuple(due_invoice(row) for row in rows),
        deadline=day + timedelta(days=context.gaps[level.value]),
        signatory=signatory_of(context, author),
        previous_letters=previous,
        penalty_rate=Decimal(rate) / 100 if rate is not None else None,
        recovery_fee=Decimal(fee) if fee is not None else None,
    )


def _earlier_letters(events: pl.DataFrame, invoice: str, day: date) -> tuple[date, ...]:
    earlier = events.filter(
        (pl.col("numero_facture") == invoice)
        & (pl.col("date") < day)
        & pl.col("niveau").is_in(list(LETTER_LEVELS))
    )
    return tuple(earlier.sort("date")["date"].to_list())


def sent_letters(
    dataset: Dataset, context: LetterContext, state: Receivables
) -> list[NamedDocument | DocumentDataError]:
    """The letters of the dunning events of Relances, each as of its date."""
    events = state.events.filter(pl.col("niveau").is_in(list(LETTER_LEVELS)))
    letters: list[NamedDocument | DocumentDataError] = []
    for event in events.sort("date", ROW_COLUMN).iter_rows(named=True):
        sheet_row = context.events.get(event[ROW_COLUMN], {})
        invoice, day = event["numero_facture"], event["date"]
        name = sheet_row.get("id_relance") or f"relance-{invoice}-{day:%Y%m%d}"
        then = receivables(dataset, context.params, as_of=day)
        rows = then.invoices.filter(pl.col("numero_facture") == invoice)
        if rows.is_empty():
            letters.append(DocumentDataError(
                f"{name} : {invoice} n'est pas une facture émise du classeur"))
            continue
        try:
            letter = dunning_letter(
                context, rows.rows(named=True), LETTER_LEVELS[event["niveau"]], day, name,
                sheet_row.get("auteur"), _earlier_letters(events, invoice, day),
            )
        except (DocumentDataError, ValueError) as error:
            letters.append(DocumentDataError(f"{name} : {error}"))
            continue
        letters.append(NamedDocument(name, letter))
    return letters


def letters_to_send(
    context: LetterContext, state: Receivables
) -> list[NamedDocument | DocumentDataError]:
    """One letter per customer and level of the dunning due this week."""
    due = state.invoices.filter(
        pl.col("a_envoyer").is_in(list(LETTER_LEVELS)) & (pl.col("reste_du_eur") > 0)
    ).sort("code_client", "a_envoyer", ROW_COLUMN)
    letters: list[NamedDocument | DocumentDataError] = []
    for (code, level), group in due.group_by(["code_client", "a_envoyer"], maintain_order=True):
        slug = level.replace(" ", "-")
        name = f"a-envoyer-{state.as_of:%Y%m%d}-{code}-{slug}"
        reached = [day for day in group["date_niveau_atteint"].to_list() if day is not None]
        try:
            letter = dunning_letter(
                context, group.rows(named=True), LETTER_LEVELS[level], state.as_of,
                f"{code}/{state.as_of:%Y%m%d}", _last_author(context, code),
                tuple(sorted(set(reached))),
            )
        except (DocumentDataError, ValueError) as error:
            letters.append(DocumentDataError(f"{name} : {error}"))
            continue
        letters.append(NamedDocument(name, letter))
    return letters


def _last_author(context: LetterContext, code: str) -> str | None:
    """Who last dunned this customer (the author of its latest row of Relances)."""
    rows = [row for row in context.events.values() if row.get("code_client") == code]
    rows.sort(key=lambda row: (row.get("date") or date.min, row[ROW_COLUMN]))
    authors = [row["auteur"] for row in rows if row.get("auteur")]
    return authors[-1] if authors else None


def dunning_letters(
    dataset: Dataset, params: Parameters | None = None
) -> list[NamedDocument | DocumentDataError]:
    """The letters sent (from Relances) and the letters to send this week."""
    if dataset.as_of is None:
        return [DocumentDataError("la date d'arrêté est introuvable : pas de relance")]
    context = letter_context(dataset, params)
    state = receivables(dataset, context.params)
    return sent_letters(dataset, context, state) + letters_to_send(context, state)


def account_statements(
    dataset: Dataset, params: Parameters | None = None
) -> list[NamedDocument | DocumentDataError]:
    """A statement for each customer who owes or holds a credit at the as-of date."""
    if dataset.as_of is None:
        return [DocumentDataError("la date d'arrêté est introuvable : pas de relevé")]
    context = letter_context(dataset, params)
    state = receivables(dataset, context.params)
    accounts = accounts_frame(state)
    items = open_items_frame(state)
    start = context.organisation.get("debut_exercice") or date(state.as_of.year, 1, 1)
    balances = accounts.group_by("code_client").agg(pl.col("solde").last())
    concerned = balances.filter(pl.col("solde") != 0)["code_client"].sort().to_list()
    statements: list[NamedDocument | DocumentDataError] = []
    for code in concerned:
        mine = accounts.filter(pl.col("code_client") == code)
        try:
            statement = AccountStatement(
                seller=seller_of(context.organisation),
                recipient=recipient_of(context, code),
                statement_date=state.as_of,
                period_start=start,
                opening_balance=_balance_before(mine, start),
                movements=_movements(mine.filter(pl.col("date") >= start)),
                open_items=tuple(
                    due_invoice(row)
                    for row in items.filter(pl.col("code_client") == code).iter_rows(named=True)
                ),
            )
        except DocumentDataError as error:
            statements.append(DocumentDataError(f"relevé {code} : {error}"))
            continue
        statements.append(NamedDocument(f"releve-{code}-{state.as_of:%Y%m%d}", statement))
    return statements


def _balance_before(movements: pl.DataFrame, start: date) -> Decimal:
    before = movements.filter(pl.col("date") < start)
    return Decimal(before["solde"][-1]) if before.height else ZERO


def _movements(frame: pl.DataFrame) -> tuple[AccountMovement, ...]:
    return tuple(
        AccountMovement(
            day=row["date"],
            reference=row["piece"] or "",
            label=row["libelle"] or row["nature"] or "",
            debit=Decimal(row["debit"] or 0),
            credit=Decimal(row["credit"] or 0),
        )
        for row in frame.iter_rows(named=True)
    )
