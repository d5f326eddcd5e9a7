/* test-demo.c: "Explore with a demo mailbox" from the welcome page starts the demo's own Dovecot
 * on 127.0.0.1, adds its account, and its conversations fill the list, HTML newsletters included.
 * While the first sync downloads, the account's heading in the sidebar says how far it is.
 *
 * Runs under: inbox-fixture --keyring --xvfb -- test-demo --tap   (INBOX_DEMO: src/demo/inbox-demo)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "inbox-application.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;
static char *download_line;  /* the first "Downloading …" the sidebar showed */

static gboolean
is_download_line (GtkWidget     *widget,
                  gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget) &&
         g_str_has_prefix (gtk_label_get_text (GTK_LABEL (widget)), "Downloading ");
}

/* Connected after the sidebar's own handler: the row shows this report already. */
static void
account_status_cb (InboxMailService *service,
                   const char       *uid,
                   InboxWindow      *window)
{
  GtkWidget *line = find_descendant (GTK_WIDGET (window), is_download_line, NULL);

  if (line != NULL && download_line == NULL)
    download_line = g_strdup (gtk_label_get_text (GTK_LABEL (line)));
}

static void
test_demo_mailbox (void)
{
  InboxWindow *window;
  GListModel *conversations;
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  g_autoptr(GdkTexture) shot = NULL;

  g_application_activate (G_APPLICATION (app));
  window = INBOX_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 760);
  wait_until_drawn (GTK_WIDGET (window));
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), has_action, "win.demo"));

  g_signal_connect_object (inbox_application_get_service (app), "account-progress", G_CALLBACK (account_status_cb),
                           window, 0);
  g_action_group_activate_action (G_ACTION_GROUP (window), "demo", NULL);
  /* Generating the mail, starting Dovecot, verifying, then the first sync. */
  while ((conversations = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window)))) == NULL ||
         g_list_model_get_n_items (conversations) < 50)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (200);
    }
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), is_label_with_text, "you@demo.example"));
  /* The demo's Inbox is a few hundred messages: the first sync said how far it was, and says
   * nothing once it is done. */
  while (find_descendant (GTK_WIDGET (window), is_download_line, NULL) != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (200);
    }
  g_test_message ("the sidebar showed: %s", download_line);
  g_assert_nonnull (download_line);
  g_assert_true (g_regex_match_simple ("^Downloading Inbox\n[0-9]+ of [0-9]+$", download_line, 0, 0));

  /* A newsletter, for the screenshot: HTML with its remote images blocked. */
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(InboxConversation) conversation = g_list_model_get_item (conversations, i);

      if (strstr (inbox_conversation_get_subject (conversation), "issue") != NULL)
        {
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (conversations), i, TRUE);
          break;
        }
    }
  spin (3000);
  g_test_message ("window visible %d mapped %d size %dx%d", gtk_widget_get_visible (GTK_WIDGET (window)),
                  gtk_widget_get_mapped (GTK_WIDGET (window)), gtk_widget_get_width (GTK_WIDGET (window)),
                  gtk_widget_get_height (GTK_WIDGET (window)));
  wait_until_drawn (GTK_WIDGET (window));
  shot = save_screenshot (GTK_WIDGET (window), "demo.png");
  g_assert_cmpuint (count_colours (shot), >, 20);
}

static const InboxAccountConfig *
demo_account (void)
{
  GPtrArray *accounts = inbox_mail_service_get_accounts (inbox_application_get_service (app));

  g_assert_cmpuint (accounts->len, ==, 1);
  return accounts->pdata[0];
}

static gboolean
demo_synced_on_new_ports (gconstpointer old_port)
{
  const InboxAccountConfig *account = demo_account ();

  return account->imap_port != GPOINTER_TO_UINT (old_port) &&
         inbox_mail_service_get_status (inbox_application_get_service (app), account->uid, NULL) == INBOX_SYNC_STATUS_IDLE;
}

/* The demo's folder (its servers' ports and certificate) is gone while its account stays, as
 * when someone clears ~/.local/share/inbox/demo: the next start makes new servers on other
 * ports, and the account follows them and syncs, instead of failing to connect for good. */
static void
test_demo_folder_removed (void)
{
  InboxMailService *service = inbox_application_get_service (app);
  guint old_port = demo_account ()->imap_port;
  g_autofree char *folder = g_build_filename (g_get_user_data_dir (), "inbox", "demo", NULL);
  /* As root, the demo keeps its servers in /var/tmp instead (see src/demo/inbox-demo). */
  g_autofree char *hash = g_compute_checksum_for_string (G_CHECKSUM_SHA256, folder, -1);
  g_autofree char *as_root = g_strdup_printf ("/var/tmp/inbox-demo-%.12s", hash);
  g_autofree char *command = g_strdup_printf ("rm -rf %s %s", folder, as_root);
  gint64 deadline = g_get_monotonic_time () + 120 * G_USEC_PER_SEC;
  int status;

  inbox_mail_service_stop (service);
  g_assert_true (g_spawn_command_line_sync (command, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
  inbox_mail_service_start (service);
  /* The demo makes its mailbox again first, as at its first start: longer than wait_for's 30 s on
   * a busy machine. */
  while (!demo_synced_on_new_ports (GUINT_TO_POINTER (old_port)))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (200);
    }
  /* And it stays connected: a pass on the new servers ends without an error. */
  inbox_mail_service_check_now (service);
  spin (3000);
  g_assert_cmpint (inbox_mail_service_get_status (service, demo_account ()->uid, NULL), ==, INBOX_SYNC_STATUS_IDLE);
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = ui_test_init_app (&argc, &argv);

  g_test_add_func ("/demo/explore", test_demo_mailbox);
  g_test_add_func ("/demo/folder-removed", test_demo_folder_removed);

  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
