"""The staff area, apart from the public pages (issue #9). Every view is a ``staff_view``."""

from django.urls import path

from tiltak.studio import audit, mapping, views

app_name = "studio"

urlpatterns = [
    path("", views.home, name="home"),
    path("tiltak/", views.entries, name="entries"),
    path("tiltak/<slug:slug>/", views.entry, name="entry"),
    path("tiltak/<slug:slug>/endre/", views.edit, name="edit"),
    path("tiltak/<slug:slug>/status/<str:verb>/", views.change_status, name="change_status"),
    path("tiltak/<slug:slug>/versjon/<int:number>/gjenopprett/", views.restore, name="restore"),
    path("tiltak/<slug:slug>/slett/", views.delete, name="delete"),
    path("tiltak/<slug:slug>/samanlikn/<int:old>/<int:new>/", views.compare, name="compare"),
    path("tiltak/<slug:slug>/foreslaa/", views.propose, name="propose"),
    path("bidrag/", views.my_submissions, name="my_submissions"),
    path("bidrag/nytt/", views.contribute, name="contribute"),
    path("bidrag/<int:pk>/", views.submission, name="submission"),
    path("bidrag/<int:pk>/<str:decision>/", views.decide, name="decide"),
    path("ko/", views.queue, name="queue"),
    path("logg/", audit.log, name="audit"),
    path("logg.csv", audit.log_csv, name="audit_csv"),
    path("ord/", mapping.unmapped, name="mapping"),
    path("ord/koble/", mapping.map_wording, name="map"),
]
