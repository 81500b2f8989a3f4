"""The benefits record: who may log, see, edit and delete; evidence links checked to resolve to something the
logger can see; what other viewers see of that evidence; filters; categories; the list's query count."""

import itertools

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from practica.core.models import AuditEntry
from practica.discussions.services.posting import start_topic
from practica.surveys.models import Benefit, BenefitCategory
from practica.surveys.reports import benefits_for_period
from practica.surveys.services.benefits import BenefitError, log_benefit, save_benefit_category
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for
from tests.surveys.conftest import client_for, days


@pytest.fixture
def ward_topic(ward, champion):
    return start_topic(author=champion, community=ward, title="Speaker on grief", body="Found one!").post.topic


@pytest.fixture
def secret_topic(db):
    closed = CommunityFactory(name="Closed Supervision", membership="closed")
    insider = UserFactory()
    add_member(closed, insider)
    return start_topic(author=insider, community=closed, title="Secret case talk", body="Private.").post.topic


def _form(category, community=None, **fields):
    data = {"category": category.pk, "title": "A speaker found", "happened_on": days(0).isoformat()}
    if community is not None:
        data["community"] = community.pk
    return data | fields


# Logging and evidence.


def test_the_five_categories_are_there_from_the_start(db):
    assert list(BenefitCategory.objects.values_list("name", flat=True)) == [
        "A speaker found",
        "A research study recruited",
        "A resource reused by another team",
        "A practice change reported",
        "A member's win shared",
    ]


def test_a_champion_logs_a_benefit_for_their_community_with_a_link_to_a_topic(champion, ward, category, ward_topic):
    client = client_for(champion)
    response = client.post(
        reverse("surveys:benefit-create"),
        _form(category, ward, evidence_url=f"{settings.SITE_URL}/topics/{ward_topic.pk}/"),
        follow=True,
    )
    assert "The benefit is logged." in response.text
    benefit = Benefit.objects.get()
    assert (benefit.evidence_kind, benefit.evidence_object_id, benefit.evidence_url) == (
        "topic",
        ward_topic.pk,
        f"/topics/{ward_topic.pk}/",
    )
    assert "Speaker on grief" in response.text
    assert AuditEntry.objects.filter(action="benefit.logged").exists()


def test_evidence_must_lead_to_something_the_logger_can_see(champion, ward, category, secret_topic):
    client = client_for(champion)
    for url, message in (
        (f"/topics/{secret_topic.pk}/", "does not lead to anything you can see"),
        ("/topics/999999/", "does not lead to anything you can see"),
        ("/members/", "Link to a post, a topic, a meeting or a library resource"),
        ("/no-such-page/", "does not lead to a page on this site"),
        ("javascript:alert(1)", "Give a full web address"),
        ("www.example.org", "Give a full web address"),
    ):
        response = client.post(reverse("surveys:benefit-create"), _form(category, ward, evidence_url=url))
        assert response.status_code == 200, url
        assert message in response.text, url
        assert f'value="{url}"' in response.text  # kept for correcting
    assert not Benefit.objects.exists()


def test_staff_may_link_to_a_closed_community_and_to_another_site(staff, category, secret_topic):
    inside = log_benefit(
        actor=staff,
        category=category,
        title="Study recruited",
        happened_on=days(0),
        evidence_url=f"/topics/{secret_topic.pk}/",
    )
    assert inside.evidence_label == "Secret case talk"
    outside = log_benefit(
        actor=staff, category=category, title="Paper", happened_on=days(0), evidence_url="https://journal.example.org/a"
    )
    assert (outside.evidence_kind, outside.evidence_label) == ("external", "journal.example.org")


def test_the_evidence_of_a_place_the_viewer_cannot_see_is_not_named(staff, champion, ward, category, secret_topic):
    log_benefit(
        actor=staff,
        category=category,
        title="Practice change in the ward",
        happened_on=days(0),
        community=ward,
        evidence_url=f"/topics/{secret_topic.pk}/",
    )
    page = client_for(champion).get(reverse("surveys:benefits")).text
    assert "Practice change in the ward" in page
    assert "Secret case talk" not in page and f"/topics/{secret_topic.pk}/" not in page
    assert "On this site, in a place you cannot see" in page


def test_a_champion_cannot_log_for_a_community_they_do_not_champion(champion, rural, category):
    response = client_for(champion).post(reverse("surveys:benefit-create"), _form(category, rural))
    assert "Select a valid choice" in response.text
    with pytest.raises(BenefitError):
        log_benefit(actor=champion, category=category, title="x", happened_on=days(0), community=rural)
    with pytest.raises(BenefitError):
        log_benefit(actor=champion, category=category, title="x", happened_on=days(0), community=None)
    assert not Benefit.objects.exists()


def test_a_benefit_in_the_future_is_refused(staff, staff_client, category):
    response = staff_client.post(reverse("surveys:benefit-create"), _form(category, happened_on=days(10).isoformat()))
    assert "the date is in the future" in response.text


# Who sees, edits and deletes.


def test_members_who_champion_nothing_cannot_use_the_benefits_record(member_client, moderator_client):
    for client in (member_client, moderator_client):
        assert client.get(reverse("surveys:benefits")).status_code == 403
        assert client.get(reverse("surveys:benefit-create")).status_code == 403


def test_champions_see_their_communities_benefits_only(staff, champion, ward, rural, category):
    log_benefit(actor=staff, category=category, title="Ward win", happened_on=days(0), community=ward)
    log_benefit(actor=staff, category=category, title="Rural win", happened_on=days(0), community=rural)
    page = client_for(champion).get(reverse("surveys:benefits")).text
    assert "Ward win" in page and "Rural win" not in page
    staff_page = client_for(staff).get(reverse("surveys:benefits")).text
    assert "Ward win" in staff_page and "Rural win" in staff_page


def test_the_logger_and_staff_edit_and_delete_but_another_champion_cannot(staff, champion, ward, category):
    benefit = log_benefit(actor=champion, category=category, title="Mine", happened_on=days(0), community=ward)
    co_champion = UserFactory()
    add_member(ward, co_champion, role="champion")
    other = client_for(co_champion)
    assert other.get(reverse("surveys:benefit-edit", args=[benefit.pk])).status_code == 403
    assert other.post(reverse("surveys:benefit-delete", args=[benefit.pk])).status_code == 403
    mine = client_for(champion)
    response = mine.post(
        reverse("surveys:benefit-edit", args=[benefit.pk]), _form(category, ward, title="Mine, corrected")
    )
    assert response.status_code == 302
    benefit.refresh_from_db()
    assert benefit.title == "Mine, corrected"
    assert client_for(staff).post(reverse("surveys:benefit-delete", args=[benefit.pk])).status_code == 302
    assert not Benefit.objects.exists()


def test_benefits_are_filtered_by_category_community_and_date(staff, staff_client, ward, rural, category):
    study = BenefitCategory.objects.get(name="A research study recruited")
    log_benefit(actor=staff, category=category, title="Old ward speaker", happened_on=days(-60), community=ward)
    log_benefit(actor=staff, category=category, title="New ward speaker", happened_on=days(-1), community=ward)
    log_benefit(actor=staff, category=study, title="Rural study", happened_on=days(-1), community=rural)
    url = reverse("surveys:benefits")
    page = staff_client.get(url, {"category": category.pk}).text
    assert "Old ward speaker" in page and "Rural study" not in page
    page = staff_client.get(url, {"community": rural.pk}).text
    assert "Rural study" in page and "ward speaker" not in page
    page = staff_client.get(url, {"start": days(-7).isoformat(), "end": days(0).isoformat()}).text
    assert "New ward speaker" in page and "Rural study" in page and "Old ward speaker" not in page


# Categories.


def test_staff_add_and_retire_categories_and_retired_ones_stay_on_their_benefits(staff, staff_client, category):
    response = staff_client.post(
        reverse("surveys:categories"),
        {"name": "A partnership formed", "description": "", "is_active": "on"},
        follow=True,
    )
    assert "The category is added." in response.text
    benefit = log_benefit(actor=staff, category=category, title="Kept", happened_on=days(0))
    save_benefit_category(actor=staff, category=category, name=category.name, is_active=False)
    form = staff_client.get(reverse("surveys:benefit-create")).text
    assert "A partnership formed" in form and "A speaker found" not in form
    with pytest.raises(BenefitError):
        log_benefit(actor=staff, category=category, title="New", happened_on=days(0))
    edit = staff_client.post(reverse("surveys:benefit-edit", args=[benefit.pk]), _form(category, title="Kept too"))
    assert edit.status_code == 302


def test_category_names_are_unique_whatever_their_case(staff_client):
    response = staff_client.post(reverse("surveys:categories"), {"name": "a SPEAKER found", "is_active": "on"})
    assert "There is already a category with this name." in response.text


def test_champions_cannot_change_categories(champion):
    assert client_for(champion).get(reverse("surveys:categories")).status_code == 403


# The list's query budget, and the board report.

_numbers = itertools.count(1)


def test_the_benefits_list_costs_the_same_with_1_and_50_benefits(staff, champion, ward, category, ward_topic):
    client = client_for(champion)

    def add(n):
        for index in range(n):
            # One query per kind of on-site evidence present (at most four): the first benefit links a topic.
            evidence = (f"/topics/{ward_topic.pk}/", "", "https://example.org/x")[index % 3]
            log_benefit(
                actor=staff if index % 2 else champion,
                category=category,
                title=f"Benefit {next(_numbers)}",
                happened_on=days(-index),
                community=ward,
                evidence_url=evidence,
            )

    add(1)
    with_one = queries_for(client, reverse("surveys:benefits"))
    add(49)
    assert queries_for(client, reverse("surveys:benefits")) == with_one


def test_benefits_for_a_period_give_the_board_every_benefit_with_its_evidence(
    staff, champion, ward, category, ward_topic
):
    log_benefit(
        actor=champion,
        category=category,
        title="Grief speaker found",
        happened_on=days(-3),
        community=ward,
        evidence_url=f"/topics/{ward_topic.pk}/",
    )
    log_benefit(actor=staff, category=category, title="Too old", happened_on=days(-100))
    rows = benefits_for_period(days(-30), timezone.localdate())
    assert rows == [
        {
            "category": "A speaker found",
            "title": "Grief speaker found",
            "date": days(-3),
            "date_text": date_format(days(-3), "j F Y"),
            "community": "Hospital Counsellors",
            "evidence_label": "Speaker on grief",
            "evidence_url": f"{settings.SITE_URL}/topics/{ward_topic.pk}/",
            "logged_by": "Cal Champion",
        }
    ]


def test_champions_find_the_benefits_record_on_their_community_page(champion, nurse, ward, category):
    log_benefit(actor=champion, category=category, title="Ward win", happened_on=days(0), community=ward)
    url = reverse("communities:detail", args=[ward.pk])
    page = client_for(champion).get(url).text
    assert "1 benefit logged for this community." in page and reverse("surveys:benefit-create") in page
    assert "Benefits record" not in client_for(nurse).get(url).text
