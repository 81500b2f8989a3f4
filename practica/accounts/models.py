import uuid
from datetime import date

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from practica.accounts.choices import ErasureStatus, FieldVisibility, ImportStatus, LegalKind, Role


class UserQuerySet(models.QuerySet):
    def visible_to(self, viewer):
        from practica.accounts.permissions import visible_members

        return visible_members(viewer, self)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **fields):
        from practica.accounts.handles import assign_handle

        email = self.normalize_email(email).lower()
        user = self.model(email=email, **fields)
        user.set_password(password)
        user.save(using=self._db)
        assign_handle(user)
        return user

    def create_superuser(self, email: str, password: str | None = None, **fields):
        fields.update(role=Role.ADMIN, is_staff=True, is_superuser=True)
        fields.setdefault("display_name", email.split("@")[0])
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in: a member of the association, or one of its staff.

    `membership_expires_on` is copied from the members register so that the lapsed-membership check on every
    request needs no query beyond loading the user.
    """

    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=120)
    # For @mentions: made from the display name when the account is created (services.members.assign_handle).
    handle = models.CharField(_("handle"), max_length=40, unique=True, null=True, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.MEMBER, db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    # Access to Django's admin site; set only by the role service, for admins.
    is_staff = models.BooleanField(_("admin site access"), default=False)
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    membership_expires_on = models.DateField(_("membership expires on"), null=True, blank=True)
    accepted_legal_key = models.CharField(max_length=120, blank=True, editable=False)
    suspended_until = models.DateTimeField(_("suspended until"), null=True, blank=True)
    suspension_reason = models.CharField(_("suspension reason"), max_length=300, blank=True)
    # Silenced members can sign in and read, but not post, reply, message or flag until this time.
    silenced_until = models.DateTimeField(_("silenced until"), null=True, blank=True)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    invitation = models.ForeignKey(
        "accounts.Invitation", null=True, blank=True, on_delete=models.SET_NULL, related_name="users"
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    class Meta:
        ordering = ["display_name", "id"]
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_full_name(self) -> str:
        return self.display_name

    def get_short_name(self) -> str:
        return self.display_name

    @property
    def is_moderator(self) -> bool:
        return self.role in {Role.MODERATOR, Role.STAFF, Role.ADMIN}

    @property
    def is_lead(self) -> bool:
        """Staff (the Communities of Practice Lead and colleagues) or admins."""
        return self.role in {Role.STAFF, Role.ADMIN}

    @property
    def is_site_admin(self) -> bool:
        return self.role == Role.ADMIN

    @property
    def is_erased(self) -> bool:
        return self.erased_at is not None

    def membership_lapsed(self, today: date | None = None) -> bool:
        """Staff and admins are exempt; members without an expiry date (e.g. invited guests) never lapse."""
        if self.is_lead or self.membership_expires_on is None:
            return False
        return self.membership_expires_on < (today or timezone.localdate())

    def is_suspended(self, now=None) -> bool:
        return self.suspended_until is not None and self.suspended_until > (now or timezone.now())

    def is_silenced(self, now=None) -> bool:
        return self.silenced_until is not None and self.silenced_until > (now or timezone.now())


class RegisterEntry(models.Model):
    """One row of the association's members register: who may sign up, and until when they are a member."""

    membership_number = models.CharField(_("membership number"), max_length=40, unique=True)
    email = models.EmailField(_("e-mail address"), db_index=True)
    full_name = models.CharField(_("name"), max_length=200)
    grade = models.CharField(_("grade"), max_length=80, blank=True)
    division = models.CharField(_("division"), max_length=120, blank=True)
    expires_on = models.DateField(_("membership expires on"), null=True, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="register_entry"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["membership_number"]
        verbose_name = _("register entry")
        verbose_name_plural = _("members register")

    def __str__(self) -> str:
        return f"{self.membership_number} {self.full_name}"


class RegisterImport(models.Model):
    """A CSV file staff uploaded to the register: kept from preview to apply, with its outcome."""

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    filename = models.CharField(max_length=255, blank=True)
    content = models.TextField()
    status = models.CharField(max_length=20, choices=ImportStatus, default=ImportStatus.PREVIEWED)
    applied_at = models.DateTimeField(null=True, blank=True)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    rejections = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.status})"


class Invitation(models.Model):
    """A sign-up link staff create for someone not on the register. Only a hash of its token is stored."""

    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    email = models.EmailField(_("for e-mail address"), blank=True, help_text=_("Leave empty to allow anyone."))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("link expires at"))
    max_uses = models.PositiveIntegerField(_("number of uses"), default=1)
    use_count = models.PositiveIntegerField(default=0)
    access_expires_on = models.DateField(_("access ends on"), null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.note or self.email or f"Invitation {self.pk}"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.revoked_at is None and self.expires_at > now and self.use_count < self.max_uses


class LegalDocument(models.Model):
    """One version of the terms, the community guidelines or the privacy notice; published versions are final."""

    kind = models.CharField(max_length=20, choices=LegalKind)
    version = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), help_text=_("Markdown."))
    body_html = models.TextField(editable=False)
    change_summary = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["kind", "-version"]
        constraints = [models.UniqueConstraint(fields=["kind", "version"], name="legal_document_kind_version")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} v{self.version}"


class LegalAcceptance(models.Model):
    """A member's acceptance of one published legal document version."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_acceptances")
    document = models.ForeignKey(LegalDocument, on_delete=models.PROTECT, related_name="acceptances")
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "document"], name="legal_acceptance_once")]

    def __str__(self) -> str:
        return f"{self.user_id} accepted {self.document_id}"


def profile_photo_path(instance: "Profile", filename: str) -> str:
    # Names never come from the uploader: a random name, and always JPEG after re-encoding.
    return f"profiles/{uuid.uuid4().hex}.jpg"


class Profile(models.Model):
    """What a member tells other members about themselves, with who may see each field."""

    VISIBILITY_FIELDS = ("pronouns", "photo", "headline", "bio", "divisions", "areas_of_practice", "location")

    user = models.OneToOneField(settings.AUTH_USER_MODEL, primary_key=True, on_delete=models.CASCADE)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    photo = models.ImageField(_("photo"), upload_to=profile_photo_path, blank=True)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    bio = models.TextField(_("about me"), max_length=4000, blank=True)
    divisions = models.CharField(_("divisions"), max_length=300, blank=True)
    areas_of_practice = models.CharField(_("areas of practice"), max_length=300, blank=True)
    location = models.CharField(_("location"), max_length=120, blank=True)
    listed_in_directory = models.BooleanField(_("show me in the member directory"), default=True)
    pronouns_visibility = models.CharField(max_length=20, choices=FieldVisibility, default=FieldVisibility.MEMBERS)
    photo_visibility = models.CharField(max_length=20, choices=FieldVisibility, default=FieldVisibility.MEMBERS)
    headline_visibility = models.CharField(max_length=20, choices=FieldVisibility, default=FieldVisibility.MEMBERS)
    bio_visibility = models.CharField(max_length=20, choices=FieldVisibility, default=FieldVisibility.MEMBERS)
    divisions_visibility = models.CharField(max_length=20, choices=FieldVisibility, default=FieldVisibility.MEMBERS)
    areas_of_practice_visibility = models.CharField(
        max_length=20, choices=FieldVisibility, default=FieldVisibility.MEMBERS
    )
    location_visibility = models.CharField(max_length=20, choices=FieldVisibility, default=FieldVisibility.COMMUNITIES)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user_id}"

    def visibility_of(self, field: str) -> str:
        return getattr(self, f"{field}_visibility")


class ErasureRequest(models.Model):
    """A member's request to erase their account; staff confirm it, and their posts stay as 'former member'."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="erasure_requests")
    reason = models.TextField(_("anything you would like us to know"), blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=20, choices=ErasureStatus, default=ErasureStatus.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(status="pending"), name="one_pending_erasure_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"Erasure of {self.user_id} ({self.status})"


class Block(models.Model):
    """One member blocking another: the blocker stops seeing their posts expanded and stops being reached by them.

    Private to the blocker: the blocked member is never told, and nothing they can see records it. Staff see
    only an anonymous count, above settings.BLOCK_ALERT_THRESHOLD. Blocks never apply to moderation messages.
    """

    blocker = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="blocks_received")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once_per_pair"),
            models.CheckConstraint(condition=~models.Q(blocker=models.F("blocked")), name="block_not_self"),
        ]

    def __str__(self) -> str:
        return f"{self.blocker_id} blocks {self.blocked_id}"
