"""Copyright notices: the form, staff's one-action removal recording the notice as upheld against the
uploader, "not upheld", and the repeat-infringer prompt at the configured count."""

import pytest
from django.urls import reverse

from practica.discussions.models import Post
from practica.discussions.services.posting import reply, start_topic
from practica.moderation.choices import CopyrightStatus, ItemStatus
from practica.moderation.models import CopyrightNotice, ModerationSettings, SealedCopy
from practica.moderation.services.copyright import is_repeat_infringer, reject_notice, submit_notice, uphold_notice
from practica.moderation.services.queue import AlreadyResolved
from tests.factories import CommunityFactory, UserFactory, add_member


@pytest.fixture
def shared(db, member):
    community = CommunityFactory(name="Open Practice")
    uploader = UserFactory(display_name="Uma Uploader")
    add_member(community, uploader)
    add_member(community, member)
    topic = start_topic(author=uploader, community=community, title="Useful reading", body="Hello").post.topic
    posts = [reply(author=uploader, topic=topic, body=f"Full text of the chapter, part {n}").post for n in range(3)]
    return {"uploader": uploader, "posts": posts}


def _notice(member, post):
    return submit_notice(
        submitter=member,
        work="Chapter 3 of my book",
        location=f"/posts/{post.pk}/",
        claimant_name="Maya Member",
        claimant_email="maya@example.org",
        statement="I hold the copyright and did not allow this.",
    )


def test_a_notice_finds_the_material_and_its_uploader(shared, member):
    notice = _notice(member, shared["posts"][0])
    assert notice.uploader == shared["uploader"]
    assert notice.review_item.kind == "copyright"


def test_remove_the_material_purges_it_and_counts_against_the_uploader(shared, member, staff):
    post = shared["posts"][0]
    notice = uphold_notice(actor=staff, notice=_notice(member, post))
    assert notice.status == CopyrightStatus.UPHELD
    post.refresh_from_db()
    assert post.removed_at is not None and "chapter" not in post.body
    assert SealedCopy.objects.get(object_id=post.pk).content["texts"]["body"] == "Full text of the chapter, part 0"
    assert notice.review_item.status == ItemStatus.RESOLVED
    with pytest.raises(AlreadyResolved):
        uphold_notice(actor=staff, notice=notice)


def test_not_upheld_leaves_the_material_and_does_not_count(shared, member, staff):
    post = shared["posts"][0]
    notice = reject_notice(actor=staff, notice=_notice(member, post), reason="Quoted briefly, with credit")
    assert notice.status == CopyrightStatus.REJECTED
    assert Post.objects.get(pk=post.pk).removed_at is None
    assert not is_repeat_infringer(shared["uploader"])


def test_the_repeat_infringer_prompt_appears_at_the_configured_count(shared, member, staff, staff_client):
    ModerationSettings.objects.filter(pk=ModerationSettings.current().pk).update(repeat_infringer_count=2)
    first = _notice(member, shared["posts"][0])
    uphold_notice(actor=staff, notice=first)
    second = _notice(member, shared["posts"][1])
    page = staff_client.get(reverse("moderation:item", args=[second.review_item_id])).content.decode()
    assert "Suspend as a repeat infringer" not in page
    assert "1 upheld notice" in page
    response = staff_client.post(reverse("moderation:copyright-decide", args=[second.pk]), {"decision": "uphold"})
    assert response.status_code == 302
    page = staff_client.get(reverse("moderation:item", args=[second.review_item_id])).content.decode()
    assert "Suspend as a repeat infringer" in page
    staff_client.post(reverse("moderation:copyright-suspend", args=[second.pk]))
    shared["uploader"].refresh_from_db()
    assert shared["uploader"].is_suspended()


def test_suspension_is_refused_below_the_count(shared, member, staff_client):
    notice = _notice(member, shared["posts"][0])
    assert staff_client.post(reverse("moderation:copyright-suspend", args=[notice.pk])).status_code == 403
    shared["uploader"].refresh_from_db()
    assert not shared["uploader"].is_suspended()


def test_members_send_notices_through_the_form(shared, member_client):
    response = member_client.post(
        reverse("moderation:copyright"),
        {
            "work": "My poem",
            "location": f"/posts/{shared['posts'][2].pk}/",
            "claimant_name": "Maya Member",
            "claimant_email": "maya@example.org",
            "statement": "Mine.",
        },
    )
    assert response.status_code == 302
    assert CopyrightNotice.objects.get().uploader == shared["uploader"]


def test_a_notice_must_point_at_this_site(member_client):
    response = member_client.post(
        reverse("moderation:copyright"),
        {
            "work": "x",
            "location": "https://elsewhere.example/",
            "claimant_name": "M",
            "claimant_email": "m@example.org",
            "statement": "s",
        },
    )
    assert 'id="id_location_error"' in response.content.decode()
    assert not CopyrightNotice.objects.exists()


@pytest.mark.parametrize("persona", ["member", "moderator"])
def test_only_staff_decide_notices(shared, member, persona, persona_clients):
    notice = _notice(member, shared["posts"][0])
    client = persona_clients[persona]
    assert (
        client.post(reverse("moderation:copyright-decide", args=[notice.pk]), {"decision": "uphold"}).status_code == 404
    )
    assert client.get(reverse("moderation:copyright-notices")).status_code == 404
    notice.refresh_from_db()
    assert notice.status == CopyrightStatus.RECEIVED


def test_the_notice_list_costs_the_same_with_one_and_fifty_notices(shared, member, staff_client):
    from tests.helpers import queries_for

    _notice(member, shared["posts"][0])
    one = queries_for(staff_client, reverse("moderation:copyright-notices"))
    for _ in range(49):
        _notice(member, shared["posts"][1])
    assert queries_for(staff_client, reverse("moderation:copyright-notices")) == one


def test_upholding_a_notice_purges_the_material_the_same_way_as_remove_completely(shared, member, staff, monkeypatch):
    from practica.core import events
    from practica.moderation.models import ReportLink
    from practica.moderation.services.reports import submit_report
    from practica.search.models import SearchDocument
    from tests.helpers import run_pending_tasks

    published = []
    real = events.publish
    monkeypatch.setattr(
        events, "publish", lambda name, **payload: (published.append((name, payload)), real(name, **payload))
    )
    post = shared["posts"][1]
    text = "Full text of the chapter, part 1"
    run_pending_tasks()
    assert SearchDocument.objects.filter(body__contains=text).exists()
    submit_report(reporter=member, category="other", details="Copied from a book.", links=[f"/posts/{post.pk}/"])
    assert ReportLink.objects.filter(snapshot__text=text).exists()
    uphold_notice(actor=staff, notice=_notice(member, post))
    run_pending_tasks()
    assert ("moderation.content_removed", {"target": "discussions.post", "target_id": post.pk}) in published
    assert not ReportLink.objects.filter(snapshot__icontains=text).exists()
    assert not SearchDocument.objects.filter(body__contains=text).exists()
    sealed = SealedCopy.objects.get(object_id=post.pk)
    assert sealed.member == shared["uploader"] and sealed.content["texts"]["body"] == text


@pytest.fixture
def resource(db, member):
    from practica.library.services.items import ItemDetails, create_item

    community = CommunityFactory(name="Open Practice")
    uploader = UserFactory(display_name="Uma Uploader")
    add_member(community, uploader)
    add_member(community, member)
    details = ItemDetails(
        title="Scanned workbook",
        resource_type="guide",
        licence="own_work",
        rights_confirmed=True,
        description="Every page of a published workbook, scanned.",
        tags=["endings"],
        author_or_source="A. Publisher",
        url="https://example.org/workbook",
    )
    return create_item(author=uploader, community=community, kind="link", details=details)


def test_a_notice_about_a_library_item_removes_it_and_counts_against_its_uploader(resource, member, staff):
    from practica.library.models import LibraryItem
    from practica.moderation.services.copyright import upheld_count

    notice = submit_notice(
        submitter=member,
        work="My workbook",
        location=f"https://{_host()}/library/items/{resource.pk}/",
        claimant_name="Maya Member",
        claimant_email="maya@example.org",
        statement="I hold the copyright and did not allow this.",
    )
    assert notice.uploader == resource.created_by
    assert notice.content_type.model == "libraryitem" and notice.object_id == resource.pk
    uphold_notice(actor=staff, notice=notice)
    assert LibraryItem.objects.get(pk=resource.pk).removed_at is not None
    assert upheld_count(resource.created_by) == 1
    sealed = SealedCopy.objects.get(object_id=resource.pk)
    assert sealed.member == resource.created_by and sealed.content["texts"]["title"] == "Scanned workbook"


def _host() -> str:
    from urllib.parse import urlsplit

    from django.conf import settings

    return urlsplit(settings.SITE_URL).netloc


def test_members_find_the_copyright_form_from_a_library_item_a_flag_and_every_footer(resource, member, member_client):
    item_url = reverse("library:item", args=[resource.pk])
    page = member_client.get(item_url).content.decode()
    form_link = reverse("moderation:copyright") + "?link=" + item_url
    assert "Report a copyright infringement" in page and form_link in page
    flag_page = member_client.get(reverse("moderation:flag", args=["library.libraryitem", resource.pk])).content
    assert "Report a copyright infringement" in flag_page.decode()
    home = member_client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("moderation:copyright")}"' in home
    form = member_client.get(form_link).content.decode()
    assert item_url in form
