"""Example news for the demo, flagged "Exempel:" in their titles and as example data: three
public items linked to the strategy's real projects, twin towns and partners (one with a
picture drawn here, so the demo shows an image and its text alternative) and one internal
item for the staff start page. Loading again changes nothing."""

import datetime as dt
import io

from django.utils import timezone
from django.utils.text import slugify
from PIL import Image, ImageDraw

from projektdatabas.news.images import prepare_image
from projektdatabas.news.models import NewsItem, NewsKind, NewsStatus
from projektdatabas.organisations.models import Organisation
from projektdatabas.projects.models import Project

NEWS = [
    {
        "kind": NewsKind.PUBLIC,
        "days_ago": 3,
        "title_sv": "Exempel: Ungdomar från Kaufungen besöker Ale",
        "title_en": "Example: Young people from Kaufungen visit Ale",
        "body_sv": (
            "I maj kommer tjugo ungdomar från vänorten Kaufungen till Ale för en vecka med "
            "idrott, kultur och studiebesök.\n\n"
            "Vill din förening vara med och ta emot gästerna? Hör av dig till kommunens "
            "internationella samordnare."
        ),
        "body_en": (
            "In May twenty young people from our twin town Kaufungen come to Ale for a week of "
            "sport, culture and study visits."
        ),
        "projects": ["kaufungen-kultur-foreningsliv"],
        "twinnings": ["kaufungen"],
        "organisations": [],
        "image_alt_sv": "Tecknad bild: Ales och Kaufungens färger sida vid sida",
        "image_alt_en": "Drawing: the colours of Ale and Kaufungen side by side",
    },
    {
        "kind": NewsKind.PUBLIC,
        "days_ago": 12,
        "title_sv": "Exempel: Vikinga-projektets resultat presenteras",
        "title_en": "Example: The Vikinga project presents its results",
        "body_sv": (
            "Vikinga-projektet redovisar vad samarbetet kring turism och kulturarv har gett, "
            "vid ett seminarium hos West Sweden."
        ),
        "body_en": (
            "The Vikinga project reports what the cooperation on tourism and cultural heritage "
            "has achieved, at a seminar hosted by West Sweden."
        ),
        "projects": ["vikinga"],
        "twinnings": [],
        "organisations": ["West Sweden"],
    },
    {
        "kind": NewsKind.PUBLIC,
        "days_ago": 30,
        "title_sv": "Exempel: Elever från Ruukki på Ale gymnasium",
        "title_en": "Example: Students from Ruukki at Ale upper secondary school",
        "body_sv": (
            "Under hösten studerar elever från vänorten Ruukki på Ale gymnasium.\n\n"
            "Utbytet är en del av det långa samarbetet mellan skolorna."
        ),
        "body_en": "This autumn students from our twin town Ruukki study at Ale gymnasium.",
        "projects": ["ruukki-elever-ale-gymnasium"],
        "twinnings": ["ruukki"],
        "organisations": [],
    },
    {
        "kind": NewsKind.INTERNAL,
        "days_ago": 1,
        "title_sv": "Exempel: Nya regler för statligt stöd – vad betyder de för oss?",
        "title_en": "",
        "body_sv": (
            "EU har antagit nya regler för statligt stöd som kan påverka kommunens "
            "medfinansiering av projekt.\n\n"
            "Samordningsgruppen går igenom dem på nästa möte. Förvaltningarna ombeds se över "
            "pågående ansökningar före dess."
        ),
        "body_en": "",
        "projects": [],
        "twinnings": [],
        "organisations": [],
    },
]


def _drawn_image():
    """Two fields of colour, drawn here rather than shipped as a file."""
    picture = Image.new("RGB", (800, 450), (0, 84, 166))
    ImageDraw.Draw(picture).rectangle((400, 0, 800, 450), fill=(200, 30, 40))
    out = io.BytesIO()
    picture.save(out, "PNG")
    out.seek(0)
    image = prepare_image(out)
    image.save()
    return image


def load_example_news(*, municipality, today: dt.date) -> None:
    for data in NEWS:
        if NewsItem.objects.filter(municipality=municipality, title_sv=data["title_sv"]).exists():
            continue  # a demo user may have changed it since; leave it be
        published = timezone.make_aware(
            dt.datetime.combine(today - dt.timedelta(days=data["days_ago"]), dt.time(9, 0))
        )
        item = NewsItem.objects.create(
            municipality=municipality,
            kind=data["kind"],
            status=NewsStatus.PUBLISHED,
            title_sv=data["title_sv"],
            title_en=data["title_en"],
            slug=slugify(data["title_sv"])[:80],
            body_sv=data["body_sv"],
            body_en=data["body_en"],
            published_at=published,
            is_example_data=True,
            image=_drawn_image() if data.get("image_alt_sv") else None,
            image_alt_sv=data.get("image_alt_sv", ""),
            image_alt_en=data.get("image_alt_en", ""),
        )
        item.projects.set(
            Project.objects.filter(municipality=municipality, slug__in=data["projects"])
        )
        item.twinnings.set(municipality.twinnings.filter(slug__in=data["twinnings"]))
        item.organisations.set(Organisation.objects.filter(name__in=data["organisations"]))
