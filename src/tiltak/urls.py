from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("tiltak.api.urls")),
    # The staff area: signing in (accounts) and the editorial pages (studio), apart from the public ones.
    path("redaksjon/", include("tiltak.accounts.urls")),
    path("redaksjon/", include("tiltak.studio.urls")),
    path("", include("tiltak.web.urls")),
]

# The catalog's own error pages, in the reader's language (tiltak.web.errors).
handler400 = "tiltak.web.errors.bad_request"
handler403 = "tiltak.web.errors.permission_denied"
handler404 = "tiltak.web.errors.page_not_found"
handler500 = "tiltak.web.errors.server_error"
