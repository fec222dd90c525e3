"""Every URL that takes an object id answers 404 to a user of another workspace.

The test walks the URL configuration, so URLs that later apps add are covered
automatically (see tests/isolation.py for how their ids are made).
"""

import pytest
from django.urls import reverse

from tests.isolation import KWARG_OBJECTS, PUBLIC_URL_NAMES, SECRET
from tests.urlconf import every_route


def patterns_with_arguments():
    for route in every_route():
        # The admin has its own workspace scoping and tests.
        if "admin" not in route.namespaces and route.name and route.keywords:
            yield route.name, sorted(route.keywords)


SCOPED = [
    (name, kwargs)
    for name, kwargs in patterns_with_arguments()
    if name not in PUBLIC_URL_NAMES
]


def test_every_url_keyword_has_a_way_to_make_its_object():
    unknown = {
        (name, kwarg)
        for name, kwargs in SCOPED
        for kwarg in kwargs
        if kwarg not in KWARG_OBJECTS
    }
    assert not unknown, f"Add these keywords to tests/isolation.py: {unknown}"


def test_there_are_scoped_urls_to_check():
    assert SCOPED


@pytest.mark.parametrize(("name", "kwargs"), SCOPED, ids=[name for name, _ in SCOPED])
def test_outsiders_get_404_and_no_data(name, kwargs, workspace, outsider_client):
    workspace.name = SECRET
    workspace.save()
    url = reverse(
        name, kwargs={kwarg: KWARG_OBJECTS[kwarg](workspace) for kwarg in kwargs}
    )
    statuses = []
    for method in ("get", "post"):
        response = getattr(outsider_client, method)(url)
        assert response.status_code in (404, 405), (method, url, response.status_code)
        assert SECRET not in response.content.decode(), (method, url)
        statuses.append(response.status_code)
    assert 404 in statuses, url
