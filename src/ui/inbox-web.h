/* inbox-web.h: how every web view of ours is set up — the reader's and the composer's.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <webkit/webkit.h>

G_BEGIN_DECLS

WebKitWebView *inbox_web_view_new_locked (void);

G_END_DECLS
