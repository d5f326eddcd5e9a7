/* inbox-account.c: an IMAP/SMTP account's settings, the provider presets, and verification.
 *
 * Verification logs in to IMAP and to SMTP with Camel, exactly as sync and sending will, and turns
 * what went wrong into one of a few errors a person can act on: wrong password (with the hint
 * about app-specific passwords), host not found, connection refused, timed out, certificate not
 * trusted (with its fingerprint, to pin), or the server refused the security mode.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-account.h"

G_DEFINE_QUARK (inbox-account-error-quark, inbox_account_error)

#define APP_PASSWORD_HINT \
  "iCloud, Yahoo, AOL, Fastmail, Outlook.com and others need an app-specific password, made in your " \
  "account's security settings on the web, not the password you sign in with."

static const char * const icloud_domains[] = { "icloud.com", "me.com", "mac.com", NULL };
static const char * const fastmail_domains[] = { "fastmail.com", "fastmail.fm", "fastmail.to", "fastmail.net", NULL };
static const char * const yahoo_domains[] = { "yahoo.com", "ymail.com", "rocketmail.com", "yahoo.co.uk", "yahoo.fr", "yahoo.de", NULL };
static const char * const aol_domains[] = { "aol.com", "aim.com", NULL };
static const char * const zoho_domains[] = { "zoho.com", "zohomail.com", "zoho.eu", NULL };
static const char * const gmx_domains[] = { "gmx.com", "gmx.net", "gmx.de", "gmx.at", "gmx.ch", NULL };
static const char * const mailbox_org_domains[] = { "mailbox.org", NULL };
static const char * const outlook_domains[] = { "outlook.com", "hotmail.com", "live.com", "msn.com", NULL };

/* The user name is the full address for all of them. The last column is the largest message the
 * provider says it takes, in MB, where it says so (0: the composer's default, 25 MB). */
static const InboxAccountPreset presets[] = {
  { "icloud", "iCloud", icloud_domains, "imap.mail.me.com", 993, INBOX_SECURITY_TLS, "smtp.mail.me.com", 587, INBOX_SECURITY_STARTTLS, TRUE, 20 },
  { "fastmail", "Fastmail", fastmail_domains, "imap.fastmail.com", 993, INBOX_SECURITY_TLS, "smtp.fastmail.com", 465, INBOX_SECURITY_TLS, TRUE, 70 },
  { "yahoo", "Yahoo", yahoo_domains, "imap.mail.yahoo.com", 993, INBOX_SECURITY_TLS, "smtp.mail.yahoo.com", 465, INBOX_SECURITY_TLS, TRUE },
  { "aol", "AOL", aol_domains, "imap.aol.com", 993, INBOX_SECURITY_TLS, "smtp.aol.com", 465, INBOX_SECURITY_TLS, TRUE },
  { "zoho", "Zoho Mail", zoho_domains, "imap.zoho.com", 993, INBOX_SECURITY_TLS, "smtp.zoho.com", 465, INBOX_SECURITY_TLS, TRUE },
  { "gmx", "GMX", gmx_domains, "imap.gmx.com", 993, INBOX_SECURITY_TLS, "mail.gmx.com", 587, INBOX_SECURITY_STARTTLS, FALSE },
  { "mailbox.org", "mailbox.org", mailbox_org_domains, "imap.mailbox.org", 993, INBOX_SECURITY_TLS, "smtp.mailbox.org", 465, INBOX_SECURITY_TLS, FALSE },
  { "outlook", "Outlook.com", outlook_domains, "outlook.office365.com", 993, INBOX_SECURITY_TLS, "smtp-mail.outlook.com", 587, INBOX_SECURITY_STARTTLS, TRUE, 20 },
};

/* --- settings ------------------------------------------------------------------------------- */

InboxAccountConfig *
inbox_account_config_new (const char *email)
{
  InboxAccountConfig *config = g_new0 (InboxAccountConfig, 1);

  config->email = g_strdup (email);
  config->display_name = g_strdup ("");
  config->description = g_strdup ("");
  config->imap_port = 993;
  config->imap_security = INBOX_SECURITY_TLS;
  config->smtp_port = 587;
  config->smtp_security = INBOX_SECURITY_STARTTLS;
  config->history = g_strdup ("all");
  return config;
}

InboxAccountConfig *
inbox_account_config_copy (const InboxAccountConfig *config)
{
  InboxAccountConfig *copy = g_memdup2 (config, sizeof *config);

  copy->uid = g_strdup (config->uid);
  copy->email = g_strdup (config->email);
  copy->display_name = g_strdup (config->display_name);
  copy->description = g_strdup (config->description);
  copy->imap_host = g_strdup (config->imap_host);
  copy->imap_user = g_strdup (config->imap_user);
  copy->smtp_host = g_strdup (config->smtp_host);
  copy->smtp_user = g_strdup (config->smtp_user);
  copy->history = g_strdup (config->history);
  copy->pinned_certificate = g_strdup (config->pinned_certificate);
  copy->preset = g_strdup (config->preset);
  copy->saves_sent = config->saves_sent;
  copy->size_limit_mb = config->size_limit_mb;
  return copy;
}

void
inbox_account_config_free (InboxAccountConfig *config)
{
  if (config == NULL)
    return;
  g_free (config->uid);
  g_free (config->email);
  g_free (config->display_name);
  g_free (config->description);
  g_free (config->imap_host);
  g_free (config->imap_user);
  g_free (config->smtp_host);
  g_free (config->smtp_user);
  g_free (config->history);
  g_free (config->pinned_certificate);
  g_free (config->preset);
  g_free (config);
}

const char *
inbox_security_to_string (InboxSecurity security)
{
  switch (security)
    {
    case INBOX_SECURITY_TLS: return "tls";
    case INBOX_SECURITY_STARTTLS: return "starttls";
    case INBOX_SECURITY_NONE: return "none";
    default: g_return_val_if_reached ("tls");
    }
}

gboolean
inbox_security_from_string (const char    *text,
                            InboxSecurity *security)
{
  if (g_strcmp0 (text, "tls") == 0)
    *security = INBOX_SECURITY_TLS;
  else if (g_strcmp0 (text, "starttls") == 0)
    *security = INBOX_SECURITY_STARTTLS;
  else if (g_strcmp0 (text, "none") == 0)
    *security = INBOX_SECURITY_NONE;
  else
    return FALSE;
  return TRUE;
}

gboolean
inbox_history_is_valid (const char *history)
{
  static const char * const windows[] = { "all", "none", "1m", "3m", "6m", "1y", "2y", "5y", "10y", NULL };

  return history != NULL && g_strv_contains (windows, history);
}

static const char *
email_domain (const char *email)
{
  const char *at = email != NULL ? strrchr (email, '@') : NULL;

  return at != NULL ? at + 1 : NULL;
}

const InboxAccountPreset *
inbox_account_preset_for_email (const char *email)
{
  const char *domain = email_domain (email);

  for (gsize i = 0; domain != NULL && i < G_N_ELEMENTS (presets); i++)
    for (guint d = 0; presets[i].domains[d] != NULL; d++)
      if (g_ascii_strcasecmp (domain, presets[i].domains[d]) == 0)
        return &presets[i];
  return NULL;
}

const InboxAccountPreset *
inbox_account_preset_lookup (const char *id)
{
  for (gsize i = 0; id != NULL && i < G_N_ELEMENTS (presets); i++)
    if (g_str_equal (presets[i].id, id))
      return &presets[i];
  return NULL;
}

/* Fills in servers, ports, security and user from a preset (the user is the full address). */
gboolean
inbox_account_config_apply_preset (InboxAccountConfig       *config,
                                   const InboxAccountPreset *preset)
{
  if (preset == NULL)
    return FALSE;

  g_free (config->imap_host);
  config->imap_host = g_strdup (preset->imap_host);
  config->imap_port = preset->imap_port;
  config->imap_security = preset->imap_security;
  g_free (config->smtp_host);
  config->smtp_host = g_strdup (preset->smtp_host);
  config->smtp_port = preset->smtp_port;
  config->smtp_security = preset->smtp_security;
  if (config->imap_user == NULL)
    config->imap_user = g_strdup (config->email);
  if (config->smtp_user == NULL)
    config->smtp_user = g_strdup (config->email);
  g_free (config->preset);
  config->preset = g_strdup (preset->id);
  if (config->size_limit_mb == 0)
    config->size_limit_mb = preset->size_limit_mb;
  return TRUE;
}

/* The largest message the account's server takes, in bytes. Most providers refuse messages over
 * 25 MB (what is sent, after base64), so that is assumed where the limit is not known. */
guint64
inbox_account_config_get_size_limit (const InboxAccountConfig *config)
{
  guint mb = config != NULL && config->size_limit_mb > 0 ? config->size_limit_mb : 25;

  return (guint64) mb * 1000 * 1000;
}

gboolean
inbox_account_config_validate (const InboxAccountConfig  *config,
                               GError                   **error)
{
  const char *problem = NULL;

  if (config->email == NULL || strchr (config->email, '@') == NULL || config->email[0] == '@' ||
      email_domain (config->email)[0] == '\0')
    problem = "the email address is not valid";
  else if (config->imap_host == NULL || *config->imap_host == '\0')
    problem = "the IMAP server is missing";
  else if (config->smtp_host == NULL || *config->smtp_host == '\0')
    problem = "the SMTP server is missing";
  else if (config->imap_port == 0 || config->imap_port > 65535 || config->smtp_port == 0 || config->smtp_port > 65535)
    problem = "a port is not between 1 and 65535";
  else if (!inbox_history_is_valid (config->history))
    problem = "the history window is not one of all, none, 1m, 3m, 6m, 1y, 2y, 5y, 10y";

  if (problem != NULL)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "The account can't work: %s", problem);
      return FALSE;
    }
  return TRUE;
}

/* The oldest date the history window lets sync fetch (0: everything). "none" keeps only mail that
 * arrives after the account was added. */
gint64
inbox_account_history_cutoff (const InboxAccountConfig *config,
                              gint64                    now)
{
  static const struct { const char *window; gint64 days; } windows[] = {
    { "1m", 30 }, { "3m", 91 }, { "6m", 182 }, { "1y", 365 }, { "2y", 730 }, { "5y", 1826 }, { "10y", 3652 },
  };

  if (config->history == NULL || g_str_equal (config->history, "all"))
    return 0;
  if (g_str_equal (config->history, "none"))
    return config->created > 0 ? config->created : now;
  for (gsize i = 0; i < G_N_ELEMENTS (windows); i++)
    if (g_str_equal (config->history, windows[i].window))
      return now - windows[i].days * 24 * 3600;
  return 0;
}

char *
inbox_account_service_uid (const char *account_uid,
                           const char *protocol)
{
  return g_strdup_printf ("%s/%s", account_uid, protocol);
}

/* --- verification --------------------------------------------------------------------------- */

static CamelNetworkSecurityMethod
security_method (InboxSecurity security)
{
  switch (security)
    {
    case INBOX_SECURITY_TLS: return CAMEL_NETWORK_SECURITY_METHOD_SSL_ON_ALTERNATE_PORT;
    case INBOX_SECURITY_STARTTLS: return CAMEL_NETWORK_SECURITY_METHOD_STARTTLS_ON_STANDARD_PORT;
    case INBOX_SECURITY_NONE:
    default: return CAMEL_NETWORK_SECURITY_METHOD_NONE;
    }
}

static gboolean
message_has (const GError *error,
             const char   *text)
{
  g_autofree char *lower = g_ascii_strdown (error->message, -1);
  return strstr (lower, text) != NULL;
}

/* The server refused the user name or password: from Camel (which may keep only the text), our
 * bulk connection ("NO [AUTHENTICATIONFAILED]", RFC 5530), or already explained. */
gboolean
inbox_account_error_is_authentication (const GError *error)
{
  return error != NULL &&
         (g_error_matches (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION) ||
          g_error_matches (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_CANT_AUTHENTICATE) ||
          message_has (error, "authentication failed") || message_has (error, "authenticationfailed"));
}

/* Camel says only "You must be working online" when GIO's network monitor finds the host
 * unreachable, which is what a mistyped server name looks like to it: the name is looked up
 * again to tell a name that does not exist from a network that is down. */
static void
explain_unavailable (const char  *what,
                     const char  *host,
                     GError     **error)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  g_autoptr(GError) lookup_error = NULL;
  GList *addresses = g_resolver_lookup_by_name (resolver, host, NULL, &lookup_error);

  g_resolver_free_addresses (addresses);
  if (g_error_matches (lookup_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND))
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND,
                 "The %s server %s was not found. Check its name.", what, host);
  else
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_FAILED,
                 "The %s server %s could not be reached: the network seems to be down.", what, host);
}

/* A certificate nobody trusted (not valid for the system, and not the one pinned): how the app and
 * the command line let the user trust it is theirs to say. */
void
inbox_account_set_certificate_error (GError     **error,
                                     const char  *what,
                                     const char  *host,
                                     const char  *fingerprint)
{
  g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_CERTIFICATE,
               "The %s server %s presented a certificate that is not trusted (it may be self-signed, or someone "
               "may be in the way). Its SHA-256 fingerprint is %s. Trust it only if you know this is your "
               "server's certificate.", what, host, fingerprint);
}

/* Turns Camel's error into one a person can act on. Camel often keeps only the message text of
 * the GIO error it wrapped, so the text is read too. */
static void
explain (GError      *camel_error,
         const char  *what,
         const char  *host,
         guint        port,
         const char  *rejected_certificate,
         GError     **error)
{
  if (rejected_certificate != NULL)
    inbox_account_set_certificate_error (error, what, host, rejected_certificate);
  else if (camel_error == NULL)
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_FAILED, "The %s server %s could not be reached", what, host);
  else if (camel_error->domain == INBOX_ACCOUNT_ERROR)
    g_propagate_error (error, g_error_copy (camel_error));  /* ours already (the session's, say) */
  else if (g_error_matches (camel_error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_UNAVAILABLE))
    explain_unavailable (what, host, error);
  else if (inbox_account_error_is_authentication (camel_error))
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_AUTHENTICATION,
                 "The %s server %s did not accept the user name or password. " APP_PASSWORD_HINT, what, host);
  else if (g_error_matches (camel_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND) ||
           g_error_matches (camel_error, G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE) ||
           message_has (camel_error, "not known") || message_has (camel_error, "resolv"))
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND,
                 "The %s server %s was not found. Check its name.", what, host);
  else if (g_error_matches (camel_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) || message_has (camel_error, "refused"))
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_CONNECTION_REFUSED,
                 "The %s server %s refused the connection on port %u. Check the port, and that the server is up.",
                 what, host, port);
  else if (g_error_matches (camel_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) || message_has (camel_error, "timed out"))
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_TIMED_OUT,
                 "The %s server %s did not answer on port %u in time.", what, host, port);
  else if (camel_error->domain == G_TLS_ERROR || message_has (camel_error, "starttls") ||
           message_has (camel_error, "tls") || message_has (camel_error, "ssl") || message_has (camel_error, "secure"))
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_SECURITY,
                 "The %s server %s refused the security mode on port %u (%s). Usually IMAP uses TLS on port 993 "
                 "or STARTTLS on 143, and SMTP STARTTLS on 587 or TLS on 465.", what, host, port, camel_error->message);
  else
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_FAILED, "The %s server %s: %s", what, host, camel_error->message);
}

/* An error met while syncing an account's IMAP side (a log-in after the connection dropped),
 * said as adding the account would say it. */
void
inbox_account_explain_imap_error (const InboxAccountConfig  *config,
                                  const GError              *cause,
                                  GError                   **error)
{
  g_autoptr(GError) copy = g_error_copy (cause);

  explain (copy, "IMAP", config->imap_host, config->imap_port, NULL, error);
}

/* The server could not be reached at all (down, no network, a name that no longer resolves), as
 * against one that answered and said no. Judged by the error's code only: a server's own words
 * ("… refused …") must not make a refusal look like an outage. */
gboolean
inbox_account_error_is_unreachable (const GError *error)
{
  static const int io_codes[] = { G_IO_ERROR_CONNECTION_REFUSED, G_IO_ERROR_TIMED_OUT,
                                  G_IO_ERROR_NETWORK_UNREACHABLE, G_IO_ERROR_HOST_UNREACHABLE };
  static const int our_codes[] = { INBOX_ACCOUNT_ERROR_CONNECTION_REFUSED, INBOX_ACCOUNT_ERROR_TIMED_OUT,
                                   INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND };

  if (error == NULL)
    return FALSE;
  if (error->domain == G_RESOLVER_ERROR ||
      g_error_matches (error, CAMEL_SERVICE_ERROR, CAMEL_SERVICE_ERROR_UNAVAILABLE))
    return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (io_codes); i++)
    if (g_error_matches (error, G_IO_ERROR, io_codes[i]))
      return TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (our_codes); i++)
    if (g_error_matches (error, INBOX_ACCOUNT_ERROR, our_codes[i]))
      return TRUE;
  return FALSE;
}

/* A server that can't be reached, said for someone who has been using the account (a sync, a message
 * being sent): what happened in a few words (not the setup advice "check the port", which fits a new
 * account), then `then`, what happens meanwhile (NULL: nothing more). Short enough for a toast at the
 * default window width, and for an Outbox row. */
void
inbox_account_explain_unreachable (const char    *host,
                                   guint          port,
                                   const GError  *cause,
                                   const char    *then,
                                   GError       **error)
{
  g_autofree char *reason = NULL;
  int code = INBOX_ACCOUNT_ERROR_FAILED;

  if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) ||
      g_error_matches (cause, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_CONNECTION_REFUSED))
    {
      reason = g_strdup_printf ("connection refused on port %u", port);
      code = INBOX_ACCOUNT_ERROR_CONNECTION_REFUSED;
    }
  else if (g_error_matches (cause, G_IO_ERROR, G_IO_ERROR_TIMED_OUT) ||
           g_error_matches (cause, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_TIMED_OUT))
    {
      reason = g_strdup ("no answer in time");
      code = INBOX_ACCOUNT_ERROR_TIMED_OUT;
    }
  else if (cause->domain == G_RESOLVER_ERROR ||
           g_error_matches (cause, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND))
    {
      reason = g_strdup ("name not found");
      code = INBOX_ACCOUNT_ERROR_HOST_NOT_FOUND;
    }
  else
    reason = g_strdup ("no network");
  g_set_error (error, INBOX_ACCOUNT_ERROR, code, "Cannot reach %s (%s).%s%s", host, reason,
               then != NULL ? " " : "", then != NULL ? then : "");
}

/* A Camel service for one side of an account, configured; NULL with an error when Camel lacks
 * the provider. */
CamelService *
inbox_account_add_service (InboxSession      *session,
                           const char        *service_uid,
                           const char        *protocol,
                           CamelProviderType  type,
                           const char        *host,
                           guint              port,
                           InboxSecurity      security,
                           const char        *user,
                           GError           **error)
{
  g_autoptr(GError) camel_error = NULL;
  g_autoptr(CamelSettings) settings = NULL;
  CamelService *service = camel_session_ref_service (CAMEL_SESSION (session), service_uid);

  if (service != NULL)
    camel_session_remove_service (CAMEL_SESSION (session), service);
  g_clear_object (&service);

  service = camel_session_add_service (CAMEL_SESSION (session), service_uid, protocol, type, &camel_error);
  if (service == NULL)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_FAILED,
                   "Camel's %s support is missing (%s): install evolution-data-server",
                   type == CAMEL_PROVIDER_STORE ? "IMAP" : "SMTP", camel_error->message);
      return NULL;
    }
  g_object_ref (service);

  settings = camel_service_ref_settings (service);
  camel_network_settings_set_host (CAMEL_NETWORK_SETTINGS (settings), host);
  camel_network_settings_set_port (CAMEL_NETWORK_SETTINGS (settings), port);
  camel_network_settings_set_user (CAMEL_NETWORK_SETTINGS (settings), user);
  camel_network_settings_set_security_method (CAMEL_NETWORK_SETTINGS (settings), security_method (security));

  /* imapx: CONDSTORE/QRESYNC where the server offers them (a resync with no change is then one
   * round trip), and IDLE for pushed changes. */
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (settings), "use-qresync") != NULL)
    g_object_set (settings, "use-qresync", TRUE, NULL);
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (settings), "use-idle") != NULL)
    g_object_set (settings, "use-idle", TRUE, NULL);
  return service;
}

/* Camel's SMTP transport logs in only when its settings name a SASL mechanism (imapx, given none,
 * uses IMAP LOGIN), and the mechanism must be one the server lists after EHLO (and after STARTTLS,
 * which changes the list). So a transport with a user asks the server first (on the same
 * connection, which Camel then logs in on: one TCP connection a pass, counted with strace) and
 * takes PLAIN, else LOGIN: what iCloud, Fastmail, Yahoo, Outlook.com and Dovecot's submission all
 * offer. An encrypted server that lists no AUTH at all (a relay that knows its clients) is used
 * without a log-in; an unencrypted one that lists none is a server that wants STARTTLS first, and
 * is said to be. */
static gboolean
choose_smtp_mechanism (InboxSession   *session,
                       CamelService   *service,
                       CamelSettings  *settings,
                       const char     *host,
                       guint           port,
                       GCancellable   *cancellable,
                       GError        **error)
{
  static const char *const preferred[] = { "PLAIN", "LOGIN" };
  g_autofree char *user = camel_network_settings_dup_user (CAMEL_NETWORK_SETTINGS (settings));
  g_autoptr(GString) offered = g_string_new (NULL);
  g_autoptr(GError) camel_error = NULL;
  GList *types;
  const char *chosen = NULL;

  camel_network_settings_set_auth_mechanism (CAMEL_NETWORK_SETTINGS (settings), NULL);
  if (user == NULL || *user == '\0')
    return TRUE;
  types = camel_service_query_auth_types_sync (service, cancellable, &camel_error);
  if (camel_error != NULL)
    {
      g_autofree char *rejected = inbox_session_dup_rejected_certificate (session, camel_service_get_uid (service));

      g_list_free (types);
      explain (camel_error, "SMTP", host, port, rejected, error);
      return FALSE;
    }
  for (gsize i = 0; i < G_N_ELEMENTS (preferred) && chosen == NULL; i++)
    for (GList *l = types; l != NULL; l = l->next)
      if (g_ascii_strcasecmp (((CamelServiceAuthType *) l->data)->authproto, preferred[i]) == 0)
        chosen = preferred[i];
  for (GList *l = types; l != NULL; l = l->next)
    g_string_append_printf (offered, "%s%s", offered->len > 0 ? ", " : "", ((CamelServiceAuthType *) l->data)->authproto);
  g_list_free (types);

  if (chosen == NULL && offered->len > 0)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_SECURITY,
                   "The SMTP server %s offers no password log-in Inbox can use (it offers %s; Inbox uses PLAIN "
                   "or LOGIN).", host, offered->str);
      return FALSE;
    }
  if (chosen == NULL &&
      camel_network_settings_get_security_method (CAMEL_NETWORK_SETTINGS (settings)) == CAMEL_NETWORK_SECURITY_METHOD_NONE)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_SECURITY,
                   "The SMTP server %s offers no log-in on port %u without encryption. Choose STARTTLS (usually "
                   "port 587) or TLS (usually port 465).", host, port);
      return FALSE;
    }
  camel_network_settings_set_auth_mechanism (CAMEL_NETWORK_SETTINGS (settings), chosen);
  return TRUE;
}

/* Brings a service online and connected (a new store starts offline; going online logs in). On
 * failure, the error is one a person can act on. */
gboolean
inbox_account_connect_service (InboxSession  *session,
                               CamelService  *service,
                               GCancellable  *cancellable,
                               GError       **error)
{
  g_autoptr(GError) camel_error = NULL;
  g_autoptr(CamelSettings) settings = camel_service_ref_settings (service);
  g_autofree char *host = camel_network_settings_dup_host (CAMEL_NETWORK_SETTINGS (settings));
  g_autofree char *rejected = NULL;
  guint port = camel_network_settings_get_port (CAMEL_NETWORK_SETTINGS (settings));
  gboolean ok;

  if (CAMEL_IS_TRANSPORT (service) && !choose_smtp_mechanism (session, service, settings, host, port, cancellable, error))
    return FALSE;

  if (CAMEL_IS_OFFLINE_STORE (service))
    ok = camel_offline_store_set_online_sync (CAMEL_OFFLINE_STORE (service), TRUE, cancellable, &camel_error) &&
         camel_service_connect_sync (service, cancellable, &camel_error);
  else
    ok = camel_service_connect_sync (service, cancellable, &camel_error);

  if (!ok)
    {
      rejected = inbox_session_dup_rejected_certificate (session, camel_service_get_uid (service));
      explain (camel_error, CAMEL_IS_STORE (service) ? "IMAP" : "SMTP", host, port, rejected, error);
    }
  return ok;
}

static gboolean
verify_service (InboxSession        *session,
                const char          *service_uid,
                const char          *protocol,
                CamelProviderType    type,
                const char          *host,
                guint                port,
                InboxSecurity        security,
                const char          *user,
                const char          *password,
                const char          *pinned_certificate,
                GCancellable        *cancellable,
                GError             **error)
{
  g_autoptr(CamelService) service = inbox_account_add_service (session, service_uid, protocol, type, host, port,
                                                               security, user, error);
  gboolean ok;

  if (service == NULL)
    return FALSE;

  inbox_session_set_service_credentials (session, service_uid, password, pinned_certificate);
  ok = inbox_account_connect_service (session, service, cancellable, error);
  camel_service_disconnect_sync (service, ok, NULL, NULL);
  camel_session_remove_service (CAMEL_SESSION (session), service);
  inbox_session_set_service_credentials (session, service_uid, NULL, NULL);
  return ok;
}

/* Logs in to the IMAP and then the SMTP server (with smtp_password, or the IMAP one when NULL).
 * Blocks: run it on a worker thread. */
gboolean
inbox_account_verify_sync (InboxSession              *session,
                           const InboxAccountConfig  *config,
                           const char                *password,
                           const char                *smtp_password,
                           GCancellable              *cancellable,
                           GError                   **error)
{
  g_autofree char *random = g_uuid_string_random ();
  g_autofree char *imap_uid = inbox_account_service_uid (random, "verify-imap");
  g_autofree char *smtp_uid = inbox_account_service_uid (random, "verify-smtp");

  if (!inbox_account_config_validate (config, error))
    return FALSE;

  return verify_service (session, imap_uid, "imapx", CAMEL_PROVIDER_STORE, config->imap_host, config->imap_port,
                         config->imap_security, config->imap_user != NULL ? config->imap_user : config->email,
                         password, config->pinned_certificate, cancellable, error) &&
         verify_service (session, smtp_uid, "smtp", CAMEL_PROVIDER_TRANSPORT, config->smtp_host, config->smtp_port,
                         config->smtp_security, config->smtp_user, smtp_password != NULL ? smtp_password : password,
                         config->pinned_certificate, cancellable, error);
}

/* The SHA-256 fingerprint an INBOX_ACCOUNT_ERROR_CERTIFICATE error names (see verify), for a
 * "Trust this certificate" choice; NULL for any other error. */
char *
inbox_account_error_dup_fingerprint (const GError *error)
{
  if (!g_error_matches (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_CERTIFICATE))
    return NULL;
  return inbox_account_dup_fingerprint_in (error->message);
}

/* The same from the text alone, as a syncer's error-message property keeps it. */
char *
inbox_account_dup_fingerprint_in (const char *message)
{
  g_autoptr(GRegex) regex = g_regex_new ("fingerprint is ([0-9A-Fa-f:]{64,95})", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;

  if (message == NULL || !g_regex_match (regex, message, 0, &match))
    return NULL;
  return g_match_info_fetch (match, 1);
}
