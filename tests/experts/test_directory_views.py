"""The expert directory: opting in and out, searching by area, filtering by division and format."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from practica.accounts.models import Profile
from practica.experts.models import ExpertProfile
from practica.experts.services.directory import save_expert_profile
from tests.factories import DivisionFactory, UserFactory
from tests.helpers import queries_for


def _expert(name, areas, **options):
    user = UserFactory(display_name=name)
    save_expert_profile(user=user, available=True, areas=areas, **{"offers_talk": True, **options})
    return user


def test_member_opts_in_and_appears_in_the_directory(member_client, member):
    division = DivisionFactory(name="Healthcare")
    page = member_client.get(reverse("experts:profile-edit"))
    assert page.status_code == 200
    response = member_client.post(
        reverse("experts:profile-edit"),
        {
            "available": "on",
            "areas": "Trauma, EMDR ,",
            "offers_qa": "on",
            "divisions": [division.pk],
            "availability_notes": "Evenings",
        },
        follow=True,
    )
    assert "Your entry in the expert directory is saved." in response.text
    assert "Maya Member" in response.text
    profile = ExpertProfile.objects.get(user=member)
    assert profile.areas == "Trauma, EMDR"
    assert list(profile.divisions.all()) == [division]


def test_the_first_entry_starts_from_the_members_profile(member_client, member):
    DivisionFactory(name="Healthcare")
    Profile.objects.filter(user=member).update(areas_of_practice="Eating disorders", divisions="Healthcare")
    page = member_client.get(reverse("experts:profile-edit"))
    assert 'value="Eating disorders"' in page.text


def test_available_experts_must_offer_a_format(member_client):
    response = member_client.post(reverse("experts:profile-edit"), {"available": "on", "areas": "Grief"})
    assert "Choose at least one way you can help" in response.text
    assert not ExpertProfile.objects.exists()


def test_a_member_who_opts_out_disappears_at_once(member_client, member, other_member):
    save_expert_profile(user=other_member, available=True, areas="Couples work", offers_talk=True)
    assert "Owen Other" in member_client.get(reverse("experts:directory")).text
    save_expert_profile(user=other_member, available=False, areas="Couples work", offers_talk=True)
    assert "Owen Other" not in member_client.get(reverse("experts:directory")).text


def test_opting_out_through_the_form_says_so(member_client, member):
    save_expert_profile(user=member, available=True, areas="Grief", offers_talk=True)
    response = member_client.post(reverse("experts:profile-edit"), {"areas": "Grief", "offers_talk": "on"}, follow=True)
    assert "You are no longer listed in the expert directory." in response.text
    assert ExpertProfile.objects.get(user=member).areas == "Grief"


def test_lapsed_erased_and_unlisted_members_are_not_in_the_directory(member_client):
    lapsed = _expert("Lapsed Lou", "Grief")
    lapsed.membership_expires_on = timezone.localdate() - datetime.timedelta(days=1)
    lapsed.save()
    erased = _expert("Erased Eli", "Grief")
    erased.erased_at = timezone.now()
    erased.save()
    unlisted = _expert("Unlisted Una", "Grief")
    Profile.objects.filter(user=unlisted).update(listed_in_directory=False)
    _expert("Current Cat", "Grief")
    text = member_client.get(reverse("experts:directory")).text
    assert "Current Cat" in text
    for name in ("Lapsed Lou", "Erased Eli", "Unlisted Una"):
        assert name not in text


def test_search_by_area_division_and_format(member_client):
    healthcare = DivisionFactory(name="Healthcare")
    schools = DivisionFactory(name="Schools")
    a = _expert("Ann Area", "Perinatal mental health", divisions=[healthcare], offers_workshop=True)
    _expert("Ben Other", "Play therapy", divisions=[schools])
    url = reverse("experts:directory")
    by_area = member_client.get(url, {"area": "perinatal"}).text
    assert "Ann Area" in by_area and "Ben Other" not in by_area
    by_division = member_client.get(url, {"division": schools.pk}).text
    assert "Ben Other" in by_division and "Ann Area" not in by_division
    by_format = member_client.get(url, {"format": "workshop"}).text
    assert "Ann Area" in by_format and "Ben Other" not in by_format
    assert a.display_name in member_client.get(url, {"area": "Ann"}).text


def test_unknown_filter_values_are_ignored(member_client):
    _expert("Ann Area", "Grief")
    response = member_client.get(reverse("experts:directory"), {"division": "999", "format": "dance"})
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["lapsed", "suspended"])
def test_people_who_may_not_use_the_site_do_not_see_the_directory(persona_clients, persona):
    assert persona_clients[persona].get(reverse("experts:directory")).status_code == 403


def test_the_directory_costs_the_same_queries_with_one_expert_and_fifty(member_client):
    division = DivisionFactory(name="Healthcare")

    def add(n):
        for number in range(n):
            _expert(f"Expert {number:03d}", "Grief", divisions=[division])

    add(1)
    with_one = queries_for(member_client, reverse("experts:directory"))
    add(49)
    assert queries_for(member_client, reverse("experts:directory")) == with_one
