"""A region's figures: each municipality's, from the same definitions (definitions.py) as
its own statistics page, and the region's, from those definitions over all its
municipalities' projects at once, so that no figure is computed two ways.

For counts and sums the region's figure is the sum of the municipalities' (tests prove it);
for partner countries it is the number of different countries in the whole region, each
counted once, which is less than the sum when two municipalities work with one country."""

from dataclasses import dataclass, field
from functools import cached_property

from projektdatabas.projects.models import Project

from .definitions import OVERVIEW_BY_KEY, Scope

# The start page's figures, per municipality and for the region.
REGIONAL_FIGURES = (
    "projects",
    "ongoing_today",
    "partner_countries",
    "eu_granted_sek",
    "eu_received_sek",
)
# Figures that add up across municipalities (a project belongs to one municipality).
ADDITIVE = {"projects", "ongoing_today", "eu_granted_sek", "eu_received_sek"}


@dataclass(frozen=True)
class RegionScope(Scope):
    """A Scope over several municipalities' projects (`municipality` is unused)."""

    municipalities: tuple = field(default=())

    @cached_property
    def projects(self):
        projects = Project.objects.filter(municipality__in=self.municipalities)
        return projects.public() if self.public else projects.filter(archived_at__isnull=True)


@dataclass
class RegionalFigures:
    definitions: list
    rows: list  # (municipality, [value per definition])
    total: list  # [value per definition], over the whole region


def regional_figures(municipalities, *, public: bool = True) -> RegionalFigures:
    municipalities = list(municipalities)
    definitions = [OVERVIEW_BY_KEY[key] for key in REGIONAL_FIGURES]
    rows = [(m, [d.value(Scope(m, public=public)) for d in definitions]) for m in municipalities]
    region = RegionScope(None, public=public, municipalities=tuple(municipalities))
    return RegionalFigures(definitions, rows, [d.value(region) for d in definitions])
