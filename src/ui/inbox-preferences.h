/* inbox-preferences.h: accounts, reading and notification preferences.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-mail-service.h"

G_BEGIN_DECLS

#define INBOX_TYPE_PREFERENCES (inbox_preferences_get_type ())

G_DECLARE_FINAL_TYPE (InboxPreferences, inbox_preferences, INBOX, PREFERENCES, AdwPreferencesWindow)

InboxPreferences *inbox_preferences_new (GtkWindow        *parent,
                                         InboxMailService *service);

G_END_DECLS
