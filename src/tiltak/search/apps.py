from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "tiltak.search"
    label = "search"
