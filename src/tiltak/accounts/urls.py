"""Signing in and out, and passwords: Django's own views, with the catalog's templates. Under /redaksjon/
with the rest of the staff area."""

from django.contrib.auth import views as auth
from django.urls import path, reverse_lazy

app_name = "accounts"

T = "accounts/"

urlpatterns = [
    path("logg-inn/", auth.LoginView.as_view(template_name=T + "login.html"), name="login"),
    path("logg-ut/", auth.LogoutView.as_view(), name="logout"),
    path(
        "passord/",
        auth.PasswordChangeView.as_view(
            template_name=T + "password_change.html",
            success_url=reverse_lazy("accounts:password_change_done"),
        ),
        name="password_change",
    ),
    path(
        "passord/endra/",
        auth.PasswordChangeDoneView.as_view(template_name=T + "password_change_done.html"),
        name="password_change_done",
    ),
    path(
        "glemt-passord/",
        auth.PasswordResetView.as_view(
            template_name=T + "password_reset.html",
            email_template_name=T + "password_reset_email.txt",
            subject_template_name=T + "password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "glemt-passord/sendt/",
        auth.PasswordResetDoneView.as_view(template_name=T + "password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "nytt-passord/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(
            template_name=T + "password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "nytt-passord/ferdig/",
        auth.PasswordResetCompleteView.as_view(template_name=T + "password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
