"""Public pages. One Norwegian address per page, the same in every UI language."""

from django.templatetags.static import static
from django.urls import path
from django.views.generic import RedirectView

from tiltak.web import views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("sok/", views.search, name="search"),
    path("sok/treff.<str:fmt>", views.search_download, name="search_download"),
    path("tiltak/<slug:slug>.json", views.entry_json, name="entry_json"),
    path("tiltak/<slug:slug>/", views.entry_detail, name="entry"),
    path("sammenlign/", views.compare, name="compare"),
    path("sammenlign/kurv/", views.compare_basket, name="compare_basket"),
    path("statistikk/", views.statistics, name="statistics"),
    path("statistikk/<slug:table>.csv", views.statistics_csv, name="statistics_csv"),
    path("favicon.ico", RedirectView.as_view(url=static("web/favicon.svg"), permanent=True)),
    path("sprak/<str:code>/", views.set_language, name="set_language"),
]
