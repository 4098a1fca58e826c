"""A minimal iCalendar (RFC 5545) writer for the governance calendar: all-day events,
escaped text, lines folded at 75 octets. Small enough not to need a dependency."""

import datetime as dt
import re

from django.conf import settings

from .calendar import Event

# RFC 5545 3.3.11: TEXT may hold no control character but the tab; a line break is written
# as \n. A bare carriage return would end the content line early in some clients.
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")


def _escape(text: str) -> str:
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return _CONTROL.sub("", _LINE_BREAK.sub("\\\\n", text))


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def to_ics(events: list[Event], *, name: str, domain: str, now: dt.datetime) -> str:
    stamp = now.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Projektdatabasen//Styrningskalender//SV",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.key}@{domain}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{event.date:%Y%m%d}",
            f"DTEND;VALUE=DATE:{event.date + dt.timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(event.title)}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if event.path:
            lines.append(f"URL:{settings.SITE_URL}{event.path}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
