/* inbox-message.c: one message of a conversation, as the reader shows it. Immutable.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-message-private.h"

struct _InboxMessage
{
  GObject parent_instance;

  char *message_id;
  char *subject;
  char *from_name;
  char *from_address;
  GStrv to;
  GStrv cc;
  gint64 date;
  GStrv folders;
  guint flags;
  gboolean has_attachment;
  char *snippet;
  char *parse_error;
};

G_DEFINE_FINAL_TYPE (InboxMessage, inbox_message, G_TYPE_OBJECT)

static GStrv
split_list (const char *text)
{
  if (text == NULL || *text == '\0')
    return g_new0 (char *, 1);
  return g_strsplit (text, "\x1f", -1);
}

InboxMessage *
inbox_message_new_from_row (sqlite3_stmt *stmt)
{
  InboxMessage *self = g_object_new (INBOX_TYPE_MESSAGE, NULL);
  const char *parse_error = (const char *) sqlite3_column_text (stmt, 11);

  self->message_id = g_strdup (inbox_db_column_text (stmt, 0));
  self->subject = g_strdup (inbox_db_column_text (stmt, 1));
  self->from_name = g_strdup (inbox_db_column_text (stmt, 2));
  self->from_address = g_strdup (inbox_db_column_text (stmt, 3));
  self->to = split_list ((const char *) sqlite3_column_text (stmt, 4));
  self->cc = split_list ((const char *) sqlite3_column_text (stmt, 5));
  self->date = sqlite3_column_int64 (stmt, 6);
  self->folders = split_list ((const char *) sqlite3_column_text (stmt, 7));
  self->flags = (guint) sqlite3_column_int (stmt, 8);
  self->has_attachment = sqlite3_column_int (stmt, 9) != 0;
  self->snippet = g_strdup (inbox_db_column_text (stmt, 10));
  self->parse_error = g_strdup (parse_error);
  return self;
}

const char *
inbox_message_get_message_id (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return self->message_id;
}

const char *
inbox_message_get_subject (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return self->subject;
}

const char *
inbox_message_get_from_name (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return self->from_name;
}

const char *
inbox_message_get_from_address (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return self->from_address;
}

/* Each recipient as "Name <address>", or the bare address. */
const char * const *
inbox_message_get_to (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return (const char * const *) self->to;
}

const char * const *
inbox_message_get_cc (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return (const char * const *) self->cc;
}

gint64
inbox_message_get_date (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), 0);
  return self->date;
}

/* The folders holding the message, as their full paths. */
const char * const *
inbox_message_get_folders (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return (const char * const *) self->folders;
}

guint
inbox_message_get_flags (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), 0);
  return self->flags;
}

gboolean
inbox_message_get_has_attachment (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), FALSE);
  return self->has_attachment;
}

const char *
inbox_message_get_snippet (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return self->snippet;
}

/* What could not be read when the message was stored, or NULL. */
const char *
inbox_message_get_parse_error (InboxMessage *self)
{
  g_return_val_if_fail (INBOX_IS_MESSAGE (self), NULL);
  return self->parse_error;
}

static void
inbox_message_finalize (GObject *object)
{
  InboxMessage *self = INBOX_MESSAGE (object);

  g_free (self->message_id);
  g_free (self->subject);
  g_free (self->from_name);
  g_free (self->from_address);
  g_strfreev (self->to);
  g_strfreev (self->cc);
  g_strfreev (self->folders);
  g_free (self->snippet);
  g_free (self->parse_error);

  G_OBJECT_CLASS (inbox_message_parent_class)->finalize (object);
}

static void
inbox_message_class_init (InboxMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inbox_message_finalize;
}

static void
inbox_message_init (InboxMessage *self)
{
}
