"""What `make drill` needs besides the server: a browser behind the municipality's TLS
proxy, and the server workers' memory as the kernel counts it."""

import contextlib
import html
import http.client
import os
import re
import secrets
import subprocess
import threading
import time
import uuid
from dataclasses import dataclass
from urllib.parse import urlencode

HOST = "projekt.example.se"  # the name the proxy forwards; in ALLOWED_HOSTS


@dataclass
class Answer:
    status: int
    location: str
    text: str
    seconds: float


class Browser:
    """One person's browser, seen through a TLS proxy: the request reaches the server from
    127.0.0.1 with X-Forwarded-For (the person's address) and X-Forwarded-Proto: https, as
    nginx or Apache would send them. Cookies are kept by hand: the session cookie is Secure,
    and the standard library's cookie jar keeps Secure cookies away from http://."""

    def __init__(self, port: int, address: str, timeout: float = 30):
        self.port, self.address, self.timeout = port, address, timeout
        self.cookies: dict[str, str] = {}
        self.token = ""

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        headers = {
            "Host": HOST,
            "X-Forwarded-For": self.address,
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}{path}",
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        started = time.perf_counter()
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body or None, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name] = value
            else:
                self.cookies.pop(name, None)
        if match := re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text):
            self.token = match.group(1)
        return Answer(
            response.status,
            response.headers.get("Location", ""),
            text,
            time.perf_counter() - started,
        )

    def get(self, path: str) -> Answer:
        return self.request("GET", path)

    def post(self, path: str, fields: dict, file: tuple[str, bytes] | None = None) -> Answer:
        """A form post with this browser's CSRF token (and a file, as multipart)."""
        fields = {"csrfmiddlewaretoken": self.token, **fields}
        if file is None:
            body = urlencode(fields).encode()
            return self.request("POST", path, body, "application/x-www-form-urlencoded")
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in fields.items()
        ]
        name, content = file
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            "POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}"
        )

    def sign_in(self, username: str, password: str) -> Answer:
        self.get("/intern/logga-in/")
        return self.post("/intern/logga-in/", {"username": username, "password": password})


def signed_in(answer: Answer) -> bool:
    return answer.status == 302 and "logga-in" not in answer.location


def first_error(text: str) -> str:
    """The first problem a form page lists (the import's row errors, a refused sign-in)."""
    match = re.search(r'class="error-summary".*?<li>(.*?)</li>', text, re.S)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(1))).strip() if match else ""


def heading(text: str) -> str:
    """The page's first heading or title, e.g. of an error page."""
    match = re.search(r"<(h1|title)[^>]*>(.*?)</\1>", text, re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", "", match.group(2))).strip() if match else ""


def random_name() -> str:
    return "gissning-" + secrets.token_hex(4)


# --- the server's workers ---------------------------------------------------------------


def workers(master: int) -> list[int]:
    out = subprocess.run(
        ["ps", "--ppid", str(master), "-o", "pid="], capture_output=True, text=True
    )
    return [int(pid) for pid in out.stdout.split()]


def memory_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM (peak resident size) of a process, in kB; {} once it has gone."""
    try:
        with open(f"/proc/{pid}/status") as status:
            lines = status.read().splitlines()
    except FileNotFoundError:
        return {}
    return {
        line.split(":")[0]: int(line.split()[1])
        for line in lines
        if line.startswith(("VmRSS", "VmHWM"))
    }


class PeakMemory:
    """How far the largest of some processes grows above its size at the start: the peak
    is reset (Linux's clear_refs, value 5) and then read every 0.1 s, so a worker that is
    killed mid-way (by gunicorn's timeout, or a memory limit) is still counted."""

    def __init__(self, pids: list[int]):
        self.pids = pids
        for pid in pids:
            with contextlib.suppress(OSError), open(f"/proc/{pid}/clear_refs", "w") as refs:
                refs.write("5")
        self.before = {pid: memory_kb(pid).get("VmRSS", 0) for pid in pids}
        self.peaks = dict(self.before)
        self.done = threading.Event()
        self.sampler = threading.Thread(target=self._sample)

    def _sample(self) -> None:
        while True:
            for pid in self.pids:
                self.peaks[pid] = max(self.peaks[pid], memory_kb(pid).get("VmHWM", 0))
            if self.done.wait(0.1):
                return

    def __enter__(self):
        self.sampler.start()
        return self

    def __exit__(self, *exc):
        self.done.set()
        self.sampler.join()
        self.gone = [pid for pid in self.pids if not memory_kb(pid)]
        self.before_mb = max(self.before.values(), default=0) / 1024
        self.growth_mb = (
            max((self.peaks[pid] - self.before[pid] for pid in self.pids), default=0) / 1024
        )


def kill_all(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, 9)
