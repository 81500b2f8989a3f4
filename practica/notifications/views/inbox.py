"""The notifications page, the bell, and marking read: every view here acts on the member's own notifications."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from practica.core.pagination import paginate
from practica.notifications import queries
from practica.notifications.models import Notification
from practica.notifications.permissions import mark_visibility, visible_notifications
from practica.notifications.services import reading


def _own_notification(user, pk: int) -> Notification:
    notification = visible_notifications(user, Notification.objects.filter(pk=pk)).first()
    if notification is None:
        raise Http404
    return notification


def _back_to_list(request):
    page = request.POST.get("page", "")
    url = reverse("notifications:list")
    return redirect(f"{url}?page={int(page)}" if page.isdigit() else url)


@require_GET
def notification_list(request):
    page = paginate(queries.list_notifications(request.user), request.GET.get("page"), per_page=queries.PAGE_SIZE)
    return render(
        request,
        "notifications/notification_list.html",
        {"page_obj": page, "groups": queries.group_by_day(request.user, page.object_list), "query_string": ""},
    )


@require_GET
def unread_count(request):
    """What the bell polls every minute: only a number (SECURITY.md, channel 11)."""
    return render(request, "notifications/_bell.html", {})


@require_POST
def notification_open(request, pk: int):
    """Open a notification: it is marked read and the member goes to what it is about."""
    notification = _own_notification(request.user, pk)
    reading.mark_read(user=request.user, notification=notification)
    shown = mark_visibility(request.user, [notification])
    url = notification.snapshot.get("url", "")
    if shown and notification.available and url.startswith("/") and not url.startswith("//"):
        return redirect(url)
    messages.info(request, _("What this notification was about is no longer available."))
    return _back_to_list(request)


@require_POST
def notification_read(request, pk: int):
    notification = _own_notification(request.user, pk)
    reading.mark_read(user=request.user, notification=notification)
    return _row_or_list(request, notification)


@require_POST
def notification_unread(request, pk: int):
    notification = _own_notification(request.user, pk)
    reading.mark_unread(user=request.user, notification=notification)
    return _row_or_list(request, notification)


def _row_or_list(request, notification):
    if request.htmx:
        notification.refresh_from_db()
        shown = mark_visibility(request.user, [notification])
        if shown:
            response = render(
                request,
                "notifications/notification_list.html#row",
                {"notification": notification, "page_obj": None},
            )
            # The bell updates with the row.
            response["HX-Trigger"] = "notifications-changed"
            return response
    return _back_to_list(request)


@require_POST
def mark_all_read(request):
    count = reading.mark_all_read(user=request.user)
    if count:
        messages.success(request, _("All your notifications are marked as read."))
    return _back_to_list(request)
