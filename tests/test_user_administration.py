"""User administration in the staff pages, scoped to the administrator's municipalities:
two municipalities share one database, and each one's administrator manages its own staff
(and accounts that have no role anywhere yet)."""

import pytest
from django.contrib.auth import get_user_model

from projektdatabas.accounts.models import Membership
from projektdatabas.organisations.models import Committee, Department, Municipality
from tests.conftest import sign_in

pytestmark = pytest.mark.django_db
User = get_user_model()


@pytest.fixture
def two(municipality, department, make_user):
    """Testkommun (the `municipality` fixture) and Grannkommun, each with an administrator
    and a coordinator; one person working for both; one new account with no role; a
    superuser."""
    neighbour = Municipality.objects.create(name="Grannkommun", slug="granne")
    board = Committee.objects.create(
        municipality=neighbour, name="Grannstyrelsen", is_executive_board=True
    )
    their_department = Department.objects.create(
        municipality=neighbour, name="Grannförvaltningen", committee=board
    )

    def theirs(username, role, **scope):
        user = User.objects.create_user(username=username, password="x" * 12, email="")
        Membership.objects.create(user=user, municipality=neighbour, role=role, **scope)
        return user

    both = make_user("reader", username="bada")
    Membership.objects.create(user=both, municipality=neighbour, role="coordinator")
    return {
        "neighbour": neighbour,
        "their_department": their_department,
        "our_department": department,
        "admin": make_user("administrator", username="var-admin"),
        "ours": make_user("coordinator", username="var-samordnare"),
        "their_admin": theirs("deras-admin", "administrator"),
        "theirs": theirs("deras-samordnare", "coordinator"),
        "both": both,
        "new": User.objects.create_user(username="ny-utan-roll", password="x" * 12),
        "super": User.objects.create_superuser(username="root", password="x" * 12),
    }


def formset_data(account, rows, **details):
    """The edit form's POST: the account's details and its role rows in this municipality."""
    data = {
        "first_name": account.first_name,
        "last_name": account.last_name,
        "email": account.email,
        "is_active": "on",
        "memberships-TOTAL_FORMS": str(len(rows)),
        "memberships-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        "memberships-MIN_NUM_FORMS": "0",
        "memberships-MAX_NUM_FORMS": "1000",
        **details,
    }
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"memberships-{i}-{key}"] = value
    return data


def test_the_list_shows_this_municipality_s_accounts_and_new_ones(client, two):
    sign_in(client, two["admin"])
    response = client.get("/intern/anvandare/")
    listed = {user.username for user in response.context["users"]}
    assert listed == {"var-admin", "var-samordnare", "bada", "ny-utan-roll"}
    html = response.content.decode()
    # The person who works for both shows only the role held here.
    row = html.split(">bada</span>")[1].split("</tr>")[0]
    assert "läsare" in row and "samordnare" not in row


@pytest.mark.parametrize("who", ["theirs", "their_admin", "super"])
def test_an_account_elsewhere_cannot_be_opened_or_changed(client, two, who):
    account = two[who]
    sign_in(client, two["admin"])
    url = f"/intern/anvandare/{account.pk}/"
    response = client.get(url)
    assert response.status_code == 403
    reason = "superanvändare" if who == "super" else "hör till en annan kommun"
    assert reason in response.content.decode()
    response = client.post(url, formset_data(account, [], is_active="", email="ny@example.org"))
    assert response.status_code == 403
    account.refresh_from_db()
    assert account.is_active and account.email != "ny@example.org"


def test_a_new_account_gets_a_role_here_and_nowhere_else(client, two):
    account = two["new"]
    sign_in(client, two["admin"])
    url = f"/intern/anvandare/{account.pk}/"
    assert client.get(url).status_code == 200
    # Another municipality's department is not among the choices.
    wrong = {"role": "department_rep", "department": two["their_department"].pk}
    response = client.post(url, formset_data(account, [wrong]))
    assert response.status_code == 200 and not Membership.objects.filter(user=account).exists()
    right = {"role": "department_rep", "department": two["our_department"].pk}
    assert client.post(url, formset_data(account, [right])).status_code == 302
    membership = Membership.objects.get(user=account)
    assert membership.municipality.name == "Testkommun"
    assert membership.department == two["our_department"]


def test_saving_someone_who_works_for_both_leaves_the_other_role_alone(client, two):
    account = two["both"]
    ours = Membership.objects.get(user=account, municipality__name="Testkommun")
    sign_in(client, two["admin"])
    url = f"/intern/anvandare/{account.pk}/"
    response = client.get(url)
    assert [form.instance for form in response.context["formset"].initial_forms] == [ours]
    # A tampered form naming the other municipality's role cannot touch it.
    theirs = Membership.objects.get(user=account, municipality__name="Grannkommun")
    tampered = [{"id": theirs.pk, "user": account.pk, "role": "reader", "DELETE": "on"}]
    client.post(url, formset_data(account, tampered))
    assert Membership.objects.filter(pk=theirs.pk, role="coordinator").exists()
    rows = [{"id": ours.pk, "user": account.pk, "role": "coordinator"}]
    assert client.post(url, formset_data(account, rows)).status_code == 302
    assert set(Membership.objects.filter(user=account).values_list("role", flat=True)) == {
        "coordinator"
    }
    assert Membership.objects.filter(pk=theirs.pk, role="coordinator").exists()


def test_a_superuser_administrator_manages_every_municipality(client, two):
    boss = two["super"]
    Membership.objects.create(
        user=boss, municipality=two["our_department"].municipality, role="administrator"
    )
    sign_in(client, boss)
    listed = {user.username for user in client.get("/intern/anvandare/").context["users"]}
    assert {"deras-samordnare", "deras-admin", "var-samordnare", "root"} <= listed
    account = two["theirs"]
    url = f"/intern/anvandare/{account.pk}/"
    form = client.get(url).context["formset"].forms[0]
    assert {m.name for m in form.fields["municipality"].queryset} == {"Testkommun", "Grannkommun"}
    # A department must belong to the municipality the role is for.
    mismatch = {
        "municipality": two["neighbour"].pk,
        "role": "department_rep",
        "department": two["our_department"].pk,
    }
    response = client.post(url, formset_data(account, [mismatch]))
    assert "Den hör till en annan kommun än rollen." in response.content.decode()
    match = {**mismatch, "department": two["their_department"].pk}
    assert client.post(url, formset_data(account, [match])).status_code == 302
    assert Membership.objects.filter(
        user=account, role="department_rep", department=two["their_department"]
    ).exists()
