/* inbox-account-setup.c: name, address and password; the presets and autoconfig fill in the
 * servers, or "Manual Setup" takes them. "Connect" verifies on the servers and saves only when
 * it works; each failure is said in plain words next to what it concerns: the password, the
 * servers, or an untrusted certificate (with its fingerprint and a choice to trust it for this
 * account). Providers that need an app-specific password (iCloud, Yahoo…) say so, and where to
 * make one, as soon as the address is typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-account-setup.h"

struct _InboxAccountSetup
{
  AdwWindow parent_instance;

  char *editing_uid;        /* editing this account (NULL: adding one) */
  GtkWidget *cancel_button;
  GtkWidget *connect_button;
  GtkLabel *connect_label;
  GtkWidget *spinner;
  GtkWidget *form;
  AdwEntryRow *name_row;
  AdwEntryRow *email_row;
  AdwEntryRow *password_row;
  GtkLabel *password_error;
  GtkWidget *app_password_box;
  GtkStack *steps;
  gboolean icloud_explained;
  GtkLabel *app_password_label;
  AdwComboRow *history_row;
  AdwExpanderRow *manual_row;
  AdwEntryRow *imap_host_row;
  AdwEntryRow *imap_port_row;
  AdwComboRow *imap_security_row;
  AdwEntryRow *user_row;
  AdwEntryRow *smtp_host_row;
  AdwEntryRow *smtp_port_row;
  AdwEntryRow *size_limit_row;
  AdwComboRow *smtp_security_row;
  GtkSwitch *smtp_login_switch;
  GtkLabel *server_error;
  GtkWidget *certificate_box;
  GtkLabel *certificate_label;
  GtkCheckButton *trust_check;

  InboxMailService *service;
  GCancellable *cancellable;
  char *fingerprint;  /* the untrusted certificate last seen */
};

G_DEFINE_FINAL_TYPE (InboxAccountSetup, inbox_account_setup, ADW_TYPE_WINDOW)

/* In the order of the "Download Mail" choices. */
static const char * const history_choices[] = { "all", "10y", "5y", "2y", "1y", "6m", "3m", "1m", "none" };
static const InboxSecurity imap_securities[] = { INBOX_SECURITY_TLS, INBOX_SECURITY_STARTTLS, INBOX_SECURITY_NONE };
static const InboxSecurity smtp_securities[] = { INBOX_SECURITY_STARTTLS, INBOX_SECURITY_TLS, INBOX_SECURITY_NONE };

static void
email_changed_cb (InboxAccountSetup *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const InboxAccountPreset *preset = inbox_account_preset_for_email (email);
  g_autofree char *note = NULL;

  if (preset != NULL && g_str_equal (preset->id, "icloud"))
    note = g_strdup (_("<b>iCloud needs an app-specific password</b>, not your Apple ID password. Make one at "
                       "<a href=\"https://account.apple.com\">account.apple.com</a> → Sign-In and Security → "
                       "App-Specific Passwords. Two-factor authentication must be on for your Apple ID."));
  else if (preset != NULL && preset->needs_app_password)
    note = g_strdup_printf (_("<b>%s needs an app-specific password</b>, made in your account’s security settings "
                              "on the web. Your usual password will be refused."), preset->name);
  gtk_label_set_markup (self->app_password_label, note != NULL ? note : "");
  gtk_widget_set_visible (self->app_password_box, note != NULL);

  /* The first time an iCloud address is typed: a short step says what password to use. */
  if (preset != NULL && g_str_equal (preset->id, "icloud") && !self->icloud_explained)
    {
      self->icloud_explained = TRUE;
      gtk_stack_set_visible_child_name (self->steps, "icloud");
    }
}

static void focus_row (InboxAccountSetup *self, AdwEntryRow *row);

/* Back from the iCloud step, at the password. */
static void
continue_activated (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  InboxAccountSetup *self = INBOX_ACCOUNT_SETUP (widget);

  gtk_stack_set_visible_child_name (self->steps, "form");
  focus_row (self, self->password_row);
}


/* Only in the active window: focus in a window the user is not in helps nobody (and GtkText warns). */
static void
focus_row (InboxAccountSetup *self,
           AdwEntryRow       *row)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    gtk_widget_grab_focus (GTK_WIDGET (row));
}

static void
show_error (GtkLabel   *label,
            const char *message)
{
  gtk_label_set_text (label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (label), message != NULL);
}

static void
set_busy (InboxAccountSetup *self,
          gboolean           busy)
{
  /* An entry made insensitive while focused never hears that it lost the focus (and its cursor
   * keeps blinking): take the focus away first. */
  if (busy)
    gtk_window_set_focus (GTK_WINDOW (self), NULL);
  gtk_widget_set_sensitive (self->form, !busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "setup.connect", !busy);
  gtk_widget_set_visible (self->spinner, busy);
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), busy);
}

/* The certificate the server presented and nobody trusted: its fingerprint, to compare with the
 * server's own, and the choice to trust it (not made for the user). */
static void
show_certificate (InboxAccountSetup *self,
                  char              *fingerprint)
{
  g_autofree char *text = g_strdup_printf (_("The server’s certificate is not trusted: it may be self-signed, or "
                                             "someone may be in the way. Trust it only if this is your server’s "
                                             "certificate. Its SHA-256 fingerprint is:\n%s"), fingerprint);

  gtk_label_set_text (self->certificate_label, text);
  gtk_widget_set_visible (self->certificate_box, TRUE);
  gtk_check_button_set_active (self->trust_check, FALSE);
  g_free (self->fingerprint);
  self->fingerprint = fingerprint;
}

static void
added (GObject      *object,
       GAsyncResult *result,
       gpointer      user_data)
{
  g_autoptr(InboxAccountSetup) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxAccountConfig) config = inbox_mail_service_add_account_finish (INBOX_MAIL_SERVICE (object), result, &error);
  g_autofree char *fingerprint = NULL;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_busy (self, FALSE);
  if (config != NULL)
    {
      /* Drop the focus first, so that the focused entry is told before it goes. */
      gtk_window_set_focus (GTK_WINDOW (self), NULL);
      gtk_window_destroy (GTK_WINDOW (self));
      return;
    }

  fingerprint = inbox_account_error_dup_fingerprint (error);
  if (g_error_matches (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION))
    {
      /* The engine's words already say that many providers need an app-specific password. */
      show_error (self->password_error, error->message);
      focus_row (self, self->password_row);
    }
  else if (fingerprint != NULL)
    show_certificate (self, g_steal_pointer (&fingerprint));
  else
    {
      /* Host not found, refused, timed out, security mode, no settings: all about the servers.
       * When none were found, they are the user's to enter: Manual Setup opens on the first
       * (expanding alone does nothing while its switch is off). Other errors leave it as it is: the
       * servers found may be right and the network wrong, and the message names the host tried. */
      show_error (self->server_error, error->message);
      if (!adw_expander_row_get_enable_expansion (self->manual_row) &&
          g_error_matches (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID))
        {
          adw_expander_row_set_enable_expansion (self->manual_row, TRUE);
          adw_expander_row_set_expanded (self->manual_row, TRUE);
          focus_row (self, self->imap_host_row);
        }
    }
}

static guint
parse_port (AdwEntryRow *row)
{
  guint64 port = 0;

  if (!g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (row)), 10, 1, 65535, &port, NULL))
    return 0;
  return (guint) port;
}

static InboxAccountConfig *
config_from_form (InboxAccountSetup *self)
{
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *name = gtk_editable_get_text (GTK_EDITABLE (self->name_row));
  const char *user = gtk_editable_get_text (GTK_EDITABLE (self->user_row));
  g_autofree char *address = g_strstrip (g_strdup (email));
  InboxAccountConfig *config = inbox_account_config_new (address);
  guint history = adw_combo_row_get_selected (self->history_row);
  guint64 limit = 0;

  g_free (config->display_name);
  config->display_name = g_strdup (name);
  g_free (config->history);
  config->history = g_strdup (history_choices[MIN (history, G_N_ELEMENTS (history_choices) - 1)]);
  if (self->fingerprint != NULL && gtk_check_button_get_active (self->trust_check))
    config->pinned_certificate = g_strdup (self->fingerprint);

  if (adw_expander_row_get_enable_expansion (self->manual_row))
    {
      config->imap_host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->imap_host_row))));
      config->imap_port = parse_port (self->imap_port_row);
      config->imap_security = imap_securities[MIN (adw_combo_row_get_selected (self->imap_security_row), 2)];
      config->imap_user = g_strdup (*user != '\0' ? user : config->email);
      config->smtp_host = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->smtp_host_row))));
      config->smtp_port = parse_port (self->smtp_port_row);
      config->smtp_security = smtp_securities[MIN (adw_combo_row_get_selected (self->smtp_security_row), 2)];
      config->smtp_user = gtk_switch_get_active (self->smtp_login_switch) ? g_strdup (config->imap_user) : NULL;
      if (g_ascii_string_to_unsigned (gtk_editable_get_text (GTK_EDITABLE (self->size_limit_row)), 10, 1, 10000, &limit, NULL))
        config->size_limit_mb = (guint) limit;
    }
  return config;
}

static void
connect_activated (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  InboxAccountSetup *self = INBOX_ACCOUNT_SETUP (widget);
  g_autoptr(InboxAccountConfig) config = NULL;
  const char *email = gtk_editable_get_text (GTK_EDITABLE (self->email_row));
  const char *password = gtk_editable_get_text (GTK_EDITABLE (self->password_row));

  show_error (self->password_error, NULL);
  show_error (self->server_error, NULL);
  if (strchr (email, '@') == NULL)
    {
      show_error (self->server_error, _("Enter your full email address, like ada@example.com."));
      focus_row (self, self->email_row);
      return;
    }
  /* Editing, an empty password means the one in the keyring. */
  if (*password == '\0' && self->editing_uid == NULL)
    {
      show_error (self->password_error, _("Enter the password (for iCloud and some others, an app-specific password)."));
      focus_row (self, self->password_row);
      return;
    }
  if (self->fingerprint != NULL && !gtk_check_button_get_active (self->trust_check))
    gtk_widget_set_visible (self->certificate_box, TRUE);

  config = config_from_form (self);
  config->uid = g_strdup (self->editing_uid);
  set_busy (self, TRUE);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  inbox_mail_service_add_account_async (self->service, config, *password != '\0' ? password : NULL, self->cancellable,
                                        added, g_object_ref (self));
}

/* None is allowed (a server on one's own network may offer nothing else), and said plainly. The
 * last choice of each list is None. */
static void
security_changed_cb (AdwComboRow *row,
                     GParamSpec  *pspec,
                     gpointer     user_data)
{
  gboolean none = adw_combo_row_get_selected (row) == 2;

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                               none ? _("Your password and mail go unencrypted") : NULL);
  if (none)
    gtk_widget_add_css_class (GTK_WIDGET (row), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row), "warning");
}

static void
entry_activated_cb (InboxAccountSetup *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "setup.connect", NULL);
}

static void
inbox_account_setup_dispose (GObject *object)
{
  InboxAccountSetup *self = INBOX_ACCOUNT_SETUP (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->service);
  g_clear_pointer (&self->fingerprint, g_free);
  g_clear_pointer (&self->editing_uid, g_free);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_ACCOUNT_SETUP);

  G_OBJECT_CLASS (inbox_account_setup_parent_class)->dispose (object);
}

static void
inbox_account_setup_class_init (InboxAccountSetupClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_account_setup_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-account-setup.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, connect_button);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, spinner);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, form);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, name_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, email_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, password_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, password_error);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, app_password_box);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, steps);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, connect_label);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, app_password_label);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, history_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, manual_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, imap_host_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, imap_port_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, imap_security_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, user_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, smtp_host_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, smtp_port_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, size_limit_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, smtp_security_row);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, smtp_login_switch);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, server_error);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, certificate_box);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, certificate_label);
  gtk_widget_class_bind_template_child (widget_class, InboxAccountSetup, trust_check);
  gtk_widget_class_bind_template_callback (widget_class, email_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, entry_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, security_changed_cb);

  gtk_widget_class_install_action (widget_class, "setup.connect", NULL, connect_activated);
  gtk_widget_class_install_action (widget_class, "setup.continue", NULL, continue_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
inbox_account_setup_init (InboxAccountSetup *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

InboxAccountSetup *
inbox_account_setup_new (GtkWindow        *parent,
                         InboxMailService *service)
{
  InboxAccountSetup *self = g_object_new (INBOX_TYPE_ACCOUNT_SETUP, "transient-for", parent, NULL);

  self->service = g_object_ref (service);
  gtk_window_set_default_widget (GTK_WINDOW (self), self->connect_button);
  return self;
}

static guint
index_of (const InboxSecurity *choices,
          InboxSecurity        security)
{
  for (guint i = 0; i < 3; i++)
    if (choices[i] == security)
      return i;
  return 0;
}

static void
set_number (AdwEntryRow *row,
          guint        port)
{
  g_autofree char *text = g_strdup_printf ("%u", port);

  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

/* The same assistant, filled in with an account's settings, to change them: verified again before
 * they are saved. The address and the IMAP server stay (another server is another account); an
 * empty password keeps the one in the keyring. */
InboxAccountSetup *
inbox_account_setup_new_for_edit (GtkWindow                 *parent,
                                  InboxMailService          *service,
                                  const InboxAccountConfig  *config)
{
  InboxAccountSetup *self = inbox_account_setup_new (parent, service);

  self->editing_uid = g_strdup (config->uid);
  gtk_window_set_title (GTK_WINDOW (self), _("Edit Account"));
  gtk_label_set_text_with_mnemonic (self->connect_label, _("_Save"));
  gtk_editable_set_text (GTK_EDITABLE (self->name_row), config->display_name != NULL ? config->display_name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->email_row), config->email);
  gtk_widget_set_sensitive (GTK_WIDGET (self->email_row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->password_row), _("Password (empty: unchanged)"));
  for (guint i = 0; i < G_N_ELEMENTS (history_choices); i++)
    if (g_strcmp0 (history_choices[i], config->history) == 0)
      {
        /* The window only widens (the store keeps the mail it has): offer no narrower choice,
         * rather than take one and silently keep the old. Widest first, so cut after this one. */
        GListModel *all = adw_combo_row_get_model (self->history_row);
        g_autoptr(GtkStringList) wider = gtk_string_list_new (NULL);

        for (guint j = 0; j <= i; j++)
          gtk_string_list_append (wider, gtk_string_list_get_string (GTK_STRING_LIST (all), j));
        adw_combo_row_set_model (self->history_row, G_LIST_MODEL (wider));
        adw_combo_row_set_selected (self->history_row, i);
        if (i > 0)
          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->history_row),
                                       _("Choose more to download older mail; to keep less, remove the account and add it again"));
        else
          adw_action_row_set_subtitle (ADW_ACTION_ROW (self->history_row),
                                       _("All of it is downloaded; to keep less, remove the account and add it again"));
      }
  adw_expander_row_set_enable_expansion (self->manual_row, TRUE);
  adw_expander_row_set_expanded (self->manual_row, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->imap_host_row), config->imap_host);
  gtk_widget_set_sensitive (GTK_WIDGET (self->imap_host_row), FALSE);
  set_number (self->imap_port_row, config->imap_port);
  adw_combo_row_set_selected (self->imap_security_row, index_of (imap_securities, config->imap_security));
  gtk_editable_set_text (GTK_EDITABLE (self->user_row), config->imap_user != NULL ? config->imap_user : "");
  gtk_editable_set_text (GTK_EDITABLE (self->smtp_host_row), config->smtp_host);
  set_number (self->smtp_port_row, config->smtp_port);
  set_number (self->size_limit_row, (guint) (inbox_account_config_get_size_limit (config) / 1000 / 1000));
  adw_combo_row_set_selected (self->smtp_security_row, index_of (smtp_securities, config->smtp_security));
  gtk_switch_set_active (self->smtp_login_switch, config->smtp_user != NULL && *config->smtp_user != '\0');
  if (config->pinned_certificate != NULL)
    {
      self->fingerprint = g_strdup (config->pinned_certificate);
      gtk_check_button_set_active (self->trust_check, TRUE);
    }
  /* The iCloud step was seen when the account was added. */
  self->icloud_explained = TRUE;
  gtk_stack_set_visible_child_name (self->steps, "form");
  return self;
}

/* The settings of the account with this uid, in a window of their own. new_password: the server
 * refused the one in the keyring (a changed password, an app-specific one revoked) or the keyring
 * has none, so the window says which under the password, which has the focus. A sync stopped by an
 * untrusted certificate opens on that certificate instead, whoever asked. */
void
inbox_account_setup_present_for_account (GtkWindow        *parent,
                                         InboxMailService *service,
                                         const char       *account_uid,
                                         gboolean          new_password)
{
  const InboxAccountConfig *config = inbox_mail_service_find_account (service, account_uid);
  const char *why = NULL;
  char *fingerprint = NULL;
  InboxAccountSetup *self;

  if (config == NULL)
    return;
  self = inbox_account_setup_new_for_edit (parent, service, config);
  if (inbox_mail_service_get_status (service, account_uid, &why) == INBOX_SYNC_STATUS_CERTIFICATE_UNTRUSTED &&
      (fingerprint = inbox_account_dup_fingerprint_in (why)) != NULL)
    show_certificate (self, fingerprint);
  else if (new_password)
    {
      InboxSender *sender = inbox_mail_service_get_sender (service);

      /* Why it is asked for: the IMAP or the SMTP server refused it, or the keyring has none. */
      if (inbox_mail_service_get_status (service, account_uid, &why) != INBOX_SYNC_STATUS_AUTHENTICATION_FAILED)
        why = sender != NULL ? inbox_sender_get_password_refusal (sender, account_uid) : NULL;
      show_error (self->password_error, why != NULL ? why : _("Enter the password again."));
      gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->password_row));
    }
  gtk_window_present (GTK_WINDOW (self));
}
