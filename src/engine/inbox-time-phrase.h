/* inbox-time-phrase.h: "tomorrow morning", "in 3 weekdays", "Friday at noon" → a time. Send later
 * uses it, and snooze will.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define INBOX_TIME_ERROR (inbox_time_error_quark ())

typedef enum {
  INBOX_TIME_ERROR_UNKNOWN,  /* not a phrase we understand */
  INBOX_TIME_ERROR_PAST,     /* understood, but already past */
} InboxTimeError;

GQuark inbox_time_error_quark (void);

typedef enum {
  INBOX_TIME_LATER_TODAY,     /* now + 3 h */
  INBOX_TIME_THIS_AFTERNOON,  /* 13:00 */
  INBOX_TIME_THIS_EVENING,    /* 19:00 */
  INBOX_TIME_TOMORROW,        /* tomorrow 08:00 */
  INBOX_TIME_THIS_WEEKEND,    /* Saturday 10:00 */
  INBOX_TIME_NEXT_WEEK,       /* Monday 08:00 */
} InboxTimePreset;

GDateTime *inbox_time_preset_resolve (InboxTimePreset   preset,
                                      GDateTime        *now);
GDateTime *inbox_time_parse          (const char       *text,
                                      GDateTime        *now,
                                      GError          **error);

G_END_DECLS
