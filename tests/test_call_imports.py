"""Funding calls from a CSV and from a stored Funding & Tenders search answer
(tests/data/, never fetched): all or nothing, errors by row, nothing added twice."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from projektdatabas.calls.imports import (
    ImportRefused,
    import_calls,
    read_csv,
    read_funding_tenders,
)
from projektdatabas.calls.models import Call
from projektdatabas.core.models import AuditEntry
from projektdatabas.projects.models import Programme, Theme
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

DATA = Path(__file__).parent / "data"
PORTAL = (DATA / "funding-tenders-calls.json").read_bytes()
CSV = (DATA / "calls.csv").read_bytes()


@pytest.fixture
def reference(db):
    Programme.objects.create(name="Erasmus+", is_eu=True)
    Theme.objects.create(slug="barn-unga", name_sv="Barn och unga", name_en="Children and youth")
    Theme.objects.create(slug="kultur", name_sv="Kultur")
    Theme.objects.create(slug="naringsliv", name_sv="Näringsliv")


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


def test_the_portal_answer_is_read_once_per_topic(reference):
    rows = read_funding_tenders(PORTAL, today=dt.date(2026, 10, 1))
    by_id = {row.identifier: row for row in rows}
    # Five results, four topics: the town-twinning topic is listed once per deadline.
    assert sorted(by_id) == [
        "CERV-2027-CITIZENS-TOWN-TT",
        "CREA-CULT-2027-COOP",
        "ERASMUS-EDU-2027-PI-ALL-INNO",
        "HORIZON-CL3-2026-01-DRS-01",
    ]
    horizon = by_id["HORIZON-CL3-2026-01-DRS-01"]
    assert horizon.programme_name == "Horizon Europe"
    assert horizon.title_en.startswith("Improved preparedness of local authorities")
    assert horizon.title_sv == ""
    # 16:00 UTC in November is 17:00 in Stockholm (and in Brussels).
    assert (horizon.closes_on, horizon.closes_at_time) == (dt.date(2026, 11, 12), dt.time(17, 0))
    assert horizon.opens_on == dt.date(2026, 6, 12)
    assert horizon.link.endswith("/topic-details/HORIZON-CL3-2026-01-DRS-01")
    assert "<p>" not in horizon.description_en and "prepared" in horizon.description_en
    # Erasmus+ is in the reference data, so the call points at it.
    erasmus = by_id["ERASMUS-EDU-2027-PI-ALL-INNO"]
    assert erasmus.programme_id == Programme.objects.get(name="Erasmus+").pk
    # Midnight UTC is the portal's way of giving a day without a time.
    crea = by_id["CREA-CULT-2027-COOP"]
    assert (crea.closes_on, crea.closes_at_time) == (dt.date(2027, 2, 25), None)
    # The next deadline from today: the first cut-off has passed, so the second.
    twinning = by_id["CERV-2027-CITIZENS-TOWN-TT"]
    assert (twinning.closes_on, twinning.closes_at_time) == (dt.date(2027, 3, 4), dt.time(17, 0))
    # Before the first cut-off, the first one (15:00 UTC in September is 17:00 here).
    earlier = {r.identifier: r for r in read_funding_tenders(PORTAL, today=dt.date(2026, 9, 1))}
    twinning = earlier["CERV-2027-CITIZENS-TOWN-TT"]
    assert (twinning.closes_on, twinning.closes_at_time) == (dt.date(2026, 9, 17), dt.time(17, 0))
    # After the last one, the portal still calls it open: a rolling call, no closing day.
    later = {r.identifier: r for r in read_funding_tenders(PORTAL, today=dt.date(2027, 6, 1))}
    assert later["CERV-2027-CITIZENS-TOWN-TT"].closes_on is None
    assert later["CREA-CULT-2027-COOP"].closes_on == dt.date(2027, 2, 25)  # forthcoming: kept


def test_a_repeated_portal_import_adds_nothing_and_updates_changed_dates(
    reference, coordinator, municipality
):
    rows = read_funding_tenders(PORTAL, today=dt.date(2026, 10, 1))
    first = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="ft")
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)
    again = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="ft")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert Call.objects.count() == 4
    # The same identifiers in small letters are the same calls, not four new ones.
    for row in rows:
        row.identifier = row.identifier.lower()
    lower = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="ft")
    assert (lower.created, lower.updated, lower.unchanged) == (0, 0, 4)
    assert Call.objects.count() == 4
    rows = read_funding_tenders(PORTAL, today=dt.date(2026, 10, 1))

    # The portal moves a deadline, and the coordinator has written a Swedish summary.
    call = Call.objects.get(identifier="CREA-CULT-2027-COOP")
    call.description_sv = "Samarbete mellan kulturorganisationer."
    call.save()
    moved = PORTAL.replace(b"2027-02-25T00:00:00.000+0000", b"2027-03-11T16:00:00.000+0000")
    rows = read_funding_tenders(moved, today=dt.date(2026, 10, 1))
    later = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="ft")
    assert (later.created, later.updated, later.unchanged) == (0, 1, 3)
    call.refresh_from_db()
    assert (call.closes_on, call.closes_at_time) == (dt.date(2027, 3, 11), dt.time(17, 0))
    assert call.description_sv == "Samarbete mellan kulturorganisationer."
    assert call.history.count() == 3  # created, edited by hand, updated by the import
    assert AuditEntry.objects.filter(action="call.updated_by_import").count() == 1


def test_a_repeated_csv_import_adds_nothing(reference, coordinator, municipality):
    rows = read_csv("utlysningar.csv", CSV)
    first = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="csv")
    assert first.created == 3
    youth = Call.objects.get(identifier="ERASMUS-YOUTH-2027-YOU-EX (exempel)")
    assert youth.programme.name == "Erasmus+"
    assert youth.title_sv == "Ungdomsutbyten 2027" and youth.title_en == "Youth exchanges 2027"
    assert (youth.closes_on, youth.closes_at_time) == (dt.date(2027, 2, 19), dt.time(12, 0))
    assert youth.budget == 400000 and youth.budget_currency == "EUR"
    assert sorted(youth.themes.values_list("slug", flat=True)) == ["barn-unga", "kultur"]
    assert youth.is_public and youth.audience_sv.startswith("Föreningar och skolor")
    interreg = Call.objects.get(identifier="INTERREG-OKS-2027-1 (exempel)")
    assert interreg.programme is None
    assert interreg.programme_name == "Interreg Öresund-Kattegat-Skagerrak"
    assert not interreg.is_public
    mucf = Call.objects.get(identifier="MUCF-INT-2027 (exempel)")
    assert str(mucf.budget) == "1500000.50" and mucf.budget_currency == "SEK"

    again = import_calls(
        actor=coordinator, municipality=municipality, rows=read_csv("u.csv", CSV), source="csv"
    )
    assert (again.created, again.updated, again.unchanged) == (0, 0, 3)
    assert Call.objects.count() == 3


def test_a_bad_csv_row_writes_nothing_and_is_named(reference, coordinator, municipality):
    with pytest.raises(ImportRefused) as refused:
        read_csv("fel.csv", (DATA / "calls-bad-row.csv").read_bytes())
    assert refused.value.errors == [
        "Rad 3: ”25 februari 2027” är inte en sista dag; skriv den som 2026-09-17 eller "
        "2026-09-17 17:00.",
        "Rad 4: budgeten ”mycket” är inte ett belopp.",
    ]
    assert Call.objects.count() == 0


def test_a_row_the_model_refuses_undoes_the_whole_import(reference, coordinator, municipality):
    """Checks that need the model (a call closing before it opens) are found when writing;
    the rows before it are undone with it."""
    content = (
        "identifierare;program;titel;öppnar;stänger\n"
        "A-1;Erasmus+;Första;2026-11-01;2027-01-01\n"
        "A-2;Erasmus+;Andra;2027-05-01;2027-01-01\n"
    ).encode()
    with pytest.raises(ImportRefused) as refused:
        import_calls(
            actor=coordinator,
            municipality=municipality,
            rows=read_csv("x.csv", content),
            source="csv",
        )
    assert refused.value.errors == ["Rad 3: En utlysning kan inte stänga innan den öppnar."]
    assert Call.objects.count() == 0


def test_csv_header_and_duplicates_are_named(reference):
    with pytest.raises(ImportRefused) as refused:
        read_csv("x.csv", b"titel;stanger\nA;2027-01-01\n")
    assert "Filen behöver en kolumn som heter identifierare." in refused.value.errors
    with pytest.raises(ImportRefused) as refused:
        read_csv("x.csv", b"identifierare;program;titel\nA;P;T\nA;P;T2\n")
    assert refused.value.errors == ["Rad 3: identifieraren A finns också på rad 2."]


def test_not_a_portal_answer_is_refused(reference):
    for content in (b"not json", b'{"results": "x"}', b"[]"):
        with pytest.raises(ImportRefused):
            read_funding_tenders(content)
    with pytest.raises(ImportRefused) as refused:
        read_funding_tenders(b'{"results": [{"metadata": {"title": ["T"]}}]}')
    assert refused.value.errors == ["Träff 1: utlysningens identifierare saknas."]


def _portal(**metadata) -> bytes:
    topic = {
        "identifier": ["ERASMUS-ODD-1"],
        "title": ["Odd"],
        "deadlineDate": ["2027-03-01T17:00:00.000+0000"],
        **metadata,
    }
    return json.dumps({"results": [{"metadata": topic}]}).encode()


def test_a_portal_answer_that_is_no_json_answer_is_refused_not_crashed(reference):
    # Nested deeper than Python's parser recurses: a RecursionError, no search answer.
    with pytest.raises(ImportRefused) as refused:
        read_funding_tenders(b"[" * 100_000 + b"]" * 100_000)
    assert refused.value.errors == ["Filen är inte JSON."]
    # Days the offset pushes outside the calendar Python can convert to Swedish time.
    for moment in ("9999-12-31T23:59:59-05:00", "0001-01-01T00:00:00+05:00"):
        with pytest.raises(ImportRefused) as refused:
            read_funding_tenders(_portal(deadlineDate=[moment]))
        assert refused.value.errors == [f"Träff 1: ”{moment}” är inte ett datum."]
    with pytest.raises(ImportRefused):
        read_funding_tenders(_portal(startDate=["0001-01-01T00:30:00+05:00"]))


def test_nul_characters_in_a_portal_answer_are_dropped(reference, coordinator, municipality):
    # PostgreSQL refuses to store a NUL; it stands for nothing a reader would miss.
    rows = read_funding_tenders(
        _portal(title=["Od\u0000d"], descriptionByte=["<p>A\u0000B</p>"]),
        today=dt.date(2026, 10, 1),
    )
    import_calls(actor=coordinator, municipality=municipality, rows=rows, source="p.json")
    call = Call.objects.get(identifier="ERASMUS-ODD-1")
    assert (call.title_en, call.description_en) == ("Odd", "AB")


def test_only_the_coordinator_imports(reference, make_user, department, municipality):
    rep = make_user("department_rep", department=department)
    with pytest.raises(PermissionDenied):
        import_calls(actor=rep, municipality=municipality, rows=read_csv("u.csv", CSV), source="")


def test_the_import_page_previews_then_imports(client, reference, coordinator):
    sign_in(client, coordinator)
    with (DATA / "funding-tenders-calls.json").open("rb") as upload:
        preview = client.post("/intern/utlysningar/import/", {"file": upload})
    page = preview.content.decode()
    assert preview.status_code == 200
    assert "HORIZON-CL3-2026-01-DRS-01" in page and "Vad importen kommer att göra" in page
    assert Call.objects.count() == 0  # nothing until confirmed
    token = preview.context["token"]
    done = client.post("/intern/utlysningar/import/", {"preview": token}, follow=True)
    assert "Importen är klar. Nya: 4, ändrade: 0, oförändrade: 0." in done.content.decode()
    assert Call.objects.count() == 4
    # A forged or altered preview is refused, never imported.
    refused = client.post("/intern/utlysningar/import/", {"preview": token[:-3] + "abc"})
    assert "Förhandsvisningen kunde inte läsas" in refused.content.decode()
    # The template downloads in the import's own columns.
    template = client.get("/intern/utlysningar/mall.csv").content.decode("utf-8-sig")
    assert template.splitlines()[0].startswith('"identifierare";"program";"titel"')


def test_a_bad_file_on_the_import_page_lists_the_rows(client, reference, coordinator):
    sign_in(client, coordinator)
    with (DATA / "calls-bad-row.csv").open("rb") as upload:
        response = client.post("/intern/utlysningar/import/", {"file": upload})
    page = response.content.decode()
    assert "Ingenting sparades" in page or "Inget sparades" in page
    assert "Rad 3:" in page and "Rad 4:" in page
    assert Call.objects.count() == 0


def test_the_preview_refuses_what_the_import_would_refuse(client, reference, coordinator):
    """A call closing before it opens was previewed as "ny" and failed only on "Importera";
    a row for the public page without "passar_för" went public without "Vem kan söka"."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    header = CSV.decode("utf-8-sig").splitlines()[0]
    rows = [
        "BAKLANGES-1;Erasmus+;Baklänges;;2027-05-01;2027-02-19;;;;;;nej;",
        "PUBLIK-1;Erasmus+;För invånare;;2027-01-01;2027-02-19;;;;;;ja;",
    ]
    upload = SimpleUploadedFile("u.csv", "\n".join([header, *rows]).encode())
    sign_in(client, coordinator)
    page = client.post("/intern/utlysningar/import/", {"file": upload}).content.decode()
    assert "Rad 2:" in page and "Rad 3:" in page
    assert "Säg vem utlysningen passar" in page
    assert "Vad importen kommer att göra" not in page and 'name="preview"' not in page
    assert Call.objects.count() == 0


def test_identifiers_are_compared_whatever_their_case_even_with_a_ring(
    reference, coordinator, municipality
):
    """SQLite's LOWER() leaves Å as it is: a repeated file with ÅTERBRUK-2027 had been
    refused as "already registered" instead of read as unchanged."""
    header = CSV.decode("utf-8-sig").splitlines()[0]
    row = "ÅTERBRUK-2027;Erasmus+;Återbruk;;2027-01-01;2027-02-19;;;;;;nej;"
    rows = read_csv("u.csv", "\n".join([header, row]).encode())
    first = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="")
    assert first.created == 1
    again = import_calls(actor=coordinator, municipality=municipality, rows=rows, source="")
    assert (again.created, again.unchanged) == (0, 1)
    with pytest.raises(ImportRefused) as refused:
        read_csv("u.csv", "\n".join([header, row, row.replace("ÅTERBRUK", "återbruk")]).encode())
    assert any("Rad 3" in error and "också på rad 2" in error for error in refused.value.errors)


def test_an_excel_file_with_date_cells_is_read(reference):
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["identifierare", "program", "titel", "öppnar", "stänger", "budget"])
    sheet.append(
        ["X-1", "Erasmus+", "Från Excel", dt.date(2026, 11, 1), dt.datetime(2027, 2, 19), 400000]
    )
    sheet.append(["X-2", "Nordplus", "Med klockslag", None, dt.datetime(2027, 3, 1, 17, 0), None])
    out = io.BytesIO()
    book.save(out)
    first, second = read_csv("utlysningar.xlsx", out.getvalue())
    assert (first.opens_on, first.closes_on, first.closes_at_time) == (
        dt.date(2026, 11, 1),
        dt.date(2027, 2, 19),
        None,
    )
    assert first.budget == 400000
    assert (second.closes_on, second.closes_at_time) == (dt.date(2027, 3, 1), dt.time(17, 0))
