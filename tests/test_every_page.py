"""The list of pages the accessibility test opens (tests/every_page.py): every
pattern of the URLconf is filled with objects of the seeded workspace, and each
URL answers as a page, a download, a POST-only action or a redirect. Runs without
a browser, so a URL that cannot be filled shows up fast, by name."""

import pytest
from django.urls import path

from config import urls as app_urls
from tests.every_page import ANONYMOUS, PRACTITIONER, build_site, page_urls, visits


@pytest.fixture
def site(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return build_site()


def test_every_url_is_filled_and_answers_as_a_page_or_is_skipped_for_a_reason(site):
    found = visits(site)
    assert not found.problems, "\n".join(found.problems)
    names = {(visit.name, visit.who) for visit in found.pages}
    for expected in [
        ("fitcheck:intake", ANONYMOUS),
        ("fitcheck:intake_result", ANONYMOUS),
        ("feedback:answer", ANONYMOUS),
        ("accounts:password_reset_confirm", ANONYMOUS),
        ("personas:step", PRACTITIONER),
        ("fitcheck:import_preview", PRACTITIONER),
        ("admin:fitcheck_fitscore_changelist", PRACTITIONER),
        ("admin:fitcheck_fitscore_change", PRACTITIONER),
    ]:
        assert expected in names
    assert any(s.endswith("text/csv download or fragment") for s in found.skipped)
    assert any(s.endswith("POST only") for s in found.skipped)


def test_a_page_with_a_keyword_nobody_fills_is_named(site, settings):
    settings.ROOT_URLCONF = "tests.test_every_page"
    urls, unfilled = page_urls(site)
    assert unfilled == [
        "brand-new/<int:gadget_id>/ (brand_new): nothing to give gadget_id"
    ]
    assert ("home", "/") in urls


urlpatterns = [
    *app_urls.urlpatterns,
    path("brand-new/<int:gadget_id>/", app_urls.views.home, name="brand_new"),
]
