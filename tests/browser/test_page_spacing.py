"""A form's last button keeps its distance from what follows main (public and staff pages
share site.css): `main { padding-bottom }` lost to `.wrap { padding }`, so "Prenumerera" and
"Skicka anmälan" touched the footer's rule and the staff forms' "Spara" the window's edge."""

import pytest

from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def _gap(page) -> float:
    """Pixels between the bottom of main's last button and the end of main."""
    return page.evaluate(
        """() => {
            const buttons = document.querySelectorAll('main button[type="submit"]');
            const last = buttons[buttons.length - 1].getBoundingClientRect();
            return document.querySelector('main').getBoundingClientRect().bottom - last.bottom;
        }"""
    )


@pytest.mark.parametrize("width", [320, 1280])
def test_the_last_button_of_a_public_form_stands_clear_of_the_footer(
    transactional_db, live_server, municipality, browser, width
):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(live_server.url + "/prenumerera/")
    assert _gap(page) >= 24
    page.close()


def test_a_staff_forms_last_button_has_room_below_it_too(
    transactional_db, live_server, world, browser, client
):
    sign_in(client, world["users"]["coordinator"])
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies(
        [
            {
                "name": "sessionid",
                "value": client.cookies["sessionid"].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto(live_server.url + "/intern/grupper/ny/")
    assert _gap(page) >= 24
    context.close()
