from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "practica.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core.home import StaffTool, register_staff_tool
        from practica.search.sections import community_search_section

        register_community_section(
            CommunitySection("search-settings", "search/community/_settings.html", community_search_section, order=90)
        )
        register_staff_tool(
            StaffTool(
                _("Search analytics"),
                _("What members search for, searches that find nothing, and results nobody opens."),
                "search:analytics",
                20,
            )
        )
