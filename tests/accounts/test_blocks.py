"""Blocking members: the services, the pages for each persona, the moderation predicate and the staff count."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError
from django.urls import reverse

from practica.accounts.models import Block
from practica.accounts.permissions import is_blocked_by
from practica.accounts.services.blocks import block_member, unblock_member
from practica.core.models import AuditEntry
from tests.factories import UserFactory
from tests.helpers import queries_for

# Services.


def test_a_member_blocks_another_and_nothing_is_recorded_that_the_blocked_member_could_see(member, other_member):
    audit_before = AuditEntry.objects.count()
    block = block_member(blocker=member, blocked=other_member)
    assert (block.blocker, block.blocked) == (member, other_member)
    assert AuditEntry.objects.count() == audit_before


def test_blocking_twice_keeps_one_block(member, other_member):
    first = block_member(blocker=member, blocked=other_member)
    second = block_member(blocker=member, blocked=other_member)
    assert first.pk == second.pk
    assert Block.objects.filter(blocker=member, blocked=other_member).count() == 1


def test_unblocking_removes_the_block_and_unblocking_again_changes_nothing(member, other_member):
    block_member(blocker=member, blocked=other_member)
    assert unblock_member(blocker=member, blocked=other_member) is True
    assert unblock_member(blocker=member, blocked=other_member) is False
    assert not Block.objects.exists()


def test_a_member_cannot_block_themselves(member):
    with pytest.raises(PermissionDenied):
        block_member(blocker=member, blocked=member)
    assert not Block.objects.exists()


def test_the_database_refuses_a_self_block_too(member):
    with pytest.raises(IntegrityError):
        Block.objects.create(blocker=member, blocked=member)


def test_a_suspended_member_cannot_block(suspended, other_member):
    with pytest.raises(PermissionDenied):
        block_member(blocker=suspended, blocked=other_member)


def test_staff_can_be_blocked_for_ordinary_posts(member, staff):
    block_member(blocker=member, blocked=staff)
    assert is_blocked_by(member, staff)


# The moderation predicate.


def test_a_block_never_applies_to_moderation_messages(member, staff, moderator):
    block_member(blocker=member, blocked=staff)
    block_member(blocker=member, blocked=moderator)
    assert is_blocked_by(member, staff) and is_blocked_by(member, moderator)
    assert not is_blocked_by(member, staff, moderation=True)
    assert not is_blocked_by(member, moderator, moderation=True)


def test_a_block_goes_one_way_only(member, other_member):
    block_member(blocker=member, blocked=other_member)
    assert is_blocked_by(member, other_member)
    assert not is_blocked_by(other_member, member)


# Pages, per persona.


def test_anonymous_visitors_are_sent_to_sign_in_from_every_block_page(anonymous_client, other_member):
    for url in (
        reverse("accounts:block", args=[other_member.pk]),
        reverse("accounts:unblock", args=[other_member.pk]),
        reverse("accounts:blocks"),
    ):
        assert anonymous_client.get(url).status_code == 302
        assert anonymous_client.post(url).status_code == 302
    assert not Block.objects.exists()


@pytest.mark.parametrize("persona", ["lapsed", "suspended"])
def test_lapsed_and_suspended_members_get_403_and_block_nobody(persona, persona_clients, other_member):
    client = persona_clients[persona]
    assert client.post(reverse("accounts:block", args=[other_member.pk])).status_code == 403
    assert client.get(reverse("accounts:blocks")).status_code == 403
    assert not Block.objects.exists()


def test_the_block_page_explains_blocking_before_anything_happens(member_client, other_member):
    response = member_client.get(reverse("accounts:block", args=[other_member.pk]))
    html = response.content.decode()
    assert response.status_code == 200
    assert "they are not told" in html and "Staff can still send you messages about moderation" in html
    assert not Block.objects.exists()


def test_a_member_blocks_from_a_profile_and_returns_to_it(member, member_client, other_member):
    response = member_client.post(reverse("accounts:block", args=[other_member.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:profile", args=[other_member.pk])
    assert Block.objects.filter(blocker=member, blocked=other_member).exists()


def test_blocking_returns_to_a_safe_next_and_ignores_another_site(member_client, other_member):
    url = reverse("accounts:block", args=[other_member.pk])
    assert member_client.post(url, {"next": "/members/"})["Location"] == "/members/"
    response = member_client.post(url, {"next": "https://evil.example/"})
    assert response["Location"] == reverse("accounts:profile", args=[other_member.pk])
    assert member_client.post(url, {"next": "//evil.example/"})["Location"].startswith("/members/")


def test_blocking_yourself_through_the_page_is_refused(member, member_client):
    assert member_client.post(reverse("accounts:block", args=[member.pk])).status_code == 403
    assert not Block.objects.exists()


def test_a_profile_offers_block_to_others_and_not_on_your_own(member, member_client, other_member):
    block_url = reverse("accounts:block", args=[other_member.pk])
    assert block_url in member_client.get(reverse("accounts:profile", args=[other_member.pk])).content.decode()
    own = member_client.get(reverse("accounts:profile", args=[member.pk])).content.decode()
    assert reverse("accounts:block", args=[member.pk]) not in own


def test_a_blocked_members_profile_offers_unblock_instead(member, member_client, other_member):
    block_member(blocker=member, blocked=other_member)
    html = member_client.get(reverse("accounts:profile", args=[other_member.pk])).content.decode()
    assert reverse("accounts:unblock", args=[other_member.pk]) in html
    assert reverse("accounts:block", args=[other_member.pk]) not in html


def test_the_blocked_member_sees_nothing_different_on_the_blockers_profile(member, other_member):
    from django.test import Client

    client = Client()
    client.force_login(other_member)
    url = reverse("accounts:profile", args=[member.pk])
    before = client.get(url).content.decode()
    block_member(blocker=member, blocked=other_member)
    after = client.get(url).content.decode()
    assert "blocked" not in after.lower()
    assert (
        reverse("accounts:block", args=[member.pk]) in before and reverse("accounts:block", args=[member.pk]) in after
    )


def test_my_blocks_lists_the_people_i_blocked_with_unblock_buttons(member, member_client, other_member):
    block_member(blocker=member, blocked=other_member)
    someone_else = UserFactory(display_name="Nina Notblocked")
    block_member(blocker=other_member, blocked=someone_else)
    html = member_client.get(reverse("accounts:blocks")).content.decode()
    assert "Owen Other" in html
    assert "Nina Notblocked" not in html
    assert f'action="{reverse("accounts:unblock", args=[other_member.pk])}"' in html


def test_my_blocks_says_so_when_i_have_blocked_nobody(member_client):
    assert "You have not blocked anyone." in member_client.get(reverse("accounts:blocks")).content.decode()


def test_unblocking_from_my_blocks_returns_there(member, member_client, other_member):
    block_member(blocker=member, blocked=other_member)
    response = member_client.post(
        reverse("accounts:unblock", args=[other_member.pk]), {"next": reverse("accounts:blocks")}
    )
    assert response["Location"] == reverse("accounts:blocks")
    assert not Block.objects.exists()


# The staff members list: an anonymous count, only at the threshold.


def _blocked_by(target, count):
    blockers = [UserFactory(display_name=f"Secret Blocker {n}") for n in range(count)]
    for blocker in blockers:
        block_member(blocker=blocker, blocked=target)
    return blockers


def test_the_staff_list_shows_the_block_count_only_from_the_threshold(staff_client, other_member, settings):
    settings.BLOCK_ALERT_THRESHOLD = 3
    url = reverse("accounts:staff-members") + "?q=Owen"
    _blocked_by(other_member, 2)
    html = staff_client.get(url).content.decode()
    assert "Blocked by" in html and "2 members" not in html
    _blocked_by(other_member, 1)
    html = staff_client.get(url).content.decode()
    assert "3 members" in html


def test_the_staff_list_never_names_who_blocked(staff_client, other_member, settings):
    settings.BLOCK_ALERT_THRESHOLD = 1
    blockers = _blocked_by(other_member, 2)
    html = staff_client.get(reverse("accounts:staff-members") + "?q=Owen").content.decode()
    assert "2 members" in html
    for blocker in blockers:
        assert blocker.display_name not in html and blocker.email not in html


def test_the_staff_list_block_count_costs_no_query_per_row(admin_client, settings):
    settings.BLOCK_ALERT_THRESHOLD = 1
    url = reverse("accounts:staff-members")
    first = UserFactory()
    _blocked_by(first, 1)
    with_one = queries_for(admin_client, url)
    for _ in range(20):
        _blocked_by(UserFactory(), 2)
    assert queries_for(admin_client, url) == with_one


def test_erasing_an_account_removes_the_blocks_it_made_and_received(staff):
    from practica.accounts.models import Block
    from practica.accounts.services.blocks import block_member
    from practica.accounts.services.members import erase_member
    from tests.factories import UserFactory

    leaving, other, third = UserFactory(), UserFactory(), UserFactory()
    block_member(blocker=leaving, blocked=other)
    block_member(blocker=third, blocked=leaving)
    erase_member(actor=staff, member=leaving)
    assert not Block.objects.filter(blocker=leaving).exists()
    assert not Block.objects.filter(blocked=leaving).exists()
