/* inbox-preferences.c: Preferences (Ctrl+,).
 *   Accounts: each with its server and sync status, Reconnect, and Remove (after a confirmation);
 *             Add; and "Make Inbox the default mail app" (x-scheme-handler/mailto).
 *   Reading: subject first, compact rows, and the senders and domains that always load remote
 *            images (each can be forgotten).
 *   Notifications: new mail, per account (GSettings "muted-accounts").
 * Settings apply at once; a schema that is not installed (running uninstalled) disables them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gio/gdesktopappinfo.h>
#include <glib/gi18n.h>

#include "inbox-account-row.h"
#include "inbox-account-setup.h"
#include "inbox-application.h"
#include "inbox-folder-roles.h"
#include "inbox-identity-editor.h"
#include "inbox-preferences.h"
#include "inbox-toast.h"

struct _InboxPreferences
{
  AdwPreferencesWindow parent_instance;

  AdwPreferencesGroup *accounts_group;
  AdwActionRow *default_app_row;
  AdwComboRow *undo_delay_row;
  AdwComboRow *poll_row;
  AdwPreferencesGroup *identities_group;
  GtkWidget *default_app_button;
  GtkSwitch *subject_first_switch;
  GtkSwitch *compact_switch;
  GtkSwitch *light_switch;
  GtkSwitch *inline_switch;
  AdwPreferencesGroup *remote_group;
  AdwPreferencesGroup *notifications_group;

  InboxMailService *service;
  GSettings *settings;
  GPtrArray *rows;  /* the rows added in code, to remove on refresh */
};

G_DEFINE_FINAL_TYPE (InboxPreferences, inbox_preferences, ADW_TYPE_PREFERENCES_WINDOW)

#define MAILTO "x-scheme-handler/mailto"

static void refresh (InboxPreferences *self);

static void
add_row (InboxPreferences    *self,
         AdwPreferencesGroup *group,
         GtkWidget           *row)
{
  adw_preferences_group_add (group, row);
  g_ptr_array_add (self->rows, g_object_ref (row));
}

static GtkWidget *
suffix_button (const char *icon_name,
               const char *tooltip,
               const char *action,
               GVariant   *target)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  return button;
}

static char *
describe_status (InboxPreferences         *self,
                 const InboxAccountConfig *config)
{
  const char *message = NULL;
  InboxSyncStatus status = inbox_mail_service_get_status (self->service, config->uid, &message);
  g_autofree char *server = g_strdup_printf ("%s:%u", config->imap_host, config->imap_port);

  switch (status)
    {
    case INBOX_SYNC_STATUS_SYNCING:
      return g_strdup_printf (_("%s · syncing"), server);
    case INBOX_SYNC_STATUS_ERROR:
    case INBOX_SYNC_STATUS_AUTHENTICATION_FAILED:
    case INBOX_SYNC_STATUS_DISCONNECTED:
    case INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED:
      return g_strdup_printf ("%s · %s", server, message != NULL ? message : _("not connected"));
    case INBOX_SYNC_STATUS_IDLE:
    default:
      return g_steal_pointer (&server);
    }
}

static void
on_muted_toggled (GtkSwitch        *toggle,
                  GParamSpec       *pspec,
                  InboxPreferences *self)
{
  const char *email = g_object_get_data (G_OBJECT (toggle), "email");
  g_auto(GStrv) muted = g_settings_get_strv (self->settings, "muted-accounts");
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) updated = NULL;

  for (guint i = 0; muted[i] != NULL; i++)
    if (!g_str_equal (muted[i], email))
      g_strv_builder_add (builder, muted[i]);
  if (!gtk_switch_get_active (toggle))
    g_strv_builder_add (builder, email);
  updated = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "muted-accounts", (const char * const *) updated);
}

static void refresh (InboxPreferences *self);

static void
edit_identity (InboxPreferences    *self,
               const char          *account_uid,
               const InboxIdentity *identity)
{
  InboxIdentityEditor *editor = inbox_identity_editor_new (GTK_WINDOW (self), self->service, account_uid, identity);

  g_signal_connect_object (editor, "saved", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (editor));
}

static void
edit_identity_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);
  const char *account_uid, *address;
  g_autoptr(GPtrArray) identities = NULL;

  g_variant_get (parameter, "(&s&s)", &account_uid, &address);
  identities = inbox_store_list_identities_sync (inbox_mail_service_get_store (self->service), account_uid, NULL);
  for (guint i = 0; identities != NULL && i < identities->len; i++)
    if (g_ascii_strcasecmp (((InboxIdentity *) identities->pdata[i])->address, address) == 0)
      edit_identity (self, account_uid, identities->pdata[i]);
}

static void
edit_account_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);

  inbox_account_setup_present_for_account (GTK_WINDOW (self), self->service, g_variant_get_string (parameter, NULL), FALSE);
}

static void
add_alias_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  edit_identity (INBOX_PREFERENCES (widget), g_variant_get_string (parameter, NULL), NULL);
}

/* Each identity (accounts first, each followed by its aliases) with Edit; Add Alias per account. */
static void
refresh_identities (InboxPreferences *self)
{
  GPtrArray *accounts = inbox_mail_service_get_accounts (self->service);
  g_autoptr(GPtrArray) identities = inbox_store_list_identities_sync (inbox_mail_service_get_store (self->service), NULL, NULL);

  for (guint i = 0; identities != NULL && i < identities->len; i++)
    {
      InboxIdentity *identity = identities->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = identity->name != NULL && *identity->name != '\0'
                               ? g_strdup_printf ("%s <%s>", identity->name, identity->address) : g_strdup (identity->address);
      g_autofree char *first_line = identity->signature != NULL && *identity->signature != '\0'
                                    ? g_strndup (identity->signature, strcspn (identity->signature, "\n")) : NULL;
      g_autofree char *subtitle = g_strdup_printf ("%s%s%s", identity->is_alias ? _("Alias") : _("Account"),
                                                   first_line != NULL ? " · " : "", first_line != NULL ? first_line : "");

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 suffix_button ("document-edit-symbolic", _("Edit Name and Signature"), "prefs.edit-identity",
                                                g_variant_new ("(ss)", identity->account_uid, identity->address)));
      add_row (self, self->identities_group, row);
    }
  for (guint i = 0; i < accounts->len; i++)
    {
      const InboxAccountConfig *config = accounts->pdata[i];
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *title = g_strdup_printf (_("Add an Alias to %s"), config->email);

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 suffix_button ("list-add-symbolic", _("Add an Alias"), "prefs.add-alias",
                                                g_variant_new_string (config->uid)));
      add_row (self, self->identities_group, row);
    }
}

static void
refresh (InboxPreferences *self)
{
  GPtrArray *accounts = inbox_mail_service_get_accounts (self->service);
  g_auto(GStrv) allowed = inbox_store_list_remote_content_allowed_sync (inbox_mail_service_get_store (self->service), NULL);
  g_auto(GStrv) muted = self->settings != NULL ? g_settings_get_strv (self->settings, "muted-accounts") : NULL;
  g_autoptr(GAppInfo) handler = g_app_info_get_default_for_type (MAILTO, FALSE);
  gboolean is_default = handler != NULL && g_strcmp0 (g_app_info_get_id (handler), APP_ID ".desktop") == 0;

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *row = self->rows->pdata[i];
      GtkWidget *group = gtk_widget_get_ancestor (row, ADW_TYPE_PREFERENCES_GROUP);

      if (group != NULL)
        adw_preferences_group_remove (ADW_PREFERENCES_GROUP (group), row);
    }
  g_ptr_array_set_size (self->rows, 0);

  for (guint i = 0; i < accounts->len; i++)
    {
      InboxAccountConfig *config = accounts->pdata[i];
      g_autofree char *subtitle = describe_status (self, config);
      GtkWidget *row = inbox_account_row_new (config, subtitle);
      GtkWidget *toggle;

      add_row (self, self->accounts_group, row);

      row = adw_action_row_new ();
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), config->email);
      toggle = gtk_switch_new ();
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      gtk_switch_set_active (GTK_SWITCH (toggle), muted == NULL || !g_strv_contains ((const char * const *) muted, config->email));
      gtk_widget_set_sensitive (toggle, self->settings != NULL);
      g_object_set_data_full (G_OBJECT (toggle), "email", g_strdup (config->email), g_free);
      g_signal_connect (toggle, "notify::active", G_CALLBACK (on_muted_toggled), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      add_row (self, self->notifications_group, row);
    }
  if (accounts->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No accounts yet"));
      add_row (self, self->accounts_group, row);
    }

  for (guint i = 0; allowed != NULL && allowed[i] != NULL; i++)
    {
      const char *colon = strchr (allowed[i], ':');
      g_autofree char *kind = g_strndup (allowed[i], colon - allowed[i]);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), colon + 1);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), g_str_equal (kind, "domain") ? _("Everyone at this domain") : _("This sender"));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), suffix_button ("edit-delete-symbolic", _("Forget"),
                                                                      "prefs.forget-remote", g_variant_new_string (allowed[i])));
      add_row (self, self->remote_group, row);
    }

  refresh_identities (self);
  adw_action_row_set_subtitle (self->default_app_row, is_default ? _("Inbox opens email links") :
                               handler != NULL ? g_app_info_get_display_name (handler) : _("No app opens email links"));
  gtk_widget_set_sensitive (self->default_app_button, !is_default);
}

static void
removed (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(InboxPreferences) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!inbox_mail_service_remove_account_finish (INBOX_MAIL_SERVICE (object), result, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), inbox_toast_new_plain (error->message));
  refresh (self);
}

static void
remove_response (AdwMessageDialog *dialog,
                 const char       *response,
                 InboxPreferences *self)
{
  if (g_str_equal (response, "remove"))
    inbox_mail_service_remove_account_async (self->service, g_object_get_data (G_OBJECT (dialog), "uid"),
                                             removed, g_object_ref (self));
}

static void
remove_account_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Remove Account?"),
                                              _("Its mail is deleted from this computer and its password from "
                                                "your keyring. The mail stays on the server."));

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "uid", g_variant_dup_string (parameter, NULL), g_free);
  g_signal_connect (dialog, "response", G_CALLBACK (remove_response), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
reconnect_activated (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);

  inbox_mail_service_reconnect (self->service, g_variant_get_string (parameter, NULL));
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), inbox_toast_new_plain (_("Reconnecting…")));
}

static void
forget_remote_activated (GtkWidget  *widget,
                         const char *action_name,
                         GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);
  const char *entry = g_variant_get_string (parameter, NULL);
  const char *colon = strchr (entry, ':');
  g_autofree char *kind = colon != NULL ? g_strndup (entry, colon - entry) : NULL;
  g_autoptr(GError) error = NULL;

  if (kind == NULL ||
      !inbox_store_forget_remote_content_sync (inbox_mail_service_get_store (self->service), kind, colon + 1, &error))
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self),
                                      inbox_toast_new_plain (error != NULL ? error->message : _("Not a remembered choice")));
  refresh (self);
}

static void
add_account_activated (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);

  gtk_window_present (GTK_WINDOW (inbox_account_setup_new (GTK_WINDOW (self), self->service)));
}

static void
special_folders_activated (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);

  gtk_window_present (GTK_WINDOW (inbox_folder_roles_new (GTK_WINDOW (self), self->service)));
}

static void
make_default_activated (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  InboxPreferences *self = INBOX_PREFERENCES (widget);
  g_autoptr(GDesktopAppInfo) app = g_desktop_app_info_new (APP_ID ".desktop");
  g_autoptr(GError) error = NULL;

  if (app == NULL)
    g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("Inbox is not installed, so it cannot open links"));
  else
    g_app_info_set_as_default_for_type (G_APP_INFO (app), MAILTO, &error);
  if (error != NULL)
    adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), inbox_toast_new_plain (error->message));
  refresh (self);
}

static void
inbox_preferences_dispose (GObject *object)
{
  InboxPreferences *self = INBOX_PREFERENCES (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_data (self->service, self);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_PREFERENCES);

  G_OBJECT_CLASS (inbox_preferences_parent_class)->dispose (object);
}

/* A combo row's choices for an integer key, in the order the row lists them. */
typedef struct {
  const int *values;
  guint n_values;
} Choices;

/* The undo delay's choices, in seconds. */
static const int undo_delays[] = { 0, 5, 10, 30 };
static const Choices undo_delay_choices = { undo_delays, G_N_ELEMENTS (undo_delays) };
/* How often other folders are checked, in seconds. */
static const int poll_intervals[] = { 60, 300, 900, 1800 };
static const Choices poll_choices = { poll_intervals, G_N_ELEMENTS (poll_intervals) };

/* The last choice not above the key's value (a value set elsewhere shows as the nearest below). */
static gboolean
value_to_row (GValue   *value,
              GVariant *variant,
              gpointer  user_data)
{
  const Choices *choices = user_data;
  int setting = g_variant_get_int32 (variant);
  guint row = 0;

  for (guint i = 0; i < choices->n_values; i++)
    if (choices->values[i] <= setting)
      row = i;
  g_value_set_uint (value, row);
  return TRUE;
}

static GVariant *
row_to_value (const GValue       *value,
              const GVariantType *type,
              gpointer            user_data)
{
  const Choices *choices = user_data;
  guint row = g_value_get_uint (value);

  return g_variant_new_int32 (choices->values[MIN (row, choices->n_values - 1)]);
}

static void
inbox_preferences_class_init (InboxPreferencesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_preferences_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-preferences.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, accounts_group);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, default_app_row);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, undo_delay_row);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, poll_row);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, identities_group);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, default_app_button);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, subject_first_switch);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, compact_switch);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, light_switch);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, inline_switch);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, remote_group);
  gtk_widget_class_bind_template_child (widget_class, InboxPreferences, notifications_group);

  gtk_widget_class_install_action (widget_class, "prefs.remove-account", "s", remove_account_activated);
  gtk_widget_class_install_action (widget_class, "prefs.reconnect", "s", reconnect_activated);
  gtk_widget_class_install_action (widget_class, "prefs.forget-remote", "s", forget_remote_activated);
  gtk_widget_class_install_action (widget_class, "prefs.add-account", NULL, add_account_activated);
  gtk_widget_class_install_action (widget_class, "prefs.special-folders", NULL, special_folders_activated);
  gtk_widget_class_install_action (widget_class, "prefs.make-default", NULL, make_default_activated);
  gtk_widget_class_install_action (widget_class, "prefs.edit-identity", "(ss)", edit_identity_activated);
  gtk_widget_class_install_action (widget_class, "prefs.add-alias", "s", add_alias_activated);
  gtk_widget_class_install_action (widget_class, "prefs.edit-account", "s", edit_account_activated);
}

static void
inbox_preferences_init (InboxPreferences *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
}

InboxPreferences *
inbox_preferences_new (GtkWindow        *parent,
                       InboxMailService *service)
{
  InboxPreferences *self = g_object_new (INBOX_TYPE_PREFERENCES, "transient-for", parent, NULL);

  self->service = g_object_ref (service);
  self->settings = inbox_application_dup_settings ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "subject-first", self->subject_first_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "compact-list", self->compact_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "light-messages", self->light_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "compose-inline", self->inline_switch, "active", G_SETTINGS_BIND_DEFAULT);
      g_settings_bind_with_mapping (self->settings, "undo-send-delay", self->undo_delay_row, "selected",
                                    G_SETTINGS_BIND_DEFAULT, value_to_row, row_to_value, (gpointer) &undo_delay_choices, NULL);
      g_settings_bind_with_mapping (self->settings, "poll-interval", self->poll_row, "selected",
                                    G_SETTINGS_BIND_DEFAULT, value_to_row, row_to_value, (gpointer) &poll_choices, NULL);
    }
  else
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self->subject_first_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->compact_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->light_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->inline_switch), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->undo_delay_row), FALSE);
      gtk_widget_set_sensitive (GTK_WIDGET (self->poll_row), FALSE);
    }
  g_signal_connect_object (service, "accounts-changed", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (service, "account-status", G_CALLBACK (refresh), self, G_CONNECT_SWAPPED);
  refresh (self);
  return self;
}
