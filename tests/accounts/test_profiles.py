"""Profiles: who sees which field, editing one's own, photos, and the "as others see it" preview."""

from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from practica.accounts.choices import FieldVisibility
from practica.accounts.models import Profile
from practica.core.uploads import reencode_image
from tests.core.test_uploads import photo_bytes
from tests.factories import CommunityFactory, UserFactory, add_member


def give_photo(user, visibility=FieldVisibility.MEMBERS) -> Profile:
    """Store a re-encoded photo on the user's profile, as the edit form would."""
    profile = user.profile
    image = reencode_image(SimpleUploadedFile("p.jpg", photo_bytes()), max_bytes=1_000_000)
    profile.photo.save("p.jpg", ContentFile(image.read()), save=False)
    profile.photo_visibility = visibility
    profile.save()
    return profile


def set_fields(user, visibility: str, **values) -> Profile:
    profile = user.profile
    for name in Profile.VISIBILITY_FIELDS:
        setattr(profile, f"{name}_visibility", visibility)
    for name, value in values.items():
        setattr(profile, name, value)
    profile.save()
    return profile


@pytest.fixture
def owner(db):
    owner = UserFactory(display_name="Olive Owner")
    set_fields(
        owner, FieldVisibility.MEMBERS, headline="Person-centred counsellor", location="Leeds", pronouns="she/her"
    )
    return owner


@pytest.fixture
def shared_community(owner, member):
    community = CommunityFactory(name="Supervision circle")
    add_member(community, owner)
    add_member(community, member)
    return community


def profile_page(client, user) -> str:
    response = client.get(reverse("accounts:profile", kwargs={"pk": user.pk}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    ("visibility", "other_member_sees", "community_mate_sees", "staff_sees"),
    [
        (FieldVisibility.MEMBERS, True, True, True),
        (FieldVisibility.COMMUNITIES, False, True, True),
        (FieldVisibility.STAFF, False, False, True),
    ],
)
def test_each_field_is_shown_only_to_the_people_its_owner_chose(
    visibility, other_member_sees, community_mate_sees, staff_sees, owner, member, member_client, staff_client
):
    set_fields(owner, visibility)
    outsider = UserFactory()
    from tests.conftest import _client_for

    outsider_client = _client_for(outsider)
    community = CommunityFactory(name="Couples work")
    add_member(community, owner)
    add_member(community, member)

    assert ("Leeds" in profile_page(outsider_client, owner)) is other_member_sees
    assert ("Leeds" in profile_page(member_client, owner)) is community_mate_sees
    assert ("Leeds" in profile_page(staff_client, owner)) is staff_sees
    assert "Leeds" in profile_page(_client_for(owner), owner)


def test_the_owner_always_sees_every_field_of_their_own_profile(owner):
    from tests.conftest import _client_for

    set_fields(owner, FieldVisibility.STAFF)
    page = profile_page(_client_for(owner), owner)
    assert "Leeds" in page and "Person-centred counsellor" in page and "she/her" in page
    assert "so you see every field" in page


def test_a_member_who_is_not_listed_is_a_404_for_other_members_but_not_for_staff(owner, member_client, staff_client):
    Profile.objects.filter(user=owner).update(listed_in_directory=False)
    url = reverse("accounts:profile", kwargs={"pk": owner.pk})
    assert member_client.get(url).status_code == 404
    assert staff_client.get(url).status_code == 200


def test_a_deactivated_members_profile_is_a_404_like_a_missing_one(owner, member_client):
    owner.is_active = False
    owner.save()
    assert member_client.get(reverse("accounts:profile", kwargs={"pk": owner.pk})).status_code == 404
    assert member_client.get(reverse("accounts:profile", kwargs={"pk": 999999})).status_code == 404


# Editing.


def edit_data(**overrides) -> dict:
    data = {
        "display_name": "Maya M.",
        "pronouns": "they/them",
        "headline": "Integrative therapist",
        "bio": "I work with adolescents.",
        "divisions": "Children and Young People",
        "areas_of_practice": "Adolescents, anxiety",
        "location": "Bristol",
        "listed_in_directory": "on",
        **{f"{name}_visibility": FieldVisibility.MEMBERS for name in Profile.VISIBILITY_FIELDS},
    }
    data.update(overrides)
    return data


def test_a_member_edits_their_profile_and_display_name(member, member_client):
    response = member_client.post(reverse("accounts:profile-edit"), edit_data(location_visibility="staff"))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.display_name == "Maya M."
    assert member.profile.headline == "Integrative therapist"
    assert member.profile.location_visibility == FieldVisibility.STAFF


def test_the_edit_form_shows_what_is_saved_and_labels_every_field(member, member_client):
    set_fields(member, FieldVisibility.COMMUNITIES, headline="Art therapist")
    page = member_client.get(reverse("accounts:profile-edit")).content.decode()
    assert 'value="Art therapist"' in page
    assert "Who can see your location" in page
    assert '<option value="communities" selected>' in page


def test_a_non_image_renamed_jpg_gives_an_error_next_to_the_photo_and_keeps_everything_typed(member, member_client):
    fake = SimpleUploadedFile("me.jpg", b"<html><script>alert(1)</script></html>", content_type="image/jpeg")
    response = member_client.post(reverse("accounts:profile-edit"), {**edit_data(), "photo": fake})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="id_photo_error"' in page
    assert "not a picture we can use" in page
    assert 'value="Integrative therapist"' in page and "I work with adolescents." in page
    member.refresh_from_db()
    assert member.profile.headline == "" and not member.profile.photo


def test_a_photo_is_stored_re_encoded_under_a_random_name_without_its_gps_position(member, member_client):
    upload = SimpleUploadedFile("My Home in Leeds.jpg", photo_bytes(), content_type="image/jpeg")
    member_client.post(reverse("accounts:profile-edit"), {**edit_data(), "photo": upload})
    member.refresh_from_db()
    name = member.profile.photo.name
    assert name.startswith("profiles/") and name.endswith(".jpg") and "Leeds" not in name
    with member.profile.photo.open("rb") as stored:
        content = stored.read()
    assert b"Acme Camera" not in content
    assert dict(Image.open(BytesIO(content)).getexif()) == {}


def test_a_new_photo_replaces_the_old_file_and_removing_it_deletes_the_file(
    member, member_client, django_capture_on_commit_callbacks
):
    old = give_photo(member).photo.name
    storage = member.profile.photo.storage
    upload = SimpleUploadedFile("new.png", photo_bytes(fmt="PNG"), content_type="image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = member_client.post(reverse("accounts:profile-edit"), {**edit_data(), "photo": upload})
    assert response.status_code == 302
    member.refresh_from_db()
    new = member.profile.photo.name
    # The old file goes only once the new one is committed.
    assert new != old and storage.exists(new) and not storage.exists(old)

    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("accounts:profile-edit"), {**edit_data(), "remove_photo": "on"})
    member.refresh_from_db()
    assert not member.profile.photo and not storage.exists(new)


def test_a_member_cannot_set_fields_the_form_does_not_offer(member, member_client):
    member_client.post(reverse("accounts:profile-edit"), {**edit_data(), "role": "admin", "user": 1})
    member.refresh_from_db()
    assert member.role == "member"


# Photos are served only through the permission-checked view.


@pytest.mark.parametrize(
    ("visibility", "member_status", "staff_status"),
    [(FieldVisibility.MEMBERS, 200, 200), (FieldVisibility.STAFF, 404, 200)],
)
def test_a_photo_is_served_only_to_those_who_may_see_it(
    visibility, member_status, staff_status, owner, member_client, staff_client, anonymous_client
):
    give_photo(owner, visibility)
    url = reverse("accounts:profile-photo", kwargs={"pk": owner.pk})
    response = member_client.get(url)
    assert response.status_code == member_status
    if member_status == 200:
        assert response["Content-Type"] == "image/jpeg"
        assert "private" in response["Cache-Control"]
    assert staff_client.get(url).status_code == staff_status
    assert anonymous_client.get(url).status_code == 302


def test_a_hidden_photo_is_neither_linked_from_the_profile_nor_reachable_by_a_media_url(owner, member_client):
    give_photo(owner, FieldVisibility.STAFF)
    page = profile_page(member_client, owner)
    assert reverse("accounts:profile-photo", kwargs={"pk": owner.pk}) not in page
    assert "/media/" not in page
    assert member_client.get("/media/" + owner.profile.photo.name).status_code == 404


def test_a_member_without_a_photo_gives_404_for_the_photo_url(owner, member_client):
    assert member_client.get(reverse("accounts:profile-photo", kwargs={"pk": owner.pk})).status_code == 404


# "View my profile as another member".


@pytest.mark.parametrize(
    ("audience", "sees_members_field", "sees_communities_field", "sees_staff_field"),
    [
        ("members", True, False, False),
        ("communities", True, True, False),
        ("staff", True, True, True),
    ],
)
def test_the_preview_shows_my_profile_exactly_as_each_audience_sees_it(
    audience, sees_members_field, sees_communities_field, sees_staff_field, member, member_client
):
    profile = member.profile
    profile.headline, profile.headline_visibility = "Headline for all", FieldVisibility.MEMBERS
    profile.location, profile.location_visibility = "Location for mates", FieldVisibility.COMMUNITIES
    profile.bio, profile.bio_visibility = "Bio for staff", FieldVisibility.STAFF
    profile.save()
    page = member_client.get(reverse("accounts:profile-preview"), {"audience": audience}).content.decode()
    assert ("Headline for all" in page) is sees_members_field
    assert ("Location for mates" in page) is sees_communities_field
    assert ("Bio for staff" in page) is sees_staff_field
    assert f'value="{audience}"' in page and "checked" in page


def test_the_preview_without_a_choice_shows_what_any_member_sees(member, member_client):
    set_fields(member, FieldVisibility.STAFF, headline="Secret headline")
    for params in ({}, {"audience": "nonsense"}):
        page = member_client.get(reverse("accounts:profile-preview"), params).content.decode()
        assert "Secret headline" not in page
        assert "They see only your display name." in page
