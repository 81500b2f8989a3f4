"""Reads for community pages, each with the prefetches that keep its query count fixed."""

from django.db.models import Case, OuterRef, Prefetch, Q, Subquery, Value, When
from django.shortcuts import get_object_or_404

from practica.accounts.models import User
from practica.communities.choices import CommunityRole, JoinRequestStatus
from practica.communities.models import Community, CommunityMember, Division, JoinRequest
from practica.communities.permissions import readable_communities


def _with_viewer_state(queryset, user):
    """Annotate the viewer's role and open join request, so templates need no query per community."""
    role = CommunityMember.objects.filter(community=OuterRef("pk"), user=user).values("role")[:1]
    request_status = JoinRequest.objects.filter(
        community=OuterRef("pk"), user=user, status__in=[JoinRequestStatus.PENDING, JoinRequestStatus.WAITLISTED]
    ).values("status")[:1]
    champions = CommunityMember.objects.filter(role=CommunityRole.CHAMPION).select_related("user").order_by("joined_at")
    return queryset.annotate(viewer_role=Subquery(role), viewer_request=Subquery(request_status)).prefetch_related(
        Prefetch("memberships", queryset=champions, to_attr="champion_memberships")
    )


def list_communities(user, *, division: Division | None = None, mine: bool = False):
    """The directory: communities the user may know of, with champions and the user's own state."""
    queryset = Community.objects.listed_for(user).select_related("division")
    if division is not None:
        queryset = queryset.filter(division=division)
    if mine:
        queryset = queryset.filter(memberships__user=user)
    return _with_viewer_state(queryset, user).order_by("name")


def list_divisions():
    return Division.objects.filter(archived_at__isnull=True)


def get_community_for(user, pk: int, *, invite_token: str = "") -> Community:
    """A community the user may know of, or 404 exactly as if it did not exist."""
    from practica.communities.permissions import can_know_community

    community = get_object_or_404(_with_viewer_state(Community.objects.select_related("division"), user), pk=pk)
    if not can_know_community(user, community, invite_token=invite_token):
        from django.http import Http404

        raise Http404
    return community


def get_readable_community_for(user, pk: int) -> Community:
    """A community whose inside the user may see (members, topics ...), or 404."""
    queryset = readable_communities(user, Community.objects.select_related("division"))
    return get_object_or_404(_with_viewer_state(queryset, user), pk=pk)


def current_charter(community: Community):
    return community.charter_versions.select_related("edited_by").order_by("-version").first()


def list_charter_versions(community: Community):
    """A community's charter versions, newest first, for its history page."""
    return community.charter_versions.select_related("edited_by").order_by("-version")


def get_charter_version(community: Community, number: int):
    """One version of a community's charter by its number, or None."""
    return community.charter_versions.filter(version=number).first()


def count_pending_join_requests(community: Community) -> int:
    """For the champions' link on the community's home page."""
    return JoinRequest.objects.filter(community=community, status=JoinRequestStatus.PENDING).count()


def get_open_join_request_for(user, community: Community) -> JoinRequest:
    """The user's own pending or waitlisted request to join the community, or 404."""
    return get_object_or_404(
        JoinRequest,
        community=community,
        user=user,
        status__in=[JoinRequestStatus.PENDING, JoinRequestStatus.WAITLISTED],
    )


def list_community_members(viewer, community: Community):
    """Members of a community the viewer may see inside, limited to people the viewer may see in the directory."""
    visible_people = User.objects.visible_to(viewer)
    return (
        CommunityMember.objects.filter(community=community, user__in=visible_people)
        .select_related("user", "user__profile")
        # Champions first: "-role" alone would sort "member" before "champion".
        .order_by(Case(When(role=CommunityRole.CHAMPION, then=Value(0)), default=Value(1)), "user__display_name", "pk")
    )


def suggested_communities(user, *, limit: int = 6):
    """For the home page: communities in the member's own division(s) they have not joined."""
    divisions = [
        name.strip() for name in getattr(getattr(user, "profile", None), "divisions", "").split(",") if name.strip()
    ]
    register_entry = getattr(user, "register_entry", None) if hasattr(user, "register_entry") else None
    if register_entry is not None and register_entry.division:
        divisions.append(register_entry.division)
    if not divisions:
        return Community.objects.none()
    division_filter = Q()
    for name in divisions:
        division_filter |= Q(division__name__iexact=name)
    return (
        Community.objects.listed_for(user)
        .filter(division_filter)
        .exclude(memberships__user=user)
        .select_related("division")
        .order_by("-posts_last_30_days", "name")[:limit]
    )


def list_join_requests(community: Community, status: str):
    """A community's requests in one state, oldest first (the waiting list in the order places are given)."""
    order = ("waitlisted_at", "pk") if status == JoinRequestStatus.WAITLISTED else ("created_at", "pk")
    return JoinRequest.objects.filter(community=community, status=status).select_related("user").order_by(*order)


def waiting_position(join_request: JoinRequest) -> int:
    """Where a waitlisted request stands: first come, first served (the order the services admit in)."""
    return (
        JoinRequest.objects.filter(community_id=join_request.community_id, status=JoinRequestStatus.WAITLISTED)
        .filter(
            Q(waitlisted_at__lt=join_request.waitlisted_at)
            | Q(waitlisted_at=join_request.waitlisted_at, pk__lte=join_request.pk)
        )
        .count()
    )
