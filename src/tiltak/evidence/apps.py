from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "tiltak.evidence"
    label = "evidence"
    verbose_name = "Figures and evidence"
