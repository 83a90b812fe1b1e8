from django.urls import path

from . import views
from .feeds import NewsFeed

app_name = "newsletter"

urlpatterns = [
    path("newsletter/", views.archive, name="archive"),
    path("newsletter/<int:number>/", views.issue_detail, name="issue_detail"),
    path(
        "newsletter/<int:number>/<str:language>.pdf",
        views.edition_pdf,
        name="edition_pdf",
    ),
    path("newsletter/subscribe/", views.subscribe, name="subscribe"),
    path("newsletter/confirm/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/subscription/", views.subscription, name="subscription"),
    path(
        "newsletter/subscription/cancel/",
        views.subscription_cancel,
        name="subscription_cancel",
    ),
    path("news/", views.news_list, name="news_list"),
    path("news/feed/", NewsFeed(), name="news_feed"),
    path("news/<slug:slug>/", views.news_detail, name="news_detail"),
]
