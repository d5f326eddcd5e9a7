/* inbox-sidebar.c: the unified mailboxes (Inbox, All, Drafts, Send Later, Outbox, Sent, Archive,
 * Spam, Trash), then
 * each account with its sync status and its folders as a tree.
 *
 * An account's heading has a menu (right-click): Check for New Mail, Special Folders, its settings.
 *
 * Unread counts visit every conversation of a mailbox, so they are counted on a worker thread
 * and at most once per second however often the store changes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-sidebar.h"
#include "inbox-sidebar-row.h"

struct _InboxSidebar
{
  GtkWidget parent_instance;

  GtkListBox *list;
  GtkPopoverMenu *account_menu;
  char *menu_account;  /* the account whose heading the menu was opened on */

  InboxMailService *service;
  gulong changed_id;
  gulong status_id;
  gulong progress_id;
  gulong folders_id;
  guint count_timeout;
  GCancellable *count_cancellable;
  gboolean rebuilding;  /* the rows are rebuilt: the selection is the same mailbox, say nothing */
};

G_DEFINE_FINAL_TYPE (InboxSidebar, inbox_sidebar, GTK_TYPE_WIDGET)

enum { SIGNAL_MAILBOX_SELECTED, N_SIGNALS };
static guint signals[N_SIGNALS];

typedef struct {
  const char *mailbox;
  const char *title;
  const char *icon;
  gboolean counted;  /* unread counts help here; in Sent or Trash they would only nag */
} Mailbox;

static const Mailbox mailboxes[] = {
  { "inbox",   N_("Inbox"),   "inbox-mailbox-inbox-symbolic",   TRUE },
  { "all",     N_("All Mail"), "inbox-mailbox-all-symbolic",    FALSE },
  { "drafts",  N_("Drafts"),  "document-edit-symbolic",         FALSE },
  /* Not conversations: what waits to be sent (the window shows them with InboxOutboxView). */
  { "send-later", N_("Send Later"), "alarm-symbolic",           FALSE },
  { "outbox",  N_("Outbox"),  "mail-send-receive-symbolic",     FALSE },
  { "sent",    N_("Sent"),    "mail-send-symbolic",             FALSE },
  { "archive", N_("Archive"), "inbox-mailbox-archive-symbolic", FALSE },
  { "spam",    N_("Spam"),    "mail-mark-junk-symbolic",        TRUE },
  { "trash",   N_("Trash"),   "user-trash-symbolic",            FALSE },
};

static void
row_selected_cb (InboxSidebar  *self,
                 GtkListBoxRow *row)
{
  InboxSidebarRow *sidebar_row = INBOX_SIDEBAR_ROW (row);

  if (row == NULL || inbox_sidebar_row_get_mailbox (sidebar_row) == NULL || self->rebuilding)
    return;
  g_signal_emit (self, signals[SIGNAL_MAILBOX_SELECTED], 0,
                 inbox_sidebar_row_get_mailbox (sidebar_row), inbox_sidebar_row_get_title (sidebar_row));
}

/* The account menu (right-click on its heading): what the window offers for one account. */
void
inbox_sidebar_popup_account_menu (InboxSidebar *self,
                                  const char   *account_uid,
                                  double        x,
                                  double        y)
{
  g_return_if_fail (INBOX_IS_SIDEBAR (self));

  g_free (self->menu_account);
  self->menu_account = g_strdup (account_uid);
  gtk_popover_set_pointing_to (GTK_POPOVER (self->account_menu), &(GdkRectangle) { (int) x, (int) y, 1, 1 });
  gtk_popover_popup (GTK_POPOVER (self->account_menu));
}

static void
secondary_pressed_cb (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      InboxSidebar    *self)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_y (self->list, (int) y);
  const char *account = row != NULL ? inbox_sidebar_row_get_account (INBOX_SIDEBAR_ROW (row)) : NULL;
  double sidebar_x, sidebar_y;

  if (account == NULL ||
      !gtk_widget_translate_coordinates (GTK_WIDGET (self->list), GTK_WIDGET (self), x, y, &sidebar_x, &sidebar_y))
    return;
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  inbox_sidebar_popup_account_menu (self, account, sidebar_x, sidebar_y);
}

static void
account_action_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  InboxSidebar *self = INBOX_SIDEBAR (widget);

  if (self->menu_account == NULL)
    return;
  /* The window's actions: the sidebar only knows which account was meant. */
  if (g_str_equal (action_name, "sidebar.check-mail"))
    gtk_widget_activate_action (widget, "win.check-mail", NULL);
  else if (g_str_equal (action_name, "sidebar.special-folders"))
    gtk_widget_activate_action (widget, "win.special-folders", NULL);
  else
    gtk_widget_activate_action (widget, "win.account-settings", "s", self->menu_account);
}

/* A line between the unified mailboxes and each account. */
static void
update_header (GtkListBoxRow *row,
               GtkListBoxRow *before,
               gpointer       user_data)
{
  gboolean heading = inbox_sidebar_row_get_account (INBOX_SIDEBAR_ROW (row)) != NULL;

  if (heading && before != NULL)
    {
      if (gtk_list_box_row_get_header (row) == NULL)
        gtk_list_box_row_set_header (row, gtk_separator_new (GTK_ORIENTATION_HORIZONTAL));
    }
  else
    gtk_list_box_row_set_header (row, NULL);
}

static void
inbox_sidebar_dispose (GObject *object)
{
  InboxSidebar *self = INBOX_SIDEBAR (object);

  g_clear_handle_id (&self->count_timeout, g_source_remove);
  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  if (self->service != NULL)
    {
      g_clear_signal_handler (&self->changed_id, inbox_mail_service_get_store (self->service));
      g_clear_signal_handler (&self->status_id, self->service);
      g_clear_signal_handler (&self->progress_id, self->service);
      g_clear_signal_handler (&self->folders_id, self->service);
      g_clear_object (&self->service);
    }
  g_clear_pointer (&self->menu_account, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_SIDEBAR);
  /* The template's root box is not bound to a field, so unparent it here (the menu too). */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inbox_sidebar_parent_class)->dispose (object);
}

static void
inbox_sidebar_class_init (InboxSidebarClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_sidebar_dispose;

  /**
   * InboxSidebar::mailbox-selected:
   * @mailbox: "inbox", "all", "folder:12"…
   * @title: what the sidebar calls it
   */
  signals[SIGNAL_MAILBOX_SELECTED] = g_signal_new ("mailbox-selected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                                   0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-sidebar.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebar, list);
  gtk_widget_class_bind_template_child (widget_class, InboxSidebar, account_menu);
  gtk_widget_class_bind_template_callback (widget_class, row_selected_cb);
  gtk_widget_class_install_action (widget_class, "sidebar.check-mail", NULL, account_action_activated);
  gtk_widget_class_install_action (widget_class, "sidebar.special-folders", NULL, account_action_activated);
  gtk_widget_class_install_action (widget_class, "sidebar.account-settings", NULL, account_action_activated);
}

static void
inbox_sidebar_init (InboxSidebar *self)
{
  GtkGesture *secondary = gtk_gesture_click_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_list_box_set_header_func (self->list, update_header, NULL, NULL);
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (secondary), GDK_BUTTON_SECONDARY);
  g_signal_connect (secondary, "pressed", G_CALLBACK (secondary_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), GTK_EVENT_CONTROLLER (secondary));
}

typedef struct {
  char *mailbox;
  gint64 count;
} Count;

static void
counts_free (GArray *counts)
{
  for (guint i = 0; i < counts->len; i++)
    g_free (g_array_index (counts, Count, i).mailbox);
  g_array_unref (counts);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  InboxStore *store = task_data;
  GArray *counts = g_object_get_data (G_OBJECT (task), "counts");

  for (guint i = 0; i < counts->len && !g_cancellable_is_cancelled (cancellable); i++)
    {
      Count *count = &g_array_index (counts, Count, i);

      count->count = inbox_store_count_unread_sync (store, count->mailbox, NULL);
    }
  {
    /* Folders appear with an account's first sync: the sidebar learns of them here. */
    g_autoptr(GPtrArray) folders = inbox_store_list_folders_sync (store, NULL, NULL);
    g_object_set_data (G_OBJECT (task), "n-folders", GUINT_TO_POINTER (folders != NULL ? folders->len : 0));
  }
  g_task_return_boolean (task, TRUE);
}

/* The rows again, from the store, with the same mailbox selected (said to nobody). */
static void
rebuild (InboxSidebar *self)
{
  g_autofree char *selected = g_strdup (inbox_sidebar_get_mailbox (self));

  self->rebuilding = TRUE;
  inbox_sidebar_set_service (self, self->service);
  if (selected != NULL)
    inbox_sidebar_select_mailbox (self, selected);
  self->rebuilding = FALSE;
}

static void
count_done (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  InboxSidebar *self = INBOX_SIDEBAR (object);
  GArray *counts = g_object_get_data (G_OBJECT (result), "counts");

  guint n_folders = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (result), "n-folders"));
  guint n_shown = 0;

  if (!g_task_propagate_boolean (G_TASK (result), NULL) || g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (INBOX_IS_SIDEBAR_ROW (child) && g_str_has_prefix (inbox_sidebar_row_get_mailbox (INBOX_SIDEBAR_ROW (child)) ?: "", "folder:"))
      n_shown++;
  if (n_shown != n_folders)
    {
      rebuild (self);
      return;  /* set_service counts again */
    }
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *mailbox;

      if (!INBOX_IS_SIDEBAR_ROW (child) || (mailbox = inbox_sidebar_row_get_mailbox (INBOX_SIDEBAR_ROW (child))) == NULL)
        continue;
      for (guint i = 0; i < counts->len; i++)
        if (g_str_equal (g_array_index (counts, Count, i).mailbox, mailbox))
          inbox_sidebar_row_set_count (INBOX_SIDEBAR_ROW (child), g_array_index (counts, Count, i).count);
    }
}

static gboolean
count_now (gpointer data)
{
  InboxSidebar *self = data;
  g_autoptr(GTask) task = NULL;
  GArray *counts = g_array_new (FALSE, TRUE, sizeof (Count));

  self->count_timeout = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *mailbox = INBOX_IS_SIDEBAR_ROW (child) ? inbox_sidebar_row_get_mailbox (INBOX_SIDEBAR_ROW (child)) : NULL;
      gboolean counted = g_object_get_data (G_OBJECT (child), "counted") != NULL;

      for (guint i = 0; mailbox != NULL && i < G_N_ELEMENTS (mailboxes); i++)
        counted |= g_str_equal (mailboxes[i].mailbox, mailbox) && mailboxes[i].counted;
      if (counted)
        g_array_append_val (counts, ((Count) { g_strdup (mailbox), -1 }));
    }

  g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
  self->count_cancellable = g_cancellable_new ();
  task = g_task_new (self, self->count_cancellable, count_done, NULL);
  g_task_set_task_data (task, g_object_ref (inbox_mail_service_get_store (self->service)), g_object_unref);
  g_object_set_data_full (G_OBJECT (task), "counts", counts, (GDestroyNotify) counts_free);
  g_task_run_in_thread (task, count_thread);
  return G_SOURCE_REMOVE;
}

void
inbox_sidebar_refresh_counts (InboxSidebar *self)
{
  g_return_if_fail (INBOX_IS_SIDEBAR (self));

  if (self->service != NULL && self->count_timeout == 0)
    self->count_timeout = g_timeout_add (self->count_cancellable == NULL ? 1 : 1000, count_now, self);
}

static void
on_store_changed (InboxSidebar *self)
{
  inbox_sidebar_refresh_counts (self);
}

static void
on_account_status (InboxMailService *service,
                   const char       *uid,
                   InboxSidebar     *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (INBOX_IS_SIDEBAR_ROW (child) && g_strcmp0 (inbox_sidebar_row_get_account (INBOX_SIDEBAR_ROW (child)), uid) == 0)
      {
        const char *message = NULL, *folder = NULL;
        InboxSyncStatus status = inbox_mail_service_get_status (service, uid, &message);
        guint done = 0, total = 0;

        inbox_sidebar_row_set_status (INBOX_SIDEBAR_ROW (child), status, message);
        if (status != INBOX_SYNC_STATUS_SYNCING || !inbox_mail_service_get_progress (service, uid, &folder, &done, &total))
          total = 0;
        inbox_sidebar_row_set_progress (INBOX_SIDEBAR_ROW (child), folder, done, total);
      }
}

/* A folder's icon by its role, else a plain folder. */
static const char *
folder_icon (const InboxFolderInfo *folder)
{
  static const struct { const char *role; const char *icon; } icons[] = {
    { "inbox", "inbox-mailbox-inbox-symbolic" }, { "sent", "mail-send-symbolic" },
    { "drafts", "document-edit-symbolic" }, { "archive", "inbox-mailbox-archive-symbolic" },
    { "junk", "mail-mark-junk-symbolic" }, { "trash", "user-trash-symbolic" },
  };

  for (guint i = 0; folder->role != NULL && i < G_N_ELEMENTS (icons); i++)
    if (g_str_equal (folder->role, icons[i].role))
      return icons[i].icon;
  return "folder-symbolic";
}

/* Where a folder goes among its account's: the special ones first, in the order people expect. */
static int
role_rank (const char *role)
{
  static const char * const order[] = { "inbox", "drafts", "sent", "archive", "junk", "trash", NULL };

  for (int i = 0; role != NULL && order[i] != NULL; i++)
    if (g_str_equal (role, order[i]))
      return i;
  return G_N_ELEMENTS (order);
}

static int
compare_folders (gconstpointer a,
                 gconstpointer b)
{
  const InboxFolderInfo *first = *(InboxFolderInfo * const *) a;
  const InboxFolderInfo *second = *(InboxFolderInfo * const *) b;
  int by_role = role_rank (first->role) - role_rank (second->role);

  return by_role != 0 ? by_role : g_utf8_collate (first->shown, second->shown);
}

static void
add_account (InboxSidebar             *self,
             const InboxAccountConfig *config)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) folders = inbox_store_list_folders_sync (inbox_mail_service_get_store (self->service),
                                                                config->email, &error);
  GtkWidget *heading = inbox_sidebar_row_new_account (config->uid, config->email);

  gtk_list_box_append (self->list, heading);
  on_account_status (self->service, config->uid, self);
  if (folders == NULL)
    {
      g_warning ("Could not list the folders of %s: %s", config->email, error->message);
      return;
    }
  g_ptr_array_sort (folders, compare_folders);
  for (guint i = 0; i < folders->len; i++)
    {
      InboxFolderInfo *folder = folders->pdata[i];
      g_autofree char *mailbox = g_strdup_printf ("folder:%" G_GINT64_FORMAT, folder->id);
      /* Camel's paths have '/' between levels whatever the server uses ("v1.2" is one name). */
      g_auto(GStrv) parts = g_strsplit (folder->shown, "/", -1);
      guint depth = g_strv_length (parts) - 1;
      gboolean is_inbox = g_strcmp0 (folder->role, "inbox") == 0;
      GtkWidget *row = inbox_sidebar_row_new_mailbox (mailbox, is_inbox ? _("Inbox") : parts[depth], folder_icon (folder), depth);

      /* Unread counts in Sent, Drafts, Archive or Trash would only nag. */
      if (g_strcmp0 (folder->role, "none") == 0 || is_inbox || g_strcmp0 (folder->role, "junk") == 0)
        g_object_set_data (G_OBJECT (row), "counted", GINT_TO_POINTER (TRUE));
      gtk_list_box_append (self->list, row);
    }
}

void
inbox_sidebar_set_service (InboxSidebar     *self,
                           InboxMailService *service)
{
  GPtrArray *accounts;
  GtkWidget *child;

  g_return_if_fail (INBOX_IS_SIDEBAR (self));
  g_return_if_fail (INBOX_IS_MAIL_SERVICE (service));

  if (self->service != service)
    {
      if (self->service != NULL)
        {
          g_clear_signal_handler (&self->changed_id, inbox_mail_service_get_store (self->service));
          g_clear_signal_handler (&self->status_id, self->service);
          g_clear_signal_handler (&self->progress_id, self->service);
          g_clear_signal_handler (&self->folders_id, self->service);
        }
      g_set_object (&self->service, service);
      self->changed_id = g_signal_connect_swapped (inbox_mail_service_get_store (service), "changed",
                                                   G_CALLBACK (on_store_changed), self);
      self->status_id = g_signal_connect (service, "account-status", G_CALLBACK (on_account_status), self);
      self->progress_id = g_signal_connect (service, "account-progress", G_CALLBACK (on_account_status), self);
      /* A folder's role shows in its icon and place. */
      self->folders_id = g_signal_connect_swapped (service, "folders-changed", G_CALLBACK (rebuild), self);
    }

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  for (guint i = 0; i < G_N_ELEMENTS (mailboxes); i++)
    gtk_list_box_append (self->list, inbox_sidebar_row_new_mailbox (mailboxes[i].mailbox, _(mailboxes[i].title),
                                                                    mailboxes[i].icon, 0));
  accounts = inbox_mail_service_get_accounts (service);
  for (guint i = 0; i < accounts->len; i++)
    add_account (self, accounts->pdata[i]);
  inbox_sidebar_refresh_counts (self);
}

gboolean
inbox_sidebar_select_mailbox (InboxSidebar *self,
                              const char   *mailbox)
{
  g_return_val_if_fail (INBOX_IS_SIDEBAR (self), FALSE);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (INBOX_IS_SIDEBAR_ROW (child) && g_strcmp0 (inbox_sidebar_row_get_mailbox (INBOX_SIDEBAR_ROW (child)), mailbox) == 0)
      {
        gtk_list_box_select_row (self->list, GTK_LIST_BOX_ROW (child));
        return TRUE;
      }
  return FALSE;
}

const char *
inbox_sidebar_get_mailbox (InboxSidebar *self)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (INBOX_IS_SIDEBAR (self), NULL);

  row = gtk_list_box_get_selected_row (self->list);
  return row != NULL ? inbox_sidebar_row_get_mailbox (INBOX_SIDEBAR_ROW (row)) : NULL;
}
