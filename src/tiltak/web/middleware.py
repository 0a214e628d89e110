"""The page language: bokmål unless the reader chose nynorsk or English with the language switcher.

Django's LocaleMiddleware would follow the browser's Accept-Language, so a municipal officer whose browser
happens to be English would get English pages. The catalog is a Norwegian public service whose default
is bokmål (issue #3); the choice is the reader's, kept in the language cookie the switcher sets.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

LANGUAGE_CODES = {code for code, _name in settings.LANGUAGES}


class CatalogLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in LANGUAGE_CODES else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response
