"""The title in the programme's language (Kohesio's Operation_Name_Programme_Language),
searched beside the English one: the full-text table (SQLite) and the expression index
(PostgreSQL) of 0002 made again with it, the text as models.PG_SEARCHED_TEXT has it (written
out here: a migration keeps what it did, whatever the code says later)."""

from django.db import migrations, models

SQLITE_DROP = "DROP TABLE IF EXISTS euprojects_fts"
SQLITE_MAKE = (
    "CREATE VIRTUAL TABLE euprojects_fts USING fts5(acronym, title, {local}themes, "
    "content='euprojects_euproject', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2', prefix='2 3')"
)
SQLITE_REBUILD = "INSERT INTO euprojects_fts(euprojects_fts) VALUES ('rebuild')"
POSTGRES_DROP = "DROP INDEX IF EXISTS euproject_text_idx"
POSTGRES_MAKE = (
    "CREATE INDEX euproject_text_idx ON euprojects_euproject USING gin ("
    "to_tsvector('simple'::regconfig, acronym || ' ' || title || ' ' || {local}themes))"
)


def _make(schema_editor, local: str) -> None:
    connection = schema_editor.connection
    if connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)
        schema_editor.execute(SQLITE_MAKE.format(local=local and "title_local, "))
        schema_editor.execute(SQLITE_REBUILD)
    elif connection.vendor == "postgresql":
        schema_editor.execute(POSTGRES_DROP)
        schema_editor.execute(POSTGRES_MAKE.format(local=local and "title_local || ' ' || "))


def forwards(apps, schema_editor):
    _make(schema_editor, "title_local")


def backwards(apps, schema_editor):
    _make(schema_editor, "")


class Migration(migrations.Migration):
    dependencies = [("euprojects", "0003_figures_uploads")]

    operations = [
        migrations.AddField(
            model_name="euproject",
            name="title_local",
            field=models.TextField(blank=True, verbose_name="title in the programme's language"),
        ),
        migrations.RunPython(forwards, backwards),
    ]
