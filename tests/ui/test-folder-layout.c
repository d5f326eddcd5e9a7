/* test-folder-layout.c: the sidebar of an account on a Courier-style server (every folder under
 * "INBOX.", "." between levels, no SPECIAL-USE, iCloud's names): the special folders are found by
 * name and shown as any server's are, at the account's top level with their icons, not all
 * indented under the Inbox; a project's subfolder stays indented under its folder. Special
 * Folders and the folder chooser name them the same way ("Archive", not "INBOX/Archive"), and a
 * choice there still reaches the server's folder.
 *
 * Runs under: inbox-fixture --imap --smtp --keyring --xvfb --imap-old-style -- with_account.py INBOX_CLI
 *             test-folder-layout --tap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "inbox-application.h"
#include "inbox-folder-chooser.h"
#include "inbox-folder-roles.h"
#include "inbox-mail-service.h"
#include "inbox-sidebar-row.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;

static gboolean
is_sidebar_label (GtkWidget     *widget,
                  gconstpointer  text)
{
  return is_label_with_text (widget, text) && gtk_widget_get_ancestor (widget, INBOX_TYPE_SIDEBAR_ROW) != NULL;
}

static gboolean
is_image (GtkWidget *widget, gconstpointer unused)
{
  return GTK_IS_IMAGE (widget);
}

/* How far the row of the folder shown as `name` is indented (its icon's margin). */
static int
indent_of (GtkWidget  *window,
           const char *name)
{
  GtkWidget *label = is_sidebar_label (window, name) ? window : find_descendant (window, is_sidebar_label, name);
  GtkWidget *row, *icon;

  g_assert_nonnull (label);
  row = gtk_widget_get_ancestor (label, INBOX_TYPE_SIDEBAR_ROW);
  icon = find_descendant (row, is_image, NULL);
  g_assert_nonnull (icon);
  return gtk_widget_get_margin_start (icon);
}

/* The deepest row shown as `name` (the unified mailboxes' "Sent" is at the top, unindented). */
static int
deepest_indent_of (GtkWidget  *widget,
                   const char *name)
{
  int deepest = -1;

  if (is_sidebar_label (widget, name))
    return indent_of (widget, name);
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    deepest = MAX (deepest, deepest_indent_of (child, name));
  return deepest;
}

static gboolean
shows_sent_messages (gconstpointer window)
{
  return find_descendant ((GtkWidget *) window, is_sidebar_label, "Sent Messages") != NULL;
}

static gboolean
lists_one (gconstpointer window)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (INBOX_WINDOW ((gpointer) window))));

  return model != NULL && g_list_model_get_n_items (model) == 1;
}

static gboolean
lists_some (gconstpointer window)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (INBOX_WINDOW ((gpointer) window))));

  return model != NULL && g_list_model_get_n_items (model) > 0;
}

static void
test_old_style_sidebar (void)
{
  GtkWidget *window;
  const char *top_level[] = { "Drafts", "Sent Messages", "Archive", "Junk", "Deleted Messages", "Projects" };

  g_application_activate (G_APPLICATION (app));
  window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 900);
  wait_until_drawn (window);
  wait_for (shows_sent_messages, window, "the account's folders in the sidebar");
  spin (300);
  save_screenshot (window, "folder-layout-old-style.png");

  for (gsize i = 0; i < G_N_ELEMENTS (top_level); i++)
    g_assert_cmpint (indent_of (window, top_level[i]), ==, indent_of (window, "Inbox"));
  /* INBOX.Projects.Sent: one level down, and not the account's Sent. */
  g_assert_cmpint (deepest_indent_of (window, "Sent"), >, indent_of (window, "Projects"));
  /* The unified Sent (every account's sent mail) holds the fixture's one sent message. */
  g_assert_true (inbox_window_select_mailbox (INBOX_WINDOW (window), "sent"));
  wait_for (lists_one, window, "the unified Sent to list the message in INBOX.Sent Messages");
}

static GtkWidget *
active_window (void)
{
  return GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));
}

static gboolean
archive_role_is (gconstpointer role)
{
  g_autofree char *now = folder_role (inbox_mail_service_get_store (inbox_application_get_service (app)), "INBOX/Archive");

  return g_strcmp0 (now, role) == 0;
}

static gboolean
is_archive_row (GtkWidget     *widget,
                gconstpointer  unused)
{
  return ADW_IS_COMBO_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), "Archive") == 0;
}

static GtkStringList *
choices_of (GtkWidget *combo_row)
{
  return GTK_STRING_LIST (adw_combo_row_get_model (ADW_COMBO_ROW (combo_row)));
}

/* Special Folders lists the folders as the sidebar names them, and choosing one gives the role
 * to the server's folder behind the name. */
static void
test_special_folders_names (void)
{
  GtkWindow *roles;
  GtkWidget *archive_row;
  guint n, archive = 0;

  roles = open_by_action (active_window (), "special-folders", INBOX_TYPE_FOLDER_ROLES);
  save_screenshot (GTK_WIDGET (roles), "special-folders-old-style.png");
  archive_row = find_descendant (GTK_WIDGET (roles), is_archive_row, NULL);
  g_assert_nonnull (archive_row);
  n = g_list_model_get_n_items (G_LIST_MODEL (choices_of (archive_row)));
  for (guint i = 0; i < n; i++)
    {
      const char *choice = gtk_string_list_get_string (choices_of (archive_row), i);

      g_assert_false (g_str_has_prefix (choice, "INBOX"));
      if (g_str_equal (choice, "Archive"))
        archive = i;
    }
  g_assert_cmpuint (archive, >, 0);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (archive_row)), ==, archive);

  adw_combo_row_set_selected (ADW_COMBO_ROW (archive_row), 0);
  wait_for (archive_role_is, "none", "None to take the Archive role from INBOX.Archive");
  spin (200);
  /* The window lists the folders again after each choice. */
  archive_row = find_descendant (GTK_WIDGET (roles), is_archive_row, NULL);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (archive_row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (archive_row), archive);
  wait_for (archive_role_is, "archive", "choosing Archive to give INBOX.Archive the role again");
  gtk_window_close (roles);
  spin (200);
}

/* Move to Folder offers "Projects" and "Projects/Sent", and filters on those names. */
static void
test_chooser_names (void)
{
  GtkWindow *chooser;
  GtkEditable *filter;

  g_assert_true (inbox_window_select_mailbox (INBOX_WINDOW (active_window ()), "inbox"));
  wait_for (lists_some, active_window (), "the Inbox's conversations");
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (INBOX_WINDOW (active_window ())))),
                                   0, TRUE);
  spin (300);
  chooser = open_by_action (active_window (), "move-to-folder", INBOX_TYPE_FOLDER_CHOOSER);
  save_screenshot (GTK_WIDGET (chooser), "folder-chooser-old-style.png");
  g_assert_nonnull (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "Archive"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "Projects"));
  g_assert_nonnull (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "Projects/Sent"));
  g_assert_null (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "INBOX/Projects"));
  /* Every folder here is below INBOX: typing "inbox" finds none of them. */
  filter = GTK_EDITABLE (find_descendant (GTK_WIDGET (chooser), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_SEARCH_ENTRY)));
  g_assert_nonnull (filter);
  gtk_editable_set_text (filter, "inbox");
  spin (200);
  g_assert_false (gtk_widget_get_child_visible (gtk_widget_get_ancestor (find_descendant (GTK_WIDGET (chooser), is_label_with_text, "Projects"),
                                                                         GTK_TYPE_LIST_BOX_ROW)));
  gtk_window_close (chooser);
  spin (200);
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = ui_test_init_app (&argc, &argv);
  g_test_add_func ("/folder-layout/old-style", test_old_style_sidebar);
  g_test_add_func ("/folder-layout/special-folders", test_special_folders_names);
  g_test_add_func ("/folder-layout/chooser", test_chooser_names);
  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
