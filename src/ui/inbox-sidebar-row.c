/* inbox-sidebar-row.c: a mailbox or folder (icon, name, unread count), or an account's heading
 * with its sync status: a spinner while syncing (and, while a pass downloads many messages, how
 * far it is), a warning icon with the error as its tooltip, and Reconnect once the server has
 * been unreachable for a while.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-sidebar-row.h"

struct _InboxSidebarRow
{
  GtkListBoxRow parent_instance;

  GtkImage *icon;
  GtkLabel *title_label;
  GtkLabel *detail_label;
  GtkSpinner *spinner;
  GtkWidget *error_icon;
  GtkWidget *reconnect_button;
  GtkWidget *password_button;
  GtkWidget *certificate_button;
  GtkLabel *count_label;

  char *mailbox;   /* NULL for an account's heading */
  char *account;   /* the account's uid, for a heading */
};

G_DEFINE_FINAL_TYPE (InboxSidebarRow, inbox_sidebar_row, GTK_TYPE_LIST_BOX_ROW)

static void
inbox_sidebar_row_finalize (GObject *object)
{
  InboxSidebarRow *self = INBOX_SIDEBAR_ROW (object);

  g_free (self->mailbox);
  g_free (self->account);

  G_OBJECT_CLASS (inbox_sidebar_row_parent_class)->finalize (object);
}

static void
inbox_sidebar_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_SIDEBAR_ROW);

  G_OBJECT_CLASS (inbox_sidebar_row_parent_class)->dispose (object);
}

static void
inbox_sidebar_row_class_init (InboxSidebarRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_sidebar_row_dispose;
  object_class->finalize = inbox_sidebar_row_finalize;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-sidebar-row.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, icon);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, title_label);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, detail_label);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, spinner);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, error_icon);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, reconnect_button);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, password_button);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, certificate_button);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebarRow, count_label);
}

static void
inbox_sidebar_row_init (InboxSidebarRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
inbox_sidebar_row_new_mailbox (const char *mailbox,
                               const char *title,
                               const char *icon_name,
                               guint       depth)
{
  InboxSidebarRow *self = g_object_new (INBOX_TYPE_SIDEBAR_ROW, NULL);

  self->mailbox = g_strdup (mailbox);
  gtk_label_set_text (self->title_label, title);
  gtk_image_set_from_icon_name (self->icon, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (self->icon), TRUE);
  /* Subfolders are indented under their parent. */
  gtk_widget_set_margin_start (GTK_WIDGET (self->icon), 18 * (int) depth);
  gtk_widget_set_name (GTK_WIDGET (self), mailbox);
  return GTK_WIDGET (self);
}

GtkWidget *
inbox_sidebar_row_new_account (const char *account_uid,
                               const char *title)
{
  InboxSidebarRow *self = g_object_new (INBOX_TYPE_SIDEBAR_ROW, NULL);

  self->account = g_strdup (account_uid);
  gtk_label_set_text (self->title_label, title);
  gtk_widget_add_css_class (GTK_WIDGET (self->title_label), "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self), "account-heading");
  gtk_list_box_row_set_selectable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self), FALSE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->reconnect_button), "win.reconnect");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->reconnect_button), "s", account_uid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->password_button), "win.edit-account");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->password_button), "s", account_uid);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->certificate_button), "win.edit-account");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->certificate_button), "s", account_uid);
  return GTK_WIDGET (self);
}

const char *
inbox_sidebar_row_get_mailbox (InboxSidebarRow *self)
{
  g_return_val_if_fail (INBOX_IS_SIDEBAR_ROW (self), NULL);
  return self->mailbox;
}

const char *
inbox_sidebar_row_get_title (InboxSidebarRow *self)
{
  g_return_val_if_fail (INBOX_IS_SIDEBAR_ROW (self), NULL);
  return gtk_label_get_text (self->title_label);
}

const char *
inbox_sidebar_row_get_account (InboxSidebarRow *self)
{
  g_return_val_if_fail (INBOX_IS_SIDEBAR_ROW (self), NULL);
  return self->account;
}

/* The unread count; zero (or unknown, -1) shows nothing. */
void
inbox_sidebar_row_set_count (InboxSidebarRow *self,
                             gint64           count)
{
  /* "12,113": the locale's digit grouping, as the download's progress has it. */
  g_autofree char *text = count > 0 ? g_strdup_printf ("%'" G_GINT64_FORMAT, count) : NULL;

  g_return_if_fail (INBOX_IS_SIDEBAR_ROW (self));

  gtk_label_set_text (self->count_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), text != NULL);
}

void
inbox_sidebar_row_set_status (InboxSidebarRow *self,
                              InboxSyncStatus  status,
                              const char      *message)
{
  gboolean failed = status == INBOX_SYNC_STATUS_ERROR || status == INBOX_SYNC_STATUS_AUTHENTICATION_FAILED ||
                    status == INBOX_SYNC_STATUS_DISCONNECTED || status == INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED;
  g_autofree char *tooltip = NULL;

  g_return_if_fail (INBOX_IS_SIDEBAR_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->spinner), status == INBOX_SYNC_STATUS_SYNCING);
  gtk_spinner_set_spinning (self->spinner, status == INBOX_SYNC_STATUS_SYNCING);
  gtk_widget_set_visible (self->error_icon, failed);
  gtk_widget_set_visible (self->reconnect_button, status == INBOX_SYNC_STATUS_DISCONNECTED);
  gtk_widget_set_visible (self->password_button, status == INBOX_SYNC_STATUS_AUTHENTICATION_FAILED);
  gtk_widget_set_visible (self->certificate_button, status == INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED);

  /* The message says whether the server refused the password or the keyring has none. */
  if (status == INBOX_SYNC_STATUS_AUTHENTICATION_FAILED)
    tooltip = g_strdup (message != NULL ? message : _("The password is needed again"));
  else if (status == INBOX_SYNC_STATUS_DISCONNECTED)
    tooltip = g_strdup_printf (_("Disconnected: %s"), message != NULL ? message : _("the server cannot be reached"));
  else if (failed)
    tooltip = g_strdup (message != NULL ? message : _("Sync failed; it will be retried"));
  gtk_widget_set_tooltip_text (self->error_icon, tooltip);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), tooltip);
}

/* Fewer messages than this go by too fast to be worth a line that appears and goes again. */
#define MIN_SHOWN_DOWNLOAD 200

/* How far an account's download is, on two short lines for the narrow sidebar: "Downloading
 * Inbox" and "3,200 of 13,309". total 0 hides it. */
void
inbox_sidebar_row_set_progress (InboxSidebarRow *self,
                                const char      *folder,
                                guint            done,
                                guint            total)
{
  gboolean shown = total >= MIN_SHOWN_DOWNLOAD && done < total;
  g_autofree char *text = NULL;

  g_return_if_fail (INBOX_IS_SIDEBAR_ROW (self));

  if (shown)
    {
      const char *name = g_ascii_strcasecmp (folder, "INBOX") == 0 ? _("Inbox") : folder;
      /* "%'u": the locale's digit grouping. */
      g_autofree char *count = g_strdup_printf (_("%'u of %'u"), done, total);
      g_autofree char *what = g_strdup_printf (_("Downloading %s"), name);

      text = g_strconcat (what, "\n", count, NULL);
    }
  gtk_label_set_text (self->detail_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->detail_label), shown);
}
