"""The page language is bokmål unless the reader picks another with the switcher."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_bokmal_is_the_default_even_for_an_english_browser(client):
    response = client.get("/sok/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert response["Content-Language"] == "nb"
    assert '<html lang="nb"' in response.content.decode()


@pytest.mark.parametrize("language", ["nn", "en"])
def test_the_switcher_choice_is_kept_for_the_following_pages(client, language):
    switched = client.get(f"/sprak/{language}/?next=/sok/")
    assert switched.status_code in (301, 302)
    response = client.get("/sok/")
    assert response["Content-Language"] == language
    assert f'<html lang="{language}"' in response.content.decode()


def test_an_unknown_language_cookie_falls_back_to_bokmal(client):
    client.cookies["django_language"] = "sv"
    assert client.get("/sok/")["Content-Language"] == "nb"
