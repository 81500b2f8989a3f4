from django.db import models
from django.utils.translation import gettext_lazy as _


class ItemKind(models.TextChoices):
    FILE = "file", _("A file")
    LINK = "link", _("A link")


class ResourceType(models.TextChoices):
    ARTICLE = "article", _("Article")
    GUIDE = "guide", _("Guide")
    TEMPLATE = "template", _("Template")
    VIDEO = "video", _("Video")
    RESEARCH_PAPER = "research_paper", _("Research paper")
    TOOL = "tool", _("Tool")


class Licence(models.TextChoices):
    OWN_WORK = "own_work", _("My own work, shared with members")
    WITH_PERMISSION = "with_permission", _("Shared with the copyright holder's permission")
    CC_BY = "cc_by", _("Creative Commons Attribution (CC BY)")
    CC_BY_SA = "cc_by_sa", _("Creative Commons Attribution-ShareAlike (CC BY-SA)")
    CC_BY_NC = "cc_by_nc", _("Creative Commons Attribution-NonCommercial (CC BY-NC)")
    CC0 = "cc0", _("Public domain (CC0)")
    OGL = "ogl", _("Open Government Licence")
    LINK_ONLY = "link_only", _("A link to a public page (no copy shared)")


class ItemSort(models.TextChoices):
    NEWEST = "newest", _("Newest")
    MOST_LIKED = "liked", _("Most liked")
    MOST_DOWNLOADED = "downloaded", _("Most downloaded")
