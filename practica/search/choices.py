from django.db import models
from django.utils.translation import gettext_lazy as _


class DocumentKind(models.TextChoices):
    """What an indexed document stands for: a post (the opening post carries its topic's title) or a library item."""

    POST = "post", _("Post")
    LIBRARY_ITEM = "library", _("Library item")


class Tab(models.TextChoices):
    POSTS = "posts", _("Posts and topics")
    LIBRARY = "library", _("Library")
    MEETINGS = "meetings", _("Meetings")
    EXPERTS = "experts", _("Experts")
    MEMBERS = "members", _("Members")


class SortOrder(models.TextChoices):
    RELEVANCE = "relevance", _("Most relevant")
    NEWEST = "newest", _("Newest")
    MOST_LIKED = "liked", _("Most liked")
