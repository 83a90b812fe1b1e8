from django.urls import path

from . import views

app_name = "forum"

urlpatterns = [
    path("events/", views.event_list, name="event_list"),
    path("events/calendar.ics", views.event_calendar, name="event_calendar"),
    path("events/propose/", views.event_propose, name="event_propose"),
    path("events/<slug:slug>.ics", views.event_ical, name="event_ical"),
    path("events/<slug:slug>/", views.event_detail, name="event_detail"),
    path("forums/", views.forum_list, name="forum_list"),
    path("forums/<int:year>/", views.forum_detail, name="forum_detail"),
    path(
        "forums/documents/<int:pk>/download/",
        views.document_download,
        name="document_download",
    ),
]
