"""The SEPA credit transfer file (pain.001.001.09) of the supplier payments selected in
the workbook, built with sepaxml and checked against its bundled XSD.

`transfer_file(dataset, as_of=None) -> TransferFile`: the payments « à payer » by
« virement » with ``virement_sepa`` = oui (`supplier_payments.sepa_selection`), one
transaction each (end-to-end id: the payment number; remittance information: its
reference), grouped by execution date (the payment date, or the as-of date when it is
earlier). The debtor is the organisation (Organisation: raison_sociale, iban, bic). The
payments that cannot go in the file are left out and listed with the reason, never
silently: the selection's reasons (wrong allocation, disputed invoice, reference over 140
characters, amount of 0,00 €…), and any payment sepaxml refuses (tried alone first, so one
bad payment does not stop the others). A file that cannot be made raises `SepaError`
with a French message, never another exception. The output is deterministic: the
message id and the creation time come from the as-of date and the content, not from the
clock.

`write_transfer_file(dataset, folder, as_of=None)` writes it as
``virements-AAAA-MM-JJ.xml`` in `folder` (never a site).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

import sepaxml
from sepaxml import SepaTransfer

from pipelines.compute.supplier_payments import (
    LeftOut,
    Transfer,
    iban_problem,
    organisation_account,
    sepa_selection,
)
from pipelines.dataset import Dataset

SCHEMA = "pain.001.001.09"
XSD = Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd"
NAMESPACE = f"urn:iso:std:iso:20022:tech:xsd:{SCHEMA}"


class SepaError(Exception):
    """The transfer file cannot be made (French message for the user)."""


@dataclass(frozen=True)
class TransferFile:
    xml: bytes | None  # None when no payment can go in the file
    transfers: tuple[Transfer, ...]
    left_out: tuple[LeftOut, ...]
    message_id: str | None

    @property
    def total(self) -> Decimal:
        return sum((t.amount for t in self.transfers), Decimal(0))


def _fingerprint(as_of: date, debtor: dict, transfers: list[Transfer]) -> str:
    text = "|".join([as_of.isoformat(), debtor["iban"] or ""] + [
        f"{t.numero_reglement};{t.iban};{t.bic};{t.amount};{t.reference};{t.execution_date}"
        for t in transfers])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class DeterministicTransfer(SepaTransfer):
    """sepaxml's transfer with ids and creation time given, not drawn from the clock."""

    def __init__(self, config: dict, message_id: str, created: str):
        self._message_id, self._created = message_id, created
        super().__init__(config, schema=SCHEMA)

    def _create_header(self):
        super()._create_header()
        header = self._xml.find(self.root_el).find("GrpHdr")
        header.find("MsgId").text = self._message_id
        header.find("CreDtTm").text = self._created

    def _finalize_batch(self):
        super()._finalize_batch()
        for index, node in enumerate(self._xml.iter("PmtInfId"), start=1):
            node.text = f"{self._message_id}-{index}"[:35]


def sepaxml_payment(name: str, iban: str, bic: str | None, amount: Decimal, when: date,
                    description: str, end_to_end: str) -> dict:
    """One payment as sepaxml takes it (the amount in integer cents)."""
    payment = {"name": name, "IBAN": iban, "amount": int((amount * 100).to_integral_exact()),
               "execution_date": when, "description": description, "endtoend_id": end_to_end}
    if bic:
        payment["BIC"] = bic
    return payment


def _payment(transfer: Transfer) -> dict:
    return sepaxml_payment(transfer.name, transfer.iban, transfer.bic, transfer.amount,
                           transfer.execution_date, transfer.reference,
                           transfer.numero_reglement)


def refused_by_sepaxml(config: dict, created: str, payment: dict) -> bool:
    """Whether sepaxml refuses this payment on its own."""
    try:
        DeterministicTransfer(dict(config), "AGORA-ESSAI", created).add_payment(payment)
    except Exception:  # noqa: BLE001 (sepaxml raises bare exceptions)
        return True
    return False


def debtor_config(dataset: Dataset) -> tuple[dict, dict]:
    """(the organisation's account, sepaxml's configuration of the debtor)."""
    debtor = organisation_account(dataset)
    problem = iban_problem(debtor["iban"])
    if problem or not debtor["raison_sociale"]:
        raise SepaError("compte de l'organisation (organisation.xlsx › Organisation) : "
                        f"{problem or 'raison sociale absente'}")
    config = {"name": debtor["raison_sociale"], "IBAN": debtor["iban"], "batch": True,
              "currency": "EUR"}
    if debtor["bic"]:
        config["BIC"] = debtor["bic"]
    return debtor, config


def transfer_file(dataset: Dataset, as_of: date | None = None) -> TransferFile:
    """The transfer file of the selected payments (see the module docstring)."""
    as_of = as_of or dataset.as_of
    if as_of is None:
        raise SepaError("date d'arrêté absente (feuille Organisation)")
    transfers, left_out = sepa_selection(dataset, as_of)
    if not transfers:
        return TransferFile(None, (), tuple(left_out), None)
    debtor, config = debtor_config(dataset)
    created = f"{as_of.isoformat()}T00:00:00"
    accepted = []
    for transfer in transfers:
        if refused_by_sepaxml(config, created, _payment(transfer)):
            left_out.append(LeftOut(transfer.numero_reglement, transfer.row, "montant",
                                    "refusé par le format SEPA (montant, nom du fournisseur "
                                    "ou référence)"))
        else:
            accepted.append(transfer)
    if not accepted:
        return TransferFile(None, (), tuple(left_out), None)
    digest = _fingerprint(as_of, debtor, accepted)
    message_id = f"AGORA-{as_of:%Y%m%d}-{digest[:16]}"
    try:
        document = DeterministicTransfer(config, message_id, created)
        for transfer in accepted:
            document.add_payment(_payment(transfer))
        xml = document.export(validate=True, pretty_print=True)
    except Exception as error:  # noqa: BLE001 (sepaxml raises bare exceptions)
        raise SepaError("le fichier ne respecte pas le schéma pain.001.001.09 "
                        f"({type(error).__name__})") from error
    return TransferFile(xml, tuple(accepted), tuple(left_out), message_id)


def xsd_errors(xml: bytes) -> list[str]:
    """What the pain.001.001.09 XSD finds wrong in a file (empty when it is valid)."""
    import xmlschema

    schema = xmlschema.XMLSchema(str(XSD))
    return [str(error.reason or error) for error in schema.iter_errors(xml.decode("utf-8"))]


def write_transfer_file(dataset: Dataset, folder: Path,
                        as_of: date | None = None) -> tuple[TransferFile, Path | None]:
    """The transfer file, written in `folder` (None when there is nothing to transfer)."""
    as_of = as_of or dataset.as_of
    made = transfer_file(dataset, as_of)
    if made.xml is None:
        return made, None
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"virements-{as_of.isoformat()}.xml"
    path.write_bytes(made.xml)
    return made, path
