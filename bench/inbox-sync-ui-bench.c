/* inbox-sync-ui-bench.c: the real app's window while its first sync runs: how late the main loop
 * answers a timer that wants it every 10 ms, from the first batch the sync stores until the sync
 * is done (the app's start and first frame are measured by inbox-gui-bench).
 *
 *   inbox-sync-ui-bench
 *
 * Runs inside inbox-fixture --imap --smtp --keyring --xvfb --seed-maildir DIR, with the fixture's
 * account already added (inbox-cli account add) but not synced. Prints one JSON object: the sync's
 * seconds (from the app's start until the account's status is idle again), the longest stall of
 * the main loop, how many stalls passed 100 ms, and the stalls' time in all (each stall counted
 * beyond the 10 ms it was due in).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>

#include "inbox-application.h"

#define TICK_MS 10

static gint64 started_us;
static gint64 last_tick_us;
static gint64 longest_us;
static gint64 stalled_us;
static guint stalls_over_100ms;
static gboolean seen_syncing;
static guint ticker;

static gboolean
tick (gpointer user_data)
{
  gint64 now = g_get_monotonic_time ();
  gint64 late = now - last_tick_us - TICK_MS * 1000;

  if (late > 0)
    {
      longest_us = MAX (longest_us, late);
      stalled_us += late;
      if (late > 100 * 1000)
        stalls_over_100ms++;
      /* To find what a long stall was (with perf record -k CLOCK_MONOTONIC): where it lay. */
      if (late > 100 * 1000 && g_getenv ("INBOX_BENCH_TRACE") != NULL)
        g_printerr ("stall %.1f ms from %.6f to %.6f s (monotonic)\n", late / 1000.0,
                    (last_tick_us + TICK_MS * 1000) / 1e6, now / 1e6);
    }
  last_tick_us = now;
  return G_SOURCE_CONTINUE;
}

static void
account_status (InboxMailService *service,
                const char       *uid,
                gpointer          app)
{
  const char *message = NULL;
  InboxSyncStatus status = inbox_mail_service_get_status (service, uid, &message);

  if (status == INBOX_SYNC_STATUS_SYNCING)
    {
      const char *folder;
      guint done, total;

      seen_syncing = TRUE;
      /* The first batch is on its way to the store: the window's part begins. */
      if (ticker == 0 && inbox_mail_service_get_progress (service, uid, &folder, &done, &total))
        {
          last_tick_us = g_get_monotonic_time ();
          /* Above the default priority, as input and drawing are. */
          ticker = g_timeout_add_full (G_PRIORITY_HIGH, TICK_MS, tick, NULL, NULL);
        }
      return;
    }
  if (!seen_syncing)
    return;
  if (status != INBOX_SYNC_STATUS_IDLE)
    g_printerr ("inbox-sync-ui-bench: the sync ended with status %d: %s\n", status, message != NULL ? message : "");
  printf ("{\"sync_s\": %.2f, \"longest_stall_ms\": %.1f, \"stalls_over_100ms\": %u, \"stalled_ms\": %.1f, "
          "\"status\": %d}\n",
          (g_get_monotonic_time () - started_us) / 1e6, longest_us / 1000.0, stalls_over_100ms, stalled_us / 1000.0,
          status);
  fflush (stdout);
  g_application_quit (G_APPLICATION (app));
}

static void
on_activate (GApplication *app)
{
  InboxMailService *service = inbox_application_get_service (INBOX_APPLICATION (app));

  if (service == NULL)
    {
      g_printerr ("inbox-sync-ui-bench: the store could not be opened\n");
      g_application_quit (app);
      return;
    }
  g_signal_connect (service, "account-status", G_CALLBACK (account_status), app);
  g_signal_connect (service, "account-progress", G_CALLBACK (account_status), app);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(InboxApplication) app = NULL;

  started_us = g_get_monotonic_time ();
  g_set_prgname ("inbox-sync-ui-bench");
  app = inbox_application_new ();
  g_signal_connect_after (app, "activate", G_CALLBACK (on_activate), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
