from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "practica.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from practica.discussions import tasks  # noqa: F401  (registers the periodic jobs)
