from django.urls import path

from practica.meetings.views import calendars, manage, suggestions

app_name = "meetings"

urlpatterns = [
    # Calendars and meetings.
    path("meetings/", calendars.my_meetings, name="mine"),
    path("meetings/events/", calendars.site_events, name="events"),
    path("meetings/events/new/", manage.event_create, name="event-create"),
    path("communities/<int:pk>/meetings/", calendars.community_calendar, name="community-calendar"),
    path("communities/<int:pk>/meetings/new/", manage.meeting_create, name="create"),
    path("meetings/<int:pk>/", calendars.occurrence_detail, name="occurrence"),
    path("meetings/<int:pk>/rsvp/", calendars.rsvp, name="rsvp"),
    path("meetings/<int:pk>/calendar.ics", calendars.occurrence_ics, name="occurrence-ics"),
    path("meetings/<int:pk>/edit/", manage.occurrence_edit, name="occurrence-edit"),
    path("meetings/<int:pk>/cancel/", manage.occurrence_cancel, name="occurrence-cancel"),
    path("meetings/<int:pk>/attendance/", manage.attendance, name="attendance"),
    # My calendar: time zone and the personal feed (reached by calendar apps without a session).
    path("meetings/calendar/", calendars.calendar_settings, name="calendar"),
    path("meetings/feed/<str:token>.ics", calendars.feed, name="feed"),
    # Event suggestions.
    path("meetings/suggest/", suggestions.suggest, name="suggest"),
    path("meetings/suggestions/", suggestions.suggestion_list, name="suggestions"),
    path("meetings/suggestions/<int:pk>/", suggestions.suggestion_review, name="suggestion-review"),
]
