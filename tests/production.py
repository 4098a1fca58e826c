"""Django in production mode, in a subprocess: settings are read once per process, so each
case that needs production settings runs its own interpreter with the environment a server
would have."""

import os
import subprocess
import sys


def production_env(tmp_path, **overrides) -> dict:
    """The production environment for a site whose files live in `tmp_path`; an override of
    None removes that variable."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "projektdatabas.settings",
        "PROJEKTDATABAS_PRODUCTION": "1",
        "SECRET_KEY": "test-" + "k3y" * 20,
        "ALLOWED_HOSTS": "projekt.example.se",
        "PROJEKTDATABAS_VAR_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    env.update(overrides)
    return {key: value for key, value in env.items() if value is not None}


def run_in_production(script: str, tmp_path, **overrides) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script],
        env=production_env(tmp_path, **overrides),
        capture_output=True,
        text=True,
        timeout=120,
    )
