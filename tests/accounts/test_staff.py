"""Staff pages: the staff home, the members list and role changes, and the audit log."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.accounts.choices import Role
from practica.accounts.services.members import change_role
from practica.core.audit import record
from practica.core.models import AuditEntry
from tests.factories import UserFactory
from tests.helpers import queries_for


@pytest.mark.parametrize(
    "url_name", ["accounts:staff-home", "accounts:staff-members", "accounts:staff-audit", "accounts:staff-erasure-list"]
)
def test_members_and_moderators_get_403_with_a_reason_on_staff_pages(url_name, member_client, moderator_client):
    for client in (member_client, moderator_client):
        response = client.get(reverse(url_name))
        assert response.status_code == 403
        assert "Only staff" in response.content.decode()


def test_the_staff_home_links_to_every_staff_tool(staff_client):
    page = staff_client.get(reverse("accounts:staff-home")).content.decode()
    for name in ("staff-members", "staff-register", "staff-invitations", "staff-legal", "staff-erasure-list"):
        assert reverse(f"accounts:{name}") in page
    assert reverse("accounts:staff-audit") in page
    assert "no task worker" not in page


def test_the_staff_home_warns_when_tasks_wait_and_no_worker_runs(staff_client, db):
    from practica.core import events

    events.publish("test.nobody_listens", thing_id=1)
    assert "no task worker has been seen" in staff_client.get(reverse("accounts:staff-home")).content.decode()


def test_the_members_list_filters_by_role_status_and_name_or_email(staff_client, db):
    UserFactory(display_name="Carla Current", email="carla@example.org")
    UserFactory(display_name="Larry Lapsed", membership_expires_on=timezone.localdate() - datetime.timedelta(days=3))
    UserFactory(display_name="Molly Moderator", role=Role.MODERATOR)
    url = reverse("accounts:staff-members")

    lapsed = staff_client.get(url, {"status": "lapsed"}).content.decode()
    assert "Larry Lapsed" in lapsed and "Carla Current" not in lapsed
    current = staff_client.get(url, {"status": "current"}).content.decode()
    assert "Carla Current" in current and "Larry Lapsed" not in current
    moderators = staff_client.get(url, {"role": "moderator"}).content.decode()
    assert "Molly Moderator" in moderators and "Carla Current" not in moderators
    assert "Carla Current" in staff_client.get(url, {"q": "carla@"}).content.decode()


def test_admins_see_a_role_form_per_member_and_staff_do_not(admin_client, staff_client, db):
    other = UserFactory()
    action = reverse("accounts:staff-member-role", kwargs={"pk": other.pk})
    assert action in admin_client.get(reverse("accounts:staff-members")).content.decode()
    assert action not in staff_client.get(reverse("accounts:staff-members")).content.decode()


def test_an_admin_changes_a_role_and_the_change_is_in_the_audit_log(admin, admin_client, db):
    other = UserFactory(display_name="Rosa Role")
    url = reverse("accounts:staff-member-role", kwargs={"pk": other.pk})
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"role": Role.MODERATOR})
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.role == Role.MODERATOR
    entry = AuditEntry.objects.get(action="member.role_changed")
    assert entry.actor == admin and entry.target_id == str(other.pk)
    assert entry.data == {"from": "member", "to": "moderator"}
    log = admin_client.get(reverse("accounts:staff-audit")).content.decode()
    assert "member.role_changed" in log and "Role changed from member to moderator" in log


def test_the_members_list_role_form_posts_a_prefixed_field_that_works(admin_client, db):
    other = UserFactory()
    admin_client.post(reverse("accounts:staff-member-role", kwargs={"pk": other.pk}), {f"m{other.pk}-role": "staff"})
    other.refresh_from_db()
    assert other.role == Role.STAFF


def test_staff_cannot_change_roles_and_nothing_changes(staff_client, db):
    other = UserFactory()
    response = staff_client.post(reverse("accounts:staff-member-role", kwargs={"pk": other.pk}), {"role": "admin"})
    assert response.status_code == 403
    assert "Only an admin" in response.content.decode()
    other.refresh_from_db()
    assert other.role == Role.MEMBER
    assert not AuditEntry.objects.filter(action="member.role_changed").exists()


def test_an_admin_cannot_change_their_own_role(admin, admin_client):
    response = admin_client.post(reverse("accounts:staff-member-role", kwargs={"pk": admin.pk}), {"role": "member"})
    assert response.status_code == 403
    admin.refresh_from_db()
    assert admin.role == Role.ADMIN


def test_an_unknown_role_is_an_error_next_to_the_field(admin_client, db):
    other = UserFactory()
    response = admin_client.post(reverse("accounts:staff-member-role", kwargs={"pk": other.pk}), {"role": "overlord"})
    assert response.status_code == 200
    assert 'id="id_role_error"' in response.content.decode()


def test_the_role_page_for_a_missing_member_is_a_404(admin_client):
    assert admin_client.get(reverse("accounts:staff-member-role", kwargs={"pk": 999999})).status_code == 404


def test_the_audit_log_filters_by_action(staff_client, staff, db):
    record(actor=staff, action="demo.first", summary="First thing")
    record(actor=staff, action="demo.second", summary="Second thing")
    page = staff_client.get(reverse("accounts:staff-audit"), {"action": "demo.first"}).content.decode()
    assert "First thing" in page and "Second thing" not in page


def _audit_entries(actor, count: int) -> None:
    for index in range(count):
        actor_for_entry = UserFactory() if index % 2 else actor
        record(actor=actor_for_entry, action=f"demo.action{index % 3}", target=actor, summary="Something")


def test_the_audit_log_costs_the_same_number_of_queries_with_1_and_50_entries(staff, staff_client):
    AuditEntry.objects.all().delete()
    _audit_entries(staff, 1)
    with_one = queries_for(staff_client, reverse("accounts:staff-audit"))
    _audit_entries(staff, 49)
    assert queries_for(staff_client, reverse("accounts:staff-audit")) == with_one


def test_the_members_list_costs_the_same_number_of_queries_with_1_and_50_members(admin, admin_client):
    UserFactory()
    with_one = queries_for(admin_client, reverse("accounts:staff-members"))
    UserFactory.create_batch(49, membership_expires_on=timezone.localdate() - datetime.timedelta(days=1))
    assert queries_for(admin_client, reverse("accounts:staff-members")) == with_one


def test_role_changes_by_the_service_need_an_admin(staff, db):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        change_role(actor=staff, member=UserFactory(), role=Role.ADMIN)
