import hashlib

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.communities.choices import (
    ChampionChangeKind,
    CommunityRole,
    CommunityStatus,
    CoSignerStatus,
    JoinRequestStatus,
    MeetingMode,
    Membership,
    ProposalStatus,
)


class Division(models.Model):
    """A part of the association that communities are grouped under, such as Private Practice."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    slug = models.SlugField(_("short name for links"), max_length=120, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    archived_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class CommunityQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.communities.permissions import visible_communities

        return visible_communities(user, self)

    def listed_for(self, user):
        from practica.communities.permissions import listed_communities

        return listed_communities(user, self)


class Community(models.Model):
    """A community of practice: members gathered around a field, a subject or a domain of practice.

    `member_count` and `posts_last_30_days` are kept by the services that change them, so lists need no counts.
    """

    name = models.CharField(_("name"), max_length=120, unique=True)
    division = models.ForeignKey(
        Division,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="communities",
        verbose_name=_("division"),
    )
    short_description = models.CharField(_("short description"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    description_html = models.TextField(blank=True, editable=False)
    membership = models.CharField(_("membership"), max_length=10, choices=Membership, default=Membership.OPEN)
    unlisted = models.BooleanField(
        _("unlisted"),
        default=False,
        help_text=_("Closed communities only: hidden from the directory, reachable only through an invitation link."),
    )
    max_members = models.PositiveIntegerField(
        _("maximum number of members"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    admission_questions = models.TextField(
        _("questions for people asking to join"), blank=True, help_text=_("One question per line.")
    )
    confidentiality_agreement = models.TextField(
        _("confidentiality agreement"),
        blank=True,
        help_text=_("People asking to join a closed community must accept this."),
    )
    status = models.CharField(max_length=10, choices=CommunityStatus, default=CommunityStatus.ACTIVE, db_index=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    invite_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    member_count = models.PositiveIntegerField(default=0, editable=False)
    posts_last_30_days = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = _("communities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unlisted=False) | models.Q(membership="closed"), name="only_closed_can_be_unlisted"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_closed(self) -> bool:
        return self.membership == Membership.CLOSED

    @property
    def is_archived(self) -> bool:
        return self.status == CommunityStatus.ARCHIVED

    @property
    def is_full(self) -> bool:
        return self.max_members is not None and self.member_count >= self.max_members

    def admission_question_list(self) -> list[str]:
        return [line.strip() for line in self.admission_questions.splitlines() if line.strip()]

    def invite_token_matches(self, token: str) -> bool:
        return bool(self.invite_token_hash) and hashlib.sha256(token.encode()).hexdigest() == self.invite_token_hash


class CharterVersion(models.Model):
    """One version of a community's charter: the answers to the 14 questions, who wrote them and when."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="charter_versions")
    version = models.PositiveIntegerField()
    focus = models.TextField(blank=True)
    purpose = models.TextField(blank=True)
    leadership = models.TextField(blank=True)
    aims = models.TextField(blank=True)
    openness = models.TextField(blank=True)
    ideal_size = models.TextField(blank=True)
    meeting_pattern = models.TextField(blank=True)
    meeting_mode = models.CharField(max_length=20, choices=MeetingMode, default=MeetingMode.ONLINE)
    commitment = models.TextField(blank=True)
    meeting_structure = models.TextField(blank=True)
    costs = models.TextField(blank=True)
    admission_procedure = models.TextField(blank=True)
    values = models.TextField(blank=True)
    communication = models.TextField(blank=True)
    conflicts = models.TextField(blank=True)
    agrees_with_code_of_conduct = models.BooleanField(default=False)
    change_note = models.CharField(_("what changed"), max_length=300, blank=True)
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "-version"]
        get_latest_by = "version"
        constraints = [models.UniqueConstraint(fields=["community", "version"], name="charter_version_unique")]

    def __str__(self) -> str:
        return f"{self.community} charter v{self.version}"


class CommunityMember(models.Model):
    """A person's current membership of a community, and whether they champion it. Leaving deletes the row."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_memberships")
    role = models.CharField(max_length=10, choices=CommunityRole, default=CommunityRole.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "joined_at"]
        constraints = [models.UniqueConstraint(fields=["community", "user"], name="one_membership_per_community")]
        indexes = [models.Index(fields=["user", "community"]), models.Index(fields=["community", "role"])]

    def __str__(self) -> str:
        return f"{self.user_id} in {self.community_id} ({self.role})"


OPEN_REQUEST_STATUSES = (JoinRequestStatus.PENDING, JoinRequestStatus.WAITLISTED)


class JoinRequest(models.Model):
    """A request to join a closed community (or a place on a full one's waiting list), and its outcome."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="join_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="join_requests")
    answers = models.JSONField(default=list, blank=True)
    accepted_confidentiality = models.BooleanField(default=False)
    status = models.CharField(max_length=12, choices=JoinRequestStatus, default=JoinRequestStatus.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    waitlisted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_message = models.TextField(blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=models.Q(status__in=["pending", "waitlisted"]),
                name="one_open_join_request",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.community_id} ({self.status})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_REQUEST_STATUSES


class ChampionChange(models.Model):
    """The record of champions appointed, removed and stepping down, with the handover note."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="champion_changes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=15, choices=ChampionChangeKind)
    note = models.TextField(blank=True)
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind} in {self.community_id}"


class CommunityProposal(models.Model):
    """A member's proposal for a new community: the charter, why it is needed, and who would champion it."""

    proposer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposals")
    name = models.CharField(_("name"), max_length=120)
    division = models.ForeignKey(
        Division, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("division")
    )
    short_description = models.CharField(_("short description"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    why_needed = models.TextField(_("why is this community needed?"))
    membership = models.CharField(_("membership"), max_length=10, choices=Membership, default=Membership.OPEN)
    max_members = models.PositiveIntegerField(_("maximum number of members"), null=True, blank=True)
    admission_questions = models.TextField(_("questions for people asking to join"), blank=True)
    charter = models.JSONField(default=dict, blank=True)
    champions = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    status = models.CharField(max_length=15, choices=ProposalStatus, default=ProposalStatus.SUBMITTED, db_index=True)
    community = models.OneToOneField(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="proposal"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.name


class ProposalCoSigner(models.Model):
    """A member asked to support a proposal; they confirm or decline."""

    proposal = models.ForeignKey(CommunityProposal, on_delete=models.CASCADE, related_name="cosigners")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cosign_requests")
    status = models.CharField(max_length=10, choices=CoSignerStatus, default=CoSignerStatus.ASKED)
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "user"], name="cosign_once")]

    def __str__(self) -> str:
        return f"{self.user_id} for proposal {self.proposal_id} ({self.status})"


class ProposalComment(models.Model):
    """A message between staff and the proposer about a proposal, with the status it set, if any."""

    proposal = models.ForeignKey(CommunityProposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    body = models.TextField(_("comment"))
    status_set = models.CharField(max_length=15, choices=ProposalStatus, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Comment on proposal {self.proposal_id}"
