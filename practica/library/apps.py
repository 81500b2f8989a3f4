from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LibraryConfig(AppConfig):
    name = "practica.library"
    label = "library"
    verbose_name = _("Library")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core import visibility
        from practica.library import tasks  # noqa: F401  (registers the periodic jobs)
        from practica.library.home import community_library_section
        from practica.library.permissions import can_show_item_text, can_view_collection, can_view_item

        visibility.register("library.libraryitem", can_view_item)
        visibility.register_text("library.libraryitem", can_show_item_text)
        visibility.register("library.collection", can_view_collection)
        register_community_section(
            CommunitySection("library", "library/community/latest_items.html", community_library_section, order=30)
        )
