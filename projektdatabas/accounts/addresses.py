"""The client's address, as far as the proxies in front of the site can vouch for it."""

import ipaddress

from django.conf import settings


def client_address(request) -> str | None:
    """The address the request came from, or None if there is none to be had.

    Each proxy appends the address it received the request from to X-Forwarded-For, so
    behind TRUSTED_PROXY_COUNT proxies the client is that many entries from the right;
    everything to the left of it the client wrote itself and may be forged. Without trusted
    proxies the header is ignored. A header with fewer entries than proxies, or an entry
    that is no address, did not come the way the setting says: then the connection's own
    address is used, which nobody can forge."""
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        hops = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= trusted and (forwarded := _parse(hops[-trusted])):
            return forwarded
    return _parse(request.META.get("REMOTE_ADDR", ""))


def _parse(value: str) -> str | None:
    value = value.strip()
    # Some proxies (Azure's Application Gateway, for one) append the client's port.
    if value.startswith("["):  # [2001:db8::1]:443
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:  # 192.0.2.1:443
        value = value.partition(":")[0]
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        return None
    if address.version == 6 and address.ipv4_mapped:  # ::ffff:192.0.2.1 is 192.0.2.1
        address = address.ipv4_mapped
    return str(address)
