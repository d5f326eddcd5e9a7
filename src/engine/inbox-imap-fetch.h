/* inbox-imap-fetch.h: a second, minimal IMAP connection that fetches many bodies in one command.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-account.h"

G_BEGIN_DECLS

typedef struct _InboxImapFetch InboxImapFetch;

/* What EXAMINE tells of a folder. highest_modseq is 0 when the server lacks CONDSTORE. */
typedef struct {
  guint32 uidvalidity;
  guint32 uidnext;
  guint32 exists;
  guint64 highest_modseq;
} InboxImapFolderState;

/* Called for each message as it arrives; FALSE (with an error) stops the fetch. */
typedef gboolean (*InboxImapMessageFunc) (gint64    uid,
                                          guint     flags,
                                          gint64    internal_date,
                                          GBytes   *message,
                                          gpointer  user_data,
                                          GError  **error);

InboxImapFetch *inbox_imap_fetch_connect_sync (const InboxAccountConfig  *config,
                                               const char                *password,
                                               GCancellable              *cancellable,
                                               GError                   **error);
gboolean        inbox_imap_fetch_examine_sync (InboxImapFetch            *self,
                                               const char                *mailbox,
                                               InboxImapFolderState      *state,
                                               GCancellable              *cancellable,
                                               GError                   **error);
gboolean        inbox_imap_fetch_search_sync  (InboxImapFetch            *self,
                                               const char                *range,
                                               GHashTable                *present,
                                               GCancellable              *cancellable,
                                               GError                   **error);
gboolean        inbox_imap_fetch_list_sync    (InboxImapFetch            *self,
                                               const char                *range,
                                               guint64                    changed_since,
                                               GArray                    *uids,
                                               GHashTable                *flags,
                                               GHashTable                *dates,
                                               GCancellable              *cancellable,
                                               GError                   **error);
gboolean        inbox_imap_fetch_bodies_sync  (InboxImapFetch            *self,
                                               GArray                    *uids,
                                               InboxImapMessageFunc       func,
                                               gpointer                   user_data,
                                               GCancellable              *cancellable,
                                               GError                   **error);
gboolean        inbox_imap_fetch_newest_sync  (InboxImapFetch            *self,
                                               guint32                    exists,
                                               guint                      count,
                                               InboxImapMessageFunc       func,
                                               gpointer                   user_data,
                                               GCancellable              *cancellable,
                                               GError                   **error);
gboolean        inbox_imap_fetch_can_name     (const char                *mailbox);
void            inbox_imap_fetch_close        (InboxImapFetch            *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxImapFetch, inbox_imap_fetch_close)

G_END_DECLS
