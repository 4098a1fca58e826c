"""gunicorn's settings for Projektdatabasen (README, "Running it in production").

    gunicorn -c deploy/gunicorn.conf.py projektdatabas.wsgi

The service unit (deploy/systemd/projektdatabas.service) and `make bench` both start it
this way. Each value marked "env" can be changed in /etc/projektdatabas.env."""

import os
import sys

# env GUNICORN_BIND: the proxy in front connects here; never an address the public reaches.
bind = [os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")]

# env GUNICORN_WORKERS: sync workers, each answering one request at a time. Two were the
# fastest on a 2-core machine (bench/README.md: 3 workers and gthread were slower) and stay
# small (about 170 MB each, 260 MB after making a report). Each keeps its own page cache.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "sync"

# env GUNICORN_TIMEOUT: a worker silent this long is killed and replaced. The slowest
# request is the semi-annual report's PDF: 9–15 s at 10,000 projects (bench/README.md).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On reload (HUP) and stop (TERM) a worker may finish its request for this long.
graceful_timeout = 30

# Replace each worker after about this many requests, so that slow growth (fragmentation,
# the report's libraries) cannot accumulate; the jitter keeps both from restarting at once.
# A new worker starts in about 0.3 s and refills its page cache: a few per cent of the
# throughput at the benchmark's 1,000 requests a second per worker (a restart every 20 s),
# nothing at a municipality's traffic (about one a day).
max_requests = 20000
max_requests_jitter = 2000


def post_worker_init(worker):
    """The search's index (projects/search_index.py) takes 8-15 s to build at a million
    projects: each worker gets it in a thread while it already serves. Usually it loads the
    snapshot the last worker saved in var/ (projects/search_snapshot.py) and catches up from
    the change log in well under a second, and searches wait for that; when it must build,
    searches take the exact, slower SQL path until it is ready. So a start, a reload or a
    replacement after max_requests never makes a request wait for a build. No preloading
    instead: a reload must import new code (test_deploy), and a preloaded index would go
    stale in the master."""
    from projektdatabas.projects import search_index

    search_index.background = True
    search_index.start_building()


def worker_exit(server, worker):
    """The snapshot written again if it lacks this worker's changes or the postings of the
    words it searched lately, so that the next worker answers them at once (a broad word's
    first read is 0.5-3.5 s at a million projects: projects/search_snapshot.py). Not after
    a worker that failed to load the application."""
    search_index = sys.modules.get("projektdatabas.projects.search_index")
    if search_index is not None:
        search_index.save_before_exit()


# The heartbeat file is touched constantly: keep it in memory, not on disk.
worker_tmp_dir = "/dev/shm"  # noqa: S108 - a heartbeat file, no data

# env FORWARDED_ALLOW_IPS: who may tell gunicorn that the request came over HTTPS
# (X-Forwarded-Proto). The proxy on this machine; a proxy elsewhere needs its address
# here and TRUSTED_PROXY_COUNT for Django (README, "Configuration").
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Reload with `systemctl reload` (HUP), not through gunicorn's control socket, which would
# need a writable home directory and could collide between instances.
control_socket_disable = True

# --- Logs: to stdout/stderr, which journald keeps ------------------------------------------
# env LOG_LEVEL, LOG_FORMAT (plain or json), as for Django (projektdatabas/settings.py).
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
errorlog = "-"
accesslog = "-"
# The request id comes from Django's response header (core/logs.py), so a line here leads
# to the application's lines for the same request.
access_log_format = (
    '%(h)s "%({x-forwarded-for}i)s" %(t)s "%(r)s" %(s)s %(b)s %(M)sms %({x-request-id}o)s'
)
if os.environ.get("LOG_FORMAT", "plain") == "json":
    # Both of gunicorn's logs through the application's JSON formatter, one object a line;
    # the access line's fields (method, path, status, duration_ms, request_id) come from
    # gunicorn's values, the message stays short.
    access_log_format = "%(m)s %(U)s %(s)s"
    _json_handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "filters": ["request_id"],
        "stream": "ext://sys.stderr",
    }
    logconfig_dict = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "projektdatabas.core.logs.RequestIdFilter"}},
        "formatters": {"json": {"()": "projektdatabas.core.logs.JsonFormatter"}},
        "handlers": {"json": _json_handler},
        "root": {"handlers": ["json"], "level": loglevel.upper()},
        "loggers": {
            "gunicorn.error": {
                "handlers": ["json"],
                "level": loglevel.upper(),
                "propagate": False,
            },
            "gunicorn.access": {"handlers": ["json"], "level": "INFO", "propagate": False},
        },
    }
