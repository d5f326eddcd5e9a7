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
#include "inbox-outbox-view.h"

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

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);

  return g_date_time_format (when, _("%a %e %b, %H:%M"));
}

static void refresh (InboxOutboxView *self);

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
      g_warning ("Can't take the message back: %s", error->message);
      refresh (self);
      return;
    }
  if (app != NULL)
    inbox_composer_open_draft (app, self->service, draft, NULL);
}

static void
edit_clicked (GtkButton       *button,
              InboxOutboxView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));

  inbox_sender_unqueue_async (self->sender, id, edit_ready, g_object_ref (self));
}

static void
retry_clicked (GtkButton       *button,
               InboxOutboxView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));
  g_autoptr(GError) error = NULL;

  if (!inbox_sender_retry (self->sender, id, &error))
    g_warning ("Can't send again: %s", error->message);
}

static void
send_now_clicked (GtkButton       *button,
                  InboxOutboxView *self)
{
  gint64 id = GPOINTER_TO_SIZE (g_object_get_data (G_OBJECT (button), "id"));
  g_autoptr(GError) error = NULL;

  if (!inbox_sender_send_now (self->sender, id, &error))
    g_warning ("Can't send it now: %s", error->message);
}

static GtkWidget *
row_button (InboxOutboxView *self,
            const char      *icon,
            const char      *tooltip,
            gint64           id,
            GCallback        callback)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  g_object_set_data (G_OBJECT (button), "id", GSIZE_TO_POINTER ((gsize) id));
  g_signal_connect (button, "clicked", callback, self);
  return button;
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
      g_autofree char *subtitle = NULL;

      if (item->scheduled != self->scheduled || (item->scheduled && item->state != INBOX_OUTBOX_QUEUED))
        continue;
      row = adw_action_row_new ();
      subtitle = describe (item);
      /* Subjects and server replies hold "<" and "&": plain text, not markup. */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), *item->subject != '\0' ? item->subject : _("(No subject)"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 3);
      if (item->state == INBOX_OUTBOX_FAILED)
        {
          GtkWidget *icon = gtk_image_new_from_icon_name ("dialog-warning-symbolic");

          gtk_widget_add_css_class (icon, "warning");
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, "view-refresh-symbolic", _("Send Again"), item->id,
                                                                          G_CALLBACK (retry_clicked)));
        }
      if (item->state == INBOX_OUTBOX_QUEUED)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, "mail-send-symbolic", _("Send Now"), item->id,
                                                                     G_CALLBACK (send_now_clicked)));
      if (item->state == INBOX_OUTBOX_FAILED || item->state == INBOX_OUTBOX_QUEUED)
        adw_action_row_add_suffix (ADW_ACTION_ROW (row), row_button (self, "document-edit-symbolic",
                                                                        item->scheduled ? _("Unschedule and Edit") : _("Edit"),
                                                                        item->id, G_CALLBACK (edit_clicked)));
      gtk_list_box_append (self->list, row);
      shown++;
    }
  gtk_stack_set_visible_child_name (self->stack, shown > 0 ? "list" : "empty");
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
