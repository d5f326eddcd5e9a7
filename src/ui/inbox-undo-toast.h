/* inbox-undo-toast.h: "Sending…" or "Draft discarded" in the main window, with Undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "inbox-engine.h"
#include "inbox-mail-service.h"

G_BEGIN_DECLS

void inbox_undo_toast_show (GtkApplication   *app,
                            InboxMailService *service,
                            const char       *text,
                            guint             timeout,
                            gint64            outbox_id,
                            InboxDraft       *draft);

G_END_DECLS
