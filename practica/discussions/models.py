from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.discussions.choices import PollResults, TopicAction, TopicKind


class Tag(models.Model):
    """A short label members put on topics, shared across communities."""

    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.discussions.permissions import visible_topics

        return visible_topics(user, self)


class Topic(models.Model):
    """A conversation in a community. Counters and the last post are kept by the services that change posts."""

    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="topics")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="topics")
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=TopicKind, default=TopicKind.DISCUSSION)
    tags = models.ManyToManyField(Tag, blank=True, related_name="topics")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    # Denormalised, kept by services (tests recount and compare).
    post_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    last_posted_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_poster = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    next_post_number = models.PositiveIntegerField(default=1)
    pinned_at = models.DateTimeField(null=True, blank=True)
    pinned_site_wide = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = models.CharField(max_length=300, blank=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    accepted_answer = models.ForeignKey(
        "discussions.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    linked_from = models.ForeignKey(
        "discussions.Post", null=True, blank=True, on_delete=models.SET_NULL, related_name="linked_topics"
    )
    # No index: nothing looks topics up by it, and SQLite would otherwise pick it for every "IS NULL" filter.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    # Slow mode (set by moderation on a pile-on, or by a champion): one post per member per this many minutes,
    # until `slow_mode_until`.
    slow_mode_minutes = models.PositiveSmallIntegerField(default=0)
    slow_mode_until = models.DateTimeField(null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["-last_posted_at", "-id"]
        indexes = [
            models.Index(fields=["community", "-last_posted_at"]),
            models.Index(fields=["community", "pinned_at"]),
            # The home page asks for site-wide pins on every visit; a few rows out of millions.
            models.Index(fields=["-pinned_at"], condition=models.Q(pinned_site_wide=True), name="topic_site_wide_pins"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def reply_count(self) -> int:
        return max(self.post_count - 1, 0)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_archived(self) -> bool:
        return self.archived_at is not None


class ResearchCall(models.Model):
    """The details of a research call topic; archived automatically after its closing date."""

    topic = models.OneToOneField(Topic, primary_key=True, on_delete=models.CASCADE, related_name="research")
    study_title = models.CharField(_("study title"), max_length=200)
    ethics_reference = models.CharField(_("ethics approval reference"), max_length=120)
    eligibility = models.TextField(_("who can take part"))
    involvement = models.TextField(_("what is involved"))
    closes_on = models.DateField(_("closing date"), db_index=True)
    contact = models.CharField(_("contact"), max_length=200)
    archived_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.study_title


class PostQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.discussions.permissions import visible_posts

        return visible_posts(user, self)


class Post(models.Model):
    """One message in a topic; number 1 opens the topic. The body is Markdown, rendered once on save."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="posts")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="posts")
    number = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField()
    reply_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="replies")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    revision_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    deleted_at = models.DateTimeField(null=True, blank=True)
    # A form's one-time key: a double click or a retried submit creates the post once.
    idempotency_key = models.CharField(max_length=64, blank=True)
    # The kinds of identifying detail (practica.core.safeguarding) the author was warned about and chose to
    # post anyway, as ["nhs_number", "full_name"]; empty when nothing was found. Never the matched text.
    confidentiality_findings = models.JSONField(default=list, blank=True)
    # Moderation state, changed only through discussions.services.moderation (called by practica.moderation):
    # hidden by flags or a moderator (the author and moderators still see it); held for review before anyone
    # else sees it (pre-moderation); removed completely (the text is purged, a sealed copy is in the case).
    hidden_at = models.DateTimeField(null=True, blank=True)
    awaiting_review = models.BooleanField(default=False)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "number"]
        constraints = [
            models.UniqueConstraint(fields=["topic", "number"], name="post_number_unique_in_topic"),
            models.UniqueConstraint(
                fields=["author", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="post_idempotency_key_once",
            ),
        ]
        indexes = [models.Index(fields=["author", "-created_at"])]

    def __str__(self) -> str:
        return f"#{self.number} in {self.topic_id}"


class PostAttachmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.discussions.permissions import visible_attachments

        return visible_attachments(user, self)


class PostAttachment(models.Model):
    """A file attached to a post, stored under a random name and served only to readers who may see the post
    (views.files). Checked like library files (practica.core.uploads): pictures re-encoded without metadata."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(max_length=255)
    thumbnail = models.FileField(max_length=255, blank=True)
    # The uploader's name, cleaned, ending in the extension of what the file really is; never a storage path.
    display_name = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    file_kind = models.CharField(max_length=12)
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PostAttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["post", "pk"]

    def __str__(self) -> str:
        return f"Attachment {self.pk} of post {self.post_id}"

    @property
    def is_image(self) -> bool:
        """Pictures are shown as thumbnails (made when they were checked); other files as download links."""
        return self.content_type.startswith("image/") and bool(self.thumbnail)


class PostRevision(models.Model):
    """The text of a post before an edit: the author and moderators can compare versions."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    body = models.TextField()
    body_html = models.TextField()
    edited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["post", "number"]
        constraints = [models.UniqueConstraint(fields=["post", "number"], name="post_revision_number_unique")]

    def __str__(self) -> str:
        return f"Revision {self.number} of post {self.post_id}"


class Mention(models.Model):
    """A member mentioned in a post, and whether they could see it (only those are ever notified)."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="mentions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentions")
    can_see = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="mention_once_per_post")]

    def __str__(self) -> str:
        return f"@{self.user_id} in {self.post_id}"


class Like(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["post", "user"], name="like_once")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.post_id}"


class Poll(models.Model):
    """A poll inside a topic. Voters are anonymous unless the poll says otherwise."""

    topic = models.OneToOneField(Topic, on_delete=models.CASCADE, related_name="poll")
    question = models.CharField(_("question"), max_length=200)
    multiple_choice = models.BooleanField(_("people may choose more than one option"), default=False)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    results = models.CharField(_("show results"), max_length=12, choices=PollResults, default=PollResults.AFTER_VOTE)
    public_voters = models.BooleanField(_("show who voted for what"), default=False)
    voter_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.question


class PollOption(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="options")
    label = models.CharField(max_length=120)
    position = models.PositiveSmallIntegerField()
    vote_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["poll", "position"]
        constraints = [models.UniqueConstraint(fields=["poll", "position"], name="poll_option_position")]

    def __str__(self) -> str:
        return self.label


class PollVote(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="votes")
    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["option", "user"], name="poll_vote_once_per_option")]
        indexes = [models.Index(fields=["poll", "user"])]

    def __str__(self) -> str:
        return f"{self.user_id} voted {self.option_id}"


class Draft(models.Model):
    """What a member is writing, saved on the server as they type: a new topic in a community, or a reply."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="drafts")
    community = models.ForeignKey("communities.Community", on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "topic"], condition=models.Q(topic__isnull=False), name="one_reply_draft_per_topic"
            ),
            models.UniqueConstraint(
                fields=["user", "community"],
                condition=models.Q(topic__isnull=True),
                name="one_topic_draft_per_community",
            ),
        ]

    def __str__(self) -> str:
        return f"Draft by {self.user_id}"


class Bookmark(models.Model):
    """A post a member wants to come back to, with an optional note and reminder."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="bookmarks")
    note = models.CharField(_("note"), max_length=300, blank=True)
    remind_at = models.DateTimeField(_("remind me at"), null=True, blank=True, db_index=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "post"], name="bookmark_once")]

    def __str__(self) -> str:
        return f"{self.user_id} bookmarked {self.post_id}"


class ReadState(models.Model):
    """How far a member has read a topic: the highest post number they have seen."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="read_states")
    last_read_number = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "topic"], name="read_state_once")]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.topic_id} to #{self.last_read_number}"


class TopicEvent(models.Model):
    """A champion's or moderator's action on a topic (pin, close, move, split, merge), shown in the topic."""

    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=TopicAction)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    note = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.action} on {self.topic_id}"
