from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "tiltak.api"
    label = "api"
