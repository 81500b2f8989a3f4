"""One community's pages: its home, charter, settings and members, joining, leaving, and invitation links."""

import pytest
from django.urls import reverse

from practica.communities.choices import JoinRequestStatus
from practica.communities.models import CharterVersion, CommunityMember, JoinRequest
from practica.communities.services.communities import rotate_invite_link, save_charter, set_community_archived
from practica.communities.services.membership import decide_join_request
from tests.factories import CommunityFactory, UserFactory, add_member
from tests.helpers import queries_for

PERSONAS = ("anonymous", "outsider", "member", "community_member", "applicant", "champion", "staff", "admin")


def _url(name, community, **extra):
    return reverse(f"communities:{name}", kwargs={"pk": community.pk, **extra})


def _statuses(**overrides):
    """Expected statuses per persona on the closed community: every current member 200 unless overridden."""
    return {"anonymous": 302, **dict.fromkeys(PERSONAS[1:], 200), **overrides}


LEADS_ONLY = _statuses(outsider=403, member=403, community_member=403, applicant=403)
INSIDE = _statuses(outsider=404, member=404, applicant=404)
MEMBERS_ONLY = _statuses(outsider=403, member=403, applicant=403, staff=403, admin=403)

GET_MATRIX = {
    "detail": _statuses(),
    "charter": _statuses(),
    "charter-history": _statuses(),
    "charter-edit": LEADS_ONLY,
    "edit": LEADS_ONLY,
    "members": INSIDE,
    # Members are sent back to the community's home: they are in already.
    "join": _statuses(community_member=302, champion=302),
    "leave": MEMBERS_ONLY,
    "invite-link": LEADS_ONLY,
}


@pytest.fixture
def persona_client(request, closed_community, champion, community_member, applicant):
    """The closed community with all its personas in place; returns a function giving a persona's client."""

    def client_for(persona):
        return request.getfixturevalue(f"{persona}_client")

    return client_for


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("url_name", sorted(GET_MATRIX))
def test_each_persona_gets_the_right_status_on_a_closed_communitys_pages(
    url_name, persona, persona_client, closed_community
):
    response = persona_client(persona).get(_url(url_name, closed_community))
    assert response.status_code == GET_MATRIX[url_name][persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_applicant_can_withdraw_their_request(persona, persona_client, closed_community):
    expected = {**dict.fromkeys(PERSONAS, 404), "anonymous": 302, "applicant": 302}
    response = persona_client(persona).post(_url("withdraw-request", closed_community))
    assert response.status_code == expected[persona]


@pytest.mark.parametrize("persona", PERSONAS)
def test_an_invitation_link_opens_the_community_for_everyone_signed_in(
    persona, persona_client, closed_community, staff
):
    token = rotate_invite_link(actor=staff, community=closed_community)
    expected = _statuses(community_member=302, champion=302)
    response = persona_client(persona).get(_url("invite-accept", closed_community, token=token))
    assert response.status_code == expected[persona]


# An unlisted community is invisible to everyone but its members and staff: every page is a 404.


@pytest.fixture
def unlisted_community(db):
    community = CommunityFactory(name="Safeguarding Leads", membership="closed", unlisted=True)
    add_member(community, UserFactory(display_name="Una Unlisted"), role="champion")
    return community


@pytest.mark.parametrize(
    "url_name", ["detail", "charter", "charter-history", "charter-edit", "edit", "members", "join", "leave"]
)
def test_an_outsider_gets_404_on_every_page_of_an_unlisted_community(url_name, outsider_client, unlisted_community):
    assert outsider_client.get(_url(url_name, unlisted_community)).status_code == 404


def test_an_outsider_gets_404_when_posting_to_an_unlisted_community(outsider_client, unlisted_community):
    assert outsider_client.post(_url("join", unlisted_community)).status_code == 404
    assert outsider_client.post(_url("withdraw-request", unlisted_community)).status_code == 404
    assert outsider_client.post(_url("invite-link", unlisted_community)).status_code == 404


def test_members_and_staff_see_an_unlisted_community(outsider, outsider_client, staff_client, unlisted_community):
    assert staff_client.get(_url("detail", unlisted_community)).status_code == 200
    add_member(unlisted_community, outsider)
    assert outsider_client.get(_url("detail", unlisted_community)).status_code == 200
    assert outsider_client.get(_url("members", unlisted_community)).status_code == 200


# The community's home page.


def test_an_outsider_sees_only_the_public_face_of_a_closed_community(outsider_client, closed_community, champion):
    html = outsider_client.get(_url("detail", closed_community)).content.decode()
    assert "<h1>Supervisors&#x27; Circle</h1>" in html
    assert "We meet monthly online." in html
    assert _url("charter", closed_community) in html
    assert _url("join", closed_community) in html
    assert _url("members", closed_community) not in html
    assert _url("edit", closed_community) not in html


def test_a_community_member_sees_the_member_list_link_and_can_leave(community_member_client, closed_community):
    html = community_member_client.get(_url("detail", closed_community)).content.decode()
    assert _url("members", closed_community) in html
    assert _url("leave", closed_community) in html
    assert _url("edit", closed_community) not in html
    assert _url("requests", closed_community) not in html


def test_an_applicant_sees_their_pending_request_with_a_withdraw_button(applicant_client, closed_community):
    html = applicant_client.get(_url("detail", closed_community)).content.decode()
    assert "Pending</span>" in html
    assert f'action="{_url("withdraw-request", closed_community)}"' in html


def test_a_champion_sees_their_tools_with_the_pending_count(champion_client, closed_community, applicant):
    html = champion_client.get(_url("detail", closed_community)).content.decode()
    for name in ("requests", "edit", "charter-edit", "step-down"):
        assert _url(name, closed_community) in html
    assert "1 waiting" in html
    assert _url("champions", closed_community) not in html
    assert _url("invite-link", closed_community) not in html  # listed communities need no invitation link


def test_staff_see_the_champions_tool_but_not_step_down(staff_client, closed_community, champion):
    html = staff_client.get(_url("detail", closed_community)).content.decode()
    assert _url("champions", closed_community) in html
    assert _url("step-down", closed_community) not in html


def test_the_invitation_link_tool_is_offered_for_unlisted_communities(staff_client, unlisted_community):
    html = staff_client.get(_url("detail", unlisted_community)).content.decode()
    assert _url("invite-link", unlisted_community) in html


def test_an_open_community_offers_a_one_click_join(outsider_client, open_community):
    html = outsider_client.get(_url("detail", open_community)).content.decode()
    assert f'<form method="post" action="{_url("join", open_community)}">' in html
    assert _url("members", open_community) in html  # every member may look inside an open community


def test_an_archived_community_says_so_and_offers_no_join_or_edit_to_non_staff(
    staff, staff_client, champion_client, outsider_client, closed_community
):
    set_community_archived(actor=staff, community=closed_community, archived=True)
    html = outsider_client.get(_url("detail", closed_community)).content.decode()
    assert "archived and read-only" in html
    assert _url("join", closed_community) not in html
    champion_html = champion_client.get(_url("detail", closed_community)).content.decode()
    assert _url("edit", closed_community) not in champion_html
    assert _url("charter-edit", closed_community) not in champion_html
    assert _url("edit", closed_community) in staff_client.get(_url("detail", closed_community)).content.decode()


def _add_members(community, count):
    for _ in range(count):
        add_member(community, UserFactory())


@pytest.mark.parametrize("persona", ["champion", "community_member", "outsider"])
def test_the_community_home_query_count_does_not_grow_with_members(
    persona, request, closed_community, champion, community_member
):
    client = request.getfixturevalue(f"{persona}_client")
    url = _url("detail", closed_community)
    with_few = queries_for(client, url)
    _add_members(closed_community, 48)
    assert queries_for(client, url) == with_few


# The charter.

ANSWERS = {"focus": "Supervision of supervisors.", "purpose": "Reflective practice.", "meeting_mode": "hybrid"}


def test_the_charter_shows_answered_questions_and_skips_empty_ones(champion, outsider_client, closed_community):
    save_charter(actor=champion, community=closed_community, answers=ANSWERS, change_note="First go")
    html = outsider_client.get(_url("charter", closed_community)).content.decode()
    assert "1. What is the focus of the community?" in html
    assert "Supervision of supervisors." in html
    assert "2. What is its purpose?" in html
    assert "What are its aims and objectives?" not in html
    assert "Hybrid" in html
    assert "Version 1" in html
    assert "edited by Chloe Champion" in html
    assert "Closed: members ask to join" in html
    assert "Are you an accredited supervisor?" in html


def test_a_community_without_a_charter_says_so(outsider_client, closed_community):
    html = outsider_client.get(_url("charter", closed_community)).content.decode()
    assert "have not written the charter yet" in html


def test_the_charter_edit_form_is_prefilled_with_the_current_version(champion, champion_client, closed_community):
    save_charter(actor=champion, community=closed_community, answers=ANSWERS)
    html = champion_client.get(_url("charter-edit", closed_community)).content.decode()
    assert "Supervision of supervisors.</textarea>" in html
    assert '<option value="hybrid" selected>' in html
    assert html.count("<textarea") == 14


def test_saving_the_charter_makes_a_new_version_and_the_history_shows_the_change(
    champion, champion_client, outsider_client, closed_community
):
    save_charter(actor=champion, community=closed_community, answers=ANSWERS)
    response = champion_client.post(
        _url("charter-edit", closed_community),
        {**ANSWERS, "focus": "Supervision in private practice.", "change_note": "Narrowed the focus"},
    )
    assert response.status_code == 302
    assert response["Location"] == _url("charter", closed_community)
    latest = CharterVersion.objects.filter(community=closed_community).latest()
    assert latest.version == 2
    assert latest.focus == "Supervision in private practice."
    assert latest.purpose == "Reflective practice."
    assert latest.edited_by == champion
    html = outsider_client.get(_url("charter-history", closed_community)).content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "Narrowed the focus" in html
    assert "Supervision of supervisors." in html  # before
    assert "Supervision in private practice." in html  # after
    assert "What is its purpose?" not in html  # unchanged answers are not listed


def test_staff_can_edit_any_charter(staff, staff_client, closed_community):
    response = staff_client.post(
        _url("charter-edit", closed_community), {"focus": "Staff wording", "meeting_mode": "online"}
    )
    assert response.status_code == 302
    assert CharterVersion.objects.get(community=closed_community).edited_by == staff


def test_a_bad_meeting_mode_is_shown_next_to_the_field_and_keeps_the_answers(champion_client, closed_community):
    response = champion_client.post(
        _url("charter-edit", closed_community), {"focus": "Kept text", "meeting_mode": "telepathy"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_meeting_mode_error"' in html
    assert "Kept text</textarea>" in html
    assert not CharterVersion.objects.filter(community=closed_community).exists()


def test_a_community_member_cannot_edit_the_charter_and_is_told_why(community_member_client, closed_community):
    response = community_member_client.post(_url("charter-edit", closed_community), {"meeting_mode": "online"})
    assert response.status_code == 403
    assert "champions and staff" in response.content.decode()
    assert not CharterVersion.objects.filter(community=closed_community).exists()


def test_a_champion_cannot_edit_an_archived_communitys_charter(staff, champion_client, closed_community):
    set_community_archived(actor=staff, community=closed_community, archived=True)
    response = champion_client.get(_url("charter-edit", closed_community))
    assert response.status_code == 403
    assert "archived" in response.content.decode()


# Community settings.


def test_a_champion_sees_only_the_settings_champions_may_change(champion_client, closed_community):
    html = champion_client.get(_url("edit", closed_community)).content.decode()
    assert 'name="short_description"' in html
    assert 'name="admission_questions"' in html
    assert 'name="name"' not in html
    assert 'name="division"' not in html
    assert 'name="unlisted"' not in html


def test_staff_also_see_name_division_and_listing(staff_client, closed_community):
    html = staff_client.get(_url("edit", closed_community)).content.decode()
    for field in ("name", "division", "unlisted", "short_description"):
        assert f'name="{field}"' in html


def _settings_data(community, **changes):
    return {
        "short_description": community.short_description,
        "description": community.description,
        "membership": community.membership,
        "max_members": community.max_members or "",
        "admission_questions": community.admission_questions,
        "confidentiality_agreement": community.confidentiality_agreement,
        **changes,
    }


def test_a_champion_changes_the_description_and_a_posted_name_is_ignored(champion_client, closed_community):
    data = _settings_data(closed_community, description="We meet **weekly**.", name="Hijacked", max_members="12")
    response = champion_client.post(_url("edit", closed_community), data)
    assert response.status_code == 302
    closed_community.refresh_from_db()
    assert closed_community.name == "Supervisors' Circle"
    assert closed_community.max_members == 12
    assert "<strong>weekly</strong>" in closed_community.description_html


def test_a_service_validation_error_becomes_a_form_error_and_keeps_the_input(staff_client, closed_community):
    data = {
        **_settings_data(closed_community, membership="open", unlisted="on", short_description="Typed text"),
        "name": closed_community.name,
        "division": closed_community.division.pk,
    }
    response = staff_client.post(_url("edit", closed_community), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Only a closed community can be unlisted." in html
    assert 'value="Typed text"' in html
    closed_community.refresh_from_db()
    assert closed_community.membership == "closed" and not closed_community.unlisted


def test_a_missing_short_description_is_shown_next_to_the_field(champion_client, closed_community):
    response = champion_client.post(
        _url("edit", closed_community), _settings_data(closed_community, short_description="")
    )
    assert response.status_code == 200
    assert 'id="id_short_description_error"' in response.content.decode()


def test_staff_rename_a_community(staff_client, closed_community, open_community):
    base = {**_settings_data(closed_community), "division": closed_community.division.pk}
    taken = staff_client.post(_url("edit", closed_community), {**base, "name": open_community.name})
    assert "Another community already has this name." in taken.content.decode()
    response = staff_client.post(_url("edit", closed_community), {**base, "name": "Supervision Circle"})
    assert response.status_code == 302
    closed_community.refresh_from_db()
    assert closed_community.name == "Supervision Circle"


# Members.


def test_the_member_list_shows_champions_first_with_profile_links(community_member_client, closed_community, champion):
    add_member(closed_community, UserFactory(display_name="Aaron Early"))
    html = community_member_client.get(_url("members", closed_community)).content.decode()
    html = html[html.index("<main") :]
    assert html.index("Chloe Champion") < html.index("Aaron Early") < html.index("Cai Member")
    assert reverse("accounts:profile", kwargs={"pk": champion.pk}) in html
    assert "Remove" not in html


def test_champions_see_a_remove_link_for_each_member_but_not_for_champions(
    champion, champion_client, community_member, closed_community
):
    html = champion_client.get(_url("members", closed_community)).content.decode()
    assert _url("member-remove", closed_community, user_pk=community_member.pk) in html
    assert _url("member-remove", closed_community, user_pk=champion.pk) not in html


def test_members_who_are_not_in_the_directory_are_left_off_the_list(community_member_client, closed_community):
    hidden = UserFactory(display_name="Hana Hidden")
    hidden.profile.listed_in_directory = False
    hidden.profile.save()
    add_member(closed_community, hidden)
    assert "Hana Hidden" not in community_member_client.get(_url("members", closed_community)).content.decode()


def test_every_member_sees_inside_an_open_community(outsider_client, open_community):
    assert outsider_client.get(_url("members", open_community)).status_code == 200


def test_the_member_list_query_count_does_not_grow_with_members(community_member_client, closed_community):
    url = _url("members", closed_community)
    with_two = queries_for(community_member_client, url)
    _add_members(closed_community, 48)
    assert queries_for(community_member_client, url) == with_two


# Joining an open community.


def test_the_join_page_of_an_open_community_asks_for_confirmation(outsider_client, open_community):
    response = outsider_client.get(_url("join", open_community))
    html = response.content.decode()
    assert "<h1>Join Neurodiversity Affirming Practice</h1>" in html
    assert f'<form method="post" action="{_url("join", open_community)}">' in html
    assert not CommunityMember.objects.filter(community=open_community).exists()


def test_joining_an_open_community_makes_you_a_member(outsider, outsider_client, open_community):
    response = outsider_client.post(_url("join", open_community), follow=True)
    assert response.redirect_chain[-1][0] == _url("detail", open_community)
    assert "you are now a member" in response.content.decode()
    assert CommunityMember.objects.filter(community=open_community, user=outsider).exists()
    open_community.refresh_from_db()
    assert open_community.member_count == 1


def test_joining_twice_says_so_and_changes_nothing(outsider, outsider_client, open_community):
    outsider_client.post(_url("join", open_community))
    response = outsider_client.post(_url("join", open_community), follow=True)
    assert "already a member" in response.content.decode()
    open_community.refresh_from_db()
    assert open_community.member_count == 1


def test_joining_a_full_community_puts_you_on_the_waiting_list_and_says_so(outsider, outsider_client):
    full = CommunityFactory(name="Tiny Circle", max_members=1)
    add_member(full, UserFactory())
    assert "Join the waiting list" in outsider_client.get(_url("join", full)).content.decode()
    response = outsider_client.post(_url("join", full), follow=True)
    assert "on its waiting list" in response.content.decode()
    assert JoinRequest.objects.get(community=full, user=outsider).status == JoinRequestStatus.WAITLISTED
    again = outsider_client.post(_url("join", full), follow=True)
    assert "already on this community&#x27;s waiting list" in again.content.decode()
    assert JoinRequest.objects.filter(community=full, user=outsider).count() == 1


def test_joining_an_archived_community_is_refused_with_a_reason(staff, outsider_client, open_community):
    set_community_archived(actor=staff, community=open_community, archived=True)
    response = outsider_client.post(_url("join", open_community))
    assert response.status_code == 403
    assert "archived" in response.content.decode()


# Asking to join a closed community.


def test_the_request_form_shows_the_questions_and_the_agreement(outsider_client, closed_community):
    html = outsider_client.get(_url("join", closed_community)).content.decode()
    assert "<h1>Ask to join Supervisors&#x27; Circle</h1>" in html
    assert '<label for="id_answer_0">Are you an accredited supervisor?</label>' in html
    assert "What is said in the circle stays in the circle." in html
    assert 'name="accepted_confidentiality"' in html


def test_a_request_without_answers_shows_errors_next_to_the_fields(outsider_client, closed_community):
    response = outsider_client.post(_url("join", closed_community), {"answer_0": "", "accepted_confidentiality": "on"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="id_answer_0_error"' in html
    assert "Please answer this question." in html
    assert not JoinRequest.objects.filter(community=closed_community).exists()


def test_a_request_without_accepting_the_agreement_keeps_the_answers(outsider_client, closed_community):
    response = outsider_client.post(_url("join", closed_community), {"answer_0": "Yes, since 2015"})
    html = response.content.decode()
    assert 'id="id_accepted_confidentiality_error"' in html
    assert "Yes, since 2015</textarea>" in html
    assert not JoinRequest.objects.filter(community=closed_community).exists()


def test_sending_a_request_creates_it_and_shows_it_as_pending(outsider, outsider_client, closed_community):
    response = outsider_client.post(
        _url("join", closed_community), {"answer_0": "Yes, since 2015", "accepted_confidentiality": "on"}, follow=True
    )
    assert response.redirect_chain[-1][0] == _url("detail", closed_community)
    html = response.content.decode()
    assert "Your request to join Supervisors&#x27; Circle has been sent." in html
    assert "Pending</span>" in html
    join_request = JoinRequest.objects.get(community=closed_community, user=outsider)
    assert join_request.answers == [{"question": "Are you an accredited supervisor?", "answer": "Yes, since 2015"}]
    assert join_request.accepted_confidentiality


def test_asking_twice_shows_the_refusal_next_to_the_form_and_keeps_the_input(
    applicant, applicant_client, closed_community
):
    response = applicant_client.post(
        _url("join", closed_community), {"answer_0": "Second try", "accepted_confidentiality": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "You have already asked to join" in html
    assert 'class="error-summary"' in html
    assert "Second try</textarea>" in html
    assert JoinRequest.objects.filter(community=closed_community, user=applicant).count() == 1


def test_an_applicant_sees_where_their_request_stands_instead_of_the_form(applicant_client, closed_community):
    html = applicant_client.get(_url("join", closed_community)).content.decode()
    assert "Pending</span>" in html
    assert 'name="answer_0"' not in html


def test_a_member_opening_the_join_page_is_sent_to_the_community(community_member_client, closed_community):
    response = community_member_client.get(_url("join", closed_community), follow=True)
    assert response.redirect_chain[-1][0] == _url("detail", closed_community)
    assert "already a member" in response.content.decode()


# Leaving.


def test_the_leave_page_asks_for_confirmation(community_member_client, closed_community):
    response = community_member_client.get(_url("leave", closed_community))
    assert "<h1>Leave Supervisors&#x27; Circle?</h1>" in response.content.decode()
    assert CommunityMember.objects.filter(community=closed_community).count() == 2


def test_leaving_removes_the_membership_and_access(community_member, community_member_client, closed_community):
    response = community_member_client.post(_url("leave", closed_community), follow=True)
    assert "You have left Supervisors&#x27; Circle." in response.content.decode()
    assert not CommunityMember.objects.filter(community=closed_community, user=community_member).exists()
    assert community_member_client.get(_url("members", closed_community)).status_code == 404


def test_a_non_member_cannot_leave_and_is_told_why(outsider_client, closed_community):
    response = outsider_client.post(_url("leave", closed_community))
    assert response.status_code == 403
    assert "You are not a member of this community" in response.content.decode()


def test_a_champion_is_warned_that_leaving_ends_their_role(champion_client, closed_community):
    html = champion_client.get(_url("leave", closed_community)).content.decode()
    assert "Leaving also ends your role as champion" in html


# Withdrawing a request.


def test_withdrawing_a_request_marks_it_withdrawn(applicant, applicant_client, closed_community):
    response = applicant_client.post(_url("withdraw-request", closed_community), follow=True)
    assert "You have withdrawn your request" in response.content.decode()
    assert JoinRequest.objects.get(user=applicant).status == JoinRequestStatus.WITHDRAWN


def test_withdrawing_is_post_only(applicant_client, closed_community):
    assert applicant_client.get(_url("withdraw-request", closed_community)).status_code == 405


def test_withdrawing_a_decided_request_is_404_and_changes_nothing(
    champion, applicant, applicant_client, closed_community
):
    join_request = JoinRequest.objects.get(user=applicant)
    decide_join_request(actor=champion, join_request=join_request, approve=False)
    assert applicant_client.post(_url("withdraw-request", closed_community)).status_code == 404
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.DECLINED


def test_a_request_decided_while_withdrawing_says_so(
    monkeypatch, champion, applicant, applicant_client, closed_community
):
    """The champion decides between the page loading and the click: a clear message, nothing changes."""
    from practica.communities import queries

    join_request = JoinRequest.objects.get(user=applicant)
    decide_join_request(actor=champion, join_request=join_request, approve=True)
    monkeypatch.setattr(queries, "get_open_join_request_for", lambda user, community: join_request)
    response = applicant_client.post(_url("withdraw-request", closed_community), follow=True)
    assert "already been decided" in response.content.decode()
    join_request.refresh_from_db()
    assert join_request.status == JoinRequestStatus.ADMITTED


# Invitation links.


def test_a_champion_makes_an_invitation_link_shown_once(client, unlisted_community):
    champion_client = client
    champion_client.force_login(CommunityMember.objects.get(community=unlisted_community, role="champion").user)
    assert "Make an invitation link" in champion_client.get(_url("invite-link", unlisted_community)).content.decode()
    response = champion_client.post(_url("invite-link", unlisted_community))
    assert response.status_code == 200
    html = response.content.decode()
    link_prefix = f"{_url('detail', unlisted_community)}invite/"
    assert link_prefix in html
    token = html.split(link_prefix)[1].split("/")[0]
    unlisted_community.refresh_from_db()
    assert unlisted_community.invite_token_matches(token)
    assert 'id="invite-link"' in html
    assert 'id="invite-link"' not in champion_client.get(_url("invite-link", unlisted_community)).content.decode()
    assert (
        "stops the current one from working"
        in champion_client.get(_url("invite-link", unlisted_community)).content.decode()
    )


def test_a_new_invitation_link_stops_the_old_one(staff, outsider_client, unlisted_community):
    old = rotate_invite_link(actor=staff, community=unlisted_community)
    rotate_invite_link(actor=staff, community=unlisted_community)
    assert outsider_client.get(_url("invite-accept", unlisted_community, token=old)).status_code == 404


def test_a_wrong_invitation_token_is_404_even_for_a_listed_community(staff, outsider_client, closed_community):
    rotate_invite_link(actor=staff, community=closed_community)
    assert outsider_client.get(_url("invite-accept", closed_community, token="wrong")).status_code == 404


def test_an_invitation_shows_the_public_face_and_the_request_form(staff, outsider_client, unlisted_community):
    unlisted_community.admission_questions = "Why do you want to join?"
    unlisted_community.save()
    token = rotate_invite_link(actor=staff, community=unlisted_community)
    html = outsider_client.get(_url("invite-accept", unlisted_community, token=token)).content.decode()
    assert "Safeguarding Leads" in html
    assert "We meet monthly online." in html
    assert f'value="{token}"' in html
    assert "Why do you want to join?" in html


def test_asking_to_join_through_an_invitation_carries_the_token(staff, outsider, outsider_client, unlisted_community):
    token = rotate_invite_link(actor=staff, community=unlisted_community)
    response = outsider_client.post(_url("join", unlisted_community), {"invite_token": token}, follow=True)
    assert response.redirect_chain[-1][0] == _url("invite-accept", unlisted_community, token=token)
    assert "Pending</span>" in response.content.decode()
    assert JoinRequest.objects.filter(community=unlisted_community, user=outsider).exists()
    # Asking is not being admitted: the community's pages stay closed to them.
    assert outsider_client.get(_url("detail", unlisted_community)).status_code == 404


def test_without_the_token_an_unlisted_communitys_request_form_is_404(outsider_client, unlisted_community):
    assert outsider_client.post(_url("join", unlisted_community), {"invite_token": "guess"}).status_code == 404
    assert not JoinRequest.objects.filter(community=unlisted_community).exists()


def test_a_community_member_cannot_make_invitation_links(community_member_client, closed_community):
    response = community_member_client.post(_url("invite-link", closed_community))
    assert response.status_code == 403
    closed_community.refresh_from_db()
    assert not closed_community.invite_token_hash


def test_an_admitted_applicant_reaches_the_community(champion, applicant, applicant_client, closed_community):
    decide_join_request(actor=champion, join_request=JoinRequest.objects.get(user=applicant), approve=True)
    assert applicant_client.get(_url("members", closed_community)).status_code == 200
