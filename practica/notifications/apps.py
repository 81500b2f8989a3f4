from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "practica.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from practica.communities.sections import CommunitySection, register_community_section
        from practica.core import visibility
        from practica.core.delivery import register_send_check
        from practica.core.email import register_member_choices
        from practica.discussions.queries import register_unread_count_rule
        from practica.notifications import tasks  # noqa: F401  (registers the periodic jobs)
        from practica.notifications.queries import counts_unread
        from practica.notifications.sections import community_watch_section
        from practica.notifications.services.email import check_join_request_email, member_choices_for_join_requests
        from practica.notifications.services.send_checks import check_digest_email, check_notification_email
        from practica.notifications.targets import can_see_join_request, can_see_proposal

        register_community_section(
            CommunitySection("follow", "notifications/community/_watch.html", community_watch_section, order=1)
        )
        # Join requests and proposals are what their notifications point at; only their own people see them.
        visibility.register("communities.joinrequest", can_see_join_request)
        visibility.register("communities.communityproposal", can_see_proposal)
        # The last look before a notification or digest e-mail leaves, however long it waited in the outbox.
        register_send_check("notification:", check_notification_email)
        register_send_check("digest", check_digest_email)
        # Communities e-mails a join request's outcome itself: it carries the same choices and is checked too.
        register_member_choices("community:join-request", member_choices_for_join_requests)
        register_send_check("community:join-request", check_join_request_email)
        # Tracking means "unread counts": topic lists show "N new" only for tracked and watched topics.
        register_unread_count_rule(counts_unread)
