"""Approve or reject a post held for review (pre-moderation), from its queue item."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practica.moderation.choices import ItemKind
from practica.moderation.models import ReviewItem
from practica.moderation.permissions import can_review_item
from practica.moderation.services import premoderation
from practica.moderation.services.queue import AlreadyResolved
from practica.moderation.services.reports import item_url


@require_POST
def held_post_decide(request, pk: int):
    item = get_object_or_404(ReviewItem, pk=pk, kind=ItemKind.PRE_MODERATION)
    if not can_review_item(request.user, item):
        raise Http404
    note = request.POST.get("note", "")[:1000]
    decision = request.POST.get("decision")
    try:
        if decision == "approve":
            premoderation.approve_held_post(actor=request.user, item=item, note=note)
            messages.success(request, _("The post is approved and everyone can see it now."))
        elif decision == "reject":
            premoderation.reject_held_post(actor=request.user, item=item, note=note)
            messages.success(request, _("The post is rejected; its author has been told."))
        else:
            messages.error(request, _("Choose whether to approve or reject the post."))
    except AlreadyResolved as error:
        messages.warning(request, str(error))
    return redirect(item_url(item))
