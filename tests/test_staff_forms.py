"""The staff forms as a person meets them: labels above fields, required fields marked,
"Välj …" in selects, errors summarised and linked, amounts the Swedish way, rows added
without losing what was typed (with and without JavaScript), and a partner organisation
added from the partner section with a warning when a similar one exists."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from projektdatabas.core.models import AuditEntry
from projektdatabas.finance.models import Funding
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Programme, Project
from projektdatabas.projects.partners import add_organisation, similar_organisations
from projektdatabas.staff.amounts import SwedishDecimalField, parse_number
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

NBSP = "\u00a0"


def url(project, section):
    return f"/intern/projekt/{project.pk}/redigera/{section}/"


def field_html(html: str, field_id: str) -> str:
    """The <div class="field"> that holds the input `field_id`."""
    for block in re.findall(r'<div class="field[^"]*">.*?</div>', html, re.S):
        if f'id="{field_id}"' in block:
            return block
    raise AssertionError(f"no field block for {field_id}")


def money_data(project, **changes):
    funding = project.fundings.get()
    data = {
        "version": project.version,
        "applied_on": "",
        "total_budget": "",
        "budget_currency": "SEK",
        "budget_exchange_rate": "1",
        "fundings-TOTAL_FORMS": "2",
        "fundings-INITIAL_FORMS": "1",
        "fundings-0-id": funding.pk,
        "fundings-0-project": project.pk,
        "fundings-0-source": funding.source,
        "fundings-0-amount": "100 000",
        "fundings-0-currency": "SEK",
        "fundings-0-exchange_rate": "1",
        "fundings-1-project": project.pk,
        "fundings-1-currency": "SEK",
        "fundings-1-exchange_rate": "1",
    }
    data.update(changes)
    return data


# Rendering, shared by every staff form


def test_labels_sit_above_their_fields_with_required_ones_marked(world, client):
    sign_in(client, world["users"]["rep"])
    html = client.get(url(world["project"], "grunduppgifter")).content.decode()
    title = field_html(html, "id_title_sv")
    assert title.index("<label") < title.index("<input")
    assert "(obligatoriskt)" in title
    assert "(obligatoriskt)" not in field_html(html, "id_title_en")
    # The hint is under the label and read with the field.
    source = field_html(html, "id_source_note")
    assert source.index("<label") < source.index('class="hint"') < source.index("<input")
    assert 'aria-describedby="id_source_note_helptext"' in source


def test_a_form_whose_every_field_is_required_marks_none(client, db):
    html = client.get("/intern/logga-in/").content.decode()
    assert "Användarnamn" in html and "(obligatoriskt)" not in html


def test_selects_say_choose_instead_of_dashes(world, client):
    sign_in(client, world["users"]["rep"])
    for section in ("grunduppgifter", "partner", "pengar"):
        html = client.get(url(world["project"], section)).content.decode()
        assert "---------" not in html, section
        assert "Välj …" in html, section


def test_a_failed_save_shows_a_focused_summary_linking_to_each_field(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        url(project, "pengar"), money_data(project, **{"fundings-0-amount": "mycket"})
    )
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</div>', html, re.S).group(0)
    assert "autofocus" in summary and 'tabindex="-1"' in summary
    assert 'href="#id_fundings-0-amount"' in summary
    assert summary.count("Finansiering 1, Belopp") == 1  # one message a field
    amount = field_html(html, "id_fundings-0-amount")
    assert "field-error" in amount  # the red bar and border, as for selects
    assert 'aria-invalid="true"' in amount
    assert "id_fundings-0-amount_error" in amount
    assert "Skriv ett tal med siffror, till exempel 1 160 000 eller 1 160 000,50." in amount
    assert 'value="mycket"' in amount  # what was typed stays
    assert Project.objects.get(pk=project.pk).version == project.version


# Amounts


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("1 160 000", "1160000"),
        (f"1{NBSP}160{NBSP}000,50", "1160000.50"),
        ("1\u202f160\u202f000", "1160000"),
        ("1160000.50", "1160000.50"),
        ("1 160 000 kr", "1160000"),
        ("11,25", "11.25"),
    ],
)
def test_amounts_are_read_as_people_type_them(typed, expected):
    with translation.override("sv"):
        assert parse_number(typed) == Decimal(expected)


@pytest.mark.parametrize("typed", ["mycket", "1,160,000", "12 kr 50", "--5"])
def test_junk_and_ambiguous_amounts_are_refused_in_swedish(typed):
    field = SwedishDecimalField(max_digits=14, decimal_places=2, required=False)
    with translation.override("sv"), pytest.raises(Exception) as refused:
        field.clean(typed)
    assert "Skriv ett tal med siffror" in str(refused.value) or "decimaler" in str(refused.value)


@pytest.mark.parametrize("typed", ["24.000", "1.160.000", "1.500"])
def test_thousands_grouped_by_points_are_told_how_to_write_them(typed):
    """ "24.000" had been told "Skriv högst 2 decimaler", and "24.00" then saved 24 kr."""
    field = SwedishDecimalField(max_digits=14, decimal_places=2, required=False)
    with translation.override("sv"), pytest.raises(Exception) as refused:
        field.clean(typed)
    assert "Skriv tusental med mellanslag, inte punkt: 24 000." in str(refused.value)
    rate = SwedishDecimalField(max_digits=10, decimal_places=4, required=False)
    with translation.override("sv"):
        assert rate.clean("11.250") == Decimal("11.25")  # a rate has four decimals


def test_a_currency_typed_with_the_amount_must_be_the_one_chosen(world, client):
    """ "24 000 €" with SEK chosen was saved as 24 000 kr, and 5 000 EUR at the rate 1 that
    kronor had left in the field as 5 000 kr."""
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    cases = [
        (
            {"fundings-0-amount": "24 000 €"},
            "id_fundings-0-amount",
            "Beloppet är skrivet i euro, men vald valuta är SEK",
        ),
        (
            {"fundings-0-amount": "24 000 kr", "fundings-0-currency": "EUR"},
            "id_fundings-0-amount",
            "Beloppet är skrivet i kronor, men vald valuta är EUR",
        ),
        (
            {"fundings-0-amount": "5 000", "fundings-0-currency": "EUR"},
            "id_fundings-0-exchange_rate",
            "Ange växelkursen som användes: kronor per euro",
        ),
    ]
    for changes, field, message in cases:
        html = client.post(url(project, "pengar"), money_data(project, save="1", **changes))
        assert message in field_html(html.content.decode(), field), changes
    assert project.fundings.get().amount == Decimal("100000")
    response = client.post(
        url(project, "pengar"),
        money_data(
            project,
            save="1",
            **{
                "fundings-0-amount": "24 000 €",
                "fundings-0-currency": "EUR",
                "fundings-0-exchange_rate": "11,25",
            },
        ),
    )
    assert response.status_code == 302
    assert project.fundings.get().amount_sek == Decimal("270000.00")


def test_limits_are_said_in_plain_words_with_the_number_as_typed(world, client):
    """Not Django's "Kontrollera att detta värde är större än eller lika med 0.01"."""
    sign_in(client, world["users"]["coordinator"])
    cases = [
        (
            {"year": "3000", "hourly_rate_sek": "0"},
            ["Skriv ett tal från 1990 till 2100.", "Skriv 0,01 eller mer."],
        ),
        ({"year": "2026", "hourly_rate_sek": "450,125"}, ["Skriv högst 2 decimaler."]),
        (
            {"year": "2026", "hourly_rate_sek": "123456789"},
            ["Talet är för långt: högst 7 siffror."],
        ),
    ]
    for data, messages in cases:
        page = client.post("/intern/timpris/ny/", data).content.decode()
        for message in messages:
            assert message in page, (data, message)
        assert "Kontrollera att" not in page and "Säkerställ att" not in page
    field = SwedishDecimalField(max_digits=9, decimal_places=0, required=False)
    with translation.override("sv"), pytest.raises(Exception, match="Skriv ett heltal"):
        field.clean("12,5")


def test_english_pages_read_english_grouping():
    with translation.override("en"):
        assert parse_number("1,160,000.50") == Decimal("1160000.50")


def test_amounts_are_shown_grouped_without_decimals(world, client):
    project = world["project"]
    project.total_budget = Decimal("11600000.00")
    project.save()
    sign_in(client, world["users"]["rep"])
    html = client.get(url(project, "pengar")).content.decode()
    assert f'value="11{NBSP}600{NBSP}000"' in html
    assert f'value="100{NBSP}000"' in html
    assert "11600000.00" not in html and ".00 SEK" not in html


def test_an_amount_typed_the_swedish_way_is_saved(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        url(project, "pengar"),
        money_data(project, total_budget=f"1{NBSP}160{NBSP}000,50", save="1"),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    project.refresh_from_db()
    assert project.total_budget == Decimal("1160000.50")


# Rows added and removed


def test_add_row_without_javascript_keeps_everything_and_saves_nothing(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    data = money_data(
        project,
        total_budget="250 000",
        add_row="1",
        **{"fundings-1-source": "eu_grant", "fundings-1-amount": "42 000"},
    )
    response = client.post(url(project, "pengar"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="row-form"') == 3
    assert "Finansiering 3" in html
    assert 'name="fundings-TOTAL_FORMS" value="3"' in html
    assert 'value="250 000"' in html and 'value="42 000"' in html
    assert re.search(r'name="fundings-1-source" value="eu_grant"[^>]* checked', html)
    # The new row starts as an empty row does: in kronor at the rate 1.
    assert re.search(r'name="fundings-2-exchange_rate" value="1"', html)
    # Half-filled rows are not judged: adding a row is not a save.
    assert "error-summary" not in html and "field-error" not in html
    assert Funding.objects.filter(project=project).count() == 1
    assert Project.objects.get(pk=project.pk).version == project.version


def test_the_htmx_row_endpoint_returns_one_empty_row_and_the_new_count(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.get(
        f"/intern/projekt/{project.pk}/redigera/pengar/ny-rad/",
        {"fundings-TOTAL_FORMS": "2"},
        headers={"HX-Request": "true"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Finansiering 3" in html and 'name="fundings-2-source"' in html
    assert 'name="fundings-1-source"' not in html
    assert re.search(r'name="fundings-TOTAL_FORMS" value="3"[^>]*hx-swap-oob="true"', html)
    # The button that asks for it also works without JavaScript: a submit button.
    page = client.get(url(project, "pengar")).content.decode()
    button = re.search(r'<button type="submit" name="add_row".*?</button>', page, re.S).group(0)
    assert "hx-get" in button and "Lägg till rad" in button


def test_the_row_endpoint_refuses_a_reader(world, client):
    sign_in(client, world["users"]["reader"])
    response = client.get(f"/intern/projekt/{world['project'].pk}/redigera/pengar/ny-rad/")
    assert response.status_code == 403


@pytest.mark.parametrize("count", ["²", "9" * 5000, "-1", "abc", "50"])
def test_a_bogus_row_count_is_not_found_rather_than_an_error(world, client, count):
    # "²" is a digit to str.isdigit() and 5,000 digits are more than int() reads: both
    # made the server fail (500) instead of answering that there is no such row.
    sign_in(client, world["users"]["rep"])
    response = client.get(
        f"/intern/projekt/{world['project'].pk}/redigera/pengar/ny-rad/",
        {"fundings-TOTAL_FORMS": count},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 404


def test_a_bogus_count_or_organisation_sent_with_the_section_shows_the_section(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        url(project, "pengar"), money_data(project, add_row="1", **{"fundings-TOTAL_FORMS": "²"})
    )
    assert response.status_code == 200
    response = client.post(url(project, "partner"), partner_data(project, use_organisation="²"))
    assert response.status_code == 200
    assert "Den organisationen finns inte längre" in response.content.decode()


def test_a_row_count_raised_in_the_form_builds_no_more_than_the_row_limit(world, client):
    # Django's own ceiling is 2,000 rows: 10,000 sent made a 13 MB page after 40 seconds.
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    for extra in ({}, {"add_row": "1"}):
        response = client.post(
            url(project, "pengar"),
            money_data(project, **{"fundings-TOTAL_FORMS": "10000"}, **extra),
        )
        assert response.status_code == 200
        assert response.content.decode().count('class="row-form"') <= 100
    assert Funding.objects.filter(project=project).count() == 1


def test_a_saved_row_can_be_removed(world, client):
    project = world["project"]
    sign_in(client, world["users"]["rep"])
    response = client.post(
        url(project, "pengar"), money_data(project, **{"fundings-0-DELETE": "on", "save": "1"})
    )
    assert response.status_code == 302
    assert not Funding.objects.filter(project=project).exists()


def test_the_programme_is_asked_once_and_follows_from_the_financing(world, client):
    project = world["project"]
    erasmus = Programme.objects.create(name="Erasmus+", is_eu=True)
    # Recorded before the programme moved to the financing lines, with no line of its own.
    twinning = Programme.objects.create(name="Vänortsarbete")
    project.programmes.add(twinning)
    sign_in(client, world["users"]["rep"])
    strategy = client.get(url(project, "strategi")).content.decode()
    assert 'name="programmes"' not in strategy
    response = client.post(
        url(project, "pengar"),
        money_data(
            project,
            save="1",
            **{
                "fundings-1-source": "eu_grant",
                "fundings-1-programme": erasmus.pk,
                "fundings-1-amount": "42 000",
            },
        ),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(project.programmes.all()) == {erasmus, twinning}

    # Removing the line removes its programme; the one without a line stays.
    project.refresh_from_db()
    line = project.fundings.get(programme=erasmus)
    other = project.fundings.exclude(pk=line.pk).get()
    data = {
        "version": project.version,
        "budget_currency": "SEK",
        "budget_exchange_rate": "1",
        "save": "1",
    }
    data.update(
        {
            "fundings-TOTAL_FORMS": "3",
            "fundings-INITIAL_FORMS": "2",
            "fundings-0-id": other.pk,
            "fundings-0-project": project.pk,
            "fundings-0-source": other.source,
            "fundings-0-amount": "100 000",
            "fundings-0-currency": "SEK",
            "fundings-0-exchange_rate": "1",
            "fundings-1-project": project.pk,
            "fundings-1-currency": "SEK",
            "fundings-1-exchange_rate": "1",
            "fundings-1-id": line.pk,
            "fundings-1-source": "eu_grant",
            "fundings-1-programme": erasmus.pk,
            "fundings-1-amount": "42 000",
            "fundings-1-DELETE": "on",
            "fundings-2-project": project.pk,
            "fundings-2-currency": "SEK",
            "fundings-2-exchange_rate": "1",
        }
    )
    response = client.post(url(project, "pengar"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(project.programmes.all()) == {twinning}


# A partner organisation added from the partner section


def partner_data(project, **changes):
    data = {
        "version": project.version,
        "partnerships-TOTAL_FORMS": "1",
        "partnerships-INITIAL_FORMS": "0",
        "partnerships-0-project": project.pk,
        "partnerships-0-role": "partner",
        "new_organisation-name": "",
        "new_organisation-country": "",
        "new_organisation-town": "",
        "new_organisation-kind": "",
    }
    data.update(changes)
    return data


def test_a_similar_name_is_warned_about_before_an_organisation_is_added(world, client):
    project = world["project"]
    existing = Organisation.objects.create(
        name="Comune di Bertinoro", kind="municipality", country="IT", town="Bertinoro"
    )
    sign_in(client, world["users"]["rep"])
    new = {
        "new_organisation-name": "Bertinoro kommun",
        "new_organisation-country": "IT",
        "new_organisation-kind": "municipality",
        "add_organisation": "1",
    }
    response = client.post(url(project, "partner"), partner_data(project, **new))
    html = response.content.decode()
    assert "Menar du någon av dessa?" in html
    assert f'name="use_organisation" value="{existing.pk}"' in html
    assert "Välj Comune di Bertinoro" in html
    assert not Organisation.objects.filter(name="Bertinoro kommun").exists()

    # Choosing the existing one puts it in the empty row; nothing else is saved yet.
    response = client.post(
        url(project, "partner"), partner_data(project, **new, use_organisation=existing.pk)
    )
    html = response.content.decode()
    assert f'<option value="{existing.pk}" selected>' in html
    assert not Organisation.objects.filter(name="Bertinoro kommun").exists()
    assert not project.partners.exists()


def test_a_new_organisation_is_added_chosen_and_logged(world, client):
    project = world["project"]
    Organisation.objects.create(name="Comune di Bertinoro", kind="municipality", country="IT")
    sign_in(client, world["users"]["rep"])
    response = client.post(
        url(project, "partner"),
        partner_data(
            project,
            **{
                "new_organisation-name": "Bertinoro kommun",
                "new_organisation-country": "IT",
                "new_organisation-town": "Bertinoro",
                "new_organisation-kind": "municipality",
                "add_organisation": "confirmed",
            },
        ),
    )
    added = Organisation.objects.get(name="Bertinoro kommun")
    assert added.town == "Bertinoro" and added.country.code == "IT"
    entry = AuditEntry.objects.get(action="organisation.added")
    assert entry.actor == world["users"]["rep"] and entry.object_id == str(added.pk)
    html = response.content.decode()
    assert f'<option value="{added.pk}" selected>' in html
    assert "Spara för att göra den till partner i projektet" in html
    assert not project.partners.exists()  # the partner is saved with the section


def test_a_reader_may_not_add_an_organisation(world, client):
    with pytest.raises(PermissionDenied):
        add_organisation(
            actor=world["users"]["reader"], name="Kaufungen", country="DE", kind="municipality"
        )
    assert not Organisation.objects.filter(name="Kaufungen").exists()
    sign_in(client, world["users"]["reader"])
    response = client.post(
        url(world["project"], "partner"),
        partner_data(
            world["project"],
            **{
                "new_organisation-name": "Kaufungen",
                "new_organisation-country": "DE",
                "new_organisation-kind": "municipality",
                "add_organisation": "confirmed",
            },
        ),
    )
    assert response.status_code == 403
    assert not Organisation.objects.filter(name="Kaufungen").exists()


@pytest.mark.parametrize("typed", ["åbo akademi", " Åbo  Akademi ", "ÅBO AKADEMI"])
def test_the_same_name_in_other_case_or_spacing_is_not_added_again(world, client, typed):
    # "No, add it as new" after the warning must not give the register a second Åbo
    # Akademi that looks the same in the partner list (HTML shows "  " as " ").
    Organisation.objects.create(name="Åbo Akademi", kind="university", country="FI")
    sign_in(client, world["users"]["rep"])
    new = {
        "new_organisation-name": typed,
        "new_organisation-country": "FI",
        "new_organisation-kind": "university",
        "add_organisation": "confirmed",
    }
    response = client.post(url(world["project"], "partner"), partner_data(world["project"], **new))
    assert "Det finns redan en organisation med detta namn i landet" in response.content.decode()
    assert Organisation.objects.filter(country="FI").count() == 1
    # In another country it is another organisation; its name is stored tidied.
    add_organisation(
        actor=world["users"]["rep"], name=" Åbo  Akademi ", country="SE", kind="university"
    )
    assert Organisation.objects.filter(name="Åbo Akademi", country="SE").exists()


@pytest.mark.parametrize(
    "typed", ["bertinoro", "BERTINORO", "Bertinori", "Comune di Bertinoro", "Bértinoro kommun"]
)
def test_similar_names_ignore_case_accents_and_generic_words(db, typed):
    bertinoro = Organisation.objects.create(
        name="Comune di Bertinoro", kind="municipality", country="IT"
    )
    Organisation.objects.create(name="Oxford Brookes University", kind="university", country="GB")
    assert similar_organisations(typed) == [bertinoro]


def test_an_unrelated_name_is_not_similar(db):
    Organisation.objects.create(name="Comune di Bertinoro", kind="municipality", country="IT")
    assert similar_organisations("Kaufungen") == []


# The staff project page and its history


def test_the_staff_project_page_shows_every_field(world, client):
    from projektdatabas.projects.models import TargetGroup, Theme
    from projektdatabas.strategy.models import SustainableDevelopmentGoal

    project = world["project"]
    project.title_en = "Twinning with co-financing"
    project.total_budget = Decimal("1160000")
    project.participants, project.young_participants = 40, 25
    project.source_note = "Beslut KS 2026/12"
    project.results_sv = "Tre utbyten genomförda."
    project.save()
    project.themes.add(Theme.objects.create(slug="kultur", name_sv="Kultur", name_en="Culture"))
    project.target_groups.add(TargetGroup.objects.create(slug="unga", name_sv="Unga"))
    project.orientations.add(world["measure"].orientation)
    project.sdgs.add(
        SustainableDevelopmentGoal.objects.get_or_create(number=4, defaults={"name_sv": "x"})[0]
    )
    sign_in(client, world["users"]["reader"])
    html = client.get(f"/intern/projekt/{project.pk}/").content.decode()
    for shown in (
        "Twinning with co-financing",
        f"1{NBSP}160{NBSP}000 kr",  # the budget
        f"100{NBSP}000 kr",  # the financing line
        "Kultur",
        "Unga",
        "varav 25 unga",
        world["measure"].orientation.name_sv,
        "God utbildning",
        "Beslut KS 2026/12",
        "Tre utbyten genomförda.",
    ):
        assert shown in html, shown
    assert "100000.00" not in html


def test_history_reads_local_time_and_whole_sentences(world, client):
    from projektdatabas.projects.services import save_project

    project = world["project"]
    save_project(
        project=project,
        actor=world["users"]["rep"],
        expected_version=project.version,
        section="Grunduppgifter",
        changes={"title_sv": "Nytt namn"},
    )
    Project.history.filter(id=project.pk).update(
        history_date=dt.datetime(2026, 11, 30, 0, 34, 7, 325044, tzinfo=dt.UTC)
    )
    sign_in(client, world["users"]["rep"])
    html = client.get(f"/intern/projekt/{project.pk}/historik/").content.decode()
    assert "30 nov 2026 01:34" in html  # Stockholm time, not UTC
    assert "Projektet ändrades" in html
    assert "+00:00" not in html and "Projektet ändrad<" not in html


def test_a_list_left_unchosen_says_choose_it(db):
    """Django's "Detta fält måste fyllas i." under a list one picks from."""
    from projektdatabas.staff.forms import OrganisationForm

    with translation.override("sv"):
        form = OrganisationForm(data={"name": "Schiller-Gymnasium"})
        assert not form.is_valid()
        assert form.errors["country"] == ["Välj land."]
        assert form.errors["kind"] == ["Välj typ av organisation."]


def test_countries_are_listed_in_swedish_alphabetical_order(db):
    """ "Åland" came right after Afghanistan and "Österrike" after Oman."""
    from projektdatabas.staff.forms import OrganisationForm

    with translation.override("sv"):
        names = [str(label) for value, label in OrganisationForm().fields["country"].choices]
    assert names[0] == "Välj …" or names[0].startswith("Välj")
    assert names.index("Zimbabwe") < names.index("Åland") < names.index("Österrike")
    assert names.index("Afghanistan") < names.index("Albanien")
    assert names[-2:] == ["Österrike", "Östtimor"]


def test_a_field_in_kronor_refuses_an_amount_typed_in_euro(db):
    """The year's allocation took "24 000 €" as 24 000 kr."""
    from projektdatabas.staff.money_forms import AllocationForm

    with translation.override("sv"):
        form = AllocationForm(data={"year": "2026", "purpose": "twinning", "amount": "24 000 €"})
        assert not form.is_valid()
        assert form.errors["amount"] == ["Skriv beloppet i kronor: fältet är i svenska kronor."]
        form = AllocationForm(data={"year": "2026", "purpose": "twinning", "amount": "24 000 kr"})
        assert "amount" not in form.errors


def test_a_stored_budget_at_a_euro_for_a_krona_still_lets_the_other_sections_save(world, client):
    """The check on the budget's rate had been in Project.clean: a project stored with
    EUR at 1 then answered every section's save with a server error."""
    project = world["project"]
    Project.objects.filter(pk=project.pk).update(
        total_budget=Decimal("5000"), budget_currency="EUR", budget_exchange_rate=Decimal("1")
    )
    project.refresh_from_db()
    sign_in(client, world["users"]["rep"])
    page = client.get(url(project, "grunduppgifter")).content.decode()
    assert 'name="title_sv"' in page
    data = {
        "version": project.version,
        "title_sv": "Nytt namn",
        "kind": project.kind,
        "lead_department": project.lead_department_id,
        "municipal_role": project.municipal_role,
        "start_date": "2025-01-01",
        "end_date": "2026-12-31",
    }
    assert client.post(url(project, "grunduppgifter"), data).status_code == 302
    project.refresh_from_db()
    html = client.post(
        url(project, "pengar"),
        money_data(project, save="1", total_budget="5 000", budget_currency="EUR"),
    ).content.decode()
    assert "Ange växelkursen som användes" in field_html(html, "id_budget_exchange_rate")
