/* inbox-mailto.c: RFC 6068 mailto: URIs, read into what a composer needs.
 *
 * A link comes from anywhere (a web page, another app), so it is read defensively: it always gives
 * a result — whatever could be read, plus notes saying what could not — and never more than a
 * person could see and change before sending.
 *  - to/cc/bcc/subject/body/in-reply-to are read; every other header is ignored (a link must not
 *    set From, Reply-To or anything the person can't see in the composer).
 *  - attach/attachment parameters are refused with a note: a link must never attach local files.
 *  - Broken percent-encoding is kept literally; text that is not UTF-8 is repaired; line breaks and
 *    control characters can't reach a header (only the body keeps line breaks); each field is cut
 *    at 64 KiB.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-mailto.h"

#define FIELD_MAX (64 * 1024)

void
inbox_mailto_free (InboxMailto *mailto)
{
  if (mailto == NULL)
    return;
  g_free (mailto->to);
  g_free (mailto->cc);
  g_free (mailto->bcc);
  g_free (mailto->subject);
  g_free (mailto->body);
  g_free (mailto->in_reply_to);
  g_ptr_array_unref (mailto->notes);
  g_free (mailto);
}

static void
note (InboxMailto *mailto,
      const char  *text)
{
  for (guint i = 0; i < mailto->notes->len; i++)
    if (g_str_equal (mailto->notes->pdata[i], text))
      return;
  g_ptr_array_add (mailto->notes, g_strdup (text));
}

static int
hex_value (char c)
{
  return g_ascii_isxdigit (c) ? g_ascii_xdigit_value (c) : -1;
}

/* Percent-decodes (and, in a query, '+' stays '+': RFC 6068 is not a form). */
static char *
decode (InboxMailto *mailto,
        const char  *start,
        gsize        length,
        gboolean     keep_lines)
{
  g_autoptr(GString) bytes = g_string_sized_new (length);
  g_autofree char *valid = NULL;
  GString *clean;

  for (gsize i = 0; i < length; i++)
    {
      if (start[i] == '%' && i + 2 < length && hex_value (start[i + 1]) >= 0 && hex_value (start[i + 2]) >= 0)
        {
          g_string_append_c (bytes, (char) (hex_value (start[i + 1]) * 16 + hex_value (start[i + 2])));
          i += 2;
        }
      else
        {
          if (start[i] == '%')
            note (mailto, "Part of the link was not encoded correctly and is shown as it was.");
          g_string_append_c (bytes, start[i]);
        }
    }
  if (bytes->len > FIELD_MAX)
    {
      g_string_truncate (bytes, FIELD_MAX);
      note (mailto, "The link was very long: only its beginning was kept.");
    }
  if (!g_utf8_validate_len (bytes->str, bytes->len, NULL))
    note (mailto, "Part of the link was not valid text and was repaired.");
  valid = g_utf8_make_valid (bytes->str, bytes->len);

  /* CRLF → LF in the body; nothing below a space (no line breaks, no NULs) in a header. */
  clean = g_string_sized_new (strlen (valid));
  for (const char *p = valid; *p != '\0'; p++)
    {
      if (*p == '\r' && p[1] == '\n')
        continue;
      if ((guchar) *p < 0x20 && !(keep_lines && (*p == '\n' || *p == '\t')))
        {
          if (!keep_lines)
            g_string_append_c (clean, ' ');
          continue;
        }
      g_string_append_c (clean, *p);
    }
  return g_string_free (clean, FALSE);
}

static void
append_list (char **list,
             char  *more)
{
  char *joined;

  if (more == NULL || *g_strstrip (more) == '\0')
    return;
  joined = **list != '\0' ? g_strdup_printf ("%s, %s", *list, more) : g_strdup (more);
  g_free (*list);
  *list = joined;
}

InboxMailto *
inbox_mailto_parse (const char *uri)
{
  InboxMailto *mailto = g_new0 (InboxMailto, 1);
  const char *p, *query;
  g_autofree char *path = NULL;

  mailto->to = g_strdup ("");
  mailto->cc = g_strdup ("");
  mailto->bcc = g_strdup ("");
  mailto->notes = g_ptr_array_new_with_free_func (g_free);
  if (uri == NULL)
    uri = "";

  if (g_ascii_strncasecmp (uri, "mailto:", 7) == 0)
    p = uri + 7;
  else if (strstr (uri, "://") != NULL || strchr (uri, '@') == NULL)
    {
      /* Another kind of link: nothing in it is an address. */
      note (mailto, "This is not a mailto: link, so nothing was filled in from it.");
      return mailto;
    }
  else
    p = uri;  /* a bare address, as some apps pass them */
  /* A fragment is not part of a mailto: URI. */
  query = strchr (p, '?');
  path = decode (mailto, p, query != NULL ? (gsize) (query - p) : strcspn (p, "#"), FALSE);
  append_list (&mailto->to, path);

  while (query != NULL && *query != '\0' && *query != '#')
    {
      const char *field = query + 1;
      const char *end = field + strcspn (field, "&#");
      const char *equals = memchr (field, '=', end - field);
      g_autofree char *name = NULL, *value = NULL;

      query = *end == '&' ? end : NULL;
      if (equals == NULL)
        continue;
      name = decode (mailto, field, equals - field, FALSE);
      value = decode (mailto, equals + 1, end - equals - 1, g_ascii_strcasecmp (name, "body") == 0);

      if (g_ascii_strcasecmp (name, "to") == 0)
        append_list (&mailto->to, value);
      else if (g_ascii_strcasecmp (name, "cc") == 0)
        append_list (&mailto->cc, value);
      else if (g_ascii_strcasecmp (name, "bcc") == 0)
        append_list (&mailto->bcc, value);
      else if (g_ascii_strcasecmp (name, "subject") == 0)
        {
          g_free (mailto->subject);
          mailto->subject = g_strdup (g_strstrip (value));
        }
      else if (g_ascii_strcasecmp (name, "body") == 0)
        {
          g_free (mailto->body);
          mailto->body = g_steal_pointer (&value);
        }
      else if (g_ascii_strcasecmp (name, "in-reply-to") == 0)
        {
          g_free (mailto->in_reply_to);
          mailto->in_reply_to = g_strdup (g_strstrip (g_strdelimit (value, "<>", ' ')));
        }
      else if (g_ascii_strncasecmp (name, "attach", 6) == 0)
        note (mailto, "The link asked to attach a file. Inbox never attaches files from links, for your safety.");
      /* Anything else (From, Reply-To, X-…) is ignored: a link sets only what the composer shows. */
    }
  return mailto;
}
