import pytest
from django.urls import reverse

from practica.core.paths import path_for


@pytest.mark.parametrize(
    "name", ["discussions:topic", "discussions:post", "discussions:post-edit", "accounts:profile", "communities:detail"]
)
def test_a_fast_path_is_the_same_as_reversing_the_url(name):
    for pk in (1, 42, 1_000_000):
        assert path_for(name, pk) == reverse(name, args=[pk])
