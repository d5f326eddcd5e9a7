/* test-long-list.c: the real app on a store of more conversations than GtkListView builds rows for.
 * The window first gives the list view only the conversations that fit it (a short first frame,
 * see set_conversations() in inbox-conversation-pane.c), then the rest a page per frame: every conversation
 * ends up in the list, in order, and the last one can be scrolled to and is drawn.
 *
 * Runs under: inbox-fixture --keyring --xvfb -- test-long-list --tap
 *   (INBOX_GENERATOR: src/demo/inbox-generate-mailbox, which writes the mail imported first)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "inbox-application.h"
#include "inbox-conversation-row.h"
#include "inbox-importer.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;
static gint64 expected;

static GListModel *
conversations (InboxWindow *window)
{
  return G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window)));
}

static gboolean
has_every_conversation (gconstpointer window)
{
  return g_list_model_get_n_items (conversations ((InboxWindow *) window)) == (guint) expected;
}

static guint
count_rows (GtkWidget *widget)
{
  guint n = INBOX_IS_CONVERSATION_ROW (widget) ? 1 : 0;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    n += count_rows (child);
  return n;
}

static void
test_list_fills_in (void)
{
  InboxWindow *window;
  GtkAdjustment *adjustment;
  guint first_rows;
  g_autoptr(InboxConversation) last = NULL;
  g_autoptr(GdkTexture) shot = NULL;

  g_application_activate (G_APPLICATION (app));
  window = INBOX_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  /* No frame has run yet: the list view has what a window can show, not the mailbox. */
  first_rows = g_list_model_get_n_items (conversations (window));
  g_assert_cmpuint (first_rows, >=, 13);
  g_assert_cmpuint (first_rows, <, 100);
  g_assert_cmpint (expected, >, 300);

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  wait_until_drawn (GTK_WIDGET (window));
  wait_for (has_every_conversation, window, "the whole list");
  /* GTK 4.8 keeps rows for at most ~200 conversations, whatever the mailbox holds. */
  g_assert_cmpuint (count_rows (GTK_WIDGET (window)), <=, 260);

  /* The end of the list is reachable and drawn. */
  last = g_list_model_get_item (conversations (window), (guint) expected - 1);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (inbox_window_get_list_view (window)));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  spin (300);
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), is_label_with_text, inbox_conversation_get_subject (last)));

  shot = save_screenshot (GTK_WIDGET (window), "long-list-end.png");
  g_assert_cmpuint (count_colours (shot), >, 20);
}

/* Before the app starts (it opens the store at startup): a generated mailbox, imported. */
static void
fill_store (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("inbox-long-list-XXXXXX", &error);
  g_autofree char *maildir = NULL;
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(InboxImporter) importer = NULL;
  int status;

  g_assert_no_error (error);
  maildir = g_build_filename (dir, "mail", NULL);
  const char *argv[] = { g_getenv ("INBOX_GENERATOR"), "--count", "1200", maildir, NULL };
  g_assert_nonnull (argv[0]);
  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  store = inbox_store_open (NULL, &error);
  g_assert_no_error (error);
  importer = inbox_importer_new (store, "Local");
  g_assert_true (inbox_importer_import (importer, maildir, &error));
  g_assert_no_error (error);
  expected = inbox_store_count_conversations_sync (store, "inbox", NULL);
}

int
main (int    argc,
      char **argv)
{
  int status;

  fill_store ();
  app = ui_test_init_app (&argc, &argv);
  g_test_add_func ("/long-list/fills-in", test_list_fills_in);

  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
