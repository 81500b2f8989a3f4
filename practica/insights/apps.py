from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    name = "practica.insights"
    label = "insights"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core.home import StaffTool, register_staff_tool
        from practica.insights import tasks  # noqa: F401  (registers the periodic roll-up)
        from practica.insights.sections import champion_insights_section

        register_staff_tool(
            StaffTool(
                _("Insights"),
                _("Engagement across the site and every community, targets, and the board report."),
                "insights:dashboard",
                order=60,
            )
        )
        register_community_section(
            CommunitySection("insights", "insights/community_section.html", champion_insights_section, order=90)
        )
