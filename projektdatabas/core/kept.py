"""Values each worker process keeps for as long as the content version stands.

For what every public page reads and only a change to public data can change: the site's
municipality, the header and footer drawn for a site and language (public/templatetags/
kept.py), which projects have news. A change moves the content version (core/versioning.py),
so the next request computes afresh, in this process at once and in the others within
CONTENT_VERSION_TTL, as with the page cache. At a million projects a first-time project page
spent most of its time on such reads and drawings (bench/README.md)."""

from collections.abc import Callable, Hashable
from typing import TypeVar

from django.core.signals import setting_changed
from django.dispatch import receiver

from . import versioning

# key: (the version the value was computed under, the value)
_values: dict[Hashable, tuple[object, object]] = {}
# Keys are few (sites × languages × pages); this only bounds a mistake.
MAX_ENTRIES = 5000
T = TypeVar("T")


@receiver(setting_changed)
def forget(**kwargs) -> None:
    """Drops everything kept; also when a test changes a setting (what is drawn may read it)."""
    _values.clear()


def kept(key: Hashable, compute: Callable[[], T]) -> T:
    """compute()'s value, computed once per content version in this process; every time if
    the version cannot be read (a database without its version row)."""
    version = versioning.current()
    if version is None:
        return compute()
    entry = _values.get(key)
    if entry is not None and entry[0] == version:
        return entry[1]
    # The version is read before computing: a value is never kept under a version newer
    # than the data it was computed from (another thread may move it meanwhile).
    value = compute()
    if len(_values) >= MAX_ENTRIES:
        _values.clear()
    _values[key] = (version, value)
    return value
