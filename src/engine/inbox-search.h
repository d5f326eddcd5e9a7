/* inbox-search.h: the search query language, compiled to FTS5 and SQL.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INBOX_SEARCH_ERROR (inbox_search_error_quark ())

typedef enum {
  INBOX_SEARCH_ERROR_INVALID,
} InboxSearchError;

GQuark inbox_search_error_quark (void);

/* Indexed in the filenames column of every message with a real attachment, so that FTS5 itself
 * intersects has:attachment with the words searched for (a SQL filter after FTS cost 40 ms). */
#define INBOX_SEARCH_ATTACHMENT_MARKER "inboxhasattachment"

/* Full-text rows are keyed by date: messages.search_key = date × this + a sequence within the
 * second (migration 013-search-key.sql), so FTS5's rowid order is date order. */
#define INBOX_SEARCH_KEYS_PER_SECOND G_GINT64_CONSTANT (1048576)
/* Dates beyond ±2^42 s (139,000 years: a broken Date header) are keyed as that date, so that the
 * product stays an integer. */
#define INBOX_SEARCH_KEY_MAX_DATE G_GINT64_CONSTANT (4398046511103)

typedef struct _InboxSearchQuery InboxSearchQuery;

InboxSearchQuery *inbox_search_query_parse     (const char        *text,
                                                gint64             now,
                                                GError           **error);
void              inbox_search_query_free      (InboxSearchQuery  *query);
const char       *inbox_search_query_get_match (InboxSearchQuery  *query);
gboolean          inbox_search_query_is_ranked (InboxSearchQuery  *query);
const char       *inbox_search_query_get_where (InboxSearchQuery  *query);
GPtrArray        *inbox_search_query_get_bindings (InboxSearchQuery *query);
void              inbox_search_query_get_key_range (InboxSearchQuery *query,
                                                    gint64           *first,
                                                    gint64           *last);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (InboxSearchQuery, inbox_search_query_free)

G_END_DECLS
