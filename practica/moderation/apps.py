from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ModerationConfig(AppConfig):
    name = "practica.moderation"
    label = "moderation"
    verbose_name = _("Moderation")

    def ready(self) -> None:
        from practica.core import visibility
        from practica.core.home import HomeSection, StaffTool, register_home_section, register_staff_tool
        from practica.moderation import tasks  # noqa: F401  (registers the periodic jobs)
        from practica.moderation.handlers_cases import ready as register_cases_and_reports
        from practica.moderation.home import review_queue_section
        from practica.moderation.permissions import can_see_review_item
        from practica.moderation.targets import register_builtin_targets

        register_builtin_targets()
        register_cases_and_reports()  # pre-moderation rules, pile-on handler, staff tools for cases and settings
        # Flaggers are told the outcome of an item; its notification is theirs and the reviewers' to see.
        visibility.register("moderation.reviewitem", can_see_review_item)
        register_home_section(
            HomeSection("review-queue", "moderation/queue_home_section.html", review_queue_section, order=1)
        )
        register_staff_tool(
            StaffTool(
                _("Review queue"),
                _("Flagged, held and reported content: decide, and deal with its authors."),
                "moderation:queue",
                order=5,
            )
        )
