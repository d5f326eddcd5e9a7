/* inbox-identity-editor.h: edit an identity (name, signature) or add an alias to an account.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_IDENTITY_EDITOR (inbox_identity_editor_get_type ())

G_DECLARE_FINAL_TYPE (InboxIdentityEditor, inbox_identity_editor, INBOX, IDENTITY_EDITOR, AdwWindow)

InboxIdentityEditor *inbox_identity_editor_new (GtkWindow            *parent,
                                                InboxMailService     *service,
                                                const char           *account_uid,
                                                const InboxIdentity  *identity);

G_END_DECLS
