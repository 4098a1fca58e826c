"""The UN's seventeen 2030 goals are the same everywhere, so they ship with the schema."""

from django.db import migrations

GOALS = [
    (1, "Ingen fattigdom", "No poverty"),
    (2, "Ingen hunger", "Zero hunger"),
    (3, "Hälsa och välbefinnande", "Good health and well-being"),
    (4, "God utbildning för alla", "Quality education"),
    (5, "Jämställdhet", "Gender equality"),
    (6, "Rent vatten och sanitet för alla", "Clean water and sanitation"),
    (7, "Hållbar energi för alla", "Affordable and clean energy"),
    (8, "Anständiga arbetsvillkor och ekonomisk tillväxt", "Decent work and economic growth"),
    (9, "Hållbar industri, innovationer och infrastruktur", "Industry, innovation and infrastructure"),
    (10, "Minskad ojämlikhet", "Reduced inequalities"),
    (11, "Hållbara städer och samhällen", "Sustainable cities and communities"),
    (12, "Hållbar konsumtion och produktion", "Responsible consumption and production"),
    (13, "Bekämpa klimatförändringarna", "Climate action"),
    (14, "Hav och marina resurser", "Life below water"),
    (15, "Ekosystem och biologisk mångfald", "Life on land"),
    (16, "Fredliga och inkluderande samhällen", "Peace, justice and strong institutions"),
    (17, "Genomförande och globalt partnerskap", "Partnerships for the goals"),
]


def add_goals(apps, schema_editor):
    Goal = apps.get_model("strategy", "SustainableDevelopmentGoal")
    for number, name_sv, name_en in GOALS:
        Goal.objects.update_or_create(number=number, defaults={"name_sv": name_sv, "name_en": name_en})


class Migration(migrations.Migration):
    # core: the goals' saves move the public content version (core/versioning.py), whose
    # table and row must exist first. Without this a new app sorting before "core" (calls) put this
    # migration first on a fresh database.
    dependencies = [("strategy", "0001_initial"), ("core", "0003_content_version_row")]
    operations = [migrations.RunPython(add_goals, migrations.RunPython.noop)]
