/* inbox-bench.c: times what a user waits for, on an existing store (XDG_DATA_HOME), in-process.
 *
 *   inbox-bench [--runs N]
 *
 * Prints one JSON document: for each figure, the median, min and max over the runs, in ms.
 * Not a test: bench/run drives it and writes docs/benchmarks.md.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <stdio.h>

#include "inbox-engine.h"

/* Twenty queries of the kinds people type: words, phrases, people, attachments, dates, mixes. */
static const char *queries[] = {
  "budget", "meeting", "\"quarterly report\"", "café", "from:ada", "from:hopper", "to:me", "subject:invoice",
  "has:attachment", "has:attachment report", "is:unread", "after:30d", "before:2024-06-01 release",
  "server -migration", "roadmap OR contract", "in:sent budget", "in:archive", "customer escalation",
  "filename:pdf", "münchen",
};

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y ? 1 : 0;
}

static double
percentile (GArray *samples,
            double  p)
{
  g_array_sort (samples, compare_doubles);
  return g_array_index (samples, double, (guint) MIN (samples->len - 1, p * samples->len));
}

static void
add_figure (JsonBuilder *builder,
            const char  *name,
            GArray      *samples)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "median_ms");
  json_builder_add_double_value (builder, percentile (samples, 0.5));
  json_builder_set_member_name (builder, "p95_ms");
  json_builder_add_double_value (builder, percentile (samples, 0.95));
  json_builder_set_member_name (builder, "min_ms");
  json_builder_add_double_value (builder, g_array_index (samples, double, 0));
  json_builder_set_member_name (builder, "max_ms");
  json_builder_add_double_value (builder, g_array_index (samples, double, samples->len - 1));
  json_builder_set_member_name (builder, "samples");
  json_builder_add_int_value (builder, samples->len);
  json_builder_end_object (builder);
}

static double
elapsed_ms (gint64 start)
{
  return (g_get_monotonic_time () - start) / 1000.0;
}

int
main (int    argc,
      char **argv)
{
  int runs = 15;
  const GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &runs, "Runs per figure (default 15)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GArray) open_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) first_page = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) middle_page = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) model_middle = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) scroll = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) keys_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) search = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) per_query = g_ptr_array_new_with_free_func ((GDestroyNotify) g_array_unref);
  g_autofree char *text = NULL;
  InboxStoreStats stats = { 0 };
  gint64 inbox_total;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || runs < 1)
    {
      g_printerr ("inbox-bench: %s\n", error != NULL ? error->message : "--runs must be positive");
      return 2;
    }

  for (int r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(InboxStore) probe = inbox_store_open (NULL, &error);
      if (probe == NULL)
        {
          g_printerr ("inbox-bench: %s\n", error->message);
          return 1;
        }
      g_array_append_val (open_ms, (double) { elapsed_ms (start) });
    }

  store = inbox_store_open (NULL, &error);
  inbox_store_get_stats_sync (store, &stats, NULL);
  inbox_total = inbox_store_count_conversations_sync (store, "inbox", NULL);

  for (int r = 0; r < runs; r++)
    {
      gint64 start = g_get_monotonic_time ();
      g_autoptr(InboxConversationList) model = inbox_conversation_list_new (store, "inbox", NULL);
      guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
      double ms;

      /* What the window needs for its first frame: the count and the first screenful. */
      for (guint i = 0; i < MIN (n, 50u); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
      ms = elapsed_ms (start);
      g_array_append_val (first_page, ms);

      start = g_get_monotonic_time ();
      g_ptr_array_unref (inbox_store_list_conversations_sync (store, "inbox", n / 2, 50, NULL));
      ms = elapsed_ms (start);
      g_array_append_val (middle_page, ms);

      /* Dragging the scrollbar to the middle: the model fetches that page cold. */
      start = g_get_monotonic_time ();
      for (guint i = n / 2; i < MIN (n, n / 2 + 50); i++)
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
      ms = elapsed_ms (start);
      g_array_append_val (model_middle, ms);

      /* What the list model reads on the main loop when a sync's commit moves many rows:
       * every (key, id) of the mailbox, to place the moves by binary search. */
      start = g_get_monotonic_time ();
      g_array_unref (inbox_store_list_conversation_keys_sync (store, "inbox", NULL));
      ms = elapsed_ms (start);
      g_array_append_val (keys_ms, ms);
    }

  /* Scrolling: the time per 100 rows while walking the whole unified inbox once. */
  {
    g_autoptr(InboxConversationList) model = inbox_conversation_list_new (store, "inbox", NULL);
    guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
    gint64 start = g_get_monotonic_time ();

    for (guint i = 0; i < n; i++)
      {
        g_object_unref (g_list_model_get_item (G_LIST_MODEL (model), i));
        if (i % 100 == 99)
          {
            double ms = elapsed_ms (start);
            g_array_append_val (scroll, ms);
            start = g_get_monotonic_time ();
          }
      }
  }

  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    g_ptr_array_add (per_query, g_array_new (FALSE, FALSE, sizeof (double)));
  for (int r = 0; r < MAX (3, runs / 3); r++)
    for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
      {
        gint64 start = g_get_monotonic_time ();
        g_autoptr(GPtrArray) results = inbox_store_search_sync (store, queries[q], 0, 50, &error);
        double ms = elapsed_ms (start);

        if (results == NULL)
          {
            g_printerr ("inbox-bench: query “%s”: %s\n", queries[q], error->message);
            return 1;
          }
        g_array_append_val (search, ms);
        g_array_append_val (per_query->pdata[q], ms);
      }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "messages");
  json_builder_add_int_value (builder, stats.messages);
  json_builder_set_member_name (builder, "conversations");
  json_builder_add_int_value (builder, stats.conversations);
  json_builder_set_member_name (builder, "inbox_conversations");
  json_builder_add_int_value (builder, inbox_total);
  add_figure (builder, "store_open", open_ms);
  add_figure (builder, "inbox_first_page", first_page);
  add_figure (builder, "inbox_middle_page", middle_page);
  add_figure (builder, "model_jump_to_middle", model_middle);
  add_figure (builder, "model_read_all_keys", keys_ms);
  if (scroll->len > 0)
    add_figure (builder, "scroll_per_100_rows", scroll);
  add_figure (builder, "search", search);
  json_builder_set_member_name (builder, "search_by_query_median_ms");
  json_builder_begin_object (builder);
  for (gsize q = 0; q < G_N_ELEMENTS (queries); q++)
    {
      json_builder_set_member_name (builder, queries[q]);
      json_builder_add_double_value (builder, percentile (per_query->pdata[q], 0.5));
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  fputs (text, stdout);  /* UTF-8 whatever the locale */
  fputc ('\n', stdout);
  return 0;
}
