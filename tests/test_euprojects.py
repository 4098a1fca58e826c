"""Partner finding in EU project data: the keep.eu and Kohesio imports (repeatable, counted,
refused whole with every bad row named), the ranking, the link to the partner register
confirmed by a person, and the pages that show it."""

import csv
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from projektdatabas.core.models import AuditEntry
from projektdatabas.euprojects.imports import (
    ImportRefused,
    import_keep,
    import_kohesio,
    recent_since,
)
from projektdatabas.euprojects.models import (
    EUImport,
    EUOrganisation,
    EUParticipation,
    EUProject,
)
from projektdatabas.euprojects.ranking import Filters, projects_of, rank_organisations
from projektdatabas.euprojects.services import link_organisation
from projektdatabas.euprojects.words import equivalents, terms
from projektdatabas.organisations.models import Municipality, Organisation, Twinning
from projektdatabas.projects.fulltext import parse_query
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data" / "euprojects"
KOHESIO = str(DATA / "kohesio-SE.csv")


def _xlsx(source: Path, target: Path) -> str:
    """The keep.eu export is an Excel workbook: the same rows, as one."""
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["keep.eu export"])  # a title above the header, as an export may have
    with source.open(encoding="utf-8") as file:
        for row in csv.reader(file):
            sheet.append(row)
    book.save(target)
    return str(target)


@pytest.fixture
def keep_files(tmp_path):
    return (
        _xlsx(DATA / "keep-projects.csv", tmp_path / "projects.xlsx"),
        _xlsx(DATA / "keep-partners.csv", tmp_path / "partners.xlsx"),
    )


@pytest.fixture
def imported(keep_files):
    import_kohesio(paths=[KOHESIO])
    import_keep(projects_path=keep_files[0], partners_path=keep_files[1])


def _ale():
    return EUOrganisation.objects.get(normalised_name="ale", country="SE")


def test_the_search_says_when_nothing_has_been_imported_yet(world, client):
    """An empty search had said only "no organisation matches", as if data were there."""
    sign_in(client, world["users"]["coordinator"])
    page = client.get(reverse("staff:eu_partners"), {"q": "energy"}).content.decode()
    assert "Inga EU-projektdata har importerats än" in page
    assert f'href="{reverse("staff:eu_import")}"' in page
    import_kohesio(paths=[KOHESIO])
    page = client.get(reverse("staff:eu_partners"), {"q": "qwertyuiop"}).content.decode()
    assert "Inga EU-projektdata har importerats än" not in page


def test_kohesio_import_counts_and_a_second_run_adds_nothing():
    first = import_kohesio(paths=[KOHESIO])
    assert (first.rows, first.projects.added, first.projects.unchanged) == (4, 4, 0)
    # Q2000002 has two beneficiaries ("|"); "Ale kommun" and "ALE KOMMUN" are one.
    assert first.participations.added == 5
    assert EUOrganisation.objects.count() == 3
    project = EUProject.objects.get(source_id="https://linkedopendata.eu/entity/Q2000003")
    assert (project.title, project.fund, project.nuts) == (
        "Energy efficient schools",
        "ERDF",
        "SE121",
    )
    assert (project.start_year, project.last_year, str(project.cofinancing_rate)) == (
        2023,
        2026,
        "40.00",  # written 0.4 in the file
    )
    assert project.programme.name == "Östra Mellansverige 2021-2027"

    second = import_kohesio(paths=[KOHESIO])
    assert (second.projects.added, second.projects.updated, second.projects.unchanged) == (0, 0, 4)
    assert (second.participations.added, second.participations.unchanged) == (0, 5)
    assert not second.changed
    assert EUProject.objects.count() == 4
    assert EUParticipation.objects.count() == 5
    assert EUImport.objects.count() == 2


def test_a_changed_row_updates_its_project(tmp_path):
    import_kohesio(paths=[KOHESIO])
    changed = tmp_path / "kohesio.csv"
    changed.write_text(
        Path(KOHESIO).read_text().replace("Energy efficient schools", "Greener schools"),
        encoding="utf-8",
    )
    result = import_kohesio(paths=[str(changed)])
    assert (result.projects.added, result.projects.updated, result.projects.unchanged) == (0, 1, 3)
    assert EUProject.objects.filter(title="Greener schools").count() == 1
    assert EUProject.objects.count() == 4
    # The full-text index follows (rebuilt on SQLite).
    found = rank_organisations(Filters(words=parse_query("greener")))
    assert [row.organisation.name for row in found] == ["Uppsala kommun"]


def test_keep_import_from_xlsx_with_lead_partners_and_merged_names(keep_files):
    import_kohesio(paths=[KOHESIO])
    result = import_keep(projects_path=keep_files[0], partners_path=keep_files[1])
    assert (result.projects.added, result.participations.added) == (3, 7)
    circle = EUProject.objects.get(source="keep", source_id="Interreg North Sea|CIRCLE-UP")
    assert circle.title == "Circular economy in North Sea municipalities"
    roles = dict(circle.participations.values_list("organisation__name", "role"))
    assert roles["City of Aarhus"] == "lead"
    assert roles["Ale kommun"] == "partner"  # "Ale kommun" from Kohesio, the same organisation
    grense = EUProject.objects.get(acronym="GRENSEKULTUR")
    assert str(grense.total_budget) == "1250000.00"  # "1 250 000,00"
    # "Municipality of Ale", "Ale kommun" and "Ale Municipality" in Sweden: one organisation.
    assert _ale().participations.count() == 6

    again = import_keep(projects_path=keep_files[0], partners_path=keep_files[1])
    assert (again.projects.added, again.projects.unchanged) == (0, 3)
    assert (again.participations.added, again.participations.unchanged) == (0, 7)
    assert not again.changed


def test_a_partners_own_erdf_contribution_is_kept_updated_and_shown(
    keep_files, tmp_path, imported, world, client
):
    """keep.eu gives each partner's own ERDF share (2014–2020): kept beside the project's
    funding, a changed share reads as an update, a bad one is refused in Swedish."""
    grense = EUParticipation.objects.get(project__acronym="GRENSEKULTUR", organisation=_ale())
    assert grense.eu_contribution == Decimal("300000.00")
    halden = EUParticipation.objects.get(
        project__acronym="GRENSEKULTUR", organisation__name="Halden Municipality"
    )
    assert halden.eu_contribution is None
    sign_in(client, world["users"]["coordinator"])
    page = client.get(reverse("staff:eu_organisation", args=[_ale().pk])).content.decode()
    assert "Organisationens EU-stöd" in page
    assert "<dd>Sverige</dd>" in page  # the country by name, as the search's list gives it
    row = page[page.index("GRENSEKULTUR") :]
    assert '<td class="nowrap">300\xa0000 €</td>' in row[: row.index("</tr>")]

    source = Path(DATA / "keep-partners.csv").read_text(encoding="utf-8")
    changed = tmp_path / "partners.csv"
    changed.write_text(
        source.replace("Local public authority,300000", 'Local public authority,"310 000,50"'),
        encoding="utf-8",
    )
    again = import_keep(projects_path=keep_files[0], partners_path=str(changed))
    assert (again.participations.updated, again.participations.unchanged) == (1, 6)
    grense.refresh_from_db()
    assert grense.eu_contribution == Decimal("310000.50")

    changed.write_text(
        source.replace("Local public authority,300000", "Local public authority,mycket"),
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        import_keep(projects_path=keep_files[0], partners_path=str(changed))
    assert any(
        "kolumn ERDF contribution (2014-2020 only): ”mycket” är inget belopp." in e
        for e in refused.value.errors
    ), refused.value.errors
    grense.refresh_from_db()
    assert grense.eu_contribution == Decimal("310000.50")


def test_a_bad_file_is_refused_whole_with_every_bad_row_named_in_swedish():
    with translation.override("sv"), pytest.raises(ImportRefused) as refused:
        import_kohesio(paths=[str(DATA / "kohesio-bad.csv")])
    errors = refused.value.errors
    assert errors[0] == "Rad 3, kolumn Operation_Start_Date: ”31/13/2022” är inte ett datum."
    assert errors[1].startswith("Rad 4, kolumn Beneficiary_Name: ")
    assert errors[2].startswith("Rad 5, kolumn Total_Eligible_Expenditure_amount: ")
    assert "Inget har importerats" in errors[-1]
    # The good row 2 was not kept either.
    assert not EUProject.objects.exists()
    assert not EUOrganisation.objects.exists()
    assert not EUImport.objects.exists()


def test_a_partner_of_a_project_not_in_the_file_is_refused(tmp_path, keep_files):
    partners = tmp_path / "partners.csv"
    shutil.copy(DATA / "keep-partners.csv", partners)
    with partners.open("a", encoding="utf-8") as file:
        file.write("Interreg Europe,NOSUCH,City of Oslo,,Yes,NO,,,Local public authority,\n")
    with translation.override("sv"), pytest.raises(ImportRefused) as refused:
        import_keep(projects_path=keep_files[0], partners_path=str(partners))
    assert refused.value.errors[0].startswith("Rad 9, kolumn Project acronym: ")
    assert "NOSUCH" in refused.value.errors[0]
    assert not EUProject.objects.exists()


def test_missing_columns_are_named():
    with translation.override("sv"), pytest.raises(ImportRefused) as refused:
        import_kohesio(paths=[str(DATA / "keep-projects.csv")])
    assert "Operation_Unique_Identifier" in refused.value.errors[0]


def _expected_score(years):
    return len(years) + sum(1 for year in years if year >= recent_since())


def test_ranking_counts_projects_and_recent_ones(imported):
    ranked = rank_organisations(Filters())
    first = ranked[0]
    assert first.organisation == _ale()
    # Ale: Kohesio 2024, 2021, 2017; keep.eu 2019, 2026, 2024.
    years = [2024, 2021, 2017, 2019, 2026, 2024]
    assert (first.project_count, first.latest_year) == (6, 2026)
    assert first.score == _expected_score(years)
    scores = [(row.score, row.latest_year or 0) for row in ranked]
    assert scores == sorted(scores, reverse=True)
    # Counting from the participations (a year filter) gives the precomputed answer.
    counted = rank_organisations(Filters(year_from=1990))
    assert [(r.organisation, r.score) for r in counted] == [
        (r.organisation, r.score) for r in ranked
    ]


def test_ranking_filters_by_words_country_fund_programme_and_years(imported):
    def names(**filters):
        return [row.organisation.name for row in rank_organisations(Filters(**filters))]

    assert names(words=parse_query("energy")) == ["Uppsala kommun"]
    assert names(words=parse_query("circular"))[0] == "Ale kommun"
    assert set(names(words=parse_query("circular"))) == {
        "Ale kommun",
        "Göteborgsregionen",
        "Gothenburg Region",
        "City of Aarhus",
    }
    assert names(country="DK") == ["City of Aarhus"]
    assert names(fund="ESF") == ["Ale kommun"]
    assert set(names(fund="Interreg", country="SE")) == {"Ale kommun", "Gothenburg Region"}
    # Running in 2016: Culture for young people (2016–2017), GRENSEKULTUR (2016–2019).
    assert names(year_to=2016) == ["Ale kommun", "Halden Municipality"]
    assert set(names(year_from=2025)) == {
        "Uppsala kommun",
        "Ale kommun",
        "Gothenburg Region",
        "City of Aarhus",
    }
    baltic = EUProject.objects.get(acronym="YOUTHBRIDGE").programme_id
    assert set(names(programme_id=baltic)) == {"City of Turku", "Ale kommun"}
    # Themes are searched too: "Youth employment" is Q2000001's specific objective.
    assert names(words=parse_query("employment")) == ["Ale kommun"]


def test_swedish_words_find_operations_by_their_swedish_title(imported):
    """Kohesio names a Swedish operation in Swedish too (Operation_Name_Programme_Language):
    "entreprenörer" finds "Unga entreprenörer i Ale" though its English title says
    "entrepreneurs"."""
    operation = EUProject.objects.get(title="Young entrepreneurs in Ale")
    assert operation.title_local == "Unga entreprenörer i Ale"
    assert operation.local_language == "sv"
    for words, expected in [("entreprenörer", {"Ale kommun"}), ("återbruk", set())]:
        found = {r.organisation.name for r in rank_organisations(Filters(words=parse_query(words)))}
        exact = rank_organisations(Filters(words=parse_query(words)), use_figures=False)
        assert found == {r.organisation.name for r in exact}
        if expected:
            assert found == expected, words
    ranked = rank_organisations(Filters(words=parse_query("Göteborgsregionen cirkulär")))
    assert {r.organisation.name for r in ranked} == {"Ale kommun", "Göteborgsregionen"}
    # Where the file gives no other name, nothing is repeated.
    assert not EUProject.objects.filter(source="keep").exclude(title_local="").exists()


def test_a_swedish_word_finds_projects_written_in_english_and_the_other_way_round(imported):
    """keep.eu's Interreg projects are in English only: "ungdom" must find "Youth
    participation in Baltic cities" (City of Turku) and "Culture across the border for young
    people" (Halden), on both paths; as written only, it finds neither."""

    def names(words, **filters):
        found = {
            r.organisation.name
            for r in rank_organisations(Filters(words=parse_query(words), **filters))
        }
        exact = rank_organisations(Filters(words=parse_query(words), **filters), use_figures=False)
        assert found == {r.organisation.name for r in exact}, words
        return found

    assert names("ungdom") >= {"City of Turku", "Halden Municipality"}
    assert names("ungdomar") >= {"City of Turku"}
    assert not names("ungdom", exact=True) & {"City of Turku", "Halden Municipality"}
    # English to Swedish: "heritage" has no English hit, "kulturarv" no Swedish one.
    ale = _ale()
    titles = {p.project.title for p in projects_of(ale, Filters(words=parse_query("youth")))}
    assert "Young entrepreneurs in Ale" in titles  # by its Swedish title "Unga entreprenörer"
    assert "Youth participation in Baltic cities" in titles


def test_which_words_take_another_languages_stems():
    assert equivalents("ungdom").stems == ("youth", "young")
    assert equivalents("ungdom").language == "en"
    assert equivalents("youth").stems == ("ungdom", "unga")
    # The typed word's own language's other stems too: "youth" finds "young people" as
    # "ungdom" does.
    assert equivalents("youth").siblings == ("young",)
    assert equivalents("ungdom").siblings == ("unga",)
    # The longest stem decides: cultural heritage, not all culture.
    assert equivalents("kulturarv").stems == ("heritage",)
    assert equivalents("kulturen").stems == ("cultur",)
    assert equivalents("ungdomarna").stems == ("youth", "young")
    assert equivalents("miljo").stems == ("environment",)  # typed without its diacritics
    # A word that only begins like a stem is searched as written: a compound, and words a
    # short stem would catch ("port" in Portugal, "twin" in "digital twin", "hospital" in
    # hospitality).
    assert equivalents("ungdomsutbyte") is None
    for word in ("portugal", "twin", "hospitality", "stadium"):
        assert equivalents(word) is None, word
    assert equivalents("twinning").stems == ("vänort", "vänstad", "vänkommun")
    assert terms(parse_query("energi"), exact=True).fts5() == '"energi"*'
    assert terms(parse_query("energi skola")).tsquery() == (
        "(energi:* | energ:*) & (skola:* | skolor:* | school:*)"
    )


def test_the_page_says_which_words_it_added_and_can_leave_them_out(imported, world, client):
    sign_in(client, world["users"]["rep"])
    page = client.get(reverse("staff:eu_partners"), {"q": "ungdom"}).content.decode()
    assert "City of Turku" in page
    assert "<td>Finland</td>" in page and "<td>FI</td>" not in page  # named, as in the filter
    assert (
        'Sökte också på: <span>unga…</span> och <span lang="en">youth…, young…</span> '
        "(engelska för ”ungdom”)."
    ) in page
    assert 'href="?q=ungdom&amp;exakt=1"' in page
    # The link carries the filters as used: years given the wrong way round, put right.
    page = client.get(
        reverse("staff:eu_partners"), {"q": "ungdom", "fran": "2026", "till": "2010"}
    ).content.decode()
    assert 'href="?q=ungdom&amp;fran=2010&amp;till=2026&amp;exakt=1"' in page
    page = client.get(reverse("staff:eu_partners"), {"q": "ungdom", "exakt": "1"}).content.decode()
    assert "City of Turku" not in page
    assert "Sökte bara på orden som de är skrivna." in page
    assert 'href="?q=ungdom"' in page
    # The form keeps the choice when the words change.
    assert '<input type="hidden" name="exakt" value="1">' in page
    # An English word, on the English page: the Swedish stems are marked as Swedish.
    page = client.get("/en" + reverse("staff:eu_partners"), {"q": "youth"}).content.decode()
    assert (
        'Also searched: <span>young…</span> and <span lang="sv">ungdom…, unga…</span> '
        "(Swedish for “youth”)."
    ) in page
    # A word with no equivalent says nothing about it.
    page = client.get(reverse("staff:eu_partners"), {"q": "göteborgsregionen"}).content.decode()
    assert "Sökte också" not in page and "som de är skrivna" not in page


def test_the_readers_own_municipality_is_marked_in_the_ranking(imported, world, client):
    """Ale's staff see "Ale kommun" among organisations to work with: the tag says it is
    Ale itself."""
    Municipality.objects.filter(slug="ale").update(name="Ale kommun")
    sign_in(client, world["users"]["rep"])
    page = client.get(reverse("staff:eu_partners"), {"land": "SE"}).content.decode()
    ale_row = page[page.index("Ale kommun</a>") :].split("</th>")[0]
    assert '<span class="tag">vår kommun</span>' in ale_row
    region_row = page[page.index("Göteborgsregionen</a>") :].split("</th>")[0]
    assert "vår kommun" not in region_row
    # Its own page says so, and offers no partner of the register to link it to.
    sign_in(client, world["users"]["coordinator"])
    own = client.get(reverse("staff:eu_organisation", args=[_ale().pk])).content.decode()
    assert '<span class="tag">vår kommun</span>' in own
    assert "En av våra egna kommuner" in own and 'name="organisation"' not in own
    region = EUOrganisation.objects.get(name="Gothenburg Region")
    other = client.get(reverse("staff:eu_organisation", args=[region.pk])).content.decode()
    assert '<span class="tag">vår kommun</span>' not in other
    assert "En av våra egna kommuner" not in other


def test_the_page_ranks_and_says_the_score_plainly(imported, world, client):
    sign_in(client, world["users"]["rep"])
    response = client.get(reverse("staff:eu_partners"), {"land": "SE"})
    assert response.status_code == 200
    page = response.content.decode()
    since = recent_since()
    recent = sum(1 for year in [2024, 2021, 2017, 2019, 2026, 2024] if year >= since)
    assert f"6 projekt, {recent} sedan {since}, senast 2026" in page
    assert page.index("Ale kommun") < page.index("Göteborgsregionen")
    assert "City of Aarhus" not in page
    # A bad filter is named and left out, not an error page.
    response = client.get(reverse("staff:eu_partners"), {"land": "XX", "fran": "tjugo"})
    assert response.status_code == 200
    assert "”XX” är ingen landskod." in response.content.decode()
    assert "De filtren användes inte." in response.content.decode()
    response = client.get(reverse("staff:eu_partners"), {"fran": "abc", "till": "2010"})
    assert "Det filtret användes inte." in response.content.decode()
    # Years the wrong way round: put right and said, the list the one for the right order.
    response = client.get(reverse("staff:eu_partners"), {"fran": "2025", "till": "2020"})
    page = response.content.decode()
    assert "Åren var omkastade: visar 2020–2025." in page
    assert "filtren användes inte" not in page
    right = client.get(reverse("staff:eu_partners"), {"fran": "2020", "till": "2025"})
    table = re.compile(r"<table.*</table>", re.S)
    assert table.search(page)[0] == table.search(right.content.decode())[0]
    assert 'value="2020"' in page and 'value="2025"' in page
    # One organisation's projects, on demand, with the same filters.
    response = client.get(reverse("staff:eu_organisation", args=[_ale().pk]), {"q": "culture"})
    page = response.content.decode()
    assert "Culture for young people" in page
    assert "Culture across the border for young people" in page
    assert "Energy efficient schools" not in page and "Young entrepreneurs in Ale" not in page


def test_suggestions_by_name_and_country_and_nothing_links_by_itself(imported, world, client):
    ale = Organisation.objects.create(name="Ale kommun", kind="municipality", country="SE")
    Organisation.objects.create(name="Ale kommun", kind="municipality", country="NO")
    sign_in(client, world["users"]["coordinator"])
    page = client.get(reverse("staff:eu_organisation", args=[_ale().pk])).content.decode()
    assert "Ja, koppla till Ale kommun" in page
    assert page.count("Ja, koppla till") == 1  # not the Norwegian one
    assert _ale().partner is None

    response = client.post(
        reverse("staff:eu_organisation_link", args=[_ale().pk]), {"organisation": ale.pk}
    )
    assert response.status_code == 302
    linked = _ale()
    assert linked.partner == ale and linked.linked_by == world["users"]["coordinator"]
    entry = AuditEntry.objects.get(action="euprojects.linked")
    assert entry.actor == world["users"]["coordinator"] and entry.data["organisation"] == ale.pk

    client.post(reverse("staff:eu_organisation_link", args=[_ale().pk]), {"action": "unlink"})
    assert _ale().partner is None and _ale().linked_at is None
    assert AuditEntry.objects.filter(
        action="euprojects.unlinked", actor=world["users"]["coordinator"]
    ).exists()


def test_only_the_coordinator_links(imported, world, client):
    ale = Organisation.objects.create(name="Ale kommun", kind="municipality", country="SE")
    for role in ("rep", "reader"):
        sign_in(client, world["users"][role])
        page = client.get(reverse("staff:eu_organisation", args=[_ale().pk])).content.decode()
        assert "Ja, koppla till" not in page
        response = client.post(
            reverse("staff:eu_organisation_link", args=[_ale().pk]), {"organisation": ale.pk}
        )
        assert response.status_code == 403
    assert _ale().partner is None


def test_a_linked_partner_shows_its_eu_projects_on_its_staff_and_public_pages(
    imported, world, client, municipality
):
    ale = Organisation.objects.create(name="Ale", kind="municipality", country="SE")
    Twinning.objects.create(municipality=municipality, partner=ale, slug="ale")  # a public page
    sign_in(client, world["users"]["reader"])
    staff_page = reverse("staff:partner", args=[ale.pk])
    public_page = reverse("public:organisation", args=[ale.pk])
    assert (
        "Circular economy in North Sea municipalities"
        not in client.get(staff_page).content.decode()
    )
    assert "Circular economy in North Sea" not in client.get(public_page).content.decode()

    link_organisation(eu_organisation=_ale(), organisation=ale, actor=world["users"]["coordinator"])
    page = client.get(staff_page).content.decode()
    assert "Circular economy in North Sea municipalities" in page
    assert "Kopplad av personalen till de här organisationerna i EU-projektdatan:" in page
    assert "Young entrepreneurs in Ale" in page
    # The title in the page's language first: Swedish on the Swedish pages.
    assert '<span>Unga entreprenörer i Ale</span><br><span lang="en">Young' in page
    public = client.get(public_page).content.decode()
    assert '<span>Unga entreprenörer i Ale</span> (<span lang="en">Young entrepreneurs' in public
    english = client.get("/en" + public_page).content.decode()
    assert '<span>Young entrepreneurs in Ale</span> (<span lang="sv">Unga entreprenörer' in english
    assert "Circular economy in North Sea municipalities" in public
    assert "I EU-projekt" in public


def test_stale_figures_are_not_used(imported):
    """Figures computed in another year ranked by another "recent": the page counts."""
    from projektdatabas.euprojects.models import EUOrganisationStats

    right = [(r.organisation, r.score) for r in rank_organisations(Filters())]
    EUOrganisationStats.objects.update(recent_since=1900, score=0)
    assert [(r.organisation, r.score) for r in rank_organisations(Filters())] == right


class _Terminal:
    def __init__(self):
        self.text = ""

    def write(self, text):
        self.text += text

    def flush(self):
        pass

    def isatty(self):
        return True


def test_the_command_shows_progress_and_says_what_it_did(monkeypatch):
    from io import StringIO

    from django.core.management import call_command

    terminal = _Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    out = StringIO()
    with translation.override("sv"):
        call_command("import_eu_projects", "kohesio", KOHESIO, stdout=out)
        assert "100.0%" in terminal.text and "[##############################]" in terminal.text
        assert "Projekt: 4 nya, 0 ändrade, 0 oförändrade" in out.getvalue()
        again = StringIO()
        call_command("import_eu_projects", "kohesio", KOHESIO, stdout=again)
    assert "Projekt: 0 nya, 0 ändrade, 4 oförändrade" in again.getvalue()
    assert "Inget nytt: allt i filen fanns redan." in again.getvalue()


def test_linking_to_another_partner_needs_a_choice(imported, world, client):
    """The list of other partners in the country starts with no choice, so one click cannot
    link the first name in it; an empty choice is named, and the link address opened
    directly leads back to the organisation's page instead of a blank 405."""
    Organisation.objects.create(name="Göteborgs Stad", kind="municipality", country="SE")
    sign_in(client, world["users"]["coordinator"])
    address = reverse("staff:eu_organisation", args=[_ale().pk])
    page = client.get(address).content.decode()
    assert '<select id="organisation" name="organisation" required><option value="">' in page
    assert "Koppla till vald partner" in page
    link = reverse("staff:eu_organisation_link", args=[_ale().pk])
    response = client.post(link, {"organisation": ""}, follow=True)
    assert "Välj vilken partner i registret du vill koppla till." in response.content.decode()
    assert _ale().partner is None
    response = client.get(link)
    assert response.status_code == 302 and response["Location"] == address


def test_an_organisations_projects_show_an_open_end_and_whose_funding_it_is(
    imported, world, client
):
    """A project without an end reads "2024–", not "2024" as if it had ended then; the EU
    funding column says it is the whole project's, not the organisation's share."""
    part = EUParticipation.objects.filter(organisation=_ale()).select_related("project").first()
    project = part.project
    project.end_date = None
    project.save(update_fields=["end_date"])
    sign_in(client, world["users"]["coordinator"])
    page = client.get(reverse("staff:eu_organisation", args=[_ale().pk])).content.decode()
    assert f'<td class="nowrap">{project.start_year}–</td>' in page
    assert "Projektets EU-stöd" in page
