from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "practica.surveys"
    label = "surveys"
    verbose_name = _("Pulse surveys and benefits")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core import visibility
        from practica.core.home import HomeSection, StaffTool, register_home_section, register_staff_tool
        from practica.surveys import tasks  # noqa: F401  (registers the periodic job)
        from practica.surveys.home import community_benefits_section, open_surveys_section
        from practica.surveys.permissions import can_see_survey

        # Invitations reach only members of the survey's audience, re-checked when each is delivered.
        visibility.register("surveys.survey", can_see_survey)
        register_home_section(
            HomeSection("open-surveys", "surveys/home/open_surveys.html", open_surveys_section, order=3)
        )
        register_community_section(
            CommunitySection("benefits", "surveys/community/benefits.html", community_benefits_section, order=90)
        )
        register_staff_tool(
            StaffTool(
                _("Pulse surveys"),
                _("Ask members how things are going: anonymous surveys, their response rates and results."),
                "surveys:manage",
                order=50,
            )
        )
        register_staff_tool(
            StaffTool(
                _("Benefits record"),
                _("Outcomes the communities brought about, with evidence, for the board report."),
                "surveys:benefits",
                order=51,
            )
        )
