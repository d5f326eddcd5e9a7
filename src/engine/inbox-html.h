/* inbox-html.h: mail HTML as plain text (for the index and snippets), and snippets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

char *inbox_html_to_text      (const char *html);
char *inbox_text_make_snippet (const char *text,
                               gsize       max_chars);

G_END_DECLS
