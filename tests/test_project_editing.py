"""The staff project form: sections saved as drafts, Swedish validation, no silent
overwrite, field history and the project as it was on a date, lifecycle guards."""

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from projektdatabas.governance.lifecycle import TransitionRefused, change_status
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Project, ProjectPartner
from tests.conftest import sign_in
from tests.test_idle_sign_out import new_project

pytestmark = pytest.mark.django_db


def basics(project, **changes):
    data = {
        "version": project.version,
        "title_sv": project.title_sv,
        "title_en": project.title_en,
        "kind": project.kind,
        "lead_department": project.lead_department_id,
        "municipal_role": project.municipal_role,
        "start_date": project.start_date.isoformat() if project.start_date else "",
        "end_date": project.end_date.isoformat() if project.end_date else "",
        "internal_description_sv": project.internal_description_sv,
        "internal_description_en": project.internal_description_en,
        "source_note": project.source_note,
    }
    data.update(changes)
    return data


def edit_url(project, section="grunduppgifter"):
    return f"/intern/projekt/{project.pk}/redigera/{section}/"


def test_a_representative_registers_a_draft_in_steps(world, client):
    sign_in(client, world["users"]["rep"])
    response = client.post(
        "/intern/projekt/nytt/",
        {
            "title_sv": "Ungdomsutbyte med Bertinoro",
            "kind": "school_youth_exchange",
            "lead_department": world["department"].pk,
            "municipal_role": "partner",
        },
    )
    project = Project.objects.get(title_sv="Ungdomsutbyte med Bertinoro")
    assert response["Location"] == edit_url(project, "partner")
    assert project.submitted_at is None and project.slug == "ungdomsutbyte-med-bertinoro"
    assert project in Project.objects.drafts()

    partner = Organisation.objects.create(name="Bertinoro", kind="municipality", country="IT")
    response = client.post(
        edit_url(project, "partner"),
        {
            "version": project.version,
            "partnerships-TOTAL_FORMS": 2,
            "partnerships-INITIAL_FORMS": 0,
            "partnerships-0-organisation": partner.pk,
            "partnerships-0-role": "partner",
            "partnerships-1-role": "partner",  # the empty row, as the browser sends it
            "save_and_next": "1",
        },
    )
    assert response["Location"] == edit_url(project, "pengar")
    assert list(project.partners.all()) == [partner]


def test_validation_errors_are_in_swedish_and_keep_the_input(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        edit_url(project),
        basics(project, title_sv="Nytt namn", start_date="2026-05-01", end_date="2026-01-01"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Projektet kan inte sluta innan det börjar." in html
    assert 'value="Nytt namn"' in html
    project.refresh_from_db()
    assert project.title_sv == "Vänortsutbyte med medfinansiering"


def test_second_save_on_the_same_version_is_refused_with_what_changed(world, client):
    project = world["project"]
    first, second = client, client.__class__()
    sign_in(first, world["users"]["rep"])
    sign_in(second, world["users"]["coordinator"])
    read_at = basics(project)  # both opened the form at the same version

    assert first.post(edit_url(project), {**read_at, "title_sv": "Först sparat"}).status_code == 302
    response = second.post(edit_url(project), {**read_at, "end_date": "2027-06-30"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "titel (svenska)" in html  # what the first person changed
    # Not "Någon annan sparade": going back and saving twice oneself lands here too.
    assert "Projektet har sparats sedan du öppnade sidan (av någon annan, eller av dig" in html
    assert 'value="2027-06-30"' in html  # the second person's input is not lost
    project.refresh_from_db()
    assert project.title_sv == "Först sparat"
    assert project.end_date == dt.date(2026, 12, 31)
    # Saving again from the form as shown now goes through, knowingly.
    assert f'name="version" value="{project.version}"' in html


def test_history_shows_who_changed_what_and_the_project_as_of_a_date(world, client):
    project = world["project"]
    Project.history.filter(id=project.pk).update(
        history_date=timezone.now() - dt.timedelta(days=30)
    )
    sign_in(client, world["users"]["rep"])
    client.post(edit_url(project), basics(project, title_sv="Nytt namn på projektet"))

    html = client.get(f"/intern/projekt/{project.pk}/historik/").content.decode()
    assert "Vänortsutbyte med medfinansiering" in html and "Nytt namn på projektet" in html
    assert world["users"]["rep"].get_full_name() in html

    earlier = (timezone.localdate() - dt.timedelta(days=10)).isoformat()
    html = client.get(
        f"/intern/projekt/{project.pk}/per-datum/", {"datum": earlier}
    ).content.decode()
    snapshot = html.split('<dl class="facts">')[1]
    assert "Vänortsutbyte med medfinansiering" in snapshot
    assert "Nytt namn på projektet" not in snapshot
    before = (timezone.localdate() - dt.timedelta(days=60)).isoformat()
    html = client.get(
        f"/intern/projekt/{project.pk}/per-datum/", {"datum": before}
    ).content.decode()
    assert "fanns inte" in html
    html = client.get(
        f"/intern/projekt/{project.pk}/per-datum/", {"datum": "igår"}
    ).content.decode()
    assert "ÅÅÅÅ-MM-DD" in html


def test_lifecycle_refuses_steps_that_do_not_follow(world, make_project):
    rep = world["users"]["rep"]
    project = make_project(title_sv="Slutförs", end_date=None, status="ongoing")
    with pytest.raises(TransitionRefused):
        change_status(project=project, to="final_report_done", actor=rep)
    with pytest.raises(TransitionRefused):
        change_status(project=project, to="completed", actor=rep)  # no end date
    project.end_date = dt.date(2026, 6, 30)
    project.save()
    project = change_status(project=project, to="completed", actor=rep)
    with pytest.raises(TransitionRefused):
        change_status(project=project, to="final_report_done", actor=rep)  # no results
    project.results_sv = "Tjugo elever deltog."
    project.save()
    assert change_status(project=project, to="final_report_done", actor=rep).status == (
        "final_report_done"
    )


def test_a_refused_step_shows_its_reason_on_the_page(world, client):
    sign_in(client, world["users"]["rep"])
    project = world["project"]
    client.post(f"/intern/projekt/{project.pk}/skicka-in/")
    client.post(f"/intern/projekt/{project.pk}/status/", {"to": "approved"})
    response = client.post(f"/intern/projekt/{project.pk}/status/", {"to": "ongoing"}, follow=True)
    html = response.content.decode()
    assert "Projektet kan inte starta än" in html and "Kommunstyrelsen" in html
    project.refresh_from_db()
    assert project.status == "approved"


def test_submitting_tells_the_coordinator_and_a_decision_tells_the_department(
    world, client, django_capture_on_commit_callbacks
):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/intern/projekt/{project.pk}/skicka-in/")
    assert [m.to for m in mail.outbox] == [[world["users"]["coordinator"].email]]
    assert project.title_sv in mail.outbox[0].subject
    assert "inskickat" in mail.outbox[0].subject.lower()

    mail.outbox.clear()
    sign_in(client, world["users"]["secretary"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/intern/projekt/{project.pk}/beslut/nytt/",
            {
                "committee": world["board"].pk,
                "kind": "committee",
                "decided_on": "2025-03-01",
                "case_number": "KS 2025/123",
                "paragraph": "12",
                "outcome": "approved",
                "approved_cofinancing_sek": "100000",
                "minutes_url": "https://www.ale.se/protokoll/ks-2025-03-01.pdf",
            },
        )
    assert response.status_code == 302
    recipients = sorted(address for m in mail.outbox for address in m.to)
    assert recipients == sorted([world["users"]["coordinator"].email, world["users"]["rep"].email])
    assert "KS 2025/123" in mail.outbox[0].body


def test_coordinator_sees_departments_gone_quiet(world, client, municipality, board):
    from projektdatabas.organisations.models import Department

    Department.objects.create(municipality=municipality, name="Tyst förvaltning", committee=board)
    Project.objects.filter(lead_department=world["school"]).update(
        updated_at=timezone.now() - dt.timedelta(days=200)
    )
    sign_in(client, world["users"]["coordinator"])
    html = client.get("/intern/samordningsgrupp/").content.decode()
    stale = html.split('id="stale-heading"')[1].split("</section>")[0]
    assert "Tyst förvaltning" in stale and "Utbildningsförvaltningen" in stale
    assert "Kommunstyrelseförvaltningen" not in stale
    assert world["users"]["rep"].get_full_name() in html


def test_preview_shows_the_unpublished_public_page_to_staff_only(world, client):
    project = world["project"]
    project.public_summary_sv = "Så här beskrivs projektet för invånarna."
    project.internal_description_sv = "Intern anteckning om budgeten."
    project.save()
    public_url = f"/projekt/{project.pk}-{project.slug}/"
    assert client.get(public_url).status_code == 404
    sign_in(client, world["users"]["rep"])
    html = client.get(f"/intern/projekt/{project.pk}/forhandsvisning/").content.decode()
    assert "Förhandsvisning" in html and "Det är inte offentligt nu." in html
    assert "Så här beskrivs projektet för invånarna." in html
    assert "Intern anteckning" not in html


def test_publish_unpublish_and_archive_from_the_project_page(world, client):
    project = world["project"]
    url = f"/intern/projekt/{project.pk}/publicering/"
    sign_in(client, world["users"]["rep"])
    client.post(url, {"action": "publish"})
    assert client.get(f"/projekt/{project.pk}-{project.slug}/").status_code == 200
    client.post(url, {"action": "unpublish", "reason": "Fel i texten"})
    project.refresh_from_db()
    assert not project.is_published and project.first_published_at is not None

    response = client.post(url, {"action": "archive"})
    assert response.status_code == 403
    assert "Bara samordnaren arkiverar projekt." in response.content.decode()

    sign_in(client, world["users"]["coordinator"])
    client.post(url, {"action": "archive", "reason": "Dubblett"})
    project.refresh_from_db()
    assert project.archived_at is not None
    assert Project.objects.filter(pk=project.pk).exists()  # archived, never deleted


def test_a_project_cannot_start_before_its_period_does(world, make_project, client, monkeypatch):
    """The issue's case: moved to "pågående" on 2026-11-30 though its period starts
    2027-01-15."""
    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2026, 11, 30))
    rep = world["users"]["rep"]
    project = make_project(
        title_sv="Börjar i januari",
        start_date=dt.date(2027, 1, 15),
        end_date=dt.date(2027, 6, 30),
        submitted_at=timezone.now(),
        status="approved",
    )
    sign_in(client, rep)
    response = client.post(f"/intern/projekt/{project.pk}/status/", {"to": "ongoing"}, follow=True)
    assert "Projektperioden börjar 2027-01-15" in response.content.decode()
    project.refresh_from_db()
    assert project.status == "approved"

    monkeypatch.setattr(timezone, "localdate", lambda *args: dt.date(2027, 1, 15))
    assert change_status(project=project, to="ongoing", actor=rep).status == "ongoing"


def test_a_forged_id_too_large_for_the_database_is_an_unknown_choice(world, client):
    """Every staff form's multiple choice: SQLite cannot look up a number past 64 bits
    (it was a server error there); such a number is refused like any unknown choice."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        edit_url(project, "strategi"), {"version": project.version, "themes": [str(10**30)]}
    )
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()


@pytest.mark.parametrize("link", ["ftp://www.ale.se/protokoll.pdf", "javascript:alert(1)"])
def test_a_decisions_minutes_link_is_a_web_address_only(world, client, link):
    """Every staff form's link field takes http(s) only: the pages show it as a link."""
    project = world["project"]
    sign_in(client, world["users"]["secretary"])
    response = client.post(
        f"/intern/projekt/{project.pk}/beslut/nytt/",
        {
            "committee": world["board"].pk,
            "kind": "committee",
            "decided_on": "2025-03-01",
            "case_number": "KS 2025/123",
            "paragraph": "12",
            "outcome": "approved",
            "approved_cofinancing_sek": "100000",
            "minutes_url": link,
        },
    )
    assert response.status_code == 200
    assert "Ange en adress som börjar med https://" in response.content.decode()
    assert not project.decisions.exists()


def test_the_version_an_edit_was_read_at_is_hidden_in_every_section(world, client):
    """Staff forms make whole numbers text fields (staff/amounts.py); the version each
    section carries became one too and showed as "Version (obligatoriskt)" above Save,
    editable, in every section."""
    from projektdatabas.staff.views.project_edit import SECTIONS

    project = world["project"]
    sign_in(client, world["users"]["rep"])
    for section in SECTIONS:
        html = client.get(edit_url(project, section.slug)).content.decode()
        assert f'<input type="hidden" name="version" value="{project.version}"' in html, section
        assert 'for="id_version"' not in html, section


def test_the_form_calls_the_project_a_draft_only_while_it_is_one(world, client, make_project):
    """Every section of a running, published project said "Projektet är ett utkast tills du
    skickar in det"; and a draft without its money yet was told "inget beslut behövs", as
    if promised."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    Project.objects.filter(pk=project.pk).update(submitted_at=None)
    assert "utkast tills du skickar in det" in client.get(edit_url(project)).content.decode()
    Project.objects.filter(pk=project.pk).update(submitted_at=timezone.now())
    html = client.get(edit_url(project)).content.decode()
    assert "Varje del sparas för sig" in html and "utkast tills" not in html

    bare = make_project(title_sv="Utan pengar ännu", lead_department=world["department"])
    page = client.get(f"/intern/projekt/{bare.pk}/").content.decode()
    assert "Ingen kommunal medfinansiering är inlagd" in page
    assert "inget beslut behövs så länge ingen läggs till" in page


def test_a_drafts_page_offers_one_way_on_and_no_publishing_without_a_summary(
    world, client, make_project
):
    """A department's draft showed four equal main buttons (submit, applied, granted,
    withdraw), offered publishing with no public summary, and the archiving note to someone
    who cannot archive."""
    import re

    draft = make_project(
        title_sv="Nytt utkast", lead_department=world["department"], public_summary_sv=""
    )
    sign_in(client, world["users"]["rep"])
    html = client.get(f"/intern/projekt/{draft.pk}/").content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    buttons = re.findall(r'<button type="submit"( class="[^"]*")?[^>]*>([^<]+)</button>', html)
    main = [label for css, label in buttons if "secondary" not in css]
    assert main == ["Skicka in till samordnaren"]
    assert "Publicera på webbplatsen" not in html
    assert "Skriv den publika sammanfattningen" in html
    assert "Projekt raderas aldrig" not in html

    Project.objects.filter(pk=draft.pk).update(
        submitted_at=timezone.now(), public_summary_sv="Om projektet."
    )
    html = client.get(f"/intern/projekt/{draft.pk}/").content.decode()
    html = html[html.index("<main") : html.index("</main>")]
    buttons = re.findall(r'<button type="submit"( class="[^"]*")?[^>]*>([^<]+)</button>', html)
    main = [label for css, label in buttons if "secondary" not in css]
    assert "Dra tillbaka" not in main and "Publicera på webbplatsen" in main


def test_a_project_has_one_lead(world, client):
    """'Lärlingar i Europa 2027' said 'Kommunens roll: Projektägare (huvudman)' with Stadt
    Kassel 'huvudman' in its partner list; the decision rule reads the municipality's role."""
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(municipal_role="owner")
    project.refresh_from_db()
    kassel = Organisation.objects.create(name="Stadt Kassel", kind="municipality", country="DE")
    sign_in(client, world["users"]["rep"])
    rows = {
        "version": project.version,
        "partnerships-TOTAL_FORMS": 1,
        "partnerships-INITIAL_FORMS": 0,
        "partnerships-0-organisation": kassel.pk,
        "partnerships-0-role": "lead",
    }
    response = client.post(edit_url(project, "partner"), rows)
    assert response.status_code == 200
    assert "Kommunen äger projektet (huvudman), så ingen partner kan också vara huvudman." in (
        response.content.decode()
    )
    assert not project.partnerships.exists()  # nothing saved, the input kept on the page
    assert f'value="{kassel.pk}" selected' in response.content.decode()

    assert client.post(edit_url(project, "partner"), {**rows, "partnerships-0-role": "partner"})[
        "Location"
    ]
    assert project.partnerships.get().role == "partner"


def test_the_project_list_narrows_to_a_department_and_offers_a_new_project(
    world, client, make_project
):
    """76 projects could be narrowed by title and status only, and "Registrera ett nytt
    projekt" was on the start page alone."""
    school = make_project(title_sv="Skolans projekt", lead_department=world["school"])
    make_project(title_sv="Styrelsens projekt", lead_department=world["department"])
    sign_in(client, world["users"]["coordinator"])
    html = client.get("/intern/projekt/").content.decode()
    assert '<select id="forvaltning" name="forvaltning">' in html
    assert 'href="/intern/projekt/nytt/">Registrera ett nytt projekt</a>' in html
    listed = client.get("/intern/projekt/", {"forvaltning": world["school"].pk}).context["page"]
    assert {p.lead_department_id for p in listed} == {world["school"].pk}
    assert school in listed
    # A value that names none of the departments offered narrows nothing.
    everything = client.get("/intern/projekt/").context["page"].paginator.count
    assert (
        client.get("/intern/projekt/", {"forvaltning": "x"}).context["page"].paginator.count
        == everything
    )


def test_two_saved_partner_rows_trading_organisations_get_an_answer_not_a_500(world, client):
    """A reviewer set row 1 to row 2's organisation and row 2 to row 1's: the first row
    saved took the second's organisation while the second still held it (a 500)."""
    project = world["project"]
    kaufungen = Organisation.objects.create(name="Kaufungen", kind="municipality", country="DE")
    gemeinde = Organisation.objects.create(name="Gemeinde K", kind="municipality", country="DE")
    first = ProjectPartner.objects.create(project=project, organisation=kaufungen, role="lead")
    second = ProjectPartner.objects.create(project=project, organisation=gemeinde, role="partner")
    project.refresh_from_db()
    sign_in(client, world["users"]["rep"])
    rows = {
        "version": project.version,
        "partnerships-TOTAL_FORMS": 2,
        "partnerships-INITIAL_FORMS": 2,
        "partnerships-0-id": first.pk,
        "partnerships-0-organisation": gemeinde.pk,
        "partnerships-0-role": "lead",
        "partnerships-1-id": second.pk,
        "partnerships-1-organisation": kaufungen.pk,
        "partnerships-1-role": "partner",
        "save": "1",
    }
    response = client.post(edit_url(project, "partner"), rows)
    assert response.status_code == 200
    assert "Två rader kan inte byta organisation med varandra" in response.content.decode()
    assert {(p.organisation, p.role) for p in project.partnerships.all()} == {
        (kaufungen, "lead"),
        (gemeinde, "partner"),
    }  # nothing half saved

    # Another project's row, forged into the form with this project's organisation.
    other = ProjectPartner.objects.create(
        project=world["school_project"], organisation=gemeinde, role="partner"
    )
    forged = {**rows, "partnerships-1-id": other.pk, "partnerships-0-organisation": kaufungen.pk}
    response = client.post(edit_url(project, "partner"), forged)
    assert response.status_code == 200
    other.refresh_from_db()
    assert other.project == world["school_project"] and other.organisation == gemeinde


def test_withdrawing_asks_first_because_it_cannot_be_undone(world, client):
    """'Dra tillbaka' sat beside 'Starta projektet' and withdrew the project at one click,
    for good (a withdrawn project has no next step)."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    url = f"/intern/projekt/{project.pk}/status/"
    response = client.post(url, {"to": "withdrawn", "version": project.version})
    html = response.content.decode()
    assert response.status_code == 200 and "<h1>Dra tillbaka?</h1>" in html
    assert "Projektet får status ”återtaget”. Det är dess sista steg" in html
    assert f'<a href="/intern/projekt/{project.pk}/">Avbryt</a>' in html
    project.refresh_from_db()
    assert project.status == "idea"  # nothing happened yet

    response = client.post(url, {"to": "withdrawn", "version": project.version, "confirmed": "1"})
    assert response["Location"] == f"/intern/projekt/{project.pk}/"
    project.refresh_from_db()
    assert project.status == "withdrawn"
    # A step that can be taken back is not asked about.
    other = world["school_project"]
    sign_in(client, world["users"]["other_rep"])
    response = client.post(
        f"/intern/projekt/{other.pk}/status/", {"to": "application", "version": other.version}
    )
    assert response.status_code == 302


def test_back_and_save_again_on_a_new_project_does_not_register_it_twice(world, client):
    """A reviewer registered a project, pressed Back (the form came back filled in) and
    saved again: two drafts of the same name, and a department cannot remove one."""
    sign_in(client, world["users"]["rep"])
    form = client.get("/intern/projekt/nytt/").content.decode()
    token = re.search(r'name="draft" value="([0-9a-f]{32})"', form).group(1)
    data = new_project(world, draft=token, title_sv="Bakåt-test")
    first = client.post("/intern/projekt/nytt/", data)
    (project,) = Project.objects.filter(title_sv="Bakåt-test")
    again = client.post(
        "/intern/projekt/nytt/", {**data, "title_sv": "Bakåt-test, rättad"}, follow=True
    )
    assert first["Location"] == again.redirect_chain[0][0] == edit_url(project, "partner")
    assert "Utkastet var redan sparat (formuläret skickades igen)" in again.content.decode()
    assert not Project.objects.filter(title_sv="Bakåt-test").exists()
    project.refresh_from_db()
    assert project.title_sv == "Bakåt-test, rättad"  # what was typed the second time
    # Sent a third time after the draft was saved elsewhere: nothing is overwritten.
    project.refresh_from_db()
    Project.objects.filter(pk=project.pk).update(version=project.version + 1, title_sv="Ändrad")
    third = client.post("/intern/projekt/nytt/", {**data, "title_sv": "Tredje"}, follow=True)
    assert third.redirect_chain[0][0] == f"/intern/projekt/{project.pk}/"
    assert "har ändrats sedan dess" in third.content.decode()
    project.refresh_from_db()
    assert project.title_sv == "Ändrad"
    # A new form is a new project, even with the same title.
    token = re.search(
        r'name="draft" value="([0-9a-f]{32})"', client.get("/intern/projekt/nytt/").content.decode()
    ).group(1)
    client.post("/intern/projekt/nytt/", {**data, "draft": token})
    assert Project.objects.filter(title_sv="Bakåt-test").count() == 1


def test_a_new_row_refused_can_be_ticked_away(world, client):
    """A row added by mistake, its role changed, was refused ("Välj organisation") and had
    no "Ta bort": the only way out was to reload and lose everything else typed."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    url = edit_url(project, "partner")
    assert 'name="partnerships-0-DELETE"' not in client.get(url).content.decode()  # pristine
    rows = {
        "version": project.version,
        "partnerships-TOTAL_FORMS": 1,
        "partnerships-INITIAL_FORMS": 0,
        "partnerships-0-role": "lead",  # changed; no organisation chosen
        "save": "1",
    }
    html = client.post(url, rows).content.decode()
    assert 'name="partnerships-0-DELETE"' in html and "Ta bort raden när du sparar" in html
    response = client.post(url, {**rows, "partnerships-0-DELETE": "on"})
    assert response.status_code == 302
    assert not project.partnerships.exists()


def test_options_read_as_answers_in_the_order_people_read_them(world, client):
    """'vänortsutbyte' and 'partner' stood in lower case beside 'EU-projekt', and 'EQUAL'
    and 'ESF …' came before 'Egna medel' and 'Erasmus+'."""
    from projektdatabas.projects.models import Programme

    for name in ["Erasmus+", "ESF Mål 3", "Egna medel", "EQUAL"]:
        Programme.objects.create(name=name)
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    basics = client.get(edit_url(project)).content.decode()
    assert ">Vänortsutbyte</option>" in basics and ">EU-projekt</option>" in basics
    partners = client.get(edit_url(project, "partner")).content.decode()
    assert ">Partner</option>" in partners and ">partner</option>" not in partners
    money = client.get(edit_url(project, "pengar")).content.decode()
    names = re.findall(r"<option value=\"\d+\"[^>]*>(Erasmus\+|ESF Mål 3|Egna medel|EQUAL)<", money)
    assert names[:4] == ["Egna medel", "EQUAL", "Erasmus+", "ESF Mål 3"]


def test_amounts_and_hours_are_shown_as_typed(world, client, publish):
    """12 500,50 EUR was shown as 12 501 EUR on the staff page, and 120,5 hours as 121 on
    the public page."""
    from decimal import Decimal

    from projektdatabas.finance.models import Funding

    project = world["project"]
    Funding.objects.create(
        project=project,
        source="eu_grant",
        amount=Decimal("12500.50"),
        currency="EUR",
        exchange_rate=Decimal("11.2"),
    )
    Funding.objects.create(
        project=project,
        source="municipal_staff_time",
        amount=Decimal("40000"),
        staff_hours=Decimal("120.5"),
    )
    sign_in(client, world["users"]["rep"])
    page = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    assert "12\u00a0500,50 EUR" in page and "100\u00a0000 kr" in page  # whole kronor stay whole
    publish(project)
    project.refresh_from_db()
    public = client.get(f"/projekt/{project.pk}-{project.slug}/").content.decode()
    assert "varav 120,5 timmar egen tid" in public


def test_an_end_before_the_start_is_said_at_the_end_date(world, client):
    """ "Projektet kan inte sluta innan det börjar." stood only in the summary above the
    form, not at the field to correct."""
    from tests.test_past_dates import field_error

    sign_in(client, world["users"]["rep"])
    html = client.post(
        "/intern/projekt/nytt/",
        new_project(world, title_sv="Baklänges", start_date="2027-03-01", end_date="2027-02-01"),
    ).content.decode()
    assert "Projektet kan inte sluta innan det börjar." in field_error(html, "end_date")
    assert html.count("Projektet kan inte sluta innan det börjar.") <= 2  # field (+ summary link)
    assert not Project.objects.filter(title_sv="Baklänges").exists()


def test_partner_rows_changed_in_a_chain_are_saved(world, client):
    """Row 1 Kaufungen → Ruukki and row 2 Ruukki → Bertinoro: nothing is traded, and it is
    saved (saving row 1 first would have collided with row 2)."""
    project = world["project"]
    kaufungen, ruukki, bertinoro = (
        Organisation.objects.create(name=name, kind="municipality", country=country)
        for name, country in (("Kaufungen", "DE"), ("Ruukki", "FI"), ("Bertinoro", "IT"))
    )
    first = ProjectPartner.objects.create(project=project, organisation=kaufungen, role="lead")
    second = ProjectPartner.objects.create(project=project, organisation=ruukki, role="partner")
    project.refresh_from_db()
    sign_in(client, world["users"]["rep"])
    response = client.post(
        edit_url(project, "partner"),
        {
            "version": project.version,
            "partnerships-TOTAL_FORMS": 2,
            "partnerships-INITIAL_FORMS": 2,
            "partnerships-0-id": first.pk,
            "partnerships-0-organisation": ruukki.pk,
            "partnerships-0-role": "lead",
            "partnerships-1-id": second.pk,
            "partnerships-1-organisation": bertinoro.pk,
            "partnerships-1-role": "partner",
            "save": "1",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert {(p.organisation, p.role) for p in project.partnerships.all()} == {
        (ruukki, "lead"),
        (bertinoro, "partner"),
    }
