from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DevelopmentConfig(AppConfig):
    name = "practica.development"
    label = "development"
    verbose_name = _("Professional development")

    def ready(self) -> None:
        from practica.accounts.queries import register_export_section
        from practica.core import visibility
        from practica.core.home import HomeSection, register_home_section
        from practica.development.home import cpd_this_year_section
        from practica.development.permissions import can_see_cpd_entry, can_see_goal
        from practica.development.queries import export_cpd_log, export_development_plan

        # Only the member ever sees their log: nothing may point another person at an entry.
        visibility.register("development.cpdentry", can_see_cpd_entry)
        visibility.register("development.developmentgoal", can_see_goal)
        register_home_section(
            HomeSection("cpd-this-year", "development/home/cpd_this_year.html", cpd_this_year_section, order=60)
        )
        register_export_section("cpd_log", export_cpd_log)
        register_export_section("development_plan", export_development_plan)
