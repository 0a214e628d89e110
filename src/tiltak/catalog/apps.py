from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "tiltak.catalog"
    label = "catalog"
    verbose_name = "Catalog"
