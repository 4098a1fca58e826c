"""Linking an organisation in EU projects to a partner in our own register. Nothing links
by itself: the page suggests partners by name and country, and a person confirms one.
Each link and unlink is in the audit trail, with who and when also on the record."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from projektdatabas.accounts.permissions import require
from projektdatabas.core import versioning
from projektdatabas.core.models import log_action
from projektdatabas.projects.partners import similar_organisations

from .models import EUOrganisation
from .permissions import can_link_partners


def suggestions(eu_organisation: EUOrganisation, *, limit: int = 5):
    """Partners in the register with a name like this one's, in the same country."""
    return [
        organisation
        for organisation in similar_organisations(eu_organisation.name, limit=20)
        if organisation.country.code == eu_organisation.country
    ][:limit]


@transaction.atomic
def link_organisation(*, eu_organisation: EUOrganisation, organisation, actor) -> None:
    require(can_link_partners(actor))
    eu_organisation = EUOrganisation.objects.select_for_update().get(pk=eu_organisation.pk)
    if eu_organisation.partner_id == organisation.pk:
        return
    if eu_organisation.partner_id:
        raise ValidationError(
            _("It is already linked to %(partner)s. Undo that link first.")
            % {"partner": eu_organisation.partner}
        )
    eu_organisation.partner = organisation
    eu_organisation.linked_by = actor
    eu_organisation.linked_at = timezone.now()
    eu_organisation.save(update_fields=["partner", "linked_by", "linked_at"])
    log_action(
        actor=actor,
        action="euprojects.linked",
        target=eu_organisation,
        data={"organisation": organisation.pk, "name": organisation.name},
    )
    versioning.bump()  # the partner's public page lists its EU projects


@transaction.atomic
def unlink_organisation(*, eu_organisation: EUOrganisation, actor) -> None:
    require(can_link_partners(actor))
    eu_organisation = EUOrganisation.objects.select_for_update().get(pk=eu_organisation.pk)
    if not eu_organisation.partner_id:
        return
    partner = eu_organisation.partner
    eu_organisation.partner = None
    eu_organisation.linked_by = None
    eu_organisation.linked_at = None
    eu_organisation.save(update_fields=["partner", "linked_by", "linked_at"])
    log_action(
        actor=actor,
        action="euprojects.unlinked",
        target=eu_organisation,
        data={"organisation": partner.pk, "name": partner.name},
    )
    versioning.bump()
