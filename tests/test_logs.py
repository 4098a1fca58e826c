"""Request ids and JSON log lines (core/logs.py). gunicorn's access log in JSON, with the
same id, is tested on a real server in tests/test_deploy.py."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest

from projektdatabas.core.logs import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


@pytest.fixture
def json_log():
    """What the django.request logger writes with LOG_FORMAT=json, as parsed lines."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    finally:
        logger.removeHandler(handler)


def test_a_request_logs_json_lines_with_the_id_its_response_carries(client, json_log):
    response = client.get("/projekt/999999-nothing-here/")
    assert response.status_code == 404
    rid = response["X-Request-ID"]
    assert len(rid) == 32 and int(rid, 16) >= 0
    (line,) = [entry for entry in json_log() if entry["message"].startswith("Not Found")]
    assert line["request_id"] == rid
    assert line["level"] == "WARNING" and line["logger"] == "django.request"
    assert (line["method"], line["path"], line["status"]) == (
        "GET",
        "/projekt/999999-nothing-here/",
        404,
    )
    assert line["time"].endswith("+00:00")


def test_each_request_gets_its_own_id(client):
    first = client.get("/health/")["X-Request-ID"]
    second = client.get("/health/")["X-Request-ID"]
    assert first != second


def test_the_proxys_request_id_is_kept_when_it_looks_like_one(client, json_log):
    response = client.get("/projekt/999999-x/", HTTP_X_REQUEST_ID="7f3c9e2a-proxy.id:42")
    assert response["X-Request-ID"] == "7f3c9e2a-proxy.id:42"
    assert json_log()[-1]["request_id"] == "7f3c9e2a-proxy.id:42"


@pytest.mark.parametrize(
    "hostile",
    ["abc\r\nX-Injected: 1", 'a" "level": "CRITICAL', "a" * 1000, "", "åäö"],
    ids=["newline", "quote", "1000 chars", "empty", "non-ascii"],
)
def test_a_hostile_request_id_is_replaced(client, json_log, hostile):
    response = client.get("/projekt/999999-x/", HTTP_X_REQUEST_ID=hostile)
    rid = response["X-Request-ID"]
    assert rid != hostile and len(rid) == 32 and int(rid, 16) >= 0
    assert json_log()[-1]["request_id"] == rid


def test_no_request_id_outside_a_request(client, json_log):
    client.get("/projekt/999999-x/")
    logging.getLogger("django.request").warning("after the request")
    assert json_log()[-1]["request_id"] is None


def test_an_exception_stays_on_one_line():
    try:
        raise ValueError("boom\nsecond line")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    line = JsonFormatter().format(record)
    assert "\n" not in line
    assert "ValueError: boom\nsecond line" in json.loads(line)["exception"]


SCRIPT = r"""
import logging
import django
django.setup()
logging.getLogger("projektdatabas.test").warning("hello %s", "world")
"""


def _run(log_format, **extra):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
        "LOG_FORMAT": log_format,
        **extra,
    }
    return subprocess.run(
        [sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=60
    )


def test_log_format_json_writes_one_object_a_line_and_plain_stays_plain():
    result = _run("json")
    assert result.returncode == 0, result.stderr
    (line,) = [json.loads(line) for line in result.stderr.splitlines()]
    assert line["message"] == "hello world"
    assert line["level"] == "WARNING" and line["logger"] == "projektdatabas.test"
    assert line["request_id"] is None
    plain = _run("plain")
    assert plain.stderr.strip() == "hello world"


def test_an_unknown_log_format_refuses_to_start():
    result = _run("xml")
    assert result.returncode != 0
    assert "LOG_FORMAT must be plain or json" in result.stderr


def test_the_log_level_may_be_written_in_lower_case_as_gunicorn_writes_it():
    result = _run("plain", LOG_LEVEL="warning")
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == "hello world"
