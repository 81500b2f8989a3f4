from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "practica.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from practica.core import checks, events, tasks  # noqa: F401
        from practica.core.home import StaffTool, register_staff_tool

        events.autodiscover_handlers()
        register_staff_tool(
            StaffTool(
                title=_("E-mail outbox"),
                description=_("Every e-mail the site sends: waiting, sent or failed, with retry and cancel."),
                url_name="core:outbox",
                order=90,
            )
        )
