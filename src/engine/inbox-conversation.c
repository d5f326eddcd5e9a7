/* inbox-conversation.c: one conversation, as a row of a list shows it. Read-only to its users;
 * when the conversation changes, the list model that handed it out gives it the new content
 * (inbox_conversation_take_content) and it emits ::changed, so that GTK keeps the row built for
 * it (GTK builds a new row for a new object) and the row shows the change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-conversation-private.h"

struct _InboxConversation
{
  GObject parent_instance;

  gint64 id;
  char *subject;
  char *snippet;
  GStrv participant_names;
  GStrv participant_addresses;
  gint64 last_activity;
  guint unread_count;
  guint message_count;
  gboolean has_attachment;
  gboolean starred;
  GStrv folders;
  GStrv accounts;
  GStrv matching_message_ids;
};

G_DEFINE_FINAL_TYPE (InboxConversation, inbox_conversation, G_TYPE_OBJECT)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* "name␟address" records joined by ␞ (see inbox-conversations.c). */
static void
read_participants (InboxConversation *self,
                   const char        *text)
{
  g_auto(GStrv) records = *text != '\0' ? g_strsplit (text, "\x1e", -1) : g_new0 (char *, 1);
  guint n = g_strv_length (records);

  self->participant_names = g_new0 (char *, n + 1);
  self->participant_addresses = g_new0 (char *, n + 1);
  for (guint i = 0; i < n; i++)
    {
      const char *separator = strchr (records[i], '\x1f');

      self->participant_names[i] = separator != NULL ? g_strndup (records[i], separator - records[i]) : g_strdup (records[i]);
      self->participant_addresses[i] = g_strdup (separator != NULL ? separator + 1 : "");
    }
}

static GStrv
read_strings (const char *text)
{
  return *text != '\0' ? g_strsplit (text, "\x1f", -1) : g_new0 (char *, 1);
}

InboxConversation *
inbox_conversation_new_from_row (sqlite3_stmt *stmt)
{
  InboxConversation *self = g_object_new (INBOX_TYPE_CONVERSATION, NULL);

  self->id = sqlite3_column_int64 (stmt, 0);
  self->subject = g_strdup (inbox_db_column_text (stmt, 1));
  self->snippet = g_strdup (inbox_db_column_text (stmt, 2));
  read_participants (self, inbox_db_column_text (stmt, 3));
  self->last_activity = sqlite3_column_int64 (stmt, 4);
  self->unread_count = (guint) sqlite3_column_int64 (stmt, 5);
  self->message_count = (guint) sqlite3_column_int64 (stmt, 6);
  self->has_attachment = sqlite3_column_int (stmt, 7) != 0;
  self->folders = read_strings (inbox_db_column_text (stmt, 8));
  self->accounts = read_strings (inbox_db_column_text (stmt, 9));
  self->starred = sqlite3_column_int (stmt, 10) != 0;
  return self;
}

void
inbox_conversation_set_matching_message_ids (InboxConversation *self,
                                             GStrv              message_ids)
{
  g_strfreev (self->matching_message_ids);
  self->matching_message_ids = message_ids;
}

gint64
inbox_conversation_get_id (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), 0);
  return self->id;
}

const char *
inbox_conversation_get_subject (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return self->subject;
}

const char *
inbox_conversation_get_snippet (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return self->snippet;
}

const char * const *
inbox_conversation_get_participant_names (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return (const char * const *) self->participant_names;
}

const char * const *
inbox_conversation_get_participant_addresses (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return (const char * const *) self->participant_addresses;
}

gint64
inbox_conversation_get_last_activity (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), 0);
  return self->last_activity;
}

guint
inbox_conversation_get_unread_count (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), 0);
  return self->unread_count;
}

guint
inbox_conversation_get_message_count (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), 0);
  return self->message_count;
}

gboolean
inbox_conversation_get_has_attachment (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), FALSE);
  return self->has_attachment;
}

/* The folders (full paths) that hold the conversation's messages. */
const char * const *
inbox_conversation_get_folders (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return (const char * const *) self->folders;
}

/* The accounts (by name) that hold the conversation's messages. */
const char * const *
inbox_conversation_get_accounts (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return (const char * const *) self->accounts;
}

/* For search results: the Message-IDs of the messages that matched. NULL outside a search. */
const char * const *
inbox_conversation_get_matching_message_ids (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), NULL);
  return (const char * const *) self->matching_message_ids;
}

static void
inbox_conversation_finalize (GObject *object)
{
  InboxConversation *self = INBOX_CONVERSATION (object);

  g_free (self->subject);
  g_free (self->snippet);
  g_strfreev (self->participant_names);
  g_strfreev (self->participant_addresses);
  g_strfreev (self->folders);
  g_strfreev (self->accounts);
  g_strfreev (self->matching_message_ids);

  G_OBJECT_CLASS (inbox_conversation_parent_class)->finalize (object);
}

static void
inbox_conversation_class_init (InboxConversationClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = inbox_conversation_finalize;

  /**
   * InboxConversation::changed:
   *
   * The conversation's content changed (its list model read it again): show it again.
   */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

#define TAKE(field) do { __typeof__ (self->field) kept = self->field; self->field = fresh->field; fresh->field = kept; } while (0)

/* The same conversation (by id) read again: self takes fresh's content, and says so. */
void
inbox_conversation_take_content (InboxConversation *self,
                                 InboxConversation *fresh)
{
  g_return_if_fail (INBOX_IS_CONVERSATION (self));
  g_return_if_fail (INBOX_IS_CONVERSATION (fresh));
  g_return_if_fail (self->id == fresh->id);

  TAKE (subject);
  TAKE (snippet);
  TAKE (participant_names);
  TAKE (participant_addresses);
  TAKE (last_activity);
  TAKE (unread_count);
  TAKE (message_count);
  TAKE (has_attachment);
  TAKE (starred);
  TAKE (folders);
  TAKE (accounts);
  TAKE (matching_message_ids);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

#undef TAKE

static void
inbox_conversation_init (InboxConversation *self)
{
}

/* Whether any of its messages is flagged (starred). */
gboolean
inbox_conversation_get_starred (InboxConversation *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION (self), FALSE);

  return self->starred;
}

/* A row the list announced but the store no longer has at that place (it moved on between the
 * count and the page): empty, with id 0, until the list catches up with the store's next change.
 * GTK must never be handed NULL for a position below the list's length. */
InboxConversation *
inbox_conversation_new_placeholder (void)
{
  InboxConversation *self = g_object_new (INBOX_TYPE_CONVERSATION, NULL);

  self->subject = g_strdup ("");
  self->snippet = g_strdup ("");
  self->participant_names = g_new0 (char *, 1);
  self->participant_addresses = g_new0 (char *, 1);
  self->folders = g_new0 (char *, 1);
  self->accounts = g_new0 (char *, 1);
  return self;
}
