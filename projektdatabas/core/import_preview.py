"""What the imports (funding calls, projects, EU items) share.

The preview, carried to its confirmation: what was read from the file goes into the
preview page signed (and compressed), so confirming needs neither a second upload nor a
file kept on the server, and cannot be altered on the way. One hour is enough to look it
through; the rows are checked again when they are written, and a model's refusal then is
named by the row it came from (`row_errors`)."""

from django.core import signing
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _

MAX_AGE = 3600  # seconds between the preview and the confirmation


class ImportRefused(Exception):
    """A file refused whole: `errors` name each row or column that stopped it, in the
    user's language. Every import raises this one class, so its views handle it alike."""

    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


class PreviewRefused(Exception):
    def __init__(self, message: str):
        self.message = message
        super().__init__(message)


def seal(*, kind: str, municipality_id: int, source: str, rows: list[dict]) -> str:
    """`kind` names the import ("calls", "eu-items"): one's preview cannot confirm another."""
    payload = {"m": municipality_id, "s": source, "rows": rows}
    return signing.dumps(payload, salt=f"import-preview:{kind}", compress=True)


def unseal(token: str, *, kind: str, municipality_id: int) -> tuple[str, list[dict]]:
    """(source, rows) of a preview made for this municipality, or PreviewRefused."""
    try:
        payload = signing.loads(token, salt=f"import-preview:{kind}", max_age=MAX_AGE)
    except signing.SignatureExpired:
        raise PreviewRefused(
            _("The preview is more than an hour old. Send the file again.")
        ) from None
    except signing.BadSignature:
        raise PreviewRefused(_("The preview could not be read. Send the file again.")) from None
    if payload.get("m") != municipality_id:
        raise PreviewRefused(_("The preview could not be read. Send the file again."))
    return payload["s"], payload["rows"]


def row_errors(label: str, model, error: ValidationError) -> list[str]:
    """A model's refusal of a row as messages naming the row and the field ("Rad 3: slut:
    …"); a constraint's message, which has no field, names the row only."""
    if not hasattr(error, "error_dict"):
        return [f"{label}: {message}" for message in error.messages]
    named = []
    for name, messages in error.message_dict.items():
        try:
            what = f"{model._meta.get_field(name).verbose_name}: "
        except FieldDoesNotExist:  # NON_FIELD_ERRORS
            what = ""
        named += [f"{label}: {what}{message}" for message in messages]
    return named
