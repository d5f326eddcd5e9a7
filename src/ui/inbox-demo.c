/* inbox-demo.c: runs `inbox-demo DIR` (a private Dovecot and SMTP sink on 127.0.0.1 with a few
 * hundred generated messages, see src/demo/inbox-demo) and reads the one JSON line it prints when
 * its servers listen. Its standard input stays open while the app runs; closing it stops the
 * servers. DIR is $XDG_DATA_HOME/inbox/demo, so the demo's mail and ports last across restarts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>

#include "inbox-demo.h"

struct _InboxDemo
{
  GObject parent_instance;

  GSubprocess *process;
};

G_DEFINE_FINAL_TYPE (InboxDemo, inbox_demo, G_TYPE_OBJECT)

static void
inbox_demo_dispose (GObject *object)
{
  inbox_demo_stop (INBOX_DEMO (object));

  G_OBJECT_CLASS (inbox_demo_parent_class)->dispose (object);
}

static void
inbox_demo_class_init (InboxDemoClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = inbox_demo_dispose;
}

static void
inbox_demo_init (InboxDemo *self)
{
}

InboxDemo *
inbox_demo_new (void)
{
  return g_object_new (INBOX_TYPE_DEMO, NULL);
}

static void
line_read (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);
  JsonObject *answer;
  InboxAccountConfig *config;

  if (line == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, _("The demo mailbox did not start%s%s"),
                               error != NULL ? ": " : "", error != NULL ? error->message : "");
      return;
    }
  if (!json_parser_load_from_data (parser, line, -1, &error) || !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, _("The demo mailbox said something odd: %s"), line);
      return;
    }
  answer = json_node_get_object (json_parser_get_root (parser));
  if (json_object_has_member (answer, "error"))
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_FAILED, "%s", json_object_get_string_member (answer, "error"));
      return;
    }

  config = inbox_account_config_new (json_object_get_string_member (answer, "email"));
  g_free (config->display_name);
  config->display_name = g_strdup (json_object_get_string_member (answer, "name"));
  g_free (config->description);
  config->description = g_strdup (INBOX_DEMO_DESCRIPTION);
  config->imap_host = g_strdup ("127.0.0.1");
  config->imap_port = (guint) json_object_get_int_member (answer, "imap_port");
  config->imap_security = INBOX_SECURITY_TLS;
  config->imap_user = g_strdup (config->email);
  config->smtp_host = g_strdup ("127.0.0.1");
  config->smtp_port = (guint) json_object_get_int_member (answer, "smtp_port");
  config->smtp_security = INBOX_SECURITY_NONE;  /* loopback only, and the sink keeps nothing */
  config->pinned_certificate = g_strdup (json_object_get_string_member (answer, "fingerprint"));
  g_object_set_data_full (G_OBJECT (task), "password", g_strdup (json_object_get_string_member (answer, "password")), g_free);
  g_task_return_pointer (task, config, (GDestroyNotify) inbox_account_config_free);
}

static char *
find_program (void)
{
  const char *path = g_getenv ("INBOX_DEMO");

  return g_strdup (path != NULL && *path != '\0' ? path : INBOX_LIBEXECDIR "/inbox-demo");
}

void
inbox_demo_start_async (InboxDemo           *self,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  g_autoptr(GTask) task = g_task_new (self, cancellable, callback, user_data);
  g_autoptr(GError) error = NULL;
  g_autofree char *program = find_program ();
  g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "inbox", "demo", NULL);
  g_autoptr(GDataInputStream) out = NULL;

  g_task_set_source_tag (task, inbox_demo_start_async);
  if (self->process != NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_EXISTS, _("The demo mailbox is already running"));
      return;
    }
  self->process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                                    program, dir, NULL);
  if (self->process == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, _("The demo mailbox cannot start: %s"), error->message);
      return;
    }
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (self->process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, cancellable, line_read, g_steal_pointer (&task));
}

InboxAccountConfig *
inbox_demo_start_finish (InboxDemo     *self,
                         GAsyncResult  *result,
                         char         **password,
                         GError       **error)
{
  InboxAccountConfig *config;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  config = g_task_propagate_pointer (G_TASK (result), error);
  if (config == NULL)
    inbox_demo_stop (self);
  else if (password != NULL)
    *password = g_strdup (g_object_get_data (G_OBJECT (result), "password"));
  return config;
}

/* Closing its standard input tells the demo to stop its servers and exit. */
void
inbox_demo_stop (InboxDemo *self)
{
  g_return_if_fail (INBOX_IS_DEMO (self));

  if (self->process == NULL)
    return;
  g_output_stream_close (g_subprocess_get_stdin_pipe (self->process), NULL, NULL);
  if (!g_subprocess_wait (self->process, NULL, NULL))
    g_subprocess_force_exit (self->process);
  g_clear_object (&self->process);
}
