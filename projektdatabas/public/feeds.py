"""RSS and Atom feeds of newly published and updated projects (public ones only)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from projektdatabas.core.i18n import localized
from projektdatabas.projects.models import Project

from .exports import project_url
from .views import site_municipality


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
        return localized(project, "title")

    def item_description(self, project):
        return localized(project, "public_summary")

    def item_link(self, project):
        return project_url(project)

    def item_pubdate(self, project):
        return project.first_published_at

    def item_updateddate(self, project):
        return project.updated_at


class ProjectsAtomFeed(ProjectsFeed):
    feed_type = Atom1Feed
    subtitle = ProjectsFeed.description
