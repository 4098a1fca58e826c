"""What the site publishes as open data, described once: for Sveriges dataportal as a
DCAT-AP-SE catalogue (/datasets/dcat) and for people on the "Öppna data" page (/oppna-data/).

Only addresses the site has are described: a distribution whose address does not resolve
(an XLSX twin not built yet, say) is left out rather than promised. Every date is the content
version's (core/versioning.py), which moves whenever anything the public sees changes: coarse
(a news item moves the projects' date too) but never older than the data."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils import translation
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, SKOS, XSD

from projektdatabas.reporting.statistics import statistics

CC0 = "http://creativecommons.org/publicdomain/zero/1.0/"
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEME_SCHEME = URIRef(EU + "data-theme")
PUBLIC_ACCESS = URIRef(EU + "access-right/PUBLIC")
LOCAL_AUTHORITY = URIRef("http://purl.org/adms/publishertype/LocalAuthority")
LANGUAGES = {"sv": URIRef(EU + "language/SWE"), "en": URIRef(EU + "language/ENG")}

# The EU data-theme vocabulary's labels for the themes used here.
THEMES = {
    "INTR": {"sv": "Internationella frågor", "en": "International issues"},
    "GOVE": {"sv": "Regeringen och den offentliga sektorn", "en": "Government and public sector"},
    "REGI": {"sv": "Regioner och städer", "en": "Regions and cities"},
}
# EU file-type code: IANA media type.
FILE_TYPES = {
    "CSV": "text/csv",
    "JSON": "application/json",
    "XLSX": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "RSS": "application/rss+xml",
    "ATOM": "application/atom+xml",
}
FORMAT_NAMES = {"CSV": "CSV", "JSON": "JSON", "XLSX": "XLSX", "RSS": "RSS", "ATOM": "Atom"}


@dataclass(frozen=True)
class Distribution:
    key: str  # the fragment of its IRI in the catalogue
    path: str  # its address on the Swedish site
    file_type: str  # a key of FILE_TYPES
    title: dict[str, str]
    api: bool = False  # served by the API (/api/v1/) rather than as a file


@dataclass(frozen=True)
class Dataset:
    key: str
    title: dict[str, str]
    description: dict[str, str]
    keywords: dict[str, tuple[str, ...]]
    themes: tuple[str, ...]
    landing_page: str | None  # the page showing it to people, where the site has one
    distributions: tuple[Distribution, ...]


def _files(key: str, title: dict[str, str], base: str, types=("CSV", "JSON", "XLSX")):
    """A file in each format at `base` + its suffix (/projekt.csv, /projekt.json, ...)."""
    return [
        Distribution(
            f"{key}-{file_type.lower()}",
            f"{base}.{file_type.lower()}",
            file_type,
            {lang: f"{text} ({FORMAT_NAMES[file_type]})" for lang, text in title.items()},
        )
        for file_type in types
    ]


def _api(key: str, path: str, title: dict[str, str]) -> Distribution:
    return Distribution(
        f"{key}-api",
        path,
        "JSON",
        {"sv": f"{title['sv']} i API:t", "en": f"{title['en']} in the API"},
        api=True,
    )


def _table_files(municipality) -> list[Distribution]:
    """A CSV (and its XLSX twin) for each of the statistics page's tables. The tables are
    built once per language: some titles are formatted when the table is."""
    titles: dict[str, dict[str, str]] = {}
    for lang in ("sv", "en"):
        with translation.override(lang):
            for table in statistics(municipality, public=True):
                titles.setdefault(table.slug, {})[lang] = str(table.title)
    return [
        part
        for slug, title in titles.items()
        for part in _files(f"statistik-{slug}", title, f"/statistik/{slug}", types=("CSV", "XLSX"))
    ]


def datasets(municipality) -> list[Dataset]:
    """The datasets, each with the distributions whose addresses the site has now."""
    found = [
        Dataset(
            "projekt",
            {"sv": "Internationella projekt", "en": "International projects"},
            {
                "sv": "Kommunens publicerade internationella projekt och utbyten: titel, "
                "sammanfattning, typ, status, förvaltning, period, teman, program, partner och "
                "deras länder, deltagare, budget och EU-bidrag. Bara publicerade projekt och "
                "offentliga uppgifter, inga kontaktpersoner.",
                "en": "The municipality's published international projects and exchanges: "
                "title, summary, kind, status, department, period, themes, programmes, "
                "partners and their countries, participants, budget and EU grant. Published "
                "projects and public facts only, no contact persons.",
            },
            {
                "sv": ("projekt", "EU-projekt", "internationellt samarbete"),
                "en": ("projects", "EU projects", "international cooperation"),
            },
            ("INTR", "GOVE"),
            "/projekt/",
            (
                *_files("projekt", {"sv": "Projekt", "en": "Projects"}, "/projekt"),
                _api("projekt", "/api/v1/projekt", {"sv": "Projekt", "en": "Projects"}),
            ),
        ),
        Dataset(
            "vanorter",
            {"sv": "Vänorter", "en": "Twin towns"},
            {
                "sv": "Kommunens vänorter med deras historik: land, första kontakt, avtal, "
                "status och händelser över tid.",
                "en": "The municipality's twin towns with their history: country, first "
                "contact, agreement, status and events over time.",
            },
            {"sv": ("vänorter", "vänortsutbyte"), "en": ("twin towns", "town twinning")},
            ("INTR", "REGI"),
            "/vanorter/",
            (_api("vanorter", "/api/v1/vanorter", {"sv": "Vänorter", "en": "Twin towns"}),),
        ),
        Dataset(
            "organisationer",
            {"sv": "Partnerorganisationer", "en": "Partner organisations"},
            {
                "sv": "Organisationer som kommunen samarbetar med i publicerade projekt, och "
                "vänorterna: namn, typ, land och ort, med projekten de deltar i.",
                "en": "Organisations the municipality works with in published projects, and "
                "the twin towns: name, kind, country and town, with the projects they take "
                "part in.",
            },
            {"sv": ("partner", "organisationer"), "en": ("partners", "organisations")},
            ("INTR",),
            None,  # shown on each project's and each organisation's page, no list of its own
            (
                _api(
                    "organisationer",
                    "/api/v1/organisationer",
                    {"sv": "Partnerorganisationer", "en": "Partner organisations"},
                ),
            ),
        ),
        Dataset(
            "handlingsplan",
            {"sv": "Handlingsplanens åtgärder", "en": "The action plan's measures"},
            {
                "sv": "Åtgärderna i kommunens handlingsplan för det internationella arbetet: "
                "inriktning, ansvarig förvaltning, tidplan, status och hur långt de har kommit.",
                "en": "The measures of the municipality's action plan for its international "
                "work: orientation, responsible department, schedule, status and progress.",
            },
            {
                "sv": ("handlingsplan", "åtgärder", "uppföljning"),
                "en": ("action plan", "measures", "follow-up"),
            },
            ("GOVE", "INTR"),
            "/handlingsplan/",
            (
                _api(
                    "handlingsplan",
                    "/api/v1/atgarder",
                    {"sv": "Åtgärder", "en": "Measures"},
                ),
            ),
        ),
        Dataset(
            "statistik",
            {
                "sv": "Statistik om det internationella arbetet",
                "en": "Statistics of the international work",
            },
            {
                "sv": "Nyckeltal och tabeller räknade på de publicerade projekten: EU-medel per "
                "år, förvaltning och program, projekt per tema och inriktning, partner per "
                "land och vänortsutbyten över tid.",
                "en": "Key figures and tables counted from the published projects: EU money "
                "per year, department and programme, projects per theme and orientation, "
                "partners per country and twin-town exchanges over time.",
            },
            {
                "sv": ("statistik", "nyckeltal", "EU-medel"),
                "en": ("statistics", "key figures", "EU funding"),
            },
            ("GOVE", "INTR"),
            "/statistik/",
            (
                *_files(
                    "statistik-nyckeltal",
                    {"sv": "Nyckeltal", "en": "Key figures"},
                    "/statistik/nyckeltal",
                ),
                *_table_files(municipality),
                _api("statistik", "/api/v1/statistik", {"sv": "Statistik", "en": "Statistics"}),
            ),
        ),
        Dataset(
            "nyheter",
            {
                "sv": "Nyheter om det internationella arbetet",
                "en": "News about the international work",
            },
            {
                "sv": "Kommunens publicerade nyheter om projekt, vänorter och utbyten, nyast "
                "först.",
                "en": "The municipality's published news about projects, twin towns and "
                "exchanges, newest first.",
            },
            {"sv": ("nyheter",), "en": ("news",)},
            ("GOVE", "INTR"),
            "/nyheter/",
            (
                Distribution(
                    "nyheter-rss",
                    "/nyheter/rss/",
                    "RSS",
                    {"sv": "Nyheter (RSS)", "en": "News (RSS)"},
                ),
                Distribution(
                    "nyheter-atom",
                    "/nyheter/atom/",
                    "ATOM",
                    {"sv": "Nyheter (Atom)", "en": "News (Atom)"},
                ),
                _api("nyheter", "/api/v1/nyheter", {"sv": "Nyheter", "en": "News"}),
            ),
        ),
    ]
    return [
        Dataset(**{**d.__dict__, "distributions": tuple(filter(_exists, d.distributions))})
        for d in found
    ]


def _exists(distribution: Distribution) -> bool:
    # Addresses are the Swedish site's, which has no language prefix.
    with translation.override(settings.LANGUAGE_CODE):
        try:
            resolve(distribution.path)
        except Resolver404:
            return False
    return True


def catalogue_graph(*, municipality, site: str, modified: datetime.datetime) -> Graph:
    """The DCAT-AP-SE catalogue. `site`: the site's address without a trailing slash.

    Every thing the portal keeps (catalogue, datasets, distributions, publisher, contact,
    the API) has an IRI of its own, a fragment of the catalogue's address, so each one
    resolves to the catalogue. The EU vocabularies' terms carry their type and labels here,
    as the EU shapes ask and as Digg's own validator gets by loading the vocabularies."""
    here = f"{site}/datasets/dcat#"
    g = Graph()
    for prefix, namespace in (
        ("dcat", DCAT),
        ("dcterms", DCTERMS),
        ("foaf", FOAF),
        ("skos", SKOS),
        ("vcard", VCARD),
    ):
        g.bind(prefix, namespace)
    when = Literal(modified.replace(microsecond=0), datatype=XSD.dateTime)
    cc0 = URIRef(CC0)

    def both(subject, predicate, texts: dict[str, str]) -> None:
        for lang, text in texts.items():
            g.add((subject, predicate, Literal(text, lang=lang)))

    catalogue = URIRef(here + "catalog")
    publisher = _publisher(g, municipality, here)
    contact = _contact(g, municipality, here)
    g.add((catalogue, RDF.type, DCAT.Catalog))
    both(
        catalogue,
        DCTERMS.title,
        {
            "sv": f"Projektdatabasen, {municipality.name}: öppna data",
            "en": f"Project database, {municipality.name}: open data",
        },
    )
    both(
        catalogue,
        DCTERMS.description,
        {
            "sv": f"Öppna data om det internationella arbetet i {municipality.name}: projekt, "
            "vänorter, partner, handlingsplanens åtgärder, statistik och nyheter. Fritt att "
            "använda (CC0).",
            "en": f"Open data about the international work of {municipality.name}: projects, "
            "twin towns, partners, the action plan's measures, statistics and news. Free to "
            "use (CC0).",
        },
    )
    g.add((catalogue, DCTERMS.publisher, publisher))
    g.add((catalogue, DCTERMS.license, cc0))
    g.add((catalogue, DCTERMS.modified, when))
    g.add((catalogue, FOAF.homepage, URIRef(site + "/oppna-data/")))
    g.add((URIRef(site + "/oppna-data/"), RDF.type, FOAF.Document))
    g.add((catalogue, DCAT.themeTaxonomy, THEME_SCHEME))
    for language in LANGUAGES.values():
        g.add((catalogue, DCTERMS.language, language))

    service = URIRef(here + "api")
    g.add((catalogue, DCAT.service, service))
    g.add((service, RDF.type, DCAT.DataService))
    both(service, DCTERMS.title, {"sv": "Projektdatabasens API", "en": "Project database API"})
    both(
        service,
        DCTERMS.description,
        {
            "sv": "Läs-API med JSON (version 1), beskrivet i OpenAPI 3.1.",
            "en": "Read-only JSON API (version 1), described in OpenAPI 3.1.",
        },
    )
    # Typed rdfs:Resource as the EU 3.0.1 shapes ask (Digg's validator waives it instead).
    for predicate, address in (
        (DCAT.endpointURL, "/api/v1/"),
        (DCAT.endpointDescription, "/api/v1/openapi.json"),
    ):
        g.add((service, predicate, URIRef(site + address)))
        g.add((URIRef(site + address), RDF.type, RDFS.Resource))
    g.add((service, DCAT.landingPage, URIRef(site + "/oppna-data/api/")))
    g.add((URIRef(site + "/oppna-data/api/"), RDF.type, FOAF.Document))
    g.add((service, DCTERMS.publisher, publisher))
    g.add((service, DCTERMS.license, cc0))
    g.add((service, DCTERMS.accessRights, PUBLIC_ACCESS))
    if contact is not None:
        g.add((service, DCAT.contactPoint, contact))

    for dataset in datasets(municipality):
        node = URIRef(here + dataset.key)
        g.add((catalogue, DCAT.dataset, node))
        g.add((node, RDF.type, DCAT.Dataset))
        both(node, DCTERMS.title, dataset.title)
        both(node, DCTERMS.description, dataset.description)
        for lang, words in dataset.keywords.items():
            for word in words:
                g.add((node, DCAT.keyword, Literal(word, lang=lang)))
        for theme in dataset.themes:
            g.add((node, DCAT.theme, URIRef(f"{EU}data-theme/{theme}")))
        g.add((node, DCTERMS.publisher, publisher))
        if contact is not None:
            g.add((node, DCAT.contactPoint, contact))
        g.add((node, DCTERMS.accessRights, PUBLIC_ACCESS))
        g.add((node, DCTERMS.modified, when))
        if dataset.landing_page:
            g.add((node, DCAT.landingPage, URIRef(site + dataset.landing_page)))
            g.add((URIRef(site + dataset.landing_page), RDF.type, FOAF.Document))
        for language in LANGUAGES.values():
            g.add((node, DCTERMS.language, language))
        for distribution in dataset.distributions:
            part = URIRef(here + distribution.key)
            address = URIRef(site + distribution.path)
            g.add((node, DCAT.distribution, part))
            g.add((part, RDF.type, DCAT.Distribution))
            both(part, DCTERMS.title, distribution.title)
            g.add((part, DCAT.accessURL, address))
            if distribution.api:
                g.add((part, DCAT.accessService, service))
                g.add((service, DCAT.servesDataset, node))
            else:
                g.add((part, DCAT.downloadURL, address))
            file_type = URIRef(f"{EU}file-type/{distribution.file_type}")
            media_type = URIRef(
                "https://www.iana.org/assignments/media-types/" + FILE_TYPES[distribution.file_type]
            )
            g.add((part, DCTERMS.format, file_type))
            g.add((part, DCAT.mediaType, media_type))
            g.add((file_type, RDF.type, DCTERMS.MediaTypeOrExtent))
            g.add((media_type, RDF.type, DCTERMS.MediaType))
            g.add((part, DCTERMS.license, cc0))
            g.add((part, DCTERMS.modified, when))
    _vocabulary_terms(g)
    return g


def _publisher(g: Graph, municipality, here: str) -> URIRef:
    """The IRI Sveriges dataportal recognises across catalogues, when the organisation
    number is known (docs/harvesting.md: "Identifierare för utgivande organisationer")."""
    if municipality.organisation_number:
        publisher = URIRef(
            f"http://dataportal.se/organisation/SE{municipality.organisation_number_digits}"
        )
        g.add((publisher, DCTERMS.identifier, Literal(municipality.organisation_number_digits)))
    else:
        publisher = URIRef(here + "publisher")
    g.add((publisher, RDF.type, FOAF.Agent))
    g.add((publisher, FOAF.name, Literal(municipality.name, lang="sv")))
    g.add((publisher, DCTERMS.type, LOCAL_AUTHORITY))
    if municipality.website:
        g.add((publisher, FOAF.homepage, URIRef(municipality.website)))
        g.add((URIRef(municipality.website), RDF.type, FOAF.Document))
    return publisher


def _contact(g: Graph, municipality, here: str) -> URIRef | None:
    """The international coordinator's address; none rather than an invented one."""
    if not municipality.coordinator_email:
        return None
    contact = URIRef(here + "contact")
    g.add((contact, RDF.type, VCARD.Organization))
    g.add((contact, RDF.type, VCARD.Kind))
    g.add((contact, VCARD.fn, Literal(f"{municipality.name}, internationell samordnare")))
    g.add((contact, VCARD.hasEmail, URIRef("mailto:" + municipality.coordinator_email)))
    return contact


def _vocabulary_terms(g: Graph) -> None:
    g.add((URIRef(CC0), RDF.type, DCTERMS.LicenseDocument))
    g.add((PUBLIC_ACCESS, RDF.type, DCTERMS.RightsStatement))
    g.add((THEME_SCHEME, RDF.type, SKOS.ConceptScheme))
    g.add((THEME_SCHEME, DCTERMS.title, Literal("Data theme", lang="en")))
    for code, labels in THEMES.items():
        theme = URIRef(f"{EU}data-theme/{code}")
        if (None, DCAT.theme, theme) in g:
            g.add((theme, RDF.type, SKOS.Concept))
            g.add((theme, SKOS.inScheme, THEME_SCHEME))
            for lang, label in labels.items():
                g.add((theme, SKOS.prefLabel, Literal(label, lang=lang)))
    g.add((LOCAL_AUTHORITY, RDF.type, SKOS.Concept))
    g.add((LOCAL_AUTHORITY, SKOS.prefLabel, Literal("Local Authority", lang="en")))
    for language in LANGUAGES.values():
        g.add((language, RDF.type, DCTERMS.LinguisticSystem))


# suffix: (rdflib format, Content-Type)
SERIALISATIONS = {
    "rdf": ("xml", "application/rdf+xml"),
    "ttl": ("turtle", "text/turtle"),
    "jsonld": ("json-ld", "application/ld+json"),
}


def serialise(graph: Graph, suffix: str) -> bytes:
    rdflib_format, _content_type = SERIALISATIONS[suffix]
    return graph.serialize(format=rdflib_format, encoding="utf-8")
