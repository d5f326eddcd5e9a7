/* inbox-address.c: what a person types into an address field, read as addresses.
 *
 * Names, quotes, commas, semicolons and pasted lists (Outlook's semicolons, line breaks) are
 * understood; what is not an address is kept and reported, never dropped. Camel does the RFC 5322
 * parsing; this file decides what counts as an address a message can be sent to.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-address-private.h"
#include "inbox-draft.h"

/* An address mail can be sent to: something@domain, without spaces or list punctuation. */
gboolean
inbox_address_is_valid (const char *address)
{
  const char *at = address != NULL ? strrchr (address, '@') : NULL;

  if (at == NULL || at == address || at[1] == '\0' || at[1] == '.' || address[strlen (address) - 1] == '.')
    return FALSE;
  for (const char *p = address; *p != '\0'; p++)
    if (g_ascii_isspace (*p) || *p == '<' || *p == '>' || *p == ',' || *p == ';' || (guchar) *p < 0x20)
      return FALSE;
  return TRUE;
}

/* Parses what a person typed (or pasted) into an address field: names, quotes, commas,
 * semicolons. NULL with an error naming the first thing that is not an address. */
CamelInternetAddress *
inbox_address_list_parse (const char  *list,
                          GError     **error)
{
  g_autoptr(CamelInternetAddress) result = camel_internet_address_new ();
  g_autofree char *normalized = g_strdup (list != NULL ? list : "");

  /* Pasted lists often use semicolons (Outlook) or newlines. */
  g_strdelimit (normalized, ";\n\r\t", ',');
  if (*g_strstrip (normalized) != '\0' && camel_address_unformat (CAMEL_ADDRESS (result), normalized) <= 0)
    {
      g_set_error (error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_INVALID_ADDRESS,
                   "“%s” is not an email address", normalized);
      return NULL;
    }
  for (int i = 0; i < camel_address_length (CAMEL_ADDRESS (result)); i++)
    {
      const char *name = NULL, *address = NULL;

      camel_internet_address_get (result, i, &name, &address);
      if (!inbox_address_is_valid (address))
        {
          g_set_error (error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_INVALID_ADDRESS,
                       "“%s” is not an email address", address != NULL && *address != '\0' ? address : name);
          return NULL;
        }
    }
  return g_steal_pointer (&result);
}

/* Checks an address field; count says how many addresses it holds. */
gboolean
inbox_address_list_check (const char  *list,
                          guint       *count,
                          GError     **error)
{
  g_autoptr(CamelInternetAddress) parsed = inbox_address_list_parse (list, error);

  if (parsed == NULL)
    return FALSE;
  if (count != NULL)
    *count = (guint) camel_address_length (CAMEL_ADDRESS (parsed));
  return TRUE;
}

/* Splits what was typed or pasted into one piece per recipient: at commas, semicolons and line
 * breaks outside quotes and angle brackets, so that "Lovelace, Ada" <ada@x> stays one. */
static GPtrArray *
split_recipients (const char *list)
{
  GPtrArray *pieces = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) piece = g_string_new (NULL);
  gboolean quoted = FALSE;
  int angle = 0;

  for (const char *p = list != NULL ? list : ""; ; p++)
    {
      gboolean separator = *p == '\0' || (!quoted && angle == 0 && strchr (",;\n\r", *p) != NULL);

      if (separator)
        {
          g_strstrip (piece->str);
          if (*piece->str != '\0')
            g_ptr_array_add (pieces, g_strdup (piece->str));
          g_string_truncate (piece, 0);
          if (*p == '\0')
            break;
          continue;
        }
      if (*p == '"')
        quoted = !quoted;
      else if (*p == '\\' && quoted && p[1] != '\0')
        g_string_append_c (piece, *p++);
      else if (!quoted && *p == '<')
        angle++;
      else if (!quoted && *p == '>' && angle > 0)
        angle--;
      g_string_append_c (piece, *p == '\t' ? ' ' : *p);
    }
  return pieces;
}

void
inbox_recipient_free (InboxRecipient *recipient)
{
  if (recipient == NULL)
    return;
  g_free (recipient->name);
  g_free (recipient->address);
  g_free (recipient->text);
  g_free (recipient);
}

/* One recipient per piece of what was typed; a piece that is not one address is kept as it was
 * written, marked not valid, so that the person sees it and can correct it. */
GPtrArray *
inbox_recipients_parse (const char *list)
{
  g_autoptr(GPtrArray) pieces = split_recipients (list);
  GPtrArray *recipients = g_ptr_array_new_with_free_func ((GDestroyNotify) inbox_recipient_free);

  for (guint i = 0; i < pieces->len; i++)
    {
      g_autoptr(CamelInternetAddress) parsed = camel_internet_address_new ();
      InboxRecipient *recipient = g_new0 (InboxRecipient, 1);
      const char *name = NULL, *address = NULL;

      if (camel_address_unformat (CAMEL_ADDRESS (parsed), pieces->pdata[i]) == 1 &&
          camel_internet_address_get (parsed, 0, &name, &address) && inbox_address_is_valid (address))
        {
          recipient->valid = TRUE;
          recipient->name = g_strdup (name != NULL && *name != '\0' ? name : NULL);
          recipient->address = g_strdup (address);
          recipient->text = camel_address_format (CAMEL_ADDRESS (parsed));
        }
      else
        recipient->text = g_strdup (pieces->pdata[i]);
      g_ptr_array_add (recipients, recipient);
    }
  return recipients;
}
