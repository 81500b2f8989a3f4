"""Template tags for the writing parts the topic page includes: the reply composer and each post's actions.

The topic page passes only `topic` (and each `post`); these tags ask permissions.py what the viewer may do
and build the reply form, so the reading views need to know nothing about writing.
"""

from django import template

from practica.communities.permissions import membership_role
from practica.discussions import permissions
from practica.discussions.forms.writing import ReplyForm
from practica.discussions.models import Draft
from practica.discussions.services import safety

register = template.Library()


def _prime(topic, user) -> None:
    """Look the viewer's role in the community up once per page, not once per post (the same annotation
    `communities.queries` adds, which `membership_role` reads)."""
    community = topic.community
    primed_for = getattr(community, "_viewer_role_of", None)
    if not hasattr(community, "viewer_role") or (primed_for is not None and primed_for != user.pk):
        if hasattr(community, "viewer_role"):
            del community.viewer_role
        community.viewer_role = membership_role(user, community)
        community._viewer_role_of = user.pk


@register.inclusion_tag("discussions/_reply_form.html#composer", takes_context=True)
def reply_composer(context, topic):
    """The reply form at the end of a topic page, with the member's reply draft restored."""
    from practica.discussions.views.writing import _cannot_reply_reason, _draft_initial, reply_composer_context

    user = context["user"]
    _prime(topic, user)
    reason = _cannot_reply_reason(user, topic)
    values = {"topic": topic, "user": user, "reason": reason, "can_reply": reason is None}
    # Slow mode: when this member may post again, or the plain notice when they may post now.
    values["slow_mode"] = safety.slow_mode_message(user, topic) or safety.slow_mode_notice(topic)
    values["request"] = context.get("request")
    values["csrf_token"] = context.get("csrf_token")
    if reason is None:
        draft = Draft.objects.filter(user=user, topic=topic).first()
        form = ReplyForm(initial=_draft_initial(draft), auto_id=f"id_reply{topic.pk}_%s")
        values["form"] = form
        values["composer"] = reply_composer_context(topic, form, draft=draft)
        values["composer"]["inline"] = True
    return values


@register.simple_tag(takes_context=True)
def post_actions(context, post, topic):
    """What the viewer may do with one post: reply, quote, edit, see its history, delete, continue elsewhere."""
    user = context["user"]
    _prime(topic, user)
    if post.topic_id == topic.pk:
        post.topic = topic  # the page's topic, so no query per post
    is_opening = post.number == 1
    return {
        "can_reply": permissions.can_reply(user, topic),
        "can_edit": permissions.can_edit_post(user, post),
        "can_view_history": post.revision_count > 0 and permissions.can_view_history(user, post),
        "can_delete": not is_opening and permissions.can_delete_post(user, post),
        "can_continue": getattr(user, "is_authenticated", False),
    }
