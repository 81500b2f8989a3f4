"""Insights through the real UI: staff set a target (a wrong one first), read the dashboard with its charts,
and print the board report; a champion reads their community's dashboard; a member reads "What we count".
Every page is audited with axe, charts included. (The survey part of the journey is the surveys' own test.)"""

import datetime
import re

from django.utils import timezone
from playwright.sync_api import expect

from practica.accounts.choices import Role
from practica.insights.models import SITE, MetricValue
from tests.browser.conftest import audit, sign_in, url
from tests.factories import DEFAULT_PASSWORD, CommunityFactory, UserFactory, add_member

TOTP_SECRET = "JBSWY3DPEHPK3PXP"  # the factories' staff and admin authenticator


def _history(community) -> None:
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    for offset in range(60):
        day = yesterday - datetime.timedelta(days=offset)
        for community_id in (SITE, community.pk):
            for metric, value in (("new_topics", offset % 3), ("active_members", 10 + offset % 7), ("replies", 4)):
                if value:
                    MetricValue.objects.create(metric=metric, community_id=community_id, day=day, value=value)
        MetricValue.objects.create(metric="communities", community_id=SITE, day=day, value=5)


def test_staff_set_a_target_read_the_dashboard_and_print_the_board_report(page, live_server):
    lead = UserFactory(role=Role.STAFF, display_name="Leah Lead")
    community = CommunityFactory(name="Rural Isolation")
    _history(community)
    sign_in(page, live_server, lead.email, DEFAULT_PASSWORD, totp_secret=TOTP_SECRET)

    page.goto(url(live_server, "accounts:staff-home"))
    page.get_by_role("main").get_by_role("link", name="Insights").click()
    expect(page).to_have_url(url(live_server, "insights:dashboard"))
    audit(page)

    page.get_by_role("main").get_by_role("link", name="Targets", exact=True).click()
    page.get_by_role("link", name="Add a target").click()
    expect(page).to_have_url(url(live_server, "insights:target-create"))
    audit(page)
    page.get_by_label("What is measured").select_option(label="Communities")
    page.get_by_label("Target", exact=True).fill("-15")
    page.get_by_label("From").fill(f"{timezone.localdate().year}-01-01")
    page.get_by_label("By").fill(f"{timezone.localdate().year}-12-31")
    page.get_by_role("button", name="Set the target").click()
    main = page.get_by_role("main")
    expect(main).to_contain_text("A target cannot be negative")
    expect(page.get_by_label("Target", exact=True)).to_have_value("-15")
    audit(page)
    page.get_by_label("Target", exact=True).fill("15")
    page.get_by_role("button", name="Set the target").click()
    expect(page).to_have_url(url(live_server, "insights:targets"))
    expect(main).to_contain_text("Communities: 15")
    audit(page)

    page.goto(url(live_server, "insights:dashboard"))
    expect(page.locator("svg[role=img]").first).to_be_visible()
    expect(main).to_contain_text("Rural Isolation")
    page.get_by_text(re.compile("Figures for “New topics” as a table")).click()
    audit(page)

    page.get_by_role("link", name="Board report").click()
    expect(page).to_have_url(url(live_server, "insights:board-report"))
    expect(main).to_contain_text("No surveys closed in this period.")
    expect(page.get_by_role("button", name="Print this report")).to_be_visible()
    audit(page)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.get_by_role("heading", name=re.compile("Board report"))).to_be_visible()
    assert page.pdf()[:4] == b"%PDF"


def test_a_champion_reads_their_community_dashboard_and_a_member_what_we_count(page, live_server):
    community = CommunityFactory(name="Eco Awareness")
    champion = UserFactory(display_name="Cleo Champion")
    add_member(community, champion, role="champion")
    _history(community)
    sign_in(page, live_server, champion.email, DEFAULT_PASSWORD)
    page.goto(url(live_server, "communities:detail", pk=community.pk))
    page.get_by_role("link", name="See your community's insights").click()
    expect(page).to_have_url(url(live_server, "insights:community", pk=community.pk))
    expect(page.get_by_role("heading", level=1)).to_have_text("Insights for Eco Awareness")
    audit(page)
    page.get_by_role("contentinfo").get_by_role("link", name="What we count").click()
    expect(page).to_have_url(url(live_server, "insights:what-we-count"))
    audit(page)
