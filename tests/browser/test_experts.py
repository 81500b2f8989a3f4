"""Expert speakers through the real UI: a member offers expertise and asks for a speaker; staff take the
request from submission to a scheduled meeting; the requester sees it. Every page is audited with axe.

Each person signs in in a browser context of their own; only the starting data comes from factories and services.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.experts.models import SpeakerRequest
from practica.experts.services.directory import save_expert_profile
from practica.meetings.models import Meeting
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, DivisionFactory, UserFactory, add_member

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator


@pytest.fixture
def browser_as(browser, live_server):
    contexts = []
    blocked = []

    def open_as(user, totp_secret=None):
        context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
        context.set_default_timeout(DEFAULT_TIMEOUT_MS)
        contexts.append(context)
        new_page = context.new_page()
        new_page.on(
            "console",
            lambda message: (
                blocked.append(message.text)
                if message.type == "error" and "Content Security Policy" in message.text
                else None
            ),
        )
        sign_in(new_page, live_server, user.email, DEFAULT_PASSWORD, totp_secret=totp_secret)
        return new_page

    yield open_as
    for context in contexts:
        context.close()
    assert not blocked, "The Content-Security-Policy blocked something:\n" + "\n".join(blocked)


def test_a_speaker_request_from_submission_to_a_scheduled_meeting(browser_as, live_server):
    division = DivisionFactory(name="Private Practice")
    community = CommunityFactory(name="Bereavement Practice", division=division)
    member = UserFactory(display_name="Maya Member")
    add_member(community, member)
    expert = UserFactory(display_name="Eve Expert")
    save_expert_profile(
        user=expert, available=True, areas="Grief, suicide bereavement", offers_talk=True, divisions=[division]
    )
    lead = UserFactory(display_name="Leah Lead", role=Role.STAFF)

    # The member finds the directory from the main menu and asks for a speaker.
    member_page = browser_as(member)
    member_page.get_by_role("navigation", name="Main").get_by_role("link", name="Experts").click()
    expect(member_page.get_by_role("heading", level=1, name="Expert directory")).to_be_visible()
    expect(member_page.get_by_text("Eve Expert")).to_be_visible()
    audit(member_page)
    member_page.get_by_label("Area of expertise").fill("grief")
    member_page.locator("main").get_by_role("button", name="Search").click()
    expect(member_page.get_by_role("heading", name="Eve Expert")).to_be_visible()
    audit(member_page)
    member_page.get_by_role("link", name="Request a speaker").first.click()
    audit(member_page)
    member_page.get_by_label("Topic", exact=True).fill("Suicide bereavement")
    member_page.get_by_label("Audience").select_option(label="Bereavement Practice")
    member_page.get_by_label("Why this topic, and why now").fill("Three of us are working with bereaved families.")
    member_page.get_by_label("Preferred format").select_option("talk")
    member_page.get_by_label("Preferred dates").fill("An evening in March")
    member_page.get_by_role("button", name="Send request").click()
    expect(member_page.get_by_role("heading", level=1, name="Suicide bereavement")).to_be_visible()
    expect(member_page.get_by_text("Your request is with the staff team.")).to_be_visible()
    audit(member_page)
    speaker_request = SpeakerRequest.objects.get()

    # Staff find it in the queue from the staff tools, review it, and record the matching expert.
    staff_page = browser_as(lead, totp_secret=TOTP_SECRET)
    staff_page.goto(url(live_server, "accounts:staff-home"))
    staff_page.get_by_role("link", name="Speaker requests").click()
    expect(staff_page.get_by_role("heading", level=1, name="Speaker requests")).to_be_visible()
    audit(staff_page)
    staff_page.get_by_role("link", name="Suicide bereavement").click()
    expect(staff_page.get_by_role("heading", name="Experts whose areas match")).to_be_visible()
    audit(staff_page)
    # Declining without a reason is refused next to the field.
    staff_page.get_by_label("New status").select_option("declined")
    staff_page.get_by_role("button", name="Change status").click()
    expect(staff_page.get_by_text("Give the requester a reason for declining.").first).to_be_visible()
    audit(staff_page)
    staff_page.get_by_label("New status").select_option("in_review")
    staff_page.get_by_role("button", name="Change status").click()
    expect(staff_page.get_by_text("The request is now “In review”.")).to_be_visible()
    staff_page.get_by_role("button", name="Suggest Eve Expert").click()
    expect(staff_page.get_by_text("Eve Expert is suggested for this request.")).to_be_visible()
    staff_page.get_by_label("Expert from the directory").select_option(str(expert.pk))
    staff_page.get_by_role("button", name="Record speaker").click()
    expect(staff_page.get_by_text("The speaker is recorded.")).to_be_visible()
    audit(staff_page)

    # Staff schedule it: a meeting in the community.
    staff_page.get_by_role("link", name="Schedule", exact=True).click()
    expect(staff_page.get_by_role("heading", level=1, name="Schedule the talk")).to_be_visible()
    audit(staff_page)
    start = timezone.localtime(timezone.now() + timedelta(days=20))
    staff_page.get_by_label("Date and time").fill(start.strftime("%Y-%m-%dT18:30"))
    staff_page.get_by_label("Length in minutes").fill("90")
    staff_page.get_by_label("Format", exact=True).select_option("online")
    staff_page.get_by_label("Joining link").fill("https://meet.example.org/bereavement")
    staff_page.get_by_role("button", name="Create the meeting").click()
    expect(staff_page.get_by_text("The meeting is scheduled in Bereavement Practice")).to_be_visible()
    audit(staff_page)
    meeting = Meeting.objects.get()
    assert meeting.community == community
    speaker_request.refresh_from_db()
    assert speaker_request.status == "scheduled"

    # The requester sees the outcome and follows the link to the meeting.
    member_page.goto(url(live_server, "experts:my-requests"))
    expect(member_page.get_by_text("Scheduled")).to_be_visible()
    audit(member_page)
    member_page.get_by_role("link", name="Suicide bereavement").click()
    member_page.get_by_role("link", name="See the meeting").click()
    expect(member_page.get_by_role("heading", level=1, name="Suicide bereavement")).to_be_visible()
    # The meeting page names the speaker, linked to their profile.
    facts = member_page.locator(".meeting-facts")
    expect(facts.get_by_role("link", name="Eve Expert")).to_be_visible()
    expect(facts).to_contain_text("Speaker")
    audit(member_page)


def test_a_member_offers_their_expertise_and_opts_out_again(browser_as, live_server):
    DivisionFactory(name="Healthcare")
    member = UserFactory(display_name="Maya Member")
    page = browser_as(member)
    page.goto(url(live_server, "experts:directory"))
    page.get_by_role("link", name="Offer your expertise").click()
    expect(page.get_by_role("heading", level=1, name="Your entry in the expert directory")).to_be_visible()
    audit(page)
    page.get_by_label("Areas of expertise").fill("Eating disorders, body image")
    page.get_by_label("I can run a workshop").check()
    page.get_by_label("Healthcare").check()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Your entry in the expert directory is saved.")).to_be_visible()
    expect(page.get_by_role("heading", name="Maya Member")).to_be_visible()
    audit(page)
    page.get_by_role("link", name="Edit my expert entry").click()
    page.get_by_label("I am available to speak or advise").uncheck()
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("You are no longer listed in the expert directory.")).to_be_visible()
    expect(page.get_by_role("heading", name="Maya Member")).to_have_count(0)


def test_the_other_expert_pages_pass_the_audit(browser_as, live_server):
    from practica.experts.services.requests import change_request_status, submit_speaker_request

    community = CommunityFactory(name="Bereavement Practice")
    member = UserFactory(display_name="Maya Member")
    add_member(community, member)
    lead = UserFactory(display_name="Leah Lead", role=Role.STAFF)
    loner = UserFactory(display_name="Lou Loner")

    loner_page = browser_as(loner)
    for name in ("experts:directory", "experts:my-requests", "experts:request-create"):
        loner_page.goto(url(live_server, name))  # empty states, and no community to ask for
        audit(loner_page)

    declined = submit_speaker_request(requester=member, community=community, topic="Private practice", why="Why")
    change_request_status(actor=lead, speaker_request=declined, status="declined", note="Outside our remit.")
    member_page = browser_as(member)
    member_page.goto(url(live_server, "experts:request-detail", pk=declined.pk))
    expect(member_page.get_by_text("Outside our remit.").first).to_be_visible()
    audit(member_page)

    staff_page = browser_as(lead, totp_secret=TOTP_SECRET)
    staff_page.goto(url(live_server, "experts:queue"))  # no open requests
    audit(staff_page)
    staff_page.goto(url(live_server, "experts:queue") + "?status=all")
    audit(staff_page)
    staff_page.goto(url(live_server, "experts:request-detail", pk=declined.pk))
    audit(staff_page)
