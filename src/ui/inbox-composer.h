/* inbox-composer.h: the window a message is written in.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_COMPOSER (inbox_composer_get_type ())

G_DECLARE_FINAL_TYPE (InboxComposer, inbox_composer, INBOX, COMPOSER, AdwWindow)

InboxComposer *inbox_composer_new            (GtkApplication     *app,
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

G_END_DECLS
