"""Language selection: Vietnamese unless the person chose another language with the switch."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

from baocao.domain.periods import Period

API_PREFIX = "/api/"


def accept_language(header: str) -> str:
    """Return "en" when an Accept-Language header prefers English to Vietnamese, else "vi"."""
    for language, _quality in parse_accept_lang_header(header[:500]):
        primary = language.lower().split("-")[0]
        if primary in ("vi", "en"):
            return primary
    return "vi"


def period_label(period: Period, *, in_sentence: bool = False) -> str:
    """Return the period's name in the active language ("Tháng 01/2022", "January 2022").

    For what the interface says about a period; report titles and official documents keep
    the Vietnamese ``period.label``. ``in_sentence`` lower-cases the Vietnamese ("tháng
    01/2022") for use inside a sentence.
    """
    if translation.get_language() == "en":
        return period.label_en
    return period.label.lower() if in_sentence else period.label


class LanguageMiddleware:
    """Activate the language chosen with the switch (cookie), else the default, Vietnamese.

    Unlike Django's LocaleMiddleware, the browser's Accept-Language is ignored for pages: an
    office PC with an English Windows still shows baocao in Vietnamese. The API, used by
    programs rather than browsers, answers in the language its Accept-Language header prefers
    (Vietnamese by default), whatever the cookie says.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith(API_PREFIX):
            language = accept_language(request.headers.get("Accept-Language", ""))
        else:
            chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
            codes = {code for code, _ in settings.LANGUAGES}
            language = chosen if chosen in codes else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
