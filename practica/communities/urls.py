from django.urls import path

from practica.communities.views import champions, community, directory, manage, proposals

app_name = "communities"

urlpatterns = [
    # Finding communities.
    path("communities/", directory.community_list, name="list"),
    path("divisions/<slug:slug>/", directory.division_detail, name="division"),
    # One community: its public face (name, description, charter, how to join) and its inside.
    path("communities/<int:pk>/", community.community_detail, name="detail"),
    path("communities/<int:pk>/charter/", community.charter_detail, name="charter"),
    path("communities/<int:pk>/charter/history/", community.charter_history, name="charter-history"),
    path("communities/<int:pk>/charter/edit/", community.charter_edit, name="charter-edit"),
    path("communities/<int:pk>/settings/", community.community_edit, name="edit"),
    path("communities/<int:pk>/members/", community.member_list, name="members"),
    path("communities/<int:pk>/join/", community.join, name="join"),
    path("communities/<int:pk>/leave/", community.leave, name="leave"),
    path("communities/<int:pk>/request/withdraw/", community.withdraw_request, name="withdraw-request"),
    path("communities/<int:pk>/invite/", community.invite_link, name="invite-link"),
    path("communities/<int:pk>/invite/<str:token>/", community.invite_accept, name="invite-accept"),
    # Champions' tools.
    path("communities/<int:pk>/requests/", champions.request_list, name="requests"),
    path("communities/<int:pk>/requests/<int:request_pk>/", champions.request_decide, name="request-decide"),
    path("communities/<int:pk>/members/<int:user_pk>/remove/", champions.member_remove, name="member-remove"),
    path("communities/<int:pk>/champions/", champions.champion_manage, name="champions"),
    path("communities/<int:pk>/step-down/", champions.step_down, name="step-down"),
    # Proposals.
    path("proposals/", proposals.proposal_list, name="proposals"),
    path("proposals/new/", proposals.proposal_create, name="proposal-create"),
    path("proposals/<int:pk>/", proposals.proposal_detail, name="proposal"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/cosign/", proposals.proposal_cosign, name="proposal-cosign"),
    path("proposals/<int:pk>/review/", proposals.proposal_review, name="proposal-review"),
    # Staff management.
    path("staff/proposals/", proposals.proposal_queue, name="proposal-queue"),
    path("staff/communities/", manage.community_admin_list, name="manage"),
    path("staff/communities/new/", manage.community_create, name="create"),
    path("staff/communities/<int:pk>/archive/", manage.community_archive, name="archive"),
    path("staff/divisions/", manage.division_list, name="divisions"),
    path("staff/divisions/new/", manage.division_create, name="division-create"),
    path("staff/divisions/<int:pk>/", manage.division_edit, name="division-edit"),
]
