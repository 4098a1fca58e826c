"""Partner organisations as a project finds them: adding one to the register from the
project's partner section, and the look-up that warns of a duplicate before one is written.
Keyword-only, with the acting user, checking the permission itself, in one transaction,
leaving an entry in the audit trail. (It sits here, not in organisations/, because the
permission rules in accounts/ are built on the organisations app.)"""

import difflib
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from projektdatabas.accounts import permissions as perms
from projektdatabas.core.models import log_action
from projektdatabas.core.text import folded
from projektdatabas.organisations.models import Organisation

# Words that say what kind of body it is, not which one: "Bertinoro kommun" and
# "Comune di Bertinoro" are the same partner.
GENERIC_WORDS = {
    "kommun", "comune", "di", "de", "der", "des", "la", "le", "the", "of", "city", "stadt",
    "gemeinde", "municipality", "ville", "ab", "gmbh", "ltd", "e.v.", "ev",
}  # fmt: skip


def normalised(name: str) -> str:
    """A name without case, accents, punctuation and generic words: "Åbo Akademi" and
    "abo akademi", "Comune di Bertinoro" and "Bertinoro kommun" compare equal."""
    text = folded(name.casefold())
    words = re.findall(r"\w+", text)
    kept = [w for w in words if w not in GENERIC_WORDS]
    return " ".join(kept or words)


def similar_organisations(name: str, *, limit: int = 5) -> list[Organisation]:
    """Organisations whose names look like `name`, most alike first. The register holds
    hundreds of organisations, not millions, so they are compared in Python: difflib's
    ratio catches typos ("Bertinoro"/"Bertinori"), containment catches a shortened name
    ("Oxford Brookes" in "Oxford Brookes University")."""
    wanted = normalised(name)
    if not wanted:
        return []
    scored = []
    for organisation in Organisation.objects.only("id", "name", "country", "town", "kind"):
        other = normalised(organisation.name)
        if not other:
            continue
        ratio = difflib.SequenceMatcher(None, wanted, other).ratio()
        shorter, longer = sorted((wanted, other), key=len)
        contained = len(shorter) >= 4 and re.search(rf"\b{re.escape(shorter)}\b", longer)
        if ratio >= 0.8 or contained:
            scored.append((max(ratio, 0.9 if contained else 0), organisation))
    scored.sort(key=lambda pair: (-pair[0], pair[1].name))
    return [organisation for _score, organisation in scored[:limit]]


@transaction.atomic
def add_organisation(*, actor, name: str, country: str, kind: str, town: str = "") -> Organisation:
    """Register a partner organisation (from a project's partner section). A duplicate
    name in the same country, in any case or spacing, is refused; a similar name is the
    form's to warn about before calling this."""
    perms.require(perms.can_add_organisation(actor))
    # Runs of spaces collapse, as they do on every page: "Comune  di Bertinoro" would show
    # as a second, identical "Comune di Bertinoro" in the partner list.
    name, town = " ".join(name.split()), " ".join(town.split())
    if any(
        other.casefold() == name.casefold()
        for other in Organisation.objects.filter(country=country).values_list("name", flat=True)
    ):
        # The constraint tells only an identical name; compared in Python, as SQLite folds
        # the case of ASCII letters only ("Åbo"/"åbo").
        raise ValidationError(
            {"name": _("An organisation with this name already exists in this country.")}
        )
    organisation = Organisation(name=name, country=country, kind=kind, town=town)
    organisation.full_clean()
    organisation.save()
    log_action(
        actor=actor,
        action="organisation.added",
        target=organisation,
        data={"name": organisation.name, "country": str(organisation.country.code)},
    )
    return organisation
