from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "practica.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from practica.core import checks, events, tasks  # noqa: F401

        events.autodiscover_handlers()
