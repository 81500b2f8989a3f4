"""Objects of the search app for the access matrix (tests/test_access_matrix.py). Keys start with "search"."""

import pytest

from practica.search.views import _click_url


@pytest.fixture
def search_world(db, discussion_world, member, staff) -> dict:
    # A result link to the open community's opening post, which every current member may open.
    url = _click_url(0, "post", discussion_world["open_post"].pk)
    return {"search_open_token": url.split("?r=", 1)[1]}
