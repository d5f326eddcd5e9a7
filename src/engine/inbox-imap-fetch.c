/* inbox-imap-fetch.c: a second, minimal IMAP connection that fetches many bodies in one command.
 *
 * Camel fetches a body per round trip (5–7 s for 20,000 messages here, and more with parsing), so
 * bodies come through this instead: one `UID FETCH <set> (UID FLAGS INTERNALDATE BODY.PEEK[])`
 * per 500 UIDs, newest first, each message handed on as soon as its literal has arrived. Camel
 * keeps what it does well: folders, flags, QRESYNC, IDLE and actions. The bodies land in our own
 * store, never in Camel's cache.
 *
 * It speaks just enough IMAP4rev1: TLS or STARTTLS (certificates verified, or matching the
 * account's pinned fingerprint), AUTHENTICATE PLAIN, EXAMINE (read-only: fetching never changes a
 * flag), and FETCH responses with literals, in any item order. Blocks: run it on a worker thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "inbox-imap-fetch.h"
#include "inbox-session.h"
#include "inbox-store.h"

#define UIDS_PER_COMMAND 500
#define FIRST_NEWEST 100  /* messages in the first command of a folder's newest-first fetch */
#define MAX_LITERAL (64 * 1024 * 1024)  /* larger messages are fetched by Camel instead */

struct _InboxImapFetch
{
  GIOStream *stream;
  GDataInputStream *input;
  GOutputStream *output;
  guint tag;
  char *pinned;
  char *rejected;  /* the fingerprint of a certificate refused while connecting */
  gboolean condstore;  /* the server has CONDSTORE (or QRESYNC): EXAMINE reports HIGHESTMODSEQ */
  char delimiter;      /* the server's hierarchy delimiter ('/' until LIST "" "" says otherwise) */
};

static gboolean
fail_protocol (GError     **error,
               const char  *what,
               const char  *line)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "The IMAP server answered unexpectedly to %s: %.200s",
               what, line != NULL ? line : "(nothing)");
  return FALSE;
}

static char *
read_line (InboxImapFetch  *self,
           GCancellable    *cancellable,
           GError         **error)
{
  gsize length;
  char *line = g_data_input_stream_read_line (self->input, &length, cancellable, error);

  if (line == NULL && error != NULL && *error == NULL)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The IMAP server closed the connection");
  if (line != NULL && length > 0 && line[length - 1] == '\r')
    line[length - 1] = '\0';
  return line;
}

static gboolean
send_command (InboxImapFetch  *self,
              char           **tag,
              const char      *command,
              GCancellable    *cancellable,
              GError         **error)
{
  g_autofree char *text = NULL;

  *tag = g_strdup_printf ("i%u", ++self->tag);
  text = g_strdup_printf ("%s %s\r\n", *tag, command);
  return g_output_stream_write_all (self->output, text, strlen (text), NULL, cancellable, error);
}

/* Reads to the tagged answer, ignoring untagged lines (or handing them to *untagged). */
static gboolean
await_ok (InboxImapFetch  *self,
          const char      *tag,
          const char      *what,
          void           (*untagged) (const char *line, gpointer data),
          gpointer         data,
          GCancellable    *cancellable,
          GError         **error)
{
  g_autofree char *prefix = g_strdup_printf ("%s ", tag);

  for (;;)
    {
      g_autofree char *line = read_line (self, cancellable, error);

      if (line == NULL)
        return FALSE;
      if (g_str_has_prefix (line, prefix))
        {
          if (g_ascii_strncasecmp (line + strlen (prefix), "OK", 2) == 0)
            return TRUE;
          return fail_protocol (error, what, line);
        }
      if (untagged != NULL && line[0] == '*')
        untagged (line, data);
    }
}

static void
read_condstore (const char *line,
                gpointer    data)
{
  g_autofree char *upper = g_ascii_strup (line, -1);

  if (g_str_has_prefix (upper, "* CAPABILITY ") &&
      (strstr (upper, " CONDSTORE") != NULL || strstr (upper, " QRESYNC") != NULL))
    *(gboolean *) data = TRUE;
}

/* `* LIST (\Noselect) "." ""`: the hierarchy delimiter (RFC 3501 6.3.8), NIL for a flat server. */
static void
read_delimiter (const char *line,
                gpointer    data)
{
  const char *after_flags;

  if (g_ascii_strncasecmp (line, "* LIST ", 7) != 0 || (after_flags = strchr (line, ')')) == NULL)
    return;
  after_flags++;
  while (*after_flags == ' ')
    after_flags++;
  if (after_flags[0] == '"' && after_flags[1] == '\\' && after_flags[2] != '\0')
    *(char *) data = after_flags[2];
  else if (after_flags[0] == '"' && after_flags[1] != '\0' && after_flags[1] != '"')
    *(char *) data = after_flags[1];
}

/* --- connecting ----------------------------------------------------------------------------- */

static gboolean
accept_pinned (GTlsConnection       *connection,
               GTlsCertificate      *certificate,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  InboxImapFetch *self = user_data;
  g_autofree char *fingerprint = inbox_certificate_get_fingerprint (certificate);
  g_autoptr(GString) bare = g_string_new (NULL);

  for (const char *p = fingerprint; *p != '\0'; p++)
    if (*p != ':')
      g_string_append_c (bare, *p);
  if (self->pinned != NULL && g_ascii_strcasecmp (bare->str, self->pinned) == 0)
    return TRUE;
  g_free (self->rejected);
  self->rejected = g_steal_pointer (&fingerprint);
  return FALSE;
}

/* GIO says only "Unacceptable TLS certificate": said with the fingerprint, as adding the account
 * says it, so that the user can tell whether to trust it. */
static void
explain_rejected (InboxImapFetch            *self,
                  const InboxAccountConfig  *config,
                  GError                   **error)
{
  if (self->rejected == NULL || error == NULL || *error == NULL || (*error)->domain != G_TLS_ERROR)
    return;
  g_clear_error (error);
  inbox_account_set_certificate_error (error, "IMAP", config->imap_host, self->rejected);
}

static void
on_client_event (GSocketClient      *client,
                 GSocketClientEvent  event,
                 GSocketConnectable *connectable,
                 GIOStream          *connection,
                 gpointer            user_data)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING && G_IS_TLS_CONNECTION (connection))
    g_signal_connect (connection, "accept-certificate", G_CALLBACK (accept_pinned), user_data);
}

static void
use_stream (InboxImapFetch *self,
            GIOStream      *stream)
{
  g_clear_object (&self->input);
  g_set_object (&self->stream, stream);
  self->input = g_data_input_stream_new (g_io_stream_get_input_stream (stream));
  /* The stream is closed with self->stream: after STARTTLS, letting go of the plain connection's
   * reader must not close the socket the TLS connection now runs on. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (self->input), FALSE);
  g_data_input_stream_set_newline_type (self->input, G_DATA_STREAM_NEWLINE_TYPE_LF);
  g_buffered_input_stream_set_buffer_size (G_BUFFERED_INPUT_STREAM (self->input), 256 * 1024);
  self->output = g_io_stream_get_output_stream (stream);
}

static char *
quote (const char *text)
{
  GString *quoted = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (quoted, '\\');
      g_string_append_c (quoted, *p);
    }
  g_string_append_c (quoted, '"');
  return g_string_free (quoted, FALSE);
}

InboxImapFetch *
inbox_imap_fetch_connect_sync (const InboxAccountConfig  *config,
                               const char                *password,
                               GCancellable              *cancellable,
                               GError                   **error)
{
  g_autoptr(InboxImapFetch) self = g_new0 (InboxImapFetch, 1);
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnectable) address = g_network_address_new (config->imap_host, (guint16) config->imap_port);
  g_autoptr(GSocketConnection) connection = NULL;
  g_autofree char *greeting = NULL;
  g_autofree char *tag = NULL;
  g_autofree char *plain = NULL;
  g_autofree char *encoded = NULL;
  const char *user = config->imap_user != NULL ? config->imap_user : config->email;
  gsize user_length = strlen (user), password_length = strlen (password);

  self->delimiter = '/';

  if (config->pinned_certificate != NULL)
    {
      GString *bare = g_string_new (NULL);
      for (const char *p = config->pinned_certificate; *p != '\0'; p++)
        if (g_ascii_isxdigit (*p))
          g_string_append_c (bare, *p);
      self->pinned = g_string_free (bare, FALSE);
    }

  g_socket_client_set_timeout (client, 60);
  g_socket_client_set_tls (client, config->imap_security == INBOX_SECURITY_TLS);
  g_signal_connect (client, "event", G_CALLBACK (on_client_event), self);
  connection = g_socket_client_connect (client, address, cancellable, error);
  if (connection == NULL)
    {
      explain_rejected (self, config, error);
      return NULL;
    }
  use_stream (self, G_IO_STREAM (connection));

  greeting = read_line (self, cancellable, error);
  if (greeting == NULL)
    return NULL;
  if (!g_str_has_prefix (greeting, "* OK"))
    {
      fail_protocol (error, "the connection", greeting);
      return NULL;
    }

  if (config->imap_security == INBOX_SECURITY_STARTTLS)
    {
      g_autofree char *starttls = NULL;
      g_autoptr(GIOStream) tls = NULL;

      if (!send_command (self, &starttls, "STARTTLS", cancellable, error) ||
          !await_ok (self, starttls, "STARTTLS", NULL, NULL, cancellable, error))
        return NULL;
      tls = g_tls_client_connection_new (G_IO_STREAM (connection), address, error);
      if (tls == NULL)
        return NULL;
      g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_pinned), self);
      if (!g_tls_connection_handshake (G_TLS_CONNECTION (tls), cancellable, error))
        {
          explain_rejected (self, config, error);
          return NULL;
        }
      use_stream (self, tls);
    }

  /* AUTHENTICATE PLAIN: the password may hold anything, quoting LOGIN can't carry. */
  plain = g_malloc (user_length + password_length + 2);
  plain[0] = '\0';
  memcpy (plain + 1, user, user_length);
  plain[user_length + 1] = '\0';
  memcpy (plain + user_length + 2, password, password_length);
  encoded = g_base64_encode ((const guchar *) plain, user_length + password_length + 2);
  memset (plain, 0, user_length + password_length + 2);

  if (!send_command (self, &tag, "AUTHENTICATE PLAIN", cancellable, error))
    return NULL;
  {
    g_autofree char *line = read_line (self, cancellable, error);
    g_autofree char *answer = g_strdup_printf ("%s\r\n", encoded);

    if (line == NULL)
      return NULL;
    if (line[0] != '+')
      {
        fail_protocol (error, "AUTHENTICATE PLAIN", line);
        return NULL;
      }
    if (!g_output_stream_write_all (self->output, answer, strlen (answer), NULL, cancellable, error) ||
        !await_ok (self, tag, "the login", NULL, NULL, cancellable, error))
      return NULL;
  }

  /* Asked after the login, as servers may offer more then. */
  g_clear_pointer (&tag, g_free);
  if (!send_command (self, &tag, "CAPABILITY", cancellable, error) ||
      !await_ok (self, tag, "CAPABILITY", read_condstore, &self->condstore, cancellable, error))
    return NULL;
  /* Camel names folders with '/' between levels whatever the server uses ("INBOX.Sent" on
   * Courier-style servers is Camel's "INBOX/Sent"): EXAMINE needs the server's own name. */
  g_clear_pointer (&tag, g_free);
  if (!send_command (self, &tag, "LIST \"\" \"\"", cancellable, error) ||
      !await_ok (self, tag, "LIST", read_delimiter, &self->delimiter, cancellable, error))
    return NULL;

  return g_steal_pointer (&self);
}

void
inbox_imap_fetch_close (InboxImapFetch *self)
{
  if (self == NULL)
    return;
  if (self->stream != NULL)
    {
      g_autofree char *tag = NULL;
      if (send_command (self, &tag, "LOGOUT", NULL, NULL))
        g_io_stream_close (self->stream, NULL, NULL);
    }
  g_clear_object (&self->input);
  g_clear_object (&self->stream);
  g_free (self->pinned);
  g_free (self->rejected);
  g_free (self);
}

/* --- examine and fetch ---------------------------------------------------------------------- */

/* Any UTF-8 name without control characters: EXAMINE sends it in modified UTF-7 (RFC 3501 5.1.3). */
gboolean
inbox_imap_fetch_can_name (const char *mailbox)
{
  for (const char *p = mailbox; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;
  return *mailbox != '\0' && g_utf8_validate (mailbox, -1, NULL);
}

static guint64
number_after (const char *line,
              const char *key)
{
  const char *found = strstr (line, key);

  return found != NULL ? g_ascii_strtoull (found + strlen (key), NULL, 10) : 0;
}

static void
read_folder_state (const char *line,
                   gpointer    data)
{
  InboxImapFolderState *state = data;
  g_autofree char *upper = g_ascii_strup (line, -1);

  if (strstr (upper, "[UIDVALIDITY ") != NULL)
    state->uidvalidity = (guint32) number_after (upper, "[UIDVALIDITY ");
  else if (strstr (upper, "[UIDNEXT ") != NULL)
    state->uidnext = (guint32) number_after (upper, "[UIDNEXT ");
  else if (strstr (upper, "[HIGHESTMODSEQ ") != NULL)
    state->highest_modseq = number_after (upper, "[HIGHESTMODSEQ ");
  else if (g_str_has_suffix (upper, " EXISTS"))
    state->exists = (guint32) number_after (upper, "* ");
}

/* EXAMINE (read-only), with (CONDSTORE) when the server has it, so that HIGHESTMODSEQ comes back. */
gboolean
inbox_imap_fetch_examine_sync (InboxImapFetch        *self,
                               const char            *mailbox,
                               InboxImapFolderState  *state,
                               GCancellable          *cancellable,
                               GError               **error)
{
  g_autofree char *server_name = g_strdup (mailbox);
  g_autofree char *encoded = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *command = NULL;
  g_autofree char *tag = NULL;

  /* Camel's folder path (UTF-8, '/' between levels) to the server's mailbox name. */
  g_strdelimit (server_name, "/", self->delimiter);
  encoded = camel_utf8_utf7 (server_name);
  quoted = quote (encoded);
  command = g_strdup_printf ("EXAMINE %s%s", quoted, self->condstore ? " (CONDSTORE)" : "");

  *state = (InboxImapFolderState) { 0 };
  return send_command (self, &tag, command, cancellable, error) &&
         await_ok (self, tag, "EXAMINE", read_folder_state, state, cancellable, error);
}

static guint
parse_flags (const char *text)
{
  const char *open = strstr (text, "FLAGS (");
  const char *close = open != NULL ? strchr (open, ')') : NULL;
  g_autofree char *list = NULL;
  guint flags = 0;

  if (open == NULL || close == NULL)
    return 0;
  list = g_ascii_strdown (open, close - open);
  if (strstr (list, "\\seen"))
    flags |= INBOX_MESSAGE_SEEN;
  if (strstr (list, "\\answered"))
    flags |= INBOX_MESSAGE_ANSWERED;
  if (strstr (list, "\\flagged"))
    flags |= INBOX_MESSAGE_FLAGGED;
  if (strstr (list, "\\deleted"))
    flags |= INBOX_MESSAGE_DELETED;
  if (strstr (list, "\\draft"))
    flags |= INBOX_MESSAGE_DRAFT;
  return flags;
}

static gint64
parse_internal_date (const char *text)
{
  static const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
  const char *found = strstr (text, "INTERNALDATE \"");
  int day, year, hour, minute, second, zone;
  char month[4] = { 0 };
  g_autoptr(GTimeZone) tz = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *offset = NULL;

  if (found == NULL ||
      sscanf (found + strlen ("INTERNALDATE \""), "%d-%3s-%d %d:%d:%d %d", &day, month, &year, &hour, &minute, &second, &zone) != 7)
    return 0;
  for (int m = 0; m < 12; m++)
    if (g_ascii_strcasecmp (month, months[m]) == 0)
      {
        offset = g_strdup_printf ("%+05d", zone);
        tz = g_time_zone_new_identifier (offset);
        if (tz == NULL)
          tz = g_time_zone_new_utc ();
        time = g_date_time_new (tz, year, m + 1, day, hour, minute, second);
        return time != NULL ? g_date_time_to_unix (time) : 0;
      }
  return 0;
}

static gint64
parse_uid (const char *text)
{
  for (const char *p = text; (p = strstr (p, "UID ")) != NULL; p += 4)
    if (p == text || p[-1] == ' ' || p[-1] == '(')
      return g_ascii_strtoll (p + 4, NULL, 10);
  return 0;
}

/* The UIDs of the examined folder in range ("1:*": every one) with their flags and INTERNALDATE,
 * in one command: what the first sync of a folder needs before its bodies, without waiting for
 * Camel's header sync. With changed_since (a CONDSTORE mod-sequence), only those whose flags
 * changed after it. */
gboolean
inbox_imap_fetch_list_sync (InboxImapFetch  *self,
                            const char      *range,
                            guint64          changed_since,
                            GArray          *uids,
                            GHashTable      *flags,
                            GHashTable      *dates,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autofree char *tag = NULL;
  g_autofree char *prefix = NULL;
  g_autofree char *command = NULL;

  if (changed_since > 0 && self->condstore)
    command = g_strdup_printf ("UID FETCH %s (UID FLAGS INTERNALDATE) (CHANGEDSINCE %" G_GUINT64_FORMAT ")",
                               range, changed_since);
  else
    command = g_strdup_printf ("UID FETCH %s (UID FLAGS INTERNALDATE)", range);
  if (!send_command (self, &tag, command, cancellable, error))
    return FALSE;
  prefix = g_strdup_printf ("%s ", tag);

  for (;;)
    {
      g_autofree char *line = read_line (self, cancellable, error);
      gint64 uid;

      if (line == NULL)
        return FALSE;
      if (g_str_has_prefix (line, prefix))
        {
          if (g_ascii_strncasecmp (line + strlen (prefix), "OK", 2) != 0)
            return fail_protocol (error, "UID FETCH (flags)", line);
          return TRUE;
        }
      if (!g_str_has_prefix (line, "* ") || strstr (line, " FETCH (") == NULL || (uid = parse_uid (line)) <= 0)
        continue;
      g_array_append_val (uids, uid);
      g_hash_table_insert (flags, GSIZE_TO_POINTER (uid), GUINT_TO_POINTER (parse_flags (line)));
      g_hash_table_insert (dates, GSIZE_TO_POINTER (uid), g_memdup2 (&(gint64) { parse_internal_date (line) }, sizeof (gint64)));
    }
}

static void
read_search (const char *line,
             gpointer    data)
{
  GHashTable *present = data;

  if (g_ascii_strncasecmp (line, "* SEARCH", 8) != 0)
    return;
  for (const char *p = line + 8; *p != '\0';)
    {
      char *end = NULL;
      guint64 uid = g_ascii_strtoull (p, &end, 10);

      if (end == p)
        {
          p++;
          continue;
        }
      if (uid > 0)
        g_hash_table_add (present, GSIZE_TO_POINTER (uid));
      p = end;
    }
}

/* Which UIDs in range the examined folder still has (UID SEARCH: a few bytes a message, where a
 * listing with flags is tens): how a resync finds expunges without listing the folder. */
gboolean
inbox_imap_fetch_search_sync (InboxImapFetch  *self,
                              const char      *range,
                              GHashTable      *present,
                              GCancellable    *cancellable,
                              GError         **error)
{
  g_autofree char *command = g_strdup_printf ("UID SEARCH UID %s", range);
  g_autofree char *tag = NULL;

  return send_command (self, &tag, command, cancellable, error) &&
         await_ok (self, tag, "UID SEARCH", read_search, present, cancellable, error);
}

static char *
uid_set (GArray *uids,
         guint   start,
         guint   end)
{
  GString *set = g_string_new (NULL);

  for (guint i = start; i < end; i++)
    g_string_append_printf (set, "%s%" G_GINT64_FORMAT, i > start ? "," : "", g_array_index (uids, gint64, i));
  return g_string_free (set, FALSE);
}

/* Sends a FETCH of bodies and calls func for each message as its literal arrives. */
static gboolean
fetch_bodies (InboxImapFetch        *self,
              const char            *command,
              InboxImapMessageFunc   func,
              gpointer               user_data,
              GCancellable          *cancellable,
              GError               **error)
{
  g_autofree char *tag = NULL;
  g_autofree char *prefix = NULL;

  if (!send_command (self, &tag, command, cancellable, error))
    return FALSE;
  prefix = g_strdup_printf ("%s ", tag);

  for (;;)
    {
      g_autofree char *line = read_line (self, cancellable, error);
      g_autoptr(GString) items = NULL;
      g_autoptr(GBytes) body = NULL;
      const char *brace;
      gsize length;

      if (line == NULL)
        return FALSE;
      if (g_str_has_prefix (line, prefix))
        {
          if (g_ascii_strncasecmp (line + strlen (prefix), "OK", 2) != 0)
            return fail_protocol (error, "FETCH", line);
          return TRUE;
        }
      if (!g_str_has_prefix (line, "* ") || strstr (line, " FETCH (") == NULL)
        continue;

      /* "* 12 FETCH (UID 7 FLAGS (\Seen) INTERNALDATE "…" BODY[] {2345}", the literal, then the rest. */
      items = g_string_new (line);
      brace = strrchr (line, '{');
      if (brace == NULL || line[strlen (line) - 1] != '}')
        continue;  /* a FETCH without a body: a flag update */
      length = (gsize) g_ascii_strtoull (brace + 1, NULL, 10);
      if (length > MAX_LITERAL)
        {
          /* Not held in memory: read past it and leave the message to Camel, which streams it to
           * its cache; the messages after it keep coming in bulk. */
          g_autofree char *rest = NULL;

          for (gsize left = length; left > 0;)
            {
              gssize skipped = g_input_stream_skip (G_INPUT_STREAM (self->input), MIN (left, 1024 * 1024),
                                                    cancellable, error);
              if (skipped <= 0)
                {
                  if (skipped == 0 && error != NULL && *error == NULL)
                    g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The IMAP server closed the connection");
                  return FALSE;
                }
              left -= (gsize) skipped;
            }
          rest = read_line (self, cancellable, error);
          if (rest == NULL)
            return FALSE;
          continue;
        }
      {
        guint8 *data = g_malloc (length);
        gsize read = 0;
        g_autofree char *rest = NULL;

        if (!g_input_stream_read_all (G_INPUT_STREAM (self->input), data, length, &read, cancellable, error) ||
            read != length)
          {
            g_free (data);
            if (error != NULL && *error == NULL)
              g_set_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "The IMAP server closed the connection");
            return FALSE;
          }
        body = g_bytes_new_take (data, length);
        rest = read_line (self, cancellable, error);
        if (rest == NULL)
          return FALSE;
        g_string_append (items, rest);
      }

      if (!func (parse_uid (items->str + 2), parse_flags (items->str), parse_internal_date (items->str), body,
                 user_data, error))
        return FALSE;
    }
}

/* Fetches the bodies of these UIDs (in the order given: newest first is best), calling func for
 * each as it arrives. A UID the server no longer has is skipped. */
gboolean
inbox_imap_fetch_bodies_sync (InboxImapFetch        *self,
                              GArray                *uids,
                              InboxImapMessageFunc   func,
                              gpointer               user_data,
                              GCancellable          *cancellable,
                              GError               **error)
{
  for (guint start = 0; start < uids->len; start += UIDS_PER_COMMAND)
    {
      guint end = MIN (uids->len, start + UIDS_PER_COMMAND);
      g_autofree char *set = uid_set (uids, start, end);
      g_autofree char *command = g_strdup_printf ("UID FETCH %s (UID FLAGS INTERNALDATE BODY.PEEK[])", set);

      if (!fetch_bodies (self, command, func, user_data, cancellable, error))
        return FALSE;
    }
  return TRUE;
}

/* The bodies of the last `count` messages of the examined folder (`exists` of them), by sequence
 * number, newest first, without listing the folder: the first command asks for FIRST_NEWEST of them,
 * so that the newest mail arrives at once, the others for UIDS_PER_COMMAND each. Should another
 * client expunge meanwhile, the later (lower) ranges shift down onto messages already fetched, never
 * past one; what arrives meanwhile is above `exists`, for the next sync. */
gboolean
inbox_imap_fetch_newest_sync (InboxImapFetch        *self,
                              guint32                exists,
                              guint                  count,
                              InboxImapMessageFunc   func,
                              gpointer               user_data,
                              GCancellable          *cancellable,
                              GError               **error)
{
  guint32 last = exists;
  guint32 first = count < exists ? exists - count + 1 : 1;

  for (guint chunk = FIRST_NEWEST; exists > 0 && count > 0 && last >= first; chunk = UIDS_PER_COMMAND)
    {
      guint32 from = last - first + 1 > chunk ? last - chunk + 1 : first;
      g_autofree char *command = g_strdup_printf ("FETCH %u:%u (UID FLAGS INTERNALDATE BODY.PEEK[])", from, last);

      if (!fetch_bodies (self, command, func, user_data, cancellable, error))
        return FALSE;
      if (from == 1)
        break;
      last = from - 1;
    }
  return TRUE;
}
