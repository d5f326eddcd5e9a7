/* test-welcome.c: the real app starts in a real window and shows its welcome page.
 *
 * Runs under: inbox-fixture --keyring --xvfb (GApplication registers on the session bus).
 * Screenshots go to $INBOX_SCREENSHOT_DIR (the build dir's screenshots/): look at them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "inbox-account-setup.h"
#include "inbox-application.h"
#include "inbox-conversation-row.h"
#include "inbox-toast-pacer.h"
#include "inbox-window.h"
#include "ui-helpers.h"

static InboxApplication *app;

static InboxWindow *
active_window (void)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (INBOX_IS_WINDOW (window));
  return INBOX_WINDOW (window);
}

static void
test_welcome_page (void)
{
  GtkWidget *window;
  GtkWidget *status;
  GtkWidget *button;
  GtkWindow *setup;
  g_autoptr(GdkTexture) shot = NULL;

  g_application_activate (G_APPLICATION (app));
  window = GTK_WIDGET (active_window ());
  wait_until_drawn (window);

  status = find_descendant (window, is_of_type, GSIZE_TO_POINTER (ADW_TYPE_STATUS_PAGE));
  g_assert_nonnull (status);
  g_assert_true (gtk_widget_is_drawable (status));
  g_assert_cmpstr (adw_status_page_get_title (ADW_STATUS_PAGE (status)), ==, "Welcome to Inbox");
  g_assert_nonnull (strstr (adw_status_page_get_description (ADW_STATUS_PAGE (status)), "IMAP"));

  button = find_descendant (window, has_action, "win.add-account");
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_drawable (button));
  g_assert_true (gtk_widget_is_sensitive (button));
  g_assert_true (gtk_widget_has_css_class (button, "suggested-action"));

  shot = save_screenshot (window, "welcome.png");
  g_assert_cmpint (gdk_texture_get_width (shot), ==, gtk_widget_get_width (window));
  g_assert_cmpuint (count_colours (shot), >, 20);

  /* The button opens the account setup assistant over the window. */
  g_signal_emit_by_name (button, "clicked");
  spin (300);
  setup = find_toplevel (INBOX_TYPE_ACCOUNT_SETUP);
  g_assert_nonnull (setup);
  g_assert_true (gtk_window_get_transient_for (setup) == GTK_WINDOW (window));
  wait_until_drawn (GTK_WIDGET (setup));
  gtk_window_close (setup);
  spin (200);
  g_assert_null (find_toplevel (INBOX_TYPE_ACCOUNT_SETUP));
}

static void
test_single_window (void)
{
  GtkWindow *first = GTK_WINDOW (active_window ());

  /* A second activation (a second `inbox` launch, or a click in the dock) presents the same window. */
  g_application_activate (G_APPLICATION (app));
  spin (100);
  g_assert_true (GTK_WINDOW (active_window ()) == first);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);
}

static void
test_open_mailto (void)
{
  GtkWidget *window = GTK_WIDGET (active_window ());
  g_autoptr(GFile) link = g_file_new_for_uri ("mailto:ada%40example.net?subject=Hello");
  GFile *files[] = { link };

  g_application_open (G_APPLICATION (app), files, 1, "");
  spin (300);
  g_assert_nonnull (find_descendant (window, is_label_with_text, "Add an account to write to ada@example.net"));
}

static void
test_about (void)
{
  GtkWindow *about;
  g_autoptr(GdkTexture) shot = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (app), "about", NULL);
  spin (100);
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  wait_until_drawn (GTK_WIDGET (about));

  g_assert_cmpstr (adw_about_window_get_version (ADW_ABOUT_WINDOW (about)), ==, PACKAGE_VERSION);
  g_assert_cmpstr (adw_about_window_get_application_icon (ADW_ABOUT_WINDOW (about)), ==, APP_ID);
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), "WebKitGTK 2."));
  g_assert_nonnull (strstr (adw_about_window_get_debug_info (ADW_ABOUT_WINDOW (about)), "Camel"));

  shot = save_screenshot (GTK_WIDGET (about), "about.png");
  g_assert_cmpuint (count_colours (shot), >, 20);
  gtk_window_destroy (about);
}

static void
test_shortcuts_window (void)
{
  GtkWindow *shortcuts;
  g_autoptr(GdkTexture) shot = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (active_window ()), "show-help-overlay", NULL);
  spin (100);
  shortcuts = find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (shortcuts);
  wait_until_drawn (GTK_WIDGET (shortcuts));
  g_assert_nonnull (find_descendant (GTK_WIDGET (shortcuts), is_label_with_text, "Quit"));

  shot = save_screenshot (GTK_WIDGET (shortcuts), "shortcuts.png");
  gtk_window_close (shortcuts);
}

static void
test_accelerators (void)
{
  g_auto(GStrv) quit = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "app.quit");
  g_auto(GStrv) help = gtk_application_get_accels_for_action (GTK_APPLICATION (app), "win.show-help-overlay");

  static const struct { const char *action; const char *accel; } expected[] = {
    { "win.compose", "<Control>n" }, { "win.reply", "<Control>r" }, { "win.reply-all", "<Shift><Control>r" }, { "win.forward", "<Shift><Control>f" },
    { "win.spam", "<Shift><Control>s" }, { "win.toggle-read", "<Control>u" }, { "win.move-to-folder", "<Shift><Control>l" },
    { "win.search", "<Control>f" }, { "win.preferences", "<Control>comma" }, { "win.check-mail", "F5" },
    { "win.undo", "<Control>z" },
  };

  g_assert_cmpstrv (quit, ((const char *[]) { "<Control>q", NULL }));
  g_assert_nonnull (help[0]);
  /* The table; E, S, J, K, Delete and Backspace are on the window's own shortcut controller. */
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (app), expected[i].action);
      guint key, wanted_key;
      GdkModifierType mods, wanted_mods;

      g_assert_nonnull (accels[0]);
      g_assert_true (gtk_accelerator_parse (accels[0], &key, &mods));
      g_assert_true (gtk_accelerator_parse (expected[i].accel, &wanted_key, &wanted_mods));
      g_assert_cmpuint (key, ==, wanted_key);
      g_assert_cmpuint (mods, ==, wanted_mods);
    }
}

static void
test_window_size_is_remembered (void)
{
  GtkWindow *window = GTK_WINDOW (active_window ());
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  InboxWindow *reopened;
  int width, height;

  gtk_window_set_default_size (window, 900, 640);
  spin (200);
  gtk_window_close (window);
  spin (100);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);

  g_application_activate (G_APPLICATION (app));
  reopened = active_window ();
  gtk_window_get_default_size (GTK_WINDOW (reopened), &width, &height);
  g_assert_cmpint (width, ==, 900);
  g_assert_cmpint (height, ==, 640);
}

static void
set_flag (gboolean *flag)
{
  *flag = TRUE;
}

static void
remember_string (GSimpleAction *action,
                 GVariant      *parameter,
                 char         **got)
{
  g_free (*got);
  *got = g_variant_dup_string (parameter, NULL);
}

static gboolean
is_button_labelled (GtkWidget     *widget,
                    gconstpointer  label)
{
  return GTK_IS_BUTTON (widget) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (widget)), label) == 0 &&
         gtk_widget_get_mapped (widget);
}

/* A toast's own button (Undo) takes no click while the toast slides in: libadwaita 1.2 dismisses a
 * toast at once when its button is pressed, and crashes when that happens during the show
 * animation. The button is insensitive for that time, then works. */
static void
test_toast_button_waits (void)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *overlay = adw_toast_overlay_new ();
  g_autoptr(InboxToastPacer) pacer = inbox_toast_pacer_new (ADW_TOAST_OVERLAY (overlay));
  AdwToast *toast = adw_toast_new ("Conversation archived");
  GtkWidget *button;
  gboolean clicked = FALSE;

  adw_toast_overlay_set_child (ADW_TOAST_OVERLAY (overlay), gtk_label_new ("list"));
  gtk_window_set_child (GTK_WINDOW (window), overlay);
  gtk_window_set_default_size (GTK_WINDOW (window), 600, 400);
  gtk_window_present (GTK_WINDOW (window));
  wait_until_drawn (window);

  adw_toast_set_button_label (toast, "_Undo");
  g_signal_connect_swapped (toast, "button-clicked", G_CALLBACK (set_flag), &clicked);
  inbox_toast_pacer_add (pacer, toast);
  spin (60);
  button = find_descendant (window, is_button_labelled, "_Undo");
  g_assert_nonnull (button);
  g_assert_false (gtk_widget_get_sensitive (button));  /* sliding in */
  spin (700);
  g_assert_true (gtk_widget_get_sensitive (button));
  g_signal_emit_by_name (button, "clicked");
  g_assert_true (clicked);  /* the toast's own handler ran */
  spin (700);

  /* A button with an action of its own (Enter Password…): the same wait, then that action, with its
   * target. */
  {
    g_autoptr(GSimpleActionGroup) group = g_simple_action_group_new ();
    g_autoptr(GSimpleAction) hit = g_simple_action_new ("hit", G_VARIANT_TYPE_STRING);
    AdwToast *with_action = adw_toast_new ("ada@example.com needs its password again");
    g_autofree char *got = NULL;

    g_signal_connect (hit, "activate", G_CALLBACK (remember_string), &got);
    g_action_map_add_action (G_ACTION_MAP (group), G_ACTION (hit));
    gtk_widget_insert_action_group (window, "test", G_ACTION_GROUP (group));
    adw_toast_set_button_label (with_action, "_Enter Password…");
    adw_toast_set_action_name (with_action, "test.hit");
    adw_toast_set_action_target_value (with_action, g_variant_new_string ("account-1"));
    adw_toast_set_priority (with_action, ADW_TOAST_PRIORITY_HIGH);
    inbox_toast_pacer_add (pacer, with_action);
    spin (60);
    button = find_descendant (window, is_button_labelled, "_Enter Password…");
    g_assert_nonnull (button);
    g_assert_false (gtk_widget_get_sensitive (button));
    spin (700);
    g_assert_true (gtk_widget_get_sensitive (button));
    g_signal_emit_by_name (button, "clicked");
    g_assert_cmpstr (got, ==, "account-1");
  }
  spin (400);
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The dates of the list and the message cards: short, unpadded, and with the year when it is not
 * this one, written out so that day and month can't be taken for each other. */
static void
test_relative_dates (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_local (2026, 11, 23, 15, 30, 0);
  struct { int year, month, day, hour, minute; gboolean use_24h; const char *expected; } cases[] = {
    { 2026, 11, 23, 9, 5, TRUE, "09:05" },
    { 2026, 11, 23, 9, 5, FALSE, "9:05 AM" },
    { 2026, 11, 22, 23, 0, TRUE, "Yesterday" },
    { 2026, 11, 19, 12, 0, TRUE, "Thursday" },
    { 2026, 4, 8, 12, 0, TRUE, "Apr 8" },
    { 2024, 3, 1, 12, 0, TRUE, "Mar 1, 2024" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GDateTime) then = g_date_time_new_local (cases[i].year, cases[i].month, cases[i].day,
                                                         cases[i].hour, cases[i].minute, 0);
      g_autofree char *text = inbox_format_relative_time (g_date_time_to_unix (then), g_date_time_to_unix (now),
                                                          cases[i].use_24h);

      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

int
main (int    argc,
      char **argv)
{
  int status;

  app = ui_test_init_app (&argc, &argv);

  g_test_add_func ("/ui/welcome-page", test_welcome_page);
  g_test_add_func ("/ui/single-window", test_single_window);
  g_test_add_func ("/ui/open-mailto", test_open_mailto);
  g_test_add_func ("/ui/about", test_about);
  g_test_add_func ("/ui/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/accelerators", test_accelerators);
  g_test_add_func ("/ui/window-size-is-remembered", test_window_size_is_remembered);
  g_test_add_func ("/ui/relative-dates", test_relative_dates);
  g_test_add_func ("/ui/toast-button-waits", test_toast_button_waits);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
