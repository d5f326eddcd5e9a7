/* inbox-folder-roles.c: for each account, which folder is its Sent, Drafts, Archive, Trash and
 * Spam. The syncer takes them from the server's SPECIAL-USE marks, else from the usual names; a
 * server that marks none (or the wrong one) leaves archive or spam failing with "Mailboxes not
 * configured", and this is where the user says which folder it is. A choice applies at once, like
 * the rest of Preferences, and sticks across syncs (the store keeps it as chosen). "None" takes
 * the role away: actions that need it then fail plainly rather than guess.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-folder-roles.h"
#include "inbox-toast.h"

struct _InboxFolderRoles
{
  AdwWindow parent_instance;

  AdwToastOverlay *toast_overlay;
  AdwPreferencesPage *page;

  InboxMailService *service;
  GPtrArray *groups;  /* one per account, rebuilt after each choice */
  gboolean filling;
};

G_DEFINE_FINAL_TYPE (InboxFolderRoles, inbox_folder_roles, ADW_TYPE_WINDOW)

static const struct {
  const char *role;
  const char *title;
} roles[] = {
  { "sent",    N_("Sent") },
  { "drafts",  N_("Drafts") },
  { "archive", N_("Archive") },
  { "trash",   N_("Trash") },
  { "junk",    N_("Spam") },
};

static void fill (InboxFolderRoles *self);

static void
role_set (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(InboxFolderRoles) self = user_data;
  g_autoptr(GError) error = NULL;

  gboolean done = inbox_mail_service_set_folder_role_finish (INBOX_MAIL_SERVICE (object), result, &error);

  /* Closed meanwhile: the choice is made, and there is nothing to show it in. */
  if (self->service == NULL)
    return;
  if (!done)
    adw_toast_overlay_add_toast (self->toast_overlay, inbox_toast_new_plain (error->message));
  /* What the store now says: a folder that had the role gave it up. */
  fill (self);
}

static void
selected_cb (AdwComboRow      *row,
             GParamSpec       *pspec,
             InboxFolderRoles *self)
{
  const char *account = g_object_get_data (G_OBJECT (row), "account");
  const char *role = g_object_get_data (G_OBJECT (row), "role");
  const char *holder = g_object_get_data (G_OBJECT (row), "holder");
  guint selected = adw_combo_row_get_selected (row);
  const char * const *paths = g_object_get_data (G_OBJECT (row), "paths");

  if (self->filling || selected == GTK_INVALID_LIST_POSITION)
    return;
  if (selected == 0)
    {
      /* None: the folder that plays the role stops playing it. */
      if (holder != NULL)
        inbox_mail_service_set_folder_role_async (self->service, account, holder, "none", role_set, g_object_ref (self));
      return;
    }
  inbox_mail_service_set_folder_role_async (self->service, account, paths[selected - 1], role,
                                            role_set, g_object_ref (self));
}

static GtkWidget *
role_row (InboxFolderRoles         *self,
          const InboxAccountConfig *config,
          GPtrArray                *folders,
          guint                     r)
{
  GtkWidget *row = adw_combo_row_new ();
  /* The list shows each folder as a person reads it; "paths" holds the server's, one behind. */
  g_autoptr(GtkStringList) shown = gtk_string_list_new (NULL);
  g_autoptr(GStrvBuilder) paths = g_strv_builder_new ();
  guint selected = 0;

  /* Translators: the choice of no folder for a role (Sent, Archive…). */
  gtk_string_list_append (shown, _("None"));
  for (guint i = 0; i < folders->len; i++)
    {
      const InboxFolderInfo *folder = folders->pdata[i];

      /* The Inbox is the Inbox; it cannot be the Archive too. */
      if (g_strcmp0 (folder->role, "inbox") == 0)
        continue;
      gtk_string_list_append (shown, folder->shown);
      g_strv_builder_add (paths, folder->path);
      if (g_strcmp0 (folder->role, roles[r].role) == 0)
        {
          selected = g_list_model_get_n_items (G_LIST_MODEL (shown)) - 1;
          g_object_set_data_full (G_OBJECT (row), "holder", g_strdup (folder->path), g_free);
        }
    }
  g_object_set_data_full (G_OBJECT (row), "paths", g_strv_builder_end (paths), (GDestroyNotify) g_strfreev);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(roles[r].title));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (shown));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), selected);
  g_object_set_data_full (G_OBJECT (row), "account", g_strdup (config->uid), g_free);
  g_object_set_data (G_OBJECT (row), "role", (gpointer) roles[r].role);
  g_signal_connect (row, "notify::selected", G_CALLBACK (selected_cb), self);
  return row;
}

static int
by_path (gconstpointer a,
         gconstpointer b)
{
  const InboxFolderInfo *first = *(InboxFolderInfo * const *) a;
  const InboxFolderInfo *second = *(InboxFolderInfo * const *) b;

  return g_utf8_collate (first->shown, second->shown);
}

static void
fill (InboxFolderRoles *self)
{
  GPtrArray *accounts = inbox_mail_service_get_accounts (self->service);

  self->filling = TRUE;
  for (guint i = 0; i < self->groups->len; i++)
    adw_preferences_page_remove (self->page, self->groups->pdata[i]);
  g_ptr_array_set_size (self->groups, 0);

  for (guint i = 0; i < accounts->len; i++)
    {
      const InboxAccountConfig *config = accounts->pdata[i];
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) folders = inbox_store_list_folders_sync (inbox_mail_service_get_store (self->service),
                                                                    config->uid, &error);
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

      adw_preferences_group_set_title (group, config->email);
      if (folders != NULL)
        g_ptr_array_sort (folders, by_path);
      if (folders == NULL || folders->len == 0)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No folders yet"));
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                       folders == NULL ? error->message : _("They are listed after the account’s first sync."));
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_preferences_group_add (group, row);
        }
      else
        for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
          adw_preferences_group_add (group, role_row (self, config, folders, r));
      adw_preferences_page_add (self->page, group);
      g_ptr_array_add (self->groups, group);
    }
  self->filling = FALSE;
}

static void
inbox_folder_roles_dispose (GObject *object)
{
  InboxFolderRoles *self = INBOX_FOLDER_ROLES (object);

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_object (&self->service);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_FOLDER_ROLES);

  G_OBJECT_CLASS (inbox_folder_roles_parent_class)->dispose (object);
}

static void
inbox_folder_roles_class_init (InboxFolderRolesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_folder_roles_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-folder-roles.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxFolderRoles, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InboxFolderRoles, page);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inbox_folder_roles_init (InboxFolderRoles *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->groups = g_ptr_array_new ();
}

InboxFolderRoles *
inbox_folder_roles_new (GtkWindow        *parent,
                        InboxMailService *service)
{
  InboxFolderRoles *self = g_object_new (INBOX_TYPE_FOLDER_ROLES, "transient-for", parent, NULL);

  self->service = g_object_ref (service);
  fill (self);
  return self;
}
