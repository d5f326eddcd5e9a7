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

gsize inbox_text_find_quoted_tail (const char *text);
char *inbox_html_from_text    (const char *text);

typedef struct {
  guint remote;    /* references that would load from the network */
  guint trackers;  /* tracking pixels removed */
} InboxHtmlReport;

/* A whole document for the reader's web view: the mail's HTML under a Content-Security-Policy
 * that blocks script, forms and (unless allow_remote) every remote load, minus tracking pixels. */
char *inbox_html_prepare_for_display (const char      *html,
                                      gboolean         allow_remote,
                                      InboxHtmlReport *report);

G_END_DECLS
