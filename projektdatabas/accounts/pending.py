"""A staff form sent after its sender's session had expired: kept, and completed once the
same person has signed in again (the request side is in middleware.py)."""

import secrets

from django.db import transaction
from django.utils import timezone

from .models import PendingSubmission


def _worth_keeping(name: str) -> bool:
    # The old CSRF token is useless after signing in, and a password is never written to
    # the database, not even for a day: the form asks for it again.
    return name != "csrfmiddlewaretoken" and "password" not in name


def keep_submission(
    *,
    user_id: int,
    path: str,
    data: dict[str, list[str]],
    had_files: bool,
    replacing: str | None = None,
) -> PendingSubmission:
    """`replacing` is the token of the form this browser kept before: only the latest is
    completed, so the earlier one is deleted rather than left for an hour (each may be a
    few megabytes, and a signed-out browser could send any number)."""
    now = timezone.now()
    PendingSubmission.objects.filter(created_at__lt=now - PendingSubmission.KEPT_FOR).delete()
    if replacing:
        PendingSubmission.objects.filter(token=replacing, user_id=user_id).delete()
    return PendingSubmission.objects.create(
        token=secrets.token_urlsafe(32),
        user_id=user_id,
        path=path,
        data={name: values for name, values in data.items() if _worth_keeping(name)},
        had_files=had_files,
        created_at=now,
    )


def claim_submission(*, token: str, user) -> PendingSubmission | None:
    """The kept submission, taken out of the database so that it runs once only; None when
    it is another user's, already taken, or older than an hour."""
    with transaction.atomic():
        pending = PendingSubmission.objects.fresh().filter(token=token, user=user).first()
        # Of two requests claiming at once, only the one whose DELETE removed the row wins.
        if pending is None or PendingSubmission.objects.filter(pk=pending.pk).delete()[0] != 1:
            return None
    return pending
