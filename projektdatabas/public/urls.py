from django.urls import path

from . import (
    call_views,
    embed_views,
    feeds,
    interest_views,
    news_views,
    open_data_views,
    plan_views,
    region_views,
    regional_report_views,
    subscription_views,
    views,
)
from .caching import public_page

app_name = "public"
urlpatterns = [
    path("", views.home, name="home"),
    path("projekt/", views.project_list, name="projects"),
    path("projekt.csv", views.project_list, {"format": "csv"}, name="projects_csv"),
    path("projekt.xlsx", views.project_list, {"format": "xlsx"}, name="projects_xlsx"),
    path("projekt.json", views.project_list, {"format": "json"}, name="projects_json"),
    path("projekt/<int:pk>-<slug:slug>/", views.project_detail, name="project"),
    path(
        "projekt/<int:pk>-<slug:slug>/anmal-intresse/",
        interest_views.interest_form,
        name="project_interest",
    ),
    path(
        "projekt/<int:pk>-<slug:slug>/anmal-intresse/skickad/",
        interest_views.interest_sent,
        name="project_interest_sent",
    ),
    path("vanorter/", views.twinning_list, name="twinnings"),
    path("vanorter/<slug:slug>/", views.twinning_detail, name="twinning"),
    path("organisationer/<int:pk>/", views.organisation_detail, name="organisation"),
    path("tillganglighetsredogorelse/", views.accessibility_statement, name="accessibility"),
    path("personuppgifter/", views.privacy_notice, name="privacy"),
    path("flode/rss/", public_page(feeds.ProjectsFeed()), name="feed_rss"),
    path("flode/atom/", public_page(feeds.ProjectsAtomFeed()), name="feed_atom"),
    path("tema.css", views.brand_css, name="brand_css"),
    path("logotyp/<slug:checksum>/", region_views.logo, name="logo"),
    # The regional portal: every municipality of the region (public/region_views.py).
    path("region/", region_views.portal, name="region"),
    path("region/rapporter/", regional_report_views.regional_reports, name="regional_reports"),
    path("nyheter/", news_views.news_list, name="news"),
    path("nyheter/<int:pk>-<slug:slug>/", news_views.news_detail, name="news_item"),
    path("nyheter/bild/<int:pk>/", news_views.news_image, name="news_image"),
    path("nyheter/rss/", public_page(feeds.NewsFeed()), name="news_rss"),
    path("nyheter/atom/", public_page(feeds.NewsAtomFeed()), name="news_atom"),
    path("prenumerera/", subscription_views.subscribe, name="subscribe"),
    path("prenumerera/skickat/", subscription_views.subscribe_sent, name="subscribe_sent"),
    path(
        "prenumerera/bekrafta/<str:key>/",
        subscription_views.confirm,
        name="subscription_confirm",
    ),
    path(
        "prenumerera/andra/<slug:token>/",
        subscription_views.choices,
        name="subscription_choices",
    ),
    path(
        "prenumerera/avsluta/<slug:token>/",
        subscription_views.unsubscribe,
        name="unsubscribe",
    ),
    path("utlysningar/", call_views.call_list, name="calls"),
    path("handlingsplan/", plan_views.action_plan, name="action_plan"),
    path("styrningskalender.ics", plan_views.calendar_feed, name="calendar_feed"),
    path("statistik/", plan_views.statistics_page, name="statistics"),
    path("statistik/<slug:slug>.csv", plan_views.statistics_csv, name="statistics_csv"),
    path(
        "statistik/<slug:slug>.xlsx",
        plan_views.statistics_csv,
        {"format": "xlsx"},
        name="statistics_xlsx",
    ),
    path("statistik/nyckeltal.json", plan_views.statistics_json, name="statistics_json"),
    path("oppna-data/", open_data_views.open_data, name="open_data"),
    path("oppna-data/api/", views.api_docs, name="api_docs"),
    # For the municipality's website to frame (public/embedding.py).
    path("inbaddning/projekt/", embed_views.projects, name="embed_projects"),
    path("inbaddning/vanorter/<slug:slug>/", embed_views.twinning, name="embed_twinning"),
    path("inbaddning/nyheter/", embed_views.news, name="embed_news"),
]
