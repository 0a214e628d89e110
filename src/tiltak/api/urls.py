from django.urls import path, re_path

from tiltak.api import views, write

app_name = "api"

urlpatterns = [
    path("", views.index, name="index"),
    path("search", views.search, name="search"),
    path("entries/<str:key>", write.entry_resource, name="entry"),
    path("vocabularies", views.vocabularies, name="vocabularies"),
    path("vocabularies/<str:scheme>", views.vocabulary, name="vocabulary"),
    path("statistics", views.statistics, name="statistics"),
    path("export.<str:fmt>", views.export, name="export"),
    path("openapi.json", views.openapi, name="openapi"),
    path("docs/", views.docs, name="docs"),
    # Anything else under /api/v1/ is a JSON 404, not the site's HTML page.
    re_path(r"^(?P<rest>.*)$", views.not_found, name="not-found"),
]
