"""Contribution lines, employee and employer, on their legal bases.

Bases (all from the month's gross subject to contributions):
- the ceiling (plafond) is the PMSS, reduced for a part-time worker in proportion to the
  hours paid against the legal monthly hours, and for an entry or exit within the month
  in proportion to the calendar days employed against the calendar days of the month
  (R242-2, see ``paie.assiettes.plafond_jours_calendaires``);
- T1 is the gross up to the ceiling, T2 from one to eight ceilings; chômage, AGS and APEC
  stop at four ceilings; CET applies to T1 + T2 once the gross exceeds the ceiling;
- CSG/CRDS are levied on the gross less the abatement for professional costs (up to four
  ceilings), plus the employer's health and prévoyance contributions.

An apprentice's employee contributions are due only on the part of the gross above the
exempt share of the SMIC (``paie.apprentis.exoneration_salariale_smic_part``), and CSG/CRDS
on the part above ``paie.apprentis.csg_crds_seuil_smic_part`` (none at all for a contract
concluded before 1 March 2025). Both are read at the contract's date: the « Contrats »
sheet has no signature date, so its start date stands for it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

from pipelines.compute.money import to_cent
from pipelines.compute.payroll.gross import Gross
from pipelines.compute.payroll.hours import monthly_hours
from pipelines.compute.payroll.model import (
    ACCIDENTS,
    AGIRC_ARRCO,
    APPRENTI,
    APRES_NET,
    AUTRES,
    CADRE,
    CHOMAGE,
    CSG_DEDUCTIBLE,
    CSG_NON_DEDUCTIBLE,
    FAMILLE,
    RETRAITE,
    SANTE,
    URSSAF,
    ZERO,
    PayLine,
    PayrollInput,
)
from pipelines.compute.payroll.rates import (
    APPRENTI_CSG,
    APPRENTI_EXONERATION,
    CHOMAGE_PLAFONDS,
    CSG_ABATTEMENT,
    CSG_ABATTEMENT_PLAFONDS,
    DUREE_LEGALE,
    FNAL_SEUIL,
    FORFAIT_SOCIAL_PREVOYANCE,
    FORFAIT_SOCIAL_SEUIL,
    FORMATION_SEUIL,
    PLAFOND_JOURS,
    PMSS,
    SMIC_MENSUEL,
    T2_PLAFONDS,
    VERSEMENT_MOBILITE_SEUIL,
    MonthLaw,
    contribution,
)


@dataclass(frozen=True)
class Bases:
    brut: Decimal
    plafond: Decimal
    t1: Decimal
    t2: Decimal
    plafonne_4: Decimal  # gross up to four ceilings
    t1_t2: Decimal  # gross up to eight ceilings
    employee_exempt: Decimal  # apprentice: gross share free of employee contributions
    csg_exempt: Decimal | None  # apprentice: gross share free of CSG/CRDS (None: all of it)
    parameters: tuple[str, ...]

    def employee(self, base: Decimal) -> Decimal:
        """The part of a base subject to employee contributions."""
        if not self.employee_exempt:
            return base
        return max(base - self.employee_exempt, ZERO)


def ceiling(data: PayrollInput, gross: Gross, law: MonthLaw) -> tuple[Decimal, tuple[str, ...]]:
    pmss = law(PMSS)
    parameters = [PMSS]
    share = Decimal(1)
    if data.contract.temps_partiel:
        legal = monthly_hours(law(DUREE_LEGALE), law)
        paid = gross.contract_monthly_hours + gross.extra_hours - (
            gross.contract_monthly_hours * (1 - gross.paid_share))
        share = min(paid / legal, Decimal(1))
        parameters.append(DUREE_LEGALE)
    schedule = gross.schedule
    if schedule.employed_calendar_days < schedule.calendar_days:
        share *= Decimal(schedule.employed_calendar_days) / Decimal(schedule.calendar_days)
        parameters.append(PLAFOND_JOURS)
    return to_cent(pmss * share), tuple(parameters)


def bases(data: PayrollInput, gross: Gross, law: MonthLaw, all_parameters) -> Bases:
    brut = gross.salaire_brut
    plafond, parameters = ceiling(data, gross, law)
    t2_limit = plafond * law(T2_PLAFONDS)
    exempt = ZERO
    csg_exempt: Decimal | None = ZERO
    extra: tuple[str, ...] = ()
    if data.employee.categorie == APPRENTI:
        smic = law(SMIC_MENSUEL) * gross.paid_share
        share = all_parameters.value_or_none(APPRENTI_EXONERATION, data.contract.date_debut)
        if share is not None:
            exempt = to_cent(share * smic)
        csg_share = all_parameters.value_or_none(APPRENTI_CSG, data.contract.date_debut)
        csg_exempt = None if csg_share is None else to_cent(csg_share * smic)
        extra = (APPRENTI_EXONERATION, APPRENTI_CSG, SMIC_MENSUEL)
    return Bases(
        brut=brut, plafond=plafond,
        t1=max(min(brut, plafond), ZERO),
        t2=max(min(brut, t2_limit) - plafond, ZERO),
        plafonne_4=max(min(brut, plafond * law(CHOMAGE_PLAFONDS)), ZERO),
        t1_t2=max(min(brut, t2_limit), ZERO),
        employee_exempt=exempt, csg_exempt=csg_exempt,
        parameters=parameters + (T2_PLAFONDS, CHOMAGE_PLAFONDS) + extra,
    )


def _line(code: str, label: str, section: str, base: Decimal, law: MonthLaw,
          employee: str | None, employer: str | None, body: str, bases_: Bases,
          sources, deductible: bool = True) -> PayLine:
    """A contribution at the rates of `employee` and `employer` (parameter names)."""
    employee_rate = law(employee) if employee else None
    employer_rate = law(employer) if employer else None
    employee_base = bases_.employee(base)
    return PayLine(
        code, label, section, base=base,
        employee_rate=employee_rate,
        employee_amount=to_cent(employee_base * employee_rate) if employee_rate else None,
        employer_rate=employer_rate,
        employer_amount=to_cent(base * employer_rate) if employer_rate else None,
        body=body, deductible=deductible,
        parameters=tuple(p for p in (employee, employer) if p) + bases_.parameters,
        sources=sources,
    )


def _citing(line: PayLine, *names: str) -> PayLine:
    return replace(line, parameters=line.parameters + names)


def social_lines(data: PayrollInput, bases_: Bases, law: MonthLaw) -> list[PayLine]:
    """Every statutory contribution but CSG/CRDS and the organisation's own contracts."""
    settings = data.settings
    sources = data.employee.sources + data.contract.sources
    cadre = data.employee.categorie == CADRE
    effectif = settings.effectif
    c = contribution
    lines = [
        _line("maladie", "Sécurité sociale - Maladie Maternité Invalidité Décès", SANTE,
              bases_.brut, law, c("maladie", "salarial_alsace_moselle")
              if settings.alsace_moselle else None, c("maladie", "patronal"), URSSAF, bases_,
              sources),
        PayLine("accidents_travail", "Accidents du travail - maladies professionnelles",
                ACCIDENTS, base=bases_.brut, employer_rate=settings.taux_at,
                employer_amount=to_cent(bases_.brut * settings.taux_at), body=URSSAF,
                sources=settings.sources, note="taux notifié à l'organisation"),
        _line("vieillesse_plafonnee", "Sécurité sociale plafonnée", RETRAITE, bases_.t1, law,
              c("vieillesse_plafonnee", "salarial"), c("vieillesse_plafonnee", "patronal"),
              URSSAF, bases_, sources),
        _line("vieillesse_deplafonnee", "Sécurité sociale déplafonnée", RETRAITE, bases_.brut,
              law, c("vieillesse_deplafonnee", "salarial"),
              c("vieillesse_deplafonnee", "patronal"), URSSAF, bases_, sources),
        _line("retraite_complementaire_t1", "Complémentaire Tranche 1 (Agirc-Arrco)", RETRAITE,
              bases_.t1, law, c("agirc_arrco.t1", "salarial"), c("agirc_arrco.t1", "patronal"),
              AGIRC_ARRCO, bases_, sources),
        _line("ceg_t1", "Contribution d'équilibre général Tranche 1", RETRAITE, bases_.t1, law,
              c("ceg.t1", "salarial"), c("ceg.t1", "patronal"), AGIRC_ARRCO, bases_, sources),
    ]
    if bases_.t2:
        lines += [
            _line("retraite_complementaire_t2", "Complémentaire Tranche 2 (Agirc-Arrco)",
                  RETRAITE, bases_.t2, law, c("agirc_arrco.t2", "salarial"),
                  c("agirc_arrco.t2", "patronal"), AGIRC_ARRCO, bases_, sources),
            _line("ceg_t2", "Contribution d'équilibre général Tranche 2", RETRAITE, bases_.t2,
                  law, c("ceg.t2", "salarial"), c("ceg.t2", "patronal"), AGIRC_ARRCO, bases_,
                  sources),
            _line("cet", "Contribution d'équilibre technique", RETRAITE, bases_.t1_t2, law,
                  c("cet", "salarial"), c("cet", "patronal"), AGIRC_ARRCO, bases_, sources),
        ]
    lines.append(_line("allocations_familiales", "Famille - Sécurité sociale", FAMILLE,
                       bases_.brut, law, None, c("allocations_familiales", "patronal"), URSSAF,
                       bases_, sources))
    lines.append(_line("chomage", "Assurance chômage", CHOMAGE, bases_.plafonne_4, law, None,
                       c("chomage", "patronal"), URSSAF, bases_, sources))
    lines.append(_line("ags", "AGS (garantie des salaires)", CHOMAGE, bases_.plafonne_4, law,
                       None, c("ags", "patronal"), URSSAF, bases_, sources))
    if cadre:
        lines.append(_line("apec", "APEC", CHOMAGE, bases_.plafonne_4, law, c("apec", "salarial"),
                           c("apec", "patronal"), AGIRC_ARRCO, bases_, sources))
    fnal_base, fnal_rate = ((bases_.t1, "patronal_moins_50") if effectif < law(FNAL_SEUIL)
                            else (bases_.brut, "patronal_50_et_plus"))
    lines.append(_citing(_line("fnal", "FNAL (Fonds national d'aide au logement)", AUTRES,
                               fnal_base, law, None, c("fnal", fnal_rate), URSSAF, bases_,
                               sources), FNAL_SEUIL))
    training = "patronal_moins_11" if effectif < law(FORMATION_SEUIL) else "patronal_11_et_plus"
    lines += [
        _line("csa", "Contribution solidarité autonomie", AUTRES, bases_.brut, law, None,
              c("csa", "patronal"), URSSAF, bases_, sources),
        _citing(_line("formation_professionnelle", "Contribution à la formation professionnelle",
                      AUTRES, bases_.brut, law, None, c("formation_professionnelle", training),
                      URSSAF, bases_, sources), FORMATION_SEUIL),
        _line("taxe_apprentissage", "Taxe d'apprentissage", AUTRES, bases_.brut, law, None,
              c("taxe_apprentissage", "patronal"), URSSAF, bases_, sources),
        _line("dialogue_social", "Contribution au dialogue social", AUTRES, bases_.brut, law,
              None, c("dialogue_social", "patronal"), URSSAF, bases_, sources),
    ]
    if settings.taux_versement_mobilite and effectif >= law(VERSEMENT_MOBILITE_SEUIL):
        lines.append(PayLine(
            "versement_mobilite", "Versement mobilité", AUTRES, base=bases_.brut,
            employer_rate=settings.taux_versement_mobilite,
            employer_amount=to_cent(bases_.brut * settings.taux_versement_mobilite),
            body=URSSAF, parameters=(VERSEMENT_MOBILITE_SEUIL,), sources=settings.sources,
            note="taux de l'autorité organisatrice de la mobilité du lieu de travail"))
    return lines


def protection_lines(data: PayrollInput, bases_: Bases, law: MonthLaw) -> list[PayLine]:
    """The organisation's health-insurance and prévoyance contracts that cover the employee."""
    lines = []
    for contract in data.settings.protection:
        if not contract.covers(data.employee.categorie):
            continue
        if contract.assiette == "forfait":
            base = None
            employee = contract.montant_salarial or None
            employer = contract.montant_patronal or None
            employee_rate = employer_rate = None
        else:
            base = {"plafond": law(PMSS), "tranche 1": bases_.t1, "brut": bases_.brut}[
                contract.assiette]
            employee_rate = contract.taux_salarial or None
            employer_rate = contract.taux_patronal or None
            employee = to_cent(base * employee_rate) if employee_rate else None
            employer = to_cent(base * employer_rate) if employer_rate else None
        label = ("Complémentaire santé" if contract.type == "mutuelle"
                 else "Prévoyance" + (" cadre" if contract.categorie == CADRE else ""))
        lines.append(PayLine(
            f"{'sante' if contract.type == 'mutuelle' else 'prevoyance'}_{contract.id_contrat}",
            f"{label} ({contract.organisme})", SANTE, base=base,
            employee_rate=employee_rate, employee_amount=employee,
            employer_rate=employer_rate, employer_amount=employer,
            body=contract.organisme,
            parameters=(PMSS,) if contract.assiette == "plafond" else (),
            sources=contract.sources))
    return lines


def forfait_social_line(data: PayrollInput, protection: list[PayLine], law: MonthLaw
                        ) -> PayLine | None:
    """The forfait social on the employer's health and prévoyance contributions."""
    if data.settings.effectif < law(FORFAIT_SOCIAL_SEUIL):
        return None
    base = sum((line.employer_amount or ZERO for line in protection), ZERO)
    if not base:
        return None
    rate = law(FORFAIT_SOCIAL_PREVOYANCE)
    return PayLine("forfait_social", "Forfait social (prévoyance et santé)", AUTRES, base=base,
                   employer_rate=rate, employer_amount=to_cent(base * rate), body=URSSAF,
                   parameters=(FORFAIT_SOCIAL_PREVOYANCE, FORFAIT_SOCIAL_SEUIL))


def csg_lines(data: PayrollInput, bases_: Bases, protection: list[PayLine],
              exempt_overtime: Decimal, law: MonthLaw) -> list[PayLine]:
    """CSG and CRDS. The CSG on overtime exempt from income tax is not deductible."""
    abatement = law(CSG_ABATTEMENT)
    limit = bases_.plafond * law(CSG_ABATTEMENT_PLAFONDS)
    if bases_.csg_exempt is None:
        return []
    subject = max(bases_.brut - bases_.csg_exempt, ZERO)
    abated = min(subject, limit)
    employer_protection = sum((line.employer_amount or ZERO for line in protection), ZERO)
    base = to_cent(abated * (1 - abatement) + (subject - abated) + employer_protection)
    overtime_base = min(to_cent(exempt_overtime * (1 - abatement)), base)
    parameters = (CSG_ABATTEMENT, CSG_ABATTEMENT_PLAFONDS) + bases_.parameters
    sources = data.employee.sources + data.contract.sources
    deductible = contribution("csg", "deductible")
    non_deductible = contribution("csg", "non_deductible")
    crds = contribution("crds", "salarial")

    def employee_line(code, label, section, line_base, name, is_deductible):
        rate = law(name)
        return PayLine(code, label, section, base=line_base, employee_rate=rate,
                       employee_amount=to_cent(line_base * rate), body=URSSAF,
                       deductible=is_deductible, parameters=(name,) + parameters,
                       sources=sources)

    lines = [employee_line("csg_deductible", "CSG déductible de l'impôt sur le revenu",
                           CSG_DEDUCTIBLE, base - overtime_base, deductible, True)]
    if overtime_base:
        lines.append(employee_line(
            "csg_heures_supplementaires",
            "CSG sur heures supplémentaires exonérées, non déductible", CSG_NON_DEDUCTIBLE,
            overtime_base, deductible, False))
    lines += [
        employee_line("csg_non_deductible", "CSG non déductible de l'impôt sur le revenu",
                      CSG_NON_DEDUCTIBLE, base, non_deductible, False),
        employee_line("crds", "CRDS non déductible de l'impôt sur le revenu",
                      CSG_NON_DEDUCTIBLE, base, crds, False),
    ]
    return lines


def after_net_line(code: str, label: str, amount: Decimal, sources=()) -> PayLine:
    """A line paid or withheld after the net (a negative amount is withheld)."""
    return PayLine(code, label, APRES_NET, amount=amount, sources=sources)
