"""Full-text search over the projects' acronyms, titles and themes.

SQLite: an external-content FTS5 table (no second copy of the text), rebuilt by each
import (imports.refresh_search_index). PostgreSQL: a GIN index on the same text as a
`simple` tsvector (names of places and organisations, in every EU language: no stemming),
which the ranking's query repeats word for word so that the planner uses it."""

from django.db import migrations

SQLITE = (
    "CREATE VIRTUAL TABLE euprojects_fts USING fts5(acronym, title, themes, "
    "content='euprojects_euproject', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)
SQLITE_DROP = "DROP TABLE euprojects_fts"
POSTGRES = (
    "CREATE INDEX euproject_text_idx ON euprojects_euproject USING gin ("
    "to_tsvector('simple'::regconfig, acronym || ' ' || title || ' ' || themes))"
)
POSTGRES_DROP = "DROP INDEX euproject_text_idx"


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def backwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
    elif connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("euprojects", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
