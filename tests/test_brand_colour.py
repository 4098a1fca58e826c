"""The municipality's brand colour is checked against every background the public site puts
it on: white text on it (the header, buttons), and links in it on white, on the light tint
derived from it (the search box, the figures) and on a highlighted search word."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from projektdatabas.core.colours import HIGHLIGHT, WHITE, contrast, tint

pytestmark = pytest.mark.django_db


def test_a_colour_readable_on_white_but_not_on_its_tint_is_refused(municipality):
    grey = "#767676"  # 4.54:1 with white, the classic "just passes" grey
    assert contrast(WHITE, grey) >= 4.5
    assert contrast(grey, tint(grey)) < 4.5  # 4.0:1 on the search box's background
    municipality.brand_colour = grey
    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            municipality.full_clean()
        message = str(refused.value)  # the message is translated when it is read
    assert "ljusa bakgrund" in message and "4.0:1" in message and "minst 4,5:1" in message


def test_a_colour_that_fails_only_on_a_highlighted_word_is_refused(municipality, monkeypatch):
    # A brand colour is darker on its own tint than on the yellow of a highlighted search
    # word in all but odd cases; a lighter tint makes the highlight the harder background.
    monkeypatch.setattr("projektdatabas.core.colours.TINT_SHARE", 0.0)
    grey = "#707070"
    assert contrast(grey, tint(grey)) >= 4.5 > contrast(grey, HIGHLIGHT)
    municipality.brand_colour = grey
    with translation.override("sv"):
        with pytest.raises(ValidationError) as refused:
            municipality.full_clean()
        assert "markerat sökord" in str(refused.value)


def test_a_colour_readable_everywhere_is_served_with_its_tint(municipality, client):
    municipality.brand_colour = "#2e6b30"
    municipality.full_clean()
    municipality.save()
    css = client.get("/tema.css").content.decode()
    assert "--brand: #2e6b30" in css
    assert "--brand-light: #eaf0ea" in css  # a tenth of the colour on white
