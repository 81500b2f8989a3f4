from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "practica.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from practica.accounts.permissions import register_community_mates, register_shares_community
        from practica.communities.permissions import community_mates, shares_community

        register_shares_community(shares_community)
        register_community_mates(community_mates)

        from practica.communities.home import my_communities_section, suggestions_section
        from practica.core.home import HomeSection, StaffTool, register_home_section, register_staff_tool

        register_home_section(
            HomeSection("my-communities", "communities/home/my_communities.html", my_communities_section, order=10)
        )
        register_home_section(
            HomeSection("suggested-communities", "communities/home/suggestions.html", suggestions_section, order=20)
        )
        register_staff_tool(
            StaffTool(
                _("Community proposals"),
                _("Members' proposals for new communities: review, comment back, approve."),
                "communities:proposal-queue",
                order=10,
            )
        )
        register_staff_tool(
            StaffTool(
                _("Communities"),
                _("Create, archive and restore communities; appoint champions."),
                "communities:manage",
                order=20,
            )
        )
        register_staff_tool(
            StaffTool(
                _("Divisions"), _("The divisions communities are grouped under."), "communities:divisions", order=30
            )
        )
