"""Staff pages: compose issues and news, preview, test, dispatch, follow."""

from csp.constants import UNSAFE_INLINE
from csp.decorators import csp_update
from django.contrib import admin, messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .admin_desk import IssueDeskMixin, NewsDeskMixin
from .models import Delivery, Dispatch, Edition, Issue, Language, News, Subscription
from .services.issues import NoEdition


class EditionInline(admin.StackedInline):
    model = Edition
    extra = 0
    min_num = 1
    max_num = 2


@admin.register(Issue)
class IssueAdmin(IssueDeskMixin, admin.ModelAdmin):
    list_display = ["number", "date", "is_published", "edition_languages"]
    list_filter = ["is_published", "date"]
    search_fields = ["number", "editions__title", "editions__summary"]
    date_hierarchy = "date"
    inlines = [EditionInline]
    readonly_fields = ["previews"]
    actions = ["send_test_to_me", "dispatch_to_subscribers"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("editions")

    @admin.display(description=_("editions"))
    def edition_languages(self, issue):
        return ", ".join(edition.language for edition in issue.editions.all())

    @admin.display(description=_("mail preview"))
    def previews(self, issue):
        if not issue.pk:
            return "-"
        return format_html_join(
            " · ",
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            (
                (reverse("admin:newsletter_issue_preview", args=[issue.pk, code]), name)
                for code, name in Language.choices
            ),
        )

    def get_urls(self):
        preview = self.admin_site.admin_view(self.preview_view)
        return [
            path(
                "<int:pk>/preview/<str:language>/",
                preview,
                name="newsletter_issue_preview",
            ),
            *super().get_urls(),
        ]

    # A mail is styled inline, as mail clients need: the preview allows inline
    # styles (never scripts) so it looks like the mail.
    @csp_update({"style-src": [UNSAFE_INLINE]})
    def preview_view(self, request, pk, language):
        issue = get_object_or_404(self.get_queryset(request), pk=pk)
        if language not in Language.values or not self.has_view_permission(
            request, issue
        ):
            raise Http404
        try:
            rendered = services.issue_preview(issue=issue, language=language)
        except NoEdition as error:
            raise Http404 from error
        return HttpResponse(rendered.html)

    def _each_edition(self, request, queryset, action):
        done = 0
        for issue in queryset.prefetch_related("editions"):
            for edition in issue.editions.all():
                action(issue, edition.language)
                done += 1
        return done

    @admin.action(description=_("Send a test of each edition to me"))
    def send_test_to_me(self, request, queryset):
        done = self._each_edition(
            request,
            queryset,
            lambda issue, language: services.issue_send_test(
                issue=issue, language=language, user=request.user
            ),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)d test mail sent to %(email)s.",
                "%(count)d test mails sent to %(email)s.",
                done,
            )
            % {"count": done, "email": request.user.email},
        )

    @admin.action(
        description=_("Dispatch to the subscribers of each language"),
        permissions=["change"],
    )
    def dispatch_to_subscribers(self, request, queryset):
        unpublished = queryset.filter(is_published=False)
        if unpublished.exists():
            self.message_user(
                request,
                _("Publish an issue before dispatching it."),
                level=messages.ERROR,
            )
            return
        count = 0
        for issue in queryset:
            count += len(services.issue_dispatch(issue=issue, user=request.user))
        self.message_user(
            request,
            ngettext(
                "%(count)d dispatch queued; follow it in the dispatch list.",
                "%(count)d dispatches queued; follow them in the dispatch list.",
                count,
            )
            % {"count": count},
        )


@admin.register(News)
class NewsAdmin(NewsDeskMixin, admin.ModelAdmin):
    list_display = ["__str__", "published_at", "is_flash"]
    list_filter = ["is_flash", "published_at"]
    search_fields = ["title_fr", "title_en", "body_fr", "body_en", "slug"]
    prepopulated_fields = {"slug": ["title_fr"]}
    date_hierarchy = "published_at"
    # Publishing goes through the button or the action, which also mail flash
    # news.
    readonly_fields = ["published_at"]
    actions = ["publish"]

    @admin.action(
        description=_("Publish now (and mail flash news)"), permissions=["change"]
    )
    def publish(self, request, queryset):
        for news in queryset:
            services.news_publish(news=news, user=request.user)
        self.message_user(request, _("Published."))


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "language",
        "confirmed_at",
        "unsubscribed_at",
        "flash_news",
        "user",
    ]
    list_select_related = ["user"]
    list_filter = [
        "language",
        "flash_news",
        ("confirmed_at", admin.EmptyFieldListFilter),
        ("unsubscribed_at", admin.EmptyFieldListFilter),
    ]
    search_fields = ["email", "user__email", "user__full_name"]
    raw_id_fields = ["user"]
    readonly_fields = ["created_at", "confirmation_sent_at"]


@admin.register(Dispatch)
class DispatchAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "created_at",
        "started_at",
        "finished_at",
        "pending_count",
        "sending_count",
        "sent_count",
        "failed_count",
    ]
    list_select_related = ["issue", "news"]
    list_filter = ["language", ("finished_at", admin.EmptyFieldListFilter)]
    search_fields = ["issue__number", "news__title_fr", "news__title_en"]
    readonly_fields = [
        "issue",
        "news",
        "language",
        "created_by",
        "created_at",
        "started_at",
        "finished_at",
        "next_batch_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).with_progress()

    def has_add_permission(self, request):
        return False  # dispatches are made by the Issue action or news publishing

    def has_delete_permission(self, request, obj=None):
        # With its deliveries goes the record of who has been sent the issue,
        # and nothing would then stop a second dispatch sending it again.
        # (A subscriber's deletion still removes their own deliveries.)
        return False

    @admin.display(description=_("pending"), ordering="pending_count")
    def pending_count(self, dispatch):
        return dispatch.pending_count

    @admin.display(description=_("sending"), ordering="sending_count")
    def sending_count(self, dispatch):
        return dispatch.sending_count

    @admin.display(description=_("sent"), ordering="sent_count")
    def sent_count(self, dispatch):
        return dispatch.sent_count

    @admin.display(description=_("failed"), ordering="failed_count")
    def failed_count(self, dispatch):
        return dispatch.failed_count


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["subscription", "dispatch", "status", "attempts", "sent_at"]
    list_select_related = ["subscription", "dispatch__issue", "dispatch__news"]
    list_filter = ["status", "dispatch__language", "dispatch"]
    search_fields = ["subscription__email", "error"]
    readonly_fields = [
        "dispatch",
        "subscription",
        "status",
        "claim",
        "claimed_at",
        "attempt_at",
        "attempts",
        "sent_at",
        "error",
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
