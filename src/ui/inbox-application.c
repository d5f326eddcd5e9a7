/* inbox-application.c: the single-instance, D-Bus-activatable Inbox application.
 *
 * It opens mailto: links (it is the desktop's mailto: handler) and owns the app-wide actions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <webkit/webkit.h>

#include "inbox-application.h"
#include "inbox-composer.h"
#include "inbox-engine.h"
#include "inbox-mail-service.h"
#include "inbox-notifier.h"
#include "inbox-window.h"

struct _InboxApplication
{
  AdwApplication parent_instance;

  InboxMailService *service;  /* NULL when the store cannot be opened */
  InboxNotifier *notifier;
  char *store_error;
  gboolean drafts_restored;
  gboolean held;               /* for the outbox: see sender_waiting */
  gboolean background_asked;
  gulong sender_handler;
  GSettings *settings;         /* NULL without the schema */
};

G_DEFINE_FINAL_TYPE (InboxApplication, inbox_application, ADW_TYPE_APPLICATION)

static InboxWindow *
get_or_create_window (InboxApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    {
      window = GTK_WINDOW (inbox_window_new (ADW_APPLICATION (self), self->service));
      if (self->store_error != NULL)
        inbox_window_show_message (INBOX_WINDOW (window), self->store_error);
    }

  return INBOX_WINDOW (window);
}

/* Drafts left by a crash, a kill or a closed composer open again at the first window. */
static void
restore_drafts (InboxApplication *self)
{
  if (self->drafts_restored || self->service == NULL)
    return;
  self->drafts_restored = TRUE;
  inbox_composer_restore_drafts (GTK_APPLICATION (self), self->service);
}

static void
inbox_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (get_or_create_window (INBOX_APPLICATION (app))));
  restore_drafts (INBOX_APPLICATION (app));
}

static void
inbox_application_open (GApplication  *app,
                        GFile        **files,
                        int            n_files,
                        const char    *hint)
{
  InboxWindow *window = get_or_create_window (INBOX_APPLICATION (app));

  gtk_window_present (GTK_WINDOW (window));
  restore_drafts (INBOX_APPLICATION (app));

  for (int i = 0; i < n_files; i++)
    {
      g_autofree char *uri = g_file_get_uri (files[i]);

      if (g_file_has_uri_scheme (files[i], "mailto"))
        inbox_window_compose_mailto (window, uri);
      else
        {
          g_autofree char *message = g_strdup_printf (_("Inbox opens only mailto: links, not “%s”"), uri);
          g_warning ("%s", message);
          inbox_window_show_message (window, message);
        }
    }
}

static char *
describe_versions (void)
{
  g_autofree char *engine = inbox_version_describe_engine ();

  return g_strdup_printf ("Inbox %s\n\n"
                          "GTK %u.%u.%u\n"
                          "libadwaita %u.%u.%u\n"
                          "WebKitGTK %u.%u.%u\n"
                          "%s",
                          PACKAGE_VERSION,
                          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
                          adw_get_major_version (), adw_get_minor_version (), adw_get_micro_version (),
                          webkit_get_major_version (), webkit_get_minor_version (), webkit_get_micro_version (),
                          engine);
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *parameter,
                 gpointer       user_data)
{
  InboxApplication *self = user_data;
  g_autofree char *debug_info = describe_versions ();
  const char *developers[] = { _("The Inbox developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (GTK_APPLICATION (self)),
                        "modal", TRUE,
                        "application-icon", APP_ID,
                        "application-name", _("Inbox"),
                        "developer-name", _("The Inbox developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Fast, private email for your IMAP accounts"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: put your names here, one per line. */
                        "translator-credits", _("translator-credits"),
                        "debug-info", debug_info,
                        "debug-info-filename", "inbox-debug-info.txt",
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *parameter,
                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
activate_activated (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  g_application_activate (G_APPLICATION (user_data));
}

static void
notification_action_done (GObject      *object,
                          GAsyncResult *result,
                          gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!inbox_mail_service_apply_finish (INBOX_MAIL_SERVICE (object), result, &error))
    g_warning ("The action from the notification failed: %s", error->message);
}

/* The buttons of a new-mail notification, with the conversation's id. */
static void
notification_activated (GSimpleAction *action,
                        GVariant      *parameter,
                        gpointer       user_data)
{
  InboxApplication *self = user_data;
  gint64 id = g_variant_get_int64 (parameter);
  gboolean archive = g_str_equal (g_action_get_name (G_ACTION (action)), "notification-archive");

  if (self->service != NULL)
    inbox_mail_service_apply_async (self->service, archive ? INBOX_MAIL_ACTION_ARCHIVE : INBOX_MAIL_ACTION_MARK_READ,
                                    &id, 1, NULL, notification_action_done, NULL);
}

static const GActionEntry app_actions[] = {
  { "about", about_activated },
  { "quit", quit_activated },
  { "activate", activate_activated },
  { "notification-archive", notification_activated, "x" },
  { "notification-read", notification_activated, "x" },
};

/* Ctrl shortcuts; the single-key ones (E, S, J, K, Delete) are on the window's own controller. */
static const struct { const char *action; const char *keys[3]; } accels[] = {
  { "app.quit", { "<Control>q", NULL } },
  { "window.close", { "<Control>w", NULL } },
  { "win.compose", { "<Control>n", NULL } },
  { "win.reply", { "<Control>r", NULL } },
  { "win.reply-all", { "<Control><Shift>r", NULL } },
  { "win.forward", { "<Control><Shift>f", NULL } },
  { "win.spam", { "<Control><Shift>s", NULL } },
  { "win.toggle-read", { "<Control>u", NULL } },
  { "win.move-to-folder", { "<Control><Shift>l", NULL } },
  { "win.search", { "<Control>f", NULL } },
  { "win.undo", { "<Control>z", NULL } },
  { "win.check-mail", { "F5", NULL } },
  { "win.preferences", { "<Control>comma", NULL } },
  { "win.show-help-overlay", { "<Control>question", NULL } },
};

static void
background_answered (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GVariant) reply = g_dbus_connection_call_finish (G_DBUS_CONNECTION (object), result, &error);

  /* No portal (a session without xdg-desktop-portal): the hold still keeps this run going. */
  if (reply == NULL)
    g_debug ("The background portal did not answer: %s", error->message);
}

/* Asks the desktop (the background portal) to let Inbox run without a window and to start it at
 * login, so that mail scheduled for later goes out even after a restart. Once per run. */
static void
request_background (InboxApplication *self)
{
  GDBusConnection *bus = g_application_get_dbus_connection (G_APPLICATION (self));
  GVariantBuilder options;
  const char *commandline[] = { "inbox", "--gapplication-service", NULL };

  if (self->background_asked || bus == NULL)
    return;
  self->background_asked = TRUE;
  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Inbox sends the mail you scheduled, also when its window is closed")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (TRUE));
  g_variant_builder_add (&options, "{sv}", "commandline", g_variant_new_strv (commandline, -1));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL, G_DBUS_CALL_FLAGS_NONE, 5000,
                          NULL, background_answered, NULL);
}

/* While mail waits in the outbox (an undo delay, Send later), the app keeps running with no
 * window open, so that it goes out on time, and asks to be started at login for what is due
 * later. */
static void
sender_waiting (InboxSender      *sender,
                GParamSpec       *pspec,
                InboxApplication *self)
{
  gboolean waiting = inbox_sender_get_waiting (sender) > 0;

  if (waiting)
    request_background (self);
  if (waiting && !self->held)
    g_application_hold (G_APPLICATION (self));
  else if (!waiting && self->held)
    g_application_release (G_APPLICATION (self));
  self->held = waiting;
}

static void
watch_sender (InboxApplication *self)
{
  InboxSender *sender = self->service != NULL ? inbox_mail_service_get_sender (self->service) : NULL;

  if (sender == NULL || self->sender_handler != 0)
    return;
  self->sender_handler = g_signal_connect (sender, "notify::waiting", G_CALLBACK (sender_waiting), self);
  sender_waiting (sender, NULL, self);
}

static void
poll_interval_changed (InboxApplication *self)
{
  inbox_mail_service_set_poll_interval (self->service, (guint) MAX (g_settings_get_int (self->settings, "poll-interval"), 1));
}

/* Opens the store and starts syncing every account. A store that cannot be opened (a newer
 * Inbox wrote it, the disk is full) leaves the app running on its welcome page with the reason. */
static void
open_mail (InboxApplication *self)
{
  g_autoptr(GError) error = NULL;

  self->service = inbox_mail_service_new (NULL, &error);
  if (self->service == NULL)
    {
      self->store_error = g_strdup_printf (_("Your mail cannot be opened: %s"), error->message);
      g_printerr ("inbox: %s\n", self->store_error);
      return;
    }
  self->settings = inbox_application_dup_settings ();
  if (self->settings != NULL)
    {
      poll_interval_changed (self);
      g_signal_connect_object (self->settings, "changed::poll-interval", G_CALLBACK (poll_interval_changed), self,
                               G_CONNECT_SWAPPED);
    }
  inbox_mail_service_start (self->service);
  watch_sender (self);
  g_signal_connect_swapped (self->service, "accounts-changed", G_CALLBACK (watch_sender), self);
  self->notifier = inbox_notifier_new (G_APPLICATION (self), inbox_mail_service_get_store (self->service));
}

static void
inbox_application_startup (GApplication *app)
{
  InboxApplication *self = INBOX_APPLICATION (app);
  GtkApplication *gtk_app = GTK_APPLICATION (app);

  G_APPLICATION_CLASS (inbox_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (gtk_app, accels[i].action, accels[i].keys);

  open_mail (self);
}

static void
inbox_application_shutdown (GApplication *app)
{
  InboxApplication *self = INBOX_APPLICATION (app);

  /* Let the watchers log out cleanly before the store closes. */
  if (self->held)
    g_application_release (app);
  self->held = FALSE;
  if (self->service != NULL)
    inbox_mail_service_stop (self->service);

  G_APPLICATION_CLASS (inbox_application_parent_class)->shutdown (app);
}

static void
inbox_application_finalize (GObject *object)
{
  InboxApplication *self = INBOX_APPLICATION (object);

  g_clear_object (&self->notifier);
  g_clear_object (&self->settings);
  g_clear_object (&self->service);
  g_free (self->store_error);

  G_OBJECT_CLASS (inbox_application_parent_class)->finalize (object);
}

static void
inbox_application_class_init (InboxApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = inbox_application_finalize;
  app_class->startup = inbox_application_startup;
  app_class->shutdown = inbox_application_shutdown;
  app_class->activate = inbox_application_activate;
  app_class->open = inbox_application_open;
}

static void
inbox_application_init (InboxApplication *self)
{
}

/* The app's settings, or NULL when the GSettings schema is not installed (then nothing is
 * remembered, and defaults apply). */
GSettings *
inbox_application_dup_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  return schema != NULL ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* The running app's outbox (which also fetches messages from their servers), or NULL. */
InboxSender *
inbox_application_get_default_sender (void)
{
  GApplication *app = g_application_get_default ();
  InboxMailService *service = INBOX_IS_APPLICATION (app) ? INBOX_APPLICATION (app)->service : NULL;

  return service != NULL ? inbox_mail_service_get_sender (service) : NULL;
}

/* The mail service, or NULL when the store could not be opened. */
InboxMailService *
inbox_application_get_service (InboxApplication *self)
{
  g_return_val_if_fail (INBOX_IS_APPLICATION (self), NULL);

  return self->service;
}

/* Without a GPU (no DRM render node), GTK's GL renderer runs on Mesa's llvmpipe: on such a machine
 * the window with 100,000 conversations peaked at 257 MiB, and at 172 MiB with the cairo renderer,
 * with the same time to the first frame (docs/benchmarks.md). So then cairo draws; a renderer
 * chosen in GSK_RENDERER wins, and with a GPU GTK's default stays. */
static void
choose_renderer (void)
{
  g_autoptr(GDir) dri = NULL;
  const char *name;

  if (g_getenv ("GSK_RENDERER") != NULL)
    return;
  dri = g_dir_open ("/dev/dri", 0, NULL);
  while (dri != NULL && (name = g_dir_read_name (dri)) != NULL)
    if (g_str_has_prefix (name, "renderD"))
      return;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
}

InboxApplication *
inbox_application_new (void)
{
  choose_renderer ();
  return g_object_new (INBOX_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN,
                       "resource-base-path", APP_PATH,
                       NULL);
}
