/* inbox-toast-pacer.h: puts toasts on an AdwToastOverlay without ever taking one away while it
 * slides in (see the .c for why).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define INBOX_TYPE_TOAST_PACER (inbox_toast_pacer_get_type ())
G_DECLARE_FINAL_TYPE (InboxToastPacer, inbox_toast_pacer, INBOX, TOAST_PACER, GObject)

InboxToastPacer *inbox_toast_pacer_new     (AdwToastOverlay *overlay);
void             inbox_toast_pacer_add     (InboxToastPacer *self,
                                            AdwToast        *toast);
void             inbox_toast_pacer_dismiss (InboxToastPacer *self,
                                            AdwToast        *toast);

G_END_DECLS
