/* inbox-draft-keeper.h: keeps what a composer holds — a local file within a second of each change,
 * and a copy in the account's Drafts folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_DRAFT_KEEPER (inbox_draft_keeper_get_type ())

G_DECLARE_FINAL_TYPE (InboxDraftKeeper, inbox_draft_keeper, INBOX, DRAFT_KEEPER, GObject)

/* What the composer holds now, and the account it goes from; NULL when nothing is worth keeping. */
typedef InboxDraft *(*InboxDraftSnapshot) (gpointer   owner,
                                           char     **account_uid);

InboxDraftKeeper *inbox_draft_keeper_new     (InboxMailService   *service,
                                              const char         *path,
                                              const InboxDraft   *restored,
                                              const char         *restored_account_uid,
                                              InboxDraftSnapshot  snapshot,
                                              gpointer            owner);
void              inbox_draft_keeper_changed (InboxDraftKeeper   *self);
void              inbox_draft_keeper_close   (InboxDraftKeeper   *self);
void              inbox_draft_keeper_finish  (InboxDraftKeeper   *self);
void              inbox_draft_keeper_detach  (InboxDraftKeeper   *self);

G_END_DECLS
