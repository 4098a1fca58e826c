"""Every text in another language than the page's is marked with its `lang` (WCAG 3.1.2): on
the English pages, the Swedish texts of the demo data (titles and summaries not translated,
department and programme names, the action plan's measures, orientation names …) sit inside
an element with lang="sv", so that a screen reader reads them with a Swedish voice; and the
Swedish pages carry no marks they do not need."""

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from projektdatabas.news.models import NewsItem
from projektdatabas.organisations.models import Twinning
from projektdatabas.planning.models import ActionPlan, Measure, PlanStatus
from projektdatabas.projects.models import Project
from projektdatabas.projects.reference import Programme
from projektdatabas.projects.visibility import public_organisations
from projektdatabas.strategy.models import GrowthStrategyDimension, Orientation

pytestmark = pytest.mark.django_db

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}


class _Node:
    def __init__(self, tag, lang, parent):
        self.tag, self.lang, self.parent = tag, lang, parent
        self.children, self.parts = [], []

    @property
    def text(self) -> str:
        return " ".join("".join(self.parts).split())


class _Tree(HTMLParser):
    """The page's elements with their text and the language each is in (its own `lang` or
    the nearest ancestor's), leaving out <head>, scripts and styles, which are not read."""

    def __init__(self, html: str):
        super().__init__()
        self.root = _Node("#document", "", None)
        self.current = self.root
        self.nodes = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        lang = dict(attrs).get("lang", self.current.lang)
        node = _Node(tag, lang, self.current)
        self.current.children.append(node)
        self.nodes.append(node)
        if tag not in VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        node = self.current
        while node is not None:
            node.parts.append(data)
            node = node.parent

    def read(self):
        """(text, language) of every element shown on the page."""
        hidden = {"head", "script", "style", "template"}
        for node in self.nodes:
            ancestor, shown = node, True
            while ancestor is not None:
                shown = shown and ancestor.tag not in hidden
                ancestor = ancestor.parent
            if shown:
                yield node

    def holders(self, needle: str):
        """The innermost shown elements whose text contains the needle."""
        having = [node for node in self.read() if needle in node.text]
        return [n for n in having if not any(needle in c.text for c in n.children)]


def _needle(text: str) -> str:
    """The start of a text as a page shows it: the first words, up to 40 characters (a long
    summary is shortened on cards), whitespace made single."""
    words = " ".join(text.split())[:40].rsplit(" ", 1)[0] if len(text) > 40 else text
    return " ".join(words.split())


def _swedish_only_texts() -> dict[str, str]:
    """The demo data's texts that exist in Swedish only, by what they are."""
    untranslated = Project.objects.filter(municipality__slug="ale").public().order_by("pk").first()
    untranslated.title_en = ""
    untranslated.public_summary_en = ""
    untranslated.save()
    plans = ActionPlan.objects.exclude(status=PlanStatus.DRAFT)
    plan = plans.current(timezone.localdate()).first() or plans.first()  # the one shown
    texts = {
        "an untranslated title": untranslated.title_sv,
        "an untranslated summary": untranslated.public_summary_sv,
        "a project's source note": untranslated.source_note,
        "the action plan's title": plan.title,
        "a department's name": untranslated.lead_department.name,
    }
    # Named in Swedish in the English accessibility statement.
    texts["the Swedish law's name"] = "lagen om tillgänglighet till digital offentlig service"
    dimension = GrowthStrategyDimension.objects.first()
    untranslated.growth_dimensions.add(dimension)
    texts["an EU strategy's name"] = dimension.strategy_name
    programme = Programme.objects.filter(
        projects__in=Project.objects.filter(municipality__slug="ale").public()
    ).first()
    texts["a programme's name"] = programme.name
    measure = Measure.objects.filter(plan=plan).first()
    measure.description_en = ""  # the demo's measures are in English too
    measure.save()
    texts["a measure"] = measure.description_sv
    orientation = Orientation.objects.filter(measures__plan=plan).first()
    orientation.name_en = ""
    orientation.save()
    texts["an untranslated orientation"] = orientation.name_sv
    news = NewsItem.objects.public().first()
    news.title_en = news.body_en = ""  # the demo's public news are in English too
    news.save()
    texts["an untranslated news title"] = news.title_sv
    texts["an untranslated news text"] = news.body_sv
    from projektdatabas.calls.models import Call

    call = Call.objects.public().open_at().filter(description_en="", audience_en="").first()
    texts["an untranslated call description"] = call.description_sv
    texts["who an untranslated call suits"] = call.audience_sv
    return texts


def _pages(prefix: str) -> list[str]:
    projects = Project.objects.filter(municipality__slug="ale").public().order_by("pk")
    organisation = public_organisations(projects[0].municipality).first()
    return [
        f"{prefix}/",
        f"{prefix}/projekt/",
        f"{prefix}/projekt/?q=projekt",
        *[f"{prefix}/projekt/{p.pk}-{p.slug}/" for p in projects],
        f"{prefix}/vanorter/",
        *[f"{prefix}/vanorter/{t.slug}/" for t in Twinning.objects.all()],
        f"{prefix}/organisationer/{organisation.pk}/",
        f"{prefix}/nyheter/",
        *[f"{prefix}/nyheter/{n.pk}-{n.slug}/" for n in NewsItem.objects.public()],
        f"{prefix}/handlingsplan/",
        f"{prefix}/utlysningar/",
        f"{prefix}/statistik/",
        f"{prefix}/tillganglighetsredogorelse/",
    ]


def test_swedish_texts_on_english_pages_are_marked_swedish(client, demo_data):
    texts = _swedish_only_texts()
    unmarked, seen = [], set()
    for path in _pages("/en"):
        response = client.get(path)
        assert response.status_code == 200, path
        tree = _Tree(response.content.decode())
        for what, text in texts.items():
            for holder in tree.holders(_needle(text)):
                seen.add(what)
                if holder.lang != "sv":
                    unmarked.append(f"{path}: {what} in <{holder.tag}> lang={holder.lang!r}")
    assert unmarked == []
    # Each kind of text was on some page, so the check above looked at it.
    assert seen == set(texts)


def test_swedish_pages_mark_nothing_needlessly(client, demo_data):
    needless = []
    for path in _pages(""):
        html = client.get(path).content.decode()
        # The html element says "sv"; the one English text is the link to the English site.
        marks = re.findall(r'<(\w+)[^>]*\slang="(\w+)"', html)
        if marks != [("html", "sv"), ("a", "en")]:
            needless.append(f"{path}: {marks}")
    assert needless == []


def test_swedish_titles_on_english_staff_lists_are_marked_swedish(client, demo_data):
    # The staff lists show each project's Swedish title, the one the records are kept in.
    client.force_login(User.objects.get(username="samordnare"))
    titles = set(Project.objects.values_list("title_sv", flat=True))
    unmarked, seen = [], 0
    for path in ["/en/intern/", "/en/intern/projekt/", "/en/intern/beslut/"]:
        response = client.get(path)
        assert response.status_code == 200, path
        tree = _Tree(response.content.decode())
        for title in titles:
            for holder in tree.holders(_needle(title)):
                seen += 1
                if holder.lang != "sv":
                    unmarked.append(f"{path}: {title!r} in <{holder.tag}> lang={holder.lang!r}")
    assert unmarked == []
    assert seen > 20


def test_swedish_texts_on_the_english_staff_project_page_are_marked_swedish(client, demo_data):
    # The staff project page shows the Swedish record (title, descriptions, department,
    # orientations); under /en/intern/ each of those is read with a Swedish voice, and the
    # themes, target groups and UN goals appear in English where they are translated.
    client.force_login(User.objects.get(username="samordnare"))
    project = Project.objects.get(slug="vikinga")
    orientation = project.orientations.first()
    dimension = GrowthStrategyDimension.objects.first()
    project.growth_dimensions.add(dimension)
    texts = {
        "the title": project.title_sv,
        "the public summary": project.public_summary_sv,
        "the department": project.lead_department.name,
        "an orientation": orientation.name_sv,
        "an EU strategy dimension": dimension.name_sv,
    }
    tree = _Tree(client.get(f"/en/intern/projekt/{project.pk}/").content.decode())
    unmarked, seen = [], set()
    for what, text in texts.items():
        for holder in tree.holders(_needle(text)):
            seen.add(what)
            if holder.lang != "sv":
                unmarked.append(f"{what} in <{holder.tag}> lang={holder.lang!r}")
    assert unmarked == []
    assert seen == set(texts)
    theme = project.themes.exclude(name_en="").first()
    assert tree.holders(theme.name_en), "a translated theme is shown in English"


def test_the_english_statistics_name_themes_and_orientations_as_the_project_list_does(
    client, demo_data
):
    """/en/statistik/ counted projects per theme under "Näringsliv" while /en/projekt/ filters
    by "Business": the same names, in English where they have one; a name without a
    translation stays Swedish, marked as such."""
    from projektdatabas.projects.reference import Theme

    business = Theme.objects.get(name_sv="Näringsliv")
    assert business.name_en
    untranslated = Theme.objects.exclude(pk=business.pk).filter(project__isnull=False).first()
    Theme.objects.filter(pk=untranslated.pk).update(name_en="")
    html = client.get("/en/statistik/").content.decode()
    assert f'<th scope="row">{business.name_en}</th>' in html
    assert '<th scope="row" lang="sv">Näringsliv</th>' not in html
    assert f'<th scope="row" lang="sv">{untranslated.name_sv}</th>' in html
    orientation = Orientation.objects.filter(projects__isnull=False).exclude(name_en="").first()
    assert f'<th scope="row">{orientation.name_en}</th>' in html
