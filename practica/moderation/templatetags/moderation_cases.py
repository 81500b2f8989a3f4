"""What the review queue's item page needs for the kinds of item this part of moderation opens: reports,
copyright notices, held posts and pile-ons. The item page includes `moderation/items/_<kind>.html`, and each
partial asks its tag here for its data, so the queue's views need to know nothing about them."""

from django import template

from practica.moderation.choices import ActionKind
from practica.moderation.forms.copyright import CopyrightDecisionForm
from practica.moderation.forms.reports import ReportStatusForm
from practica.moderation.models import CopyrightNotice
from practica.moderation.permissions import can_handle_reports, can_manage_cases, can_take_action
from practica.moderation.services import copyright as copyright_services
from practica.moderation.services import premoderation
from practica.moderation.services.reports import item_url, reports_for_item

register = template.Library()


@register.filter
def queue_item_url(item) -> str:
    return item_url(item)


@register.simple_tag(takes_context=True)
def report_item(context, item) -> dict:
    user = context["user"]
    reports = list(reports_for_item(item)) if can_handle_reports(user) else []
    return {
        "reports": [
            {
                "report": report,
                "form": ReportStatusForm(
                    initial={"status": report.status, "status_note": report.status_note}, prefix=f"r{report.pk}"
                ),
            }
            for report in reports
        ],
        "can_act": can_handle_reports(user),
        "can_open_case": can_manage_cases(user),
    }


@register.simple_tag(takes_context=True)
def copyright_item(context, item) -> dict:
    user = context["user"]
    notice = (
        CopyrightNotice.objects.filter(review_item=item).select_related("uploader", "submitted_by").first()
        if can_manage_cases(user)
        else None
    )
    uploader = notice.uploader if notice else None
    count = copyright_services.upheld_count(uploader)
    return {
        "notice": notice,
        "upheld_count": count,
        "prompt_suspend": notice is not None
        and copyright_services.is_repeat_infringer(uploader)
        and not (uploader.is_suspended() if uploader else True),
        "form": CopyrightDecisionForm(),
        "can_act": notice is not None and item.is_open,
    }


@register.simple_tag(takes_context=True)
def premod_item(context, item) -> dict:
    user = context["user"]
    return {
        "post": premoderation.held_post_of(item),
        "can_approve": item.is_open and can_take_action(user, item, ActionKind.APPROVE),
        "can_reject": item.is_open and can_take_action(user, item, ActionKind.REJECT),
    }


@register.simple_tag
def pile_on_item(item) -> dict:
    from practica.accounts.models import User
    from practica.discussions.models import Topic

    topic = Topic.objects.filter(pk=item.object_id).first() if item.object_id else None
    target = User.objects.filter(pk=item.snapshot.get("target_id")).first()
    return {"topic": topic, "target": target, "member_count": len(item.snapshot.get("member_ids", []))}
