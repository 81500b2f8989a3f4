from django.urls import path  # noqa: F401

app_name = "moderation"

urlpatterns: list = [
    # Flags, the review queue and its actions.
    # (end of flags and queue)
    # Cases, reports, copyright notices, pre-moderation, pile-ons and the settings page.
    # (end of cases and reports)
]
