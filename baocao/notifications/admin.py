"""Admin views of notices and the reminder register (read-only)."""

from django.contrib import admin

from baocao.notifications.models import Notice, SentReminder
from baocao.reports.admin import ReadOnlyAdmin


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """List notices."""

    list_display = ["created_at", "user", "kind", "title", "read_at"]
    list_filter = ["kind"]


@admin.register(SentReminder)
class SentReminderAdmin(ReadOnlyAdmin):
    """List the reminders already sent."""

    list_display = ["sent_on", "user", "kind", "key", "emailed"]
    list_filter = ["kind"]
