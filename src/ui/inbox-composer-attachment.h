/* inbox-composer-attachment.h: a file attached in the composer: its name and size, and ×.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define INBOX_TYPE_COMPOSER_ATTACHMENT (inbox_composer_attachment_get_type ())

G_DECLARE_FINAL_TYPE (InboxComposerAttachment, inbox_composer_attachment, INBOX, COMPOSER_ATTACHMENT, GtkWidget)

GtkWidget  *inbox_composer_attachment_new      (const char              *path,
                                                goffset                  size);
const char *inbox_composer_attachment_get_path (InboxComposerAttachment *self);

G_END_DECLS
