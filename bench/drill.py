"""`make drill`: the site run as a municipality would run it, with targets that pass or fail.

On each database, with production settings under gunicorn (deploy/gunicorn.conf.py, two
workers, every process capped at DRILL_MEMORY_CAP of address space), behind a simulated TLS
proxy (requests from 127.0.0.1 carrying X-Forwarded-For and X-Forwarded-Proto):

saves    16 staff, each signed in through the sign-in form, save new projects through the
         staff form as fast as the server answers for DRILL_SECONDS (60); halfway the server
         (master and workers) is killed with SIGKILL and started again. Targets: no 5xx
         answer, and no acknowledged save (answered with the redirect that follows a save)
         missing from the database afterwards.
uploads  crafted files (bench/drill_files.py) to the progress import. Targets, for each: an
         answer that is not 5xx in under 2 s, and the serving worker's peak memory (VmHWM,
         reset before each file) less than 50 MB above what it was.
sign-in  20 failed sign-ins with random names from one address, 40 parallel wrong
         passwords for `samordnare` from a second, then `samordnare` and `lasare` sign in
         from a third. Targets: at most 5 of the 40 passwords checked; both users get in.

Environment: DRILL_DATABASES ("sqlite,postgresql"), DRILL_PARTS ("saves,uploads,sign-in"),
DRILL_SECONDS (60), DRILL_ROOT (another checkout to serve, e.g. a `git worktree` of an older
commit for before/after figures; its own var/drill/ and PostgreSQL database drill_before),
DRILL_MEMORY_CAP ("3G"). Exits 1 when a target is missed."""

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from http.client import HTTPException
from pathlib import Path

import drill_files
from common import PYTHON, ROOT, free_port, production
from drill_client import (
    Browser,
    PeakMemory,
    first_error,
    heading,
    kill_all,
    random_name,
    signed_in,
    workers,
)
from drill_report import report, shorten, upload_row

TARGET_ROOT = Path(os.environ.get("DRILL_ROOT", ROOT)).resolve()
SECONDS = int(os.environ.get("DRILL_SECONDS", "60"))
CLIENTS = 16
PASSWORD = "ale-demo-2026-konto"  # noqa: S105 - the demo accounts' (demo/people.py)
WRONG = "lösenordet är fel"
TOO_MANY = "För många misslyckade försök"

SETUP = r"""
import json, django
django.setup()
import projektdatabas
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from projektdatabas.accounts.models import Membership
from projektdatabas.organisations.models import Department, Municipality
from projektdatabas.planning.models import ActionPlan
ale = Municipality.objects.get(slug="ale")
departments = list(Department.objects.filter(municipality=ale, is_active=True).order_by("pk"))
password = make_password(PASSWORD)
accounts = []
for n in range(1, CLIENTS + 1):  # one department representative per client
    user, _ = get_user_model().objects.get_or_create(
        username=f"ovning-{n:02}", defaults={"password": password, "first_name": f"Övning {n}"})
    department = departments[n % len(departments)]
    Membership.objects.get_or_create(
        user=user, municipality=ale, role="department_rep", department=department)
    accounts.append((user.username, department.pk))
plan = ActionPlan.objects.order_by("pk").first().pk
print(json.dumps({"package": projektdatabas.__file__, "accounts": accounts, "plan": plan}))
"""
STORED = r"""
import json, sys, django
django.setup()
from projektdatabas.projects.models import Project
titles = Project.objects.filter(title_sv__startswith=sys.argv[1]).values_list("title_sv", flat=True)
print(json.dumps(list(titles)))
"""


def python(env, *args) -> str:
    """Runs Python in the checkout under test, whose own package it imports (cwd)."""
    out = subprocess.run([PYTHON, *args], env=env, cwd=TARGET_ROOT, capture_output=True, text=True)
    if out.returncode:
        sys.exit(out.stderr[-3000:])
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def database(db: str, pg_url: str | None) -> dict:
    """A fresh database with the demo data and 16 extra representatives."""
    var = TARGET_ROOT / "var" / "drill" / db
    shutil.rmtree(var, ignore_errors=True)
    var.mkdir(parents=True)
    env = {**os.environ, "PROJEKTDATABAS_VAR_DIR": str(var)}
    env["DJANGO_SETTINGS_MODULE"] = "projektdatabas.settings"
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{var / 'db.sqlite3'}"
    else:
        name = "drill" if TARGET_ROOT == ROOT else "drill_before"
        code = "from django.db import connection as c\n"
        for sql in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
            code += f"c.cursor().execute('{sql}')\n"
        python({**env, "DATABASE_URL": pg_url}, "-c", "import django; django.setup()\n" + code)
        env["DATABASE_URL"] = pg_url.rsplit("/", 1)[0] + f"/{name}"
    python(env, "manage.py", "migrate", "-v0")
    python(env, "manage.py", "load_demo_data")
    server_env = {
        **production(env),
        "ALLOWED_HOSTS": "127.0.0.1,projekt.example.se",
        "BEHIND_TLS_PROXY": "1",
        "TRUSTED_PROXY_COUNT": "1",  # the one proxy in front appends the client's address
    }
    python(server_env, "manage.py", "collectstatic", "--noinput", "-v0")
    code = f"PASSWORD, CLIENTS = {PASSWORD!r}, {CLIENTS}\n" + SETUP
    return {"env": env, "server_env": server_env, **json.loads(python(env, "-c", code))}


class Server:
    """gunicorn with the deployed configuration, restartable on the same port."""

    def __init__(self, env: dict):
        self.port = free_port()
        self.log = open(Path(env["PROJEKTDATABAS_VAR_DIR"]) / "server.log", "a")  # noqa: SIM115
        config = TARGET_ROOT / "deploy" / "gunicorn.conf.py"
        config = config if config.exists() else ROOT / "deploy" / "gunicorn.conf.py"
        cap = os.environ.get("DRILL_MEMORY_CAP", "3G")
        self.command = ["prlimit", f"--as={_bytes(cap)}", "--"]
        self.command += [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(config)]
        self.command += ["projektdatabas.wsgi"]
        self.env = {**env, "GUNICORN_BIND": f"127.0.0.1:{self.port}", "GUNICORN_WORKERS": "2"}
        self.start()

    def start(self) -> float:
        started = time.perf_counter()
        self.process = subprocess.Popen(
            self.command, env=self.env, cwd=TARGET_ROOT, stdout=self.log, stderr=self.log
        )
        for _ in range(300):
            try:
                Browser(self.port, "127.0.0.1", timeout=5).get("/")
                return time.perf_counter() - started
            except (OSError, HTTPException):
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start; see server.log")

    def kill9(self) -> None:
        kill_all([self.process.pid, *workers(self.process.pid)])
        self.process.wait()

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=60)
        self.log.close()


def _bytes(size: str) -> int:
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30}
    return int(float(size[:-1]) * units[size[-1]]) if size[-1] in units else int(size)


def saves(server: Server, setup: dict) -> dict:
    prefix = f"Övning {time.strftime('%H%M%S')}"
    counts = dict.fromkeys(["attempted", "ack", "5xx", "refused", "cut", "timeout", "other"], 0)
    acknowledged, lock, stop = set(), threading.Lock(), threading.Event()

    def staff(n: int, browser: Browser, department: int) -> None:
        fields = {"kind": "eu_project", "municipal_role": "partner", "lead_department": department}
        i = 0
        while not stop.is_set():
            i += 1
            title, outcome = f"{prefix} {n}-{i}", "other"
            try:
                answer = browser.post("/intern/projekt/nytt/", {**fields, "title_sv": title})
                if answer.status == 302 and "/redigera/partner/" in answer.location:
                    outcome = "ack"
                elif answer.status >= 500:
                    outcome = "5xx"
            except ConnectionRefusedError:
                outcome = "refused"
            except TimeoutError:
                outcome = "timeout"
            except (OSError, HTTPException):  # reset or closed: killed mid-request
                outcome = "cut"
            with lock:
                counts["attempted"] += 1
                counts[outcome] += 1
                if outcome == "ack":
                    acknowledged.add(title)
            if outcome in ("refused", "cut"):
                time.sleep(0.05)

    threads = []
    for n, (username, department) in enumerate(setup["accounts"]):
        browser = Browser(server.port, f"10.20.0.{n + 1}")  # each from an address of its own
        if not signed_in(browser.sign_in(username, PASSWORD)):
            raise RuntimeError(f"{username} could not sign in")
        browser.get("/intern/projekt/nytt/")
        threads.append(threading.Thread(target=staff, args=(n, browser, department)))
    for thread in threads:
        thread.start()
    time.sleep(SECONDS / 2)
    with lock:
        at_kill = counts["ack"]
    server.kill9()
    down = server.start()
    time.sleep(SECONDS / 2)
    stop.set()
    for thread in threads:
        thread.join(timeout=60)
    stored = set(json.loads(python(setup["env"], "-c", STORED, prefix)))
    print(f"# saves: {counts['ack']} of {counts['attempted']} acknowledged", flush=True)
    return {
        **counts,
        "ack_before_kill": at_kill,
        "down_s": down,
        "lost": len(acknowledged - stored),
        "unacknowledged_stored": len(stored - acknowledged),
    }


def uploads(server: Server, setup: dict) -> list[dict]:
    browser = Browser(server.port, "10.20.1.1", timeout=90)
    if not signed_in(browser.sign_in("samordnare", PASSWORD)):
        raise RuntimeError("samordnare could not sign in")
    path = f"/intern/handlingsplaner/{setup['plan']}/import/"
    rows = []
    for what, name, content in drill_files.cases():
        browser.get(path)
        warm_up(browser, path)
        started = time.perf_counter()
        with PeakMemory(workers(server.process.pid)) as memory:
            try:
                answer = browser.post(path, {}, (name, content))
                status, said = answer.status, first_error(answer.text) or answer.location
                said = said or heading(answer.text)
            except (OSError, HTTPException) as error:
                status, said = 0, f"no answer ({type(error).__name__})"
        seconds = time.perf_counter() - started
        if memory.gone:
            said += f"; worker {', '.join(map(str, memory.gone))} gone"
            time.sleep(3)  # gunicorn starts a replacement
        rows.append(
            {
                "file": what,
                "size": len(content),
                "answer": shorten(f"{status or '-'} {said}"),
                "seconds": seconds,
                "rss_mb": memory.before_mb,
                "growth_mb": memory.growth_mb,
                "pass": 0 < status < 500 and seconds < 2 and memory.growth_mb < 50,
            }
        )
        print("#", upload_row(rows[-1]), flush=True)
    return rows


def warm_up(browser: Browser, path: str) -> None:
    """Ordinary files, several at once so that both workers take some: a worker imports
    the spreadsheet reader on its first upload, which is not what a crafted file costs."""
    threads = [
        threading.Thread(target=browser.post, args=(path, {}, file))
        for _ in range(3)
        for file in drill_files.warm_up()
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def sign_in_flood(server: Server) -> dict:
    # Addresses as the proxy reports them: the real users sit elsewhere than the attacker,
    # whose parallel guesses come from a second address with a counter not yet full.
    attacker, guesser, office = "203.0.113.66", "203.0.113.77", "198.51.100.7"
    names = [
        Browser(server.port, attacker).sign_in(random_name(), "fel-losenord-123") for _ in range(20)
    ]
    flood = [Browser(server.port, guesser) for _ in range(40)]
    for browser in flood:
        browser.get("/intern/logga-in/")
    answers, gate = [None] * 40, threading.Barrier(40)

    def guess(i: int) -> None:
        gate.wait()
        fields = {"username": "samordnare", "password": f"fel-losenord-{i:03}"}
        answers[i] = first_error(flood[i].post("/intern/logga-in/", fields).text)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    real = {
        user: signed_in(Browser(server.port, office).sign_in(user, PASSWORD))
        for user in ("samordnare", "lasare")
    }
    return {
        "names_refused": sum(TOO_MANY in first_error(a.text) for a in names),
        "checked": sum(WRONG in a for a in answers),
        "refused": sum(TOO_MANY in a for a in answers),
        "other": sum(not (WRONG in a or TOO_MANY in a) for a in answers),
        **real,
    }


def main() -> None:
    databases = os.environ.get("DRILL_DATABASES", "sqlite,postgresql").split(",")
    parts = os.environ.get("DRILL_PARTS", "saves,uploads,sign-in").split(",")
    pg_url = os.environ.get("DATABASE_URL", "")
    if "postgresql" in databases and not pg_url.startswith("postgres"):
        sys.exit("The drill on PostgreSQL needs DATABASE_URL (run it via scripts/with-postgres)")
    results, verdicts = {}, []
    for db in databases:
        print(f"# {db}: preparing a fresh database in {TARGET_ROOT} …", flush=True)
        setup = database(db, pg_url)
        server = Server(setup["server_env"])
        cwd = os.readlink(f"/proc/{server.process.pid}/cwd")
        print(f"# serving {setup['package']} (gunicorn's directory: {cwd})", flush=True)
        results[db] = {}
        try:
            if "saves" in parts:
                results[db]["saves"] = saves(server, setup)
            if "uploads" in parts:
                results[db]["uploads"] = uploads(server, setup)
            if "sign-in" in parts:
                results[db]["sign-in"] = sign_in_flood(server)
        finally:
            server.stop()
    for db in databases:
        verdicts += report(db, results[db], SECONDS)
    sys.exit(0 if all(verdicts) else 1)


if __name__ == "__main__":
    main()
