/* inbox-store.h: the local mail store (one SQLite database per profile).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "inbox-conversation.h"
#include "inbox-db.h"
#include "inbox-message.h"

G_BEGIN_DECLS

#define INBOX_TYPE_STORE (inbox_store_get_type ())

G_DECLARE_FINAL_TYPE (InboxStore, inbox_store, INBOX, STORE, GObject)

/* One conversation entering, leaving or changing in one mailbox ('inbox', 'all', 'folder:12'…).
 * old_key/new_key are its sort key (last activity) before and after, or -1 when absent. */
typedef struct {
  gint64 conversation_id;
  char *mailbox;
  gint64 old_key;
  gint64 new_key;
} InboxStoreChange;

/* Message flags, as IMAP has them; stored per location and aggregated per message. */
typedef enum {
  INBOX_MESSAGE_SEEN      = 1 << 0,
  INBOX_MESSAGE_ANSWERED  = 1 << 1,
  INBOX_MESSAGE_FLAGGED   = 1 << 2,
  INBOX_MESSAGE_DELETED   = 1 << 3,
  INBOX_MESSAGE_DRAFT     = 1 << 4,
  INBOX_MESSAGE_FORWARDED = 1 << 5,
} InboxMessageFlags;

InboxStore *inbox_store_open                (const char   *path,
                                             GError      **error);
char       *inbox_store_get_default_path    (void);
const char *inbox_store_get_path            (InboxStore   *self);
int         inbox_store_get_latest_version  (void);
gboolean    inbox_store_has_pending_changes (InboxStore  *self);
gint64      inbox_store_resolve_conversation (InboxStore  *self,
                                              gint64       conversation_id);

typedef struct {
  gint64 accounts;
  gint64 folders;
  gint64 messages;
  gint64 conversations;
  gint64 contacts;
  gint64 pending_actions;
} InboxStoreStats;

typedef struct {
  gint64 id;
  char *account;        /* the account's address (or name, for a local one) */
  char *path;           /* Camel's: '/' between levels, whatever the server uses */
  const char *shown;    /* the path as a person reads it (points into path; see list_folders) */
  char *role;
  gboolean role_chosen; /* by the user, rather than from the server */
  gint64 messages;
} InboxFolderInfo;

void        inbox_folder_info_free                  (InboxFolderInfo *info);
GPtrArray  *inbox_store_list_folders_sync           (InboxStore  *self,
                                                     const char  *account,
                                                     GError     **error);

/* Mailboxes: "inbox", "sent", "drafts", "trash", "junk" (or "spam"), "archive", "all", "folder:ID". */
gboolean    inbox_store_is_valid_mailbox            (const char  *mailbox);
GPtrArray  *inbox_store_list_conversations_sync     (InboxStore  *self,
                                                     const char  *mailbox,
                                                     guint        offset,
                                                     guint        limit,
                                                     GError     **error);
GPtrArray  *inbox_store_list_conversations_after_sync (InboxStore *self,
                                                       const char *mailbox,
                                                       gint64      key,
                                                       gint64      conversation_id,
                                                       guint       limit,
                                                       GError    **error);
gint64      inbox_store_count_conversations_before_sync (InboxStore *self,
                                                         const char *mailbox,
                                                         gint64      key,
                                                         gint64      conversation_id,
                                                         GError    **error);
/* A row of a mailbox's list: it sorts by key (last activity) descending, then id descending. */
typedef struct {
  gint64 key;
  gint64 conversation_id;
} InboxConversationKey;

GArray     *inbox_store_list_conversation_keys_sync (InboxStore  *self,
                                                     const char  *mailbox,
                                                     GError     **error);
gint64      inbox_store_count_conversations_sync    (InboxStore  *self,
                                                     const char  *mailbox,
                                                     GError     **error);
/* How many conversations of a mailbox have unread mail (the sidebar's badge). */
gint64      inbox_store_count_unread_sync           (InboxStore  *self,
                                                     const char  *mailbox,
                                                     GError     **error);
GPtrArray  *inbox_store_get_messages_sync           (InboxStore  *self,
                                                     gint64       conversation_id,
                                                     GError     **error);
GStrv       inbox_store_get_message_ids_sync        (InboxStore  *self,
                                                     gint64       conversation_id,
                                                     GError     **error);
GPtrArray  *inbox_store_search_sync                 (InboxStore  *self,
                                                     const char  *text,
                                                     guint        offset,
                                                     guint        limit,
                                                     GError     **error);
GStrv       inbox_store_complete_address_sync       (InboxStore  *self,
                                                     const char  *prefix,
                                                     guint        limit,
                                                     GError     **error);
gboolean    inbox_store_get_stats_sync              (InboxStore       *self,
                                                     InboxStoreStats  *stats,
                                                     GError          **error);
gboolean    inbox_store_set_conversation_flags_sync (InboxStore  *self,
                                                     gint64       conversation_id,
                                                     guint        set,
                                                     guint        clear,
                                                     GError     **error);

gboolean    inbox_store_move_conversation_to_folder_sync (InboxStore *self,
                                                          gint64      conversation_id,
                                                          const char *folder_path,
                                                          GError    **error);
gboolean    inbox_store_copy_conversation_to_folder_sync (InboxStore *self,
                                                          gint64      conversation_id,
                                                          const char *folder_path,
                                                          GError    **error);
gboolean    inbox_store_delete_conversation_sync    (InboxStore  *self,
                                                     gint64       conversation_id,
                                                     GError     **error);
gboolean    inbox_store_set_folder_role_sync        (InboxStore  *self,
                                                     const char  *account,
                                                     const char  *folder_path,
                                                     const char  *role,
                                                     GError     **error);
gboolean    inbox_store_move_conversation_sync      (InboxStore  *self,
                                                     gint64       conversation_id,
                                                     const char  *role,
                                                     GError     **error);
gboolean    inbox_store_move_conversation_back_sync (InboxStore  *self,
                                                     gint64       conversation_id,
                                                     const char  *from_role,
                                                     GError     **error);

void        inbox_store_set_background              (InboxStore  *self);
void        inbox_thread_set_background             (void);

G_END_DECLS
