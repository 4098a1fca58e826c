from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "projektdatabas.api"
    verbose_name = "API"
