/* inbox-cli-commands.h: the subcommands of inbox-cli. Each returns the process exit code:
 * 0 success, 1 the command failed, 2 bad usage.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Prints the builder's document on stdout, as UTF-8 whatever the locale. */
void inbox_cli_print_json (JsonBuilder *builder);

/* Camel's session belongs to the main thread and its _sync calls must not block it: runs func on
 * a worker while the main loop turns. */
typedef gboolean (*InboxCliWorkFunc) (gpointer data, GError **error);
gboolean inbox_cli_run_on_worker (InboxCliWorkFunc func, gpointer data, GError **error);

int inbox_cli_send          (int argc, char **argv);
int inbox_cli_outbox        (int argc, char **argv);
int inbox_cli_identity      (int argc, char **argv);
int inbox_cli_attachment    (int argc, char **argv);
int inbox_cli_account       (int argc, char **argv);
int inbox_cli_import        (int argc, char **argv);
int inbox_cli_conversations (int argc, char **argv);
int inbox_cli_conversation  (int argc, char **argv);
int inbox_cli_search        (int argc, char **argv);
int inbox_cli_sync          (int argc, char **argv);
int inbox_cli_act           (int argc, char **argv);
int inbox_cli_folders       (int argc, char **argv);
int inbox_cli_stats         (int argc, char **argv);

G_END_DECLS
