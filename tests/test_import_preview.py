"""The preview an import carries to its confirmation (core/import_preview.py): only the
import and the municipality it was made for can confirm it, unaltered, within the hour."""

import time

import pytest
from django.core import signing

from projektdatabas.core import import_preview


def test_a_preview_comes_back_as_it_was_sealed():
    token = import_preview.seal(kind="calls", municipality_id=3, source="a.csv", rows=[{"x": 1}])
    assert import_preview.unseal(token, kind="calls", municipality_id=3) == ("a.csv", [{"x": 1}])


@pytest.mark.parametrize(
    ("kind", "municipality_id"), [("eu-items", 3), ("calls", 4)], ids=["other import", "other"]
)
def test_another_import_or_municipality_cannot_confirm_it(kind, municipality_id):
    token = import_preview.seal(kind="calls", municipality_id=3, source="a.csv", rows=[])
    with pytest.raises(import_preview.PreviewRefused, match="kunde inte läsas"):
        import_preview.unseal(token, kind=kind, municipality_id=municipality_id)


def test_an_altered_or_old_preview_is_refused(monkeypatch):
    token = import_preview.seal(kind="calls", municipality_id=3, source="a.csv", rows=[])
    with pytest.raises(import_preview.PreviewRefused, match="kunde inte läsas"):
        import_preview.unseal(token[:-2] + "xx", kind="calls", municipality_id=3)
    later = time.time() + import_preview.MAX_AGE + 5
    monkeypatch.setattr(signing.time, "time", lambda: later)
    with pytest.raises(import_preview.PreviewRefused, match="mer än en timme"):
        import_preview.unseal(token, kind="calls", municipality_id=3)
