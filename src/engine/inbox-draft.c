/* inbox-draft.c: a message being written, and how it becomes MIME on the wire.
 *
 * Camel writes the MIME: RFC 2047 for non-ASCII names and subjects, RFC 2231 for attachment file
 * names, and quoted-printable for text with non-ASCII bytes or long lines, so that no line on the
 * wire passes 78 characters. The Message-ID is on the sender's domain, so that it says whose it is
 * and never collides with another sender's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <string.h>

#include <camel/camel.h>

#include "inbox-address-private.h"
#include "inbox-draft.h"

G_DEFINE_QUARK (inbox-draft-error-quark, inbox_draft_error)

InboxDraft *
inbox_draft_new (void)
{
  InboxDraft *draft = g_new0 (InboxDraft, 1);

  draft->attachments = g_ptr_array_new_with_free_func (g_free);
  return draft;
}

InboxDraft *
inbox_draft_copy (const InboxDraft *draft)
{
  InboxDraft *copy = inbox_draft_new ();

  copy->from_name = g_strdup (draft->from_name);
  copy->from_address = g_strdup (draft->from_address);
  copy->to = g_strdup (draft->to);
  copy->cc = g_strdup (draft->cc);
  copy->bcc = g_strdup (draft->bcc);
  copy->subject = g_strdup (draft->subject);
  copy->text = g_strdup (draft->text);
  copy->html = g_strdup (draft->html);
  for (guint i = 0; i < draft->attachments->len; i++)
    g_ptr_array_add (copy->attachments, g_strdup (draft->attachments->pdata[i]));
  copy->in_reply_to = g_strdup (draft->in_reply_to);
  copy->references = g_strdup (draft->references);
  copy->message_id = g_strdup (draft->message_id);
  copy->date = draft->date;
  copy->server_copy_id = g_strdup (draft->server_copy_id);
  return copy;
}

void
inbox_draft_free (InboxDraft *draft)
{
  if (draft == NULL)
    return;
  g_free (draft->from_name);
  g_free (draft->from_address);
  g_free (draft->to);
  g_free (draft->cc);
  g_free (draft->bcc);
  g_free (draft->subject);
  g_free (draft->text);
  g_free (draft->html);
  g_ptr_array_unref (draft->attachments);
  g_free (draft->in_reply_to);
  g_free (draft->references);
  g_free (draft->message_id);
  g_free (draft->server_copy_id);
  g_free (draft);
}

/* --- addresses ------------------------------------------------------------------------------ */

/* "Ada Lovelace, bob@y.net" for lists and notifications: names where there are names. */
char *
inbox_draft_dup_recipients (const InboxDraft *draft)
{
  const char *fields[] = { draft->to, draft->cc, draft->bcc };
  g_autoptr(GString) text = g_string_new (NULL);

  for (gsize f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      g_autoptr(CamelInternetAddress) parsed = inbox_address_list_parse (fields[f], NULL);

      for (int i = 0; parsed != NULL && i < camel_address_length (CAMEL_ADDRESS (parsed)); i++)
        {
          const char *name = NULL, *address = NULL;

          camel_internet_address_get (parsed, i, &name, &address);
          g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", name != NULL && *name != '\0' ? name : address);
        }
    }
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* --- building ------------------------------------------------------------------------------- */

static gboolean
needs_quoted_printable (const char *text)
{
  gsize line = 0;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p >= 0x80)
        return TRUE;
      line = *p == '\n' ? 0 : line + 1;
      if (line > 76)
        return TRUE;
    }
  /* A line starting "From " would be mangled by mbox-minded relays. */
  return strstr (text, "\nFrom ") != NULL || g_str_has_prefix (text, "From ");
}

static CamelMimePart *
text_part (const char *text,
           const char *type)
{
  CamelMimePart *part = camel_mime_part_new ();
  g_autofree char *content_type = g_strdup_printf ("%s; charset=utf-8", type);

  camel_mime_part_set_content (part, text, (int) strlen (text), content_type);
  camel_mime_part_set_encoding (part, needs_quoted_printable (text) ? CAMEL_TRANSFER_ENCODING_QUOTEDPRINTABLE
                                                                    : CAMEL_TRANSFER_ENCODING_7BIT);
  return part;
}

static CamelMimePart *
attachment_part (const char  *path,
                 GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, error);
  g_autofree char *basename = g_file_get_basename (file);
  g_autofree char *guessed = NULL;
  g_autofree char *mime_type = NULL;
  gsize size;
  gconstpointer data;
  CamelMimePart *part;

  if (bytes == NULL)
    {
      g_prefix_error (error, "Can't attach “%s”: ", basename);
      if (error != NULL && *error != NULL)
        {
          (*error)->domain = INBOX_DRAFT_ERROR;
          (*error)->code = INBOX_DRAFT_ERROR_ATTACHMENT;
        }
      return NULL;
    }
  data = g_bytes_get_data (bytes, &size);
  guessed = g_content_type_guess (basename, data, MIN (size, 4096), NULL);
  /* .eml is a message whatever the MIME database (which may be missing) says. */
  mime_type = g_str_has_suffix (basename, ".eml") ? g_strdup ("message/rfc822") : g_content_type_get_mime_type (guessed);

  part = camel_mime_part_new ();
  if (g_strcmp0 (mime_type, "message/rfc822") == 0)
    {
      /* A forwarded message travels as itself (RFC 2046 allows no base64 for message/rfc822). */
      g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
      g_autoptr(CamelStream) stream = camel_stream_mem_new_with_buffer (data, size);

      if (camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL, NULL))
        {
          camel_medium_set_content (CAMEL_MEDIUM (part), CAMEL_DATA_WRAPPER (message));
          camel_mime_part_set_content_type (part, "message/rfc822");
          camel_mime_part_set_filename (part, basename);
          camel_mime_part_set_disposition (part, "attachment");
          camel_mime_part_set_encoding (part, CAMEL_TRANSFER_ENCODING_8BIT);
          return part;
        }
    }
  camel_mime_part_set_content (part, data, (int) size, mime_type != NULL ? mime_type : "application/octet-stream");
  camel_mime_part_set_filename (part, basename);
  camel_mime_part_set_disposition (part, "attachment");
  camel_mime_part_set_encoding (part, CAMEL_TRANSFER_ENCODING_BASE64);
  return part;
}

/* The HTML part; images the editor holds inline (data: URIs) become parts of their own that the
 * HTML names by Content-ID (multipart/related), as mail readers expect. id_domain makes the
 * Content-IDs unique ("img1.<message-id>"). */
static CamelMimePart *
html_part (const char *html,
           const char *message_id)
{
  g_autoptr(GRegex) regex = g_regex_new ("src=\"data:(image/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\\s]+)\"",
                                         G_REGEX_CASELESS, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  g_autoptr(GString) rewritten = g_string_new (NULL);
  g_autoptr(GPtrArray) images = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(CamelMultipart) related = NULL;
  const char *rest = html;
  CamelMimePart *part;

  g_regex_match (regex, html, 0, &match);
  while (g_match_info_matches (match))
    {
      int start, end;
      g_autofree char *type = g_match_info_fetch (match, 1);
      g_autofree char *encoded = g_match_info_fetch (match, 2);
      g_autofree char *content_id = g_strdup_printf ("img%u.%s", images->len + 1, message_id);
      g_autofree char *filename = g_strdup_printf ("image-%u.%s", images->len + 1,
                                                   strchr (type, '/') != NULL ? strchr (type, '/') + 1 : "bin");
      gsize size = 0;
      g_autofree guchar *data = NULL;
      CamelMimePart *image;

      g_match_info_fetch_pos (match, 0, &start, &end);
      data = g_base64_decode (encoded, &size);
      image = camel_mime_part_new ();
      camel_mime_part_set_content (image, (const char *) data, (int) size, type);
      camel_mime_part_set_content_id (image, content_id);
      camel_mime_part_set_disposition (image, "inline");
      camel_mime_part_set_filename (image, filename);
      camel_mime_part_set_encoding (image, CAMEL_TRANSFER_ENCODING_BASE64);
      g_ptr_array_add (images, image);
      g_string_append_len (rewritten, rest, html + start - rest);
      g_string_append_printf (rewritten, "src=\"cid:%s\"", content_id);
      rest = html + end;
      g_match_info_next (match, NULL);
    }
  if (images->len == 0)
    return text_part (html, "text/html");

  g_string_append (rewritten, rest);
  related = camel_multipart_new ();
  camel_data_wrapper_set_mime_type (CAMEL_DATA_WRAPPER (related), "multipart/related; type=\"text/html\"");
  camel_multipart_set_boundary (related, NULL);
  {
    g_autoptr(CamelMimePart) text = text_part (rewritten->str, "text/html");

    camel_multipart_add_part (related, text);
  }
  for (guint i = 0; i < images->len; i++)
    camel_multipart_add_part (related, images->pdata[i]);
  part = camel_mime_part_new ();
  camel_medium_set_content (CAMEL_MEDIUM (part), CAMEL_DATA_WRAPPER (related));
  return part;
}

static char *
make_message_id (const char *from_address)
{
  const char *at = from_address != NULL ? strrchr (from_address, '@') : NULL;
  g_autofree char *uuid = g_uuid_string_random ();

  return g_strdup_printf ("%s@%s", uuid, at != NULL && at[1] != '\0' ? at + 1 : "inbox.invalid");
}

/* An address list for a draft not ready to send: what parses, or an empty list (the local autosave
 * keeps the text as typed; the server's copy is the one that may lose a half-typed address). */
static CamelInternetAddress *
parse_leniently (const char *list)
{
  CamelInternetAddress *parsed = inbox_address_list_parse (list, NULL);

  return parsed != NULL ? parsed : camel_internet_address_new ();
}

static GBytes *
build (InboxDraft  *draft,
       gboolean     to_send,
       GError     **error)
{
  g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
  g_autoptr(CamelInternetAddress) from = camel_internet_address_new ();
  g_autoptr(CamelInternetAddress) to = NULL, cc = NULL, bcc = NULL;
  g_autoptr(CamelMimePart) body = NULL;
  g_autoptr(CamelStream) stream = NULL;
  g_autofree char *header = NULL;
  GByteArray *array;

  if (to_send)
    {
      to = inbox_address_list_parse (draft->to, error);
      cc = to != NULL ? inbox_address_list_parse (draft->cc, error) : NULL;
      bcc = cc != NULL ? inbox_address_list_parse (draft->bcc, error) : NULL;
      if (bcc == NULL)
        return NULL;
    }
  else
    {
      to = parse_leniently (draft->to);
      cc = parse_leniently (draft->cc);
      bcc = parse_leniently (draft->bcc);
    }
  if (to_send && camel_address_length (CAMEL_ADDRESS (to)) + camel_address_length (CAMEL_ADDRESS (cc)) +
                 camel_address_length (CAMEL_ADDRESS (bcc)) == 0)
    {
      g_set_error_literal (error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_NO_RECIPIENTS, "Add at least one recipient");
      return NULL;
    }
  if (!inbox_address_is_valid (draft->from_address))
    {
      g_set_error (error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_INVALID_ADDRESS,
                   "The sender “%s” is not an email address", draft->from_address != NULL ? draft->from_address : "");
      return NULL;
    }

  camel_internet_address_add (from, draft->from_name != NULL && *draft->from_name != '\0' ? draft->from_name : NULL,
                              draft->from_address);
  camel_mime_message_set_from (message, from);
  if (camel_address_length (CAMEL_ADDRESS (to)) > 0)
    camel_mime_message_set_recipients (message, CAMEL_RECIPIENT_TYPE_TO, to);
  if (camel_address_length (CAMEL_ADDRESS (cc)) > 0)
    camel_mime_message_set_recipients (message, CAMEL_RECIPIENT_TYPE_CC, cc);
  if (camel_address_length (CAMEL_ADDRESS (bcc)) > 0)
    camel_mime_message_set_recipients (message, CAMEL_RECIPIENT_TYPE_BCC, bcc);
  camel_mime_message_set_subject (message, draft->subject != NULL ? draft->subject : "");
  camel_mime_message_set_date (message, draft->date > 0 ? (time_t) draft->date : CAMEL_MESSAGE_DATE_CURRENT, 0);
  if (draft->message_id == NULL)
    draft->message_id = make_message_id (draft->from_address);
  camel_mime_message_set_message_id (message, draft->message_id);
  if (draft->in_reply_to != NULL && *draft->in_reply_to != '\0')
    {
      header = g_strdup_printf ("<%s>", draft->in_reply_to);
      camel_medium_set_header (CAMEL_MEDIUM (message), "In-Reply-To", header);
    }
  if (draft->references != NULL && *draft->references != '\0')
    camel_medium_set_header (CAMEL_MEDIUM (message), "References", draft->references);
  camel_medium_set_header (CAMEL_MEDIUM (message), "User-Agent", "Inbox/" PACKAGE_VERSION);

  if (draft->html != NULL)
    {
      g_autoptr(CamelMultipart) alternative = camel_multipart_new ();
      g_autoptr(CamelMimePart) plain = text_part (draft->text != NULL ? draft->text : "", "text/plain");
      g_autoptr(CamelMimePart) html = html_part (draft->html, draft->message_id);

      camel_data_wrapper_set_mime_type (CAMEL_DATA_WRAPPER (alternative), "multipart/alternative");
      camel_multipart_set_boundary (alternative, NULL);
      camel_multipart_add_part (alternative, plain);
      camel_multipart_add_part (alternative, html);
      body = camel_mime_part_new ();
      camel_medium_set_content (CAMEL_MEDIUM (body), CAMEL_DATA_WRAPPER (alternative));
    }
  else
    body = text_part (draft->text != NULL ? draft->text : "", "text/plain");

  if (draft->attachments->len == 0)
    {
      /* The body's own headers become the message's. */
      CamelDataWrapper *content = camel_medium_get_content (CAMEL_MEDIUM (body));

      camel_medium_set_content (CAMEL_MEDIUM (message), content);
      camel_mime_part_set_encoding (CAMEL_MIME_PART (message), camel_mime_part_get_encoding (body));
    }
  else
    {
      g_autoptr(CamelMultipart) mixed = camel_multipart_new ();

      camel_data_wrapper_set_mime_type (CAMEL_DATA_WRAPPER (mixed), "multipart/mixed");
      camel_multipart_set_boundary (mixed, NULL);
      camel_multipart_add_part (mixed, body);
      for (guint i = 0; i < draft->attachments->len; i++)
        {
          g_autoptr(CamelMimePart) part = attachment_part (draft->attachments->pdata[i], error);

          if (part == NULL)
            return NULL;
          camel_multipart_add_part (mixed, part);
        }
      camel_medium_set_content (CAMEL_MEDIUM (message), CAMEL_DATA_WRAPPER (mixed));
    }

  stream = camel_stream_mem_new ();
  if (camel_data_wrapper_write_to_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL, error) < 0)
    return NULL;
  array = camel_stream_mem_get_byte_array (CAMEL_STREAM_MEM (stream));
  return g_bytes_new (array->data, array->len);
}

/* The message as it goes on the wire (Bcc included: the transport leaves it out of what it
 * sends, and the copy in Sent keeps it). Fills in draft->message_id. */
GBytes *
inbox_draft_build (InboxDraft  *draft,
                   GError     **error)
{
  return build (draft, TRUE, error);
}

/* The same for a draft saved on the server: recipients may be missing or half typed. */
GBytes *
inbox_draft_build_unfinished (InboxDraft  *draft,
                              GError     **error)
{
  return build (draft, FALSE, error);
}

/* --- reading back --------------------------------------------------------------------------- */

static char *
decoded_text (CamelDataWrapper *content)
{
  g_autoptr(CamelStream) stream = camel_stream_mem_new ();
  GByteArray *array;

  if (camel_data_wrapper_decode_to_stream_sync (content, stream, NULL, NULL) < 0)
    return NULL;
  array = camel_stream_mem_get_byte_array (CAMEL_STREAM_MEM (stream));
  if (array->len == 0)
    return g_strdup ("");
  return g_utf8_make_valid ((const char *) array->data, array->len);
}

typedef struct {
  InboxDraft *draft;
  const char *attachment_dir;
  GError **error;
  gboolean failed;
  GHashTable *inline_images;  /* Content-ID → data: URI, for images the HTML shows */
} Walk;

static void
walk_part (CamelMimePart *part,
           Walk          *walk)
{
  CamelDataWrapper *content = camel_medium_get_content (CAMEL_MEDIUM (part));
  CamelContentType *type = camel_mime_part_get_content_type (part);
  const char *filename = camel_mime_part_get_filename (part);

  if (content == NULL || walk->failed)
    return;
  if (CAMEL_IS_MULTIPART (content))
    {
      for (guint i = 0; i < camel_multipart_get_number (CAMEL_MULTIPART (content)); i++)
        walk_part (camel_multipart_get_part (CAMEL_MULTIPART (content), i), walk);
      return;
    }
  if (camel_mime_part_get_content_id (part) != NULL && camel_content_type_is (type, "image", "*"))
    {
      /* An image the HTML shows: back into the HTML, as the editor holds it. */
      g_autoptr(CamelStream) stream = camel_stream_mem_new ();
      g_autofree char *mime_type = camel_content_type_simple (type);
      GByteArray *array;
      g_autofree char *encoded = NULL;

      if (camel_data_wrapper_decode_to_stream_sync (content, stream, NULL, NULL) < 0)
        return;
      array = camel_stream_mem_get_byte_array (CAMEL_STREAM_MEM (stream));
      encoded = g_base64_encode (array->data, array->len);
      g_hash_table_insert (walk->inline_images, g_strdup (camel_mime_part_get_content_id (part)),
                           g_strdup_printf ("data:%s;base64,%s", mime_type, encoded));
      return;
    }
  if (filename == NULL && camel_content_type_is (type, "text", "plain") && walk->draft->text == NULL)
    walk->draft->text = decoded_text (content);
  else if (filename == NULL && camel_content_type_is (type, "text", "html") && walk->draft->html == NULL)
    walk->draft->html = decoded_text (content);
  else if (walk->attachment_dir != NULL)
    {
      g_autofree char *safe = g_path_get_basename (filename != NULL ? filename : "attachment");
      g_autofree char *path = g_build_filename (walk->attachment_dir, safe, NULL);
      g_autoptr(CamelStream) stream = camel_stream_mem_new ();
      GByteArray *array;

      if (camel_data_wrapper_decode_to_stream_sync (content, stream, NULL, walk->error) < 0)
        {
          walk->failed = TRUE;
          return;
        }
      array = camel_stream_mem_get_byte_array (CAMEL_STREAM_MEM (stream));
      if (g_mkdir_with_parents (walk->attachment_dir, 0700) != 0 ||
          !g_file_set_contents (path, (const char *) array->data, array->len, walk->error))
        {
          if (walk->error != NULL && *walk->error == NULL)
            g_set_error (walk->error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_ATTACHMENT, "Can't write %s", path);
          walk->failed = TRUE;
          return;
        }
      g_ptr_array_add (walk->draft->attachments, g_steal_pointer (&path));
    }
}

static char *
format_addresses (CamelInternetAddress *address)
{
  return address != NULL && camel_address_length (CAMEL_ADDRESS (address)) > 0
       ? camel_address_format (CAMEL_ADDRESS (address)) : g_strdup ("");
}

/* A message from the outbox back into a draft (Undo send, unschedule): its attachments are
 * written to attachment_dir (not kept when NULL). */
InboxDraft *
inbox_draft_new_from_mime (GBytes      *mime,
                           const char  *attachment_dir,
                           GError     **error)
{
  g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
  g_autoptr(CamelStream) stream = camel_stream_mem_new_with_buffer (g_bytes_get_data (mime, NULL), g_bytes_get_size (mime));
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  CamelInternetAddress *from;
  const char *name = NULL, *address = NULL, *header;
  g_autoptr(GHashTable) inline_images = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Walk walk = { draft, attachment_dir, error, FALSE, inline_images };

  if (!camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL, error))
    return NULL;
  from = camel_mime_message_get_from (message);
  if (from != NULL && camel_internet_address_get (from, 0, &name, &address))
    {
      draft->from_name = g_strdup (name);
      draft->from_address = g_strdup (address);
    }
  draft->to = format_addresses (camel_mime_message_get_recipients (message, CAMEL_RECIPIENT_TYPE_TO));
  draft->cc = format_addresses (camel_mime_message_get_recipients (message, CAMEL_RECIPIENT_TYPE_CC));
  draft->bcc = format_addresses (camel_mime_message_get_recipients (message, CAMEL_RECIPIENT_TYPE_BCC));
  draft->subject = g_strdup (camel_mime_message_get_subject (message));
  header = camel_medium_get_header (CAMEL_MEDIUM (message), "In-Reply-To");
  if (header != NULL)
    draft->in_reply_to = g_strstrip (g_strdelimit (g_strdup (header), "<>", ' '));
  header = camel_medium_get_header (CAMEL_MEDIUM (message), "References");
  draft->references = g_strdup (header);
  /* A new attempt is a new message: it gets a new Message-ID when built. */
  walk_part (CAMEL_MIME_PART (message), &walk);
  if (walk.failed)
    return NULL;
  if (draft->html != NULL && g_hash_table_size (inline_images) > 0)
    {
      GHashTableIter iter;
      gpointer content_id, uri;

      g_hash_table_iter_init (&iter, inline_images);
      while (g_hash_table_iter_next (&iter, &content_id, &uri))
        {
          g_autofree char *reference = g_strdup_printf ("cid:%s", (char *) content_id);
          g_auto(GStrv) pieces = g_strsplit (draft->html, reference, -1);

          g_free (draft->html);
          draft->html = g_strjoinv (uri, pieces);
        }
    }
  if (draft->from_address == NULL)
    {
      g_set_error_literal (error, INBOX_DRAFT_ERROR, INBOX_DRAFT_ERROR_MALFORMED, "This is not a message (no sender)");
      return NULL;
    }
  return g_steal_pointer (&draft);
}

/* --- forwarding as an attachment ------------------------------------------------------------- */

/* Saves a message's bytes as "<subject>.eml" in dir, for attaching (forward as attachment).
 * Returns the file's path. */
char *
inbox_draft_save_forwarded (GBytes      *message,
                            const char  *subject,
                            const char  *dir,
                            GError     **error)
{
  g_autofree char *name = g_strdup_printf ("%s.eml", subject != NULL && *subject != '\0' ? subject : "message");
  g_autofree char *unique = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time ());
  g_autofree char *folder = g_build_filename (dir, unique, NULL);
  char *path;

  /* Not a path: no "/" from a subject. */
  g_strdelimit (name, "/\\", '-');
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "Can't create %s: %s", folder, g_strerror (saved));
      return NULL;
    }
  path = g_build_filename (folder, name, NULL);
  if (!g_file_set_contents (path, g_bytes_get_data (message, NULL), (gssize) g_bytes_get_size (message), error))
    g_clear_pointer (&path, g_free);
  return path;
}

/* --- signatures ----------------------------------------------------------------------------- */

/* Puts new_signature (NULL: none) in place of old_signature (NULL: none yet), as a "-- " block. A
 * reply or forward (whose text starts with the blank lines above its quote) gets it above the
 * quote; a new message at its end. */
void
inbox_draft_set_signature (InboxDraft *draft,
                           const char *old_signature,
                           const char *new_signature)
{
  g_autofree char *old_block = old_signature != NULL ? g_strdup_printf ("\n\n-- \n%s", old_signature) : NULL;
  g_autofree char *new_block = new_signature != NULL ? g_strdup_printf ("\n\n-- \n%s", new_signature) : NULL;
  const char *text = draft->text != NULL ? draft->text : "";
  const char *found = old_block != NULL ? strstr (text, old_block) : NULL;
  char *result;

  if (found != NULL)
    result = g_strdup_printf ("%.*s%s%s", (int) (found - text), text, new_block != NULL ? new_block : "",
                              found + strlen (old_block));
  else if (new_block == NULL)
    return;
  else if (g_str_has_prefix (text, "\n\n"))
    result = g_strconcat (new_block, text, NULL);
  else
    result = g_strconcat (text, new_block, NULL);
  g_free (draft->text);
  draft->text = result;
}

/* --- local autosave ------------------------------------------------------------------------- */

#define DRAFT_GROUP "Draft"

/* Where drafts being written are kept between autosaves ($XDG_DATA_HOME/inbox/drafts), so that
 * one survives a crash or a kill. */
char *
inbox_draft_get_local_dir (void)
{
  return g_build_filename (g_get_user_data_dir (), "inbox", "drafts", NULL);
}

static void
set_optional (GKeyFile   *file,
              const char *key,
              const char *value)
{
  if (value != NULL)
    g_key_file_set_string (file, DRAFT_GROUP, key, value);
}

/* Writes the draft to path atomically (a new file renamed over the old one), so that a crash
 * mid-write leaves the previous version, never half of one. */
gboolean
inbox_draft_save (const InboxDraft  *draft,
                  const char        *path,
                  GError           **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autofree char *dir = g_path_get_dirname (path);

  set_optional (file, "FromName", draft->from_name);
  set_optional (file, "FromAddress", draft->from_address);
  set_optional (file, "To", draft->to);
  set_optional (file, "Cc", draft->cc);
  set_optional (file, "Bcc", draft->bcc);
  set_optional (file, "Subject", draft->subject);
  set_optional (file, "Text", draft->text);
  set_optional (file, "Html", draft->html);
  set_optional (file, "InReplyTo", draft->in_reply_to);
  set_optional (file, "References", draft->references);
  set_optional (file, "ServerCopy", draft->server_copy_id);
  if (draft->attachments->len > 0)
    g_key_file_set_string_list (file, DRAFT_GROUP, "Attachments", (const char * const *) draft->attachments->pdata,
                                draft->attachments->len);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved), "Can't create %s: %s", dir, g_strerror (saved));
      return FALSE;
    }
  return g_key_file_save_to_file (file, path, error);
}

InboxDraft *
inbox_draft_load (const char  *path,
                  GError     **error)
{
  g_autoptr(GKeyFile) file = g_key_file_new ();
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  g_auto(GStrv) attachments = NULL;
  struct { const char *key; char **field; } fields[] = {
    { "FromName", &draft->from_name }, { "FromAddress", &draft->from_address }, { "To", &draft->to },
    { "Cc", &draft->cc }, { "Bcc", &draft->bcc }, { "Subject", &draft->subject }, { "Text", &draft->text }, { "Html", &draft->html },
    { "InReplyTo", &draft->in_reply_to }, { "References", &draft->references },
    { "ServerCopy", &draft->server_copy_id },
  };

  if (!g_key_file_load_from_file (file, path, G_KEY_FILE_NONE, error))
    return NULL;
  for (gsize i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i].field = g_key_file_get_string (file, DRAFT_GROUP, fields[i].key, NULL);
  attachments = g_key_file_get_string_list (file, DRAFT_GROUP, "Attachments", NULL, NULL);
  for (gsize i = 0; attachments != NULL && attachments[i] != NULL; i++)
    g_ptr_array_add (draft->attachments, g_strdup (attachments[i]));
  return g_steal_pointer (&draft);
}

/* --- replies and forwards ------------------------------------------------------------------- */

static gboolean
is_mine (const char         *address,
         const char * const *mine)
{
  for (gsize i = 0; mine != NULL && mine[i] != NULL; i++)
    if (g_ascii_strcasecmp (address, mine[i]) == 0)
      return TRUE;
  return FALSE;
}

static void
add_recipients (GString            *list,
                GHashTable         *seen,
                const char * const *addresses,
                const char * const *mine)
{
  for (gsize i = 0; addresses != NULL && addresses[i] != NULL; i++)
    {
      g_autoptr(CamelInternetAddress) parsed = inbox_address_list_parse (addresses[i], NULL);

      for (int a = 0; parsed != NULL && a < camel_address_length (CAMEL_ADDRESS (parsed)); a++)
        {
          const char *name = NULL, *address = NULL;
          g_autofree char *key = NULL;

          camel_internet_address_get (parsed, a, &name, &address);
          key = g_ascii_strdown (address, -1);
          if (is_mine (address, mine) || !g_hash_table_add (seen, g_steal_pointer (&key)))
            continue;
          if (list->len > 0)
            g_string_append (list, ", ");
          if (name != NULL && *name != '\0')
            g_string_append_printf (list, "\"%s\" <%s>", name, address);
          else
            g_string_append (list, address);
        }
    }
}

static char *
prefixed_subject (const char *subject,
                  const char *prefix)
{
  g_autofree char *lower = g_ascii_strdown (subject != NULL ? subject : "", -1);
  g_autofree char *lower_prefix = g_ascii_strdown (prefix, -1);

  if (g_str_has_prefix (lower, lower_prefix))
    return g_strdup (subject);
  return g_strdup_printf ("%s %s", prefix, subject != NULL ? subject : "");
}

static char *
format_date (gint64 unix_time)
{
  g_autoptr(GDateTime) date = g_date_time_new_from_unix_local (unix_time);

  return date != NULL ? g_date_time_format (date, "%a, %-d %b %Y at %H:%M") : g_strdup ("");
}

/* A reply, reply all or inline forward of original, whose text is original_text (may be NULL
 * when its body is not local yet). Reply all leaves out my_addresses; nothing ever copies Bcc. */
InboxDraft *
inbox_draft_new_reply (InboxReplyKind      kind,
                       InboxMessage       *original,
                       const char         *original_text,
                       const char * const *my_addresses)
{
  InboxDraft *draft = inbox_draft_new ();
  const char *from_name = inbox_message_get_from_name (original);
  const char *from_address = inbox_message_get_from_address (original);
  const char *sender = from_name != NULL && *from_name != '\0' ? from_name : from_address;
  const char *message_id = inbox_message_get_message_id (original);
  g_autofree char *date = format_date (inbox_message_get_date (original));
  g_autoptr(GString) body = g_string_new ("\n\n");

  if (kind == INBOX_FORWARD)
    {
      g_autofree char *to = g_strjoinv (", ", (GStrv) inbox_message_get_to (original));

      draft->subject = prefixed_subject (inbox_message_get_subject (original), "Fwd:");
      g_string_append_printf (body, "---------- Forwarded message ----------\nFrom: %s <%s>\nDate: %s\nSubject: %s\nTo: %s\n\n%s\n",
                              from_name != NULL ? from_name : "", from_address != NULL ? from_address : "", date,
                              inbox_message_get_subject (original), to, original_text != NULL ? original_text : "");
    }
  else
    {
      g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      g_autoptr(GString) to = g_string_new (NULL);
      g_autoptr(GString) cc = g_string_new (NULL);
      g_autofree char *named_sender = from_name != NULL && *from_name != '\0'
                                    ? g_strdup_printf ("\"%s\" <%s>", from_name, from_address) : g_strdup (from_address);
      const char *sender_list[] = { named_sender, NULL };
      g_auto(GStrv) lines = g_strsplit (original_text != NULL ? original_text : "", "\n", -1);

      /* Replying to my own message goes to its recipients, not back to me. */
      if (from_address != NULL && is_mine (from_address, my_addresses))
        add_recipients (to, seen, inbox_message_get_to (original), my_addresses);
      else
        add_recipients (to, seen, sender_list, my_addresses);
      if (kind == INBOX_REPLY_ALL)
        {
          add_recipients (cc, seen, inbox_message_get_to (original), my_addresses);
          add_recipients (cc, seen, inbox_message_get_cc (original), my_addresses);
        }
      draft->to = g_string_free (g_steal_pointer (&to), FALSE);
      draft->cc = g_string_free (g_steal_pointer (&cc), FALSE);
      draft->subject = prefixed_subject (inbox_message_get_subject (original), "Re:");
      if (message_id != NULL && *message_id != '\0')
        {
          draft->in_reply_to = g_strdup (message_id);
          draft->references = g_strdup_printf ("<%s>", message_id);
        }
      g_string_append_printf (body, "On %s, %s wrote:\n", date, sender != NULL ? sender : "");
      for (guint i = 0; lines[i] != NULL; i++)
        if (lines[i + 1] != NULL || *lines[i] != '\0')
          g_string_append_printf (body, ">%s%s\n", *lines[i] == '>' || *lines[i] == '\0' ? "" : " ", lines[i]);
    }
  draft->text = g_string_free (g_steal_pointer (&body), FALSE);
  return draft;
}
