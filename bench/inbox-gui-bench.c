/* inbox-gui-bench.c: the real app, started on a store of many conversations under Xvfb: how long
 * from the process's start to the first frame that shows conversations, and the app's peak RSS
 * after scrolling through the whole list (WebKit's own processes are not counted).
 *
 *   inbox-gui-bench START_NS     (START_NS: CLOCK_MONOTONIC when the process was spawned, in ns)
 *
 * Prints one JSON object. bench/run runs it inside inbox-fixture --keyring --xvfb, with the
 * benchmark's store copied into the fixture's XDG_DATA_HOME.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <stdio.h>
#include <stdlib.h>

#include "inbox-application.h"
#include "inbox-window.h"

static gint64 start_us;
static gint64 main_us;         /* when main() began: what comes before is loading the libraries */
static gint64 realized_us;     /* when the window was realized: what comes before is startup */
static gint64 first_frame_us = -1;
static guint jumps;
static guint first_frame_rows;  /* what the list view had then: the window lets rows in a page at a time */
static GtkWidget *list_view;

static long
peak_rss_kib (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) || (line = strstr (status, "VmHWM:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmHWM:"), NULL, 10);
}

static GtkAdjustment *
vadjustment (void)
{
  return gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));
}

/* 400 jumps spread over the whole list, each drawn: every part of it is paged in once. */
static gboolean
scroll_tick (GtkWidget     *widget,
             GdkFrameClock *clock,
             gpointer       user_data)
{
  GtkAdjustment *adjustment = vadjustment ();
  double upper = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  if (jumps++ < 400)
    {
      gtk_adjustment_set_value (adjustment, upper * jumps / 400.0);
      return G_SOURCE_CONTINUE;
    }
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list_view)));

  printf ("{\"conversations\": %u, \"first_frame_rows\": %u, \"first_frame_ms\": %.1f, \"main_ms\": %.1f, "
          "\"window_realized_ms\": %.1f, \"peak_rss_mib\": %.1f}\n",
          g_list_model_get_n_items (model), first_frame_rows, (first_frame_us - start_us) / 1000.0,
          (main_us - start_us) / 1000.0, (realized_us - start_us) / 1000.0, peak_rss_kib () / 1024.0);
  fflush (stdout);
  g_application_quit (G_APPLICATION (user_data));
  return G_SOURCE_REMOVE;
}

static void
after_paint (GdkFrameClock *clock,
             gpointer       user_data)
{
  GtkSelectionModel *model;

  if (first_frame_us >= 0 || list_view == NULL || !gtk_widget_get_mapped (list_view))
    return;
  model = gtk_list_view_get_model (GTK_LIST_VIEW (list_view));
  if (model == NULL || (first_frame_rows = g_list_model_get_n_items (G_LIST_MODEL (model))) == 0)
    return;
  first_frame_us = g_get_monotonic_time ();
  gtk_widget_add_tick_callback (list_view, scroll_tick, user_data, NULL);
}

static void
window_realized (GtkWidget *window,
                 gpointer   app)
{
  realized_us = g_get_monotonic_time ();
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (after_paint), app);
}

static void
on_window_added (GtkApplication *app,
                 GtkWindow      *window)
{
  list_view = GTK_WIDGET (inbox_window_get_list_view (INBOX_WINDOW (window)));
  g_signal_connect (window, "realize", G_CALLBACK (window_realized), app);
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(InboxApplication) app = NULL;

  main_us = g_get_monotonic_time ();
  if (argc != 2)
    {
      g_printerr ("usage: inbox-gui-bench START_NS\n");
      return 2;
    }
  start_us = g_ascii_strtoll (argv[1], NULL, 10) / 1000;
  g_set_prgname ("inbox-gui-bench");

  app = inbox_application_new ();
  g_signal_connect (app, "window-added", G_CALLBACK (on_window_added), NULL);
  return g_application_run (G_APPLICATION (app), 1, argv);
}
