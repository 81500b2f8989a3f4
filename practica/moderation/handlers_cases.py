"""Reactions to events for pre-moderation and the pile-on signal, and what this part of moderation registers
when the app loads (imported from ModerationConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from practica.core.events import subscribes
from practica.core.home import StaffTool, register_staff_tool
from practica.discussions.services import safety
from practica.moderation.services import pileon, premoderation


@subscribes("post.held_for_review")
def queue_held_post(*, post_id: int) -> None:
    premoderation.open_premoderation_item(post_id=post_id)


@subscribes("moderation.flag_raised")
def look_for_pile_on(*, flag_id: int, **_payload) -> None:
    pileon.check_pile_on(flag_id=flag_id)


def ready() -> None:
    safety.register_hold_rules(premoderation.hold_rules)
    register_staff_tool(
        StaffTool(_("Cases"), _("Records on members for the professional conduct process."), "moderation:cases", 6)
    )
    register_staff_tool(
        StaffTool(
            _("Copyright notices"),
            _("Claims that shared material infringes copyright, and their outcomes."),
            "moderation:copyright-notices",
            7,
        )
    )
    register_staff_tool(
        StaffTool(
            _("Moderation settings"),
            _("Hide threshold, advertising words and domains, pile-on and slow mode."),
            "moderation:settings",
            8,
        )
    )
