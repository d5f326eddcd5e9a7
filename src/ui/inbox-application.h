/* inbox-application.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_APPLICATION (inbox_application_get_type ())

G_DECLARE_FINAL_TYPE (InboxApplication, inbox_application, INBOX, APPLICATION, AdwApplication)

InboxApplication *inbox_application_new         (void);
InboxMailService *inbox_application_get_service (InboxApplication *self);
GSettings        *inbox_application_dup_settings       (void);
InboxSender      *inbox_application_get_default_sender (void);

G_END_DECLS
