/* inbox-cli-send.c: inbox-cli send and inbox-cli outbox.
 *
 *   inbox-cli send --account A --to LIST [--cc LIST] [--bcc LIST] --subject S
 *                  [--body TEXT | --body-file FILE] [--html-file FILE] [--attach FILE]...
 *                  [--in-reply-to ID] [--delay SECONDS | --at WHEN] [--json]
 *   inbox-cli outbox [list] [--all] [--json]
 *   inbox-cli outbox run [--json]        send what is due now (waiting out no backoff)
 *   inbox-cli outbox retry ID            send a failed message again
 *   inbox-cli outbox cancel ID           take a queued or failed message back out
 *   inbox-cli identity [list] [--account A] [--json]
 *   inbox-cli identity add --account A --address X [--name N] [--signature TEXT | --signature-file F]
 *                          [--reply-signature TEXT] [--signature-use all|first|first-then-reply] [--never-auto]
 *   inbox-cli identity remove --account A --address X
 *   inbox-cli attachment MESSAGE-ID NAME [--output FILE]   save an attachment (fetched from the server)
 *
 * send queues the message (durably) and, unless it is for later, sends it at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-cli-commands.h"
#include "inbox-engine.h"

static int
fail (const char   *command,
      const GError *error)
{
  g_printerr ("inbox-cli %s: %s\n", command, error->message);
  return 1;
}

static gboolean
parse_when (const char  *text,
            gint64      *when,
            GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (local);
  g_autoptr(GDateTime) parsed = g_date_time_new_from_iso8601 (text, local);

  /* Not ISO 8601 with seconds: a phrase, as Send later takes them ("in 2 hours", "friday at 9"). */
  if (parsed == NULL)
    parsed = inbox_time_parse (text, now, error);
  if (parsed == NULL)
    return FALSE;
  *when = g_date_time_to_unix (parsed);
  return TRUE;
}

typedef struct {
  InboxOutbox *outbox;
} Run;

static gboolean
run_work (gpointer   data,
          GError   **error)
{
  return inbox_outbox_run_sync (((Run *) data)->outbox, NULL, error);
}

static gboolean
run_outbox (InboxStore  *store,
            GError     **error)
{
  g_autoptr(InboxSession) session = inbox_session_new ();
  g_autoptr(InboxOutbox) outbox = inbox_outbox_new (session, store);
  Run run = { outbox };
  const InboxOutboxStats *stats;

  if (!inbox_cli_run_on_worker (run_work, &run, error))
    return FALSE;
  stats = inbox_outbox_get_stats (outbox);
  g_printerr ("inbox-cli: outbox: %u sent, %u deferred, %u failed, %u settled after an interruption\n",
              stats->sent, stats->deferred, stats->failed, stats->reconciled);
  return TRUE;
}

static void
add_item_json (JsonBuilder           *builder,
               const InboxOutboxItem *item)
{
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, item->id);
  json_builder_set_member_name (builder, "account");
  json_builder_add_string_value (builder, item->account_uid);
  json_builder_set_member_name (builder, "message_id");
  json_builder_add_string_value (builder, item->message_id);
  json_builder_set_member_name (builder, "state");
  json_builder_add_string_value (builder, inbox_outbox_state_to_string (item->state));
  json_builder_set_member_name (builder, "send_at");
  json_builder_add_int_value (builder, item->send_at);
  json_builder_set_member_name (builder, "scheduled");
  json_builder_add_boolean_value (builder, item->scheduled);
  json_builder_set_member_name (builder, "attempts");
  json_builder_add_int_value (builder, item->attempts);
  json_builder_set_member_name (builder, "error");
  if (item->error != NULL)
    json_builder_add_string_value (builder, item->error);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "subject");
  json_builder_add_string_value (builder, item->subject);
  json_builder_set_member_name (builder, "recipients");
  json_builder_add_string_value (builder, item->recipients);
  json_builder_end_object (builder);
}

static int
print_outbox (InboxStore *store,
              gboolean    include_done,
              gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = inbox_store_list_outbox_sync (store, include_done, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (items == NULL)
    return fail ("outbox", error);
  if (!json)
    {
      for (guint i = 0; i < items->len; i++)
        {
          InboxOutboxItem *item = items->pdata[i];

          g_print ("%" G_GINT64_FORMAT "\t%s\t%s\t%s%s%s\n", item->id, inbox_outbox_state_to_string (item->state),
                   item->recipients, item->subject, item->error != NULL ? "\t" : "", item->error != NULL ? item->error : "");
        }
      return 0;
    }
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "outbox");
  json_builder_begin_array (builder);
  for (guint i = 0; i < items->len; i++)
    add_item_json (builder, items->pdata[i]);
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  inbox_cli_print_json (builder);
  return 0;
}

typedef struct {
  InboxOutbox *outbox;
  const char *message_id;
  GBytes *bytes;
} Fetch;

static gboolean
fetch_work (gpointer   data,
            GError   **error)
{
  Fetch *fetch = data;

  fetch->bytes = inbox_outbox_fetch_message_sync (fetch->outbox, fetch->message_id, NULL, error);
  return fetch->bytes != NULL;
}

/* The message as its server has it, saved as a file to attach. */
static char *
fetch_for_forwarding (InboxStore  *store,
                      const char  *message_id,
                      GError     **error)
{
  g_autoptr(InboxSession) session = inbox_session_new ();
  g_autoptr(InboxOutbox) outbox = inbox_outbox_new (session, store);
  g_autofree char *dir = g_build_filename (g_get_user_cache_dir (), "inbox", "forward", NULL);
  Fetch fetch = { outbox, message_id, NULL };
  char *path;

  if (!inbox_cli_run_on_worker (fetch_work, &fetch, error))
    return NULL;
  path = inbox_draft_save_forwarded (fetch.bytes, message_id, dir, error);
  g_bytes_unref (fetch.bytes);
  return path;
}

int
inbox_cli_send (int    argc,
                char **argv)
{
  g_autofree char *account = NULL, *to = NULL, *cc = NULL, *bcc = NULL, *subject = NULL;
  g_autofree char *body = NULL, *body_file = NULL, *html_file = NULL, *in_reply_to = NULL, *at = NULL;
  g_autofree char *from = NULL, *forward = NULL;
  g_auto(GStrv) attach = NULL;
  int delay = 0;
  gboolean json = FALSE, discard_if_reply = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account to send from (its id or address)"), N_("ACCOUNT") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("Send as this identity of the account (an alias)"), N_("ADDRESS") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("Recipients"), N_("LIST") },
    { "cc", 0, 0, G_OPTION_ARG_STRING, &cc, N_("Copy to"), N_("LIST") },
    { "bcc", 0, 0, G_OPTION_ARG_STRING, &bcc, N_("Blind copy to"), N_("LIST") },
    { "subject", 0, 0, G_OPTION_ARG_STRING, &subject, N_("The subject"), N_("TEXT") },
    { "body", 0, 0, G_OPTION_ARG_STRING, &body, N_("The text"), N_("TEXT") },
    { "body-file", 0, 0, G_OPTION_ARG_FILENAME, &body_file, N_("Read the text from a file"), N_("FILE") },
    { "html-file", 0, 0, G_OPTION_ARG_FILENAME, &html_file, N_("Add an HTML version read from a file"), N_("FILE") },
    { "attach", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &attach, N_("Attach a file (repeatable)"), N_("FILE") },
    { "in-reply-to", 0, 0, G_OPTION_ARG_STRING, &in_reply_to, N_("The Message-ID this replies to"), N_("ID") },
    { "forward", 0, 0, G_OPTION_ARG_STRING, &forward, N_("Attach this message (by Message-ID) as it is on its server"), N_("ID") },
    { "delay", 0, 0, G_OPTION_ARG_INT, &delay, N_("Wait this long before sending (the undo delay)"), N_("SECONDS") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("Send later, at this time (ISO 8601, or a phrase: \"tomorrow at 9am\")"), N_("WHEN") },
    { "discard-if-reply", 0, 0, G_OPTION_ARG_NONE, &discard_if_reply,
      N_("With --at and --in-reply-to: don't send if someone replies before then"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(GPtrArray) accounts = NULL;
  g_autoptr(InboxDraft) draft = inbox_draft_new ();
  g_autoptr(GBytes) mime = NULL;
  g_autofree char *recipients = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC, send_at = now, id;
  InboxAccountConfig *config;

  g_option_context_set_summary (context, _("Write a message and send it, or queue it for later."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 1 || account == NULL ||
      (at != NULL && !parse_when (at, &send_at, &error)))
    {
      g_printerr ("inbox-cli send: %s\n", error != NULL ? error->message : _("--account is required"));
      return 2;
    }
  if (body_file != NULL && !g_file_get_contents (body_file, &draft->text, NULL, &error))
    return fail ("send", error);
  if (html_file != NULL && !g_file_get_contents (html_file, &draft->html, NULL, &error))
    return fail ("send", error);
  if (draft->text == NULL)
    draft->text = g_strdup (body != NULL ? body : "");

  store = inbox_store_open (NULL, &error);
  if (store == NULL || (accounts = inbox_store_list_accounts_sync (store, account, &error)) == NULL)
    return fail ("send", error);
  if (accounts->len == 0)
    {
      g_printerr ("inbox-cli send: there is no account “%s”\n", account);
      return 1;
    }
  config = accounts->pdata[0];
  draft->from_name = g_strdup (config->display_name);
  draft->from_address = g_strdup (config->email);
  if (from != NULL)
    {
      g_autoptr(GPtrArray) identities = inbox_store_list_identities_sync (store, config->uid, &error);
      gboolean found = FALSE;

      for (guint i = 0; identities != NULL && i < identities->len && !found; i++)
        {
          InboxIdentity *identity = identities->pdata[i];

          if (g_ascii_strcasecmp (identity->address, from) == 0)
            {
              g_free (draft->from_name);
              g_free (draft->from_address);
              draft->from_name = g_strdup (identity->name);
              draft->from_address = g_strdup (identity->address);
              found = TRUE;
            }
        }
      if (!found)
        {
          g_printerr ("inbox-cli send: %s is not an identity of %s (inbox-cli identity add)\n", from, config->email);
          return 1;
        }
    }
  draft->to = g_steal_pointer (&to);
  draft->cc = g_steal_pointer (&cc);
  draft->bcc = g_steal_pointer (&bcc);
  draft->subject = g_strdup (subject != NULL ? subject : "");
  draft->in_reply_to = g_strdup (in_reply_to);
  if (in_reply_to != NULL)
    draft->references = g_strdup_printf ("<%s>", in_reply_to);
  for (gsize i = 0; attach != NULL && attach[i] != NULL; i++)
    g_ptr_array_add (draft->attachments, g_strdup (attach[i]));
  if (forward != NULL)
    {
      g_autofree char *path = fetch_for_forwarding (store, forward, &error);

      if (path == NULL)
        return fail ("send", error);
      g_ptr_array_add (draft->attachments, g_steal_pointer (&path));
    }
  if (at == NULL)
    send_at = now + MAX (delay, 0);
  draft->date = send_at;

  mime = inbox_draft_build (draft, &error);
  recipients = inbox_draft_dup_recipients (draft);
  if (mime == NULL ||
      (id = inbox_store_queue_outgoing_sync (store, config->uid, mime, draft->message_id, draft->subject, recipients,
                                             send_at, at != NULL, &error)) == 0)
    return fail ("send", error);

  /* Due now: send it in this process. */
  if (discard_if_reply && in_reply_to != NULL && !inbox_store_set_discard_if_reply_sync (store, id, in_reply_to, &error))
    return fail ("send", error);
  if (send_at <= now && !run_outbox (store, &error))
    return fail ("send", error);

  if (json)
    {
      g_autoptr(GPtrArray) items = inbox_store_list_outbox_sync (store, TRUE, &error);
      g_autoptr(JsonBuilder) builder = json_builder_new ();

      for (guint i = 0; items != NULL && i < items->len; i++)
        if (((InboxOutboxItem *) items->pdata[i])->id == id)
          add_item_json (builder, items->pdata[i]);
      inbox_cli_print_json (builder);
    }
  return 0;
}

int
inbox_cli_outbox (int    argc,
                  char **argv)
{
  gboolean json = FALSE, all = FALSE;
  const GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also list what was sent"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[list|run|retry ID|cancel ID]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxStore) store = NULL;
  const char *command;
  gint64 id = 0;

  g_option_context_set_summary (context, _("List, send, retry or take back messages in the outbox."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("inbox-cli outbox: %s\n", error->message);
      return 2;
    }
  command = argc > 1 ? argv[1] : "list";
  if ((g_str_equal (command, "retry") || g_str_equal (command, "cancel")) &&
      (argc != 3 || (id = g_ascii_strtoll (argv[2], NULL, 10)) <= 0))
    {
      g_printerr ("inbox-cli outbox %s: give the message's id (from inbox-cli outbox list)\n", command);
      return 2;
    }

  store = inbox_store_open (NULL, &error);
  if (store == NULL)
    return fail ("outbox", error);
  if (g_str_equal (command, "list"))
    return print_outbox (store, all, json);
  if (g_str_equal (command, "run"))
    {
      if (!inbox_store_outbox_skip_backoff_sync (store, &error) || !run_outbox (store, &error))
        return fail ("outbox run", error);
      return json ? print_outbox (store, TRUE, TRUE) : 0;
    }
  if (g_str_equal (command, "retry"))
    return inbox_store_retry_outgoing_sync (store, id, &error) ? 0 : fail ("outbox retry", error);
  if (g_str_equal (command, "cancel"))
    {
      g_autoptr(GBytes) mime = inbox_store_unqueue_outgoing_sync (store, id, &error);

      if (mime == NULL)
        return fail ("outbox cancel", error);
      /* The message comes back on stdout, so that nothing is lost. */
      fwrite (g_bytes_get_data (mime, NULL), 1, g_bytes_get_size (mime), stdout);
      return 0;
    }
  g_printerr ("inbox-cli outbox: unknown command “%s” (list, run, retry, cancel)\n", command);
  return 2;
}

/* --- identities ------------------------------------------------------------------------------ */

static char *
account_uid_for (InboxStore  *store,
                 const char  *key,
                 GError     **error)
{
  g_autoptr(GPtrArray) accounts = inbox_store_list_accounts_sync (store, key, error);

  if (accounts == NULL)
    return NULL;
  if (accounts->len == 0)
    {
      g_set_error (error, INBOX_ACCOUNT_ERROR, INBOX_ACCOUNT_ERROR_INVALID, "There is no account “%s”", key);
      return NULL;
    }
  return g_strdup (((InboxAccountConfig *) accounts->pdata[0])->uid);
}

static int
print_identities (InboxStore *store,
                  const char *account_uid,
                  gboolean    json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) identities = inbox_store_list_identities_sync (store, account_uid, &error);
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  if (identities == NULL)
    return fail ("identity", error);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "identities");
  json_builder_begin_array (builder);
  for (guint i = 0; i < identities->len; i++)
    {
      InboxIdentity *identity = identities->pdata[i];

      if (!json)
        {
          g_print ("%s\t%s\t%s%s\n", identity->address, identity->name, identity->is_alias ? "alias" : "account",
                   identity->never_auto ? "\tnever chosen automatically" : "");
          continue;
        }
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "account");
      json_builder_add_string_value (builder, identity->account_uid);
      json_builder_set_member_name (builder, "address");
      json_builder_add_string_value (builder, identity->address);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, identity->name);
      json_builder_set_member_name (builder, "alias");
      json_builder_add_boolean_value (builder, identity->is_alias);
      json_builder_set_member_name (builder, "signature");
      json_builder_add_string_value (builder, identity->signature);
      json_builder_set_member_name (builder, "reply_signature");
      json_builder_add_string_value (builder, identity->reply_signature);
      json_builder_set_member_name (builder, "signature_use");
      json_builder_add_string_value (builder, inbox_signature_use_to_string (identity->signature_use));
      json_builder_set_member_name (builder, "never_auto");
      json_builder_add_boolean_value (builder, identity->never_auto);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  if (json)
    inbox_cli_print_json (builder);
  return 0;
}

int
inbox_cli_identity (int    argc,
                    char **argv)
{
  g_autofree char *account = NULL, *address = NULL, *name = NULL, *signature = NULL, *signature_file = NULL;
  g_autofree char *reply_signature = NULL, *use = NULL;
  gboolean never_auto = FALSE, json = FALSE;
  const GOptionEntry entries[] = {
    { "account", 0, 0, G_OPTION_ARG_STRING, &account, N_("The account (its id or address)"), N_("ACCOUNT") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("The identity's address"), N_("ADDRESS") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The name mail is sent with"), N_("NAME") },
    { "signature", 0, 0, G_OPTION_ARG_STRING, &signature, N_("The signature"), N_("TEXT") },
    { "signature-file", 0, 0, G_OPTION_ARG_FILENAME, &signature_file, N_("Read the signature from a file"), N_("FILE") },
    { "reply-signature", 0, 0, G_OPTION_ARG_STRING, &reply_signature, N_("The signature for replies"), N_("TEXT") },
    { "signature-use", 0, 0, G_OPTION_ARG_STRING, &use, N_("all, first or first-then-reply"), N_("WHEN") },
    { "never-auto", 0, 0, G_OPTION_ARG_NONE, &never_auto, N_("Never choose this identity automatically"), NULL },
    { "json", 0, 0, G_OPTION_ARG_NONE, &json, N_("Print one JSON document on stdout"), NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("[list|add|remove]"));
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxStore) store = NULL;
  g_autofree char *account_uid = NULL;
  const char *command;

  g_option_context_set_summary (context, _("List, add or remove the identities (aliases and signatures) of accounts."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("inbox-cli identity: %s\n", error->message);
      return 2;
    }
  command = argc > 1 ? argv[1] : "list";
  if (!g_str_equal (command, "list") && (account == NULL || address == NULL))
    {
      g_printerr ("inbox-cli identity %s: --account and --address are required\n", command);
      return 2;
    }
  store = inbox_store_open (NULL, &error);
  if (store == NULL || (account != NULL && (account_uid = account_uid_for (store, account, &error)) == NULL))
    return fail ("identity", error);

  if (g_str_equal (command, "list"))
    return print_identities (store, account_uid, json);
  if (g_str_equal (command, "remove"))
    return inbox_store_remove_identity_sync (store, account_uid, address, &error) ? 0 : fail ("identity remove", error);
  if (g_str_equal (command, "add"))
    {
      g_autoptr(InboxIdentity) identity = inbox_identity_new (address, name != NULL ? name : "", signature, never_auto);

      if (signature_file != NULL)
        {
          g_free (identity->signature);
          identity->signature = NULL;
          if (!g_file_get_contents (signature_file, &identity->signature, NULL, &error))
            return fail ("identity add", error);
          g_strchomp (identity->signature);
        }
      identity->reply_signature = g_strdup (reply_signature);
      if (use != NULL && !inbox_signature_use_from_string (use, &identity->signature_use))
        {
          g_printerr ("inbox-cli identity add: --signature-use is all, first or first-then-reply\n");
          return 2;
        }
      return inbox_store_save_identity_sync (store, account_uid, identity, &error) ? 0 : fail ("identity add", error);
    }
  g_printerr ("inbox-cli identity: unknown command “%s” (list, add, remove)\n", command);
  return 2;
}

/* --- attachments ----------------------------------------------------------------------------- */

int
inbox_cli_attachment (int    argc,
                      char **argv)
{
  g_autofree char *output = NULL;
  const GOptionEntry entries[] = {
    { "output", 0, 0, G_OPTION_ARG_FILENAME, &output, N_("Where to save it (default: its name, here)"), N_("FILE") },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (_("MESSAGE-ID NAME"));
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxStore) store = NULL;
  g_autoptr(InboxSession) session = NULL;
  g_autoptr(InboxOutbox) outbox = NULL;
  g_autoptr(GBytes) attachment = NULL;
  g_autofree char *safe_name = NULL;
  InboxAttachmentInfo info = { 0 };
  Fetch fetch = { NULL, NULL, NULL };

  g_option_context_set_summary (context, _("Save an attachment of a message, fetched from its server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 3)
    {
      g_printerr ("inbox-cli attachment: %s\n", error != NULL ? error->message : _("give the Message-ID and the attachment's name"));
      return 2;
    }
  store = inbox_store_open (NULL, &error);
  if (store == NULL)
    return fail ("attachment", error);
  session = inbox_session_new ();
  outbox = inbox_outbox_new (session, store);
  fetch.outbox = outbox;
  fetch.message_id = argv[1];
  if (!inbox_cli_run_on_worker (fetch_work, &fetch, &error))
    return fail ("attachment", error);
  info.filename = argv[2];
  attachment = inbox_message_extract_attachment (fetch.bytes, &info, &error);
  g_bytes_unref (fetch.bytes);
  safe_name = g_path_get_basename (argv[2]);
  if (attachment == NULL ||
      !g_file_set_contents (output != NULL ? output : safe_name, g_bytes_get_data (attachment, NULL),
                            (gssize) g_bytes_get_size (attachment), &error))
    return fail ("attachment", error);
  return 0;
}
