/* inbox-composer-window.h: a window of its own for a composer.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "inbox-composer.h"

G_BEGIN_DECLS

#define INBOX_TYPE_COMPOSER_WINDOW (inbox_composer_window_get_type ())

G_DECLARE_FINAL_TYPE (InboxComposerWindow, inbox_composer_window, INBOX, COMPOSER_WINDOW, AdwWindow)

InboxComposerWindow *inbox_composer_window_new          (GtkApplication      *app,
                                                         InboxComposer       *composer);
InboxComposer       *inbox_composer_window_get_composer (InboxComposerWindow *self);

G_END_DECLS
