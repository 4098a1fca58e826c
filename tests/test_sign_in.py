"""Signing in: passwords, throttling, a fresh session, idle sign-out, the
administrators' one-time code, and single sign-on matched on the subject."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from projektdatabas.accounts.models import ExternalIdentity
from projektdatabas.accounts.oidc import SubjectMatchingBackend

pytestmark = pytest.mark.django_db
PASSWORD = "ett-långt-lösenord-2026"


def post_sign_in(client, username, password=PASSWORD):
    return client.post("/intern/logga-in/", {"username": username, "password": password})


@pytest.mark.parametrize("password", ["kort-2026", "password1234", "123456789012"])
def test_weak_passwords_are_refused(password):
    with pytest.raises(ValidationError):
        validate_password(password)


def test_administrator_cannot_create_an_account_with_a_weak_password(make_user, client):
    from tests.conftest import sign_in

    sign_in(client, make_user("administrator"))
    response = client.post(
        "/intern/anvandare/ny/",
        {"username": "ny", "password1": "sommar2026", "password2": "sommar2026"},
    )
    assert response.status_code == 200
    assert "minst 12 tecken" in response.content.decode()
    assert not get_user_model().objects.filter(username="ny").exists()


def test_sign_in_starts_a_new_session(make_user, client):
    user = make_user("coordinator")
    client.get("/intern/logga-in/")
    client.cookies["sessionid"] = "planted-by-an-attacker"
    response = post_sign_in(client, user.username)
    assert response.status_code == 302 and response["Location"] == "/intern/"
    assert client.cookies["sessionid"].value != "planted-by-an-attacker"
    assert client.get("/intern/").status_code == 200


def test_wrong_password_says_so_in_swedish(make_user, client):
    user = make_user("coordinator")
    html = post_sign_in(client, user.username, "fel-lösenord-igen").content.decode()
    assert "Användarnamnet eller lösenordet är fel." in html


def test_repeated_failures_lock_the_user_name_from_that_address_for_a_while(make_user, client):
    user = make_user("coordinator")
    for _ in range(5):
        post_sign_in(client, user.username, "fel-lösenord-igen")
    response = post_sign_in(client, user.username)  # right password, too late
    assert response.status_code == 200
    assert "För många misslyckade försök" in response.content.decode()
    assert client.get("/intern/").status_code == 302


def test_idle_staff_are_signed_out(make_user, client, settings):
    from projektdatabas.accounts.middleware import LAST_SEEN_KEY

    user = make_user("coordinator")
    post_sign_in(client, user.username)
    assert client.get("/intern/").status_code == 200
    session = client.session
    session[LAST_SEEN_KEY] -= settings.STAFF_IDLE_MINUTES * 60 + 1
    session.save()
    response = client.get("/intern/projekt/")
    assert response.status_code == 302 and response["Location"].startswith("/intern/logga-in/")
    assert client.get("/intern/").status_code == 302


def test_administrators_need_a_one_time_code(make_user, client):
    admin = make_user("administrator")
    response = post_sign_in(client, admin.username)
    assert response["Location"].startswith("/intern/tvafaktor/")
    # Not past the door yet: every staff page and the admin lead back to the code.
    assert client.get("/intern/anvandare/")["Location"].startswith("/intern/tvafaktor/")
    assert client.get("/admin/")["Location"].startswith("/intern/tvafaktor/")

    html = client.get("/intern/tvafaktor/").content.decode()
    assert "data:image/svg+xml" in html  # the QR code to enrol
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    response = client.post("/intern/tvafaktor/", {"token": "000000"})
    assert "Koden är fel" in response.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    code = f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"
    response = client.post("/intern/tvafaktor/", {"token": code})
    assert response.status_code == 302
    assert client.get("/intern/anvandare/").status_code == 200
    device.refresh_from_db()
    assert device.confirmed


def test_other_roles_need_no_code(make_user, client):
    rep_user = make_user("reader")
    assert post_sign_in(client, rep_user.username)["Location"] == "/intern/"


class TestSingleSignOn:
    @pytest.fixture
    def backend(self, settings):
        settings.OIDC_OP_TOKEN_ENDPOINT = "https://idp.invalid/token"
        settings.OIDC_OP_USER_ENDPOINT = ""
        settings.OIDC_RP_CLIENT_ID = "projektdatabasen"
        settings.OIDC_RP_CLIENT_SECRET = "secret"
        settings.OIDC_OP_JWKS_ENDPOINT = "https://idp.invalid/keys"
        return SubjectMatchingBackend()

    def test_users_are_matched_on_oid_not_on_email(self, backend, make_user):
        anna = make_user("coordinator", email="anna@ale.example")
        ExternalIdentity.objects.create(user=anna, subject="oid-anna")
        # Someone else now has Anna's old address: they must not become Anna.
        claims = {"oid": "oid-bertil", "sub": "pairwise-x", "email": "anna@ale.example"}
        assert list(backend.filter_users_by_claims(claims)) == []
        claims = {"oid": "oid-anna", "sub": "pairwise-y", "email": "anna.new@ale.example"}
        assert list(backend.filter_users_by_claims(claims)) == [anna]

    def test_sub_is_used_without_oid(self, backend, make_user):
        user = make_user("reader")
        ExternalIdentity.objects.create(user=user, subject="sub-123")
        assert list(backend.filter_users_by_claims({"sub": "sub-123"})) == [user]
        assert not backend.verify_claims({"email": "x@ale.example"})

    def test_first_sign_in_creates_an_account_without_a_role(self, backend, client):
        user = backend.create_user(
            {
                "oid": "oid-ny",
                "preferred_username": "ny.person@ale.example",
                "given_name": "Ny",
                "family_name": "Person",
                "email": "ny.person@ale.example",
            }
        )
        assert user.external_identities.get().subject == "oid-ny"
        assert not user.has_usable_password()
        client.force_login(user)
        response = client.get("/intern/")
        assert response.status_code == 403
        assert "har ingen roll" in response.content.decode()

    def test_entra_claims_come_from_the_id_token(self, backend):
        claims = backend.get_userinfo("access", "id", {"oid": "oid-1", "sub": "s", "tid": "t"})
        assert claims["oid"] == "oid-1"


def test_the_admin_login_goes_through_the_staff_sign_in(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response["Location"] == "/intern/logga-in/?next=%2Fadmin%2F"
