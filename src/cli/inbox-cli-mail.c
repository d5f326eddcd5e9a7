/* inbox-cli-mail.c: the mail store on the command line: import, list, read, search, stats.
 *
 * Every command opens the store at $XDG_DATA_HOME/inbox/inbox.db. With --json, it prints exactly
 * one JSON document on stdout; messages for people go to stderr.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "inbox-cli-commands.h"
#include "inbox-engine.h"

static gboolean opt_json;

static const GOptionEntry json_entry[] = {
  { "json", 0, 0, G_OPTION_ARG_NONE, &opt_json, N_("Print one JSON document on stdout"), NULL },
  { NULL }
};

/* Parses the command's options; on bad usage prints why and returns FALSE. */
static gboolean
parse_options (int               *argc,
               char            ***argv,
               const char        *parameters,
               const char        *summary,
               const GOptionEntry *entries)
{
  g_autoptr(GOptionContext) context = g_option_context_new (parameters);
  g_autoptr(GError) error = NULL;

  opt_json = FALSE;
  g_option_context_set_summary (context, summary);
  g_option_context_add_main_entries (context, json_entry, GETTEXT_PACKAGE);
  if (entries != NULL)
    g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, argc, argv, &error))
    {
      g_printerr ("inbox-cli %s: %s\n", (*argv)[0], error->message);
      return FALSE;
    }
  return TRUE;
}

static InboxStore *
open_store (void)
{
  g_autoptr(GError) error = NULL;
  InboxStore *store = inbox_store_open (NULL, &error);

  if (store == NULL)
    g_printerr ("inbox-cli: %s\n", error->message);
  return store;
}

void
inbox_cli_print_json (JsonBuilder *builder)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (builder);
  g_autofree char *text = NULL;

  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, NULL);
  /* JSON is UTF-8 whatever the locale: not g_print, which converts to the locale's charset. */
  fputs (text, stdout);
  fputc ('\n', stdout);
}

static char *
format_iso8601 (gint64 unix_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (unix_time);

  return time != NULL ? g_date_time_format_iso8601 (time) : g_strdup ("");
}

static void
add_strv (JsonBuilder        *builder,
          const char         *member,
          const char * const *values)
{
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    json_builder_add_string_value (builder, values[i]);
  json_builder_end_array (builder);
}

static void
add_conversation (JsonBuilder       *builder,
                  InboxStore        *store,
                  InboxConversation *conversation)
{
  const char * const *names = inbox_conversation_get_participant_names (conversation);
  const char * const *addresses = inbox_conversation_get_participant_addresses (conversation);
  g_autofree char *last_activity = format_iso8601 (inbox_conversation_get_last_activity (conversation));
  g_auto(GStrv) message_ids = inbox_store_get_message_ids_sync (store, inbox_conversation_get_id (conversation), NULL);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, inbox_conversation_get_id (conversation));
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, inbox_conversation_get_subject (conversation));
  json_builder_set_member_name (builder, "participants");
  json_builder_begin_array (builder);
  for (guint i = 0; names[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, names[i]);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, addresses[i]);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "snippet");
  json_builder_add_string_value (builder, inbox_conversation_get_snippet (conversation));
  json_builder_set_member_name (builder, "last_activity");
  json_builder_add_string_value (builder, last_activity);
  json_builder_set_member_name (builder, "unread");
  json_builder_add_int_value (builder, inbox_conversation_get_unread_count (conversation));
  json_builder_set_member_name (builder, "message_count");
  json_builder_add_int_value (builder, inbox_conversation_get_message_count (conversation));
  json_builder_set_member_name (builder, "has_attachment");
  json_builder_add_boolean_value (builder, inbox_conversation_get_has_attachment (conversation));
  add_strv (builder, "folders", inbox_conversation_get_folders (conversation));
  add_strv (builder, "accounts", inbox_conversation_get_accounts (conversation));
  add_strv (builder, "message_ids", (const char * const *) message_ids);
  if (inbox_conversation_get_matching_message_ids (conversation) != NULL)
    add_strv (builder, "matching_message_ids", inbox_conversation_get_matching_message_ids (conversation));
  json_builder_end_object (builder);
}

static void
print_conversation_line (InboxConversation *conversation)
{
  g_autofree char *when = format_iso8601 (inbox_conversation_get_last_activity (conversation));
  const char * const *names = inbox_conversation_get_participant_names (conversation);
  const char * const *addresses = inbox_conversation_get_participant_addresses (conversation);
  const char *who = names[0] == NULL ? "" : *names[0] != '\0' ? names[0] : addresses[0];

  g_autofree char *column = NULL;
  glong width;

  /* Pad by characters, not bytes, so that "Søren" lines up with "Soren". */
  column = g_utf8_substring (who, 0, MIN (g_utf8_strlen (who, -1), 24));
  width = g_utf8_strlen (column, -1);
  g_print ("%8" G_GINT64_FORMAT "  %s  %c %3u  %s%*s  %s\n",
           inbox_conversation_get_id (conversation), when,
           inbox_conversation_get_unread_count (conversation) > 0 ? '*' : ' ',
           inbox_conversation_get_message_count (conversation), column, (int) (24 - width), "",
           inbox_conversation_get_subject (conversation));
}

/* Prints a page of conversations, as JSON under "conversations" or as lines. */
static void
print_conversations (InboxStore *store,
                     GPtrArray  *conversations,
                     const char *context_member,
                     const char *context_value,
                     gint64      total)
{
  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, context_member);
      json_builder_add_string_value (builder, context_value);
      if (total >= 0)
        {
          json_builder_set_member_name (builder, "total");
          json_builder_add_int_value (builder, total);
        }
      json_builder_set_member_name (builder, "conversations");
      json_builder_begin_array (builder);
      for (guint i = 0; i < conversations->len; i++)
        add_conversation (builder, store, conversations->pdata[i]);
      json_builder_end_array (builder);
      json_builder_end_object (builder);
      inbox_cli_print_json (builder);
      return;
    }

  for (guint i = 0; i < conversations->len; i++)
    print_conversation_line (conversations->pdata[i]);
}

/* --- import --------------------------------------------------------------------------------- */

typedef struct {
  GPtrArray *problems;  /* "source\x1fmessage" */
} ImportReport;

static void
on_problem (InboxImporter *importer,
            const char    *source,
            const char    *message,
            gpointer       user_data)
{
  ImportReport *report = user_data;
  g_autofree char *one_line = g_strdelimit (g_strdup (message), "\n", ';');

  g_printerr ("%s: %s\n", source, one_line);
  g_ptr_array_add (report->problems, g_strdup_printf ("%s\x1f%s", source, message));
}

int
inbox_cli_import (int    argc,
                  char **argv)
{
  g_autofree char *account = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The local account to import into (default: Local)"), N_("NAME") },
    { NULL }
  };
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(InboxImporter) importer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  ImportReport report = { problems };
  const InboxImportStats *stats;
  gint64 started = g_get_monotonic_time ();
  double seconds;

  if (!parse_options (&argc, &argv, _("PATH…"), _("Import .eml files, mbox files and Maildir folders."), entries))
    return 2;
  if (argc < 2)
    {
      g_printerr ("inbox-cli import: %s\n", _("name at least one file or folder"));
      return 2;
    }
  if ((store = open_store ()) == NULL)
    return 1;

  importer = inbox_importer_new (store, account != NULL ? account : "Local");
  g_signal_connect (importer, "problem", G_CALLBACK (on_problem), &report);
  for (int i = 1; i < argc && error == NULL; i++)
    inbox_importer_import (importer, argv[i], &error);
  stats = inbox_importer_get_stats (importer);
  seconds = (g_get_monotonic_time () - started) / (double) G_USEC_PER_SEC;

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, account != NULL ? account : "Local");
      json_builder_set_member_name (builder, "added");
      json_builder_add_int_value (builder, stats->added);
      json_builder_set_member_name (builder, "duplicates");
      json_builder_add_int_value (builder, stats->duplicates);
      json_builder_set_member_name (builder, "malformed");
      json_builder_add_int_value (builder, stats->malformed);
      json_builder_set_member_name (builder, "failed");
      json_builder_add_int_value (builder, stats->failed);
      json_builder_set_member_name (builder, "seconds");
      json_builder_add_double_value (builder, seconds);
      json_builder_set_member_name (builder, "problems");
      json_builder_begin_array (builder);
      for (guint i = 0; i < problems->len; i++)
        {
          g_auto(GStrv) parts = g_strsplit (problems->pdata[i], "\x1f", 2);
          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "source");
          json_builder_add_string_value (builder, parts[0]);
          json_builder_set_member_name (builder, "message");
          json_builder_add_string_value (builder, parts[1]);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      if (error != NULL)
        {
          json_builder_set_member_name (builder, "error");
          json_builder_add_string_value (builder, error->message);
        }
      json_builder_end_object (builder);
      inbox_cli_print_json (builder);
    }
  else
    g_print (_("Imported %u new messages (%u already stored, %u malformed but kept, %u unreadable) in %.1f s\n"),
             stats->added, stats->duplicates, stats->malformed, stats->failed, seconds);

  if (error != NULL)
    {
      g_printerr ("inbox-cli import: %s\n", error->message);
      return 1;
    }
  return 0;
}

/* --- conversations, conversation ------------------------------------------------------------ */

int
inbox_cli_conversations (int    argc,
                         char **argv)
{
  g_autofree char *mailbox = NULL;
  int limit = 50;
  int offset = 0;
  const GOptionEntry entries[] = {
    { "mailbox", 0, 0, G_OPTION_ARG_STRING, &mailbox,
      N_("inbox (default), all, sent, drafts, trash, spam, archive or folder:ID"), N_("MAILBOX") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("How many conversations (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("How many to skip"), N_("N") },
    { NULL }
  };
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;
  gint64 total;

  if (!parse_options (&argc, &argv, NULL, _("List conversations, newest activity first."), entries))
    return 2;
  if (limit < 0 || offset < 0)
    {
      g_printerr ("inbox-cli conversations: %s\n", _("--limit and --offset must not be negative"));
      return 2;
    }
  if (mailbox == NULL)
    mailbox = g_strdup ("inbox");
  if (!inbox_store_is_valid_mailbox (mailbox))
    {
      g_printerr ("inbox-cli conversations: %s\n", _("unknown mailbox; use inbox, all, sent, drafts, trash, spam, archive or folder:ID"));
      return 2;
    }
  if ((store = open_store ()) == NULL)
    return 1;

  total = inbox_store_count_conversations_sync (store, mailbox, &error);
  if (total >= 0)
    conversations = inbox_store_list_conversations_sync (store, mailbox, (guint) offset, (guint) limit, &error);
  if (conversations == NULL)
    {
      g_printerr ("inbox-cli conversations: %s\n", error->message);
      return 1;
    }

  print_conversations (store, conversations, "mailbox", mailbox, total);
  return 0;
}

static const char *
flag_names[] = { "seen", "answered", "flagged", "deleted", "draft", "forwarded" };

int
inbox_cli_conversation (int    argc,
                        char **argv)
{
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GPtrArray) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  char *end = NULL;
  gint64 id;

  if (!parse_options (&argc, &argv, _("ID"), _("Show the messages of a conversation, oldest first."), NULL))
    return 2;
  if (argc != 2 || (id = g_ascii_strtoll (argv[1], &end, 10)) <= 0 || *end != '\0')
    {
      g_printerr ("inbox-cli conversation: %s\n", _("give one conversation id (a positive number)"));
      return 2;
    }
  if ((store = open_store ()) == NULL)
    return 1;

  messages = inbox_store_get_messages_sync (store, id, &error);
  if (messages == NULL)
    {
      g_printerr ("inbox-cli conversation: %s\n", error->message);
      return 1;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, inbox_store_resolve_conversation (store, id));
  json_builder_set_member_name (builder, "messages");
  json_builder_begin_array (builder);
  for (guint i = 0; i < messages->len; i++)
    {
      InboxMessage *message = messages->pdata[i];
      g_autofree char *date = format_iso8601 (inbox_message_get_date (message));
      g_autoptr(GStrvBuilder) flags = g_strv_builder_new ();
      g_auto(GStrv) flag_list = NULL;

      for (guint f = 0; f < G_N_ELEMENTS (flag_names); f++)
        if (inbox_message_get_flags (message) & (1u << f))
          g_strv_builder_add (flags, flag_names[f]);
      flag_list = g_strv_builder_end (flags);

      if (!opt_json)
        {
          g_print ("%s  %s <%s>\n  %s\n  %s\n\n", date, inbox_message_get_from_name (message),
                   inbox_message_get_from_address (message), inbox_message_get_subject (message),
                   inbox_message_get_snippet (message));
          continue;
        }

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "message_id");
      json_builder_add_string_value (builder, inbox_message_get_message_id (message));
      json_builder_set_member_name (builder, "subject");
      json_builder_add_string_value (builder, inbox_message_get_subject (message));
      json_builder_set_member_name (builder, "from");
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, inbox_message_get_from_name (message));
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, inbox_message_get_from_address (message));
      json_builder_end_object (builder);
      add_strv (builder, "to", inbox_message_get_to (message));
      add_strv (builder, "cc", inbox_message_get_cc (message));
      json_builder_set_member_name (builder, "date");
      json_builder_add_string_value (builder, date);
      add_strv (builder, "folders", inbox_message_get_folders (message));
      add_strv (builder, "flags", (const char * const *) flag_list);
      json_builder_set_member_name (builder, "has_attachments");
      json_builder_add_boolean_value (builder, inbox_message_get_has_attachment (message));
      json_builder_set_member_name (builder, "snippet");
      json_builder_add_string_value (builder, inbox_message_get_snippet (message));
      json_builder_set_member_name (builder, "parse_error");
      if (inbox_message_get_parse_error (message) != NULL)
        json_builder_add_string_value (builder, inbox_message_get_parse_error (message));
      else
        json_builder_add_null_value (builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (opt_json)
    inbox_cli_print_json (builder);
  return 0;
}

/* --- search --------------------------------------------------------------------------------- */

int
inbox_cli_search (int    argc,
                  char **argv)
{
  int limit = 50;
  int offset = 0;
  const GOptionEntry entries[] = {
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("How many conversations (default 50)"), N_("N") },
    { "offset", 0, 0, G_OPTION_ARG_INT, &offset, N_("How many to skip"), N_("N") },
    { NULL }
  };
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GPtrArray) conversations = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) options = g_ptr_array_new ();
  g_autoptr(GPtrArray) words = g_ptr_array_new ();
  g_autofree char *query = NULL;
  char **option_argv;
  int option_argc;

  /* "-word" means "not word" here, never a short option: only "--long" arguments are options
   * (and everything after a lone "--" is query). */
  g_ptr_array_add (options, argv[0]);
  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--"))
        {
          for (i++; i < argc; i++)
            g_ptr_array_add (words, argv[i]);
          break;
        }
      if (g_str_has_prefix (argv[i], "--"))
        {
          g_ptr_array_add (options, argv[i]);
          if (strchr (argv[i], '=') == NULL && !g_str_equal (argv[i], "--json") && !g_str_equal (argv[i], "--help") && i + 1 < argc)
            g_ptr_array_add (options, argv[++i]);  /* --limit N */
        }
      else
        g_ptr_array_add (words, argv[i]);
    }
  g_ptr_array_add (options, NULL);
  g_ptr_array_add (words, NULL);
  option_argv = (char **) options->pdata;
  option_argc = (int) options->len - 1;

  if (!parse_options (&option_argc, &option_argv, _("QUERY…"),
                      _("Search conversations: words, \"phrases\", -not, OR, from: to: cc: subject: body: filename: "
                        "label: in: is:unread|read|starred has:attachment before: after: account:"), entries))
    return 2;
  if (words->len < 2 || option_argc > 1 || limit < 0 || offset < 0)
    {
      g_printerr ("inbox-cli search: %s\n", _("give a query (and a --limit and --offset that are not negative)"));
      return 2;
    }
  query = g_strjoinv (" ", (char **) words->pdata);
  if ((store = open_store ()) == NULL)
    return 1;

  conversations = inbox_store_search_sync (store, query, (guint) offset, (guint) limit, &error);
  if (conversations == NULL)
    {
      g_printerr ("inbox-cli search: %s\n", error->message);
      return g_error_matches (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID) ? 2 : 1;
    }

  print_conversations (store, conversations, "query", query, -1);
  return 0;
}

/* --- stats ---------------------------------------------------------------------------------- */

int
inbox_cli_stats (int    argc,
                 char **argv)
{
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  InboxStoreStats stats = { 0 };

  if (!parse_options (&argc, &argv, NULL, _("Count what the store holds."), NULL))
    return 2;
  if ((store = open_store ()) == NULL)
    return 1;
  if (!inbox_store_get_stats_sync (store, &stats, &error))
    {
      g_printerr ("inbox-cli stats: %s\n", error->message);
      return 1;
    }

  if (opt_json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      const struct { const char *name; gint64 value; } counts[] = {
        { "accounts", stats.accounts }, { "folders", stats.folders }, { "messages", stats.messages },
        { "conversations", stats.conversations }, { "contacts", stats.contacts },
        { "pending_actions", stats.pending_actions },
      };

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, inbox_store_get_path (store));
      for (gsize i = 0; i < G_N_ELEMENTS (counts); i++)
        {
          json_builder_set_member_name (builder, counts[i].name);
          json_builder_add_int_value (builder, counts[i].value);
        }
      json_builder_end_object (builder);
      inbox_cli_print_json (builder);
    }
  else
    g_print (_("%s\n%" G_GINT64_FORMAT " accounts, %" G_GINT64_FORMAT " folders, %" G_GINT64_FORMAT " messages, "
               "%" G_GINT64_FORMAT " conversations, %" G_GINT64_FORMAT " contacts\n"),
             inbox_store_get_path (store), stats.accounts, stats.folders, stats.messages,
             stats.conversations, stats.contacts);
  return 0;
}

/* --- actions -------------------------------------------------------------------------------- */

static gboolean
parse_id (const char *text,
          gint64     *id)
{
  char *end = NULL;

  *id = g_ascii_strtoll (text, &end, 10);
  return *id > 0 && *end == '\0';
}

/* inbox-cli mark ID read|unread|starred|unstarred, and inbox-cli move ID archive|trash|spam|inbox:
 * at once in the store, queued for the server (the next sync writes them back). */
int
inbox_cli_act (int    argc,
               char **argv)
{
  static const struct { const char *command; const char *word; guint set; guint clear; const char *role; } actions[] = {
    { "mark", "read", INBOX_MESSAGE_SEEN, 0, NULL },
    { "mark", "unread", 0, INBOX_MESSAGE_SEEN, NULL },
    { "mark", "starred", INBOX_MESSAGE_FLAGGED, 0, NULL },
    { "mark", "unstarred", 0, INBOX_MESSAGE_FLAGGED, NULL },
    { "move", "archive", 0, 0, "archive" },
    { "move", "trash", 0, 0, "trash" },
    { "move", "spam", 0, 0, "junk" },
    { "move", "inbox", 0, 0, "inbox" },
  };
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!parse_options (&argc, &argv, _("ID WHAT"),
                      _("mark ID read|unread|starred|unstarred; move ID archive|trash|spam|inbox|folder:PATH; "
                        "label ID FOLDER; delete ID (forever, from Trash or Spam)."), NULL))
    return 2;
  if (g_str_equal (argv[0], "delete") && argc == 2 && parse_id (argv[1], &id))
    {
      if ((store = open_store ()) == NULL)
        return 1;
      if (!inbox_store_delete_conversation_sync (store, id, &error))
        {
          g_printerr ("inbox-cli delete: %s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (argc != 3 || !parse_id (argv[1], &id))
    {
      g_printerr ("inbox-cli %s: %s\n", argv[0], _("give a conversation id and what to do"));
      return 2;
    }
  if ((store = open_store ()) == NULL)
    return 1;

  if (g_str_equal (argv[0], "move") && g_str_has_prefix (argv[2], "folder:"))
    {
      if (!inbox_store_move_conversation_to_folder_sync (store, id, argv[2] + strlen ("folder:"), &error))
        {
          g_printerr ("inbox-cli move: %s\n", error->message);
          return 1;
        }
      return 0;
    }
  if (g_str_equal (argv[0], "label"))
    {
      if (!inbox_store_copy_conversation_to_folder_sync (store, id, argv[2], &error))
        {
          g_printerr ("inbox-cli label: %s\n", error->message);
          return 1;
        }
      return 0;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      gboolean ok;

      if (!g_str_equal (argv[0], actions[i].command) || !g_str_equal (argv[2], actions[i].word))
        continue;
      if (actions[i].role != NULL)
        ok = inbox_store_move_conversation_sync (store, id, actions[i].role, &error);
      else
        ok = inbox_store_set_conversation_flags_sync (store, id, actions[i].set, actions[i].clear, &error);
      if (!ok)
        {
          g_printerr ("inbox-cli %s: %s\n", argv[0], error->message);
          return 1;
        }
      return 0;
    }

  g_printerr ("inbox-cli %s: %s\n", argv[0], _("mark takes read, unread, starred or unstarred; move takes archive, trash, spam or inbox"));
  return 2;
}

/* --- folders -------------------------------------------------------------------------------- */

/* inbox-cli folders [--account A] [--json], and inbox-cli folder-role --account A FOLDER ROLE. */
int
inbox_cli_folders (int    argc,
                   char **argv)
{
  g_autofree char *account = NULL;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("Only this account (its id or address)"), N_("ACCOUNT") },
    { NULL }
  };
  gboolean set_role = g_str_equal (argv[0], "folder-role");
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GPtrArray) folders = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (!parse_options (&argc, &argv, set_role ? _("FOLDER ROLE") : NULL,
                      set_role ? _("Choose the folder that plays a role (inbox, sent, drafts, trash, spam, archive, none).")
                               : _("List the folders and their roles."), entries))
    return 2;
  if ((set_role && (argc != 3 || account == NULL)) || (!set_role && argc != 1))
    {
      g_printerr ("inbox-cli %s: %s\n", argv[0], set_role ? _("give --account, a folder and a role") : _("too many arguments"));
      return 2;
    }
  if ((store = open_store ()) == NULL)
    return 1;

  if (set_role && !inbox_store_set_folder_role_sync (store, account, argv[1], argv[2], &error))
    {
      g_printerr ("inbox-cli %s: %s\n", argv[0], error->message);
      return 1;
    }

  folders = inbox_store_list_folders_sync (store, account, &error);
  if (folders == NULL)
    {
      g_printerr ("inbox-cli %s: %s\n", argv[0], error->message);
      return 1;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "folders");
  json_builder_begin_array (builder);
  for (guint i = 0; i < folders->len; i++)
    {
      InboxFolderInfo *info = folders->pdata[i];

      if (!opt_json)
        g_print ("%-8s %-30s %-10s %8" G_GINT64_FORMAT "  %s\n", info->role, info->path,
                 info->role_chosen ? _("(chosen)") : "", info->messages, info->account);
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_int_value (builder, info->id);
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, info->account);
      json_builder_set_member_name (builder, "path");
      json_builder_add_string_value (builder, info->path);
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, info->role);
      json_builder_set_member_name (builder, "role_chosen");
      json_builder_add_boolean_value (builder, info->role_chosen);
      json_builder_set_member_name (builder, "messages");
      json_builder_add_int_value (builder, info->messages);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (opt_json)
    inbox_cli_print_json (builder);
  return 0;
}
