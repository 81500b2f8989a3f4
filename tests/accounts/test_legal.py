"""Versioned legal pages: reading them, accepting them, and staff writing and publishing new versions."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from practica.accounts.choices import LegalKind
from practica.accounts.legal import current_legal_key
from practica.accounts.models import LegalAcceptance, LegalDocument
from practica.accounts.services.legal import (
    LegalDocumentsChanged,
    accept_legal_documents,
    publish_legal_document,
    save_legal_draft,
)
from practica.core.models import AuditEntry
from tests.factories import UserFactory


def _publish(kind=LegalKind.TERMS, version=1, *, title="Terms of service", body="Be kind.", change_summary=""):
    return LegalDocument.objects.create(
        kind=kind,
        version=version,
        title=title,
        body=body,
        body_html=f"<p>{body}</p>",
        change_summary=change_summary,
        published_at=timezone.now(),
    )


@pytest.fixture
def terms_v1(db):
    return _publish()


# --- Reading -----------------------------------------------------------------------------------------------


def test_anyone_can_read_the_current_terms_with_version_and_date(anonymous_client, terms_v1):
    response = anonymous_client.get(reverse("accounts:legal-document", args=["terms"]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Terms of service" in page
    assert "Be kind." in page
    assert "Version 1, published" in page


def test_the_current_version_shows_what_changed_and_links_to_earlier_versions(anonymous_client, terms_v1):
    _publish(version=2, body="Be very kind.", change_summary="We now ask for extra kindness.")
    page = anonymous_client.get(reverse("accounts:legal-document", args=["terms"])).content.decode()
    assert "Be very kind." in page
    assert "We now ask for extra kindness." in page
    assert reverse("accounts:legal-version", args=["terms", 1]) in page


def test_an_earlier_version_says_so_and_links_to_the_current_one(anonymous_client, terms_v1):
    _publish(version=2, body="Be very kind.", change_summary="Kinder.")
    response = anonymous_client.get(reverse("accounts:legal-version", args=["terms", 1]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "This is an earlier version" in page
    assert "Be kind." in page
    assert reverse("accounts:legal-document", args=["terms"]) in page


@pytest.mark.parametrize("persona", ["anonymous", "member", "staff"])
def test_unpublished_drafts_are_invisible_to_everyone_on_the_public_pages(persona, persona_clients, terms_v1):
    LegalDocument.objects.create(kind=LegalKind.TERMS, version=2, title="Terms", body="Secret draft", body_html="x")
    client = persona_clients[persona]
    assert client.get(reverse("accounts:legal-version", args=["terms", 2])).status_code == 404
    assert "Secret draft" not in client.get(reverse("accounts:legal-document", args=["terms"])).content.decode()


def test_a_kind_with_only_a_draft_is_not_found(anonymous_client, db):
    LegalDocument.objects.create(kind=LegalKind.PRIVACY, version=1, title="Privacy", body="Draft", body_html="x")
    assert anonymous_client.get(reverse("accounts:legal-document", args=["privacy"])).status_code == 404


def test_an_unknown_kind_or_version_is_not_found(anonymous_client, terms_v1):
    assert anonymous_client.get(reverse("accounts:legal-document", args=["cookies"])).status_code == 404
    assert anonymous_client.get(reverse("accounts:legal-version", args=["terms", 9])).status_code == 404


def test_the_demo_privacy_notice_says_only_strictly_necessary_cookies_are_used(anonymous_client, db):
    from practica.accounts.demo import LEGAL_TEXTS
    from practica.core.text import render_markdown

    title, body = LEGAL_TEXTS[LegalKind.PRIVACY]
    LegalDocument.objects.create(
        kind=LegalKind.PRIVACY,
        version=1,
        title=title,
        body=body,
        body_html=render_markdown(body),
        published_at=timezone.now(),
    )
    page = anonymous_client.get(reverse("accounts:legal-document", args=["privacy"])).content.decode()
    assert "strictly necessary cookies" in page
    assert "no cookie banner" in page


# --- Accepting ---------------------------------------------------------------------------------------------


def test_a_member_who_has_not_accepted_is_sent_to_the_acceptance_page_with_the_path_to_return_to(terms_v1, client):
    newcomer = UserFactory(accepted_legal_key="")
    client.force_login(newcomer)
    response = client.get(reverse("accounts:directory"))
    assert response.status_code == 302
    assert response.url == f"{reverse('accounts:legal-accept')}?next=/members/"


def test_accepting_records_each_document_and_lets_the_member_in(terms_v1, client):
    guidelines = _publish(LegalKind.GUIDELINES, title="Community guidelines", body="Protect clients.")
    newcomer = UserFactory(accepted_legal_key="")
    client.force_login(newcomer)
    page = client.get(reverse("accounts:legal-accept")).content.decode()
    assert "Terms of service" in page
    assert "Community guidelines" in page

    response = client.post(
        reverse("accounts:legal-accept"),
        {"next": "/members/", "pending_key": "terms:1|guidelines:1", "accept_terms": "on", "accept_guidelines": "on"},
    )

    assert response.status_code == 302
    assert response.url == "/members/"
    assert set(newcomer.legal_acceptances.values_list("document_id", flat=True)) == {terms_v1.pk, guidelines.pk}
    newcomer.refresh_from_db()
    assert newcomer.accepted_legal_key == current_legal_key() == "terms:1|guidelines:1"
    assert client.get(reverse("core:home")).status_code == 200


def test_each_document_must_be_ticked_and_the_error_is_shown_next_to_its_box(terms_v1, client):
    _publish(LegalKind.GUIDELINES, title="Community guidelines")
    newcomer = UserFactory(accepted_legal_key="")
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:legal-accept"), {"pending_key": "terms:1|guidelines:1", "accept_terms": "on"}
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tick the box to accept “Community guidelines”." in page
    assert 'id="id_accept_guidelines_error"' in page
    # What was ticked stays ticked.
    assert 'name="accept_terms" required aria-invalid' not in page
    assert 'id="id_accept_terms" checked' in page
    assert not LegalAcceptance.objects.filter(user=newcomer).exists()


def test_the_return_address_must_be_on_this_site(terms_v1, client):
    newcomer = UserFactory(accepted_legal_key="")
    client.force_login(newcomer)
    response = client.post(
        reverse("accounts:legal-accept"),
        {"next": "https://evil.example.com/", "pending_key": "terms:1", "accept_terms": "on"},
    )
    assert response.url == reverse("core:home")


def test_a_new_version_forces_everyone_to_accept_again_and_shows_what_changed(terms_v1, member_client, member, staff):
    assert member_client.get(reverse("core:home")).status_code == 200
    draft = save_legal_draft(
        actor=staff, kind="terms", title="Terms of service", body="Be kinder.", change_summary="Kinder wording."
    )
    publish_legal_document(actor=staff, document=draft)

    response = member_client.get(reverse("core:home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:legal-accept"))
    page = member_client.get(response.url).content.decode()
    assert "Kinder wording." in page
    assert "version 2" in page


def test_accepting_a_new_version_keeps_the_record_of_the_old_one(terms_v1, client, staff):
    member = UserFactory(accepted_legal_key="")
    accept_legal_documents(user=member, pending_key="terms:1")
    draft = save_legal_draft(actor=staff, kind="terms", title="Terms", body="v2", change_summary="New.")
    publish_legal_document(actor=staff, document=draft)

    accept_legal_documents(user=member, pending_key="terms:2")

    assert sorted(member.legal_acceptances.values_list("document__version", flat=True)) == [1, 2]
    assert member.accepted_legal_key == "terms:2"


def test_nothing_is_recorded_when_a_new_version_was_published_while_the_member_was_reading(terms_v1, staff):
    member = UserFactory(accepted_legal_key="")
    draft = save_legal_draft(actor=staff, kind="terms", title="Terms", body="v2", change_summary="New.")
    publish_legal_document(actor=staff, document=draft)

    with pytest.raises(LegalDocumentsChanged):
        accept_legal_documents(user=member, pending_key="terms:1")

    assert not member.legal_acceptances.exists()
    member.refresh_from_db()
    assert member.accepted_legal_key == ""


def test_the_acceptance_page_sends_the_member_back_when_the_versions_changed_under_them(terms_v1, client):
    member = UserFactory(accepted_legal_key="")
    client.force_login(member)
    response = client.post(reverse("accounts:legal-accept"), {"pending_key": "terms:0", "accept_terms": "on"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:legal-accept"))
    assert not member.legal_acceptances.exists()


@pytest.mark.parametrize("persona", ["lapsed", "suspended"])
def test_lapsed_and_suspended_people_can_still_read_and_accept_the_terms(persona, persona_clients, terms_v1):
    client = persona_clients[persona]
    assert client.get(reverse("accounts:legal-accept")).status_code == 200
    assert client.get(reverse("accounts:legal-document", args=["terms"])).status_code == 200


def test_anonymous_visitors_are_asked_to_sign_in_before_accepting(anonymous_client, terms_v1):
    response = anonymous_client.get(reverse("accounts:legal-accept"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


# --- Staff: drafts and publishing --------------------------------------------------------------------------


def test_staff_see_each_kind_with_versions_and_acceptance_counts(staff_client, terms_v1, member, other_member):
    LegalAcceptance.objects.create(user=member, document=terms_v1)
    LegalAcceptance.objects.create(user=other_member, document=terms_v1)
    page = staff_client.get(reverse("accounts:staff-legal")).content.decode()
    assert "2 people" in page
    assert "Community guidelines" in page
    assert "Write the first version" in page
    assert "Write the next version" in page


def test_members_and_moderators_cannot_manage_the_legal_pages(member_client, moderator_client, terms_v1):
    for client in (member_client, moderator_client):
        assert client.get(reverse("accounts:staff-legal")).status_code == 403
        assert client.get(reverse("accounts:staff-legal-draft", args=["terms"])).status_code == 403
        assert client.post(reverse("accounts:staff-legal-draft", args=["terms"]), {"title": "x"}).status_code == 403


def test_a_new_draft_starts_from_the_current_text(staff_client, terms_v1):
    page = staff_client.get(reverse("accounts:staff-legal-draft", args=["terms"])).content.decode()
    assert "draft of version 2" in page
    assert "Be kind." in page


def test_staff_preview_a_draft_without_saving_it(staff_client, terms_v1):
    response = staff_client.post(
        reverse("accounts:staff-legal-draft", args=["terms"]),
        {"title": "Terms", "body": "## Heading\n\n**Bold** words", "change_summary": "New heading.", "preview": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h2>Heading</h2>" in page
    assert "<strong>Bold</strong>" in page
    # The form keeps what was typed.
    assert "New heading." in page
    assert not LegalDocument.objects.filter(version=2).exists()


def test_staff_save_a_draft_of_the_next_version_and_it_is_audited(staff_client, staff, terms_v1):
    response = staff_client.post(
        reverse("accounts:staff-legal-draft", args=["terms"]),
        {"title": "Terms of service", "body": "Be kinder.", "change_summary": "Kinder.", "save": "1"},
    )
    assert response.status_code == 302
    draft = LegalDocument.objects.get(kind="terms", version=2)
    assert draft.published_at is None
    assert draft.body_html == "<p>Be kinder.</p>\n"
    assert AuditEntry.objects.filter(action="legal.draft_created", actor=staff).exists()
    # Saving again edits the same draft rather than making version 3.
    staff_client.post(
        reverse("accounts:staff-legal-draft", args=["terms"]),
        {"title": "Terms of service", "body": "Be kindest.", "change_summary": "Kinder.", "save": "1"},
    )
    assert LegalDocument.objects.filter(kind="terms").count() == 2
    assert LegalDocument.objects.get(kind="terms", version=2).body == "Be kindest."


def test_a_later_version_needs_a_summary_of_what_changed(staff_client, terms_v1):
    response = staff_client.post(
        reverse("accounts:staff-legal-draft", args=["terms"]),
        {"title": "Terms", "body": "Changed", "change_summary": "", "save": "1"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_change_summary_error"' in page
    assert "Changed" in page
    assert not LegalDocument.objects.filter(version=2).exists()


def test_publishing_a_draft_makes_it_current_and_is_audited(staff_client, staff, terms_v1):
    draft = save_legal_draft(actor=staff, kind="terms", title="Terms", body="v2", change_summary="New.")
    response = staff_client.post(reverse("accounts:staff-legal-publish", args=[draft.pk]))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.published_at is not None
    assert current_legal_key() == "terms:2"
    assert AuditEntry.objects.filter(action="legal.published", target_id=str(draft.pk)).exists()
    assert "Version 2" in staff_client.get(reverse("accounts:legal-document", args=["terms"])).content.decode()


def test_a_published_version_cannot_be_published_again(staff, terms_v1):
    with pytest.raises(ValidationError):
        publish_legal_document(actor=staff, document=terms_v1)


def test_publishing_is_for_staff_only(member, db):
    draft = LegalDocument.objects.create(kind="terms", version=1, title="T", body="b", body_html="b")
    with pytest.raises(PermissionDenied):
        publish_legal_document(actor=member, document=draft)
    with pytest.raises(PermissionDenied):
        save_legal_draft(actor=member, kind="terms", title="T", body="b", change_summary="")


def test_publishing_needs_a_post(staff_client, staff, terms_v1):
    draft = save_legal_draft(actor=staff, kind="terms", title="Terms", body="v2", change_summary="New.")
    assert staff_client.get(reverse("accounts:staff-legal-publish", args=[draft.pk])).status_code == 405
    draft.refresh_from_db()
    assert draft.published_at is None
