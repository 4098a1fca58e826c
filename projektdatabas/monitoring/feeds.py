"""Reading RSS 2.0 and Atom feeds of EU items (EUR-Lex's "Acts of the Official Journal L",
the Publications Office's, a network's own), from an uploaded file or, when the
coordinator asks, from an address.

The XML comes from outside, so it is parsed with Python's own parser (defusedxml is not
installed, and this needs nothing it adds) with every document type declaration refused
before its first declaration is read: no entity can be defined, so none can be expanded
("billion laughs") or fetched from a file or the network (XXE). Fetching is bounded in
time and size, and goes only to public http(s) addresses."""

import datetime as dt
import email.utils
import html
import http.client
import ipaddress
import re
import socket
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from django.utils.html import strip_tags
from django.utils.translation import gettext as _

MAX_BYTES = 2 * 1024 * 1024  # EUR-Lex's OJ L feed of about 100 entries is some 100 kB
MAX_ENTRIES = 500
FETCH_TIMEOUT = 15  # seconds, for connecting and for each read

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


class FeedRefused(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass
class FeedEntry:
    position: int  # the entry's place in the feed, for the errors
    title: str
    link: str
    guid: str
    identifier: str  # dc:identifier, where the feed gives one
    published_on: dt.date | None
    summary: str


class _NoDoctype(ET.TreeBuilder):
    """The parser calls this when a document type declaration starts, before any of its
    declarations (entities among them) is read."""

    def doctype(self, name, pubid, system):
        raise FeedRefused(
            [
                _(
                    "The feed declares a document type, which an import does not read. "
                    "Nothing was saved."
                )
            ]
        )


def _parse(content: bytes) -> ET.Element:
    head = content[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
        # EUR-Lex answers some requests with an HTML error page instead of the feed.
        raise FeedRefused(
            [_("This is a web page, not a feed. Check the address or the file and try again.")]
        )
    # Safe as said above: the target refuses the DTD before any entity is declared.
    parser = ET.XMLParser(target=_NoDoctype())  # noqa: S314
    try:
        parser.feed(content)
        return parser.close()
    except ET.ParseError as error:
        line = error.position[0] if error.position else 0
        raise FeedRefused(
            [
                _("The file is not a readable feed (RSS or Atom): an error on line %(line)d.")
                % {"line": line}
            ]
        ) from error


def _text(element: ET.Element | None) -> str:
    return " ".join((element.text or "").split()) if element is not None else ""


def _plain(markup: str) -> str:
    """A description is often HTML (escaped inside the XML): kept as plain text, paragraphs
    as empty lines."""
    markup = re.sub(r"(?i)<\s*(br|/p|/div|/li)\b[^>]*>", "\n", markup)
    text = html.unescape(strip_tags(markup))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _date(text: str) -> dt.date | None:
    text = text.strip()
    if not text:
        return None
    try:
        return email.utils.parsedate_to_datetime(text).date()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()  # Atom, dc:date
    except ValueError:
        return None


def parse_feed(content: bytes) -> list[FeedEntry]:
    root = _parse(content)
    if root.tag == "rss":
        channel = root.find("channel")
        items = channel.findall("item") if channel is not None else []
        entries = [_rss_entry(n, item) for n, item in enumerate(items, start=1)]
    elif root.tag == f"{ATOM}feed":
        entries = [
            _atom_entry(n, entry) for n, entry in enumerate(root.findall(f"{ATOM}entry"), start=1)
        ]
    else:
        raise FeedRefused(
            [_("The file is XML but neither an RSS 2.0 nor an Atom feed. Nothing was saved.")]
        )
    if len(entries) > MAX_ENTRIES:
        raise FeedRefused([_("At most %(n)d entries at a time.") % {"n": MAX_ENTRIES}])
    return entries


def _rss_entry(position: int, item: ET.Element) -> FeedEntry:
    return FeedEntry(
        position=position,
        title=_text(item.find("title")),
        link=_text(item.find("link")),
        guid=_text(item.find("guid")),
        identifier=_text(item.find(f"{DC}identifier")),
        published_on=_date(_text(item.find("pubDate")) or _text(item.find(f"{DC}date"))),
        summary=_plain(item.findtext("description") or ""),
    )


def _atom_entry(position: int, entry: ET.Element) -> FeedEntry:
    links = entry.findall(f"{ATOM}link")
    link = next((lk for lk in links if lk.get("rel", "alternate") == "alternate"), None)
    summary = entry.find(f"{ATOM}summary")
    if summary is None:
        summary = entry.find(f"{ATOM}content")
    summary_text = "".join(summary.itertext()) if summary is not None else ""
    return FeedEntry(
        position=position,
        title=_plain(_text(entry.find(f"{ATOM}title"))),
        link=(link.get("href") or "").strip() if link is not None else "",
        guid=_text(entry.find(f"{ATOM}id")),
        identifier=_text(entry.find(f"{DC}identifier")),
        published_on=_date(
            _text(entry.find(f"{ATOM}published")) or _text(entry.find(f"{ATOM}updated"))
        ),
        summary=_plain(summary_text),
    )


# --- Fetching, only when the coordinator asks -----------------------------------------


def is_public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    """A global address, and for an IPv6 form that carries an IPv4 address inside it
    (mapped, compatible, 6to4, Teredo, NAT64), that one global too: Python's is_global
    calls ::127.0.0.1 or 64:ff9b::7f00:1 global."""
    if not address.is_global:
        return False
    if address.version == 6:
        packed = address.packed
        inside = [
            address.ipv4_mapped,
            address.sixtofour,
            address.teredo[1] if address.teredo else None,
            # ::a.b.c.d (deprecated "compatible") and 64:ff9b::a.b.c.d (NAT64)
            ipaddress.IPv4Address(packed[12:]) if packed[:12] == bytes(12) else None,
            ipaddress.IPv4Address(packed[12:])
            if address in ipaddress.IPv6Network("64:ff9b::/96")
            else None,
        ]
        return all(v4 is None or v4.is_global for v4 in inside)
    return True


def _not_public(host: str) -> FeedRefused:
    return FeedRefused(
        [
            _("%(host)s is not an address on the internet; a feed is fetched only from there.")
            % {"host": host}
        ]
    )


def _refuse_private(host: str) -> None:
    """The server may reach addresses the coordinator's browser cannot (the database, the
    mail server, the cloud's metadata service): a feed is always on the public internet."""
    try:
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as error:
        raise FeedRefused([_("The address %(host)s was not found.") % {"host": host}]) from error
    for info in infos:
        if not is_public(ipaddress.ip_address(info[4][0].split("%")[0])):
            raise _not_public(host)


def check_address(url: str) -> str:
    parts = urllib.parse.urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FeedRefused([_("Give an address starting with https:// (or http://).")])
    _refuse_private(parts.hostname)
    return parts.geturl()


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    max_redirections = 3

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        check_address(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_peer(connection) -> None:
    """After connecting: the address actually connected to is public. The name was checked
    before, but a name can answer differently a moment later (DNS rebinding). Through a
    proxy the peer is the proxy, which the operator chose; the name check stands then."""
    if urllib.request.getproxies():
        return
    peer = ipaddress.ip_address(connection.sock.getpeername()[0].split("%")[0])
    if not is_public(peer):
        connection.close()
        raise _not_public(connection.host)


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def connect(self):
        super().connect()
        _check_peer(self)


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def connect(self):
        super().connect()  # the TLS handshake too: the check closes it if need be
        _check_peer(self)


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


def checked_opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(
        _CheckedRedirects(), _CheckedHTTPHandler(), _CheckedHTTPSHandler()
    )


def fetch(url: str, *, opener=None) -> bytes:
    """The feed at `url`, at most MAX_BYTES of it, within FETCH_TIMEOUT seconds a step."""
    url = check_address(url)
    opener = opener or checked_opener()
    # check_address allows http and https only.
    request = urllib.request.Request(  # noqa: S310
        url,
        headers={
            "User-Agent": "Projektdatabasen (EU monitoring)",
            "Accept": "application/rss+xml, application/atom+xml, application/xml, text/xml",
        },
    )
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            content = response.read(MAX_BYTES + 1)
    except FeedRefused:
        raise
    except (OSError, ValueError) as error:  # URLError, HTTPError, timeouts are OSErrors
        raise FeedRefused(
            [
                _("The feed could not be fetched (%(reason)s). Try again, or upload it as a file.")
                % {"reason": getattr(error, "reason", error)}
            ]
        ) from error
    if len(content) > MAX_BYTES:
        raise FeedRefused(
            [
                _("The feed is larger than %(mb)d MB, more than an import reads.")
                % {"mb": MAX_BYTES // (1024 * 1024)}
            ]
        )
    return content
