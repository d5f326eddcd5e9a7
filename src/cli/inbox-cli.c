/* inbox-cli.c: the command line front end of the engine, for scripts and benchmarks.
 *
 * Usage: inbox-cli [--version] COMMAND [ARGS…]
 * Commands arrive with the issues that need them (account, sync, search…); each gets a
 * function in the table below. Exit codes: 0 success, 1 the command failed, 2 bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "inbox-cli-commands.h"
#include "inbox-engine.h"

typedef int (*InboxCliCommandFunc) (int argc, char **argv);

typedef struct {
  const char *name;
  const char *summary;
  InboxCliCommandFunc run;
} InboxCliCommand;

static int command_version (int argc, char **argv);

static const InboxCliCommand commands[] = {
  { "account", N_("Add, list, remove or verify IMAP/SMTP accounts"), inbox_cli_account },
  { "import", N_("Import .eml files, mbox files and Maildir folders"), inbox_cli_import },
  { "conversations", N_("List conversations of a mailbox"), inbox_cli_conversations },
  { "conversation", N_("Show the messages of a conversation"), inbox_cli_conversation },
  { "search", N_("Search conversations"), inbox_cli_search },
  { "folders", N_("List the folders and their roles"), inbox_cli_folders },
  { "folder-role", N_("Choose which folder is the archive, trash, spam… of an account"), inbox_cli_folders },
  { "mark", N_("Mark a conversation read, unread, starred or unstarred"), inbox_cli_act },
  { "move", N_("Move a conversation to the archive, trash, spam, inbox or a folder"), inbox_cli_act },
  { "label", N_("Copy a conversation into a folder (a label)"), inbox_cli_act },
  { "delete", N_("Delete a conversation forever (from Trash or Spam)"), inbox_cli_act },
  { "send", N_("Write a message and send it (or queue it for later)"), inbox_cli_send },
  { "attachment", N_("Save an attachment of a message (fetched from its server)"), inbox_cli_attachment },
  { "identity", N_("List, add or remove aliases and signatures"), inbox_cli_identity },
  { "outbox", N_("List, send, retry or take back messages in the outbox"), inbox_cli_outbox },
  { "sync", N_("Fetch new mail and changes from the servers, once"), inbox_cli_sync },
  { "stats", N_("Count what the store holds"), inbox_cli_stats },
  { "version", N_("Print the versions of Inbox and the libraries it runs on"), command_version },
};

static int
command_version (int    argc,
                 char **argv)
{
  g_autofree char *libraries = inbox_version_describe_engine ();

  g_print ("inbox-cli %s\n%s", inbox_version_get_string (), libraries);
  return 0;
}

static char *
describe_commands (void)
{
  GString *text = g_string_new (_("Commands:"));

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (text, "\n  %-14s %s", commands[i].name, _(commands[i].summary));

  return g_string_free (text, FALSE);
}

int
main (int    argc,
      char **argv)
{
  gboolean show_version = FALSE;
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *description = NULL;
  const GOptionEntry entries[] = {
    { "version", 0, 0, G_OPTION_ARG_NONE, &show_version, N_("Print the version and exit"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  g_set_prgname ("inbox-cli");

  context = g_option_context_new (_("COMMAND [ARGS…]"));
  g_option_context_set_summary (context, _("Inbox mail engine on the command line."));
  description = describe_commands ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("inbox-cli: %s\n", error->message);
      return 2;
    }

  if (show_version)
    {
      g_print ("inbox-cli %s\n", inbox_version_get_string ());
      return 0;
    }

  if (argc < 2)
    {
      g_autofree char *help = g_option_context_get_help (context, TRUE, NULL);
      g_printerr ("%s", help);
      return 2;
    }

  for (gsize i = 0; i < G_N_ELEMENTS (commands); i++)
    {
      if (g_strcmp0 (argv[1], commands[i].name) == 0)
        return commands[i].run (argc - 1, argv + 1);
    }

  g_printerr (_("inbox-cli: unknown command “%s”. Try “inbox-cli --help”.\n"), argv[1]);
  return 2;
}
