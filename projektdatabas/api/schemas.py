"""The shapes of the API's answers, from which the OpenAPI document is generated. Keys are
English snake_case; texts kept in two languages are {"sv": …, "en": …}. Within v1 a key
keeps its meaning; new keys may appear (README, "The API")."""

import datetime

from ninja import Field, Schema


class Text(Schema):
    sv: str = Field(description="Svenska / Swedish")
    en: str = Field(description="Engelska, tom om ingen finns / English, empty if none")


class Paged(Schema):
    count: int = Field(description="Exact number of hits / exakt antal träffar")
    page: int
    limit: int
    pages: int
    next: str | None = Field(description="The next page, null on the last")
    prev: str | None = Field(description="The previous page, null on the first")


class Partner(Schema):
    name: str
    country: str = Field(description="ISO 3166-1 alpha-2")
    role: str


class Link(Schema):
    url: str
    label: str


class Project(Schema):
    id: int
    url: str = Field(description="The project's public page")
    title: Text
    summary: Text
    results: Text
    kind: str
    status: str
    department: str
    municipal_role: str
    start_date: datetime.date | None
    end_date: datetime.date | None
    themes: list[str]
    programmes: list[str]
    target_groups: list[str]
    partners: list[Partner]
    countries: list[str]
    orientations: list[str]
    sdgs: list[int]
    participants: int | None
    young_participants: int | None
    total_budget_sek: float | None
    eu_grant_sek: float | None
    links: list[Link] = Field(description="Public links only")
    is_example_data: bool
    updated_at: datetime.datetime


class ProjectPage(Paged):
    results: list[Project]


class TwinningEvent(Schema):
    date: datetime.date
    precision: str = Field(description="day, month or year: how much of the date is known")
    kind: str
    title: Text
    description: Text


class TwinTown(Schema):
    slug: str
    name: str
    country: str
    organisation_id: int
    status: str
    first_contact: datetime.date | None
    agreement_signed: datetime.date | None
    ended: datetime.date | None
    history: Text
    url: str
    events: list[TwinningEvent]


class TwinTownPage(Paged):
    results: list[TwinTown]


class Organisation(Schema):
    id: int
    name: str
    kind: str
    country: str
    town: str
    website: str
    description: Text
    url: str
    project_ids: list[int] = Field(description="Public projects with this partner")


class OrganisationPage(Paged):
    results: list[Organisation]


class Measure(Schema):
    id: int
    plan: str
    plan_period: list[datetime.date] = Field(description="[first day, last day]")
    number: int
    orientation: str
    description: Text
    responsible_department: str | None
    starts_on: datetime.date | None
    deadline: datetime.date
    indicator: str
    target_value: str
    status: str
    progress: int | None
    project_ids: list[int] = Field(description="Public projects carrying the measure out")
    updated_at: datetime.datetime


class MeasurePage(Paged):
    results: list[Measure]


class NewsItem(Schema):
    id: int
    url: str
    title: Text
    body: Text
    published_at: datetime.datetime | None
    project_ids: list[int]


class NewsPage(Paged):
    results: list[NewsItem]


class StatisticsTable(Schema):
    slug: str
    title: Text
    explanation: Text
    columns: list[Text]
    rows: list[list[str | int | float | None]] = Field(
        description="Row labels (names, countries) in Swedish"
    )


class StatisticsPage(Paged):
    results: list[StatisticsTable]


class ApiInfo(Schema):
    api_name: str
    api_version: str
    api_released: datetime.date
    api_documentation: str
    api_status: str
    stability: Text
    license: Link
    contact: dict[str, str]
    links: dict[str, str]


class InvalidParam(Schema):
    name: str = Field(description="The parameter / parametern")
    reason: str = Field(description="Why its value cannot be used / varför värdet inte duger")


class Problem(Schema):
    """RFC 9457 problem details, the body of every error (application/problem+json)."""

    type: str = Field(description='"about:blank": the status says what went wrong')
    title: str = Field(description="The status's reason phrase")
    status: int
    detail: str = Field(description="In the client's language (Accept-Language), Swedish first")
    instance: str = Field(description="The address asked for")
    invalid_params: list[InvalidParam] = Field(
        default_factory=list, description="On 400: each parameter that could not be used, and why"
    )
