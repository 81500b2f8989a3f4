"""Communities through the real UI: a proposal becomes a closed community, people ask to join, a champion admits
them until it is full and then fills its waiting list; joining and leaving an open community; an unlisted
community reached through its invitation link; and every communities page audited with axe as staff.

Several people take part in one journey, so each signs in in a browser context of their own (cookies apart),
through the real sign-in form; only the starting data comes from factories and services.
"""

import re
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.communities.choices import JoinRequestStatus, ProposalStatus
from practica.communities.models import Community, CommunityMember, CommunityProposal, JoinRequest
from practica.communities.services.communities import create_community, rotate_invite_link, save_charter
from practica.communities.services.membership import request_to_join
from practica.communities.services.proposals import submit_proposal
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, axe_violations, format_violations, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, DivisionFactory, UserFactory, add_member

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator

COMMUNITY_NAME = "Perinatal Mental Health"
ADMISSION_QUESTION = "What is your experience of perinatal work?"


@pytest.fixture
def browser_as(browser, live_server):
    """Sign a person in, in a fresh browser context of their own, and return their page. Like the `page`
    fixture, any script or style the Content-Security-Policy blocks fails the test."""
    contexts = []
    blocked = []

    def open_as(user, totp_secret: str | None = None):
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
        expect(new_page).to_have_url(url(live_server, "core:home"))
        return new_page

    yield open_as
    for context in contexts:
        context.close()
    assert not blocked, "The Content-Security-Policy blocked something:\n" + "\n".join(blocked)


def flash(page):
    """The messages shown after an action (the directory also has a role=status result count)."""
    return page.locator(".flash")


def expect_not_found(page, live_server, name: str, *args) -> None:
    response = page.goto(url(live_server, name, *args))
    assert response is not None and response.status == 404, f"{name} should be a 404 here"
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    audit(page)


def test_a_proposal_becomes_a_closed_community_that_fills_up_and_keeps_a_waiting_list(browser_as, live_server):
    division = DivisionFactory(name="Healthcare", slug="healthcare")
    proposer = UserFactory(display_name="Pia Proposer")
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    applicant = UserFactory(display_name="Ava Applicant")
    latecomer = UserFactory(display_name="Lou Latecomer")

    # 1. A member proposes a closed community of at most two members.
    champion_page = browser_as(proposer)
    champion_page.goto(url(live_server, "communities:proposal-create"))
    expect(champion_page.get_by_role("heading", level=1)).to_have_text("Propose a community")
    audit(champion_page)
    form = champion_page.get_by_role("main").locator("form")
    form.get_by_label("Name of the community").fill(COMMUNITY_NAME)
    form.get_by_label(re.compile(r"^Division")).select_option(label="Healthcare")
    form.get_by_label("Short description").fill("Supporting practitioners who work with new and expectant parents.")
    form.get_by_label("Why is this community needed?").fill(
        "Perinatal work is specialised and isolating; there is no community for it yet."
    )
    form.get_by_label("Membership", exact=True).select_option(
        label="Closed: members ask to join and champions admit them"
    )
    form.get_by_label(re.compile(r"^Maximum number of members")).fill("2")
    form.get_by_label(re.compile(r"^Questions for people asking to join")).fill(ADMISSION_QUESTION)
    form.get_by_label(re.compile(r"^1\. What is the focus")).fill(
        "Therapy around pregnancy, birth and early parenthood."
    )
    form.get_by_label(re.compile(r"^2\. What is its purpose")).fill("Peer support and shared learning.")
    form.get_by_label(re.compile(r"^7\. When do you meet")).fill("The first Tuesday of each month, online.")
    form.get_by_label(re.compile(r"^14\. How will conflicts")).fill("Openly, with the champion's help.")
    form.get_by_label(re.compile(r"^The community's values are consistent")).check()
    form.get_by_role("button", name="Send the proposal").click()

    proposal = CommunityProposal.objects.get(name=COMMUNITY_NAME)
    expect(champion_page).to_have_url(url(live_server, "communities:proposal", proposal.pk))
    expect(flash(champion_page)).to_contain_text("Your proposal has been sent")
    expect(champion_page.get_by_role("main").locator(".badge").first).to_have_text("Submitted")
    audit(champion_page)
    assert proposal.membership == "closed" and proposal.max_members == 2 and proposal.division == division
    assert proposal.charter["focus"] == "Therapy around pregnancy, birth and early parenthood."

    champion_page.get_by_role("main").get_by_role("link", name="Proposals", exact=True).click()
    expect(champion_page).to_have_url(url(live_server, "communities:proposals"))
    mine = champion_page.get_by_role("region", name="Your proposals")
    row = mine.get_by_role("row").filter(has_text=COMMUNITY_NAME)
    expect(row.locator(".badge")).to_have_text("Submitted")
    audit(champion_page)

    # 2. Staff open the queue and approve the proposal, with a comment: the community now exists.
    lead_page = browser_as(lead, totp_secret=TOTP_SECRET)
    lead_page.goto(url(live_server, "communities:manage"))
    audit(lead_page)
    lead_page.get_by_role("main").get_by_role("link", name="Proposals", exact=True).click()
    expect(lead_page).to_have_url(url(live_server, "communities:proposal-queue"))
    audit(lead_page)
    lead_page.get_by_role("main").get_by_role("link", name=COMMUNITY_NAME).click()
    expect(lead_page).to_have_url(url(live_server, "communities:proposal", proposal.pk))
    audit(lead_page)
    review = lead_page.get_by_role("region", name="Review")
    review.get_by_label("New status").select_option(label="Approved")
    review.get_by_label(re.compile(r"^Comment to the proposer")).fill("A clear charter: welcome aboard.")
    review.get_by_role("button", name="Save the review").click()

    community = Community.objects.get(name=COMMUNITY_NAME)
    expect(lead_page).to_have_url(url(live_server, "communities:detail", community.pk))
    expect(lead_page.get_by_role("heading", level=1)).to_have_text(COMMUNITY_NAME)
    expect(flash(lead_page)).to_contain_text("The proposal is approved")
    audit(lead_page)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.APPROVED and proposal.community == community
    assert proposal.comments.get().body == "A clear charter: welcome aboard."

    # 3. The proposer, now its champion, opens the community: closed, with the champion's tools.
    champion_page.reload()
    row = champion_page.get_by_role("region", name="Your proposals").get_by_role("row").filter(has_text=COMMUNITY_NAME)
    expect(row.locator(".badge")).to_have_text("Approved")
    row.get_by_role("link", name="Go to the community").click()
    expect(champion_page).to_have_url(url(live_server, "communities:detail", community.pk))
    main = champion_page.get_by_role("main")
    expect(main.locator(".badge").first).to_have_text("Closed")
    expect(main).to_contain_text("You are a champion of this community.")
    tools = champion_page.get_by_role("navigation", name="Community tools")
    expect(tools.get_by_role("link", name="Requests to join")).to_be_visible()
    expect(tools.get_by_role("link", name="Change the community's settings")).to_be_visible()
    expect(tools.get_by_role("link", name="Edit the charter")).to_be_visible()
    audit(champion_page)

    # 4. Another member finds it in the directory and asks to join; its inside stays hidden until admitted.
    applicant_page = browser_as(applicant)
    applicant_page.get_by_role("navigation", name="Main").get_by_role("link", name="Communities").click()
    expect(applicant_page).to_have_url(url(live_server, "communities:list"))
    audit(applicant_page)
    card = (
        applicant_page.get_by_role("main")
        .get_by_role("listitem")
        .filter(has=applicant_page.get_by_role("heading", name=COMMUNITY_NAME))
    )
    card.get_by_role("link", name=f"Ask to join {COMMUNITY_NAME}").click()
    expect(applicant_page).to_have_url(url(live_server, "communities:join", community.pk))
    expect(applicant_page.get_by_role("heading", level=1)).to_have_text(f"Ask to join {COMMUNITY_NAME}")
    audit(applicant_page)
    ask_to_join(applicant_page, "Five years as a perinatal counsellor in the NHS.")
    expect(applicant_page).to_have_url(url(live_server, "communities:detail", community.pk))
    expect(flash(applicant_page)).to_contain_text("Your request to join")
    membership = applicant_page.get_by_role("region", name="How to join")
    expect(membership).to_contain_text("Pending")
    expect(membership).to_contain_text("You have asked to join.")
    expect(membership.get_by_role("button", name="Withdraw my request")).to_be_visible()
    audit(applicant_page)
    expect_not_found(applicant_page, live_server, "communities:members", community.pk)

    # 5. The champion admits them, with a message: two members out of two, so the community is full.
    champion_page.reload()
    tools = champion_page.get_by_role("navigation", name="Community tools")
    expect(tools).to_contain_text("1 waiting")
    tools.get_by_role("link", name="Requests to join").click()
    expect(champion_page).to_have_url(url(live_server, "communities:requests", community.pk))
    expect(champion_page.get_by_role("main")).to_contain_text("Five years as a perinatal counsellor in the NHS.")
    audit(champion_page)
    champion_page.get_by_role("link", name="Approve or decline Ava Applicant").click()
    audit(champion_page)
    champion_page.get_by_label(re.compile(r"^Message to the person who asked")).fill("Welcome! See you on Tuesday.")
    champion_page.get_by_role("button", name="Approve", exact=True).click()
    expect(champion_page).to_have_url(url(live_server, "communities:requests", community.pk))
    expect(flash(champion_page)).to_contain_text("Ava Applicant is now a member of the community.")
    expect(champion_page.get_by_role("main")).to_contain_text("The community is at its maximum size of 2 members.")
    audit(champion_page)
    community.refresh_from_db()
    assert community.member_count == 2 and community.is_full
    assert set(CommunityMember.objects.filter(community=community).values_list("user__display_name", flat=True)) == {
        "Pia Proposer",
        "Ava Applicant",
    }
    assert JoinRequest.objects.get(user=applicant).decision_message == "Welcome! See you on Tuesday."

    champion_page.get_by_role("main").get_by_role("link", name=COMMUNITY_NAME).click()
    expect(champion_page.get_by_role("region", name="Members", exact=True)).to_contain_text("2 members · at most 2")
    audit(champion_page)

    # The page that was a 404 a moment ago now lists the members; their home page says they belong.
    applicant_page.reload()
    expect(applicant_page.get_by_role("heading", level=1)).to_have_text(f"Members of {COMMUNITY_NAME}")
    audit(applicant_page)
    applicant_page.get_by_role("main").get_by_role("link", name=COMMUNITY_NAME).click()
    expect(applicant_page).to_have_url(url(live_server, "communities:detail", community.pk))
    expect(applicant_page.get_by_role("main")).to_contain_text("You are a member of this community.")
    audit(applicant_page)
    applicant_page.get_by_role("link", name="See the members").click()
    expect(applicant_page).to_have_url(url(live_server, "communities:members", community.pk))
    expect(applicant_page.get_by_role("main")).to_contain_text("Pia Proposer")
    audit(applicant_page)

    # 6. A third member asks to join the full community; approving puts them on the waiting list.
    latecomer_page = browser_as(latecomer)
    latecomer_page.goto(url(live_server, "communities:detail", community.pk))
    audit(latecomer_page)
    latecomer_page.get_by_role("main").get_by_role("link", name=f"Ask to join {COMMUNITY_NAME}").click()
    expect(latecomer_page).to_have_url(url(live_server, "communities:join", community.pk))
    audit(latecomer_page)
    ask_to_join(latecomer_page, "Two years in a maternity unit.")
    expect(latecomer_page.get_by_role("region", name="How to join")).to_contain_text("Pending")
    audit(latecomer_page)

    champion_page.goto(url(live_server, "communities:requests", community.pk))
    champion_page.get_by_role("link", name="Approve or decline Lou Latecomer").click()
    expect(champion_page.get_by_role("main")).to_contain_text("if you approve, they go onto the waiting list")
    audit(champion_page)
    champion_page.get_by_role("button", name="Approve", exact=True).click()
    expect(champion_page).to_have_url(url(live_server, "communities:requests", community.pk))
    expect(flash(champion_page)).to_contain_text("Lou Latecomer is on the waiting list, in place 1")
    waiting = champion_page.get_by_role("region", name=re.compile(r"^Waiting list"))
    expect(waiting.get_by_role("listitem")).to_have_text(re.compile(r"^Lou Latecomer"))
    audit(champion_page)
    assert JoinRequest.objects.get(user=latecomer).status == JoinRequestStatus.WAITLISTED
    community.refresh_from_db()
    assert community.member_count == 2

    latecomer_page.reload()
    membership = latecomer_page.get_by_role("region", name="How to join")
    expect(membership).to_contain_text("On the waiting list")
    expect(membership).to_contain_text("The community is full.")
    audit(latecomer_page)


def ask_to_join(page, answer: str) -> None:
    """Fill in the request form: the admission question, and the confidentiality agreement when there is one."""
    form = page.get_by_role("main").locator("form").filter(has=page.get_by_role("button", name="Send my request"))
    form.get_by_label(ADMISSION_QUESTION).fill(answer)
    agreement = form.get_by_label("I accept the community's confidentiality agreement.")
    if agreement.count():
        agreement.check()
    form.get_by_role("button", name="Send my request").click()


def test_member_joins_an_open_community_in_one_click_and_leaves_it(browser_as, live_server):
    community = CommunityFactory(name="Counselling Older Adults", membership="open")
    member = UserFactory(display_name="Maya Member")

    page = browser_as(member)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Communities").click()
    expect(page).to_have_url(url(live_server, "communities:list"))
    audit(page)
    card = page.get_by_role("main").get_by_role("listitem").filter(has=page.get_by_role("heading", name=community.name))
    card.get_by_role("button", name=f"Join {community.name}").click()
    expect(page).to_have_url(url(live_server, "communities:detail", community.pk))
    expect(flash(page)).to_contain_text(f"Welcome to {community.name}: you are now a member.")
    expect(page.get_by_role("region", name="Your membership")).to_contain_text("You are a member of this community.")
    audit(page)
    assert CommunityMember.objects.filter(community=community, user=member).exists()

    page.get_by_role("link", name="Leave this community").click()
    expect(page).to_have_url(url(live_server, "communities:leave", community.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Leave {community.name}?")
    audit(page)
    page.get_by_role("button", name="Leave the community").click()
    expect(page).to_have_url(url(live_server, "communities:detail", community.pk))
    expect(flash(page)).to_contain_text(f"You have left {community.name}.")
    expect(
        page.get_by_role("region", name="How to join").get_by_role("button", name=f"Join {community.name}")
    ).to_be_visible()
    audit(page)
    assert not CommunityMember.objects.filter(community=community, user=member).exists()
    community.refresh_from_db()
    assert community.member_count == 0


def test_an_unlisted_community_is_reached_only_through_its_invitation_link(browser_as, live_server):
    community = CommunityFactory(
        name="Working With Perpetrators",
        membership="closed",
        unlisted=True,
        admission_questions=ADMISSION_QUESTION,
        confidentiality_agreement="What is said in the group stays in the group.",
    )
    champion = UserFactory(display_name="Cleo Champion")
    add_member(community, champion, role="champion")
    outsider = UserFactory(display_name="Olly Outsider")

    outsider_page = browser_as(outsider)
    expect_not_found(outsider_page, live_server, "communities:detail", community.pk)
    outsider_page.goto(url(live_server, "communities:list"))
    expect(outsider_page.get_by_role("main")).not_to_contain_text(community.name)

    champion_page = browser_as(champion)
    champion_page.goto(url(live_server, "communities:detail", community.pk))
    audit(champion_page)
    champion_page.get_by_role("navigation", name="Community tools").get_by_role("link", name="Invitation link").click()
    expect(champion_page).to_have_url(url(live_server, "communities:invite-link", community.pk))
    audit(champion_page)
    champion_page.get_by_role("button", name="Make an invitation link").click()
    link = champion_page.get_by_role("textbox", name="Invitation link")
    expect(link).to_have_value(re.compile(rf"/communities/{community.pk}/invite/[^/]+/$"))
    audit(champion_page)
    # The link is built from the configured site address; the test server listens elsewhere.
    invite_path = urlsplit(link.input_value()).path

    outsider_page.goto(live_server.url + invite_path)
    expect(outsider_page.get_by_role("heading", level=1)).to_have_text(f"Ask to join {community.name}")
    audit(outsider_page)
    ask_to_join(outsider_page, "Ten years in a domestic abuse programme.")
    expect(outsider_page).to_have_url(live_server.url + invite_path)
    expect(flash(outsider_page)).to_contain_text("Your request to join")
    expect(outsider_page.get_by_role("main")).to_contain_text("You have asked to join.")
    audit(outsider_page)
    join_request = JoinRequest.objects.get(community=community, user=outsider)
    assert join_request.status == JoinRequestStatus.PENDING and join_request.accepted_confidentiality
    # Asking is not belonging: without the link the community is still a 404 for them.
    expect_not_found(outsider_page, live_server, "communities:detail", community.pk)

    champion_page.goto(url(live_server, "communities:requests", community.pk))
    expect(champion_page.get_by_role("main")).to_contain_text("Ten years in a domestic abuse programme.")
    audit(champion_page)


def test_every_communities_page_passes_the_audit_for_staff(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    division = DivisionFactory(name="Private Practice", slug="private-practice", description="Independent work.")
    community = create_community(
        actor=lead,
        name="Supervision Circle",
        short_description="Peer supervision for supervisors.",
        division=division,
        charter={"focus": "Supervising supervisors.", "purpose": "Reflective practice.", "meeting_mode": "online"},
        description="We meet **monthly** online.",
        membership="closed",
        unlisted=True,
        max_members=12,
        admission_questions=ADMISSION_QUESTION,
        confidentiality_agreement="What is said in the circle stays in the circle.",
    )
    save_charter(
        actor=lead,
        community=community,
        answers={
            "focus": "Supervising supervisors and trainees.",
            "purpose": "Reflective practice.",
            "meeting_mode": "hybrid",
        },
        change_note="Trainees welcome",
    )
    add_member(community, UserFactory(display_name="Cleo Champion"), role="champion")
    add_member(community, UserFactory(display_name="Ian Insider"))
    request_to_join(
        user=UserFactory(display_name="Ava Applicant"),
        community=community,
        answers=["Twelve years of supervision."],
        accepted_confidentiality=True,
        invite_token=rotate_invite_link(actor=lead, community=community),
    )
    submit_proposal(
        proposer=UserFactory(display_name="Pat Proposer"),
        name="Eco Awareness",
        division=division,
        short_description="Climate and therapy",
        why_needed="Rising climate anxiety in clients.",
    )
    pk = community.pk
    pages = [
        reverse("communities:list"),
        reverse("communities:division", args=[division.slug]),
        reverse("communities:detail", args=[pk]),
        reverse("communities:charter", args=[pk]),
        reverse("communities:charter-history", args=[pk]),
        reverse("communities:charter-edit", args=[pk]),
        reverse("communities:edit", args=[pk]),
        reverse("communities:members", args=[pk]),
        reverse("communities:requests", args=[pk]),
        reverse("communities:champions", args=[pk]),
        reverse("communities:invite-link", args=[pk]),
        reverse("communities:proposals"),
        reverse("communities:proposal-queue"),
        reverse("communities:manage"),
        reverse("communities:create"),
        reverse("communities:divisions"),
        reverse("communities:division-create"),
        reverse("communities:division-edit", args=[division.pk]),
    ]

    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)
    problems = []
    for path in pages:
        response = page.goto(live_server.url + path)
        if response is None or response.status != 200:
            problems.append(f"{path}: HTTP {response.status if response else 'no response'}")
            continue
        violations = axe_violations(page)
        if violations:
            problems.append(f"{path}:\n{format_violations(violations)}")
    assert not problems, "Communities pages failing the audit:\n" + "\n".join(problems)
