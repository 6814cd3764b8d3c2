"""The legal parameters of a pay month, by their dotted names.

Every rate, ceiling and threshold of the payroll comes from a dated file under
``pipelines/law/parameters/`` (``paie/…``, ``salaires/…``, ``securite_sociale/…``);
a payslip line lists the names it used, and the explain view shows their files and
references. A month reads the values in force on its first day.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction

from pipelines.law import Parameters

SMIC_HORAIRE = "salaires.smic.horaire"
SMIC_MENSUEL = "salaires.smic.mensuel_35h"
PMSS = "securite_sociale.plafond.mensuel"
DUREE_LEGALE = "travail.duree_legale_hebdomadaire"
SEMAINES_PAR_AN = "salaires.mensualisation.semaines_par_an"
MOIS_PAR_AN = "salaires.mensualisation.mois_par_an"
COMPLEMENTAIRES_PLAFOND = "travail.temps_partiel.heures_complementaires.plafond"

T2_PLAFONDS = "paie.assiettes.tranche_2_plafonds"
CHOMAGE_PLAFONDS = "paie.assiettes.plafond_chomage_plafonds"
CSG_ABATTEMENT = "paie.assiettes.csg_abattement"
CSG_ABATTEMENT_PLAFONDS = "paie.assiettes.csg_abattement_plafonds_annuels"
PLAFOND_JOURS = "paie.assiettes.plafond_jours_calendaires"

HS_MAJORATION_1 = "paie.heures_supplementaires.majoration_1"
HS_MAJORATION_2 = "paie.heures_supplementaires.majoration_2"
HS_BANDE_1 = "paie.heures_supplementaires.heures_bande_1"
HS_REDUCTION_MAX = "paie.heures_supplementaires.reduction_salariale_maximum"
HS_IMPOT_PLAFOND = "paie.heures_supplementaires.exoneration_impot_plafond_annuel"
HS_DEDUCTION_MOINS_20 = "paie.heures_supplementaires.deduction_forfaitaire_patronale_moins_20"
HS_DEDUCTION_20_A_249 = "paie.heures_supplementaires.deduction_forfaitaire_patronale_20_a_249"
HS_DEDUCTION_SEUIL = "paie.heures_supplementaires.deduction_forfaitaire_seuil_20"
HS_DEDUCTION_SEUIL_HAUT = "paie.heures_supplementaires.deduction_forfaitaire_seuil_250"
HC_MAJORATION_DIXIEME = "paie.heures_complementaires.majoration_dixieme"
HC_MAJORATION_AU_DELA = "paie.heures_complementaires.majoration_au_dela"

RGDU_T_MIN = "paie.rgdu.t_min"
RGDU_T_DELTA_MOINS_50 = "paie.rgdu.t_delta_moins_50"
RGDU_T_DELTA_50 = "paie.rgdu.t_delta_50_et_plus"
RGDU_SEUIL = "paie.rgdu.seuil_effectif"
RGDU_EXPOSANT = "paie.rgdu.exposant"
RGDU_PLAFOND_SMIC = "paie.rgdu.plafond_smic"
RGDU_DECIMALES = "paie.rgdu.coefficient_decimales"
RGDU_PART_RETRAITE = "paie.rgdu.part_retraite_complementaire"
RGDU_SMIC_HORAIRE = "paie.rgdu.smic_horaire_reference"

APPRENTI_EXONERATION = "paie.apprentis.exoneration_salariale_smic_part"
APPRENTI_CSG = "paie.apprentis.csg_crds_seuil_smic_part"
REPAS_VALEUR = "paie.avantages.repas_valeur"
TITRES_RESTAURANT_PLAFOND = "paie.avantages.titres_restaurant_exoneration_plafond"

FNAL_SEUIL = "paie.cotisations.fnal.seuil_effectif"
FORMATION_SEUIL = "paie.cotisations.formation_professionnelle.seuil_effectif"
FORFAIT_SOCIAL_SEUIL = "paie.cotisations.forfait_social.seuil_effectif"
FORFAIT_SOCIAL_PREVOYANCE = "paie.cotisations.forfait_social.prevoyance"
VERSEMENT_MOBILITE_SEUIL = "paie.cotisations.versement_mobilite.seuil_effectif"
PREVOYANCE_CADRE_MINIMUM = "paie.cotisations.prevoyance_cadre.patronal_minimum"

GRILLE_NEUTRE = "paie.prelevement_source.grille_neutre_metropole"
DSN_JOUR_MOINS_50 = "paie.echeances.jour_dsn_moins_50"
DSN_JOUR_50 = "paie.echeances.jour_dsn_50_et_plus"
DSN_SEUIL = "paie.echeances.seuil_effectif"


def contribution(line: str, side: str) -> str:
    """The parameter name of a contribution line's rate: ``paie.cotisations.<line>.<side>``."""
    return f"paie.cotisations.{line}.{side}"


class MonthLaw:
    """The parameters in force on a day (the first of the pay month)."""

    def __init__(self, parameters: Parameters, on: date):
        self.parameters = parameters
        self.on = on

    def __call__(self, name: str) -> Decimal:
        value = self.parameters.value(name, self.on)
        if not isinstance(value, Decimal):
            raise TypeError(f"le paramètre « {name} » n'est pas un nombre : {value!r}")
        return value

    def optional(self, name: str) -> Decimal | str | None:
        """The value, or None where the rule does not apply on that day (or not yet)."""
        if name not in self.parameters:
            return None
        return self.parameters.value_or_none(name, self.on)

    def fraction(self, name: str) -> Decimal:
        """A value written as a fraction (« 1/10 ») or a number, as a Decimal."""
        value = self.parameters.value(name, self.on)
        if isinstance(value, Decimal):
            return value
        ratio = Fraction(value)
        return Decimal(ratio.numerator) / Decimal(ratio.denominator)

    def text(self, name: str) -> str:
        return str(self.parameters.value(name, self.on))
