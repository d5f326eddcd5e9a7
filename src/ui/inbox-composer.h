/* inbox-composer.h: where a message is written: in a window of its own or under its conversation.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_COMPOSER (inbox_composer_get_type ())

G_DECLARE_FINAL_TYPE (InboxComposer, inbox_composer, INBOX, COMPOSER, AdwBin)

InboxComposer *inbox_composer_open_draft     (GtkApplication     *app,
                                              InboxMailService   *service,
                                              const InboxDraft   *draft,
                                              const char         *draft_path);
void           inbox_composer_open_new       (GtkApplication     *app,
                                              InboxMailService   *service);
void           inbox_composer_open_mailto    (GtkApplication     *app,
                                              InboxMailService   *service,
                                              const char         *uri);
void           inbox_composer_open_reply     (GtkApplication     *app,
                                              InboxMailService   *service,
                                              gint64              conversation_id,
                                              InboxReplyKind      kind);
void           inbox_composer_open_forward_attachment (GtkApplication   *app,
                                                       InboxMailService *service,
                                                       gint64            conversation_id);
void           inbox_composer_restore_drafts (GtkApplication     *app,
                                              InboxMailService   *service);
void           inbox_composer_add_attachment (InboxComposer      *self,
                                              GFile              *file);
InboxDraft    *inbox_composer_dup_draft      (InboxComposer      *self);
const char    *inbox_composer_get_note       (InboxComposer      *self);
void           inbox_composer_close          (InboxComposer      *self);
void           inbox_composer_leave_conversation (InboxComposer  *self,
                                                  gboolean        always_keep);
gboolean       inbox_composer_is_inline      (InboxComposer      *self);

G_END_DECLS
