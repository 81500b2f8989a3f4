from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MessagingConfig(AppConfig):
    name = "practica.messaging"
    label = "messaging"
    verbose_name = _("Private messages")

    def ready(self) -> None:
        from practica.accounts.queries import register_export_section
        from practica.core import visibility
        from practica.messaging import permissions
        from practica.messaging.moderation import message_target
        from practica.messaging.queries import export_for
        from practica.moderation.services.reports import register_link_target
        from practica.moderation.targets import register_target

        # Notifications and the rest ask these before showing anything about a conversation: current
        # participants only. A message's text never travels once hidden or removed.
        visibility.register("messaging.conversation", permissions.can_view_conversation)
        visibility.register("messaging.message", permissions.can_view_message)
        visibility.register_text("messaging.message", permissions.can_see_message_text)
        register_target(message_target())
        # A report linking to a message's page captures the message (what its reporter could read).
        register_link_target("messaging:reported-message", "messaging.message")
        register_export_section("private_messages", export_for)
