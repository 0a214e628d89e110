from django.apps import AppConfig


class StampConfig(AppConfig):
    name = "tiltak.stamp"
