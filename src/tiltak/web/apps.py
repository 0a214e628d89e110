from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tiltak.web"
    label = "web"
