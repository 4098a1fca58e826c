"""News (issue 14, part 1): the services and who may use them, the public pages and feeds,
the pictures, and the staff pages."""

import io
import re
from xml.etree import ElementTree

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from projektdatabas.core.models import AuditEntry
from projektdatabas.news import services
from projektdatabas.news.models import NewsItem, NewsStatus
from projektdatabas.organisations.models import Municipality, Organisation, Twinning
from projektdatabas.projects.models import PublicRecordDeletion
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(make_user):
    return make_user("coordinator")


@pytest.fixture
def write(coordinator, municipality):
    """A news item as the coordinator writes it, optionally published."""

    def make(*, publish=False, actor=None, image=None, **changes):
        values = {"title_sv": "Ungdomar från Kaufungen på besök", "body_sv": "Första stycket."}
        values.update(changes)
        item = services.create_news_item(
            actor=actor or coordinator, municipality=municipality, changes=values, image=image
        )
        if publish:
            services.publish_news_item(item=item, actor=actor or coordinator)
        return item

    return make


def jpeg(*, size=(40, 30), description="Hemma hos Kim, Storgatan 1") -> bytes:
    """A photo carrying EXIF as a camera writes it: a description and the camera's make."""
    exif = Image.Exif()
    exif[0x010E] = description  # ImageDescription
    exif[0x010F] = "Hemlig kamera"  # Make
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, "JPEG", exif=exif.tobytes())
    return out.getvalue()


def upload(data: bytes, name="bild.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


# --- services -------------------------------------------------------------------------


def test_the_coordinator_writes_and_publishes_with_audit_and_history(write, coordinator):
    item = write(publish=True)
    assert item.status == NewsStatus.PUBLISHED and item.published_at is not None
    assert item.slug == "ungdomar-fran-kaufungen-pa-besok"
    actions = list(
        AuditEntry.objects.filter(object_id=str(item.pk))
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [("news.created", coordinator.pk), ("news.published", coordinator.pk)]
    history = item.history.order_by("history_date")
    assert [h.status for h in history] == ["draft", "published"]
    assert {h.history_user_id for h in history} == {coordinator.pk}


def test_a_department_representative_writes_for_their_municipality(
    write, make_user, department, municipality
):
    rep = make_user("department_rep", department=department)
    item = write(actor=rep, publish=True)
    assert item.created_by == rep
    services.archive_news_item(item=item, actor=rep)
    assert item.status == NewsStatus.ARCHIVED


@pytest.mark.parametrize("role", ["reader", "committee_secretary", "administrator"])
def test_other_roles_are_refused_with_the_reason(write, make_user, municipality, role, board):
    user = make_user(role, committee=board if role == "committee_secretary" else None)
    with pytest.raises(PermissionDenied):
        write(actor=user)
    item = write()
    for service in (
        services.publish_news_item,
        services.archive_news_item,
    ):
        with pytest.raises(PermissionDenied):
            service(item=item, actor=user)
    with pytest.raises(PermissionDenied):
        services.save_news_item(item=item, actor=user, changes={"title_sv": "Ändrad"})
    assert NewsItem.objects.get(pk=item.pk).title_sv == "Ungdomar från Kaufungen på besök"
    assert not AuditEntry.objects.filter(actor=user).exists()


def test_a_coordinator_of_another_municipality_is_refused(write, db):
    from django.contrib.auth import get_user_model

    from projektdatabas.accounts.models import Membership

    item = write()
    elsewhere = Municipality.objects.create(name="Lerum", slug="lerum")
    stranger = get_user_model().objects.create_user(username="lerum-samordnare")
    Membership.objects.create(user=stranger, municipality=elsewhere, role="coordinator")
    with pytest.raises(PermissionDenied):
        services.publish_news_item(item=item, actor=stranger)


def test_status_transitions_and_their_guards(write, coordinator):
    item = write()
    with pytest.raises(ValidationError, match="Bara en publicerad nyhet"):
        services.unpublish_news_item(item=item, actor=coordinator)
    services.archive_news_item(item=item, actor=coordinator)
    with pytest.raises(ValidationError, match="Återställ den först"):
        services.publish_news_item(item=item, actor=coordinator)
    with pytest.raises(ValidationError, match="Återställ den först"):
        services.save_news_item(item=item, actor=coordinator, changes={"title_sv": "Ny"})
    # Never published: back as a draft.
    assert services.restore_news_item(item=item, actor=coordinator).status == NewsStatus.DRAFT

    services.publish_news_item(item=item, actor=coordinator)
    first = item.published_at
    services.unpublish_news_item(item=item, actor=coordinator)
    services.archive_news_item(item=item, actor=coordinator)
    # Was out once: back unpublished, not straight onto the website.
    restored = services.restore_news_item(item=item, actor=coordinator)
    assert restored.status == NewsStatus.UNPUBLISHED
    services.publish_news_item(item=item, actor=coordinator)
    assert item.published_at == first  # the date readers know it by
    with pytest.raises(ValidationError):
        services.publish_news_item(item=item, actor=coordinator)


def test_publishing_needs_a_swedish_text(write, coordinator):
    item = write(body_sv="  ")
    with pytest.raises(ValidationError, match="text på svenska"):
        services.publish_news_item(item=item, actor=coordinator)


def test_news_are_never_deleted(write):
    item = write(publish=True)
    with pytest.raises(PublicRecordDeletion):
        item.delete()
    with pytest.raises(PublicRecordDeletion):
        NewsItem.objects.all().delete()
    assert NewsItem.objects.filter(pk=item.pk).exists()


def test_the_database_refuses_an_unknown_kind_or_status(write):
    from django.db import IntegrityError, transaction

    item = write()
    for field, value in (("kind", "secret"), ("status", "deleted")):
        with pytest.raises(IntegrityError), transaction.atomic():
            NewsItem.objects.filter(pk=item.pk).update(**{field: value})


# --- images ---------------------------------------------------------------------------


def test_an_image_is_re_encoded_without_its_metadata(write):
    original = jpeg()
    assert b"Hemma hos Kim" in original and b"Hemlig kamera" in original
    item = write(image=upload(original), image_alt_sv="Röd yta")
    stored = bytes(item.image.data)
    assert b"Hemma hos Kim" not in stored and b"Hemlig kamera" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG" and image.size == (40, 30)
        assert dict(image.getexif()) == {}
    assert item.image.content_type == "image/jpeg"


def test_a_png_loses_its_text_chunks_and_a_large_picture_is_scaled_down(write):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "Hemlig anteckning")
    out = io.BytesIO()
    Image.new("RGBA", (3200, 1000), (0, 0, 255, 128)).save(out, "PNG", pnginfo=info)
    assert b"Hemlig anteckning" in out.getvalue()
    item = write(image=upload(out.getvalue(), "karta.png", "image/png"), image_alt_sv="Karta")
    assert b"Hemlig anteckning" not in bytes(item.image.data)
    assert (item.image.width, item.image.height, item.image.content_type) == (
        1600,
        500,
        "image/png",
    )


@pytest.mark.parametrize(
    "data",
    [
        b"Det h\xc3\xa4r \xc3\xa4r ingen bild, bara text.\n" * 10,
        jpeg()[:200],  # a photo cut short
        b"GIF89a" + b"\x00" * 100,  # an image, but not one we take
    ],
    ids=["text", "truncated", "gif"],
)
def test_a_file_that_is_not_a_whole_jpeg_or_png_is_refused(write, data):
    with pytest.raises(ValidationError) as refused:
        write(image=upload(data), image_alt_sv="Något")
    assert refused.value.message_dict["image"] == [
        "Filen är inte en JPEG- eller PNG-bild, eller så är den skadad."
    ]
    assert not NewsItem.objects.exists()


def test_an_image_needs_its_text_alternative(write):
    with pytest.raises(ValidationError) as refused:
        write(image=upload(jpeg()))
    assert "image_alt_sv" in refused.value.message_dict


def test_the_image_is_served_for_a_public_item_only(write, coordinator, client):
    item = write(image=upload(jpeg()), image_alt_sv="Röd yta")
    url = f"/nyheter/bild/{item.image_id}/"
    assert client.get(url).status_code == 404  # a draft's picture
    services.publish_news_item(item=item, actor=coordinator)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "max-age" in response["Cache-Control"]
    assert response.content == bytes(item.image.data)
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    page = client.get(f"/nyheter/{item.pk}-{item.slug}/").content.decode()
    assert f'src="{url}"' in page and 'alt="Röd yta"' in page
    services.unpublish_news_item(item=item, actor=coordinator)
    assert client.get(url).status_code == 404


# --- public pages ---------------------------------------------------------------------


def test_only_published_public_news_reach_the_public(write, coordinator, client):
    shown = write(title_sv="Synlig nyhet", publish=True)
    hidden = {
        "draft": write(title_sv="Ett utkast"),
        "internal": write(title_sv="Internt om budget", kind="internal", publish=True),
        "unpublished": write(title_sv="Tillbakadragen", publish=True),
        "archived": write(title_sv="Arkiverad", publish=True),
    }
    services.unpublish_news_item(item=hidden["unpublished"], actor=coordinator)
    services.archive_news_item(item=hidden["archived"], actor=coordinator)
    for prefix in ("", "/en"):
        listing = client.get(f"{prefix}/nyheter/").content.decode()
        assert "Synlig nyhet" in listing
        rss = client.get(f"{prefix}/nyheter/rss/").content.decode()
        atom = client.get(f"{prefix}/nyheter/atom/").content.decode()
        for item in hidden.values():
            assert item.title_sv not in listing + rss + atom
            assert client.get(f"{prefix}/nyheter/{item.pk}-{item.slug}/").status_code == 404
    assert client.get(f"/nyheter/{shown.pk}-{shown.slug}/").status_code == 200
    assert client.get(f"/nyheter/{shown.pk}-fel/").status_code == 301


def test_the_list_is_newest_first_and_paged(write, client):
    for n in range(12):
        write(title_sv=f"Nyhet nummer {n:02d}", publish=True)
    first = client.get("/nyheter/").content.decode()
    assert first.index("Nyhet nummer 11") < first.index("Nyhet nummer 02")
    assert "Nyhet nummer 01" not in first
    second = client.get("/nyheter/?sida=2").content.decode()
    assert "Nyhet nummer 01" in second and "Nyhet nummer 00" in second


def test_the_text_is_escaped_and_in_paragraphs(write, client):
    item = write(body_sv="Första <script>alert(1)</script>\n\nAndra stycket", publish=True)
    page = client.get(f"/nyheter/{item.pk}-{item.slug}/").content.decode()
    assert "<script>alert(1)" not in page
    assert "<p>Första &lt;script&gt;alert(1)&lt;/script&gt;</p>" in page
    assert "<p>Andra stycket</p>" in page


def test_english_where_given_else_swedish_marked(write, client):
    translated = write(title_sv="Besök", title_en="A visit", body_en="In English.", publish=True)
    untranslated = write(title_sv="Bara svenska", body_sv="Svensk text.", publish=True)
    page = client.get(f"/en/nyheter/{translated.pk}-{translated.slug}/").content.decode()
    assert "<h1>A visit</h1>" in page and "In English." in page
    page = client.get(f"/en/nyheter/{untranslated.pk}-{untranslated.slug}/").content.decode()
    assert '<h1 lang="sv">Bara svenska</h1>' in page
    assert '<div class="news-body" lang="sv"><p>Svensk text.</p></div>' in page


def _feed(client, url):
    return ElementTree.fromstring(client.get(url).content)  # noqa: S314 - the site's own feed


def test_the_feeds_carry_escaped_text(write, client):
    write(title_sv="Möte <b>&</b> fika", body_sv="<script>x</script>", publish=True)
    rss = _feed(client, "/nyheter/rss/")
    entry = rss.find("channel/item")
    assert entry.findtext("title") == "Möte &lt;b&gt;&amp;&lt;/b&gt; fika"
    assert entry.findtext("description") == "&lt;script&gt;x&lt;/script&gt;"
    atom = _feed(client, "/nyheter/atom/")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert atom.find("a:entry/a:title", ns).text == "Möte <b>&</b> fika"  # a text construct
    assert atom.find("a:entry/a:summary", ns).text == "&lt;script&gt;x&lt;/script&gt;"


def test_linked_pages_show_their_latest_news(
    write, make_project, publish, municipality, partner_abroad, client
):
    project = publish(make_project(title_sv="Vänortsutbyte"))
    twinning = Twinning.objects.create(
        municipality=municipality, partner=partner_abroad, slug="kaufungen"
    )
    school = Organisation.objects.create(name="Skola i Kaufungen", kind="school", country="DE")
    from projektdatabas.projects.models import ProjectPartner

    ProjectPartner.objects.create(project=project, organisation=school)
    write(
        title_sv="Nyhet om allt",
        projects=[project],
        twinnings=[twinning],
        organisations=[school],
        publish=True,
    )
    write(title_sv="Internt om utbytet", kind="internal", projects=[project], publish=True)
    for url in (
        f"/projekt/{project.pk}-{project.slug}/",
        "/vanorter/kaufungen/",
        f"/organisationer/{school.pk}/",
    ):
        page = client.get(url).content.decode()
        assert "Nyhet om allt" in page, url
        assert "Internt om utbytet" not in page, url


def test_the_menu_links_to_the_news(client, municipality):
    assert 'href="/nyheter/"' in client.get("/").content.decode()
    assert 'href="/en/nyheter/"' in client.get("/en/").content.decode()


# --- staff pages ----------------------------------------------------------------------


def test_internal_news_are_on_the_staff_start_page(write, make_user, client):
    write(title_sv="Ny EU-förordning om upphandling", kind="internal", publish=True)
    write(title_sv="Internt utkast", kind="internal")
    write(title_sv="Offentlig nyhet", publish=True)
    sign_in(client, make_user("reader"))
    page = client.get("/intern/").content.decode()
    assert "Ny EU-förordning om upphandling" in page
    assert "Internt utkast" not in page and "Offentlig nyhet" not in page


def test_staff_write_and_publish_from_the_form(coordinator, client, municipality):
    sign_in(client, coordinator)
    response = client.post(
        "/intern/nyheter/ny/",
        {
            "kind": "public",
            "title_sv": "Skriven i formuläret",
            "body_sv": "Text.",
            "image": upload(jpeg()),
            "image_alt_sv": "Röd yta",
        },
    )
    item = NewsItem.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/intern/nyheter/{item.pk}/"
    assert item.image is not None and item.status == NewsStatus.DRAFT
    client.post(f"/intern/nyheter/{item.pk}/status/", {"action": "publish", "version": 1})
    assert client.get(f"/nyheter/{item.pk}-{item.slug}/").status_code == 200
    page = client.get(f"/intern/nyheter/{item.pk}/").content.decode()
    assert "Historik" in page and "Avpublicera" in page


def test_a_renamed_text_file_is_refused_in_swedish_on_the_form(coordinator, client):
    sign_in(client, coordinator)
    response = client.post(
        "/intern/nyheter/ny/",
        {
            "kind": "public",
            "title_sv": "Med en falsk bild",
            "body_sv": "Text.",
            "image": upload(b"inte en bild alls\n" * 20, "semester.jpg"),
            "image_alt_sv": "Strand",
        },
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Filen är inte en JPEG- eller PNG-bild, eller så är den skadad." in page
    assert "Rätta följande" in page or "error-summary" in page
    assert not NewsItem.objects.exists()


def test_the_form_offers_only_the_municipalitys_projects_and_twin_towns(
    coordinator, client, make_project, municipality, partner_abroad, department
):
    ours = make_project(title_sv="Vårt eget projekt")
    elsewhere = Municipality.objects.create(name="Lerum", slug="lerum")
    from projektdatabas.organisations.models import Committee, Department
    from projektdatabas.projects.models import Project

    board = Committee.objects.create(municipality=elsewhere, name="Kommunstyrelsen")
    Project.objects.create(
        municipality=elsewhere,
        lead_department=Department.objects.create(
            municipality=elsewhere, name="Lerums KSF", committee=board
        ),
        kind="eu_project",
        title_sv="Lerums projekt",
        slug="lerum",
    )
    Twinning.objects.create(municipality=municipality, partner=partner_abroad, slug="kaufungen")
    sign_in(client, coordinator)
    page = client.get("/intern/nyheter/ny/").content.decode()
    assert ours.title_sv in page and "Lerums projekt" not in page
    assert re.search(r">\s*Kaufungen</label>", page)  # the twin town by its name alone


def test_publishing_shows_at_once_on_the_cached_list(write, coordinator, client):
    item = write(title_sv="Snart ute")
    assert "Snart ute" not in client.get("/nyheter/").content.decode()
    services.publish_news_item(item=item, actor=coordinator)
    assert "Snart ute" in client.get("/nyheter/").content.decode()


# --- two people saving at once -----------------------------------------------------------


def test_a_save_from_a_stale_version_is_refused_and_the_first_kept(
    write, coordinator, make_user, department
):
    item = write()
    read_at = item.version
    rep = make_user("department_rep", department=department)
    first = NewsItem.objects.get(pk=item.pk)
    services.save_news_item(
        item=first, actor=coordinator, expected_version=read_at, changes={"body_sv": "Först."}
    )
    second = NewsItem.objects.get(pk=item.pk)  # read after; the form still says read_at
    with pytest.raises(services.NewsEditConflict, match="Någon annan sparade"):
        services.save_news_item(
            item=second, actor=rep, expected_version=read_at, changes={"body_sv": "Sedan."}
        )
    stored = NewsItem.objects.get(pk=item.pk)
    assert stored.body_sv == "Först." and stored.version == read_at + 1
    assert not AuditEntry.objects.filter(actor=rep).exists()
    # A stale instance is refused too, without a version given.
    with pytest.raises(services.NewsEditConflict):
        services.save_news_item(item=item, actor=rep, changes={"body_sv": "Gammal."})


@pytest.mark.parametrize(
    "step",
    [
        services.publish_news_item,
        services.archive_news_item,
    ],
)
def test_a_status_step_from_a_stale_version_is_refused(write, coordinator, step):
    item = write()
    read_at = item.version
    services.save_news_item(item=NewsItem.objects.get(pk=item.pk), actor=coordinator, changes={})
    with pytest.raises(services.NewsEditConflict):
        step(item=NewsItem.objects.get(pk=item.pk), actor=coordinator, expected_version=read_at)
    assert NewsItem.objects.get(pk=item.pk).status == NewsStatus.DRAFT


def test_unpublish_and_restore_check_the_version_too(write, coordinator):
    item = write(publish=True)
    with pytest.raises(services.NewsEditConflict):
        services.unpublish_news_item(item=item, actor=coordinator, expected_version=1)
    services.archive_news_item(item=item, actor=coordinator)
    with pytest.raises(services.NewsEditConflict):
        services.restore_news_item(item=item, actor=coordinator, expected_version=1)
    assert NewsItem.objects.get(pk=item.pk).status == NewsStatus.ARCHIVED


def _form(item, **changes):
    data = {"kind": item.kind, "title_sv": item.title_sv, "body_sv": item.body_sv}
    data["version"] = item.version
    data.update(changes)
    return data


def test_two_saving_the_same_form_the_second_sees_why_and_keeps_their_text(
    write, coordinator, make_user, department, client
):
    item = write()
    rep = make_user("department_rep", department=department)
    sign_in(client, coordinator)
    client.post(f"/intern/nyheter/{item.pk}/", _form(item, body_sv="Samordnarens text."))
    sign_in(client, rep)
    response = client.post(f"/intern/nyheter/{item.pk}/", _form(item, body_sv="Min egen text."))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Någon annan sparade nyheten efter att du öppnade den" in page
    assert "Det du skrev finns kvar i formuläret nedan" in page
    assert "Min egen text." in page  # nothing typed is lost
    assert NewsItem.objects.get(pk=item.pk).body_sv == "Samordnarens text."
    # The form now carries the stored version: saving again overwrites knowingly.
    stored = NewsItem.objects.get(pk=item.pk).version
    assert re.search(rf'name="version" value="{stored}"', page)
    again = client.post(
        f"/intern/nyheter/{item.pk}/", _form(item, body_sv="Min egen text.", version=stored)
    )
    assert again.status_code == 302
    assert NewsItem.objects.get(pk=item.pk).body_sv == "Min egen text."


def test_a_stale_publish_button_is_refused_on_the_page(write, coordinator, client):
    item = write()
    sign_in(client, coordinator)
    read_at = item.version
    client.post(f"/intern/nyheter/{item.pk}/", _form(item, body_sv="Ändrad."))
    response = client.post(
        f"/intern/nyheter/{item.pk}/status/",
        {"action": "publish", "version": read_at},
        follow=True,
    )
    assert "Någon annan sparade nyheten efter att du öppnade den" in response.content.decode()
    assert NewsItem.objects.get(pk=item.pk).status == NewsStatus.DRAFT


# --- the picture in the staff pages -------------------------------------------------------


def test_a_drafts_picture_is_shown_to_its_staff_only(write, coordinator, make_user, client):
    from django.contrib.auth import get_user_model

    from projektdatabas.accounts.models import Membership

    item = write(image=upload(jpeg()), image_alt_sv="Röd yta")
    url = f"/intern/nyheter/{item.pk}/bild/"
    sign_in(client, coordinator)
    page = client.get(f"/intern/nyheter/{item.pk}/").content.decode()
    assert re.search(rf'<img src="{url}" alt="Röd yta"', page)
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response.content == bytes(item.image.data)
    assert "public" not in response["Cache-Control"]
    reader = make_user("reader")  # sees the item in the staff list, may not edit it
    sign_in(client, reader)
    assert client.get(url).status_code == 200

    elsewhere = Municipality.objects.create(name="Lerum", slug="lerum")
    stranger = get_user_model().objects.create_user(username="lerum-samordnare")
    Membership.objects.create(user=stranger, municipality=elsewhere, role="coordinator")
    sign_in(client, stranger)
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the sign-in page, no picture
    assert client.get(f"/nyheter/bild/{item.image_id}/").status_code == 404
