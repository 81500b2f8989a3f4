"""The resource library: items (a file with its versions, or a link), collections, likes and "discussed in"
back-links. Counters are denormalised and kept by the services in services/."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from practica.library.choices import ItemKind, Licence, ResourceType


class Tag(models.Model):
    """A short label on library items, shared by every library."""

    name = models.CharField(max_length=40, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LibraryItemQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.library.permissions import visible_items

        return visible_items(user, self)


class LibraryItem(models.Model):
    """A resource in a community's library, or in the site library (no community) that every member reads."""

    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="library_items"
    )
    kind = models.CharField(_("what you are adding"), max_length=8, choices=ItemKind, default=ItemKind.FILE)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType)
    tags = models.ManyToManyField(Tag, blank=True, related_name="items")
    author_or_source = models.CharField(_("author or source"), max_length=200, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    licence = models.CharField(_("licence"), max_length=20, choices=Licence)
    rights_confirmed = models.BooleanField(_("I have the right to share this"), default=False)
    contains_case_material = models.BooleanField(_("this contains case material"), default=False)
    anonymisation_checked = models.BooleanField(_("anonymisation checked"), default=False)
    # The version a download gives; older versions stay listed on the item's page.
    current_version = models.ForeignKey(
        "library.ItemVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="library_items")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised, kept by services.
    download_count = models.PositiveIntegerField(default=0)
    like_count = models.PositiveIntegerField(default=0)
    version_count = models.PositiveIntegerField(default=0)
    # Moderation state, changed only through services.moderation: hidden items stay visible to their author,
    # champions and moderators; removed ones to nobody but moderators, and their files are deleted.
    hidden_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)

    objects = LibraryItemQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["community", "-created_at"]),
            models.Index(fields=["-like_count", "-id"]),
            models.Index(fields=["-download_count", "-id"]),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_file(self) -> bool:
        return self.kind == ItemKind.FILE

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None


class ItemVersion(models.Model):
    """One uploaded version of a file item. The stored name is random; the uploader's name is display text only."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField()
    file = models.FileField(max_length=255)
    thumbnail = models.FileField(max_length=255, blank=True)
    display_name = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    file_kind = models.CharField(max_length=12)
    content_type = models.CharField(max_length=120)
    sha256 = models.CharField(max_length=64)
    note = models.CharField(_("what changed"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["item", "-number"]
        constraints = [models.UniqueConstraint(fields=["item", "number"], name="item_version_number_unique")]

    def __str__(self) -> str:
        return f"Version {self.number} of {self.item_id}"

    @property
    def is_image(self) -> bool:
        """A picture, shown with a thumbnail once the task has made it (the type until then)."""
        return self.content_type.startswith("image/")


class CollectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        from practica.library.permissions import visible_collections

        return visible_collections(user, self)


class Collection(models.Model):
    """An ordered reading list of library items, for a community or for the whole site."""

    community = models.ForeignKey(
        "communities.Community", null=True, blank=True, on_delete=models.CASCADE, related_name="library_collections"
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    items = models.ManyToManyField(LibraryItem, through="CollectionEntry", related_name="collections")

    objects = CollectionQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title


class CollectionEntry(models.Model):
    collection = models.ForeignKey(Collection, on_delete=models.CASCADE, related_name="entries")
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="collection_entries")
    position = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["collection", "position", "id"]
        constraints = [models.UniqueConstraint(fields=["collection", "item"], name="collection_item_once")]

    def __str__(self) -> str:
        return f"{self.item_id} in {self.collection_id}"


class ItemLike(models.Model):
    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="likes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["item", "user"], name="library_like_once")]

    def __str__(self) -> str:
        return f"{self.user_id} likes {self.item_id}"


class ItemMention(models.Model):
    """A post that links to a library item ("discussed in"). Kept from discussions' post events; the post is
    referred to by id because discussions sits beside the library, and each reader's view of it is checked
    through core.visibility when the item page is shown."""

    item = models.ForeignKey(LibraryItem, on_delete=models.CASCADE, related_name="mentions")
    post_id = models.PositiveBigIntegerField(db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["item", "post_id"], name="item_mention_once")]

    def __str__(self) -> str:
        return f"{self.item_id} discussed in post {self.post_id}"
