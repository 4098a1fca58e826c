"""PostgreSQL backups: pg_dump's custom format, checked by reading it whole, restored by
pg_restore in one transaction. The tools get the connection from the environment, never
from their command line."""

import os
import re
import shutil
import subprocess
from pathlib import Path

from django.conf import settings
from django.db import connection
from psycopg.conninfo import make_conninfo

from .common import BackupError, current_counter, describe_database

# Connection options in settings that libpq reads from the environment.
LIBPQ_ENV = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "connect_timeout": "PGCONNECT_TIMEOUT",
}


def write(target: Path) -> None:
    tool = _pg_tool("pg_dump")
    _run([tool, "--format=custom", "--no-password", f"--file={target}"])


def check(path: Path) -> None:
    tool = _pg_tool("pg_restore")
    try:
        listing = _run([tool, "--list", str(path)], check_server=False)
        # The listing reads only the table of contents: a dump cut short still lists.
        # Reading every table's data (into nothing) finds that.
        _run([tool, f"--file={os.devnull}", str(path)], check_server=False)
    except BackupError as exc:
        raise BackupError(f"{path} cannot be read in full. {exc}") from exc
    if not re.search(r" TABLE DATA \S+ django_migrations ", listing):
        raise BackupError(f"{path} is a PostgreSQL dump, but not of this application's database.")


def restore(path: Path) -> int:
    tool = _pg_tool("pg_restore")
    _check_tool_version(tool)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND backend_type = 'client backend'"
        )
        (others,) = cursor.fetchone()
    if others:
        raise BackupError(
            f"{others} other connection(s) to {describe_database()} are open (is the web "
            "server running?). Stop them and try again."
        )
    # pg_restore --clean drops and recreates the tables in the dump. Tables of a newer
    # schema that it does not know would survive and break `migrate`, or block the drop.
    listing = _run([tool, "--list", str(path)], check_server=False)
    dumped = set(re.findall(r"^\d+; \d+ \d+ TABLE \S+ (\S+) ", listing, re.M))
    extra = sorted(set(connection.introspection.table_names()) - dumped)
    if extra:
        raise BackupError(
            f"The database has tables the backup does not ({', '.join(extra[:5])}"
            f"{' …' if len(extra) > 5 else ''}): it is newer than the backup. Restore into an "
            "empty database instead: drop and create it (dropdb, createdb), then run restore "
            "again."
        )
    previous = current_counter()
    connection.close()
    name = settings.DATABASES["default"]["NAME"]
    # One transaction: if anything fails, the database is left as it was.
    _run(
        [
            tool,
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            "--exit-on-error",
            "--no-password",
            f"--dbname={make_conninfo(dbname=name)}",
            str(path),
        ],
        check_server=False,
    )
    return previous


def _pg_tool(name: str) -> str:
    """The newest installed version of a PostgreSQL client tool (Debian keeps each major
    version in /usr/lib/postgresql/<major>/bin), else the one on PATH."""
    bindirs = sorted(
        (d for d in Path("/usr/lib/postgresql").glob("*/bin") if d.parent.name.isdigit()),
        key=lambda d: int(d.parent.name),
        reverse=True,
    )
    for bindir in bindirs:
        if os.access(bindir / name, os.X_OK):
            return str(bindir / name)
    found = shutil.which(name)
    if found is None:
        raise BackupError(f"{name} is not installed: install postgresql-client (Debian).")
    return found


def _check_tool_version(tool: str) -> None:
    # pg_dump refuses a newer server anyway; saying which package to install is kinder.
    output = subprocess.run(  # noqa: S603 (our own tool path, no shell)
        [tool, "--version"], capture_output=True, text=True, check=True
    )
    found = re.search(r"\)\s*(\d+)", output.stdout)
    tool_major = int(found[1]) if found else 0
    connection.ensure_connection()
    server_major = connection.pg_version // 10000
    if tool_major < server_major:
        raise BackupError(
            f"{tool} is version {tool_major}, older than the server ({server_major}): install "
            f"postgresql-client-{server_major}."
        )


def _run(command: list[str], *, check_server: bool = True) -> str:
    if check_server:
        _check_tool_version(command[0])
    result = subprocess.run(  # noqa: S603 (our own tool path and arguments, no shell)
        command, env=_pg_env(), capture_output=True, text=True
    )
    if result.returncode != 0:
        tool = Path(command[0]).name
        raise BackupError(f"{tool} failed (exit {result.returncode}): {result.stderr.strip()}")
    return result.stdout


def _pg_env() -> dict[str, str]:
    """Connection parameters for libpq as environment variables: a password on the command
    line would be visible to every user of the machine (ps)."""
    db = settings.DATABASES["default"]
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("NAME", "PGDATABASE"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if db.get(key):
            env[variable] = str(db[key])
    for option, variable in LIBPQ_ENV.items():
        if option in db.get("OPTIONS", {}):
            env[variable] = str(db["OPTIONS"][option])
    return env
