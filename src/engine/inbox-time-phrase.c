/* inbox-time-phrase.c: "tomorrow morning", "in 3 weekdays", "Friday at noon" → a time.
 *
 * Times of day are wall-clock times in now's time zone, so "tomorrow at 8" is 08:00 even across a
 * DST change; durations in minutes and hours are real elapsed time ("in 2 hours" across the spring
 * change shows 3 hours later on the clock), days and weeks keep the time of day. A wall-clock time
 * that does not exist (inside the spring gap) becomes the first one that does.
 *
 * Decisions where English is ambiguous:
 *  - "Friday" and "next Friday" both mean the first Friday after today (on a Friday: a week on).
 *  - A bare time ("at 5pm") is today, or tomorrow once today's has passed; "today at 5pm" after
 *    five is an error instead, as is any other explicit day that has passed.
 *  - morning 08:00, noon 12:00, afternoon 13:00, evening and tonight 19:00, night 21:00; a day with
 *    no time is its morning, a weekend day 10:00.
 *  - A preset already past today (This afternoon at 14:00) moves to its next valid time (tomorrow
 *    13:00); This weekend on a Saturday after 10:00 is Sunday 10:00, on a Sunday after 10:00 the
 *    next Saturday; Next week is always the coming Monday.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-time-phrase.h"

G_DEFINE_QUARK (inbox-time-error-quark, inbox_time_error)

/* The wall-clock time hour:minute on the day `days` after now's, in now's zone. */
static GDateTime *
wall_clock (GDateTime *now,
            int        days,
            int        hour,
            int        minute)
{
  g_autoptr(GDateTime) day = g_date_time_add_days (now, days);
  g_autoptr(GTimeZone) zone = g_time_zone_ref (g_date_time_get_timezone (now));

  return g_date_time_new (zone, g_date_time_get_year (day), g_date_time_get_month (day),
                          g_date_time_get_day_of_month (day), hour, minute, 0);
}

static int
days_until_weekday (GDateTime *now,
                    int        weekday,  /* 1 Monday … 7 Sunday */
                    gboolean   allow_today)
{
  int days = (weekday - g_date_time_get_day_of_week (now) + 7) % 7;

  return days == 0 && !allow_today ? 7 : days;
}

static gboolean
is_after (GDateTime *a,
          GDateTime *b)
{
  return g_date_time_compare (a, b) > 0;
}

GDateTime *
inbox_time_preset_resolve (InboxTimePreset  preset,
                           GDateTime       *now)
{
  GDateTime *result = NULL;
  int weekday = g_date_time_get_day_of_week (now);

  g_return_val_if_fail (now != NULL, NULL);

  switch (preset)
    {
    case INBOX_TIME_LATER_TODAY:
      {
        g_autoptr(GDateTime) later = g_date_time_add_hours (now, 3);

        return g_date_time_add_seconds (later, -g_date_time_get_seconds (later));
      }
    case INBOX_TIME_THIS_AFTERNOON:
    case INBOX_TIME_THIS_EVENING:
      {
        int hour = preset == INBOX_TIME_THIS_AFTERNOON ? 13 : 19;

        result = wall_clock (now, 0, hour, 0);
        if (!is_after (result, now))
          {
            g_date_time_unref (result);
            result = wall_clock (now, 1, hour, 0);
          }
        return result;
      }
    case INBOX_TIME_TOMORROW:
      return wall_clock (now, 1, 8, 0);
    case INBOX_TIME_THIS_WEEKEND:
      result = wall_clock (now, days_until_weekday (now, 6, TRUE), 10, 0);
      if (!is_after (result, now))
        {
          g_date_time_unref (result);
          /* Saturday after 10: Sunday; Sunday after 10: the next Saturday. */
          result = wall_clock (now, weekday == 6 ? 1 : days_until_weekday (now, 6, FALSE), 10, 0);
        }
      return result;
    case INBOX_TIME_NEXT_WEEK:
      return wall_clock (now, days_until_weekday (now, 1, FALSE), 8, 0);
    default:
      g_return_val_if_reached (NULL);
    }
}

/* --- phrases -------------------------------------------------------------------------------- */

static const char * const weekday_names[] = { "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday" };
static const char * const number_words[] = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                                             "ten", "eleven", "twelve" };

static int
parse_weekday (const char *word)
{
  for (int i = 0; i < 7; i++)
    {
      gsize len = strlen (word);

      /* "fri", "tues", "thurs", "wed": any prefix of three letters or more */
      if (len >= 3 && strncmp (weekday_names[i], word, len) == 0)
        return i + 1;
    }
  return 0;
}

static int
parse_count (const char *word)
{
  char *end = NULL;
  gint64 value;

  if (g_str_equal (word, "a") || g_str_equal (word, "an"))
    return 1;
  for (gsize i = 0; i < G_N_ELEMENTS (number_words); i++)
    if (g_str_equal (word, number_words[i]))
      return (int) i;
  value = g_ascii_strtoll (word, &end, 10);
  if (end == word || *end != '\0' || value < 0 || value > 10000)
    return -1;
  return (int) value;
}

/* "3", "3pm", "3:30", "15:30", "3:30pm", with an optional following "am"/"pm" word, or a named time. */
static gboolean
parse_clock (char     **words,
             guint     *index,
             gboolean   after_at,
             int       *hour,
             int       *minute)
{
  static const struct { const char *name; int hour; } named[] = {
    { "noon", 12 }, { "midday", 12 }, { "midnight", 0 }, { "morning", 8 }, { "afternoon", 13 },
    { "evening", 19 }, { "tonight", 19 }, { "night", 21 }, { "eod", 17 },
  };
  g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{1,2})(?:[:.h]([0-9]{2}))?(am|pm|a\\.m\\.|p\\.m\\.)?$", 0, 0, NULL);
  g_autoptr(GMatchInfo) match = NULL;
  const char *word = words[*index];
  g_autofree char *h = NULL, *m = NULL, *suffix = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (named); i++)
    if (g_str_equal (word, named[i].name))
      {
        *hour = named[i].hour;
        *minute = 0;
        (*index)++;
        return TRUE;
      }
  if (!g_regex_match (regex, word, 0, &match))
    return FALSE;
  h = g_match_info_fetch (match, 1);
  m = g_match_info_fetch (match, 2);
  suffix = g_match_info_fetch (match, 3);
  if ((suffix == NULL || *suffix == '\0') && words[*index + 1] != NULL &&
      (g_str_equal (words[*index + 1], "am") || g_str_equal (words[*index + 1], "pm")))
    {
      g_free (suffix);
      suffix = g_strdup (words[*index + 1]);
      (*index)++;
    }
  /* A lone number is a time only after "at" or with minutes or am/pm: "in 3 days" is not 3 o'clock. */
  if (!after_at && (m == NULL || *m == '\0') && (suffix == NULL || *suffix == '\0'))
    return FALSE;
  *hour = atoi (h);
  *minute = m != NULL && *m != '\0' ? atoi (m) : 0;
  if (*minute > 59 || *hour > 23)
    return FALSE;
  if (suffix != NULL && *suffix != '\0')
    {
      if (*hour < 1 || *hour > 12)
        return FALSE;
      *hour = (*hour % 12) + (suffix[0] == 'p' ? 12 : 0);
    }
  (*index)++;
  return TRUE;
}

static GDateTime *
add_weekdays (GDateTime *now,
              int        count)
{
  GDateTime *day = g_date_time_ref (now);

  while (count > 0)
    {
      GDateTime *next = g_date_time_add_days (day, 1);

      g_date_time_unref (day);
      day = next;
      if (g_date_time_get_day_of_week (day) <= 5)
        count--;
    }
  return day;
}

static GDateTime *
parse_duration (char     **words,
                GDateTime *now)
{
  int count = words[0] != NULL ? parse_count (words[0]) : -1;
  const char *unit = count >= 0 ? words[1] : NULL;

  if (unit == NULL)
    return NULL;
  /* "business days" is one unit */
  if (g_str_equal (unit, "business") && words[2] != NULL && g_str_has_prefix (words[2], "day"))
    {
      unit = "weekdays";
      words++;
    }
  if (words[2] != NULL)
    return NULL;
  if (g_str_equal (unit, "m") || g_str_has_prefix (unit, "min"))
    return g_date_time_add_minutes (now, count);
  if (g_str_equal (unit, "h") || g_str_equal (unit, "hr") || g_str_equal (unit, "hrs") || g_str_has_prefix (unit, "hour"))
    return g_date_time_add_hours (now, count);
  if (g_str_equal (unit, "d") || g_str_equal (unit, "day") || g_str_equal (unit, "days"))
    return g_date_time_add_days (now, count);
  if (g_str_equal (unit, "w") || (g_str_has_prefix (unit, "week") && !g_str_has_prefix (unit, "weekday")))
    return g_date_time_add_weeks (now, count);
  if (g_str_has_prefix (unit, "weekday"))
    return add_weekdays (now, count);
  if (g_str_has_prefix (unit, "month"))
    return g_date_time_add_months (now, count);
  return NULL;
}

static GDateTime *
unknown (const char  *text,
         GError     **error)
{
  g_set_error (error, INBOX_TIME_ERROR, INBOX_TIME_ERROR_UNKNOWN,
               "“%s” is not a time Inbox understands. Try “tomorrow at 9am”, “Friday at noon” or “in 2 hours”.", text);
  return NULL;
}

/* Parses a phrase relative to now. The result is always after now (or NULL with an error). */
GDateTime *
inbox_time_parse (const char  *text,
                  GDateTime   *now,
                  GError     **error)
{
  static const struct { const char *phrase; InboxTimePreset preset; } presets[] = {
    { "later today", INBOX_TIME_LATER_TODAY }, { "later", INBOX_TIME_LATER_TODAY },
    { "this afternoon", INBOX_TIME_THIS_AFTERNOON }, { "afternoon", INBOX_TIME_THIS_AFTERNOON },
    { "this evening", INBOX_TIME_THIS_EVENING }, { "evening", INBOX_TIME_THIS_EVENING }, { "tonight", INBOX_TIME_THIS_EVENING },
    { "tomorrow", INBOX_TIME_TOMORROW }, { "this weekend", INBOX_TIME_THIS_WEEKEND }, { "weekend", INBOX_TIME_THIS_WEEKEND },
    { "next week", INBOX_TIME_NEXT_WEEK },
  };
  g_autofree char *lower = NULL;
  g_auto(GStrv) raw = NULL;
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autoptr(GDateTime) result = NULL;
  g_autoptr(GTimeZone) zone = NULL;
  int day_offset = -1, hour = -1, minute = 0, default_hour = 8;
  gboolean explicit_day = FALSE;
  guint i = 0;

  g_return_val_if_fail (text != NULL && now != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL) || strlen (text) > 200)
    return unknown ("…", error);
  lower = g_utf8_strdown (text, -1);
  g_strdelimit (lower, ",;", ' ');
  g_strstrip (lower);
  for (gsize p = 0; p < G_N_ELEMENTS (presets); p++)
    if (g_str_equal (lower, presets[p].phrase))
      return inbox_time_preset_resolve (presets[p].preset, now);

  /* An absolute time: 2026-12-24, 2026-12-24T08:00 or 2026-12-24 08:00. */
  zone = g_time_zone_ref (g_date_time_get_timezone (now));
  {
    g_autoptr(GRegex) regex = g_regex_new ("^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[t ]([0-9]{1,2}):([0-9]{2}))?$", 0, 0, NULL);
    g_autoptr(GMatchInfo) match = NULL;

    if (g_regex_match (regex, lower, 0, &match))
      {
        int parts[5] = { 0, 0, 0, default_hour, 0 };

        for (int p = 0; p < 5; p++)
          {
            g_autofree char *part = g_match_info_fetch (match, p + 1);

            if (part != NULL && *part != '\0')
              parts[p] = atoi (part);
          }
        result = g_date_time_new (zone, parts[0], parts[1], parts[2], parts[3], parts[4], 0);
        if (result == NULL)
          return unknown (text, error);
      }
  }

  raw = g_strsplit (lower, " ", -1);
  for (gsize w = 0; raw[w] != NULL; w++)
    if (*raw[w] != '\0')
      g_ptr_array_add (words, raw[w]);
  g_ptr_array_add (words, NULL);
  char **word = (char **) words->pdata;

  if (result == NULL && word[0] != NULL && g_str_equal (word[0], "in"))
    {
      result = parse_duration (word + 1, now);
      if (result == NULL)
        return unknown (text, error);
    }

  while (result == NULL && word[i] != NULL)
    {
      gboolean at = FALSE;
      int weekday;

      if (g_str_equal (word[i], "on") || g_str_equal (word[i], "this") || g_str_equal (word[i], "next") ||
          g_str_equal (word[i], "coming"))
        {
          gboolean next = g_str_equal (word[i], "next");

          i++;
          if (word[i] != NULL && g_str_equal (word[i], "week") && next && day_offset < 0)
            {
              day_offset = days_until_weekday (now, 1, FALSE), explicit_day = TRUE, i++;
              continue;
            }
          if (word[i] != NULL && g_str_equal (word[i], "weekend") && day_offset < 0)
            {
              day_offset = days_until_weekday (now, 6, !next), default_hour = 10, explicit_day = TRUE, i++;
              continue;
            }
          if (word[i] != NULL && (g_str_equal (word[i], "morning") || g_str_equal (word[i], "afternoon") ||
                                  g_str_equal (word[i], "evening")) && !next)
            continue;  /* "this morning": the named time, today */
          if (word[i] == NULL || parse_weekday (word[i]) == 0)
            return unknown (text, error);
        }
      if (word[i] == NULL)
        break;
      if ((weekday = parse_weekday (word[i])) > 0 && day_offset < 0)
        {
          day_offset = days_until_weekday (now, weekday, FALSE), explicit_day = TRUE, i++;
          if (weekday >= 6)
            default_hour = 10;
          continue;
        }
      if (g_str_equal (word[i], "today") && day_offset < 0)
        {
          day_offset = 0, explicit_day = TRUE, i++;
          continue;
        }
      if ((g_str_equal (word[i], "tomorrow") || g_str_equal (word[i], "tmrw") || g_str_equal (word[i], "tmr")) &&
          day_offset < 0)
        {
          day_offset = 1, explicit_day = TRUE, i++;
          continue;
        }
      if (g_str_equal (word[i], "tonight") && day_offset < 0 && hour < 0)
        {
          day_offset = 0, hour = 19, explicit_day = TRUE, i++;
          continue;
        }
      if (g_str_equal (word[i], "at") || g_str_equal (word[i], "@"))
        at = TRUE, i++;
      if (word[i] != NULL && hour < 0 && parse_clock (word, &i, at, &hour, &minute))
        continue;
      return unknown (text, error);
    }

  if (result == NULL)
    {
      if (hour < 0 && day_offset < 0)
        return unknown (text, error);
      result = wall_clock (now, MAX (day_offset, 0), hour >= 0 ? hour : default_hour, hour >= 0 ? minute : 0);
      if (!is_after (result, now) && !explicit_day)
        {
          g_date_time_unref (result);
          result = wall_clock (now, 1, hour, minute);
        }
    }
  if (result == NULL)
    return unknown (text, error);
  if (!is_after (result, now))
    {
      g_set_error (error, INBOX_TIME_ERROR, INBOX_TIME_ERROR_PAST, "“%s” has already passed", text);
      return NULL;
    }
  return g_steal_pointer (&result);
}
