"""Two rules of the queue: a post flagged past the threshold again after its author's edit stays hidden until
staff decide (champions and moderators get 403 with the reason), and moderators review reported concerns."""

import pytest
from django.urls import reverse

from practica.discussions.models import Post
from practica.discussions.services.posting import edit_post
from practica.moderation.choices import ItemStatus, ReportStatus
from practica.moderation.models import Report, ReviewItem
from practica.moderation.services.flags import raise_flag
from practica.moderation.services.reports import submit_report
from tests.helpers import run_pending_tasks
from tests.moderation import test_flags_scene as _scene
from tests.moderation.test_flags_scene import client_for

scene = _scene.scene

LOCKED = "stays hidden until staff decide"


@pytest.fixture
def locked(scene):
    raise_flag(flagger=scene.first, target=scene.post, reason="bullying")
    raise_flag(flagger=scene.second, target=scene.post, reason="bullying")
    edit_post(editor=scene.author, post=scene.post, body="A gentler version.")
    run_pending_tasks()
    post = Post.objects.get(pk=scene.post.pk)
    assert post.hidden_at is None
    raise_flag(flagger=scene.third, target=post, reason="bullying")
    flag = raise_flag(flagger=scene.fourth, target=post, reason="bullying")
    assert Post.objects.get(pk=scene.post.pk).hidden_at is not None
    return flag.review_item


def _act(user, item, action):
    return client_for(user).post(reverse("moderation:item-action", args=[item.pk]), {"action": action})


def test_champions_and_moderators_cannot_show_a_locked_post_again(scene, locked, moderator):
    for user in (scene.champion, moderator):
        for action in ("unhide", "dismiss"):
            response = _act(user, locked, action)
            assert response.status_code == 403, (user, action)
            assert LOCKED in response.content.decode()
        page = client_for(user).get(reverse("moderation:item", args=[locked.pk])).content.decode()
        assert LOCKED in page and ">Un-hide<" not in page and "Dismiss the flags" not in page
        assert "Keep hidden" in page
    assert Post.objects.get(pk=scene.post.pk).hidden_at is not None
    assert ReviewItem.objects.get(pk=locked.pk).status == ItemStatus.OPEN


def test_staff_may_show_a_locked_post_again(scene, locked, staff):
    page = client_for(staff).get(reverse("moderation:item", args=[locked.pk])).content.decode()
    assert ">Un-hide<" in page
    assert _act(staff, locked, "unhide").status_code == 302
    assert Post.objects.get(pk=scene.post.pk).hidden_at is None


@pytest.fixture
def report(scene):
    return submit_report(
        reporter=scene.first,
        category="trolling",
        details="Ann keeps provoking people.",
        links=[reverse("discussions:post", args=[scene.post.pk])],
    )


def test_moderators_see_and_handle_reported_concerns(report, moderator):
    item_url = reverse("moderation:item", args=[report.review_item_id])
    queue = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert item_url in queue
    page = client_for(moderator).get(item_url).content.decode()
    assert "Ann keeps provoking people." in page and "Save the status" in page
    assert "Open a case on" not in page  # cases are staff's
    response = client_for(moderator).post(
        reverse("moderation:report-update", args=[report.pk]),
        {f"r{report.pk}-status": ReportStatus.ACTIONED, f"r{report.pk}-status_note": "We spoke to them."},
    )
    assert response.status_code == 302
    report = Report.objects.get(pk=report.pk)
    assert report.status == ReportStatus.ACTIONED and report.review_item.status == ItemStatus.RESOLVED


def test_champions_never_see_reported_concerns(scene, report):
    champion = client_for(scene.champion)
    assert champion.get(reverse("moderation:item", args=[report.review_item_id])).status_code == 404
    assert (
        reverse("moderation:item", args=[report.review_item_id])
        not in champion.get(reverse("moderation:queue")).content.decode()
    )
    response = champion.post(reverse("moderation:report-update", args=[report.pk]), {f"r{report.pk}-status": "closed"})
    assert response.status_code == 404
