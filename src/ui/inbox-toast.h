/* inbox-toast.h: toasts whose text is shown as written. AdwToast reads its title as Pango markup,
 * and error messages and subjects hold "<address>" and "&": unescaped, the toast would show
 * nothing (and GTK would warn). Every toast with text from outside goes through this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

static inline AdwToast *
inbox_toast_new_plain (const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  return adw_toast_new (escaped);
}
