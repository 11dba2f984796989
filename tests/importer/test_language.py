"""The importer's language detection (solidarity/importer/language.py):
short texts too, close languages apart, only codes a post may have."""

import pytest

from solidarity.importer import language
from solidarity.languages import content_language_choices


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Free the miners!", "en"),
        ("¡Libertad para los presos políticos!", "es"),
        ("Toda a nossa solidariedade com a greve", "pt"),
        ("Caros camaradas", "pt"),
        ("Tutta la nostra solidarietà ai lavoratori", "it"),
        ("Toute notre solidarité avec les grévistes", "fr"),
        ("Solidariteit met de stakers", "nl"),
        ("Freiheit für die Bergleute!", "de"),
        ("Solidarność z górnikami", "pl"),
        ("Grevdeki işçilerle dayanışma", "tr"),
        ("Свободу политзаключённым!", "ru"),
        ("Солідарність зі страйкарями", "uk"),
        ("Мұнайшыларға бостандық!", "kk"),
        ("التضامن مع العمال المضربين", "ar"),
        ("آزادی برای زندانیان سیاسی!", "fa"),
        ("ہڑتالی مزدوروں کے ساتھ یکجہتی", "ur"),
        ("Αλληλεγγύη στους απεργούς", "el"),
        ("声援罢工工人", "zh-hans"),
    ],
)
def test_short_texts_are_told_apart(text, code):
    assert language.detect(text) == code


def test_only_languages_a_post_may_have_and_the_default_without_words(settings):
    codes = {code for code, _name in content_language_choices()}
    assert set(language._languages().values()) <= codes
    # Czech is not among them: the nearest one a post may have.
    assert language.detect("Solidarita se stávkujícími horníky") in codes
    assert language.detect("") == settings.LANGUAGE_CODE
    assert language.detect("2026 — 19:30 · #") == settings.LANGUAGE_CODE


def test_the_detectors_are_built_once():
    assert language._quick() is language._quick()
    pair = frozenset(list(language._languages())[:2])
    assert language._full(pair) is language._full(pair)
