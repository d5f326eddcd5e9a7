/* inbox-folder-roles.h: which folder of each account is its Sent, Drafts, Archive, Trash and Spam.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_FOLDER_ROLES (inbox_folder_roles_get_type ())

G_DECLARE_FINAL_TYPE (InboxFolderRoles, inbox_folder_roles, INBOX, FOLDER_ROLES, AdwWindow)

InboxFolderRoles *inbox_folder_roles_new (GtkWindow        *parent,
                                          InboxMailService *service);

G_END_DECLS
