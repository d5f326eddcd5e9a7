/* inbox-outbox-view.c: the Outbox and Send Later mailboxes.
 *
 * Send Later lists what is scheduled, with its time; Send Now sends it at once, Edit takes it out
 * of the schedule and back into a composer. Outbox lists the rest: what is on its way (an undo delay, a retry after a
 * network error, with the reason) and what the server refused for good, with the server's words,
 * Send Again and Edit. The list is small (one person's outgoing mail), so it is read whole.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-composer.h"
#include "inbox-outbox-row.h"
#include "inbox-outbox-view.h"
#include "inbox-window.h"

struct _InboxOutboxView
{
  GtkWidget parent_instance;

  GtkStack *stack;
  GtkListBox *list;
  AdwStatusPage *empty_page;

  InboxMailService *service;
  InboxSender *sender;
  gulong changed_id;
  gboolean scheduled;
};

G_DEFINE_FINAL_TYPE (InboxOutboxView, inbox_outbox_view, GTK_TYPE_WIDGET)

static void refresh (InboxOutboxView *self);

/* What could not be done is said in the main window, as the app's other errors are. */
G_GNUC_PRINTF (2, 3) static void
say (InboxOutboxView *self,
     const char      *format,
     ...)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  if (INBOX_IS_WINDOW (root))
    inbox_window_show_message (INBOX_WINDOW (root), message);
  else
    g_printerr ("inbox: %s\n", message);
}

static void
edit_ready (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(InboxOutboxView) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxDraft) draft = inbox_sender_unqueue_finish (INBOX_SENDER (object), result, &error);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkApplication *app = GTK_IS_WINDOW (root) ? gtk_window_get_application (GTK_WINDOW (root)) : NULL;

  if (draft == NULL)
    {
      say (self, _("Can't take the message back: %s"), error->message);
      refresh (self);
      return;
    }
  if (app != NULL)
    inbox_composer_open_draft (app, self->service, draft, NULL);
}

static void
edit_clicked (InboxOutboxRow  *row,
              InboxOutboxView *self)
{
  inbox_sender_unqueue_async (self->sender, inbox_outbox_row_get_id (row), edit_ready, g_object_ref (self));
}

static void
retry_clicked (InboxOutboxRow  *row,
               InboxOutboxView *self)
{
  g_autoptr(GError) error = NULL;

  if (!inbox_sender_retry (self->sender, inbox_outbox_row_get_id (row), &error))
    say (self, _("Can't send it again: %s"), error->message);
}

static void
send_now_clicked (InboxOutboxRow  *row,
                  InboxOutboxView *self)
{
  g_autoptr(GError) error = NULL;

  if (!inbox_sender_send_now (self->sender, inbox_outbox_row_get_id (row), &error))
    say (self, _("Can't send it now: %s"), error->message);
}

static void
refresh (InboxOutboxView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = self->sender != NULL ? inbox_sender_list (self->sender, &error) : NULL;
  GtkWidget *child;
  guint shown = 0;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; items != NULL && i < items->len; i++)
    {
      InboxOutboxItem *item = items->pdata[i];
      GtkWidget *row;

      if (item->scheduled != self->scheduled || (item->scheduled && item->state != INBOX_OUTBOX_QUEUED))
        continue;
      row = inbox_outbox_row_new (item);
      g_signal_connect_object (row, "retry", G_CALLBACK (retry_clicked), self, 0);
      g_signal_connect_object (row, "send-now", G_CALLBACK (send_now_clicked), self, 0);
      g_signal_connect_object (row, "edit", G_CALLBACK (edit_clicked), self, 0);
      gtk_list_box_append (self->list, row);
      shown++;
    }
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "list" : "empty");
  if (error != NULL)
    say (self, _("Can't read what waits to be sent: %s"), error->message);
}

/* Shows the outbox (scheduled FALSE) or the Send Later mailbox, kept up to date. */
void
inbox_outbox_view_show (InboxOutboxView  *self,
                        InboxMailService *service,
                        gboolean          scheduled)
{
  InboxSender *sender = service != NULL ? inbox_mail_service_get_sender (service) : NULL;

  g_return_if_fail (INBOX_IS_OUTBOX_VIEW (self));

  self->scheduled = scheduled;
  g_set_object (&self->service, service);
  if (sender != self->sender)
    {
      if (self->sender != NULL)
        g_clear_signal_handler (&self->changed_id, self->sender);
      g_set_object (&self->sender, sender);
      if (sender != NULL)
        self->changed_id = g_signal_connect_swapped (sender, "changed", G_CALLBACK (refresh), self);
    }
  adw_status_page_set_title (self->empty_page, scheduled ? _("Nothing Scheduled") : _("Nothing Waiting to Be Sent"));
  adw_status_page_set_description (self->empty_page,
                                   scheduled ? _("Choose Send Later (Ctrl+J) in a message to send it at a set time.") : NULL);
  adw_status_page_set_icon_name (self->empty_page, scheduled ? "alarm-symbolic" : "mail-send-symbolic");
  refresh (self);
}

static void
inbox_outbox_view_dispose (GObject *object)
{
  InboxOutboxView *self = INBOX_OUTBOX_VIEW (object);

  if (self->sender != NULL)
    g_clear_signal_handler (&self->changed_id, self->sender);
  g_clear_object (&self->sender);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_OUTBOX_VIEW);
  G_OBJECT_CLASS (inbox_outbox_view_parent_class)->dispose (object);
}

static void
inbox_outbox_view_class_init (InboxOutboxViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_outbox_view_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-outbox-view.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxView, stack);
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxView, list);
  gtk_widget_class_bind_template_child (widget_class, InboxOutboxView, empty_page);
}

static void
inbox_outbox_view_init (InboxOutboxView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
