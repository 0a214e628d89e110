from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("tiltak.api.urls")),
    # The staff area: signing in (accounts) and the editorial pages (studio), apart from the public ones.
    path("redaksjon/", include("tiltak.accounts.urls")),
    path("redaksjon/", include("tiltak.studio.urls")),
    path("", include("tiltak.web.urls")),
]
