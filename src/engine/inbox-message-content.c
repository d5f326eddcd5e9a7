/* inbox-message-content.c: one message's body and attachments for the reader, and the list of
 * senders and domains that may load remote content.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <camel/camel.h>

#include "inbox-message-content.h"
#include "inbox-store-private.h"

static void
attachment_info_free (InboxAttachmentInfo *info)
{
  g_free (info->filename);
  g_free (info->content_type);
  g_free (info->content_id);
  g_free (info);
}

void
inbox_message_content_free (InboxMessageContent *content)
{
  if (content == NULL)
    return;
  g_free (content->text);
  g_free (content->html);
  g_clear_pointer (&content->attachments, g_ptr_array_unref);
  g_free (content);
}

typedef struct {
  gint64 conversation_id;
  const char *message_id;
  InboxMessageContent *content;
} ContentQuery;

static gboolean
read_attachments (InboxDb              *db,
                  gint64                row_id,
                  InboxMessageContent  *content,
                  GError              **error)
{
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT filename, content_type, size, content_id, inline FROM attachments "
      "WHERE message_id = ? ORDER BY position", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, row_id);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      InboxAttachmentInfo *info = g_new0 (InboxAttachmentInfo, 1);

      info->filename = g_strdup (inbox_db_column_text (stmt, 0));
      info->content_type = g_strdup (inbox_db_column_text (stmt, 1));
      info->size = (gsize) MAX (sqlite3_column_int64 (stmt, 2), 0);
      info->content_id = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? NULL : g_strdup (inbox_db_column_text (stmt, 3));
      info->is_inline = sqlite3_column_int (stmt, 4) != 0;
      g_ptr_array_add (content->attachments, info);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static gboolean
read_content (InboxDb   *db,
              gpointer   user_data,
              GError   **error)
{
  ContentQuery *query = user_data;
  InboxMessageContent *content;
  gint64 row_id;
  sqlite3_stmt *stmt = inbox_db_prepare (db,
      "SELECT m.id, f.body, b.html, "
      "  EXISTS (SELECT 1 FROM remote_content_allowed r WHERE "
      "          (r.kind = 'sender' AND r.value = m.from_address) OR "
      "          (r.kind = 'domain' AND r.value = substr (m.from_address, instr (m.from_address, '@') + 1))) "
      "FROM messages m LEFT JOIN message_fts f ON f.rowid = m.search_key "
      "LEFT JOIN message_bodies b ON b.message_id = m.id "
      "WHERE m.conversation_id = ? AND m.message_id = ? LIMIT 1", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, query->conversation_id);
  inbox_db_bind_text (stmt, 2, query->message_id);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                   "There is no message <%s> in conversation %" G_GINT64_FORMAT,
                   query->message_id, query->conversation_id);
      return FALSE;
    }

  content = g_new0 (InboxMessageContent, 1);
  content->attachments = g_ptr_array_new_with_free_func ((GDestroyNotify) attachment_info_free);
  row_id = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_type (stmt, 1) != SQLITE_NULL)
    content->text = g_strdup (inbox_db_column_text (stmt, 1));
  if (sqlite3_column_type (stmt, 2) != SQLITE_NULL)
    content->html = g_strdup (inbox_db_column_text (stmt, 2));
  content->remote_allowed = sqlite3_column_int (stmt, 3) != 0;
  sqlite3_reset (stmt);
  query->content = content;
  return read_attachments (db, row_id, content, error);
}

/* NOT_FOUND when the conversation has no such message (it was merged away or deleted meanwhile). */
InboxMessageContent *
inbox_store_get_message_content_sync (InboxStore  *self,
                                      gint64       conversation_id,
                                      const char  *message_id,
                                      GError     **error)
{
  ContentQuery query = { inbox_store_resolve_conversation (self, conversation_id), message_id, NULL };

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);
  g_return_val_if_fail (message_id != NULL, NULL);

  if (!inbox_store_read (self, read_content, &query, error))
    {
      inbox_message_content_free (query.content);
      return NULL;
    }
  return query.content;
}

typedef struct {
  const char *kind;
  const char *value;
} AllowJob;

static gboolean
write_allow (InboxStoreTxn  *txn,
             gpointer        user_data,
             GError        **error)
{
  AllowJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db,
      "INSERT OR IGNORE INTO remote_content_allowed (kind, value, created) VALUES (?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->kind);
  inbox_db_bind_text (stmt, 2, job->value);
  sqlite3_bind_int64 (stmt, 3, g_get_real_time () / G_USEC_PER_SEC);
  return inbox_db_step_done (txn->db, stmt, error);
}

gboolean
inbox_store_allow_remote_content_sync (InboxStore  *self,
                                       const char  *kind,
                                       const char  *value,
                                       GError     **error)
{
  AllowJob job = { kind, value };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_strcmp0 (kind, "sender") == 0 || g_strcmp0 (kind, "domain") == 0, FALSE);

  if (value == NULL || *value == '\0' || strchr (value, ' ') != NULL ||
      (g_str_equal (kind, "sender") && strchr (value, '@') == NULL))
    {
      g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_FAILED,
                   "“%s” is not a %s", value != NULL ? value : "", g_str_equal (kind, "sender") ? "mail address" : "domain");
      return FALSE;
    }
  return inbox_store_write_sync (self, write_allow, &job, error);
}

static gboolean
read_allowed (InboxDb   *db,
              gpointer   user_data,
              GError   **error)
{
  GPtrArray *result = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (db, "SELECT kind, value FROM remote_content_allowed ORDER BY kind DESC, value", error);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (result, g_strdup_printf ("%s:%s", inbox_db_column_text (stmt, 0), inbox_db_column_text (stmt, 1)));
  sqlite3_reset (stmt);
  return TRUE;
}

/* The "always load remote content" list, as "sender:ADDRESS" and "domain:DOMAIN", senders first. */
GStrv
inbox_store_list_remote_content_allowed_sync (InboxStore  *self,
                                              GError     **error)
{
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (INBOX_IS_STORE (self), NULL);

  if (!inbox_store_read (self, read_allowed, result, error))
    return NULL;
  g_ptr_array_add (result, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&result), FALSE);
}

static gboolean
write_forget (InboxStoreTxn  *txn,
              gpointer        user_data,
              GError        **error)
{
  AllowJob *job = user_data;
  sqlite3_stmt *stmt = inbox_db_prepare (txn->db, "DELETE FROM remote_content_allowed WHERE kind = ? AND value = ?", error);

  if (stmt == NULL)
    return FALSE;
  inbox_db_bind_text (stmt, 1, job->kind);
  inbox_db_bind_text (stmt, 2, job->value);
  return inbox_db_step_done (txn->db, stmt, error);
}

gboolean
inbox_store_forget_remote_content_sync (InboxStore  *self,
                                        const char  *kind,
                                        const char  *value,
                                        GError     **error)
{
  AllowJob job = { kind, value };

  g_return_val_if_fail (INBOX_IS_STORE (self), FALSE);

  return inbox_store_write_sync (self, write_forget, &job, error);
}

/* --- an attachment's bytes ------------------------------------------------------------------- */

typedef struct {
  const InboxAttachmentInfo *info;
  const char *content_id;   /* or, to find an inline part by its Content-ID */
  GBytes *found;
  char *content_type;
} Extract;

static void
extract_from (CamelMimePart *part,
              Extract       *extract)
{
  CamelDataWrapper *content = camel_medium_get_content (CAMEL_MEDIUM (part));
  const char *filename = camel_mime_part_get_filename (part);
  CamelContentType *type = camel_mime_part_get_content_type (part);
  g_autofree char *simple = type != NULL ? camel_content_type_simple (type) : NULL;
  g_autoptr(CamelStream) stream = NULL;
  GByteArray *array;

  if (content == NULL || extract->found != NULL)
    return;
  if (CAMEL_IS_MULTIPART (content))
    {
      for (guint i = 0; i < camel_multipart_get_number (CAMEL_MULTIPART (content)); i++)
        extract_from (camel_multipart_get_part (CAMEL_MULTIPART (content), i), extract);
      return;
    }
  if (extract->content_id != NULL)
    {
      if (g_strcmp0 (camel_mime_part_get_content_id (part), extract->content_id) != 0)
        return;
    }
  /* The store knows an attachment by its name (or, nameless, by its type and size). */
  else if (filename != NULL ? g_strcmp0 (filename, extract->info->filename) != 0
                            : extract->info->content_type == NULL || extract->info->size == 0 || simple == NULL ||
                              g_ascii_strcasecmp (simple, extract->info->content_type) != 0)
    return;
  stream = camel_stream_mem_new ();
  if (camel_data_wrapper_decode_to_stream_sync (content, stream, NULL, NULL) < 0)
    return;
  array = camel_stream_mem_get_byte_array (CAMEL_STREAM_MEM (stream));
  if (extract->content_id != NULL || extract->info->size == 0 || array->len == extract->info->size)
    {
      extract->found = g_bytes_new (array->data, array->len);
      extract->content_type = g_strdup (simple);
    }
}

static gboolean
parse (GBytes            *mime,
       CamelMimeMessage  *message,
       GError           **error)
{
  g_autoptr(CamelStream) stream = camel_stream_mem_new_with_buffer (g_bytes_get_data (mime, NULL), g_bytes_get_size (mime));

  return camel_data_wrapper_construct_from_stream_sync (CAMEL_DATA_WRAPPER (message), stream, NULL, error);
}

/* A part the HTML shows by its Content-ID (cid:), out of the whole message; *content_type says
 * what it is. */
GBytes *
inbox_message_extract_inline (GBytes      *mime,
                              const char  *content_id,
                              char       **content_type,
                              GError     **error)
{
  g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
  Extract extract = { NULL, content_id, NULL, NULL };

  if (!parse (mime, message, error))
    return NULL;
  extract_from (CAMEL_MIME_PART (message), &extract);
  if (extract.found == NULL)
    g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND, "No part of the message is “%s”", content_id);
  *content_type = g_steal_pointer (&extract.content_type);
  return extract.found;
}

/* An attachment's decoded bytes, out of the whole message (as the server has it). */
GBytes *
inbox_message_extract_attachment (GBytes                     *mime,
                                  const InboxAttachmentInfo  *info,
                                  GError                    **error)
{
  g_autoptr(CamelMimeMessage) message = camel_mime_message_new ();
  Extract extract = { info, NULL, NULL, NULL };

  if (!parse (mime, message, error))
    return NULL;
  extract_from (CAMEL_MIME_PART (message), &extract);
  g_free (extract.content_type);
  if (extract.found == NULL)
    g_set_error (error, INBOX_STORE_ERROR, INBOX_STORE_ERROR_NOT_FOUND,
                 "“%s” is not in the message as the server has it", info->filename);
  return extract.found;
}
