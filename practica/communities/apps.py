from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunitiesConfig(AppConfig):
    name = "practica.communities"
    label = "communities"
    verbose_name = _("Communities")

    def ready(self) -> None:
        from practica.accounts.permissions import register_shares_community
        from practica.communities.permissions import shares_community

        register_shares_community(shares_community)
