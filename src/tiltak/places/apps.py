from django.apps import AppConfig
from django.db.models.signals import post_migrate


class PlacesConfig(AppConfig):
    name = "tiltak.places"
    label = "places"
    verbose_name = "Places"

    def ready(self) -> None:
        from tiltak.places.loader import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
