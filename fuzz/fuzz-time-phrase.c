/* fuzz-time-phrase.c: libFuzzer target for Send later's time phrases. Any input gives a time after
 * "now" or an error, never both and never a crash, in a zone with DST.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-time-phrase.h"

int LLVMFuzzerTestOneInput (const guint8 *data, size_t size);

int
LLVMFuzzerTestOneInput (const guint8 *data,
                        size_t        size)
{
  g_autofree char *text = g_strndup ((const char *) data, size);
  g_autoptr(GTimeZone) zone = g_time_zone_new_identifier ("CET-1CEST,M3.5.0,M10.5.0/3");
  /* The night of the spring change, a Saturday: the hardest "now". */
  g_autoptr(GDateTime) now = g_date_time_new (zone, 2026, 3, 28, 23, 30, 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) result = inbox_time_parse (text, now, &error);

  g_assert_true ((result == NULL) != (error == NULL));
  if (result != NULL)
    g_assert_cmpint (g_date_time_compare (result, now), >, 0);
  return 0;
}
