from django.urls import path

from .views import auth, decisions, people, plans, project_edit, projects, reports

app_name = "staff"

urlpatterns = [
    path("", projects.home, name="home"),
    path("logga-in/", auth.sign_in, name="sign_in"),
    path("logga-ut/", auth.sign_out, name="sign_out"),
    path("tvafaktor/", auth.second_factor, name="second_factor"),
    path("projekt/", projects.project_list, name="projects"),
    path("projekt/nytt/", project_edit.create, name="project_create"),
    path("projekt/<int:pk>/", projects.detail, name="project"),
    path(
        "projekt/<int:pk>/redigera/<slug:section>/", project_edit.edit_section, name="project_edit"
    ),
    path("projekt/<int:pk>/forhandsvisning/", projects.preview, name="project_preview"),
    path("projekt/<int:pk>/historik/", projects.history, name="project_history"),
    path("projekt/<int:pk>/per-datum/", projects.as_of, name="project_as_of"),
    path("projekt/<int:pk>/skicka-in/", project_edit.submit, name="project_submit"),
    path("projekt/<int:pk>/status/", project_edit.change_status, name="project_status"),
    path("projekt/<int:pk>/publicering/", project_edit.publication, name="project_publication"),
    path("projekt/<int:pk>/beslut/nytt/", decisions.record, name="decision_create"),
    path("beslut/", decisions.decision_list, name="decisions"),
    path("efterlevnad/", decisions.compliance, name="compliance"),
    path("samordningsgrupp/", people.coordination_group, name="coordination_group"),
    path("handlingsplaner/", plans.plan_list, name="plans"),
    path("handlingsplaner/ny/", plans.plan_create, name="plan_create"),
    path("handlingsplaner/<int:pk>/", plans.plan_detail, name="plan"),
    path("handlingsplaner/<int:pk>/redigera/", plans.plan_edit, name="plan_edit"),
    path("handlingsplaner/<int:pk>/utvardera/", plans.plan_evaluate, name="plan_evaluate"),
    path("handlingsplaner/<int:pk>/revidera/", plans.plan_revise, name="plan_revise"),
    path("handlingsplaner/<int:pk>/import/", plans.plan_import, name="plan_import"),
    path("handlingsplaner/<int:pk>/framsteg.csv", plans.plan_export, name="plan_export"),
    path("handlingsplaner/<int:pk>/atgarder/ny/", plans.measure_create, name="measure_create"),
    path("atgarder/<int:pk>/", plans.measure_edit, name="measure_edit"),
    path("atgarder/<int:pk>/framsteg/", plans.measure_progress, name="measure_progress"),
    path("kalender/", plans.calendar_page, name="calendar"),
    path("rapporter/", reports.report_list, name="reports"),
    path("rapporter/<int:year>/<int:half>/", reports.report_detail, name="report"),
    path(
        "rapporter/<int:year>/<int:half>/faststall/",
        reports.report_finalise,
        name="report_finalise",
    ),
    path(
        "rapporter/<int:year>/<int:half>/rapport.<str:extension>",
        reports.report_file,
        name="report_file",
    ),
    path("statistik/", reports.statistics_page, name="statistics"),
    path("statistik/<slug:slug>.csv", reports.statistics_csv, name="statistics_csv"),
    path("anvandare/", people.user_list, name="users"),
    path("anvandare/ny/", people.user_create, name="user_create"),
    path("anvandare/<int:pk>/", people.user_edit, name="user_edit"),
]
