"""Dunning letters and account statements: golden HTML per level, figures, PDF/A-3b, and the
letters of the demo's receivables."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from decimal import Decimal

import polars as pl
import pytest
from golden import assert_matches_golden, without_stylesheets
from pypdf import PdfReader

from pipelines.compute.receivables import accounts_frame, receivables
from pipelines.documents.letters import (
    DunningLetter,
    DunningLevel,
    render_dunning_html,
    render_dunning_pdf,
    render_statement_html,
    render_statement_pdf,
)
from pipelines.documents.receivables_letters import (
    account_statements,
    deadline_gaps,
    dunning_letters,
)

from .paper_samples import account_statement, dunning_letter
from .test_invoice_pdf import page_text
from .test_sales_papers import pdfa_identification


def flat_text(html: str) -> str:
    text = re.sub(r"<[^>]+>", " ", html).replace("&nbsp;", " ").replace("&#39;", "'")
    return re.sub(r"\s+", " ", text.replace("\u202f", " ").replace("\u00a0", " "))


@pytest.mark.parametrize("level", list(DunningLevel), ids=lambda level: level.name.lower())
def test_each_letter_level_matches_its_golden_file(level):
    html = render_dunning_html(dunning_letter(level))
    assert_matches_golden(f"documents/lettre_{level.name.lower()}.html", without_stylesheets(html))


def test_the_account_statement_matches_its_golden_file():
    html = render_statement_html(account_statement())
    assert_matches_golden("documents/releve_de_compte.html", without_stylesheets(html))


def test_the_first_reminder_is_courteous():
    text = flat_text(render_dunning_html(dunning_letter(DunningLevel.RELANCE_1)))
    assert "Objet : Rappel d'échéance — factures n° FA-2026-00315 et FA-2026-00341" in text
    assert "Il s'agit sans doute d'un simple oubli" in text
    assert "ne pas tenir compte de ce courrier" in text
    assert "d'ici le 15 décembre 2026" in text
    assert "mise en demeure" not in text.lower() and "recommandée" not in text
    assert "Pénalités" not in text


def test_the_second_reminder_recalls_the_first_and_announces_penalties():
    text = flat_text(render_dunning_html(dunning_letter(DunningLevel.RELANCE_2)))
    assert "Malgré notre précédent courrier du 10 septembre 2026" in text
    assert "au plus tard le 15 décembre 2026" in text
    assert "pénalités de retard au taux de 12,15 % l'an" in text
    assert "indemnité forfaitaire pour frais de recouvrement de 40,00 € par facture" in text


def test_the_formal_notice_is_registered_and_claims_penalties_and_fees():
    letter = dunning_letter(DunningLevel.MISE_EN_DEMEURE)
    assert letter.total_remaining == Decimal("2162.40")
    assert letter.total_penalties == Decimal("79.52")
    assert letter.total_fees == Decimal("80")
    assert letter.total_claimed == Decimal("2321.92")
    text = flat_text(render_dunning_html(letter))
    assert "Lettre recommandée avec accusé de réception" in text
    assert "Objet : Mise en demeure de payer" in text
    assert "Malgré nos relances du 10 septembre 2026 et du 10 octobre 2026" in text
    assert "soit 79,52 € à la date de ce courrier" in text
    assert "40,00 € par facture (article D441-5 du Code de commerce), soit 80,00 €" in text
    assert "la somme totale de 2 321,92 € au plus tard le 15 décembre 2026" in text
    assert "vaut mise en demeure au sens de l'article 1344 du Code civil" in text
    assert "Lyon, le 30 novembre 2026" in text


def test_a_private_customer_letter_claims_no_penalty_nor_fee():
    letter = replace(
        dunning_letter(DunningLevel.MISE_EN_DEMEURE),
        penalty_rate=None,
        recovery_fee=None,
        invoices=tuple(replace(i, penalty=Decimal(0)) for i in dunning_letter(
            DunningLevel.MISE_EN_DEMEURE).invoices),
    )
    text = flat_text(render_dunning_html(letter))
    assert "Pénalités" not in text and "indemnité forfaitaire" not in text
    assert "la somme totale de 2 162,40 €" in text


def test_a_letter_needs_invoices_of_one_currency():
    sample = dunning_letter(DunningLevel.RELANCE_1)
    with pytest.raises(ValueError):
        replace(sample, invoices=())
    mixed = (sample.invoices[0], replace(sample.invoices[1], currency="USD"))
    with pytest.raises(ValueError):
        DunningLetter(**{**sample.__dict__, "invoices": mixed})


def test_the_statement_runs_its_balance_and_lists_open_items():
    statement = account_statement()
    assert statement.closing_balance == Decimal("2162.40")
    text = flat_text(render_statement_html(statement))
    assert "Solde à l'ouverture de la période 250,00 € débiteur" in text
    assert "RG-2026-00201 Virement reçu 250,00 € 1 850,40 € débiteur" in text
    assert "Solde au 30/11/2026 2 162,40 € débiteur" in text
    assert "Factures restant à régler" in text
    assert "FA-2026-00341 24/07/2026 23/08/2026 612,00 € 312,00 € 99 jours" in text


def test_a_credit_balance_is_said_to_be_in_the_customer_s_favour():
    statement = replace(account_statement(), opening_balance=Decimal("-3000"), open_items=())
    text = flat_text(render_statement_html(statement))
    assert "1 087,60 € créditeur" in text and "en votre faveur" in text


def test_a_letter_prints_as_a_pdf_a_3b():
    pdf = render_dunning_pdf(dunning_letter(DunningLevel.MISE_EN_DEMEURE))
    assert pdfa_identification(pdf) == ("3", "B")
    assert len(PdfReader(io.BytesIO(pdf)).pages) == 1
    assert "LETTRE RECOMMANDÉE AVEC ACCUSÉ DE RÉCEPTION" in page_text(pdf)
    statement = render_statement_pdf(account_statement())
    assert pdfa_identification(statement) == ("3", "B")


def test_the_payment_deadline_is_the_gap_to_the_next_level():
    rules = pl.DataFrame(
        {"niveau": ["relance 1", "relance 2", "mise en demeure"],
         "jours_apres_echeance": [10, 25, 45]}
    )
    gaps = deadline_gaps(rules)
    assert gaps["relance 1"] == 15 and gaps["relance 2"] == 20
    assert gaps["mise en demeure"] == 20


@pytest.fixture(scope="module")
def demo_letters(demo_dataset):
    return {item.name: item.document for item in dunning_letters(demo_dataset)}


def test_the_demo_formal_notice_is_the_letter_of_its_dunning_event(demo_letters):
    letter = demo_letters["RL-2026-00031"]
    assert letter.level is DunningLevel.MISE_EN_DEMEURE
    assert letter.letter_date == date(2026, 10, 10)
    assert [invoice.number for invoice in letter.invoices] == ["FA-2026-00315"]
    assert letter.previous_letters == (date(2026, 9, 10), date(2026, 9, 25))
    assert letter.recovery_fee == Decimal(40)
    assert letter.recipient.customer_code == "C0001"


def test_the_demo_letters_to_send_follow_the_receivables(demo_dataset, demo_letters):
    state = receivables(demo_dataset)
    due = state.invoices.filter(
        pl.col("a_envoyer").is_in(["relance 1", "relance 2", "mise en demeure"])
        & (pl.col("reste_du_eur") > 0)
    )
    to_send = {name: letter for name, letter in demo_letters.items() if name.startswith("a-")}
    dunned = sorted(i.number for letter in to_send.values() for i in letter.invoices)
    assert dunned == sorted(due["numero_facture"].to_list())
    assert all(letter.letter_date == demo_dataset.as_of for letter in to_send.values())


def test_the_disputed_demo_invoice_gets_no_letter_to_send(demo_letters):
    to_send = [letter for name, letter in demo_letters.items() if name.startswith("a-")]
    assert "FA-2026-00396" not in {i.number for letter in to_send for i in letter.invoices}


def test_each_demo_statement_ends_on_the_account_balance(demo_dataset):
    accounts = accounts_frame(receivables(demo_dataset))
    final = dict(accounts.group_by("code_client").agg(pl.col("solde").last()).iter_rows())
    statements = account_statements(demo_dataset)
    assert statements
    for item in statements:
        statement = item.document
        assert statement.closing_balance == final[statement.recipient.customer_code]
