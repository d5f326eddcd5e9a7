/* test-demo.c: "Explore with a demo mailbox" from the welcome page starts the demo's own Dovecot
 * on 127.0.0.1, adds its account, and its conversations fill the list, HTML newsletters included.
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

  g_action_group_activate_action (G_ACTION_GROUP (window), "demo", NULL);
  /* Generating the mail, starting Dovecot, verifying, then the first sync. */
  while ((conversations = G_LIST_MODEL (gtk_list_view_get_model (inbox_window_get_list_view (window)))) == NULL ||
         g_list_model_get_n_items (conversations) < 50)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (200);
    }
  g_assert_nonnull (find_descendant (GTK_WIDGET (window), is_label_with_text, "you@demo.example"));

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

int
main (int    argc,
      char **argv)
{
  int status;

  app = ui_test_init_app (&argc, &argv);

  g_test_add_func ("/demo/explore", test_demo_mailbox);

  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
