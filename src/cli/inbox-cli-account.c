/* inbox-cli-account.c: inbox-cli account add|list|remove|verify.
 *
 * add verifies the account (IMAP and SMTP log-ins through Camel) before it saves anything; the
 * password is read from standard input and stored only in the keyring. Camel's session lives on
 * the main thread and its blocking calls run on a worker while the main loop turns.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "inbox-cli-commands.h"
#include "inbox-engine.h"

static const char *
error_code (const GError *error)
{
  static const char * const codes[] = {
    "failed", "authentication", "host-not-found", "connection-refused", "timed-out", "certificate", "security", "invalid",
  };

  if (error->domain == INBOX_ACCOUNT_ERROR && error->code >= 0 && (gsize) error->code < G_N_ELEMENTS (codes))
    return codes[error->code];
  return "failed";
}

/* An untrusted certificate's error says what it is; here, how to trust it. */
static void
print_certificate_hint (const GError *error)
{
  g_autofree char *fingerprint = inbox_account_error_dup_fingerprint (error);

  if (fingerprint != NULL)
    g_printerr (_("To trust it, add the account again with --pin-certificate %s\n"), fingerprint);
}

/* Reports a failure: on stderr always, and as {"error": {code, message}} with --json. */
static int
fail (const char   *command,
      const GError *error,
      gboolean      json)
{
  g_printerr ("inbox-cli account %s: %s\n", command, error->message);
  print_certificate_hint (error);
  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "error");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "code");
      json_builder_add_string_value (builder, error_code (error));
      json_builder_set_member_name (builder, "message");
      json_builder_add_string_value (builder, error->message);
      json_builder_end_object (builder);
      json_builder_end_object (builder);
      inbox_cli_print_json (builder);
    }
  return 1;
}

static void
add_account_json (JsonBuilder              *builder,
                  const InboxAccountConfig *config)
{
  const struct { const char *name; const char *value; } strings[] = {
    { "uid", config->uid }, { "email", config->email }, { "name", config->display_name },
    { "description", config->description }, { "imap_host", config->imap_host },
    { "imap_security", inbox_security_to_string (config->imap_security) }, { "imap_user", config->imap_user },
    { "smtp_host", config->smtp_host }, { "smtp_security", inbox_security_to_string (config->smtp_security) },
    { "smtp_user", config->smtp_user }, { "history", config->history },
    { "pinned_certificate", config->pinned_certificate }, { "preset", config->preset },
  };

  json_builder_begin_object (builder);
  for (gsize i = 0; i < G_N_ELEMENTS (strings); i++)
    {
      json_builder_set_member_name (builder, strings[i].name);
      if (strings[i].value != NULL)
        json_builder_add_string_value (builder, strings[i].value);
      else
        json_builder_add_null_value (builder);
    }
  json_builder_set_member_name (builder, "imap_port");
  json_builder_add_int_value (builder, config->imap_port);
  json_builder_set_member_name (builder, "server_saves_sent");
  json_builder_add_boolean_value (builder, config->saves_sent);
  json_builder_set_member_name (builder, "smtp_port");
  json_builder_add_int_value (builder, config->smtp_port);
  json_builder_set_member_name (builder, "size_limit_mb");
  json_builder_add_int_value (builder, (gint64) (inbox_account_config_get_size_limit (config) / 1000 / 1000));
  json_builder_end_object (builder);
}

/* --- Camel on a worker, with the main loop turning ------------------------------------------ */

typedef struct {
  InboxCliWorkFunc func;
  gpointer data;
  GMainLoop *loop;
  gboolean ok;
  GError *error;
} Work;

static gboolean
quit_loop (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static gpointer
work_thread (gpointer data)
{
  Work *work = data;

  work->ok = work->func (work->data, &work->error);
  g_idle_add (quit_loop, work->loop);
  return NULL;
}

/* Camel's session belongs to the main thread and its _sync calls must not block it: run func on
 * a worker while the main loop turns. */
gboolean
inbox_cli_run_on_worker (InboxCliWorkFunc   func,
                         gpointer           data,
                         GError           **error)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Work work = { func, data, loop };
  GThread *thread = g_thread_new ("inbox-cli-worker", work_thread, &work);

  g_main_loop_run (loop);
  g_thread_join (thread);
  if (!work.ok)
    g_propagate_error (error, work.error);
  return work.ok;
}

typedef struct {
  InboxSession *session;
  const InboxAccountConfig *config;
  const char *password;
  const char *smtp_password;
} Verify;

static gboolean
verify_work (gpointer   data,
             GError   **error)
{
  Verify *verify = data;

  return inbox_account_verify_sync (verify->session, verify->config, verify->password, verify->smtp_password, NULL, error);
}

static gboolean
verify (const InboxAccountConfig  *config,
        const char                *password,
        const char                *smtp_password,
        GError                   **error)
{
  g_autoptr(InboxSession) session = inbox_session_new ();
  Verify job = { session, config, password, smtp_password };

  return inbox_cli_run_on_worker (verify_work, &job, error);
}

typedef struct {
  const char *email;
  InboxAccountConfig *config;
  char *source;
} Lookup;

static gboolean
lookup_work (gpointer   data,
             GError   **error)
{
  Lookup *lookup = data;

  lookup->config = inbox_autoconfig_lookup_sync (lookup->email, &lookup->source, NULL, error);
  return lookup->config != NULL;
}

static gboolean
sync_work (gpointer   data,
           GError   **error)
{
  return inbox_syncer_sync_sync (data, NULL, error);
}

/* A pass that leaves the connections open for the next, as the app's syncer does. */
static gboolean
poll_work (gpointer   data,
           GError   **error)
{
  return inbox_syncer_poll_sync (data, NULL, error);
}

static char *
read_password (GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);
  char buffer[256];
  size_t n;

  while ((n = fread (buffer, 1, sizeof buffer, stdin)) > 0)
    g_string_append_len (text, buffer, (gssize) n);
  while (text->len > 0 && (text->str[text->len - 1] == '\n' || text->str[text->len - 1] == '\r'))
    g_string_truncate (text, text->len - 1);
  if (text->len == 0)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "No password on standard input");
      return NULL;
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- add ------------------------------------------------------------------------------------ */

static int
account_add (int    argc,
             char **argv)
{
  g_autofree char *email = NULL, *name = NULL, *user = NULL, *description = NULL;
  g_autofree char *imap_host = NULL, *imap_security = NULL, *smtp_host = NULL, *smtp_security = NULL;
  g_autofree char *history = NULL, *pin = NULL, *smtp_user = NULL, *smtp_password_file = NULL;
  g_autofree char *smtp_password = NULL;
  int imap_port = 0, smtp_port = 0, size_limit = 0;
  gboolean password_stdin = FALSE, json = FALSE, saves_sent = FALSE;
  const GOptionEntry entries[] = {
    { "email", 0, 0, G_OPTION_ARG_STRING, &email, N_("The address"), N_("ADDRESS") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Your name, as mail you send shows it"), N_("NAME") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("The user name (default: the address)"), N_("USER") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What the account is for"), N_("TEXT") },
    { "imap-host", 0, 0, G_OPTION_ARG_STRING, &imap_host, N_("The IMAP server"), N_("HOST") },
    { "imap-port", 0, 0, G_OPTION_ARG_INT, &imap_port, N_("Its port (993 for tls, 143 for starttls)"), N_("PORT") },
    { "imap-security", 0, 0, G_OPTION_ARG_STRING, &imap_security, N_("tls, starttls or none"), N_("MODE") },
    { "smtp-host", 0, 0, G_OPTION_ARG_STRING, &smtp_host, N_("The SMTP server"), N_("HOST") },
    { "smtp-port", 0, 0, G_OPTION_ARG_INT, &smtp_port, N_("Its port (587 for starttls, 465 for tls)"), N_("PORT") },
    { "smtp-security", 0, 0, G_OPTION_ARG_STRING, &smtp_security, N_("starttls, tls or none"), N_("MODE") },
    { "smtp-user", 0, 0, G_OPTION_ARG_STRING, &smtp_user, N_("The SMTP user name, if not the IMAP one; \"\" for none"), N_("USER") },
    { "history", 0, 0, G_OPTION_ARG_STRING, &history, N_("How far back to sync: all, none, 1m, 3m, 6m, 1y, 2y, 5y, 10y"), N_("WINDOW") },
    { "pin-certificate", 0, 0, G_OPTION_ARG_STRING, &pin, N_("Accept the server's self-signed certificate with this SHA-256 fingerprint"), N_("FINGERPRINT") },
    { "server-saves-sent", 0, 0, G_OPTION_ARG_NONE, &saves_sent,
      N_("The server files sent mail in Sent itself: keep no copy of our own"), NULL },
    { "size-limit", 0, 0, G_OPTION_ARG_INT, &size_limit,
      N_("The largest message the server takes, in MB (default: the provider's, else 25)"), N_("MB") },
    { "password-stdin", 0, 0, G_OPTION_ARG_NONE, &password_stdin, N_("Read the password from standard input"), NULL },
    { "smtp-password-file", 0, 0, G_OPTION_ARG_FILENAME, &smtp_password_file,
      N_("A separate SMTP password, read from this file (else the IMAP password serves both)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *password = NULL;
  gboolean updated = FALSE;

  g_option_context_set_summary (context, _("Verify an IMAP/SMTP account, then save it (the password goes to the keyring)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("inbox-cli account add: %s\n", error->message);
      return 2;
    }
  if (email == NULL || !password_stdin)
    {
      g_printerr ("inbox-cli account add: %s\n", _("--email and --password-stdin are required"));
      return 2;
    }

  if (imap_host == NULL)
    {
      /* Presets, then autoconfig (HTTPS, ISPDB, MX): the network, so on the worker. */
      Lookup lookup = { email };
      const InboxAccountPreset *preset = inbox_account_preset_for_email (email);

      if (!inbox_cli_run_on_worker (lookup_work, &lookup, &error))
        {
          if (g_error_matches (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID))
            {
              g_autofree char *message = g_strdup_printf ("%s (--imap-host, --smtp-host…)", error->message);
              g_free (error->message);
              error->message = g_steal_pointer (&message);
            }
          return fail ("add", error, json);
        }
      config = g_steal_pointer (&lookup.config);
      g_printerr (_("Settings for %s found (%s): IMAP %s:%u, SMTP %s:%u\n"), email, lookup.source,
                  config->imap_host, config->imap_port, config->smtp_host, config->smtp_port);
      g_free (lookup.source);
      if (preset != NULL && preset->needs_app_password)
        g_printerr (_("%s needs an app-specific password (made in your account's security settings on the web).\n"), preset->name);
    }
  else
    {
      config = inbox_account_config_new (email);
      config->imap_host = g_strdup (imap_host);
      config->smtp_host = g_strdup (smtp_host);
      if ((imap_security != NULL && !inbox_security_from_string (imap_security, &config->imap_security)) ||
          (smtp_security != NULL && !inbox_security_from_string (smtp_security, &config->smtp_security)))
        {
          g_printerr ("inbox-cli account add: %s\n", _("security is tls, starttls or none"));
          return 2;
        }
      config->imap_port = imap_port > 0 ? (guint) imap_port : config->imap_security == INBOX_SECURITY_TLS ? 993 : 143;
      config->smtp_port = smtp_port > 0 ? (guint) smtp_port : config->smtp_security == INBOX_SECURITY_TLS ? 465 : 587;
    }
  if (user != NULL)
    {
      g_free (config->imap_user);
      config->imap_user = g_strdup (user);
    }
  if (config->imap_user == NULL)
    config->imap_user = g_strdup (email);
  if (smtp_user != NULL || config->smtp_user == NULL)
    {
      g_free (config->smtp_user);
      /* "" means the SMTP server takes mail without logging in. */
      config->smtp_user = smtp_user != NULL ? (*smtp_user != '\0' ? g_strdup (smtp_user) : NULL) : g_strdup (config->imap_user);
    }
  if (name != NULL)
    {
      g_free (config->display_name);
      config->display_name = g_strdup (name);
    }
  if (description != NULL)
    {
      g_free (config->description);
      config->description = g_strdup (description);
    }
  if (history != NULL)
    {
      g_free (config->history);
      config->history = g_strdup (history);
    }
  config->pinned_certificate = g_strdup (pin);
  if (size_limit < 0 || size_limit > 10000)
    {
      g_printerr ("inbox-cli account add: %s\n", _("--size-limit is a number of MB, from 1 to 10000"));
      return 2;
    }
  if (size_limit > 0)
    config->size_limit_mb = (guint) size_limit;

  if (config->imap_security == INBOX_SECURITY_NONE || config->smtp_security == INBOX_SECURITY_NONE)
    g_printerr (_("Warning: with security “none”, your password and mail cross the network unencrypted.\n"));

  if (smtp_password_file != NULL)
    {
      if (!g_file_get_contents (smtp_password_file, &smtp_password, NULL, &error))
        return fail ("add", error, json);
      g_strchomp (smtp_password);
    }
  if (!inbox_account_config_validate (config, &error) ||
      (password = read_password (&error)) == NULL ||
      !verify (config, password, smtp_password, &error))
    return fail ("add", error, json);

  store = inbox_store_open (NULL, &error);
  if (store == NULL || !inbox_store_add_account_sync (store, config, password, smtp_password, &updated, &error) ||
      !inbox_store_set_account_saves_sent_sync (store, config->uid, saves_sent, &error))
    return fail ("add", error, json);
  config->saves_sent = saves_sent;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "updated");
      json_builder_add_boolean_value (builder, updated);
      json_builder_set_member_name (builder, "account");
      add_account_json (builder, config);
      json_builder_end_object (builder);
      inbox_cli_print_json (builder);
    }
  else
    g_print (updated ? _("Updated %s (%s)\n") : _("Added %s (%s)\n"), config->email, config->uid);
  return 0;
}

/* --- list, remove, verify ------------------------------------------------------------------- */

static GPtrArray *
find_accounts (InboxStore  *store,
               const char  *key,
               GError     **error)
{
  GPtrArray *accounts = inbox_store_list_accounts_sync (store, key, error);

  if (accounts != NULL && accounts->len == 0 && key != NULL)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "There is no account “%s”", key);
      g_ptr_array_unref (accounts);
      return NULL;
    }
  return accounts;
}

static int
account_list_remove_verify (const char *command,
                            int         argc,
                            char      **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (g_str_equal (command, "list") ? NULL : _("ID|ADDRESS"));
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  gboolean needs_key = !g_str_equal (command, "list");

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || (needs_key && argc != 2) || (!needs_key && argc != 1))
    {
      g_printerr ("inbox-cli account %s: %s\n", command,
                  error != NULL ? error->message : needs_key ? _("name one account (its id or address)") : _("too many arguments"));
      return 2;
    }

  store = inbox_store_open (NULL, &error);
  if (store == NULL || (accounts = find_accounts (store, needs_key ? argv[1] : NULL, &error)) == NULL)
    return fail (command, error, json);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      InboxAccountConfig *config = accounts->pdata[i];

      if (g_str_equal (command, "remove"))
        {
          if (!inbox_store_remove_account_sync (store, config->uid, &error) ||
              !inbox_secrets_clear_sync (config->uid, NULL, &error))
            return fail (command, error, json);
          if (!json)
            g_print (_("Removed %s and its mail\n"), config->email);
        }
      else if (g_str_equal (command, "verify"))
        {
          g_autoptr(InboxSecretPassword) password = inbox_secrets_lookup_sync (config->uid, INBOX_SECRET_PROTOCOL_IMAP, NULL, &error);

          if (password == NULL && error == NULL)
            g_set_error (&error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION,
                         "The keyring holds no password for %s: add the account again", config->email);
          g_autoptr(InboxSecretPassword) smtp = password != NULL ?
              inbox_secrets_lookup_sync (config->uid, INBOX_SECRET_PROTOCOL_SMTP, NULL, NULL) : NULL;

          if (password == NULL || !verify (config, password, smtp, &error))
            return fail (command, error, json);
          if (!json)
            g_print (_("%s: IMAP and SMTP log-ins work\n"), config->email);
        }
      else if (!json)
        g_print ("%s  %-32s  %s:%u (%s)  %s:%u (%s)\n", config->uid, config->email,
                 config->imap_host, config->imap_port, inbox_security_to_string (config->imap_security),
                 config->smtp_host, config->smtp_port, inbox_security_to_string (config->smtp_security));
      add_account_json (builder, config);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    inbox_cli_print_json (builder);
  return 0;
}

/* inbox-cli account lookup ADDRESS: the settings add would use, and where they came from. */
static int
account_lookup (int    argc,
                char **argv)
{
  gboolean json = FALSE;
  const GOptionEntry entries[] = {
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("ADDRESS"));
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxAccountConfig) config = NULL;
  g_autofree char *source = NULL;
  Lookup lookup = { NULL };

  g_option_context_set_summary (context, _("Find the IMAP and SMTP settings for an address (presets, then autoconfig)."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2)
    {
      g_printerr ("inbox-cli account lookup: %s\n", error != NULL ? error->message : _("give one address"));
      return 2;
    }

  lookup.email = argv[1];
  if (!inbox_cli_run_on_worker (lookup_work, &lookup, &error))
    return fail ("lookup", error, json);
  config = g_steal_pointer (&lookup.config);
  source = g_steal_pointer (&lookup.source);

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "source");
      json_builder_add_string_value (builder, source);
      json_builder_set_member_name (builder, "account");
      add_account_json (builder, config);
      json_builder_end_object (builder);
      inbox_cli_print_json (builder);
    }
  else
    g_print ("%s (%s): IMAP %s:%u %s, SMTP %s:%u %s\n", config->email, source,
             config->imap_host, config->imap_port, inbox_security_to_string (config->imap_security),
             config->smtp_host, config->smtp_port, inbox_security_to_string (config->smtp_security));
  return 0;
}

int
inbox_cli_account (int    argc,
                   char **argv)
{
  if (argc >= 2 && g_str_equal (argv[1], "lookup"))
    return account_lookup (argc - 1, argv + 1);
  if (argc >= 2 && g_str_equal (argv[1], "add"))
    return account_add (argc - 1, argv + 1);
  if (argc >= 2 && (g_str_equal (argv[1], "list") || g_str_equal (argv[1], "remove") || g_str_equal (argv[1], "verify")))
    return account_list_remove_verify (argv[1], argc - 1, argv + 1);

  g_printerr ("%s\n", _("Usage: inbox-cli account add|list|remove|verify|lookup [OPTION…] (see inbox-cli account add --help)"));
  return 2;
}

typedef struct {
  InboxSyncer *syncer;
  GCancellable *cancellable;
  GError *error;
  GMainLoop *loop;
  guint *running;
} Watch;

/* On the main thread, when a watcher has stopped: the loop turns until the last one has, because
 * Camel needs it while disconnecting. */
static gboolean
watcher_stopped (gpointer data)
{
  Watch *watch = data;

  if (--*watch->running == 0)
    g_main_loop_quit (watch->loop);
  return G_SOURCE_REMOVE;
}

static gpointer
watch_thread (gpointer data)
{
  Watch *watch = data;

  inbox_syncer_watch_sync (watch->syncer, (guint) GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (watch->syncer), "poll")),
                           watch->cancellable, &watch->error);
  g_idle_add (watcher_stopped, watch);
  return NULL;
}

static gboolean
stop_watching (gpointer data)
{
  g_cancellable_cancel (data);
  return G_SOURCE_CONTINUE;
}

/* SIGUSR1 with --watch: every account checks every folder now, as the app's Check for New Mail. */
static gboolean
check_now (gpointer data)
{
  GPtrArray *watches = data;

  for (guint i = 0; i < watches->len; i++)
    inbox_syncer_wake_full (((Watch *) watches->pdata[i])->syncer);
  return G_SOURCE_CONTINUE;
}

static const char *status_names[] = { "idle", "syncing", "error", "authentication-failed", "disconnected",
                                      "certificate-untrusted" };

static void
print_status (InboxSyncer *syncer,
              GParamSpec  *pspec,
              gpointer     email)
{
  const char * const *names = status_names;
  InboxSyncStatus status = inbox_syncer_get_status (syncer);
  const InboxSyncStats *stats = inbox_syncer_get_stats (syncer);

  if (status == INBOX_SYNC_STATUS_IDLE)
    g_printerr ("%s: idle (%u new, %u flag changes, %u removed, %u written back)\n", (const char *) email,
                stats->added, stats->flags, stats->removed, stats->written_back);
  else if (status != INBOX_SYNC_STATUS_SYNCING)
    g_printerr ("%s: %s: %s\n", (const char *) email, names[status], inbox_syncer_get_error_message (syncer));
}

/* --watch: every account in its own thread, IDLE on INBOX and polling the rest, until SIGINT or SIGTERM. */
static int
watch_accounts (InboxSession *session,
                InboxStore   *store,
                GPtrArray    *accounts,
                guint         poll_seconds)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GPtrArray) watches = g_ptr_array_new ();
  g_autoptr(GPtrArray) threads = g_ptr_array_new ();
  guint sigint = g_unix_signal_add (SIGINT, stop_watching, cancellable);
  guint sigterm = g_unix_signal_add (SIGTERM, stop_watching, cancellable);
  guint sigusr1 = g_unix_signal_add (SIGUSR1, check_now, watches);
  guint running = accounts->len;
  int status = 0;

  for (guint i = 0; i < accounts->len; i++)
    {
      InboxAccountConfig *config = accounts->pdata[i];
      Watch *watch = g_new0 (Watch, 1);

      watch->syncer = inbox_syncer_new (session, store, config);
      watch->cancellable = cancellable;
      watch->loop = loop;
      watch->running = &running;
      g_object_set_data (G_OBJECT (watch->syncer), "poll", GUINT_TO_POINTER (poll_seconds));
      g_signal_connect (watch->syncer, "notify::status", G_CALLBACK (print_status), config->email);
      g_ptr_array_add (watches, watch);
      g_ptr_array_add (threads, g_thread_new ("inbox-watch", watch_thread, watch));
    }

  if (running > 0)
    g_main_loop_run (loop);

  for (guint i = 0; i < watches->len; i++)
    {
      Watch *watch = watches->pdata[i];

      g_thread_join (threads->pdata[i]);
      if (watch->error != NULL)
        {
          g_printerr ("inbox-cli sync: %s\n", watch->error->message);
          g_error_free (watch->error);
          status = 1;
        }
      g_object_unref (watch->syncer);
      g_free (watch);
    }
  g_source_remove (sigint);
  g_source_remove (sigterm);
  g_source_remove (sigusr1);
  return status;
}

static void
print_progress (InboxSyncer *syncer,
                const char  *folder,
                guint        done,
                guint        total,
                gpointer     email)
{
  g_printerr ("%s: %s: %u/%u\n", (const char *) email, folder, done, total);
}

/* inbox-cli sync [--account ID|ADDRESS] [--progress] [--json]: one pass over every account (or the one named). */
int
inbox_cli_sync (int    argc,
                char **argv)
{
  g_autofree char *account = NULL;
  gboolean json = FALSE;
  gboolean progress = FALSE;
  gboolean watch = FALSE;
  gboolean wait_bodies = FALSE;
  int poll_seconds = 60;
  int passes = 1;
  const GOptionEntry entries[] = {
    /* Bodies are fetched in the same pass as headers, so every sync already ends with them local
     * and indexed; the option is accepted for scripts that ask for it. */
    { "wait-bodies", 0, 0, G_OPTION_ARG_NONE, &wait_bodies, N_("Return once all bodies are local and indexed (always so)"), NULL },
    { "watch", 0, 0, G_OPTION_ARG_NONE, &watch, N_("Keep running: IDLE on INBOX, and poll the other folders (SIGUSR1: check every folder now)"), NULL },
    { "poll", 0, 0, G_OPTION_ARG_INT, &poll_seconds, N_("Seconds between polls with --watch (default 60)"), N_("SECONDS") },
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("Only this account (its id or address)"), N_("ACCOUNT") },
    /* For the benchmark: the passes after the first are what a running app pays to resync, with
     * its session and connections open. */
    { "passes", 0, 0, G_OPTION_ARG_INT, &passes, N_("Sync this many times in a row, timing each (default 1)"), N_("N") },
    { "progress", 0, 0, G_OPTION_ARG_NONE, &progress, N_("Show progress on stderr"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(InboxSession) session = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  int status = 0;

  g_option_context_set_summary (context, _("Fetch new mail and changes from the server, once."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1)
    {
      g_printerr ("inbox-cli sync: %s\n", error != NULL ? error->message : _("too many arguments"));
      return 2;
    }

  store = inbox_store_open (NULL, &error);
  if (store == NULL || (accounts = find_accounts (store, account, &error)) == NULL)
    return fail ("sync", error, json);
  session = inbox_session_new ();
  if (watch)
    return watch_accounts (session, store, accounts, (guint) MAX (poll_seconds, 1));

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "accounts");
  json_builder_begin_array (builder);
  for (guint i = 0; i < accounts->len; i++)
    {
      InboxAccountConfig *config = accounts->pdata[i];
      g_autoptr(InboxSyncer) syncer = inbox_syncer_new (session, store, config);
      g_autoptr(GError) sync_error = NULL;
      g_autoptr(GArray) pass_ms = g_array_new (FALSE, FALSE, sizeof (double));
      gboolean ok = TRUE;

      if (progress)
        g_signal_connect (syncer, "progress", G_CALLBACK (print_progress), config->email);
      for (int pass = 0; ok && pass < MAX (passes, 1); pass++)
        {
          gint64 started = g_get_monotonic_time ();
          double ms;

          ok = inbox_cli_run_on_worker (pass + 1 < passes ? poll_work : sync_work, syncer, &sync_error);
          ms = (g_get_monotonic_time () - started) / 1000.0;
          g_array_append_val (pass_ms, ms);
        }
      /* Let the syncer's last reports (status, progress) arrive. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
      const InboxSyncStats *stats = inbox_syncer_get_stats (syncer);

      if (!ok)
        {
          g_printerr ("inbox-cli sync: %s: %s\n", config->email, sync_error->message);
          print_certificate_hint (sync_error);
          status = 1;
        }
      else if (!json)
        g_print (_("%s: %u changes written back; %u folders, %u new messages, %u flag changes, %u removed\n"),
                 config->email, stats->written_back, stats->folders, stats->added, stats->flags, stats->removed);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "uid");
      json_builder_add_string_value (builder, config->uid);
      json_builder_set_member_name (builder, "email");
      json_builder_add_string_value (builder, config->email);
      json_builder_set_member_name (builder, "folders");
      json_builder_add_int_value (builder, stats->folders);
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, stats->added);
      json_builder_set_member_name (builder, "flags");
      json_builder_add_int_value (builder, stats->flags);
      json_builder_set_member_name (builder, "removed");
      json_builder_add_int_value (builder, stats->removed);
      json_builder_set_member_name (builder, "written_back");
      json_builder_add_int_value (builder, stats->written_back);
      json_builder_set_member_name (builder, "fetched_in_bulk");
      json_builder_add_int_value (builder, stats->bulk);
      json_builder_set_member_name (builder, "unchanged_folders");
      json_builder_add_int_value (builder, stats->unchanged);
      json_builder_set_member_name (builder, "incremental_folders");
      json_builder_add_int_value (builder, stats->incremental);
      json_builder_set_member_name (builder, "folders_listed");
      json_builder_add_boolean_value (builder, stats->listed);
      json_builder_set_member_name (builder, "pass_ms");
      json_builder_begin_array (builder);
      for (guint p = 0; p < pass_ms->len; p++)
        json_builder_add_double_value (builder, g_array_index (pass_ms, double, p));
      json_builder_end_array (builder);
      json_builder_set_member_name (builder, "status");
      json_builder_add_string_value (builder, status_names[inbox_syncer_get_status (syncer)]);
      json_builder_set_member_name (builder, "error");
      if (sync_error != NULL)
        json_builder_add_string_value (builder, sync_error->message);
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (json)
    inbox_cli_print_json (builder);
  return status;
}
