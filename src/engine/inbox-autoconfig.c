/* inbox-autoconfig.c: finding an address's IMAP and SMTP settings.
 *
 * In this order, the first that answers wins:
 *   1. the built-in presets (iCloud, Fastmail…);
 *   2. https://autoconfig.<domain>/mail/config-v1.1.xml?emailaddress=<address>;
 *   3. https://<domain>/.well-known/autoconfig/mail/config-v1.1.xml;
 *   4. the Thunderbird ISPDB: https://autoconfig.thunderbird.net/v1.1/<domain>;
 *   5. the ISPDB again for the domain of the address's MX host (hosted domains).
 * The answers are Mozilla's autoconfig XML. Only HTTPS is used, with certificates verified.
 *
 * For tests only, INBOX_AUTOCONFIG_TEST_BASE=http://127.0.0.1:PORT sends steps 2 to 4 to
 * BASE/autoconfig.<domain>/…, BASE/<domain>/.well-known/… and BASE/ispdb/<domain>, and skips
 * step 5 (it needs DNS). Blocks: run it on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "inbox-autoconfig.h"

/* --- parsing -------------------------------------------------------------------------------- */

typedef struct {
  const char *email;
  GString *text;
  char *server_type;    /* "imap" or "smtp" while inside a server element */
  gboolean skip;        /* inside a server we don't use (pop3, a second imap…) */
  gboolean have_imap;
  gboolean have_smtp;
  char *hostname;
  guint port;
  InboxSecurity security;
  char *username;
  InboxAccountConfig *config;
} Parse;

static char *
expand_username (const char *pattern,
                 const char *email)
{
  const char *at = strrchr (email, '@');
  g_autofree char *local = g_strndup (email, at - email);
  g_autoptr(GString) text = g_string_new (pattern);

  g_string_replace (text, "%EMAILADDRESS%", email, 0);
  g_string_replace (text, "%EMAILLOCALPART%", local, 0);
  g_string_replace (text, "%EMAILDOMAIN%", at + 1, 0);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
start_element (GMarkupParseContext  *context,
               const char           *element,
               const char          **names,
               const char          **values,
               gpointer              user_data,
               GError              **error)
{
  Parse *parse = user_data;

  g_string_truncate (parse->text, 0);
  if (g_str_equal (element, "incomingServer") || g_str_equal (element, "outgoingServer"))
    {
      const char *type = NULL;

      for (guint i = 0; names[i] != NULL; i++)
        if (g_str_equal (names[i], "type"))
          type = values[i];
      g_free (parse->server_type);
      parse->server_type = g_strdup (type);
      parse->skip = !(g_strcmp0 (type, "imap") == 0 && !parse->have_imap) &&
                    !(g_strcmp0 (type, "smtp") == 0 && !parse->have_smtp);
      g_clear_pointer (&parse->hostname, g_free);
      g_clear_pointer (&parse->username, g_free);
      parse->port = 0;
      parse->security = INBOX_SECURITY_TLS;
    }
}

static void
text (GMarkupParseContext  *context,
      const char           *chars,
      gsize                 length,
      gpointer              user_data,
      GError              **error)
{
  g_string_append_len (((Parse *) user_data)->text, chars, (gssize) length);
}

static void
end_element (GMarkupParseContext  *context,
             const char           *element,
             gpointer              user_data,
             GError              **error)
{
  Parse *parse = user_data;
  g_autofree char *value = g_strstrip (g_strdup (parse->text->str));

  if (parse->server_type == NULL || parse->skip)
    {
      if (g_str_equal (element, "incomingServer") || g_str_equal (element, "outgoingServer"))
        g_clear_pointer (&parse->server_type, g_free);
      return;
    }

  if (g_str_equal (element, "hostname"))
    parse->hostname = g_steal_pointer (&value);
  else if (g_str_equal (element, "port"))
    parse->port = (guint) g_ascii_strtoull (value, NULL, 10);
  else if (g_str_equal (element, "socketType"))
    parse->security = g_ascii_strcasecmp (value, "SSL") == 0 ? INBOX_SECURITY_TLS :
                      g_ascii_strcasecmp (value, "STARTTLS") == 0 ? INBOX_SECURITY_STARTTLS : INBOX_SECURITY_NONE;
  else if (g_str_equal (element, "username"))
    parse->username = expand_username (value, parse->email);
  else if (g_str_equal (element, "incomingServer") || g_str_equal (element, "outgoingServer"))
    {
      gboolean imap = g_str_equal (parse->server_type, "imap");

      if (parse->hostname != NULL && parse->port > 0)
        {
          if (imap)
            {
              parse->config->imap_host = g_steal_pointer (&parse->hostname);
              parse->config->imap_port = parse->port;
              parse->config->imap_security = parse->security;
              parse->config->imap_user = g_steal_pointer (&parse->username);
              parse->have_imap = TRUE;
            }
          else
            {
              parse->config->smtp_host = g_steal_pointer (&parse->hostname);
              parse->config->smtp_port = parse->port;
              parse->config->smtp_security = parse->security;
              parse->config->smtp_user = g_steal_pointer (&parse->username);
              parse->have_smtp = TRUE;
            }
        }
      g_clear_pointer (&parse->server_type, g_free);
    }
}

/* Reads Mozilla's autoconfig XML for this address. INVALID when it has no IMAP or no SMTP server. */
InboxAccountConfig *
inbox_autoconfig_parse (const char  *email,
                        const char  *xml,
                        gssize       length,
                        GError     **error)
{
  static const GMarkupParser parser = { start_element, end_element, text, NULL, NULL };
  g_autoptr(InboxAccountConfig) config = inbox_account_config_new (email);
  g_autoptr(GString) buffer = g_string_new (NULL);
  Parse parse = { email, buffer, .config = config };
  g_autoptr(GMarkupParseContext) context = g_markup_parse_context_new (&parser, 0, &parse, NULL);
  gboolean ok;

  ok = g_markup_parse_context_parse (context, xml, length, error) && g_markup_parse_context_end_parse (context, error);
  g_free (parse.server_type);
  g_free (parse.hostname);
  g_free (parse.username);
  if (!ok)
    {
      g_prefix_error (error, "The autoconfig answer is not valid XML: ");
      return NULL;
    }
  if (!parse.have_imap || !parse.have_smtp)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID,
                   "The autoconfig answer names no %s server", !parse.have_imap ? "IMAP" : "SMTP");
      return NULL;
    }
  if (config->imap_user == NULL)
    config->imap_user = g_strdup (email);
  return g_steal_pointer (&config);
}

/* --- lookup --------------------------------------------------------------------------------- */

static InboxAccountConfig *
fetch (SoupSession   *session,
       const char    *email,
       const char    *url,
       GCancellable  *cancellable)
{
  g_autoptr(SoupMessage) message = soup_message_new ("GET", url);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  InboxAccountConfig *config;

  if (message == NULL)
    return NULL;
  body = soup_session_send_and_read (session, message, cancellable, &error);
  if (body == NULL || soup_message_get_status (message) != SOUP_STATUS_OK)
    {
      g_debug ("autoconfig: %s: %s", url, error != NULL ? error->message : soup_message_get_reason_phrase (message));
      return NULL;
    }

  config = inbox_autoconfig_parse (email, g_bytes_get_data (body, NULL), (gssize) g_bytes_get_size (body), &error);
  if (config == NULL)
    g_debug ("autoconfig: %s: %s", url, error->message);
  return config;
}

static char *
mx_domain (const char    *domain,
           GCancellable  *cancellable)
{
  g_autoptr(GResolver) resolver = g_resolver_get_default ();
  GList *records = g_resolver_lookup_records (resolver, domain, G_RESOLVER_RECORD_MX, cancellable, NULL);
  const char *host = NULL;
  char *result = NULL;
  guint16 best = G_MAXUINT16;

  for (GList *l = records; l != NULL; l = l->next)
    {
      guint16 preference;
      const char *exchange;
      g_variant_get (l->data, "(q&s)", &preference, &exchange);
      if (preference < best)
        {
          best = preference;
          host = exchange;
        }
    }
  /* mx1.mail.provider.example → provider.example: the last two labels. */
  if (host != NULL)
    {
      g_auto(GStrv) labels = g_strsplit (host, ".", -1);
      guint n = g_strv_length (labels);

      if (n >= 2 && *labels[n - 1] == '\0')  /* a trailing dot */
        n--;
      if (n >= 2)
        result = g_strdup_printf ("%s.%s", labels[n - 2], labels[n - 1]);
    }
  g_list_free_full (records, (GDestroyNotify) g_variant_unref);
  return result;
}

/* The settings for an address, from the first source that knows them. *source names it ("preset",
 * "autoconfig", "well-known", "ispdb", "mx"). NOT_FOUND-like INVALID error when none does. */
InboxAccountConfig *
inbox_autoconfig_lookup_sync (const char    *email,
                              char         **source,
                              GCancellable  *cancellable,
                              GError       **error)
{
  const char *at = email != NULL ? strrchr (email, '@') : NULL;
  const char *test_base = g_getenv ("INBOX_AUTOCONFIG_TEST_BASE");
  const InboxAccountPreset *preset = inbox_account_preset_for_email (email);
  g_autoptr(SoupSession) session = NULL;
  g_autofree char *domain = NULL;
  g_autofree char *escaped = NULL;
  g_autofree char *mx = NULL;
  char *urls[3] = { NULL };
  static const char *names[] = { "autoconfig", "well-known", "ispdb" };
  InboxAccountConfig *config = NULL;

  if (at == NULL || at[1] == '\0')
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "“%s” is not an email address", email);
      return NULL;
    }

  if (preset != NULL)
    {
      config = inbox_account_config_new (email);
      inbox_account_config_apply_preset (config, preset);
      if (source != NULL)
        *source = g_strdup ("preset");
      return config;
    }

  domain = g_ascii_strdown (at + 1, -1);
  escaped = g_uri_escape_string (email, NULL, FALSE);
  if (test_base != NULL)
    {
      urls[0] = g_strdup_printf ("%s/autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s", test_base, domain, escaped);
      urls[1] = g_strdup_printf ("%s/%s/.well-known/autoconfig/mail/config-v1.1.xml", test_base, domain);
      urls[2] = g_strdup_printf ("%s/ispdb/%s", test_base, domain);
    }
  else
    {
      urls[0] = g_strdup_printf ("https://autoconfig.%s/mail/config-v1.1.xml?emailaddress=%s", domain, escaped);
      urls[1] = g_strdup_printf ("https://%s/.well-known/autoconfig/mail/config-v1.1.xml", domain);
      urls[2] = g_strdup_printf ("https://autoconfig.thunderbird.net/v1.1/%s", domain);
    }

  session = soup_session_new_with_options ("timeout", 15, "idle-timeout", 15, NULL);
  for (guint i = 0; config == NULL && i < G_N_ELEMENTS (urls); i++)
    if ((config = fetch (session, email, urls[i], cancellable)) != NULL && source != NULL)
      *source = g_strdup (names[i]);

  if (config == NULL && test_base == NULL && (mx = mx_domain (domain, cancellable)) != NULL &&
      g_ascii_strcasecmp (mx, domain) != 0)
    {
      g_autofree char *url = g_strdup_printf ("https://autoconfig.thunderbird.net/v1.1/%s", mx);
      if ((config = fetch (session, email, url, cancellable)) != NULL && source != NULL)
        *source = g_strdup ("mx");
    }

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    g_free (urls[i]);

  if (config == NULL)
    g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID,
                 "No settings were found for %s: enter the IMAP and SMTP servers yourself", domain);
  return config;
}
