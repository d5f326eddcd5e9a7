/* test-account-setup.c: the account setup assistant against the fixture's Dovecot: a domain with no
 * settings to be found opens Manual Setup, an untrusted certificate shows its fingerprint and is
 * trusted by choice, a wrong password is said next to the password, and the right one adds the
 * account, which then appears in the sidebar.
 *
 * Runs under: inbox-fixture --imap --smtp --keyring --xvfb -- test-account-setup --tap
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "inbox-account-setup.h"
#include "inbox-application.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;

static gboolean
has_name_or_title (GtkWidget *widget, gconstpointer title)
{
  return ADW_IS_PREFERENCES_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

static GtkWidget *
row (GtkWindow *setup, const char *title)
{
  GtkWidget *found = find_descendant (GTK_WIDGET (setup), has_name_or_title, title);

  g_assert_nonnull (found);
  return found;
}

static void
set_text (GtkWindow *setup, const char *title, const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row (setup, title)), text);
}

static gboolean
is_visible_label_containing (GtkWidget *widget, gconstpointer text)
{
  return GTK_IS_LABEL (widget) && gtk_widget_is_drawable (widget) &&
         strstr (gtk_label_get_text (GTK_LABEL (widget)), text) != NULL;
}

static gboolean
print_errors (GtkWidget *widget, gconstpointer data)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "error") && gtk_widget_get_visible (widget))
    g_test_message ("shown: %s", gtk_label_get_text (GTK_LABEL (widget)));
  return FALSE;
}

static gboolean
is_spinning (GtkWidget *widget, gconstpointer data)
{
  return GTK_IS_SPINNER (widget) && gtk_widget_get_visible (widget);
}

/* Presses Connect and waits for the verification to finish (the spinner stops). */
static void
connect_and_wait (GtkWindow *setup)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.connect", NULL));
  spin (100);
  while (find_toplevel (INBOX_TYPE_ACCOUNT_SETUP) != NULL && find_descendant (GTK_WIDGET (setup), is_spinning, NULL) != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (100);
    }
  spin (200);
  if (find_toplevel (INBOX_TYPE_ACCOUNT_SETUP) != NULL)
    find_descendant (GTK_WIDGET (setup), print_errors, NULL);
}

static void
test_setup (void)
{
  GtkWindow *window, *setup;
  GtkWidget *manual, *trust, *sidebar_row;
  g_autoptr(GdkTexture) shot = NULL;
  g_autofree char *fingerprint = NULL;

  g_application_activate (G_APPLICATION (app));
  window = GTK_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  wait_until_drawn (GTK_WIDGET (window));
  g_action_group_activate_action (G_ACTION_GROUP (window), "add-account", NULL);
  spin (200);
  setup = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  g_assert_nonnull (setup);
  wait_until_drawn (GTK_WIDGET (setup));

  /* iCloud addresses explain app-specific passwords at once: a short step, then the form again
   * with a note beside the password. */
  set_text (setup, "Email Address", "someone@icloud.com");
  spin (1000);
  {
    GtkStack *steps = GTK_STACK (gtk_widget_get_template_child (GTK_WIDGET (setup), INBOX_TYPE_ACCOUNT_SETUP, "steps"));
    g_autoptr(GdkTexture) step = NULL;

    g_assert_cmpstr (gtk_stack_get_visible_child_name (steps), ==, "icloud");
    step = save_screenshot (GTK_WIDGET (setup), "account-setup-icloud.png");
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (setup), "setup.continue", NULL));
    spin (500);
    g_assert_cmpstr (gtk_stack_get_visible_child_name (steps), ==, "form");
  }
  g_assert_nonnull (find_descendant (GTK_WIDGET (setup), is_visible_label_containing, "app-specific password"));
  shot = save_screenshot (GTK_WIDGET (setup), "account-setup.png");

  /* A domain nobody has settings for (autoconfig asks only 127.0.0.1 here): said above Manual Setup,
   * which opens for the servers to be typed in, with the message still in sight. */
  set_text (setup, "Email Address", "someone@nowhere.invalid");
  set_text (setup, "Password", "secret");
  manual = row (setup, "Manual Setup");
  g_assert_false (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (manual)));
  connect_and_wait (setup);
  g_assert_true (adw_expander_row_get_enable_expansion (ADW_EXPANDER_ROW (manual)));
  g_assert_true (adw_expander_row_get_expanded (ADW_EXPANDER_ROW (manual)));
  {
    GtkWidget *said = find_descendant (GTK_WIDGET (setup), is_visible_label_containing, "No settings were found for nowhere.invalid");
    graphene_rect_t bounds;

    g_assert_nonnull (said);
    g_assert_true (gtk_widget_compute_bounds (said, GTK_WIDGET (setup), &bounds));
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (GTK_WIDGET (setup)));
    g_clear_object (&shot);
    shot = save_screenshot (GTK_WIDGET (setup), "account-setup-no-settings.png");
  }

  set_text (setup, "Your Name", "Test User");
  set_text (setup, "Email Address", g_getenv ("INBOX_TEST_USER"));
  set_text (setup, "Password", "not-the-password");
  set_text (setup, "IMAP Server", g_getenv ("INBOX_TEST_IMAP_HOST"));
  set_text (setup, "IMAP Port", g_getenv ("INBOX_TEST_IMAPS_PORT"));
  set_text (setup, "SMTP Server", g_getenv ("INBOX_TEST_IMAP_HOST"));
  set_text (setup, "SMTP Port", g_getenv ("INBOX_TEST_SMTP_PORT"));
  adw_combo_row_set_selected (ADW_COMBO_ROW (row (setup, "SMTP Security")), 2);  /* the fixture's SMTP is plain */
  /* Allowed, and said plainly. */
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (setup, "SMTP Security"))), ==,
                   "Your password and mail go unencrypted");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row (setup, "IMAP Security"))) ?: "", ==, "");
  {
    g_autoptr(GdkTexture) security = save_screenshot (row (setup, "SMTP Security"), "account-setup-unencrypted.png");
  }
  /* …and takes mail without a login. */
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row (setup, "SMTP Server Needs a Login")))), FALSE);

  /* The fixture's certificate is self-signed: its fingerprint is shown, and nothing is saved. */
  connect_and_wait (setup);
  g_assert_nonnull (find_toplevel (INBOX_TYPE_ACCOUNT_SETUP));
  g_assert_nonnull (find_descendant (GTK_WIDGET (setup), is_visible_label_containing, "SHA-256 fingerprint"));
  g_clear_object (&shot);
  shot = save_screenshot (GTK_WIDGET (setup), "account-setup-certificate.png");
  trust = find_descendant (GTK_WIDGET (setup), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_CHECK_BUTTON));
  g_assert_nonnull (trust);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (trust), TRUE);

  /* Trusted now, the wrong password is said next to the password. */
  connect_and_wait (setup);
  g_assert_nonnull (find_toplevel (INBOX_TYPE_ACCOUNT_SETUP));
  g_assert_nonnull (find_descendant (GTK_WIDGET (setup), is_visible_label_containing, "did not accept the user name or password"));
  g_clear_object (&shot);
  shot = save_screenshot (GTK_WIDGET (setup), "account-setup-wrong-password.png");

  /* The right one: the assistant closes and the account is in the sidebar. */
  set_text (setup, "Password", g_getenv ("INBOX_TEST_PASSWORD"));
  connect_and_wait (setup);
  g_assert_null (find_toplevel (INBOX_TYPE_ACCOUNT_SETUP));
  sidebar_row = find_descendant (GTK_WIDGET (window), is_label_with_text, g_getenv ("INBOX_TEST_USER"));
  g_assert_nonnull (sidebar_row);
  g_assert_true (gtk_widget_is_drawable (sidebar_row));

  /* …and its mail arrives in the list. */
  {
    GtkWidget *list_view = find_descendant (GTK_WIDGET (window), is_of_type, GSIZE_TO_POINTER (GTK_TYPE_LIST_VIEW));
    gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

    g_assert_nonnull (list_view);
    while (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)))) == 0)
      {
        g_assert_cmpint (g_get_monotonic_time (), <, deadline);
        spin (100);
      }
  }
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = ui_test_init_app (&argc, &argv);

  g_test_add_func ("/setup/certificate-then-wrong-then-right-password", test_setup);

  status = g_test_run ();
  g_application_quit (G_APPLICATION (app));
  g_clear_object (&app);
  return status;
}
