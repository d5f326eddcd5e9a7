/* test-folder-layout.c: the sidebar of an account on a Courier-style server (every folder under
 * "INBOX.", "." between levels, no SPECIAL-USE, iCloud's names): the special folders are found by
 * name and shown as any server's are, at the account's top level with their icons, not all
 * indented under the Inbox; a project's subfolder stays indented under its folder.
 *
 * Runs under: inbox-fixture --imap --smtp --keyring --xvfb --imap-old-style -- with_account.py INBOX_CLI
 *             test-folder-layout --tap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "inbox-application.h"
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

int
main (int    argc,
      char **argv)
{
  int status;

  app = ui_test_init_app (&argc, &argv);
  g_test_add_func ("/folder-layout/old-style", test_old_style_sidebar);
  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
