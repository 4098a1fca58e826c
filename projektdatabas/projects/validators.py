"""Checks on what a project shows residents."""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Names that never lead out to the internet (RFC 6761, RFC 6762, RFC 8375, ICANN's
# .internal): a resident's browser finds nothing there, or the wrong machine.
LOCAL_NAMES = ("localhost", "local", "internal", "home.arpa", "test", "example", "invalid")


def reachable_by_residents(value: str) -> None:
    """A public page's link must lead somewhere on the internet. A department typing the
    address of its own intranet, or of the machine it sits at, publishes a dead link."""
    try:
        host = (urlsplit(value).hostname or "").rstrip(".").lower()
    except ValueError:  # "http://[::1/": not an address; the URL validator says so
        return
    try:
        local = not ipaddress.ip_address(host).is_global
    except ValueError:  # a name
        local = any(host == name or host.endswith("." + name) for name in LOCAL_NAMES)
    if local:
        raise ValidationError(
            _(
                "This address leads to a computer on a local network, which residents "
                "cannot reach. Give the address that works on the internet."
            ),
            code="local",
        )
