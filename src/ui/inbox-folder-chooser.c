/* inbox-folder-chooser.c: the folders people file mail into (not Inbox, Sent, Drafts, Spam or
 * Trash), filtered as one types. "Move" moves the conversations there; "Label" leaves them where
 * they are and copies them there (labels are folders on IMAP). It emits ::chosen and closes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-folder-chooser.h"

struct _InboxFolderChooser
{
  AdwWindow parent_instance;

  GtkSearchEntry *filter_entry;
  GtkListBox *list;
};

G_DEFINE_FINAL_TYPE (InboxFolderChooser, inbox_folder_chooser, ADW_TYPE_WINDOW)

enum { SIGNAL_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

static gboolean
filter_row (GtkListBoxRow *row,
            gpointer       user_data)
{
  InboxFolderChooser *self = user_data;
  const char *filter = gtk_editable_get_text (GTK_EDITABLE (self->filter_entry));
  g_autofree char *folded_filter = g_utf8_casefold (filter, -1);
  const char *shown = gtk_label_get_text (GTK_LABEL (gtk_list_box_row_get_child (row)));
  g_autofree char *folded_path = g_utf8_casefold (shown, -1);

  return *filter == '\0' || strstr (folded_path, folded_filter) != NULL;
}

static void
filter_changed_cb (InboxFolderChooser *self)
{
  gtk_list_box_invalidate_filter (self->list);
}

static GtkListBoxRow *
chosen_row (InboxFolderChooser *self)
{
  GtkListBoxRow *row = gtk_list_box_get_selected_row (self->list);

  if (row != NULL && gtk_widget_get_child_visible (GTK_WIDGET (row)))
    return row;
  /* Nothing selected (or filtered away): the first folder still shown. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && gtk_widget_get_child_visible (child))
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

static void
choose (InboxFolderChooser *self,
        const char         *how)
{
  GtkListBoxRow *row = chosen_row (self);

  if (row == NULL)
    return;
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, gtk_widget_get_name (GTK_WIDGET (row)), g_str_equal (how, "label"));
  gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
choose_activated (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  choose (INBOX_FOLDER_CHOOSER (widget), g_variant_get_string (parameter, NULL));
}

static void
row_activated_cb (InboxFolderChooser *self,
                  GtkListBoxRow      *row)
{
  gtk_list_box_select_row (self->list, row);
  choose (self, "move");
}

static void
filter_activated_cb (InboxFolderChooser *self)
{
  choose (self, "move");
}

static void
inbox_folder_chooser_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_FOLDER_CHOOSER);

  G_OBJECT_CLASS (inbox_folder_chooser_parent_class)->dispose (object);
}

static void
inbox_folder_chooser_class_init (InboxFolderChooserClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_folder_chooser_dispose;

  /**
   * InboxFolderChooser::chosen:
   * @path: the folder's path on the server
   * @label: TRUE to copy there (a label), FALSE to move there
   */
  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_BOOLEAN);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-folder-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxFolderChooser, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxFolderChooser, list);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_install_action (widget_class, "chooser.choose", "s", choose_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inbox_folder_chooser_init (InboxFolderChooser *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_filter_func (self->list, filter_row, self, NULL);
}

InboxFolderChooser *
inbox_folder_chooser_new (GtkWindow        *parent,
                          InboxMailService *service)
{
  InboxFolderChooser *self = g_object_new (INBOX_TYPE_FOLDER_CHOOSER, "transient-for", parent, NULL);
  g_autoptr(GPtrArray) folders = inbox_store_list_folders_sync (inbox_mail_service_get_store (service), NULL, NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; folders != NULL && i < folders->len; i++)
    {
      InboxFolderInfo *folder = folders->pdata[i];
      GtkWidget *label, *row;

      /* Filing is into Archive or the user's own folders; the rest have their own actions. */
      if (g_strcmp0 (folder->role, "none") != 0 && g_strcmp0 (folder->role, "archive") != 0)
        continue;
      /* The same path in several accounts is one choice: the move applies in each account. */
      if (!g_hash_table_add (seen, folder->path))
        continue;
      label = gtk_label_new (folder->shown);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      row = gtk_list_box_row_new ();
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), label);
      gtk_widget_set_name (row, folder->path);
      gtk_list_box_append (self->list, row);
    }
  gtk_widget_grab_focus (GTK_WIDGET (self->filter_entry));
  return self;
}
