"""Report a concern: snapshots of linked pages (unavailable when the reporter cannot see them), a staff-only
queue item, the Lead's e-mail, and "My reports" showing the status and note but never a penalty."""

import pytest
from django.test import Client
from django.urls import reverse

from practica.core.models import OutboxEmail
from practica.discussions.services.posting import reply, start_topic
from practica.moderation.choices import ItemKind, ItemStatus, ReportStatus
from practica.moderation.models import Report, ReviewItem
from practica.moderation.services.reports import submit_report, update_report
from tests.factories import CommunityFactory, UserFactory, add_member

URL = reverse("moderation:report")


@pytest.fixture
def places(db, member):
    author = UserFactory(display_name="Rory Rude")
    open_community = CommunityFactory(name="Open Practice")
    closed = CommunityFactory(name="Closed Circle", membership="closed")
    for community in (open_community, closed):
        add_member(community, author)
    add_member(open_community, member)
    open_topic = start_topic(author=author, community=open_community, title="Endings", body="Opening").post.topic
    open_post = reply(author=author, topic=open_topic, body="You clearly know nothing.").post
    closed_topic = start_topic(author=author, community=closed, title="Secret case", body="Confidential").post.topic
    closed_post = reply(author=author, topic=closed_topic, body="Client details here.").post
    return {"author": author, "open_post": open_post, "closed_post": closed_post}


def test_the_report_captures_a_snapshot_of_each_link_the_reporter_can_see(places, member, settings):
    settings.LEAD_EMAIL = "lead@association.example"
    report = submit_report(
        reporter=member,
        category="bullying",
        details="He keeps belittling me.",
        links=[
            f"/posts/{places['open_post'].pk}/",
            f"{settings.SITE_URL}/posts/{places['closed_post'].pk}/",
            f"/members/{places['author'].pk}/",
            "/communities/",
        ],
    )
    links = {link.url: link.snapshot for link in report.links.all()}
    captured = links[f"/posts/{places['open_post'].pk}/"]
    assert captured["text"] == "You clearly know nothing."
    assert captured["author_name"] == "Rory Rude"
    assert links[f"{settings.SITE_URL}/posts/{places['closed_post'].pk}/"]["unavailable"] is True
    assert "Client details" not in str(links)
    assert links["/communities/"] == {}
    item = report.review_item
    assert item.kind == ItemKind.REPORT and item.status == ItemStatus.OPEN
    assert item.author == places["author"]
    email = OutboxEmail.objects.get(to_address="lead@association.example")
    assert "Bullying" in email.subject


def test_the_email_carries_no_report_text_when_a_link_is_in_a_closed_community(places, db):
    insider = UserFactory()
    add_member(places["closed_post"].topic.community, insider)
    submit_report(
        reporter=insider,
        category="safeguarding",
        details="Names a client's school.",
        links=[f"/posts/{places['closed_post'].pk}/"],
    )
    email = OutboxEmail.objects.get()
    assert "Names a client's school." not in email.text_body
    assert "Safeguarding" in email.subject
    assert "/moderation/queue/" in email.text_body


def test_members_send_a_report_through_the_form_and_see_it_in_my_reports(places, member_client):
    response = member_client.post(
        URL, {"category": "trolling", "details": "Provoking replies.", "links": f"/posts/{places['open_post'].pk}/"}
    )
    assert response.status_code == 302
    assert response.url == reverse("moderation:my-reports")
    page = member_client.get(reverse("moderation:my-reports")).content.decode()
    assert "Trolling" in page
    assert "Received" in page


def test_form_errors_sit_next_to_their_fields_and_keep_what_was_typed(member_client):
    response = member_client.post(URL, {"category": "", "details": "  ", "links": "https://elsewhere.example/x"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_category_error"' in page
    assert 'id="id_details_error"' in page
    assert 'id="id_links_error"' in page
    assert "https://elsewhere.example/x" in page
    assert not Report.objects.exists()


def test_more_than_five_links_are_refused(member_client):
    links = "\n".join(f"/posts/{n}/" for n in range(6))
    response = member_client.post(URL, {"category": "other", "details": "Many", "links": links})
    assert "at most 5 links" in response.content.decode()


def test_the_reporter_sees_the_status_note_but_never_the_penalty(places, member, member_client, staff):
    report = submit_report(reporter=member, category="bullying", details="Unkind.", links=[])
    from practica.moderation.services.queue import record_action

    record_action(
        actor=staff, action="suspend", item=report.review_item, subject=places["author"], reason="Suspended for a week"
    )
    update_report(actor=staff, report=report, status=ReportStatus.ACTIONED, note="We looked into it and acted.")
    page = member_client.get(reverse("moderation:my-reports")).content.decode()
    assert "Action taken" in page
    assert "We looked into it and acted." in page
    assert "Suspended" not in page and "suspend" not in page.lower()
    assert ReviewItem.objects.get(pk=report.review_item_id).status == ItemStatus.RESOLVED


def test_reporters_see_only_their_own_reports(places, member, other_member, staff):
    submit_report(reporter=other_member, category="stalking", details="Someone else's", links=[])
    client = Client()
    client.force_login(member)
    page = client.get(reverse("moderation:my-reports")).content.decode()
    assert "Stalking" not in page
    assert "You have not reported any concerns." in page


def test_staff_see_the_report_and_snapshot_on_the_queue_item_and_set_its_status(places, member, staff_client):
    report = submit_report(
        reporter=member, category="bullying", details="Belittling.", links=[f"/posts/{places['open_post'].pk}/"]
    )
    page = staff_client.get(reverse("moderation:item", args=[report.review_item_id])).content.decode()
    assert "Reported concern" in page
    assert "You clearly know nothing." in page
    response = staff_client.post(
        reverse("moderation:report-update", args=[report.pk]),
        {f"r{report.pk}-status": "closed", f"r{report.pk}-status_note": "Nothing against the guidelines."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED


def test_members_cannot_see_or_set_report_items(places, member, member_client):
    """Moderators may (DESIGN.md: they review flags and reports; tests/moderation/test_locked_and_reports.py)."""
    report = submit_report(reporter=member, category="bullying", details="x", links=[])
    assert member_client.get(reverse("moderation:item", args=[report.review_item_id])).status_code == 404
    response = member_client.post(
        reverse("moderation:report-update", args=[report.pk]), {f"r{report.pk}-status": "closed"}
    )
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.status == ReportStatus.RECEIVED


def test_the_old_concern_address_leads_to_the_report_form(member_client):
    response = member_client.get(reverse("accounts:report-concern"))
    assert response.status_code == 302
    assert response.url == URL


def test_the_footer_and_home_page_link_to_the_report_form(member_client):
    page = member_client.get(reverse("core:home")).content.decode()
    assert page.count(f'href="{URL}"') >= 2


def test_a_member_sending_many_reports_is_asked_to_email_instead(member_client):
    for _ in range(10):
        assert member_client.post(URL, {"category": "other", "details": "Again"}).status_code == 302
    response = member_client.post(URL, {"category": "other", "details": "Again"})
    assert "Please e-mail us instead" in response.content.decode()
    assert Report.objects.count() == 10
