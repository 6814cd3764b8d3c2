"""The payroll engine's inputs and outputs: plain values, no I/O.

Amounts are Decimal euros; rates are fractions (0.069 for 6,90 %); hours are Decimal.
Every input carries the source rows it was read from, so that a payslip line can say
where its figures come from.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from pipelines.issues import SourceRef

ZERO = Decimal("0")

CADRE = "cadre"
NON_CADRE = "non-cadre"
APPRENTI = "apprenti"
CATEGORIES = (CADRE, NON_CADRE, APPRENTI)


@dataclass(frozen=True)
class Employee:
    matricule: str
    nom: str
    prenom: str
    categorie: str  # cadre, non-cadre, apprenti
    service: str | None = None
    taux_pas: Decimal | None = None  # fraction; None: no rate communicated
    iban: str | None = None
    bic: str | None = None
    nir: str | None = None
    poste: str | None = None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class Contract:
    """The employment contract in force during the month."""

    id_contrat: str
    type_contrat: str  # CDI, CDD, apprentissage, stage
    date_debut: date
    date_fin: date | None
    heures_hebdo: Decimal
    temps_partiel: bool
    salaire_base_mensuel: Decimal | None
    taux_horaire: Decimal | None
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class ProtectionContract:
    """A health-insurance (mutuelle) or prévoyance contract of the organisation."""

    id_contrat: str
    type: str  # mutuelle, prévoyance
    organisme: str
    categorie: str  # tous, cadre, non-cadre
    assiette: str  # forfait, plafond, tranche 1, brut
    taux_salarial: Decimal = ZERO  # fraction
    taux_patronal: Decimal = ZERO
    montant_salarial: Decimal = ZERO
    montant_patronal: Decimal = ZERO
    sources: tuple[SourceRef, ...] = ()

    def covers(self, categorie: str) -> bool:
        if self.categorie == "tous":
            return True
        return self.categorie == (CADRE if categorie == CADRE else NON_CADRE)


@dataclass(frozen=True)
class OrganisationSettings:
    """The organisation's payroll settings in force for the month."""

    effectif: int
    taux_at: Decimal  # fraction
    alsace_moselle: bool = False
    taux_versement_mobilite: Decimal = ZERO
    majoration_hs_1: Decimal | None = None  # fraction; None: the legal rate
    majoration_hs_2: Decimal | None = None
    majoration_nuit: Decimal = ZERO
    majoration_dimanche: Decimal = ZERO
    majoration_ferie: Decimal = ZERO
    valeur_titre_restaurant: Decimal = ZERO
    part_patronale_titre_restaurant: Decimal = ZERO  # fraction
    protection: tuple[ProtectionContract, ...] = ()
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class Regularisation:
    """A correction, in this month's payslip, of an earlier month's pay."""

    id_regularisation: str
    mois_concerne: str
    rubrique: str
    quantite: Decimal = ZERO
    montant: Decimal = ZERO
    motif: str = ""
    taux_horaire: Decimal | None = None  # the hourly rate of the month corrected
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class MonthVariables:
    """The month's payroll variables of one employee (zero when not entered)."""

    heures_sup_bande_1: Decimal = ZERO
    heures_sup_bande_2: Decimal = ZERO
    heures_comp_dixieme: Decimal = ZERO
    heures_comp_au_dela: Decimal = ZERO
    heures_nuit: Decimal = ZERO
    heures_dimanche: Decimal = ZERO
    heures_ferie: Decimal = ZERO
    heures_absence_non_payee: Decimal = ZERO
    heures_absence_maladie: Decimal = ZERO
    jours_conges_payes: Decimal = ZERO
    effectif: int = 0  # the organisation's headcount for the thresholds
    complement_maladie: Decimal = ZERO
    prime: Decimal = ZERO
    libelle_prime: str | None = None
    repas_fournis: int = 0
    avantage_vehicule: Decimal = ZERO
    titres_restaurant: int = 0
    remboursement_transport: Decimal = ZERO
    acompte: Decimal = ZERO
    regularisations: tuple[Regularisation, ...] = ()
    overtime_from_timesheets: bool = False
    sources: tuple[SourceRef, ...] = ()


@dataclass(frozen=True)
class PayrollInput:
    """Everything one payslip needs."""

    month: str  # « 2026-03 »
    employee: Employee
    contract: Contract
    settings: OrganisationSettings
    variables: MonthVariables = MonthVariables()
    employment_start: date | None = None  # first day employed in the month, if not the 1st
    employment_end: date | None = None  # last day employed in the month, if not the last


# Sections of the clarified payslip (arrêté du 25 février 2016, modifié).
BRUT = "Salaire brut"
SANTE = "Santé"
ACCIDENTS = "Accidents du travail - maladies professionnelles"
RETRAITE = "Retraite"
FAMILLE = "Famille"
CHOMAGE = "Assurance chômage"
AUTRES = "Autres contributions dues par l'employeur"
CSG_DEDUCTIBLE = "CSG déductible de l'impôt sur le revenu"
CSG_NON_DEDUCTIBLE = "CSG/CRDS non déductible de l'impôt sur le revenu"
EXONERATIONS = "Exonérations, écrêtements et allègements de cotisations"
APRES_NET = "Éléments après le net"
SECTIONS = (BRUT, SANTE, ACCIDENTS, RETRAITE, FAMILLE, CHOMAGE, AUTRES, CSG_DEDUCTIBLE,
            CSG_NON_DEDUCTIBLE, EXONERATIONS, APRES_NET)

URSSAF = "URSSAF"
AGIRC_ARRCO = "Agirc-Arrco"
DGFIP = "DGFiP"


@dataclass(frozen=True)
class PayLine:
    """One payslip line. Amounts are signed from the payslip's point of view: a gross line
    adds to the gross; a contribution is what the employee (employee_amount) or the employer
    (employer_amount) pays, a reduction is negative."""

    code: str
    label: str
    section: str
    base: Decimal | None = None
    quantity: Decimal | None = None  # hours, days, meals... for gross lines
    rate: Decimal | None = None  # hourly rate or multiplier of a gross line
    amount: Decimal | None = None  # gross lines and after-net lines
    employee_rate: Decimal | None = None
    employee_amount: Decimal | None = None
    employer_rate: Decimal | None = None
    employer_amount: Decimal | None = None
    body: str | None = None  # the collecting body
    deductible: bool = True  # employee part deductible from taxable income
    parameters: tuple[str, ...] = ()  # dotted names of the legal parameters used
    sources: tuple[SourceRef, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class YearToDate:
    """An employee's cumulative figures since 1 January, after a payslip."""

    brut: Decimal = ZERO
    plafond: Decimal = ZERO
    net_imposable: Decimal = ZERO
    pas: Decimal = ZERO
    net_social: Decimal = ZERO
    net_paye: Decimal = ZERO
    cotisations_salariales: Decimal = ZERO
    cotisations_patronales: Decimal = ZERO
    cout_employeur: Decimal = ZERO
    heures_payees: Decimal = ZERO
    heures_supplementaires_exonerees: Decimal = ZERO  # net amount exempt from income tax
    rgdu_brut: Decimal = ZERO
    rgdu_smic: Decimal = ZERO
    rgdu_reduction: Decimal = ZERO


@dataclass(frozen=True)
class Payslip:
    month: str
    employee: Employee
    contract: Contract
    lines: tuple[PayLine, ...]
    salaire_brut: Decimal
    plafond: Decimal
    cotisations_salariales: Decimal
    cotisations_patronales: Decimal
    net_social: Decimal
    net_imposable: Decimal
    taux_pas: Decimal | None
    pas: Decimal
    net_avant_impot: Decimal
    net_paye: Decimal
    cout_employeur: Decimal
    heures_payees: Decimal
    heures_supplementaires: Decimal  # amount of overtime and complementary-hour pay
    heures_supplementaires_exonerees: Decimal  # net amount exempt from income tax
    retenues_apres_net: Decimal  # benefits in kind taken back, vouchers, advance
    ajouts_non_soumis: Decimal  # transport reimbursement
    ytd: YearToDate = field(default_factory=YearToDate)
    taux_horaire: Decimal = ZERO
    smic_mensuel_reference: Decimal = ZERO
    jours_conges_payes: Decimal = ZERO
    effectif: int = 0  # the organisation's headcount for the thresholds

    def line(self, code: str) -> PayLine | None:
        return next((line for line in self.lines if line.code == code), None)

    def section(self, name: str) -> tuple[PayLine, ...]:
        return tuple(line for line in self.lines if line.section == name)
