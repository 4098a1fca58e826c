"""What every staff form says about a value it cannot take: in plain Swedish, saying what to
write, where Django's defaults had said "Fyll i en giltig tid.", "Säkerställ att detta värde
har som mest 250 tecken (den har 10000)." or "Korrigera duplikatdata för organisation."."""

import datetime as dt
import re

import pytest
from django import forms

from projektdatabas.organisations.models import Organisation
from projektdatabas.staff.forms import StaffForm
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db


class Probe(StaffForm, forms.Form):
    day = forms.DateField(required=False)
    time = forms.TimeField(required=False)
    note = forms.CharField(max_length=5, required=False)
    email = forms.EmailField(required=False)


def errors(**data) -> dict:
    form = Probe(data)
    form.is_valid()
    return {name: list(messages) for name, messages in form.errors.items()}


def test_a_time_written_the_swedish_way_is_read():
    form = Probe({"time": "9.30"})
    assert form.is_valid() and form.cleaned_data["time"] == dt.time(9, 30)
    assert errors(time="halv tio") == {"time": ["Skriv tiden som 09.30 eller 09:30."]}


def test_a_day_that_does_not_exist_is_told_from_a_date_written_otherwise():
    assert errors(day="2026-02-30") == {
        "day": ["Det datumet finns inte. Ange datumet som ÅÅÅÅ-MM-DD, till exempel 2026-03-31."]
    }
    assert errors(day="30/2") == {"day": ["Skriv datumet som 2026-03-31."]}


def test_too_long_a_text_and_a_wrong_address_say_what_to_write():
    assert errors(note="x" * 12, email="anna(at)ale.se") == {
        "note": ["Skriv högst 5 tecken (det här är 12)."],
        "email": ["Skriv e-postadressen så här: namn@exempel.se."],
    }


def test_the_same_partner_on_two_rows(world, client):
    project = world["project"]
    partner = Organisation.objects.create(name="Bertinoro", kind="municipality", country="IT")
    sign_in(client, world["users"]["rep"])
    response = client.post(
        f"/intern/projekt/{project.pk}/redigera/partner/",
        {
            "version": project.version,
            "partnerships-TOTAL_FORMS": 2,
            "partnerships-INITIAL_FORMS": 0,
            "partnerships-0-organisation": partner.pk,
            "partnerships-0-role": "partner",
            "partnerships-1-organisation": partner.pk,
            "partnerships-1-role": "partner",
        },
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Två rader har samma organisation: ta bort en av dem." in html
    assert "Raden upprepar en annan: ta bort den eller välj något annat." in html
    assert "duplikat" not in html
    assert not project.partners.exists()


def test_a_measures_responsible_person_is_offered_by_name(world, client):
    """The choices read "samordnare", "lasare", "admin": user names, not people."""
    coordinator = world["users"]["coordinator"]
    coordinator.first_name, coordinator.last_name = "Sara", "Samordnare"
    coordinator.save()
    sign_in(client, coordinator)
    page = client.get(f"/intern/handlingsplaner/{world['plan'].pk}/atgarder/ny/").content
    options = re.findall(r'<option value="\d+"[^>]*>([^<]*)</option>', page.decode())
    assert "Sara Samordnare" in options and coordinator.username not in options
