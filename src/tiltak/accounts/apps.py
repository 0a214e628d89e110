from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tiltak.accounts"
    label = "accounts"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from tiltak.accounts import checks  # noqa: F401 - registers the deployment checks
