"""No silent overwrites: two people who opened the same record and both save must not
have the second save quietly undo the first.

Every versioned record (a project, a news item, an EU item, a funding call) has a
`version` that each write claims with a compare-and-set UPDATE before it changes anything.
The UPDATE takes the row's write lock on SQLite and PostgreSQL alike, so the claim and the
write that follows are one step for everyone else; a write that finds the version moved
(someone saved since the form was read) matches no row and is refused."""

import functools
from collections.abc import Callable

from django.db import transaction


def claim_next_version(record, *, expected_version: int | None = None) -> bool:
    """Move `record`'s stored version from `expected_version` (None: the version `record`
    was read at) to the next, within the caller's transaction; False if it had moved."""
    expected = record.version if expected_version is None else expected_version
    claimed = (
        type(record)
        ._base_manager.filter(pk=record.pk, version=expected)
        .update(version=expected + 1)
    )
    return bool(claimed)


def versioned(record: str, *, check: Callable, conflict: Callable[[], Exception]):
    """A write service on the keyword argument `record`, taking `expected_version` too.
    Before the service runs, in one transaction: `check(actor, obj)` (raises when the actor
    may not: one who may not is told so, whatever the version), then the claim; a moved
    version raises `conflict()`. The record is reloaded after the claim, so the write starts
    from what is stored."""

    def decorate(service):
        @functools.wraps(service)
        @transaction.atomic
        def write(*, actor, expected_version: int | None = None, **kwargs):
            obj = kwargs[record]
            check(actor, obj)
            expected = obj.version if expected_version is None else expected_version
            if not claim_next_version(obj, expected_version=expected):
                raise conflict()
            obj.refresh_from_db()
            try:
                return service(actor=actor, **kwargs)
            except Exception:
                obj.version = expected  # the claim is rolled back with the rest
                raise

        return write

    return decorate
