"""schemathesis against the API's own OpenAPI document (/api/v1/openapi.json), on Ale's demo
data: generated requests, valid and invalid, to every operation, and every answer checked
against the document. 0 server errors and 0 answers the document does not describe.

schemathesis' pytest loader (`schemathesis.pytest.from_fixture`) sets a pytest internal that
pytest 9.2 no longer has, so each operation is fuzzed here with its Hypothesis strategy
(`APIOperation.as_strategy`) and checked with `Case.call_and_validate`, schemathesis' own
request-and-check step. Requests go to Django's WSGI application in this process (no server,
no port), inside the test's transaction. A fixed example count and `derandomize` make every
run send the same requests, so a failure here is reproducible and the run time stable."""

from collections import Counter

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

OPENAPI = "/api/v1/openapi.json"

CHECKS = [
    # A crash on any input is a bug, whatever the input (the "0 server errors").
    not_a_server_error,
    # Every status a client can meet is in the document: a 400 or 404 it was not told about
    # is one it has no code for.
    status_code_conformance,
    # JSON for answers, application/problem+json for errors, as documented per status.
    content_type_conformance,
    # Every body has the documented shape: keys, types, nulls, dates (the issue's "0
    # responses that break the schema").
    response_schema_conformance,
    # The documented headers are there and well formed: CORS on every answer, ETag and
    # Last-Modified for revalidation.
    response_headers_conformance,
]
# Not on: positive_data_acceptance/negative_data_rejection (the search's own form refuses
# values the document allows, e.g. a theme that does not exist: a 400 is the documented
# answer), the auth checks (no authentication), the stateful ones (read-only, no links),
# unsupported_method (a framework answer, tested in test_api.py) and max_response_time.

EXAMPLES = 30  # per operation and mode
FUZZ = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,  # timing is not what this test is about, and the machine is shared
    suppress_health_check=[HealthCheck.too_slow],
)


def existing(client) -> dict[str, list]:
    """Values that name something, taken from the lists themselves, so that the one-item
    operations are fuzzed on real items (their 200s), not only on made-up ids that answer
    404, and the project search on filters it knows, not only on ones it refuses (400)."""

    def results(path):
        return client.get(path, {"limit": 100}).json()["results"]

    projects, organisations = results("/api/v1/projekt"), results("/api/v1/organisationer")
    return {
        "project_id": [p["id"] for p in projects],
        "organisation_id": [o["id"] for o in organisations],
        "slug": [t["slug"] for t in results("/api/v1/vanorter")],
        "tema": sorted({theme for p in projects for theme in p["themes"]}),
        "malgrupp": sorted({group for p in projects for group in p["target_groups"]}),
        "land": sorted({country for p in projects for country in p["countries"]}),
        "partner": [o["id"] for o in organisations if o["project_ids"]],
    }


def strategy(operation, mode, known):
    """schemathesis' requests; valid ones also with real values for the parameters above."""
    generated = operation.as_strategy(generation_mode=mode)
    path = [p.name for p in operation.path_parameters if p.name in known]
    query = [p.name for p in operation.query if p.name in known]
    if mode is GenerationMode.NEGATIVE or not (path or query):
        return generated
    real = st.tuples(
        st.fixed_dictionaries({name: st.sampled_from(known[name]) for name in path}),
        st.fixed_dictionaries({}, optional={name: st.sampled_from(known[name]) for name in query}),
    )
    return st.one_of(
        generated,
        real.flatmap(
            lambda values: operation.as_strategy(
                generation_mode=mode, path_parameters=values[0], query=values[1]
            )
        ),
    )


def modes(operation):
    """Invalid requests only where a value can be invalid: a query parameter (a word where
    a number belongs, a page past the limit) or a numeric id. Any text is a valid slug, and
    an operation without parameters has nothing to get wrong."""
    yield GenerationMode.POSITIVE
    if any(
        p.location.value == "query" or p.definition.get("schema", {}).get("type") != "string"
        for p in operation.iter_parameters()
    ):
        yield GenerationMode.NEGATIVE


def fuzz(operation, mode, known, statuses: Counter) -> str | None:
    """schemathesis' failure report for this operation and mode, or None."""

    @FUZZ
    @given(case=strategy(operation, mode, known))
    def run(case):
        response = case.call_and_validate(checks=CHECKS)
        statuses[response.status_code] += 1

    try:
        run()
    # One check failing (a Failure, an AssertionError), several (FailureGroup), or several
    # distinct failing inputs (Hypothesis' group of those); anything else is the test's own.
    except (AssertionError, BaseExceptionGroup) as failure:
        return f"{operation.label} ({mode.value}):\n{failure}"
    return None


def cover(schema, operation, statuses: Counter) -> str | None:
    """schemathesis' coverage phase, as `schemathesis run` has it before fuzzing: requests
    built from the document, not drawn at random (each bound and one past it, a parameter
    missing or repeated, a type it does not allow, a method other than GET)."""
    cases = schema.iter_coverage_cases(
        operation,
        generation_modes=list(GenerationMode),
        generation_config=schema.config.generation_for(operation=operation),
    )
    failures = []
    for case in cases:
        try:
            response = case.call_and_validate(checks=CHECKS)
        except (AssertionError, BaseExceptionGroup) as failure:
            failures.append(f"{operation.label} (coverage, {case.method}):\n{failure}")
        else:
            statuses[response.status_code] += 1
    if not failures:
        return None
    # The first is enough to act on; a wrong document fails most of them alike.
    return failures[0] + f"\n({len(failures)} coverage requests failed in all)"


def in_test_transaction(app):
    """Django's WSGI application, except that the end of a request does not close the
    database connection, which holds the test's transaction (on PostgreSQL closing it ends
    the transaction; SQLite's in-memory test database ignores the close). Django's test
    client does the same around each of its requests."""

    def wsgi(environ, start_response):
        for signal in (request_started, request_finished):
            signal.disconnect(close_old_connections)
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            response.close()
            for signal in (request_started, request_finished):
                signal.connect(close_old_connections)

    return wsgi


@pytest.fixture
def api_schema(db):
    return schemathesis.openapi.from_wsgi(OPENAPI, in_test_transaction(get_wsgi_application()))


def test_no_server_error_and_every_answer_as_documented(demo_data, api_schema, client):
    known = existing(client)
    assert all(known.values())
    failures, statuses = [], {}
    for result in api_schema.get_all_operations():
        operation = result.ok()
        statuses[operation.label] = Counter()
        failures.append(cover(api_schema, operation, statuses[operation.label]))
        for mode in modes(operation):
            failures.append(fuzz(operation, mode, known, statuses[operation.label]))
    assert not any(failures), "\n\n".join(f for f in failures if f)
    # v1's 11 operations at least (one added later is fuzzed too), each of which answered
    # with content at least once, so its 200's schema was checked on real data.
    assert len(statuses) >= 11
    assert all(counts[200] for counts in statuses.values()), statuses


def test_the_fuzz_would_catch_a_crash(db, api_schema, monkeypatch):
    def crash(request):
        raise RuntimeError("a bug")

    monkeypatch.setattr("projektdatabas.api.v1._info", crash)
    operation = api_schema["/api/v1/api-info"]["GET"]
    report = fuzz(operation, GenerationMode.POSITIVE, {}, Counter())
    assert report is not None
    assert "Server error" in report
