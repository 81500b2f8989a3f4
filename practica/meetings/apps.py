from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "practica.meetings"
    label = "meetings"
    verbose_name = _("Meetings")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core.home import HomeSection, StaffTool, register_home_section, register_staff_tool
        from practica.core.visibility import register
        from practica.meetings import tasks  # noqa: F401  (registers the periodic jobs)
        from practica.meetings.home import community_meetings_section, next_meetings_section
        from practica.meetings.permissions import can_see_meeting, can_see_occurrence

        register("meetings.occurrence", can_see_occurrence)
        register("meetings.meeting", can_see_meeting)
        register_home_section(
            HomeSection("next-meetings", "meetings/home/next_meetings.html", next_meetings_section, order=12)
        )
        register_community_section(
            CommunitySection(
                "next-meetings", "meetings/community/next_meetings.html", community_meetings_section, order=5
            )
        )
        register_staff_tool(
            StaffTool(
                _("Event suggestions"),
                _("Events members would like to see: mark them planned or declined."),
                "meetings:suggestions",
                order=60,
            )
        )
        register_staff_tool(
            StaffTool(
                _("Site-wide events"),
                _("Arrange events for all members, online or face to face."),
                "meetings:event-create",
                order=61,
            )
        )
