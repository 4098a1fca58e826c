"""RSS and Atom feeds of newly published and updated projects (public ones only).

Titles and summaries are plain text typed by staff, never markup. RSS readers treat an
item's description, and many its title too, as HTML, so in RSS both are HTML-escaped (what
Django's own default item_title does, ticket #6533): `<script>` arrives as text. Atom says
what it carries: the title is a text construct and stays as typed; Django writes the summary
as `type="html"`, so it is escaped as well. A control character saved before they were
refused (core/text.py) is left out: XML cannot carry it, and the whole feed failed."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from projektdatabas.core.i18n import localized
from projektdatabas.core.text import typed
from projektdatabas.news.models import NewsItem
from projektdatabas.projects.models import Project
from projektdatabas.projects.public_data import project_url

from .views import site_municipality


def text(record, field: str) -> str:
    return typed(localized(record, field))


class ProjectsFeed(Feed):
    def get_object(self, request):
        return site_municipality(request)

    def title(self, municipality):
        return _("International projects – %(name)s") % {"name": municipality.name}

    def link(self):
        return reverse("public:projects")

    def description(self, municipality):
        return _("Newly published and updated international projects and exchanges.")

    def items(self, municipality):
        return (
            Project.objects.for_municipality(municipality)
            .public()
            .order_by("-updated_at", "-id")[:50]
        )

    def item_title(self, project):
        return escape(text(project, "title"))

    def item_description(self, project):
        return escape(text(project, "public_summary"))

    def item_link(self, project):
        return project_url(project)

    def item_pubdate(self, project):
        return project.first_published_at

    def item_updateddate(self, project):
        return project.updated_at


class ProjectsAtomFeed(ProjectsFeed):
    feed_type = Atom1Feed
    subtitle = ProjectsFeed.description

    def item_title(self, project):
        return text(project, "title")  # <title> without a type is plain text in Atom


class NewsFeed(Feed):
    """Public news that are published, newest first; escaped as the projects' feed is."""

    def get_object(self, request):
        return site_municipality(request)

    def title(self, municipality):
        return _("News – %(name)s") % {"name": municipality.name}

    def link(self):
        return reverse("public:news")

    def description(self, municipality):
        return _("News about the municipality's international work.")

    def items(self, municipality):
        return NewsItem.objects.for_municipality(municipality).public().newest_first()[:50]

    def item_title(self, item):
        return escape(text(item, "title"))

    def item_description(self, item):
        return escape(text(item, "body"))

    def item_link(self, item):
        return reverse("public:news_item", kwargs={"pk": item.pk, "slug": item.slug})

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description

    def item_title(self, item):
        return text(item, "title")  # plain text in Atom, as above
