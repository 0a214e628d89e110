"""The staff area, apart from the public pages (issue #9). Every view is a ``staff_view``."""

from django.urls import path

from tiltak.studio import views

app_name = "studio"

urlpatterns = [
    path("", views.home, name="home"),
]
