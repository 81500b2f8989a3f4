"""Pulse surveys and the benefits record through the real UI: the Lead creates and publishes a survey, a member
answers it from the home-page invitation (after one mistake), the Lead reads the results and its charts, logs a
benefit and opens the categories; and the whole loop for the board: a target, a survey, its results, and the board
report with both, printed. Every page is audited with axe."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.surveys.models import Response
from tests.browser.conftest import DEFAULT_TIMEOUT_MS, audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member
from tests.surveys_world import ensure_benefit_categories

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


def test_staff_run_a_survey_a_member_answers_it_and_staff_read_the_results(browser_as, live_server):
    community = CommunityFactory(name="Rural Isolation")
    member = UserFactory(display_name="Maya Member")
    add_member(community, member)
    lead = UserFactory(display_name="Leah Lead", role=Role.STAFF)
    today = timezone.localdate()

    # The Lead creates the survey from the staff tools.
    lead_page = browser_as(lead, totp_secret=TOTP_SECRET)
    lead_page.goto(url(live_server, "accounts:staff-home"))
    lead_page.get_by_role("link", name="Pulse surveys").click()
    expect(lead_page.get_by_role("heading", level=1, name="Pulse surveys")).to_be_visible()
    audit(lead_page)
    lead_page.get_by_role("link", name="Create a survey").click()
    audit(lead_page)
    lead_page.get_by_label("Title").fill("Three-month temperature check")
    lead_page.get_by_label("Introduction").fill("How are the communities working for you?")
    lead_page.get_by_label("All members").check()
    lead_page.get_by_label("Opens on").fill(today.isoformat())
    lead_page.get_by_label("Closes on").fill((today - datetime.timedelta(days=1)).isoformat())
    lead_page.get_by_role("button", name="Save as a draft").click()
    expect(lead_page.get_by_text("The closing date must be on or after the opening date.").first).to_be_visible()
    audit(lead_page)
    lead_page.get_by_label("Closes on").fill((today + datetime.timedelta(days=14)).isoformat())
    lead_page.get_by_role("button", name="Save as a draft").click()
    expect(lead_page.get_by_text("The survey is saved as a draft.")).to_be_visible()
    audit(lead_page)

    for kind, prompt in (
        ("Agreement, 1 to 5", "I feel part of a community of practice."),
        ("How likely to recommend, 0 to 10", "How likely are you to recommend the communities to a colleague?"),
        ("Free text", "Anything else?"),
    ):
        lead_page.get_by_role("link", name="Add a question").click()
        lead_page.get_by_label(kind).check()
        lead_page.get_by_label("Question", exact=True).fill(prompt)
        if kind == "Free text":
            lead_page.get_by_label("An answer is required").uncheck()
        audit(lead_page)
        lead_page.get_by_role("button", name="Save the question").click()
        expect(lead_page.get_by_text("The question is added.")).to_be_visible()
    audit(lead_page)
    lead_page.get_by_role("button", name="Publish the survey").click()
    expect(lead_page.get_by_text("The survey is open.")).to_be_visible()
    audit(lead_page)

    # The member answers from the home-page invitation.
    member_page = browser_as(member)
    expect(member_page.get_by_role("heading", name="A survey for you")).to_be_visible()
    audit(member_page)
    member_page.get_by_role("link", name="Three-month temperature check").click()
    expect(member_page.get_by_role("heading", level=1, name="Three-month temperature check")).to_be_visible()
    audit(member_page)
    member_page.get_by_label("4 – Agree").check()
    member_page.get_by_role("button", name="Send my answers").click()
    expect(member_page.get_by_text("Answer this question, please.").first).to_be_visible()
    expect(member_page.get_by_label("4 – Agree")).to_be_checked()
    audit(member_page)
    member_page.get_by_label("9", exact=True).check()
    member_page.get_by_label("Anything else?").fill("More evening meetings, please.")
    member_page.get_by_role("button", name="Send my answers").click()
    expect(member_page.get_by_role("heading", level=1, name="Thank you")).to_be_visible()
    audit(member_page)
    member_page.get_by_role("link", name="Back to the home page").click()
    expect(member_page.get_by_role("heading", name="A survey for you")).to_have_count(0)
    assert Response.objects.count() == 1

    # The Lead reads the results: the charts, their tables, and the held-back free text.
    lead_page.reload()
    lead_page.get_by_role("link", name="Results").click()
    expect(lead_page.get_by_role("heading", level=1, name="Results: Three-month temperature check")).to_be_visible()
    expect(lead_page.get_by_text("Net Promoter Score: 100")).to_be_visible()
    expect(lead_page.get_by_role("img", name="I feel part of a community of practice.")).to_be_visible()
    expect(lead_page.get_by_text("Too few answers to show")).to_be_visible()
    expect(lead_page.get_by_text("More evening meetings")).to_have_count(0)
    audit(lead_page)


def test_the_lead_logs_a_benefit_and_keeps_the_categories(browser_as, live_server):
    ensure_benefit_categories()
    community = CommunityFactory(name="Eco Awareness")
    lead = UserFactory(display_name="Leah Lead", role=Role.STAFF)
    lead_page = browser_as(lead, totp_secret=TOTP_SECRET)
    lead_page.goto(url(live_server, "surveys:benefits"))
    expect(lead_page.get_by_role("heading", level=1, name="Benefits record")).to_be_visible()
    audit(lead_page)
    lead_page.get_by_role("link", name="Log a benefit").click()
    audit(lead_page)
    lead_page.get_by_label("Category").select_option(label="A research study recruited")
    lead_page.get_by_label("What happened").fill("Climate anxiety study recruited 12 members")
    lead_page.get_by_label("Date").fill(timezone.localdate().isoformat())
    lead_page.get_by_label("Community").select_option(label=community.name)
    lead_page.get_by_label("Evidence link").fill("/topics/999/")
    lead_page.get_by_role("button", name="Log the benefit").click()
    expect(lead_page.get_by_text("That link does not lead to anything you can see on this site.").first).to_be_visible()
    audit(lead_page)
    lead_page.get_by_label("Evidence link").fill("https://research.example.org/climate")
    lead_page.get_by_role("button", name="Log the benefit").click()
    expect(lead_page.get_by_text("The benefit is logged.")).to_be_visible()
    expect(lead_page.get_by_role("link", name="research.example.org")).to_be_visible()
    audit(lead_page)
    lead_page.get_by_role("link", name="Categories").click()
    expect(lead_page.get_by_role("heading", level=1, name="Benefit categories")).to_be_visible()
    audit(lead_page)


def test_every_other_survey_and_benefit_page_passes_axe(browser_as, live_server):
    from practica.surveys.models import BenefitCategory
    from practica.surveys.services.benefits import log_benefit
    from practica.surveys.services.surveys import submit_response
    from tests.surveys_world import make_survey

    ensure_benefit_categories()
    community = CommunityFactory(name="Hospital Counsellors")
    lead = UserFactory(display_name="Leah Lead", role=Role.STAFF)
    respondents = []
    for _ in range(6):
        person = UserFactory()
        add_member(community, person)
        respondents.append(person)
    survey = make_survey(
        lead, title="Division pulse", questions=("likert", "nps", "single", "multiple", "text"), audience_kind="all"
    )
    for index, person in enumerate(respondents):
        answers = {
            q.pk: {"likert": 1 + index % 5, "nps": 10 - index, "single": index % 3, "multiple": [0, 2], "text": "Fine"}[
                q.kind
            ]
            for q in survey.questions.all()
        }
        submit_response(member=person, survey=survey, answers=answers, community=community if index % 2 else None)
    draft = make_survey(lead, title="A draft", publish=False)
    category = BenefitCategory.objects.order_by("position").first()
    benefit = log_benefit(
        actor=lead, category=category, title="A speaker found", happened_on=timezone.localdate(), community=community
    )

    lead_page = browser_as(lead, totp_secret=TOTP_SECRET)
    for name, args in (
        ("surveys:results", [survey.pk]),
        ("surveys:detail", [survey.pk]),
        ("surveys:extend", [survey.pk]),
        ("surveys:answer", [survey.pk]),
        ("surveys:edit", [draft.pk]),
        ("surveys:delete", [draft.pk]),
        ("surveys:question-edit", [draft.pk, draft.questions.first().pk]),
        ("surveys:manage", []),
        ("surveys:benefit-edit", [benefit.pk]),
        ("surveys:benefit-delete", [benefit.pk]),
        ("surveys:categories", []),
        ("surveys:category-edit", [category.pk]),
        ("communities:detail", [community.pk]),
    ):
        lead_page.goto(url(live_server, name, *args))
        expect(lead_page.get_by_role("heading", level=1)).to_be_visible()
        audit(lead_page)
    expect(lead_page.get_by_role("heading", name="Benefits record")).to_be_visible()

    member_page = browser_as(respondents[0])
    for name, args in (("surveys:mine", []), ("surveys:answer", [survey.pk]), ("surveys:thanks", [survey.pk])):
        member_page.goto(url(live_server, name, *args))
        expect(member_page.get_by_role("heading", level=1)).to_be_visible()
        audit(member_page)


def test_the_lead_sets_a_target_runs_a_survey_and_reports_both_to_the_board(browser_as, live_server):
    """The whole loop of the issue: a target, a survey a member answers from the home page, its results, and the
    board report for the period with that survey's results, the target's progress and the print view."""
    import re

    from practica.insights.models import SITE, MetricValue
    from practica.surveys.models import Survey
    from practica.surveys.services.surveys import submit_response

    today = timezone.localdate()
    yesterday = today - datetime.timedelta(days=1)
    community = CommunityFactory(name="Rural Isolation")
    member = UserFactory(display_name="Maya Member")
    others = [UserFactory() for _ in range(7)]
    for person in (member, *others):
        add_member(community, person)
    lead = UserFactory(display_name="Leah Lead", role=Role.STAFF)
    # What the nightly roll-up would have written: five communities open each of the last ten days.
    for offset in range(10):
        MetricValue.objects.create(
            metric="communities", community_id=SITE, day=yesterday - datetime.timedelta(days=offset), value=5
        )

    # The Lead sets a target for the board.
    lead_page = browser_as(lead, totp_secret=TOTP_SECRET)
    lead_page.goto(url(live_server, "insights:targets"))
    audit(lead_page)
    lead_page.get_by_role("link", name="Add a target").click()
    lead_page.get_by_label("What is measured").select_option(label="Communities")
    lead_page.get_by_label("Target", exact=True).fill("15")
    lead_page.get_by_label("From").fill(f"{today.year}-01-01")
    lead_page.get_by_label("By").fill(f"{today.year}-12-31")
    audit(lead_page)
    lead_page.get_by_role("button", name="Set the target").click()
    expect(lead_page).to_have_url(url(live_server, "insights:targets"))
    expect(lead_page.get_by_role("main")).to_contain_text("Communities: 15")
    audit(lead_page)

    # ... creates a survey for every member and opens it.
    lead_page.goto(url(live_server, "surveys:manage"))
    lead_page.get_by_role("link", name="Create a survey").click()
    lead_page.get_by_label("Title").fill("Three-month temperature check")
    lead_page.get_by_label("All members").check()
    lead_page.get_by_label("Opens on").fill(today.isoformat())
    lead_page.get_by_label("Closes on").fill((today + datetime.timedelta(days=14)).isoformat())
    lead_page.get_by_role("button", name="Save as a draft").click()
    expect(lead_page.get_by_text("The survey is saved as a draft.")).to_be_visible()
    for kind, prompt in (
        ("Agreement, 1 to 5", "I feel part of a community of practice."),
        ("How likely to recommend, 0 to 10", "How likely are you to recommend the communities to a colleague?"),
        ("Free text", "Anything else?"),
    ):
        lead_page.get_by_role("link", name="Add a question").click()
        lead_page.get_by_label(kind).check()
        lead_page.get_by_label("Question", exact=True).fill(prompt)
        lead_page.get_by_role("button", name="Save the question").click()
        expect(lead_page.get_by_text("The question is added.")).to_be_visible()
    lead_page.get_by_role("button", name="Publish the survey").click()
    expect(lead_page.get_by_text("The survey is open.")).to_be_visible()
    audit(lead_page)

    # A member answers from the home-page invitation.
    member_page = browser_as(member)
    expect(member_page.get_by_role("heading", name="A survey for you")).to_be_visible()
    audit(member_page)
    member_page.get_by_role("link", name="Three-month temperature check").click()
    member_page.get_by_label("4 – Agree").check()
    member_page.get_by_label("9", exact=True).check()
    member_page.get_by_label("Anything else?").fill("More evening meetings, please.")
    audit(member_page)
    member_page.get_by_role("button", name="Send my answers").click()
    expect(member_page.get_by_role("heading", level=1, name="Thank you")).to_be_visible()
    audit(member_page)

    # Five more members answer (through the same service), so the results clear the anonymity threshold.
    survey = Survey.objects.get(title="Three-month temperature check")
    questions = {q.kind: q.pk for q in survey.questions.all()}
    for index, person in enumerate(others[:5]):
        answers = {questions["likert"]: 5, questions["nps"]: 10 - index, questions["text"]: f"Answer {index}."}
        submit_response(member=person, survey=survey, answers=answers)
    # The fortnight passes: the survey closed yesterday, inside the board report's period.
    Survey.objects.filter(pk=survey.pk).update(opens_on=today - datetime.timedelta(days=14), closes_on=yesterday)

    # The Lead reads the results, charts and free text included.
    lead_page.goto(url(live_server, "surveys:detail", survey.pk))
    lead_page.get_by_role("link", name="Results").click()
    expect(lead_page.get_by_role("heading", level=1, name="Results: Three-month temperature check")).to_be_visible()
    main = lead_page.get_by_role("main")
    expect(main).to_contain_text("75% of 8 members invited")
    expect(lead_page.get_by_role("img", name="I feel part of a community of practice.")).to_be_visible()
    expect(lead_page.get_by_text("More evening meetings, please.")).to_be_visible()
    audit(lead_page)

    # The dashboard's charts, then the board report for the period.
    lead_page.goto(url(live_server, "insights:dashboard"))
    expect(lead_page.locator("svg[role=img]").first).to_be_visible()
    audit(lead_page)
    lead_page.get_by_role("link", name="Board report").click()
    expect(lead_page).to_have_url(url(live_server, "insights:board-report"))
    surveys = lead_page.locator("section[aria-labelledby=report-surveys]")
    expect(surveys).to_contain_text("Three-month temperature check")
    expect(surveys).to_contain_text("6 responses from 8 members invited: a response rate of 75%.")
    expect(surveys).to_contain_text("Mean 4.8 of 5")
    expect(surveys).to_contain_text("6 written answers")
    targets = lead_page.locator("section[aria-labelledby=report-targets]")
    expect(targets.get_by_role("row", name=re.compile("Communities: 15"))).to_contain_text("5")
    expect(lead_page.get_by_role("button", name="Print this report")).to_be_visible()
    audit(lead_page)

    # The print view: the report alone, without the site's header or the period form.
    lead_page.emulate_media(media="print")
    expect(lead_page.locator(".site-header")).to_be_hidden()
    expect(lead_page.get_by_role("button", name="Print this report")).to_be_hidden()
    expect(lead_page.get_by_role("heading", name=re.compile("Board report"))).to_be_visible()
    expect(surveys).to_be_visible()
    audit(lead_page)
    assert lead_page.pdf()[:4] == b"%PDF"
