"""What the page and report benchmarks share: where each database lives, the settings a
production server runs with, and building a database of synthetic projects once."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
# What generate.py makes; a kept SQLite file made by another version is built again. Bump it
# when generate.py changes its data (2: statuses that agree with the dates, issue 12).
GENERATED = "2"


def env_for(db: str, size: int, pg_url: str | None) -> dict:
    var = ROOT / "var" / "bench" / f"{db}-{size}"
    var.mkdir(parents=True, exist_ok=True)
    if db == "sqlite":
        url = f"sqlite:///{var / 'db.sqlite3'}"
    else:
        url = pg_url.rsplit("/", 1)[0] + f"/bench_{size}"
    return {
        **os.environ,
        "DATABASE_URL": url,
        "PROJEKTDATABAS_VAR_DIR": str(var),
        "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
    }


def production(env: dict) -> dict:
    return {
        **env,
        "PROJEKTDATABAS_PRODUCTION": "1",
        "SECRET_KEY": "bench-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
    }


def manage(env, *args):
    subprocess.run(
        [PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL
    )


def in_django(env, code: str) -> str:
    result = subprocess.run(
        [PYTHON, "-c", "import django; django.setup()\n" + code],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    if result.returncode:
        sys.exit(result.stderr)
    return result.stdout.strip().splitlines()[-1]


_prepared: dict[tuple[str, int], tuple[dict, str]] = {}


def prepare(db, size, pg_url) -> tuple[dict, str]:
    """A database with `size` synthetic projects, built once per run (a SQLite file is
    kept for the next run too)."""
    if (db, size) in _prepared:
        return _prepared[db, size]
    env = env_for(db, size, pg_url)
    marker = Path(env["PROJEKTDATABAS_VAR_DIR"]) / "generated"
    if db == "sqlite" and (not marker.exists() or marker.read_text() != GENERATED):
        for suffix in ("", "-wal", "-shm"):
            (Path(env["PROJEKTDATABAS_VAR_DIR"]) / f"db.sqlite3{suffix}").unlink(missing_ok=True)
    if db == "postgresql":
        in_django(
            {**env, "DATABASE_URL": pg_url},
            f"from django.db import connection\nconnection.cursor().execute("
            f"'DROP DATABASE IF EXISTS bench_{size}')\n"
            f"connection.cursor().execute('CREATE DATABASE bench_{size}')\nprint('ok')",
        )
    manage(env, "migrate", "-v0")
    manage(production(env), "collectstatic", "--noinput", "-v0")
    count = int(
        in_django(
            env,
            "from projektdatabas.projects.models import Project\n"
            "print(Project.objects.filter(source_note='Syntetisk testdata')"
            ".count())",
        )
    )
    if count >= size:
        _prepared[db, size] = env, "cached"
        return _prepared[db, size]
    manage(env, "load_demo_data", "--no-examples")
    seconds = float(
        in_django(
            env,
            f"import sys; sys.path.insert(0, 'bench')\n"
            f"from generate import generate\nprint(generate({size - count}))",
        )
    )
    # The generator writes past the models' signals: count the start page's figures afresh.
    manage(env, "rebuild_public_figures")
    marker.write_text(GENERATED)
    _prepared[db, size] = env, f"{seconds:.0f} s"
    return _prepared[db, size]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(env, workers: str | None = None) -> tuple[subprocess.Popen, str]:
    """gunicorn in production mode with the deployed configuration (deploy/gunicorn.conf.py)
    on a free 127.0.0.1 port; stop it by its PID. Its access log (stdout) is dropped: a
    line a request would flood the output, but it is still written, as in production."""
    port = free_port()
    workers = workers or os.environ.get("BENCH_WORKERS", "2")
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "--config",
            str(ROOT / "deploy" / "gunicorn.conf.py"),
            "projektdatabas.wsgi",
        ],
        env={
            **production(env),
            "GUNICORN_BIND": f"127.0.0.1:{port}",
            "GUNICORN_WORKERS": workers,
        },
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/", timeout=5)  # noqa: S310 - our own server
            return server, base
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError("gunicorn did not start")
