/* test-welcome.c: the real app starts in a real window and shows its welcome page.
 *
 * Runs under: inbox-fixture --keyring --xvfb (GApplication registers on the session bus).
 * Screenshots go to $INBOX_SCREENSHOT_DIR (the build dir's screenshots/): look at them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "inbox-application.h"
#include "inbox-window.h"

static InboxApplication *app;

static gboolean
timeout_reached (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spin the main loop for a while, so that layout, paint and toasts happen as for a user. */
static void
spin (guint milliseconds)
{
  gboolean reached = FALSE;

  g_timeout_add (milliseconds, timeout_reached, &reached);
  while (!reached)
    g_main_context_iteration (NULL, TRUE);
}

static void
wait_until_drawn (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!(gtk_widget_get_mapped (widget) && gtk_widget_get_width (widget) > 0))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      spin (20);
    }
  spin (300);
}

static GtkWidget *
find_descendant (GtkWidget *root,
                 gboolean (*match) (GtkWidget *widget, gconstpointer data),
                 gconstpointer data)
{
  if (match (root, data))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, match, data);
      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

static gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

static gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();  /* transfer none */

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

/* Renders the widget as the compositor would see it and saves a PNG. Returns the texture. */
static GdkTexture *
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("INBOX_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkTexture *texture;

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (dir == NULL)
    dir = g_get_tmp_dir ();
  g_mkdir_with_parents (dir, 0755);
  path = g_build_filename (dir, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot: %s", path);

  return texture;
}

/* A blank or single-colour render means nothing was drawn. */
static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guint32 *pixels = g_new (guint32, (gsize) width * height);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, (guchar *) pixels, (gsize) width * 4);
  for (gsize i = 0; i < (gsize) width * height; i += 7)
    g_hash_table_add (colours, GUINT_TO_POINTER (pixels[i]));

  return g_hash_table_size (colours);
}

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

  /* Until the setup assistant exists, the button says how to add an account instead of doing nothing. */
  g_signal_emit_by_name (button, "clicked");
  spin (300);
  g_assert_nonnull (find_descendant (window, is_label_with_text,
                                     "Add accounts with “inbox-cli account add” for now; the setup assistant is not ready yet"));
  g_clear_object (&shot);
  spin (500);  /* let the toast finish sliding in, so the screenshot shows it whole */
  shot = save_screenshot (window, "welcome-add-account.png");
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

  g_assert_cmpstrv (quit, ((const char *[]) { "<Control>q", NULL }));
  g_assert_nonnull (help[0]);
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

int
main (int    argc,
      char **argv)
{
  g_autoptr(GError) error = NULL;
  int status;

  /* Before gtk_test_init: WebKit derives its sandbox paths from the program name. */
  g_set_prgname ("inbox-test");
  gtk_test_init (&argc, &argv, NULL);

  app = inbox_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("cannot register the application (run under inbox-fixture --keyring --xvfb): %s\n", error->message);
      return 1;
    }

  g_test_add_func ("/ui/welcome-page", test_welcome_page);
  g_test_add_func ("/ui/single-window", test_single_window);
  g_test_add_func ("/ui/open-mailto", test_open_mailto);
  g_test_add_func ("/ui/about", test_about);
  g_test_add_func ("/ui/shortcuts-window", test_shortcuts_window);
  g_test_add_func ("/ui/accelerators", test_accelerators);
  g_test_add_func ("/ui/window-size-is-remembered", test_window_size_is_remembered);

  status = g_test_run ();
  g_clear_object (&app);
  return status;
}
