/* inbox-window.c: the main window. Until an account exists it shows the welcome page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-window.h"

struct _InboxWindow
{
  AdwApplicationWindow parent_instance;

  GSettings *settings;

  AdwToastOverlay *toast_overlay;
  GtkStack *main_stack;
  AdwStatusPage *welcome_page;
};

G_DEFINE_FINAL_TYPE (InboxWindow, inbox_window, ADW_TYPE_APPLICATION_WINDOW)

/* The schema is missing when the app runs uninstalled without GSETTINGS_SCHEMA_DIR; the window
 * then works with its default size instead of aborting in g_settings_new(). */
static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);

  if (schema == NULL)
    {
      g_warning ("GSettings schema %s is not installed; window size will not be remembered", APP_ID);
      return NULL;
    }

  return g_settings_new_full (schema, NULL, NULL);
}

static void
restore_window_state (InboxWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));
}

static void
save_window_state (InboxWindow *self)
{
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized", gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_apply (self->settings);
}

static gboolean
inbox_window_close_request (GtkWindow *window)
{
  save_window_state (INBOX_WINDOW (window));

  return GTK_WINDOW_CLASS (inbox_window_parent_class)->close_request (window);
}

/* Placeholder until the account setup assistant exists: say so instead of doing nothing. */
static void
add_account_activated (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  inbox_window_show_message (INBOX_WINDOW (user_data),
                             _("Account setup is not available yet in this version of Inbox"));
}

/* Window actions live in the "win" group that GtkApplicationWindow exports, beside the
 * "win.show-help-overlay" that GtkApplication adds for the shortcuts window. */
static const GActionEntry win_actions[] = {
  { "add-account", add_account_activated },
};

static void
inbox_window_dispose (GObject *object)
{
  InboxWindow *self = INBOX_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_WINDOW);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (inbox_window_parent_class)->dispose (object);
}

static void
inbox_window_class_init (InboxWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = inbox_window_dispose;
  window_class->close_request = inbox_window_close_request;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-window.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, InboxWindow, welcome_page);
}

static void
inbox_window_init (InboxWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_action_map_add_action_entries (G_ACTION_MAP (self), win_actions, G_N_ELEMENTS (win_actions), self);

  self->settings = create_settings ();
  restore_window_state (self);
}

InboxWindow *
inbox_window_new (AdwApplication *application)
{
  return g_object_new (INBOX_TYPE_WINDOW, "application", application, NULL);
}

void
inbox_window_show_message (InboxWindow *self,
                           const char  *message)
{
  g_return_if_fail (INBOX_IS_WINDOW (self));

  AdwToast *toast = adw_toast_new (message);

  /* The newest message answers what the user just did, so it replaces an older one at once. */
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/* Writing mail needs an account and the composer; until then, say who the link was for. */
void
inbox_window_compose_mailto (InboxWindow *self,
                             const char  *uri)
{
  g_autofree char *recipients = NULL;
  g_autofree char *message = NULL;
  const char *start;
  const char *query;

  g_return_if_fail (INBOX_IS_WINDOW (self));
  g_return_if_fail (uri != NULL && g_ascii_strncasecmp (uri, "mailto:", strlen ("mailto:")) == 0);

  start = uri + strlen ("mailto:");
  query = strchr (start, '?');
  recipients = g_uri_unescape_segment (start, query, NULL);

  if (recipients == NULL || *recipients == '\0')
    message = g_strdup (_("Add an account to write email"));
  else
    message = g_strdup_printf (_("Add an account to write to %s"), recipients);

  inbox_window_show_message (self, message);
}
