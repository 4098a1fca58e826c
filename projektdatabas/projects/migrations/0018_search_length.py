"""PostgreSQL: what bm25 needs beside the search_vector (fulltext.py, search_pgtext.py), so
that each worker can read it cheaply, as FTS5 keeps it on SQLite:

- `search_length`: each row's number of positions (its tokens, D in bm25), stored, from the
  same four texts as search_vector (a generated column cannot read another one; position
  counts do not depend on the weights, so the two agree);
- `project_search_totals`: the table's rows and positions (N and avgdl), kept by triggers
  as small delta rows (one per insert or delete statement, one per changed text) that are
  summed when read: no writer waits for another on one shared totals row. Every row
  counts, published or not, as FTS5 counts them.

Nothing on SQLite (FTS5 keeps both itself).
"""

from django.db import migrations

POSITIONS = """CREATE FUNCTION project_search_positions(tsvector) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(sum(cardinality(positions)), 0)::integer FROM unnest($1) $$"""
LENGTH = """ALTER TABLE projects_project ADD COLUMN search_length integer GENERATED ALWAYS AS (
    project_search_positions(
        to_tsvector('swedish'::regconfig, coalesce(title_sv, '')) ||
        to_tsvector('english'::regconfig, coalesce(title_en, '')) ||
        to_tsvector('swedish'::regconfig, coalesce(public_summary_sv, '')) ||
        to_tsvector('english'::regconfig, coalesce(public_summary_en, ''))
    )
) STORED"""
TOTALS = [
    "CREATE TABLE project_search_totals (projects bigint NOT NULL, positions bigint NOT NULL)",
    "INSERT INTO project_search_totals SELECT count(*), coalesce(sum(search_length), 0) "
    "FROM projects_project",
    """CREATE FUNCTION project_search_totals_added() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO project_search_totals
            SELECT count(*), coalesce(sum(search_length), 0) FROM added HAVING count(*) > 0;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION project_search_totals_removed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO project_search_totals
            SELECT -count(*), -coalesce(sum(search_length), 0) FROM removed HAVING count(*) > 0;
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION project_search_totals_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO project_search_totals VALUES (0, NEW.search_length - OLD.search_length);
        RETURN NULL;
    END $$""",
    """CREATE FUNCTION project_search_totals_emptied() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        DELETE FROM project_search_totals;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER project_search_totals_insert AFTER INSERT ON projects_project "
    "REFERENCING NEW TABLE AS added FOR EACH STATEMENT "
    "EXECUTE FUNCTION project_search_totals_added()",
    "CREATE TRIGGER project_search_totals_delete AFTER DELETE ON projects_project "
    "REFERENCING OLD TABLE AS removed FOR EACH STATEMENT "
    "EXECUTE FUNCTION project_search_totals_removed()",
    "CREATE TRIGGER project_search_totals_update "
    "AFTER UPDATE OF title_sv, title_en, public_summary_sv, public_summary_en "
    "ON projects_project FOR EACH ROW "
    "WHEN (OLD.search_length IS DISTINCT FROM NEW.search_length) "
    "EXECUTE FUNCTION project_search_totals_changed()",
    "CREATE TRIGGER project_search_totals_truncate AFTER TRUNCATE ON projects_project "
    "FOR EACH STATEMENT EXECUTE FUNCTION project_search_totals_emptied()",
]
FORWARD = [POSITIONS, LENGTH, *TOTALS]
BACKWARD = [
    "DROP TRIGGER IF EXISTS project_search_totals_truncate ON projects_project",
    "DROP TRIGGER IF EXISTS project_search_totals_update ON projects_project",
    "DROP TRIGGER IF EXISTS project_search_totals_delete ON projects_project",
    "DROP TRIGGER IF EXISTS project_search_totals_insert ON projects_project",
    "DROP FUNCTION IF EXISTS project_search_totals_emptied()",
    "DROP FUNCTION IF EXISTS project_search_totals_changed()",
    "DROP FUNCTION IF EXISTS project_search_totals_removed()",
    "DROP FUNCTION IF EXISTS project_search_totals_added()",
    "DROP TABLE IF EXISTS project_search_totals",
    "ALTER TABLE projects_project DROP COLUMN IF EXISTS search_length",
    "DROP FUNCTION IF EXISTS project_search_positions(tsvector)",
]


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("projects", "0017_search_change")]
    operations = [migrations.RunPython(forward, backward)]
