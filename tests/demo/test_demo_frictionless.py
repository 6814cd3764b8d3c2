"""The second opinion: ``frictionless validate --trusted schemas/datapackage.json``."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

from .conftest import SCHEMAS


def test_frictionless_finds_no_error_in_the_demo(demo_dir, tmp_path):
    shutil.copytree(SCHEMAS, tmp_path / "schemas")
    shutil.copytree(demo_dir, tmp_path / "workbooks")
    command = [str(Path(sys.executable).with_name("frictionless")), "validate", "--trusted",
               "--json", "schemas/datapackage.json"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    report = json.loads(result.stdout)
    errors = [(task["name"], error["type"], error.get("note") or error["message"])
              for task in report["tasks"] for error in task["errors"]] + report["errors"]
    assert errors == []
    assert result.returncode == 0
    assert {task["name"] for task in report["tasks"]} == {
        "organisation", "services", "gravites", "clients", "prospects", "fournisseurs", "articles",
        "mouvements", "salaries", "contrats", "pointages", "absences", "actualites", "annonces",
        "devis", "lignes_devis", "commandes", "lignes_commande", "livraisons", "lignes_livraison",
        "factures", "lignes_facture", "reglements", "lettrage", "echeanciers", "relances",
        "cours_change", "regles_relance", "reglages", "attestations_exigees",
        "attestations_fournisseurs", "inventaire", "tarifs", "commandes_achat",
        "lignes_commande_achat", "receptions", "lignes_reception", "factures_fournisseurs",
        "lignes_facture_fournisseur", "reglements_fournisseurs", "lettrage_fournisseurs",
        "equipements", "contrats_services", "revisions_contrats", "couvertures_contrats",
        "consommables", "mouvements_consommables", "budgets_consommables", "reglages_paie",
        "contrats_protection_sociale", "variables_paie", "regularisations_paie",
        "declarations_sociales"}
    assert all(task["valid"] for task in report["tasks"])
