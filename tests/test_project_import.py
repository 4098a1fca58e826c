"""The coordinator's import of projects from a spreadsheet: every row checked first and
nothing written if one is wrong (errors by row and column, in Swedish), a preview of what is
created or changed (field by field), partners found in the register or added to it, and a
second import of the same file that changes nothing."""

import csv
import datetime as dt
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook, load_workbook

from projektdatabas.core.models import AuditEntry
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Project
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db

URL = "/intern/projekt/import/"
HEADER = [
    "extern_id", "titel", "typ", "status", "förvaltning", "start", "slut", "deltagare",
    "budget", "valuta", "växelkurs", "partner", "sammanfattning",
]  # fmt: skip


def rows_for(world):
    department = world["department"].name
    return [
        HEADER,
        [
            "KS-1", "Elevutbyte med Kaufungen", "skol- eller ungdomsutbyte", "pågående",
            department, "2025-09-01", "2026-06-15", "24", "150 000", "SEK", "",
            "Gemeinde Kaufungen (DE); Comune di Bertinoro (Italien)", "Elever reser.",
        ],
        [
            "KS-2", "Interreg-projekt om vatten", "EU-projekt", "", department, "2026-01-01",
            "", "", "1000000,50", "EUR", "11,20", "", "",
        ],
    ]  # fmt: skip


def as_csv(rows) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def as_xlsx(rows) -> bytes:
    """As Excel keeps it: dates and numbers in cells of their own types."""
    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append([_typed(cell) for cell in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _typed(cell):
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        return dt.datetime.fromisoformat(cell)
    if re.fullmatch(r"\d+", cell):
        return int(cell)
    return cell


def upload(client, content: bytes, name="projekt.csv"):
    return client.post(URL, {"file": SimpleUploadedFile(name, content)})


def token_of(response) -> str:
    return re.search(r'name="preview" value="([^"]+)"', response.content.decode())[1]


def text_of(response) -> str:
    return unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))


def preview_table(response) -> str:
    html = response.content.decode()
    table = html[html.index('<table class="data">') : html.index("</table>")]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", table)).split())


def preview_and_confirm(client, content, name="projekt.csv"):
    preview = upload(client, content, name)
    assert preview.status_code == 200
    done = client.post(URL, {"preview": token_of(preview)})
    assert done.status_code == 302, text_of(done)
    return preview


@pytest.fixture
def coordinator(client, world, partner_abroad):
    sign_in(client, world["users"]["coordinator"])
    return world["users"]["coordinator"]


@pytest.mark.parametrize("as_file", [(as_csv, "projekt.csv"), (as_xlsx, "projekt.xlsx")])
def test_a_new_file_creates_projects_through_the_services(client, world, coordinator, as_file):
    write, name = as_file
    preview = upload(client, write(rows_for(world)), name)
    text = preview_table(preview)
    assert "Rad 2" in text and "Rad 3" in text and text.count("ny ") >= 2
    assert "Gemeinde Kaufungen (DE): finns i registret" in text
    assert "Comune di Bertinoro (IT): läggs till i registret" in text
    assert not Project.objects.filter(external_id="KS-1").exists()  # a preview writes nothing
    client.post(URL, {"preview": token_of(preview)})

    first = Project.objects.get(external_id="KS-1")
    assert first.title_sv == "Elevutbyte med Kaufungen"
    assert first.kind == "school_youth_exchange" and first.status == "ongoing"
    assert (first.start_date, first.end_date) == (dt.date(2025, 9, 1), dt.date(2026, 6, 15))
    assert first.participants == 24 and first.total_budget == Decimal("150000.00")
    assert first.municipality == world["department"].municipality
    partners = {p.organisation.name: p.organisation for p in first.partnerships.all()}
    assert partners["Kaufungen"].pk  # matched: the register's "Kaufungen" in Germany
    assert partners["Comune di Bertinoro"].country.code == "IT"  # created
    assert Organisation.objects.filter(name__icontains="Kaufungen").count() == 1
    second = Project.objects.get(external_id="KS-2")
    assert second.budget_currency == "EUR" and second.budget_exchange_rate == Decimal("11.2")
    assert second.status == "idea"
    # The audit trail and the history show the coordinator's import.
    assert AuditEntry.objects.filter(action="project.created", actor=coordinator).count() == 2
    assert AuditEntry.objects.filter(action="organisation.added").count() == 1
    assert first.history.first().history_user == coordinator


def test_importing_the_same_file_again_changes_nothing(client, world, coordinator):
    content = as_xlsx(rows_for(world))
    preview_and_confirm(client, content, "projekt.xlsx")
    before = (
        list(Project.objects.order_by("pk").values()),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
        Project.history.count(),
    )
    again = upload(client, content, "projekt.xlsx")
    text = preview_table(again)
    assert text.count("oförändrad") == 2
    assert "redan partner" in text
    client.post(URL, {"preview": token_of(again)})
    after = (
        list(Project.objects.order_by("pk").values()),
        Organisation.objects.count(),
        AuditEntry.objects.count(),
        Project.history.count(),
    )
    assert after == before


def test_a_changed_file_is_previewed_field_by_field_then_saved(client, world, coordinator):
    rows = rows_for(world)
    preview_and_confirm(client, as_csv(rows))
    rows[1][1] = "Elevutbyte med Kaufungen 2026"
    rows[1][6] = "2026-08-31"
    rows[1][11] = "Gemeinde Kaufungen (DE); Kaufunger Schule (DE)"
    preview = upload(client, as_csv(rows))
    text = preview_table(preview)
    assert "titel (svenska): Elevutbyte med Kaufungen → Elevutbyte med Kaufungen 2026" in text
    assert "slut: 2026-06-15 → 2026-08-31" in text
    assert "Kaufunger Schule (DE): läggs till i registret" in text
    assert text.count("oförändrad") == 1  # the second row
    project = Project.objects.get(external_id="KS-1")
    assert project.title_sv == "Elevutbyte med Kaufungen"  # not yet
    client.post(URL, {"preview": token_of(preview)})
    project.refresh_from_db()
    assert project.title_sv == "Elevutbyte med Kaufungen 2026"
    assert project.end_date == dt.date(2026, 8, 31)
    assert project.partnerships.count() == 3  # a partner is added, none removed
    assert project.history.first().history_change_reason == "import: projekt.csv"


def test_one_wrong_row_and_nothing_is_written(client, world, coordinator):
    rows = rows_for(world)
    rows[2][5] = "31/12/2025"  # start
    rows[2][4] = "Gatukontoret"  # förvaltning
    rows[1][12] = "x" * 6000  # sammanfattning: longer than an import reads, never cut short
    rows.append(["KS-1", "Dubblett", "EU-projekt", "", world["department"].name] + [""] * 8)
    response = upload(client, as_csv(rows))
    text = " ".join(text_of(response).split())
    assert "Inget sparades" in text
    assert "Rad 3, kolumn start: ”31/12/2025” är inte ett datum" in text
    assert "Rad 3, kolumn förvaltning: det finns ingen förvaltning ”Gatukontoret”" in text
    assert "Rad 4, kolumn extern_id: identifieraren KS-1 finns också på rad 2" in text
    assert "Rad 2, kolumn sammanfattning: högst 5000 tecken." in text
    assert 'name="preview"' not in response.content.decode()
    assert not Project.objects.filter(external_id__startswith="KS-").exists()
    assert Organisation.objects.filter(name="Comune di Bertinoro").count() == 0


def test_a_row_refused_when_written_undoes_the_rows_before_it(client, world, coordinator):
    """The preview was right, but by the confirmation the second row's department had
    closed: the first row, already written in the same transaction, is undone too."""
    rows = rows_for(world)
    rows[2][4] = world["school"].name
    preview = upload(client, as_csv(rows))
    world["school"].is_active = False
    world["school"].save()
    response = client.post(URL, {"preview": token_of(preview)})
    assert response.status_code == 200
    assert "Rad 3" in text_of(response)
    assert not Project.objects.filter(external_id__startswith="KS-").exists()
    assert not Organisation.objects.filter(name="Comune di Bertinoro").exists()


def test_a_required_column_missing_is_named(client, world, coordinator):
    rows = [[cell for i, cell in enumerate(row) if i != 4] for row in rows_for(world)]
    text = text_of(upload(client, as_csv(rows)))
    assert "Filen behöver en kolumn som heter förvaltning." in text


def test_the_template_can_be_filled_in_and_imported(client, world, coordinator):
    response = client.get("/intern/projekt/import/mall.xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert sheet.freeze_panes == "A2" and rows[0][0] == "extern_id"
    rows[1][rows[0].index("förvaltning")] = world["department"].name
    rows[1][rows[0].index("teman")] = ""
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    preview_and_confirm(client, out.getvalue(), "mall.xlsx")
    project = Project.objects.get(external_id=rows[1][0])
    assert project.start_date == dt.date(2025, 9, 1)
    csv_template = client.get("/intern/projekt/import/mall.csv").content.decode("utf-8-sig")
    assert csv_template.splitlines()[0].split(";")[0] == '"extern_id"'


def test_only_the_coordinator_imports(client, world):
    sign_in(client, world["users"]["rep"])
    assert client.get(URL).status_code == 403
    assert upload(client, as_csv(rows_for(world))).status_code == 403


def test_a_kind_not_among_the_choices_names_the_choices(client, world, coordinator):
    """The help reads "studiebesök eller delegation" as one choice; a coordinator who writes
    "studiebesök" learns from the refusal what to write instead."""
    rows = rows_for(world)
    rows[2][2] = "studiebesök"
    text = " ".join(text_of(upload(client, as_csv(rows))).split())
    assert "Rad 3, kolumn typ: ”studiebesök” är inte ett av alternativen: EU-projekt;" in text
    assert "; studiebesök eller delegation;" in text
    english = client.post("/en" + URL, {"file": SimpleUploadedFile("p.csv", as_csv(rows))})
    english = " ".join(text_of(english).split())
    assert "Row 3, column typ: “studiebesök” is not one of the choices: EU project;" in english
