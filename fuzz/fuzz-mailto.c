/* fuzz-mailto.c: libFuzzer target for the mailto: parser. Any input gives a result and no crash,
 * leak or undefined behaviour; what it gives is always valid UTF-8 with no line break in a header.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-mailto.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

static void
check_header (const char *value)
{
  if (value == NULL)
    return;
  g_assert_true (g_utf8_validate (value, -1, NULL));
  g_assert_null (strpbrk (value, "\r\n"));
}

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *uri = g_strndup ((const char *) data, size);
  g_autoptr(InboxMailto) mailto = inbox_mailto_parse (uri);

  check_header (mailto->to);
  check_header (mailto->cc);
  check_header (mailto->bcc);
  check_header (mailto->subject);
  check_header (mailto->in_reply_to);
  g_assert_true (mailto->body == NULL || g_utf8_validate (mailto->body, -1, NULL));
  return 0;
}
