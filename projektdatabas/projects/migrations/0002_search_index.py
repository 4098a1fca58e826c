"""Full-text search over what the public may read: titles and public summaries in both
languages (never the internal description).

SQLite: an FTS5 table kept in step by triggers. `remove_diacritics 0` keeps å, ä and ö
distinct; `prefix` indexes make prefix queries (vänort*) cheap.
PostgreSQL: a generated tsvector (Swedish stemming for Swedish text, English for English)
with a GIN index.

Note: SQLite rebuilds a table for some ALTERs and drops its triggers; test_search checks
that the index follows writes, and `manage.py rebuild_search_index` repairs it.
"""

from django.db import migrations

SQLITE_FORWARD = [
    """CREATE VIRTUAL TABLE project_fts USING fts5(
        title_sv, title_en, public_summary_sv, public_summary_en,
        content='projects_project', content_rowid='id',
        tokenize="unicode61 remove_diacritics 0", prefix='2 3 4 5'
    )""",
    """CREATE TRIGGER project_fts_insert AFTER INSERT ON projects_project BEGIN
        INSERT INTO project_fts(rowid, title_sv, title_en, public_summary_sv, public_summary_en)
        VALUES (new.id, new.title_sv, new.title_en, new.public_summary_sv, new.public_summary_en);
    END""",
    """CREATE TRIGGER project_fts_delete AFTER DELETE ON projects_project BEGIN
        INSERT INTO project_fts(project_fts, rowid, title_sv, title_en, public_summary_sv,
                                public_summary_en)
        VALUES ('delete', old.id, old.title_sv, old.title_en, old.public_summary_sv,
                old.public_summary_en);
    END""",
    """CREATE TRIGGER project_fts_update AFTER UPDATE OF title_sv, title_en, public_summary_sv,
        public_summary_en ON projects_project BEGIN
        INSERT INTO project_fts(project_fts, rowid, title_sv, title_en, public_summary_sv,
                                public_summary_en)
        VALUES ('delete', old.id, old.title_sv, old.title_en, old.public_summary_sv,
                old.public_summary_en);
        INSERT INTO project_fts(rowid, title_sv, title_en, public_summary_sv, public_summary_en)
        VALUES (new.id, new.title_sv, new.title_en, new.public_summary_sv, new.public_summary_en);
    END""",
    "INSERT INTO project_fts(project_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS project_fts_insert",
    "DROP TRIGGER IF EXISTS project_fts_delete",
    "DROP TRIGGER IF EXISTS project_fts_update",
    "DROP TABLE IF EXISTS project_fts",
]
POSTGRES_FORWARD = [
    """ALTER TABLE projects_project ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('swedish'::regconfig, coalesce(title_sv, '')), 'A') ||
        setweight(to_tsvector('english'::regconfig, coalesce(title_en, '')), 'A') ||
        setweight(to_tsvector('swedish'::regconfig, coalesce(public_summary_sv, '')), 'B') ||
        setweight(to_tsvector('english'::regconfig, coalesce(public_summary_en, '')), 'B')
    ) STORED""",
    "CREATE INDEX project_search_gin ON projects_project USING gin (search_vector)",
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS project_search_gin",
    "ALTER TABLE projects_project DROP COLUMN IF EXISTS search_vector",
]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]
    operations = [
        migrations.RunPython(
            _run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            _run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
