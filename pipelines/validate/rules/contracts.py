"""Business rules of the contracts, subscriptions and licences (situation 2.3.1.1).

The states of the contracts (current period, notice deadline, alert) come from
`pipelines.compute.contracts`, computed once per dataset and shared with the figures.

- a notice deadline within 30 days (or passed while a contract without tacit renewal still
  runs) is a warning that says the deadline and what to do;
- two running contracts with the same object, or of the same type and provider with close
  objects (main words in common, see `pipelines.compute.contracts.similar_objects`), or one
  equipment covered twice by running contracts of the same type: a warning on each (one of
  them may be paid for nothing);
- a licence past its end still in use: a warning that the organisation may make blocking
  (sheet « Gravites »). Using software without a licence is an infringement
  (Code de la propriété intellectuelle, art. L122-6 and L335-3) that must be settled
  quickly, but the records are right: blocking by default would hold back the whole
  intranet, the staff's contacts included, for the very fact the contract pages show;
- more users than licences; an equipment that needs maintenance, in service, that no
  running contract covers; a tariff revision above the organisation's threshold (setting
  ``seuil_hausse_tarif_pct``): warnings;
- a revision dated before its contract starts is blocking (the yearly cost would apply a
  tariff the contract never had); a termination that does not fall on the last day of a
  period is a warning (a contract ends at an échéance: the provider may bill the period
  to its end).
"""

from __future__ import annotations

import polars as pl

from pipelines.compute import contracts as computing
from pipelines.dataset import Dataset
from pipelines.french import money, number, plural, short_date
from pipelines.issues import Issue, Severity, define_issue_type, raise_issue
from pipelines.law import Parameters
from pipelines.settings import setting
from pipelines.validate.rules import report_rows, rule

CONTRACTS, REVISIONS, COVERAGE, EQUIPMENT = (
    "contrats_services", "revisions_contrats", "couvertures_contrats", "equipements")

NOTICE_CLOSE = define_issue_type(
    "contrat-preavis-proche",
    "Date limite de préavis proche",
    "Un contrat arrive à sa date limite de préavis dans les 30 jours : pour un contrat à "
    "reconduction tacite, c'est le dernier jour pour le résilier (lettre recommandée au "
    "prestataire), sinon il repart pour une période entière ; pour un contrat sans "
    "reconduction tacite, c'est le moment de le renouveler ou de prévoir la suite. Une "
    "résiliation envoyée s'inscrit dans la colonne « Résilié au ».",
    Severity.AVERTISSEMENT,
)
REDUNDANT = define_issue_type(
    "contrat-doublon",
    "Contrat en doublon",
    "Deux contrats en cours ont le même objet, ou sont du même type chez le même prestataire "
    "avec des objets proches (les mots principaux de l'objet en commun), ou un même "
    "équipement est couvert par deux contrats en cours du même type : l'un des deux est "
    "peut-être payé pour rien. Vérifiez ; s'ils font doublon, gardez le meilleur et résiliez "
    "l'autre à sa prochaine date limite de préavis.",
    Severity.AVERTISSEMENT,
)
EXPIRED_LICENCE = define_issue_type(
    "licence-expiree-en-usage",
    "Licence expirée encore utilisée",
    "La licence de ce logiciel a pris fin, mais il est encore utilisé (« En usage » à oui) : "
    "utiliser un logiciel sans licence est une contrefaçon (Code de la propriété "
    "intellectuelle, art. L122-6 et L335-3). Renouvelez la licence ou cessez de l'utiliser, "
    "puis mettez la feuille à jour.",
    Severity.AVERTISSEMENT,
    adjustable=True,
)
LICENCES_EXCEEDED = define_issue_type(
    "licences-depassees",
    "Plus d'utilisateurs que de licences",
    "Le contrat compte plus d'utilisateurs que de licences achetées : achetez les licences "
    "manquantes ou retirez l'accès à ceux qui n'en ont plus besoin.",
    Severity.AVERTISSEMENT,
)
NOT_COVERED = define_issue_type(
    "equipement-sans-contrat",
    "Équipement sans contrat de maintenance",
    "Cet équipement en service doit être entretenu (« Maintenance requise » à oui), mais "
    "aucun contrat en vigueur ne le couvre (feuille Couvertures) : une panne ou une "
    "vérification ne serait pas prise en charge. Souscrivez un contrat, ou indiquez celui "
    "qui le couvre.",
    Severity.AVERTISSEMENT,
)
TARIFF_INCREASE = define_issue_type(
    "contrat-hausse-tarif",
    "Hausse de tarif au-delà du seuil",
    "Une révision augmente le coût annuel d'un contrat de plus que le seuil fixé par "
    "l'organisation (réglage seuil_hausse_tarif_pct de la feuille Reglages) : vérifiez "
    "qu'elle est prévue au contrat (clause d'indexation), négociez-la, ou mettez le contrat "
    "en concurrence avant sa date limite de préavis.",
    Severity.AVERTISSEMENT,
)
REVISION_BEFORE_START = define_issue_type(
    "revision-avant-debut-contrat",
    "Révision datée avant le début du contrat",
    "Une révision de tarif ne peut pas prendre effet avant le début du contrat : corrigez la "
    "date de la révision ou celle du début du contrat.",
    Severity.BLOQUANT,
)
TERMINATION_OFF_PERIOD = define_issue_type(
    "resiliation-hors-echeance",
    "Résiliation hors échéance",
    "Un contrat se résilie pour la fin d'une période (son échéance) : une date de fin au "
    "milieu d'une période n'est pas celle que retiendra le prestataire, qui peut facturer "
    "la période jusqu'à son terme. Indiquez l'échéance visée par la résiliation.",
    Severity.AVERTISSEMENT,
)


def _quoted(text) -> str:
    return f"« {text} »" if text else "sans objet"


def _notice_message(row: dict) -> str:
    what = f"contrat {_quoted(row['objet'])}"
    deadline, end = short_date(row["prochaine_limite"]), short_date(row["prochaine_echeance"])
    days = row["jours_avant_limite"]
    if days < 0:
        return (f"date limite de préavis du {deadline} dépassée de {plural(-days, 'jour')} : le "
                f"{what} s'arrête le {end} ; renouvelez-le ou prévoyez la suite")
    when = "aujourd'hui" if days == 0 else f"dans {plural(days, 'jour')}"
    if row["reconduction"] == computing.TACIT:
        return (f"date limite de préavis le {deadline} ({when}) : pour arrêter le {what}, "
                f"envoyez la résiliation avant cette date ; sinon il est reconduit jusqu'au "
                f"{short_date(row['reconduit_jusqu_au'])}")
    if row["reconduction"] == "expresse":
        return (f"date limite de préavis le {deadline} ({when}) : renouvelez expressément le "
                f"{what} avant cette date, sinon il s'arrête le {end}")
    return (f"date limite de préavis le {deadline} ({when}) : le {what} s'arrête le {end} "
            "sans reconduction ; prévoyez la suite")


@rule("Les dates limites de préavis des contrats dans les 30 jours sont signalées",
      [CONTRACTS], uses_as_of=True)
def contract_notice_deadlines(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    due = computing.notices_due(computing.states_of(dataset))
    return report_rows(dataset[CONTRACTS], due, NOTICE_CLOSE, "preavis_jours", _notice_message)


@rule("Deux contrats en cours ne couvrent pas le même objet, un objet proche chez le même "
      "prestataire, ni le même équipement",
      [CONTRACTS], uses_as_of=True)
def contract_redundancy(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    coverage = dataset.frame(COVERAGE) if COVERAGE in dataset else None
    redundant = computing.redundant_contracts(computing.states_of(dataset), coverage)
    same_object = redundant.filter(pl.col("motif_doublon") == computing.SAME_OBJECT)
    issues = report_rows(
        dataset[CONTRACTS], same_object, REDUNDANT, "objet",
        lambda r: (f"{r['numero_contrat']} {_quoted(r['objet'])} fait doublon avec "
                   f"{r['avec']}, en cours pour le même objet : gardez-en un et résiliez "
                   f"l'autre"))
    similar = redundant.filter(pl.col("motif_doublon") == computing.SIMILAR_OBJECT)
    issues += report_rows(
        dataset[CONTRACTS], similar, REDUNDANT, "objet",
        lambda r: (f"{r['numero_contrat']} {_quoted(r['objet'])} ressemble à {r['avec']}, "
                   f"en cours chez le même prestataire pour un objet proche (mots communs : "
                   f"{r['mots_communs']}) : vérifiez qu'ils ne font pas doublon"))
    same_equipment = redundant.filter(pl.col("motif_doublon") == computing.SAME_EQUIPMENT)
    if COVERAGE in dataset:
        table = dataset[COVERAGE]
        issues += [raise_issue(REDUNDANT, table.source(row["ligne_couverture"],
                                                       "code_equipement"),
                               f"{row['code_equipement']} est couvert par {row['numero_contrat']}"
                               f" et par {row['avec']}, deux contrats de {row['type']} en "
                               "cours : l'un des deux est de trop")
                   for row in same_equipment.iter_rows(named=True)]
    return issues


@rule("Une licence échue n'est plus utilisée ; les utilisateurs ne dépassent pas les licences",
      [CONTRACTS], uses_as_of=True)
def contract_licences(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    found = computing.licence_anomalies(computing.states_of(dataset), dataset.as_of)
    table = dataset[CONTRACTS]
    expired = found.filter(pl.col("anomalie") == computing.EXPIRED_IN_USE)
    exceeded = found.filter(pl.col("anomalie") == computing.OVERUSED)
    return report_rows(
        table, expired, EXPIRED_LICENCE, "en_usage",
        lambda r: (f"la licence {_quoted(r['objet'])} a pris fin le {short_date(r['date_fin'])}"
                   " et le logiciel est encore utilisé : renouvelez-la ou cessez de "
                   "l'utiliser")
    ) + report_rows(
        table, exceeded, LICENCES_EXCEEDED, "utilisateurs",
        lambda r: (f"{plural(r['utilisateurs'], 'utilisateur')} pour "
                   f"{plural(r['licences'], 'licence')} ({_quoted(r['objet'])}) : il manque "
                   f"{plural(r['utilisateurs'] - r['licences'], 'licence')}"))


def _not_covered_message(row: dict) -> str:
    text = (f"{row['code_equipement']} {_quoted(row['designation'])} doit être entretenu et "
            "aucun contrat en vigueur ne le couvre")
    if row["dernier_contrat"] is not None:
        text += (f" : son dernier contrat, {row['dernier_contrat']}, a pris fin le "
                 f"{short_date(row['fin_dernier_contrat'])}")
    return text


@rule("Un équipement en service qui doit être entretenu est couvert par un contrat en vigueur",
      [EQUIPMENT, CONTRACTS], uses_as_of=True)
def contract_equipment_covered(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    coverage = dataset.frame(COVERAGE) if COVERAGE in dataset else None
    covered = computing.equipment_coverage(dataset.frame(EQUIPMENT), coverage,
                                           computing.states_of(dataset), dataset.as_of)
    return report_rows(dataset[EQUIPMENT], computing.uncovered_equipment(covered), NOT_COVERED,
                       "maintenance_requise", _not_covered_message)


@rule("Une révision de tarif ne dépasse pas le seuil de hausse et suit le début du contrat",
      [CONTRACTS, REVISIONS])
def contract_tariff_revisions(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    threshold = setting(dataset, "seuil_hausse_tarif_pct")
    revised = computing.revisions_of(dataset, threshold)
    table = dataset[REVISIONS]
    increases = revised.filter(pl.col("au_dessus_seuil"))
    early = revised.filter(pl.col("date_effet") < pl.col("date_debut"))
    return report_rows(
        table, increases, TARIFF_INCREASE, "cout_annuel_ht",
        lambda r: (f"le coût annuel de {r['numero_contrat']} {_quoted(r['objet'])} passe de "
                   f"{_euros(r['cout_precedent'])} à {_euros(r['cout_annuel_ht'])} HT le "
                   f"{short_date(r['date_effet'])}, soit +{number(r['hausse_pct'])} % "
                   f"(seuil : {number(threshold)} %)")
    ) + report_rows(
        table, early, REVISION_BEFORE_START, "date_effet",
        lambda r: (f"la révision du {short_date(r['date_effet'])} précède le début de "
                   f"{r['numero_contrat']}, le {short_date(r['date_debut'])}"))


def _euros(value) -> str:
    return money(value)


@rule("Une résiliation prend effet à la fin d'une période du contrat", [CONTRACTS])
def contract_termination_on_period_end(dataset: Dataset, parameters: Parameters) -> list[Issue]:
    periods = computing.termination_periods(dataset.frame(CONTRACTS))
    return report_rows(dataset[CONTRACTS], periods.filter(~pl.col("resiliation_a_echeance")),
                       TERMINATION_OFF_PERIOD, "date_resiliation", _termination_message)


def _termination_message(row: dict) -> str:
    start, end = row["date_debut"], row["date_resiliation"]
    if end < start:
        return f"résilié au {short_date(end)}, avant même son début (le {short_date(start)})"
    around = f"le {short_date(row['echeance_suivante'])}"
    if row["echeance_precedente"] is not None:
        around = f"le {short_date(row['echeance_precedente'])} ou " + around
    return (f"résilié au {short_date(end)}, qui n'est pas la fin d'une période de "
            f"{row['duree_mois']} mois : les échéances les plus proches sont {around}")
