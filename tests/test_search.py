"""Search over public titles and summaries: prefixes, phrases, å/ä/ö, ranking, safety."""

import pytest
from django.db import connection

from projektdatabas.projects.fulltext import ranked
from projektdatabas.projects.models import Project
from projektdatabas.projects.search import highlight, parse_query
from tests.conftest import coordinator_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(make_project, publish):
    made = {
        "exchange": make_project(
            title_sv="Vänortsutbyte med Kaufungen",
            title_en="Twin-town exchange",
            public_summary_sv="Ungdomar från Ale besöker Kaufungen.",
        ),
        "abo": make_project(title_sv="Samarbete med Åbo", public_summary_sv="Om Åbo."),
        "start": make_project(title_sv="Ny start i Ale", public_summary_sv="Arbetsmarknad."),
        "reversed": make_project(
            title_sv="Start för en ny skola", public_summary_sv="Skolutveckling."
        ),
        "mention": make_project(
            title_sv="Kulturprojekt", public_summary_sv="Besök i vänorten Kaufungen."
        ),
        "secret": make_project(
            title_sv="Internt",
            public_summary_sv="Offentligt.",
            internal_description_sv="hemligtord som bara finns i den interna beskrivningen",
        ),
    }
    for project in made.values():
        publish(project)
    return made


def titles(q: str) -> set[str]:
    return set(Project.objects.public().search(parse_query(q)).values_list("title_sv", flat=True))


def test_prefix_finds_compounds(projects):
    assert "Vänortsutbyte med Kaufungen" in titles("vänort")


def test_plural_and_definite_forms_find_the_word(projects):
    """ "vänorter" found nothing on SQLite, whose tokenizer does not stem: a resident writes
    the plural. The word is searched without its ending, as a prefix."""
    twin = {"Vänortsutbyte med Kaufungen", "Kulturprojekt"}
    assert titles("vänorter") == titles("vänorterna") == titles("vänort") == twin
    assert titles("ungdomarna") == {"Vänortsutbyte med Kaufungen"}
    assert titles("exchanges") == {"Vänortsutbyte med Kaufungen"}
    assert titles("peter") == set()  # four letters are left at least: not "pet…"
    # A quoted phrase is passed on with its words as written (PostgreSQL stems them itself).
    assert titles('"vänorten kaufungen"') == {"Kulturprojekt"}
    assert parse_query('"vänorter kaufungen"').phrases == (("vänorter", "kaufungen"),)


def test_swedish_letters_stay_distinct(projects):
    assert titles("åbo") == {"Samarbete med Åbo"}
    assert titles("abo") == set()


def test_quoted_phrase_keeps_word_order(projects):
    assert titles('"ny start"') == {"Ny start i Ale"}
    assert titles("ny start") == {"Ny start i Ale", "Start för en ny skola"}


def test_english_title_is_searched(projects):
    assert titles("twin-town") == {"Vänortsutbyte med Kaufungen"}


def test_internal_description_is_not_searchable(projects):
    assert titles("hemligtord") == set()


def test_title_hit_ranks_above_summary_hit(projects):
    query = parse_query("kaufungen")
    hits = ranked(Project.objects.public().search(query), query)
    # The summary hit is newer, so only relevance can put the title hit first.
    assert list(hits.values_list("title_sv", flat=True)) == [
        "Vänortsutbyte med Kaufungen",
        "Kulturprojekt",
    ]


def test_index_follows_edits(projects):
    project = projects["abo"]
    project.title_sv = "Samarbete med Tartu"
    project.public_summary_sv = "Om Tartu."
    project.save()
    assert titles("tartu") == {"Samarbete med Tartu"}
    assert titles("åbo") == set()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="stemming needs PostgreSQL")
def test_swedish_stemming_on_postgresql(projects):
    # "vänorter" (plural) stems to "vänort", which prefixes "vänortsutbyte".
    assert "Vänortsutbyte med Kaufungen" in titles("vänorter")


def test_highlight_marks_matched_words_and_escapes():
    html = highlight("Vänortsutbyte <med> Kaufungen", parse_query("vänort"))
    assert html == "<mark>Vänortsutbyte</mark> &lt;med&gt; Kaufungen"


HOSTILE = [
    '"',
    '""',
    '"unbalanced',
    "*",
    "**",
    "vän*",
    "NEAR(",
    "NEAR(a b",
    "a OR",
    "AND",
    "NOT x",
    "(",
    ")",
    "((a)",
    "title_sv:x",
    "^x",
    "x:*",
    "!x & y | z",
    "a <-> b",
    "'",
    "\\",
    "\x00\x01\x02\x1f",
    "x" * 10_000,
    "å" * 10_000,
    "ö" + "\u0301",
    "😀",
    "%",
    "_",
    "a_b",
    "- -",
    'NEAR("a" "b", 2)',
    "{a b}",
    "col:abc",
    "\ufeff",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_any_input_gives_a_page_not_an_error(client, projects, text):
    response = client.get("/projekt/", {"q": text})
    assert response.status_code == 200
    response = client.get("/projekt.json", {"q": text})
    assert response.status_code == 200


def test_input_without_letters_says_so(client, projects):
    html = client.get("/projekt/", {"q": "*** ((("}).content.decode()
    assert "inga bokstäver eller siffror" in html


def test_word_search_lists_only_this_municipalitys_public_projects(client, projects, make_project):
    from projektdatabas.organisations.models import Committee, Department, Municipality
    from projektdatabas.projects.services import archive_project

    other = Municipality.objects.create(name="Grannkommun", slug="granne")
    board = Committee.objects.create(municipality=other, name="KS", is_executive_board=True)
    elsewhere = Department.objects.create(municipality=other, name="Förvaltning", committee=board)
    make_project(title_sv="Zebraprojekt hemma, utkast")
    archived = make_project(title_sv="Zebraprojekt arkiverat")
    Project.objects.filter(pk=archived.pk).update(
        is_published=True, first_published_at="2025-01-01T00:00Z"
    )
    archive_project(
        project=Project.objects.get(pk=archived.pk),
        actor=coordinator_of(archived.municipality),
    )
    neighbour = make_project(
        title_sv="Zebraprojekt hos grannen", municipality=other, lead_department=elsewhere
    )
    Project.objects.filter(pk=neighbour.pk).update(
        is_published=True, first_published_at="2025-01-01T00:00Z"
    )
    shown = make_project(title_sv="Zebraprojekt publicerat")
    from projektdatabas.projects.services import publish_project

    publish_project(project=shown, actor=coordinator_of(shown.municipality))
    response = client.get("/projekt/", {"q": "zebraprojekt"})
    assert [p.title_sv for p in response.context["page"]] == ["Zebraprojekt publicerat"]


def test_a_final_e_is_a_word_form_too(projects, make_project, publish):
    """A partner's "culture" found 1 project where "cultural" found 5; "lärare" missed
    "lärarna"."""
    publish(
        make_project(
            title_sv="Kulturmöte i Kaufungen",
            title_en="Cultural meeting in Kaufungen",
            public_summary_sv="Lärarna reser med sina utbyten och en tradition.",
        )
    )
    assert titles("culture") == titles("cultural") == {"Kulturmöte i Kaufungen"}
    assert titles("lärare") == titles("utbyte") == {"Kulturmöte i Kaufungen"}
