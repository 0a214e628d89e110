from django.apps import AppConfig
from django.db.models.signals import post_migrate


class VocabularyConfig(AppConfig):
    name = "tiltak.vocabulary"
    label = "vocabulary"
    verbose_name = "Vocabularies"

    def ready(self) -> None:
        from tiltak.vocabulary.loader import sync_after_migrate

        post_migrate.connect(sync_after_migrate, sender=self)
