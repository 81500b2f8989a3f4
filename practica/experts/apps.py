from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExpertsConfig(AppConfig):
    name = "practica.experts"
    label = "experts"
    verbose_name = _("Experts and speakers")

    def ready(self) -> None:
        from practica.accounts.queries import register_export_section
        from practica.core import visibility
        from practica.core.home import StaffTool, register_staff_tool
        from practica.experts.permissions import can_view_speaker_request
        from practica.experts.queries import export_expert_data

        # Notifications about a request reach only its requester, staff and the audience's champions.
        visibility.register("experts.speakerrequest", can_view_speaker_request)
        visibility.register("experts.expertprofile", _can_see_expert)
        register_export_section("experts", export_expert_data)
        register_staff_tool(
            StaffTool(
                _("Speaker requests"),
                _("Members' requests for expert speakers: review, find a speaker, schedule the meeting."),
                "experts:queue",
                order=40,
            )
        )


def _can_see_expert(user, expert) -> bool:
    from practica.experts.models import ExpertProfile

    return ExpertProfile.objects.visible_to(user).filter(pk=expert.pk).exists()
