"""The answers every operation can give besides its 200, added to the generated OpenAPI
document in one place because they come from one place: problem details (problems.py) for a
parameter the API cannot use (400) and for an address naming nothing (404), and the HTTP
caching and CORS headers that middleware puts on every answer. django-ninja documents only
what a view returns itself; without these a client (or schemathesis) meets answers the
document does not describe.

No "default" response: it would declare every status, and a 500 must stay undocumented."""

from .problems import CONTENT_TYPE
from .schemas import Problem

_REF = "#/components/schemas/{model}"

# Set by public/caching.py once anything has ever been saved (a content version exists),
# so not required: an empty database has no version to derive them from.
_CACHING_HEADERS = {
    "ETag": {
        "description": "Changes when anything public changes; send it back in If-None-Match.",
        "schema": {"type": "string", "pattern": '^(W/)?"[^"]*"$'},
    },
    "Last-Modified": {
        "description": "When public content last changed (HTTP-date).",
        "schema": {
            "type": "string",
            "pattern": r"^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$",
        },
    },
}
# problems.ApiResponseMiddleware: on every answer, errors and 304s included.
_CORS_HEADER = {
    "Access-Control-Allow-Origin": {
        "description": "Any site may read the answer (public data, no cookies).",
        "required": True,
        "schema": {"type": "string", "const": "*"},
    }
}


def _problem(description: str) -> dict:
    return {
        "description": description,
        "headers": _CORS_HEADER,
        "content": {CONTENT_TYPE: {"schema": {"$ref": _REF.format(model="Problem")}}},
    }


def add_common_answers(document: dict) -> dict:
    problem = Problem.model_json_schema(ref_template=_REF)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.update(problem.pop("$defs", {}))
    schemas["Problem"] = problem
    for operations in document["paths"].values():
        for operation in operations.values():
            # ninja keys its responses by int; the document's keys are strings.
            responses = {str(status): answer for status, answer in operation["responses"].items()}
            operation["responses"] = responses
            responses["200"]["headers"] = _CACHING_HEADERS | _CORS_HEADER
            responses["304"] = {
                "description": "Not Modified: the copy named by If-None-Match or "
                "If-Modified-Since is still current.",
                "headers": _CACHING_HEADERS | _CORS_HEADER,
            }
            parameters = operation.get("parameters", [])
            if parameters:
                responses["400"] = _problem(
                    "Bad Request: a parameter has a value the API cannot use; each one is "
                    "named in invalid_params."
                )
            if any(p["in"] == "path" for p in parameters):
                responses["404"] = _problem("Not Found: nothing public has this identifier.")
    return document
