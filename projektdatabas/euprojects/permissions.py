"""Who may search the EU project data and who links it to the partner register.

Searching is reading public data for the work of finding partners: the coordinator, the
department representatives who write applications, readers, who read everything, and the
regional coordinator, who reads every municipality of the region.
Importing and confirming a link change what everyone sees: the coordinator's."""

from django.utils.translation import gettext as _

from projektdatabas.accounts.models import Role
from projektdatabas.accounts.permissions import ALLOWED, Verdict, memberships

SEARCHERS = {Role.COORDINATOR, Role.DEPARTMENT_REP, Role.READER, Role.REGIONAL_COORDINATOR}


def can_find_partners(user) -> Verdict:
    if any(m.role in SEARCHERS for m in memberships(user)):
        return ALLOWED
    return Verdict(
        False,
        _(
            "Only the coordinator, department representatives and readers search the EU "
            "project data."
        ),
    )


def can_link_partners(user) -> Verdict:
    return _coordinator_only(
        user, _("Only the coordinator links organisations in EU projects to the register.")
    )


def can_import(user) -> Verdict:
    """Uploading an export changes what everyone finds: the coordinator's, as linking is."""
    return _coordinator_only(user, _("Only the coordinator imports EU project data."))


def _coordinator_only(user, refusal: str) -> Verdict:
    if any(m.role == Role.COORDINATOR for m in memberships(user)):
        return ALLOWED
    if any(m.role == Role.READER for m in memberships(user)):
        return Verdict(False, _("Your role lets you read everything but not change it."))
    return Verdict(False, refusal)
