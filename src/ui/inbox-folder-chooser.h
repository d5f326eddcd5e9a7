/* inbox-folder-chooser.h: pick a folder to move conversations to, or to label them with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_FOLDER_CHOOSER (inbox_folder_chooser_get_type ())

G_DECLARE_FINAL_TYPE (InboxFolderChooser, inbox_folder_chooser, INBOX, FOLDER_CHOOSER, AdwWindow)

InboxFolderChooser *inbox_folder_chooser_new (GtkWindow        *parent,
                                              InboxMailService *service);

G_END_DECLS
