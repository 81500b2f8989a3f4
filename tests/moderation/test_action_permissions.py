"""Who may act on a queue item, action by action, for each persona: a member outside the community, a member
of it, a champion of another community, the community's champion, a moderator and staff. Outside one's scope
the item does not exist (404); seen but not allowed is 403 with a reason; allowed acts and redirects (302)."""

import pytest
from django.urls import reverse

from practica.moderation.models import ModerationAction
from practica.moderation.services.flags import raise_flag
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.moderation import test_flags_scene as _scene
from tests.moderation.test_flags_scene import client_for

scene = _scene.scene

FORM_DATA = {
    "claim": {},
    "dismiss": {},
    "unhide": {},
    "keep_hidden": {},
    "delete": {},
    "anonymise": {"body": "A hard session today.", "note_to_author": "I took out a detail."},
    "remove": {},
    "warn": {"message": "Please be kinder."},
    "silence": {"silence-duration": "1d", "silence-reason": "Cooling off."},
    "suspend": {"suspend-duration": "1d", "suspend-reason": "Repeated remarks."},
    "refer": {"refer-note": "Serious concern."},
}
CHAMPION = {"claim", "dismiss", "unhide", "keep_hidden", "delete", "anonymise"}
MODERATOR = CHAMPION | {"warn", "silence"}
STAFF = set(FORM_DATA)
# Who may do what: None means the item is out of their scope (404).
ALLOWED = {
    "outsider": None,
    "community_member": None,
    "other_champion": None,
    "champion": CHAMPION,
    "moderator": MODERATOR,
    "staff": STAFF,
}


@pytest.fixture
def people(scene, member, moderator, staff):
    elsewhere = CommunityFactory(name="Another Room")
    other_champion = UserFactory(display_name="Oli Other")
    add_member(elsewhere, other_champion, role="champion")
    return {
        "outsider": member,
        "community_member": scene.third,
        "other_champion": other_champion,
        "champion": scene.champion,
        "moderator": moderator,
        "staff": staff,
    }


@pytest.fixture
def item(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="bullying")
    return raise_flag(flagger=scene.second, target=scene.post, reason="bullying").review_item


@pytest.mark.parametrize("persona", list(ALLOWED))
def test_the_item_page_is_404_outside_ones_scope(persona, people, item):
    response = client_for(people[persona]).get(reverse("moderation:item", args=[item.pk]))
    assert response.status_code == (404 if ALLOWED[persona] is None else 200)


@pytest.mark.parametrize("action", list(FORM_DATA))
@pytest.mark.parametrize("persona", list(ALLOWED))
def test_each_persona_may_take_only_its_actions(persona, action, people, item):
    before = ModerationAction.objects.filter(action__in=[action, "edit"]).count()
    response = client_for(people[persona]).post(
        reverse("moderation:item-action", args=[item.pk]), {"action": action, **FORM_DATA[action]}
    )
    allowed = ALLOWED[persona]
    if allowed is None:
        assert response.status_code == 404
    elif action in allowed:
        assert response.status_code == 302
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages and all("Nothing more was done" not in m for m in messages), messages
    else:
        assert response.status_code == 403
        assert "cannot take this action" in response.content.decode()
    if allowed is None or action not in allowed:
        assert ModerationAction.objects.filter(action__in=[action, "edit"]).count() == before
