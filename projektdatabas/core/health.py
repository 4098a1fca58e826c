"""/health/ for the load balancer and monitoring (README, "Running it in production").

200 {"status": "ok"} only when the database answers and every migration on disk is
applied; otherwise 503 with the reason. Details of a failure (server addresses, user
names in the driver's message) go to the log, never into the answer.

Answered by a middleware near the top of the stack, before the HTTPS redirect, the host
check and the page cache: a probe on the server itself (`curl http://127.0.0.1:8000/health/`)
works over plain HTTP with any Host header, and nothing it answers depends on the request.
The path is English like /admin/: it is a machine interface, outside the Swedish and
English pages (no /en/ twin)."""

import json
import logging

from django.db import DEFAULT_DB_ALIAS, Error, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse

PATH = "/health/"
logger = logging.getLogger(__name__)


def problem() -> str | None:
    """Why the site cannot serve, or None."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        # Reads the applied migrations from the database (the round trip that proves it
        # answers) and compares them with the migration files this code ships.
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Error as exc:  # any of the driver's errors: refused, timed out, dropped
        logger.error("Health check: the database did not answer: %s", exc)
        return "database unavailable"
    if plan:
        logger.warning("Health check: %d migration(s) not applied", len(plan))
        return f"{len(plan)} migration(s) not applied"
    return None


def health(request) -> HttpResponse:
    if request.method not in ("GET", "HEAD"):
        response = HttpResponse(status=405)
        response["Allow"] = "GET, HEAD"
        return response
    reason = problem()
    body = {"status": "ok"} if reason is None else {"status": "unavailable", "reason": reason}
    response = HttpResponse(
        b"" if request.method == "HEAD" else json.dumps(body),
        content_type="application/json",
        status=200 if reason is None else 503,
    )
    response["Cache-Control"] = "no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


class HealthCheckMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH:
            return health(request)
        return self.get_response(request)
