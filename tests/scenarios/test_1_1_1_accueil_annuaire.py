"""1.1.1 Reception and information: the internal directory and the org chart.

So that a visitor's request reaches the right person: who works where, their manager, how
to reach them. Hazards: the contact is unavailable (gone: the request must go to someone
else), missing information (no phone, no email), wrong information (an invalid email).
The visitor log and foreign visitors are not in the foundation's records.

The demo's Logistique service: Sophie Chevalier (S010, Responsable logistique, reporting to
the managing director Claire Morel, S001) and Hugo Blanc (S011, Magasinier, reporting to
her).
"""

from datetime import date

from pipelines.publish.people import directory_page, org_chart_page

from .workbooks import one_row

STAFF = ("personnel.xlsx", "Salariés")
AS_OF = date(2026, 11, 30)


def chart_position(chart, matricule: str) -> tuple[int, int]:
    """(order, level) of a person in the org chart."""
    row = one_row(chart, matricule=matricule)
    return row["ordre"], row["niveau"]


def test_the_directory_sends_a_logistics_request_to_the_right_person(demo):
    """1.1.1 Accueil — orienter une demande : pour une livraison, l'annuaire donne la responsable
    logistique, son poste, son service, son courriel, son téléphone et son bureau."""
    directory = demo.staff_figure("annuaire")
    head = one_row(directory, service="LOG", poste="Responsable logistique")
    assert {key: head[key] for key in ("matricule", "prenom", "nom", "service_libelle",
                                       "email_pro", "telephone_pro", "bureau")} == {
        "matricule": "S010", "prenom": "Sophie", "nom": "Chevalier",
        "service_libelle": "Logistique",
        "email_pro": "sophie.chevalier@atelier-lumiere-froid.fr",
        "telephone_pro": "04 72 70 40 10", "bureau": "Magasin",
    }
    assert directory.height == 14
    assert directory["nom"].to_list() == sorted(directory["nom"].to_list())


def test_the_org_chart_places_each_person_under_their_manager(demo):
    """1.1.1 Accueil — organigramme : le magasinier figure sous la responsable logistique,
    elle-même sous la directrice générale."""
    chart = demo.staff_figure("organigramme")
    director, head, storekeeper = (chart_position(chart, m) for m in ("S001", "S010", "S011"))
    assert (director[1], head[1], storekeeper[1]) == (0, 1, 2)
    assert director[0] < head[0] < storekeeper[0]
    between = chart.filter((chart["ordre"] > head[0]) & (chart["ordre"] < storekeeper[0]))
    assert (between["niveau"] > 1).all()  # nobody of a higher rank in between
    assert one_row(chart, matricule="S011")["responsable"] == "S010"
    page = org_chart_page(demo.computed.staff["organigramme"], AS_OF).body
    assert "\n    - **Sophie Chevalier** — Responsable logistique — Logistique\n" \
           "        - **Hugo Blanc** — Magasinier — Logistique\n" in page


def test_a_missing_phone_and_email_leave_the_person_in_the_directory(workbooks):
    """1.1.1 Accueil — aléa information manquante : sans téléphone ni courriel, Antoine Mercier
    reste dans l'annuaire avec son poste et son bureau, et les cases vides restent vides."""
    staff = workbooks.sheet(*STAFF)
    staff.update(staff.row_of("S008"), email_pro=None, telephone_pro=None)

    checked = workbooks.validate()

    assert checked.new_findings == []
    person = one_row(checked.staff_figure("annuaire"), matricule="S008")
    assert (person["email_pro"], person["telephone_pro"]) == (None, None)
    assert (person["poste"], person["bureau"]) == ("Technicien éclairagiste", "Atelier")
    page = directory_page(checked.computed.staff["annuaire"], AS_OF).body
    line = next(line for line in page.splitlines() if "**Mercier**" in line)
    assert line == "| **Mercier** Antoine | Technicien éclairagiste | Atelier |   |   | Atelier |"
    assert "None" not in page


def test_an_invalid_email_is_blocking(workbooks):
    """1.1.1 Accueil — aléa information erronée : un courriel professionnel incomplet («
    antoine.mercier@ ») est refusé avant d'être publié dans l'annuaire."""
    staff = workbooks.sheet(*STAFF)
    row = staff.row_of("S008")
    staff.set(row, "email_pro", "antoine.mercier@")

    checked = workbooks.validate()

    assert checked.new_findings == [("personnel.xlsx", "Salariés", f"J{row}", "type-invalide")]


def test_someone_gone_or_not_yet_arrived_is_not_in_the_directory(workbooks):
    """1.1.1 Accueil — aléa contact indisponible : une salariée partie le 31/10 et une recrue
    attendue le 04/01/2027 ne sont ni dans l'annuaire ni dans l'organigramme."""
    staff = workbooks.sheet(*STAFF)
    staff.set(staff.row_of("S013"), "date_sortie", date(2026, 10, 30))
    timesheets = workbooks.sheet("temps.xlsx", "Pointages")
    for row in sorted(timesheets.rows_where(matricule="S013"), reverse=True):
        if timesheets.get(row, "date").date() > date(2026, 10, 30):
            timesheets.delete(row)
    staff.append({
        "matricule": "S016", "civilite": "Mme", "nom": "Lambert", "prenom": "Léa",
        "email_pro": "lea.lambert@atelier-lumiere-froid.fr", "poste": "Comptable",
        "service": "ADM", "responsable": "S012", "categorie": "non-cadre",
        "date_entree": date(2027, 1, 4),
    })

    checked = workbooks.validate()

    assert checked.new_findings == []
    for figure in ("annuaire", "organigramme"):
        present = set(checked.staff_figure(figure)["matricule"])
        assert "S013" not in present and "S016" not in present and "S014" in present
        assert "S015" not in present  # the seasonal technician, gone since 11/09/2026
    assert one_row(checked.staff_figure("effectifs_par_service"), service="ADM")["effectif"] == 2


def test_a_manager_who_has_left_is_reported_so_requests_find_a_backup(workbooks):
    """1.1.1 Accueil — aléa contact indisponible : quand la responsable logistique est partie, son
    service et son magasinier sont signalés pour désigner un autre interlocuteur."""
    staff = workbooks.sheet(*STAFF)
    staff.set(staff.row_of("S010"), "date_sortie", date(2026, 11, 27))
    timesheets = workbooks.sheet("temps.xlsx", "Pointages")
    timesheets.delete(timesheets.row_of(matricule="S010", date=date(2026, 11, 30)))

    checked = workbooks.validate()

    assert checked.at("organisation.xlsx", "Services", "C5"), "service confié à une personne partie"
    assert checked.at("personnel.xlsx", "Salariés", "N12"), "salarié rattaché à une personne partie"
