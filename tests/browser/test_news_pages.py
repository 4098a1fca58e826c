"""News in real Chromium: a department representative writes an item with a picture, is
told in Swedish when the picture is not one, publishes it, and residents find it; the
internal item is on a colleague's start page. axe-core checks each staff page on the way
(the public news pages are in test_accessibility.py)."""

import io

import pytest
from PIL import Image

from projektdatabas.news.models import NewsItem, NewsStatus

from .test_staff_flows import Session

pytestmark = pytest.mark.browser


def test_a_department_writes_publishes_and_residents_read(demo_site, page, tmp_path):
    fake = tmp_path / "semester.jpg"
    fake.write_text("Det här är ingen bild.\n" * 20)
    photo = tmp_path / "besok.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (1200, 800), (30, 120, 60)).save(buffer, "JPEG")
    photo.write_bytes(buffer.getvalue())

    s = Session(page, demo_site.url)
    s.sign_in("utbildning")
    s.check("start page with internal news")
    assert "Exempel: Nya regler för statligt stöd" in page.content()
    page.goto(demo_site.url + "/intern/nyheter/")
    s.check("news list")
    page.get_by_role("link", name="Skriv en nyhet").click()
    s.check("new news item")
    page.get_by_label("Titel (svenska)").fill("Skolor i Ruukki och Ale byter elever")
    page.get_by_label("Text (svenska)").fill("Första stycket.\n\nAndra stycket.")
    page.get_by_label("Bild", exact=True).set_input_files(str(fake))
    page.get_by_label("Bildens textalternativ (svenska)").fill("Elever på skolgården")
    s.button("Spara")
    assert "Filen är inte en JPEG- eller PNG-bild" in page.content()
    s.check("new news item, refused picture")

    page.get_by_label("Bild", exact=True).set_input_files(str(photo))
    s.button("Spara")
    assert "Nyheten är sparad som utkast." in s.message()
    s.check("edit page with history")
    s.button("Publicera på webbplatsen")
    item = NewsItem.objects.get(title_sv="Skolor i Ruukki och Ale byter elever")
    assert item.status == NewsStatus.PUBLISHED and item.image.width == 1200

    page.goto(demo_site.url + "/nyheter/")
    page.get_by_role("link", name="Skolor i Ruukki och Ale byter elever").click()
    image = page.get_by_role("img", name="Elever på skolgården")
    # The click returns once the page has started loading; the picture may still be on its
    # way on a busy machine, so wait for it to finish (a broken picture finishes at width 0).
    image.evaluate(
        "img => img.complete || new Promise(done => { img.onload = img.onerror = done; })"
    )
    assert image.evaluate("img => img.naturalWidth") == 1200
    assert s.failures == {}
