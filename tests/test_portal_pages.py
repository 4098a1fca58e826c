"""The regional portal answers for itself: its footer leads to its own accessibility
statement and privacy notice, which name the region (they had been Ale's, under Ale's
header), in a colour of its own; and every municipality's statement begins with what is
known of the software, so that none declares itself "partially compliant because of the
shortcomings below" above "We know of no shortcomings"."""

import re
from html import unescape

import pytest

pytestmark = pytest.mark.django_db


def text(page: str) -> str:
    main = page[page.index('<main id="main"') : page.index("</main>")]
    return unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def test_the_portals_footer_leads_to_its_own_statement_and_notice(client, demo_data):
    page = client.get("/region/").content.decode()
    footer = page[page.index('<footer class="site-footer">') :]
    assert 'href="/region/tillganglighetsredogorelse/"' in footer
    assert 'href="/region/personuppgifter/"' in footer
    assert 'href="/tillganglighetsredogorelse/"' not in footer
    assert "/static/public/portal" in page and "tema.css" not in page

    statement = client.get("/region/tillganglighetsredogorelse/").content.decode()
    assert "Göteborgsregionen står bakom den här webbplatsen" in text(statement)
    assert "Ale kommun" not in text(statement)
    assert "region@example.se" in statement
    assert "inte testats med skärmläsare" in statement  # the software's known gaps
    assert "uppdaterad den 26 november 2026" in text(statement)  # Ale's, not today

    notice = client.get("/region/personuppgifter/").content.decode()
    assert "Göteborgsregionen ansvarar för den här portalen" in text(notice)
    for slug in ("", "kungalv/", "lilla-edet/"):
        assert f'href="/{slug}personuppgifter/"' in notice  # each municipality's own
    assert "Frågor om portalen: region@example.se" in text(notice)
    # Under a municipality's prefix the portal's pages have one address.
    response = client.get("/kungalv/region/personuppgifter/")
    assert response.status_code == 302 and response["Location"] == "/region/personuppgifter/"


def test_a_municipality_without_a_statement_of_its_own_lists_the_softwares_gaps(client, demo_data):
    from projektdatabas.public.models import AccessibilityStatement

    assert not AccessibilityStatement.objects.filter(municipality__slug="kungalv").exists()
    page = text(client.get("/kungalv/tillganglighetsredogorelse/").content.decode())
    assert "delvis förenlig" in page
    assert "Administrationsgränssnittet för administratörer (/admin/) är inte granskat" in page
    assert "Vi känner för närvarande inte till några brister" not in page
    assert "Kungälvs kommun står bakom den här webbplatsen" in page


def test_a_statement_saved_without_gaps_shows_the_softwares_unless_fully_compliant(
    client, demo_data
):
    """A statement saved before the software's gaps were its defaults, its own gaps empty,
    had read "partially compliant because of the shortcomings below" above "We know of no
    shortcomings"."""
    from projektdatabas.public.models import AccessibilityStatement

    AccessibilityStatement.objects.filter(municipality__slug="ale").update(
        known_gaps_sv="", known_gaps_en=""
    )
    page = text(client.get("/tillganglighetsredogorelse/").content.decode())
    assert "Administrationsgränssnittet för administratörer (/admin/) är inte granskat" in page
    assert "Vi känner för närvarande inte till några brister" not in page
    english = text(client.get("/en/tillganglighetsredogorelse/").content.decode())
    assert "The administrators' interface (/admin/) has not been assessed" in english
    statement = AccessibilityStatement.objects.get(municipality__slug="ale")
    statement.compliance = "full"
    statement.save()  # as the admin saves it, moving the pages' content version
    page = text(client.get("/tillganglighetsredogorelse/").content.decode())
    assert "Vi känner för närvarande inte till några brister" in page
