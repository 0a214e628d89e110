from django.urls import include, path

urlpatterns = [
    path("api/v1/", include("tiltak.api.urls")),
    path("", include("tiltak.web.urls")),
]
