"""Who may do what. Each check returns a Verdict: whether, and if not, why.

The reason is shown to the user beside the action it refuses, so it is written for them.
Checks take the objects they judge (a project, a committee) and look only at ids, so this
module needs nothing from the apps whose records it guards."""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _

from .models import Membership, Municipality, Role


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    reason: str = ""

    def __bool__(self) -> bool:
        return self.allowed


ALLOWED = Verdict(True)


def require(verdict: Verdict) -> None:
    """Refuse with the reason: the one exception every refusal raises, from a service or a
    view alike, and the one 403 page (public/errors.py) shows the reason to the user."""
    if not verdict:
        raise PermissionDenied(verdict.reason)


def memberships(user) -> list[Membership]:
    """The user's roles, read once per request (cached on the user object)."""
    if not user.is_authenticated or not user.is_active:
        return []
    if not hasattr(user, "_pd_memberships"):
        user._pd_memberships = list(
            Membership.objects.filter(user=user).select_related(
                "municipality", "department", "committee", "region"
            )
        )
    return user._pd_memberships


def has_role(user, role: Role, municipality_id=None) -> bool:
    return any(
        m.role == role and (municipality_id is None or m.municipality_id == municipality_id)
        for m in memberships(user)
    )


def municipality_of(user):
    """The municipality the user works for (the first one, for an account with roles in
    several); None for a regional coordinator with no municipal role."""
    return next((m.municipality for m in memberships(user) if m.municipality_id), None)


def regional_municipality_ids(user) -> set[int]:
    """Every municipality of the regions the user coordinates: theirs to read, not to change."""
    regions = {m.region_id for m in memberships(user) if m.role == Role.REGIONAL_COORDINATOR}
    if not regions:
        return set()
    if not hasattr(user, "_pd_regional"):
        user._pd_regional = set(
            Municipality.objects.filter(region_id__in=regions).values_list("pk", flat=True)
        )
    return user._pd_regional


def readable_municipality_ids(user, *, administrator_reads=True) -> set[int]:
    """Whose records the user reads in the staff pages: every municipality they hold a role
    in, and for a regional coordinator every municipality of the region. Reading only: each
    change is refused by the permission that guards it (regional_reader_refusal's reason).
    `administrator_reads=False` leaves out the administrator's role, whose work is accounts,
    not content (news, calls, EU items)."""
    own = {
        m.municipality_id
        for m in memberships(user)
        if m.municipality_id and (administrator_reads or m.role != Role.ADMINISTRATOR)
    }
    return own | regional_municipality_ids(user)


def coordinated_region_ids(user) -> set[int]:
    return {m.region_id for m in memberships(user) if m.role == Role.REGIONAL_COORDINATOR}


def coordinated_municipality_ids(user) -> set[int]:
    return {m.municipality_id for m in memberships(user) if m.role == Role.COORDINATOR}


def represented_department_ids(user) -> set[int]:
    return {m.department_id for m in memberships(user) if m.role == Role.DEPARTMENT_REP}


def secretary_committee_ids(user) -> set[int]:
    return {m.committee_id for m in memberships(user) if m.role == Role.COMMITTEE_SECRETARY}


def _no_role() -> Verdict:
    return Verdict(False, _("Your account has no role yet. Ask an administrator for one."))


def can_use_staff_pages(user) -> Verdict:
    return ALLOWED if memberships(user) else _no_role()


def can_see_all_projects(user, municipality_id) -> bool:
    return municipality_id in regional_municipality_ids(user) or any(
        has_role(user, role, municipality_id)
        for role in (Role.COORDINATOR, Role.READER, Role.COMMITTEE_SECRETARY)
    )


def regional_reader_refusal(user, municipality_id) -> Verdict | None:
    """The refusal of a change for a regional coordinator reading the municipality (or, for
    a new record, `municipality_id` None: any municipality of the region)."""
    regional = regional_municipality_ids(user)
    if municipality_id in regional or (municipality_id is None and regional):
        return Verdict(
            False,
            _(
                "As regional coordinator you read the municipalities' records but do not "
                "change them."
            ),
        )
    return None


def _another_municipalitys(user, municipality_id) -> Verdict | None:
    """The refusal for a record of a municipality the user has no role in: the reason is
    the municipality, not the user's role (a coordinator of Kungälv was told that only
    the coordinator may change an Ale project)."""
    roles = memberships(user)
    if roles and municipality_id and all(m.municipality_id != municipality_id for m in roles):
        return Verdict(
            False,
            _(
                "This project belongs to another municipality. You work with your own "
                "municipality's projects only."
            ),
        )
    return None


def can_view_project(user, project) -> Verdict:
    if can_see_all_projects(user, project.municipality_id):
        return ALLOWED
    if project.lead_department_id in represented_department_ids(user):
        return ALLOWED
    if not memberships(user):
        return _no_role()
    if (refusal := _another_municipalitys(user, project.municipality_id)) is not None:
        return refusal
    return Verdict(False, _("You can only see your own department's projects."))


def can_create_project(user) -> Verdict:
    if any(m.role in (Role.COORDINATOR, Role.DEPARTMENT_REP) for m in memberships(user)):
        return ALLOWED
    return Verdict(
        False, _("Only the coordinator and department representatives register projects.")
    )


def can_add_organisation(user) -> Verdict:
    """Whoever registers projects may add the partner organisations they work with."""
    if any(m.role in (Role.COORDINATOR, Role.DEPARTMENT_REP) for m in memberships(user)):
        return ALLOWED
    return Verdict(
        False,
        _("Only the coordinator and department representatives add partner organisations."),
    )


def can_edit_project(user, project) -> Verdict:
    if has_role(user, Role.COORDINATOR, project.municipality_id):
        return ALLOWED
    if project.lead_department_id in represented_department_ids(user):
        return ALLOWED
    if has_role(user, Role.READER, project.municipality_id):
        return Verdict(False, _("Your role lets you read everything but not change it."))
    if (refusal := regional_reader_refusal(user, project.municipality_id)) is not None:
        return refusal
    if (refusal := _another_municipalitys(user, project.municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator and the lead department can change a project."))


def can_archive_project(user, project) -> Verdict:
    if has_role(user, Role.COORDINATOR, project.municipality_id):
        return ALLOWED
    return Verdict(False, _("Only the coordinator archives projects."))


def can_record_decision(user, committee) -> Verdict:
    if has_role(user, Role.COORDINATOR, committee.municipality_id):
        return ALLOWED
    if committee.pk in secretary_committee_ids(user):
        return ALLOWED
    return Verdict(
        False,
        _("Only the coordinator and the secretary of %(committee)s record its decisions.")
        % {"committee": committee},
    )


def can_record_any_decision(user) -> Verdict:
    if any(m.role in (Role.COORDINATOR, Role.COMMITTEE_SECRETARY) for m in memberships(user)):
        return ALLOWED
    return Verdict(False, _("Only the coordinator and committee secretaries record decisions."))


def can_oversee(user) -> Verdict:
    """The compliance list and the coordination group: for those who follow up."""
    if any(
        m.role in (Role.COORDINATOR, Role.READER, Role.REGIONAL_COORDINATOR)
        for m in memberships(user)
    ):
        return ALLOWED
    return Verdict(False, _("This overview is for the coordinator and the management group."))


def can_manage_users(user) -> Verdict:
    if any(m.role == Role.ADMINISTRATOR for m in memberships(user)):
        return ALLOWED
    return Verdict(False, _("Only administrators manage users and roles."))


def administered_municipality_ids(user) -> set[int]:
    return {m.municipality_id for m in memberships(user) if m.role == Role.ADMINISTRATOR}


def users_managed_by(user, user_model):
    """The accounts an administrator manages: those with a role in a municipality they
    administer, and those with no role anywhere yet (new accounts, or made by a first
    single sign-on), which any administrator may give one. Superusers, who can do anything
    in the admin too, manage every account; only they manage a superuser's."""
    if not can_manage_users(user):
        return user_model.objects.none()
    if user.is_superuser:
        return user_model.objects.all()
    roles = Membership.objects.filter(user=OuterRef("pk"))
    return user_model.objects.filter(
        Exists(roles.filter(municipality_id__in=administered_municipality_ids(user)))
        | ~Exists(roles),
        is_superuser=False,
    )


def can_manage_user(user, account) -> Verdict:
    allowed = can_manage_users(user)
    if not allowed:
        return allowed
    if users_managed_by(user, type(account)).filter(pk=account.pk).exists():
        return ALLOWED
    if account.is_superuser:
        return Verdict(False, _("Only a superuser manages a superuser's account."))
    return Verdict(
        False, _("This account belongs to another municipality; its administrators manage it.")
    )


def can_give_role(user, municipality_id) -> Verdict:
    """Roles in a municipality are given and withdrawn by its administrators (a superuser
    administrator: anywhere)."""
    allowed = can_manage_users(user)
    if not allowed or user.is_superuser:
        return allowed
    if municipality_id in administered_municipality_ids(user):
        return ALLOWED
    return Verdict(False, _("Roles in another municipality are given by its administrators."))


def can_give_regional_role(user) -> Verdict:
    """The regional coordinator reads every municipality of the region, so no municipality's
    administrator gives that role (it would open the neighbours' records): the superuser,
    who administers the whole installation, does."""
    if user.is_superuser and can_manage_users(user):
        return ALLOWED
    return Verdict(
        False,
        _(
            "The regional coordinator's role reads every municipality of the region; only the "
            "installation's superuser gives it."
        ),
    )


def can_give_membership(user, membership) -> Verdict:
    """A role as it is or becomes: a regional one, or one in a municipality."""
    if membership.region_id is not None or membership.role == Role.REGIONAL_COORDINATOR:
        return can_give_regional_role(user)
    return can_give_role(user, membership.municipality_id)


def needs_second_factor(user) -> bool:
    """Administrators (and superusers, who can do anything) confirm with a one-time code."""
    return user.is_authenticated and (
        user.is_superuser or any(m.role == Role.ADMINISTRATOR for m in memberships(user))
    )


def can_view_compliance(user) -> Verdict:
    """Secretaries too: a missing decision is theirs to put on the committee's agenda."""
    if any(
        m.role
        in (Role.COORDINATOR, Role.READER, Role.COMMITTEE_SECRETARY, Role.REGIONAL_COORDINATOR)
        for m in memberships(user)
    ):
        return ALLOWED
    return Verdict(False, _("The compliance list is for the coordinator, secretaries and readers."))


def departments_for(user, department_model):
    """The departments whose projects the user may register."""
    return department_model.objects.filter(
        Q(municipality_id__in=coordinated_municipality_ids(user))
        | Q(pk__in=represented_department_ids(user)),
        is_active=True,
    )


def can_edit_plan(user, plan) -> Verdict:
    if has_role(user, Role.COORDINATOR, plan.strategy.municipality_id):
        return ALLOWED
    if (refusal := regional_reader_refusal(user, plan.strategy.municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator edits action plans and their measures."))


def can_review_strategy(user, strategy) -> Verdict:
    if has_role(user, Role.COORDINATOR, strategy.municipality_id):
        return ALLOWED
    if (refusal := regional_reader_refusal(user, strategy.municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator records the strategy's review."))


def can_update_progress(user, measure) -> Verdict:
    if has_role(user, Role.COORDINATOR, measure.plan.strategy.municipality_id):
        return ALLOWED
    if measure.responsible_department_id in represented_department_ids(user):
        return ALLOWED
    if (
        refusal := regional_reader_refusal(user, measure.plan.strategy.municipality_id)
    ) is not None:
        return refusal
    return Verdict(
        False, _("Only the coordinator and the responsible department update a measure.")
    )


def can_update_any_progress(user) -> Verdict:
    if any(m.role in (Role.COORDINATOR, Role.DEPARTMENT_REP) for m in memberships(user)):
        return ALLOWED
    if (refusal := regional_reader_refusal(user, None)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator and department representatives update measures."))


def money_municipality_ids(user) -> set[int]:
    """Where the user may see payments received, allocations and hourly rates."""
    return {
        m.municipality_id for m in memberships(user) if m.role in (Role.COORDINATOR, Role.READER)
    }


def can_view_money(user) -> Verdict:
    if money_municipality_ids(user):
        return ALLOWED
    return Verdict(
        False,
        _("Payments received, allocations and hourly rates are for the coordinator and readers."),
    )


def can_manage_money(user, municipality_id=None) -> Verdict:
    """Recording payments, setting allocations and hourly rates: the coordinator's."""
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    if has_role(user, Role.READER, municipality_id):
        return Verdict(False, _("Your role lets you read everything but not change it."))
    return Verdict(False, _("Only the coordinator records payments, allocations and hourly rates."))


def can_finalise_report(user, municipality_id) -> Verdict:
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    return Verdict(False, _("Only the coordinator finalises the report."))


def can_make_regional_report(user, region_id=None) -> Verdict:
    """The regional report (making, finalising, publishing): the region's coordinator."""
    if any(
        m.role == Role.REGIONAL_COORDINATOR and (region_id is None or m.region_id == region_id)
        for m in memberships(user)
    ):
        return ALLOWED
    return Verdict(False, _("Only the regional coordinator makes the regional report."))


def can_keep_distribution_list(user, municipality_id) -> Verdict:
    """The semi-annual report's recipients: the coordinator keeps the list and sends the
    finalised report to it."""
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    return Verdict(
        False, _("Only the coordinator keeps the report's distribution list and sends the report.")
    )


def news_municipality_ids(user) -> set[int]:
    """Whose news the user sees in the staff pages: every municipality they have a role in
    (internal news are for all staff; the administrator's role is accounts, not content),
    and a regional coordinator's region."""
    return readable_municipality_ids(user, administrator_reads=False)


def can_write_news(user, municipality_id=None) -> Verdict:
    """Writing, publishing, unpublishing, archiving and restoring news: the coordinator and
    the department representatives, for any item of their municipality (the coordination
    group answers for information within the municipality as a whole, not per department)."""
    if any(
        m.role in (Role.COORDINATOR, Role.DEPARTMENT_REP)
        and (municipality_id is None or m.municipality_id == municipality_id)
        for m in memberships(user)
    ):
        return ALLOWED
    if has_role(user, Role.READER, municipality_id):
        return Verdict(False, _("Your role lets you read everything but not change it."))
    if (refusal := regional_reader_refusal(user, municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator and department representatives write news."))


def eu_municipality_ids(user) -> set[int]:
    """Whose EU items the user reads: every municipality they have a role in (the coordinator
    keeps the municipality informed; the administrator's role is accounts, not content), and
    a regional coordinator's region."""
    return readable_municipality_ids(user, administrator_reads=False)


def can_manage_eu_items(user, municipality_id=None) -> Verdict:
    """Registering, editing, importing, routing to departments, closing and archiving EU
    items: the coordinator's duty ("hålla kommunen informerad om EU-beslut, direktiv mm")."""
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    if has_role(user, Role.READER, municipality_id):
        return Verdict(False, _("Your role lets you read everything but not change it."))
    if (refusal := regional_reader_refusal(user, municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator registers and routes EU items."))


def can_answer_concern(user, concern) -> Verdict:
    """A department's answer is its representatives' to give, for their own department only:
    not even the coordinator answers for a department."""
    if concern.department_id in represented_department_ids(user):
        return ALLOWED
    if (refusal := regional_reader_refusal(user, concern.department.municipality_id)) is not None:
        return refusal
    return Verdict(
        False,
        _("Only the representatives of %(department)s answer for it.")
        % {"department": concern.department},
    )


def call_municipality_ids(user) -> set[int]:
    """Whose funding calls the user sees in the staff pages: every municipality they have a
    role in (the register is there to make staff apply; the administrator's role is
    accounts, not content), and a regional coordinator's region."""
    return readable_municipality_ids(user, administrator_reads=False)


def can_manage_calls(user, municipality_id=None) -> Verdict:
    """Registering, editing, importing, sending to departments and archiving funding calls:
    the coordinator's ("stimulera till projektsökande")."""
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    if has_role(user, Role.READER, municipality_id):
        return Verdict(False, _("Your role lets you read everything but not change it."))
    if (refusal := regional_reader_refusal(user, municipality_id)) is not None:
        return refusal
    return Verdict(False, _("Only the coordinator registers funding calls and sends them out."))


def can_import_projects(user, municipality_id=None) -> Verdict:
    """Projects from a spreadsheet: the coordinator's, who keeps the register whole (a
    department's own projects are registered one by one, with its representative)."""
    if has_role(user, Role.COORDINATOR, municipality_id):
        return ALLOWED
    return Verdict(False, _("Only the coordinator imports projects from a file."))


def can_answer_call(user, routing) -> Verdict:
    """A department's answer to a call sent to it: its representatives, or the coordinator
    on their behalf."""
    if has_role(user, Role.COORDINATOR, routing.department.municipality_id):
        return ALLOWED
    if routing.department_id in represented_department_ids(user):
        return ALLOWED
    if (refusal := regional_reader_refusal(user, routing.department.municipality_id)) is not None:
        return refusal
    return Verdict(
        False,
        _("Only the representatives of %(department)s answer for it.")
        % {"department": routing.department},
    )
