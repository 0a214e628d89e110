"""A NUL character in an entry key or a parameter (issue 15, finding 7): a 400, never a 500, on both stores,
in HTML and under /api/v1/."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/tiltak/a%00b/",
        "/tiltak/a%00b.json",
        "/sammenlign/?e=a%00b",
        "/api/v1/entries/a%00b",
        "/sok/?q=a%00b",
        "/api/v1/entries/?q=x%00",
    ],
)
def test_a_nul_in_the_address_is_a_400_that_says_why(client, url):
    response = client.get(url)
    assert response.status_code == 400, (url, response.status_code)
    assert b"NUL" in response.content
    if url.startswith("/api/"):
        assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize("url", ["/", "/sok/?q=tilflytting", "/statistikk/"])
def test_head_on_a_page_is_allowed(client, url):
    response = client.head(url)
    assert response.status_code == 200, (url, response.status_code)
    assert response.content == b""


def test_the_api_refuses_a_nul_in_its_own_error_shape_and_names_the_parameter(client):
    response = client.get("/api/v1/statistics", {"language": "nb", "q": "a\x00b"})
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["status"] == 400 and error["parameter"] == "q" and "NUL" in error["message"]
