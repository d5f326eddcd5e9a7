/* inbox-rich-editor.h: the composer's rich-text body (bold, italic, lists, links, quotes).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>
#include <webkit/webkit.h>

G_BEGIN_DECLS

#define INBOX_TYPE_RICH_EDITOR (inbox_rich_editor_get_type ())

G_DECLARE_FINAL_TYPE (InboxRichEditor, inbox_rich_editor, INBOX, RICH_EDITOR, GtkWidget)

void           inbox_rich_editor_set_body     (InboxRichEditor *self,
                                               const char      *body_html);
char          *inbox_rich_editor_dup_html     (InboxRichEditor *self);
const char    *inbox_rich_editor_get_text     (InboxRichEditor *self);
void           inbox_rich_editor_insert_image (InboxRichEditor *self,
                                               GBytes          *data,
                                               const char      *mime_type);
gboolean       inbox_rich_editor_is_ready     (InboxRichEditor *self);
WebKitWebView *inbox_rich_editor_get_web_view (InboxRichEditor *self);

G_END_DECLS
