/* store-fixture.h: a fresh mail store in a temp dir, fed real RFC 5322 text through the importer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-engine.h"

typedef struct {
  char *dir;
  char *db_path;
  char *maildir;
  InboxStore *store;
  guint counter;
  GPtrArray *changes;  /* InboxStoreChange* copies, from the "changed" signal */
} Fixture;

void       store_fixture_set_up    (Fixture *fixture, gconstpointer data);
void       store_fixture_tear_down (Fixture *fixture, gconstpointer data);
void       store_fixture_open      (Fixture *fixture);
void       remove_tree             (const char *path);
void       drain_main_context      (void);
void       store_fixture_write     (Fixture *fixture, const char *folder, gboolean seen, const char *text);
void       store_fixture_import    (Fixture *fixture);
void       deliver                 (Fixture *fixture, const char *folder, gboolean seen, const char *text);
GPtrArray *list                    (Fixture *fixture, const char *mailbox);
gint64     conversation_of         (Fixture *fixture, const char *message_id);

/* A plain-text message; extra is more header lines, each ending in \n. */
#define MESSAGE(id, from, to, subject, date, extra) \
  "Message-ID: <" id ">\n" "From: " from "\n" "To: " to "\n" "Subject: " subject "\n" \
  "Date: " date "\n" extra "MIME-Version: 1.0\nContent-Type: text/plain; charset=utf-8\n\nBody of " id ".\n"

