/* ui-helpers.c: what the UI tests share: spinning the main loop, finding widgets, screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdlib.h>

#include <gdk/x11/gdkx.h>

#include "ui-helpers.h"

static gboolean
timeout_reached (gpointer user_data)
{
  gboolean *reached = user_data;

  *reached = TRUE;
  return G_SOURCE_REMOVE;
}

/* Spin the main loop for a while, so that layout, paint and toasts happen as for a user. */
void
spin (guint milliseconds)
{
  gboolean reached = FALSE;

  g_timeout_add (milliseconds, timeout_reached, &reached);
  while (!reached)
    g_main_context_iteration (NULL, TRUE);
}

void
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

GtkWidget *
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

gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return G_TYPE_CHECK_INSTANCE_TYPE (widget, GPOINTER_TO_SIZE (type));
}

gboolean
is_label_with_text (GtkWidget     *widget,
                    gconstpointer  text)
{
  return GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0;
}

gboolean
is_entry_row_titled (GtkWidget     *widget,
                     gconstpointer  title)
{
  return ADW_IS_ENTRY_ROW (widget) && g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (widget)), title) == 0;
}

gboolean
has_action (GtkWidget     *widget,
            gconstpointer  action_name)
{
  return GTK_IS_ACTIONABLE (widget) &&
         g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0;
}

GtkWindow *
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

/* Activates the window's action (win.`action`) and returns the window of `type` it opens, drawn. */
GtkWindow *
open_by_action (GtkWidget  *window,
                const char *action,
                GType       type)
{
  GtkWindow *opened;

  g_action_group_activate_action (G_ACTION_GROUP (window), action, NULL);
  spin (300);
  opened = find_toplevel (type);
  g_assert_nonnull (opened);
  wait_until_drawn (GTK_WIDGET (opened));
  return opened;
}

/* Runs xdotool on the X window of widget's window: `what` follows the window's id. Named by its id,
 * not found by a search for the app's windows, which can meet a short-lived one (a tooltip's)
 * that is gone before xdotool uses it ("BadWindow", seen under load). */
void
xdotool_on (GtkWidget  *widget,
            const char *what)
{
  GdkSurface *surface = gtk_native_get_surface (gtk_widget_get_native (widget));
  g_autoptr(GString) command = g_string_new ("xdotool ");
  g_autofree char *id = NULL;
  int status;

  g_assert_true (GDK_IS_X11_SURFACE (surface));
  id = g_strdup_printf ("%lu", (gulong) gdk_x11_surface_get_xid (surface));
  g_string_append (command, what);
  g_string_replace (command, "%WINDOW", id, 0);
  g_assert_true (g_spawn_command_line_sync (command->str, NULL, NULL, &status, NULL));
  g_assert_true (g_spawn_check_wait_status (status, NULL));
}

/* A real click (through the X server, with xdotool) at (x, y) of widget, with the mouse button. */
void
click_at (GtkWidget *widget,
          double     x,
          double     y,
          guint      button)
{
  GtkNative *native = gtk_widget_get_native (widget);
  g_autofree char *what = NULL;
  double window_x, window_y, surface_x, surface_y;

  g_assert_true (gtk_widget_translate_coordinates (widget, GTK_WIDGET (native), x, y, &window_x, &window_y));
  gtk_native_get_surface_transform (native, &surface_x, &surface_y);
  what = g_strdup_printf ("mousemove --window %%WINDOW %d %d click %u",
                          (int) (window_x + surface_x), (int) (window_y + surface_y), button);
  xdotool_on (widget, what);
}

/* The role the store gives the folder at `path` (Camel's), or NULL. */
char *
folder_role (InboxStore *store,
             const char *path)
{
  g_autoptr(GPtrArray) folders = inbox_store_list_folders_sync (store, NULL, NULL);

  for (guint i = 0; folders != NULL && i < folders->len; i++)
    if (g_str_equal (((InboxFolderInfo *) folders->pdata[i])->path, path))
      return g_strdup (((InboxFolderInfo *) folders->pdata[i])->role);
  return NULL;
}

/* Renders the widget as the compositor would see it and saves a PNG. Returns the texture. */
GdkTexture *
save_screenshot (GtkWidget  *widget,
                 const char *name)
{
  const char *dir = g_getenv ("INBOX_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  int width = 0, height = 0;
  GdkTexture *texture;

  /* Right after a resize the widget may not have drawn itself yet: its paintable is then empty. */
  while (node == NULL)
    {
      GtkSnapshot *snapshot = gtk_snapshot_new ();

      width = gtk_widget_get_width (widget);
      height = gtk_widget_get_height (widget);
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          spin (100);
        }
    }
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
guint
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


InboxApplication *
ui_test_init_app (int    *argc,
                  char ***argv)
{
  g_autoptr(GError) error = NULL;
  InboxApplication *app;

  /* Before gtk_test_init: WebKit derives its sandbox paths from the program name. */
  g_set_prgname ("inbox-test");
  gtk_test_init (argc, argv, NULL);

  app = inbox_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    {
      g_printerr ("cannot register the application (run under inbox-fixture): %s\n", error->message);
      exit (1);
    }
  return app;
}

/* Turns the main loop until condition (data) holds; fails the test after 30 s, naming what. */
void
wait_for (gboolean    (*condition) (gconstpointer data),
          gconstpointer  data,
          const char    *what)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (!condition (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Timed out waiting for %s", what);
      spin (50);
    }
}
