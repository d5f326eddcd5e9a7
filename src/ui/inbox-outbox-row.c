/* inbox-outbox-row.c: one message in the Outbox or Send Later.
 *
 * The row says what it can: a failed message shows the warning and Send Again, a queued one Send
 * Now, both Edit. The buttons' actions (outbox-row.retry, .send-now, .edit) emit the signals of
 * the same names; the Outbox view does the sending.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-outbox-row.h"

struct _InboxOutboxRow
{
  AdwActionRow parent_instance;

  GtkWidget *warning_icon;
  GtkWidget *retry_button;
  GtkWidget *send_now_button;
  GtkWidget *edit_button;

  gint64 id;
};

G_DEFINE_FINAL_TYPE (InboxOutboxRow, inbox_outbox_row, ADW_TYPE_ACTION_ROW)

enum {
  SIGNAL_RETRY,
  SIGNAL_SEND_NOW,
  SIGNAL_EDIT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);

  return g_date_time_format (when, _("%a %-d %b, %H:%M"));
}

static char *
describe (const InboxOutboxItem *item)
{
  g_autofree char *when = format_time (MAX (item->send_at, item->next_attempt));

  switch (item->state)
    {
    case INBOX_OUTBOX_QUEUED:
      if (item->scheduled)
        return g_strdup_printf (_("To %s · %s"), item->recipients, when);
      if (item->error != NULL)
        return g_strdup_printf (_("To %s · Will try again at %s: %s"), item->recipients, when, item->error);
      return g_strdup_printf (_("To %s · Sending soon"), item->recipients);
    case INBOX_OUTBOX_FAILED:
      return g_strdup_printf (_("To %s · Not sent: %s"), item->recipients, item->error != NULL ? item->error : "");
    case INBOX_OUTBOX_SENDING:
    case INBOX_OUTBOX_SENT_SMTP:
    case INBOX_OUTBOX_SAVED_TO_SENT:
    case INBOX_OUTBOX_DONE:
    default:
      return g_strdup_printf (_("To %s · Sending…"), item->recipients);
    }
}

GtkWidget *
inbox_outbox_row_new (const InboxOutboxItem *item)
{
  InboxOutboxRow *self = g_object_new (INBOX_TYPE_OUTBOX_ROW, NULL);
  g_autofree char *subtitle = describe (item);
  gboolean failed = item->state == INBOX_OUTBOX_FAILED;
  gboolean queued = item->state == INBOX_OUTBOX_QUEUED;
  const char *edit = item->scheduled ? _("Unschedule and Edit") : _("Edit");

  self->id = item->id;
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), *item->subject != '\0' ? item->subject : _("(No subject)"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), subtitle);
  gtk_widget_set_visible (self->warning_icon, failed);
  gtk_widget_set_visible (self->retry_button, failed);
  gtk_widget_set_visible (self->send_now_button, queued);
  /* Only what waits can be taken back: a message being sent is the server's already. */
  gtk_widget_set_visible (self->edit_button, failed || queued);
  gtk_widget_set_tooltip_text (self->edit_button, edit);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->edit_button), GTK_ACCESSIBLE_PROPERTY_LABEL, edit, -1);
  return GTK_WIDGET (self);
}

gint64
inbox_outbox_row_get_id (InboxOutboxRow *self)
{
  g_return_val_if_fail (INBOX_IS_OUTBOX_ROW (self), 0);

  return self->id;
}

static void
row_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  guint signal = g_str_equal (action_name, "outbox-row.retry") ? SIGNAL_RETRY
               : g_str_equal (action_name, "outbox-row.send-now") ? SIGNAL_SEND_NOW : SIGNAL_EDIT;

  g_signal_emit (widget, signals[signal], 0);
}

static void
inbox_outbox_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_OUTBOX_ROW);

  G_OBJECT_CLASS (inbox_outbox_row_parent_class)->dispose (object);
}

static void
inbox_outbox_row_class_init (InboxOutboxRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_outbox_row_dispose;

  signals[SIGNAL_RETRY] = g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                        0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_SEND_NOW] = g_signal_new ("send-now", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                           0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_EDIT] = g_signal_new ("edit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-outbox-row.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxRow, warning_icon);
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxRow, retry_button);
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxRow, send_now_button);
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxRow, edit_button);
  gtk_widget_class_install_action (widget_class, "outbox-row.retry", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "outbox-row.send-now", NULL, row_action);
  gtk_widget_class_install_action (widget_class, "outbox-row.edit", NULL, row_action);
}

static void
inbox_outbox_row_init (InboxOutboxRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
