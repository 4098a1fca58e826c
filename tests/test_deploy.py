"""What deploy/ ships, run here as systemd would run it (README, "Running it in production").

This machine has no systemd as PID 1, so each unit is checked by `systemd-analyze verify`
(on a copy whose paths point at this checkout, so the programs it names exist) and its
commands are run the way the unit says: its ExecStart with its WorkingDirectory and only
the variables of its EnvironmentFile (made from deploy/projektdatabas.env.example), its
ExecReload, and the SIGTERM that `systemctl stop` sends. On the suite's database: SQLite,
or a fresh database on the PostgreSQL server of `scripts/with-postgres`. What this cannot run
is the units' sandboxing (ProtectSystem, PrivateDevices …): verify checks its syntax only."""

import json
import os
import pty
import pwd
import re
import secrets
import select
import shlex
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(settings.BASE_DIR)
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").iterdir())
HOST = "projekt.example.se"
ME = pwd.getpwuid(os.geteuid()).pw_name
# Debian's systemd package; scripts/install-system-packages installs it for `make test`.
SYSTEMD_ANALYZE = "/usr/bin/systemd-analyze"


def read_unit(path: Path, replace=lambda text: text) -> dict[str, list[str]]:
    """Each "Section.Key" with its values (a key may repeat)."""
    found: dict[str, list[str]] = {}
    section = ""
    for line in replace(path.read_text()).splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        key, _, value = line.partition("=")
        found.setdefault(f"{section}.{key.strip()}", []).append(value.strip())
    return found


def read_env_file(path: Path) -> dict[str, str]:
    values = {}
    for line in path.read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def database_url():
    """SQLite: the default file in the site's var/. PostgreSQL: a role and a database made
    as the README says (createuser --pwprompt, createdb --owner), on the test server; the
    site then migrates as that role, which is no superuser."""
    if connection.vendor == "sqlite":
        yield None
        return
    tools = Path(os.environ.get("PGBIN", "/usr/lib/postgresql/15/bin"))
    s = connection.settings_dict
    server = ["-h", s["HOST"], "-p", str(s["PORT"]), "-U", s["USER"]]
    name, password = f"deploy_{uuid.uuid4().hex[:12]}", secrets.token_urlsafe(24)

    def tool(program, *args, **kwargs):
        return subprocess.run(
            [str(tools / program), *server, *args],
            env={**os.environ, "PGPASSWORD": s["PASSWORD"] or ""},
            check=True,
            capture_output=True,
            text=True,
            **kwargs,
        )

    tool("createuser", "--pwprompt", name, input=f"{password}\n{password}\n")
    tool("createdb", "--owner", name, name)
    yield f"postgres://{name}:{password}@{s['HOST']}:{s['PORT']}/{name}"
    tool("dropdb", "--force", name)
    tool("dropuser", name)


@pytest.fixture(scope="module")
def site(tmp_path_factory, database_url):
    """An installed site as the README's steps leave it: the example environment file
    filled in, compileall, `deploy/manage migrate`, `collectstatic` and `createsuperuser`
    (compilemessages is `make messages`, run before the suite)."""
    base = tmp_path_factory.mktemp("site")
    var = base / "var"
    var.mkdir()
    port = free_port()
    example = (DEPLOY / "projektdatabas.env.example").read_text()
    # What differs from /srv/projektdatabas here: where var/ and the server are.
    here = f"\nPROJEKTDATABAS_VAR_DIR={var}\nGUNICORN_BIND=127.0.0.1:{port}\nLOG_FORMAT=json\n"
    if database_url:
        here += f"DATABASE_URL={database_url}\n"
    env_file = base / "projektdatabas.env"
    env_file.write_text(example + here)
    env_file.chmod(0o640)
    # As shipped, without a key, nothing starts.
    unfilled = subprocess.run(
        [str(DEPLOY / "manage"), "check"],
        env={**os.environ, "PROJEKTDATABAS_ENV_FILE": str(env_file), "PROJEKTDATABAS_USER": ME},
        capture_output=True,
        text=True,
    )
    assert unfilled.returncode != 0
    assert "SECRET_KEY must be set" in unfilled.stderr
    key = f"\nSECRET_KEY={secrets.token_urlsafe(50)}\n"
    env_file.write_text(example.replace("\nSECRET_KEY=\n", key) + here)
    python = str(ROOT / ".venv" / "bin" / "python")
    subprocess.run([python, "-m", "compileall", "-q", "projektdatabas"], cwd=ROOT, check=True)
    for command in (["migrate", "-v0"], ["collectstatic", "--noinput", "-v0"]):
        manage(env_file, ME, *command)
    password = secrets.token_urlsafe(16)
    typed = on_a_terminal(
        [str(DEPLOY / "manage"), "createsuperuser"],
        [
            ("Användarnamn", "it-admin"),  # Django's own prompts, in the site's language
            ("E-postadress:", "it@example.se"),
            ("Password:", password),
            ("Password (again):", password),
        ],
        env={**os.environ, "PROJEKTDATABAS_ENV_FILE": str(env_file), "PROJEKTDATABAS_USER": ME},
    )
    assert "Superuser created successfully." in typed, typed
    # What the first administrator then does in the admin (README): the municipality.
    manage(env_file, ME, "shell", "-c", MUNICIPALITY)
    return {"env_file": env_file, "var": var, "port": port, "base": base}


def on_a_terminal(command, answers, env) -> str:
    """Runs an interactive command on a pseudo-terminal, answering its prompts in turn."""
    main, terminal = pty.openpty()
    # A new session: no controlling terminal, so password prompts read the pty as stdin.
    process = subprocess.Popen(
        command, stdin=terminal, stdout=terminal, stderr=terminal, env=env, start_new_session=True
    )
    os.close(terminal)
    output, seen = b"", 0
    try:
        for prompt, answer in answers:
            while (found := output.find(prompt.encode(), seen)) < 0:
                ready, _, _ = select.select([main], [], [], 60)
                assert ready, f"no {prompt!r} in {output!r}"
                output += os.read(main, 4096)
            seen = found + len(prompt)
            os.write(main, answer.encode() + b"\n")
        while True:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the command has exited and closed the terminal
                break
            if not chunk:
                break
            output += chunk
        assert process.wait(timeout=60) == 0, output
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        os.close(main)
    return output.decode(errors="replace")


MUNICIPALITY = (
    "from projektdatabas.organisations.models import Municipality; "
    "Municipality.objects.create(name='Ale kommun', slug='ale')"
)


def manage(env_file: Path, user: str, *args) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [str(DEPLOY / "manage"), *args],
        env={
            **os.environ,
            "PROJEKTDATABAS_ENV_FILE": str(env_file),
            "PROJEKTDATABAS_USER": user,
        },
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def as_systemd_would(unit: Path, site) -> tuple[dict, dict, Path]:
    """The unit's settings with this checkout for /srv/projektdatabas (the site's var/ for
    its var/), and the environment its service gets: systemd's PATH, the Environment= and
    EnvironmentFile= variables, nothing else."""

    def here(text):
        text = text.replace("/srv/projektdatabas/var", str(site["var"]))
        text = text.replace("/srv/projektdatabas", str(ROOT))
        return text.replace("/etc/projektdatabas.env", str(site["env_file"]))

    config = read_unit(unit, here)
    (env_file,) = config["Service.EnvironmentFile"]
    env = {"PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"}
    for line in config.get("Service.Environment", []):
        env.update(item.split("=", 1) for item in shlex.split(line))
    env.update(read_env_file(Path(env_file)))  # which wins over Environment=, as in systemd
    (workdir,) = config["Service.WorkingDirectory"]
    return config, env, Path(workdir)


# --- The unit files -------------------------------------------------------------------------


def verify(units: list[Path], folder: Path) -> list[str]:
    """What `systemd-analyze verify` finds wrong in these units (copies pointing here)."""
    folder.mkdir(exist_ok=True)
    for unit in units:
        text = unit.read_text().replace("/srv/projektdatabas", str(ROOT))
        (folder / unit.name).write_text(text.replace("/etc/projektdatabas.env", "/dev/null"))
    copies = [str(folder / unit.name) for unit in units]
    result = subprocess.run(
        [SYSTEMD_ANALYZE, "verify", *copies], capture_output=True, text=True, timeout=120
    )
    names = [unit.name for unit in units]
    problems = [
        line
        for line in (result.stdout + result.stderr).splitlines()
        if any(name in line for name in names)
    ]
    if result.returncode:
        problems.append(f"exit status {result.returncode}")
    return problems


def test_systemd_analyze_finds_nothing_wrong_in_the_units(tmp_path):
    names = {unit.name for unit in UNITS}
    assert names == {
        "projektdatabas.service",
        "projektdatabas-reminders.service",
        "projektdatabas-reminders.timer",
        "projektdatabas-backup.service",
        "projektdatabas-backup.timer",
    }
    assert verify(UNITS, tmp_path / "copies") == []
    # The check can fail: a misspelt option, a bad time, a missing program.
    broken = tmp_path / "broken"
    broken.mkdir()
    for mistake in (
        ("NoNewPrivileges=yes", "NoNewPrivilege=yes"),
        ("06:15", "06:75"),
        (".venv/bin/gunicorn", ".venv/bin/gunicorn-missing"),
    ):
        for unit in UNITS:
            if mistake[0] in unit.read_text():
                (broken / unit.name).write_text(unit.read_text().replace(*mistake))
                assert verify([broken / unit.name], tmp_path / "copies") != [], mistake
                break
        else:
            raise AssertionError(f"{mistake[0]} is in no unit")


def test_the_units_run_as_the_service_user_with_the_environment_file_and_hardening():
    for unit in UNITS:
        config = read_unit(unit)
        if unit.suffix == ".timer":
            assert (DEPLOY / "systemd" / unit.name.replace(".timer", ".service")).exists()
            assert config["Timer.Persistent"] == ["true"]
            continue
        assert config["Service.User"] == ["projektdatabas"], unit.name
        assert config["Service.EnvironmentFile"] == ["/etc/projektdatabas.env"], unit.name
        assert config["Service.WorkingDirectory"] == ["/srv/projektdatabas"], unit.name
        assert config["Service.ProtectSystem"] == ["strict"], unit.name
        assert config["Service.ReadWritePaths"] == ["/srv/projektdatabas/var"], unit.name
        assert config["Service.NoNewPrivileges"] == ["yes"], unit.name
        assert config["Service.PrivateTmp"] == ["yes"], unit.name


# --- The web server -----------------------------------------------------------------------


def get(port, path, **headers):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=headers)
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=30) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def workers(master: int) -> set[int]:
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return {int(pid) for pid in children}


def wait_for(condition, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_the_web_server_unit_starts_serves_reloads_and_stops(site, request):
    config, env, workdir = as_systemd_would(DEPLOY / "systemd" / "projektdatabas.service", site)
    assert config["Service.Type"] == ["notify"]
    notify_dir = tempfile.mkdtemp(prefix="pd-notify-", dir="/tmp")  # short: a socket path
    request.addfinalizer(lambda: shutil.rmtree(notify_dir))
    notify = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
    notify.bind(f"{notify_dir}/notify")
    notify.settimeout(60)
    env["NOTIFY_SOCKET"] = f"{notify_dir}/notify"
    (command,) = config["Service.ExecStart"]
    log = site["base"] / "gunicorn.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            shlex.split(command), cwd=workdir, env=env, stdout=output, stderr=output
        )
    port = site["port"]
    try:
        # Type=notify: systemd counts the service as started when gunicorn says READY=1.
        assert b"READY=1" in notify.recv(4096)
        assert wait_for(lambda: len(workers(server.pid)) == 2)  # the configuration's default

        status, headers, body = get(port, "/health/")
        assert (status, json.loads(body)) == (200, {"status": "ok"})
        # The proxy's request: allowed host, HTTPS said by X-Forwarded-Proto from 127.0.0.1.
        status, headers, body = get(port, "/", Host=HOST, **{"X-Forwarded-Proto": "https"})
        assert status == 200, body[:2000]
        assert b'lang="sv"' in body
        assert "max-age=31536000" in headers["Strict-Transport-Security"]
        # Plain HTTP is sent to HTTPS, an unknown host refused, except for the probe.
        status, headers, _ = get(port, "/", Host=HOST)
        assert status == 301 and headers["Location"] == f"https://{HOST}/"
        assert get(port, "/", Host="10.0.0.7", **{"X-Forwarded-Proto": "https"})[0] == 400
        assert get(port, "/health/", Host="10.0.0.7")[0] == 200
        hostile = get(port, "/health/", **{"X-Request-ID": "x" * 1000})
        hostile_id = hostile[1]["X-Request-ID"]
        assert re.fullmatch("[0-9a-f]{32}", hostile_id)

        # The upgrade (README): back up, migrate, collect static files while the site runs,
        # then `systemctl reload` (ExecReload): new workers load the new code and the old
        # ones finish their requests and go.
        for command in (
            ["backup"],
            ["migrate", "--noinput"],
            ["collectstatic", "--noinput"],
        ):
            manage(site["env_file"], ME, *command)
        before = workers(server.pid)
        answers, reloading = [], threading.Event()

        def keep_asking():  # a visitor during the reload
            while not reloading.is_set():
                try:
                    answers.append(get(port, "/health/")[0])
                except OSError as error:  # refused or cut off
                    answers.append(repr(error))

        visitor = threading.Thread(target=keep_asking)
        visitor.start()
        # The visitor's answers must span the reload: some before it, some from the new
        # workers. Counted, not timed: on a busy machine a request can take a second.
        assert wait_for(lambda: len(answers) >= 3)
        (reload,) = config["Service.ExecReload"]
        subprocess.run(shlex.split(reload.replace("$MAINPID", str(server.pid))), check=True)
        assert wait_for(lambda: (w := workers(server.pid)) and not w & before and len(w) == 2)
        replaced = len(answers)
        assert wait_for(lambda: len(answers) >= replaced + 3)
        reloading.set()
        visitor.join()
        assert set(answers) == {200}, answers
        assert get(port, "/", Host=HOST, **{"X-Forwarded-Proto": "https"})[0] == 200

        # `systemctl stop` (KillMode=mixed): SIGTERM to gunicorn, which stops gracefully.
        server.send_signal(signal.SIGTERM)
        (stop_timeout,) = config["Service.TimeoutStopSec"]
        assert server.wait(timeout=int(stop_timeout)) == 0
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()
        notify.close()

    lines = [json.loads(line) for line in log.read_text().splitlines()]  # JSON, every line
    access = [line for line in lines if line["logger"] == "gunicorn.access"]
    (probe,) = [line for line in access if line.get("request_id") == hostile_id]
    assert probe["method"] == "GET" and probe["path"] == "/health/"
    assert probe["status"] == 200 and probe["duration_ms"] > 0
    messages = [line["message"] for line in lines]
    assert "Handling signal: hup" in messages and "Shutting down: Master" in messages
    assert sum(message.startswith("Booting worker") for message in messages) == 4


CACHES = """
import matplotlib, matplotlib.font_manager
print(matplotlib.get_cachedir())
"""


def test_the_chart_librarys_cache_is_in_var_not_the_read_only_home(site):
    """The web server (charts on /statistik/ and in reports) and deploy/manage (make_report)."""
    config, env, workdir = as_systemd_would(DEPLOY / "systemd" / "projektdatabas.service", site)
    python = str(ROOT / ".venv" / "bin" / "python")
    result = subprocess.run(
        [python, "-c", CACHES], cwd=workdir, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(site["var"] / "cache" / "matplotlib")
    assert list((site["var"] / "cache" / "matplotlib").glob("fontlist-*.json"))
    shell = manage(site["env_file"], ME, "shell", "-c", CACHES)
    assert shell.stdout.strip().splitlines()[-1] == str(site["var"] / "cache" / "matplotlib")


def test_the_gunicorn_configuration_and_what_the_environment_changes(tmp_path):
    def settings_with(**env):
        result = subprocess.run(
            [
                str(ROOT / ".venv" / "bin" / "gunicorn"),
                "--config",
                str(DEPLOY / "gunicorn.conf.py"),
                "--print-config",
                "projektdatabas.wsgi",
            ],
            cwd=ROOT,
            env={**os.environ, "PROJEKTDATABAS_VAR_DIR": str(tmp_path), **env},
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        lines = (line.partition("=") for line in result.stdout.splitlines())
        return {key.strip(): value.strip() for key, _, value in lines}

    default = settings_with()
    assert default["bind"] == "['127.0.0.1:8000']" and default["workers"] == "2"
    assert default["timeout"] == "60" and default["graceful_timeout"] == "30"
    assert (default["max_requests"], default["max_requests_jitter"]) == ("20000", "2000")
    assert default["worker_tmp_dir"] == "/dev/shm"  # noqa: S108 - in memory, no data
    assert default["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    # No preloading: a reload (HUP) must bring up workers that import the new code.
    assert default["preload_app"] == "False"
    changed = settings_with(
        GUNICORN_BIND="10.0.0.5:8080",
        GUNICORN_WORKERS="4",
        GUNICORN_TIMEOUT="120",
        FORWARDED_ALLOW_IPS="10.0.0.1",
        LOG_LEVEL="WARNING",
    )
    assert changed["bind"] == "['10.0.0.5:8080']" and changed["workers"] == "4"
    assert changed["timeout"] == "120" and changed["forwarded_allow_ips"] == "['10.0.0.1']"
    assert changed["loglevel"] == "warning"


# --- The daily jobs -----------------------------------------------------------------------


def run_exec_start(unit: str, site) -> subprocess.CompletedProcess:
    config, env, workdir = as_systemd_would(DEPLOY / "systemd" / unit, site)
    assert config["Service.Type"] == ["oneshot"]
    assert config["Service.TimeoutStartSec"], "a hung run would block every later one"
    (command,) = config["Service.ExecStart"]
    return subprocess.run(
        shlex.split(command), cwd=workdir, env=env, capture_output=True, text=True, timeout=300
    )


def test_the_reminder_job_runs(site):
    result = run_exec_start("projektdatabas-reminders.service", site)
    assert result.returncode == 0, result.stderr
    assert "0 reminder(s) sent." in result.stdout


def test_the_backup_job_runs(site):
    """One new backup a run; the unit's `--keep 14` is accepted (its deleting is tested
    with the command, in the backup tests)."""
    backups = site["var"] / "backups"
    before = set(backups.iterdir()) if backups.exists() else set()
    result = run_exec_start("projektdatabas-backup.service", site)
    assert result.returncode == 0, result.stderr
    (made,) = set(backups.iterdir()) - before
    assert made.stat().st_size > 0 and str(made) in result.stdout
    assert (
        "--keep 14"
        in read_unit(DEPLOY / "systemd" / "projektdatabas-backup.service")["Service.ExecStart"][0]
    )


# --- deploy/manage --------------------------------------------------------------------------

# Stands in for manage.py: says who and where it runs, and with what.
PROBE = """import json, os, sys
umask = os.umask(0)
print(json.dumps({"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(),
                  "cwd": os.getcwd(), "env": dict(os.environ), "umask": umask,
                  "args": sys.argv[1:]}))
"""


def test_manage_runs_as_the_service_user_with_only_the_environment_file(tmp_path, request):
    """deploy/manage in a stand-in checkout whose manage.py reports on itself (this
    checkout's Python lives under /root, which other users cannot enter). As root it
    becomes the service user (here `nobody`) after reading the root-only file; as anyone
    else it refuses, rather than write the database as the wrong user."""
    app = Path(tempfile.mkdtemp(prefix="pd-app-", dir="/tmp"))
    request.addfinalizer(lambda: shutil.rmtree(app))
    app.chmod(0o755)
    (app / "deploy").mkdir()
    (app / "deploy" / "manage").write_bytes((DEPLOY / "manage").read_bytes())
    (app / "deploy" / "manage").chmod(0o755)
    (app / ".venv" / "bin").mkdir(parents=True)
    (app / ".venv" / "bin" / "python").symlink_to("/usr/bin/python3")
    (app / "manage.py").write_text(PROBE)
    env_file = tmp_path / "env"
    env_file.write_text(
        "# a comment\nPROJEKTDATABAS_PRODUCTION=1\nSECRET_KEY='a$b c'\n\nLOG_FORMAT=json\n"
    )
    env_file.chmod(0o640)
    caller = {**os.environ, "LEAK": "1", "PROJEKTDATABAS_ENV_FILE": str(env_file)}

    def run(user):
        return subprocess.run(
            [str(app / "deploy" / "manage"), "migrate", "--noinput"],
            env={**caller, "PROJEKTDATABAS_USER": user},
            capture_output=True,
            text=True,
            timeout=60,
        )

    result = run("nobody")
    if os.geteuid() == 0:
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout)
        nobody = pwd.getpwnam("nobody")
        assert (seen["uid"], seen["gid"], seen["groups"]) == (
            nobody.pw_uid,
            nobody.pw_gid,
            [nobody.pw_gid],
        )
    else:
        assert result.returncode != 0
        assert "run it as root or as nobody" in result.stderr
        result = run(ME)
        assert result.returncode == 0, result.stderr
        seen = json.loads(result.stdout)
    assert seen["cwd"] == str(app) and seen["args"] == ["migrate", "--noinput"]
    assert seen["umask"] == 0o027
    assert seen["env"]["SECRET_KEY"] == "a$b c"  # quotes taken off, nothing expanded
    assert seen["env"]["PROJEKTDATABAS_PRODUCTION"] == "1"
    assert "LEAK" not in seen["env"] and "PROJEKTDATABAS_ENV_FILE" not in seen["env"]


def test_manage_names_a_bad_line_of_the_environment_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text("SECRET_KEY=x\nexport DEBUG 1\n")
    result = subprocess.run(
        [str(DEPLOY / "manage"), "check"],
        env={**os.environ, "PROJEKTDATABAS_ENV_FILE": str(env_file), "PROJEKTDATABAS_USER": ME},
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert f"{env_file}:2: expected KEY=value" in result.stderr
