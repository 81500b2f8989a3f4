"""The moderation settings page: staff only, validation next to each field, every change in the audit log."""

import pytest
from django.urls import reverse

from practica.core.models import AuditEntry
from practica.moderation.models import ModerationSettings
from practica.moderation.services.settings import EDITABLE_FIELDS

URL = reverse("moderation:settings")


def _valid(**changes):
    current = ModerationSettings.current()
    data = {name: getattr(current, name) for name in EDITABLE_FIELDS}
    data["client_flag_hides_at_once"] = "on" if data["client_flag_hides_at_once"] else ""
    return {**data, **changes}


def test_staff_change_the_settings_and_the_change_is_audited(staff_client, staff):
    response = staff_client.post(
        URL,
        _valid(
            hide_threshold=3,
            advertising_words="discount\nDiscount\n  book now  ",
            advertising_domains="https://Shop.Example.com/offers",
        ),
    )
    assert response.status_code == 302
    current = ModerationSettings.current()
    assert current.hide_threshold == 3
    assert current.advertising_words == "discount\nbook now"
    assert current.advertising_domains == "shop.example.com"
    entry = AuditEntry.objects.get(action="moderation.settings_changed")
    assert entry.actor == staff
    assert entry.data["before"]["hide_threshold"] == 2 and entry.data["after"]["hide_threshold"] == 3


def test_errors_sit_next_to_their_fields_and_nothing_is_saved(staff_client):
    response = staff_client.post(
        URL, _valid(hide_threshold=0, advertising_domains="example.com\nnot a domain\nlocalhost")
    )
    page = response.content.decode()
    assert 'id="id_hide_threshold_error"' in page
    assert 'id="id_advertising_domains_error"' in page
    assert "not a domain, localhost" in page
    assert ModerationSettings.current().hide_threshold == 2
    assert not AuditEntry.objects.filter(action="moderation.settings_changed").exists()


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_only_staff_see_the_settings(persona, persona_clients):
    assert persona_clients[persona].get(URL).status_code == 404
    assert persona_clients[persona].post(URL, _valid(hide_threshold=5)).status_code == 404
    assert ModerationSettings.current().hide_threshold == 2
