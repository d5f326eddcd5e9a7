/* inbox-importer.h: .eml files, mbox files and Maildir folders into a local account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "inbox-store.h"

G_BEGIN_DECLS

#define INBOX_TYPE_IMPORTER (inbox_importer_get_type ())

G_DECLARE_FINAL_TYPE (InboxImporter, inbox_importer, INBOX, IMPORTER, GObject)

typedef struct {
  guint added;        /* new messages stored */
  guint duplicates;   /* already stored: at most a new folder location was added */
  guint malformed;    /* stored, with a parse-error note */
  guint failed;       /* could not be read at all (an unreadable file) */
} InboxImportStats;

InboxImporter          *inbox_importer_new        (InboxStore     *store,
                                                   const char     *account_name);
gboolean                inbox_importer_import     (InboxImporter  *self,
                                                   const char     *path,
                                                   GError        **error);
const InboxImportStats *inbox_importer_get_stats  (InboxImporter  *self);
const char             *inbox_folder_guess_role   (const char     *folder_name);

G_END_DECLS
