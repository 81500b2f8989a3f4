from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "practica.discussions"
    label = "discussions"
    verbose_name = _("Discussions")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core import visibility
        from practica.core.home import HomeSection, register_home_section
        from practica.discussions import tasks  # noqa: F401  (registers the periodic jobs)
        from practica.discussions.permissions import (
            can_see_attachment,
            can_see_post,
            can_see_post_text,
            can_see_topic_text,
            can_view_topic,
        )

        # Hidden, held and removed posts keep their place on the topic page but their text never travels.
        visibility.register("discussions.post", can_see_post)
        visibility.register_text("discussions.post", can_see_post_text)
        visibility.register("discussions.topic", can_view_topic)
        # An attachment follows its post's content: not served from a hidden, held or removed post to others.
        visibility.register("discussions.postattachment", can_see_attachment)
        visibility.register_text("discussions.topic", can_see_topic_text)
        from practica.discussions.home import community_topics_section, latest_topics_section, pinned_topics_section

        register_home_section(
            HomeSection("pinned-topics", "discussions/home/pinned_topics.html", pinned_topics_section, order=5)
        )
        register_home_section(
            HomeSection("latest-topics", "discussions/home/latest_topics.html", latest_topics_section, order=15)
        )
        register_community_section(
            CommunitySection(
                "latest-topics", "discussions/community/latest_topics.html", community_topics_section, order=10
            )
        )
