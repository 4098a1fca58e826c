"""Request ids and JSON log lines (README, "Running it in production").

Every request gets an id: the proxy's X-Request-ID when it looks like one, else a new one.
It is returned in the response's X-Request-ID header and put on every log record made
while the request runs, so one line in a user's report leads to all the others.
LOG_FORMAT=json writes each record as one JSON object per line (for journald and log
collectors); gunicorn's access log goes through the same formatter (deploy/gunicorn.conf.py).

Only the standard library here: gunicorn's master process imports this module to set up
its logging before Django is loaded."""

import contextvars
import datetime
import json
import logging
import re
import uuid
from collections.abc import Mapping

HEADER = "X-Request-ID"
_META_KEY = "HTTP_X_REQUEST_ID"
# What proxies and load balancers send (UUIDs, nginx's $request_id, trace ids). Anything
# else, such as newlines that would forge log lines or kilobytes of padding, is replaced.
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,128}")

request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)


def incoming_or_new(value: str | None) -> str:
    if value and _SANE.fullmatch(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost middleware: sets the id before anything can log, returns it in the header."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        rid = incoming_or_new(request.META.get(_META_KEY))
        request.request_id = rid
        # Left set until request_finished (core/apps.py): Django logs 4xx and 5xx responses
        # ("Not Found: …") after the middleware has returned.
        request_id.set(rid)
        response = self.get_response(request)
        response[HEADER] = rid
        return response


def forget_request_id(**kwargs) -> None:
    request_id.set(None)


class RequestIdFilter(logging.Filter):
    """Puts the current request id on each record, as `record.request_id` (None outside one)."""

    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request_id, and for
    a request method, path, status and duration_ms."""

    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None) or request_id.get(),
        }
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            entry.update(_access_fields(record.args))
        else:
            entry.update(_django_request_fields(record))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def _access_fields(atoms: Mapping) -> dict:
    """gunicorn's access log passes its "atoms" as the record's arguments."""

    def atom(key):
        value = atoms[key]  # gunicorn's SafeAtoms answer "-" for what is missing
        return None if value in ("-", "", None) else value

    fields = {
        "request_id": atom("{x-request-id}o"),
        "method": atom("m"),
        "path": atom("U"),
        "query": atom("q"),
        "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
        "bytes": atom("B"),
        "duration_ms": round(atoms["D"] / 1000, 3) if isinstance(atoms["D"], int) else None,
        "remote_addr": atom("h"),
        "forwarded_for": atom("{x-forwarded-for}i"),
    }
    return {key: value for key, value in fields.items() if value is not None}


def _django_request_fields(record) -> dict:
    """Django's own request log ("Not Found: /x", server errors) carries the request."""
    fields = {}
    if isinstance(getattr(record, "status_code", None), int):
        fields["status"] = record.status_code
    request = getattr(record, "request", None)
    if request is not None and hasattr(request, "method"):
        fields["method"] = request.method
        fields["path"] = request.path
    return fields
