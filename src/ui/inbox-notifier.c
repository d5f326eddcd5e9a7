/* inbox-notifier.c: a GNotification when new mail arrives in the Inbox.
 *
 * "New" is a conversation entering the Inbox, unread, with activity after the app started (so
 * neither a first sync of years of mail nor an undo notifies). Arrivals within two seconds are
 * grouped, and more than three become one "N new conversations" notification. One conversation
 * gets Archive and Mark as Read buttons (app.notification-archive / -read, with its id); a click
 * opens the app. Accounts muted in Preferences (GSettings "muted-accounts") are left out.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-notifier.h"

#define GROUP_MS 2000

struct _InboxNotifier
{
  GObject parent_instance;

  GApplication *application;  /* not owned: it owns us */
  InboxStore *store;
  GSettings *settings;         /* NULL when the schema is not installed */
  gint64 started;              /* unix time */
  GArray *pending;             /* gint64 conversation ids waiting for the group to close */
  guint timeout;
};

G_DEFINE_FINAL_TYPE (InboxNotifier, inbox_notifier, G_TYPE_OBJECT)

static gboolean
is_muted (InboxNotifier     *self,
          InboxConversation *conversation)
{
  g_auto(GStrv) muted = self->settings != NULL ? g_settings_get_strv (self->settings, "muted-accounts") : NULL;
  const char * const *accounts = inbox_conversation_get_accounts (conversation);

  for (guint i = 0; muted != NULL && accounts != NULL && accounts[i] != NULL; i++)
    if (!g_strv_contains ((const char * const *) muted, accounts[i]))
      return FALSE;
  return muted != NULL && muted[0] != NULL && accounts != NULL && accounts[0] != NULL;
}

static InboxConversation *
find_in_inbox (InboxNotifier *self,
               gint64         id)
{
  /* The newest page is where new mail is. */
  g_autoptr(GPtrArray) page = inbox_store_list_conversations_sync (self->store, "inbox", 0, 50, NULL);

  for (guint i = 0; page != NULL && i < page->len; i++)
    if (inbox_conversation_get_id (page->pdata[i]) == id)
      return g_object_ref (page->pdata[i]);
  return NULL;
}

static void
send_one (InboxNotifier     *self,
          InboxConversation *conversation)
{
  g_autoptr(GNotification) notification = NULL;
  const char * const *names = inbox_conversation_get_participant_names (conversation);
  const char * const *addresses = inbox_conversation_get_participant_addresses (conversation);
  guint n = names != NULL ? g_strv_length ((GStrv) names) : 0;
  const char *sender = n > 0 ? (*names[n - 1] != '\0' ? names[n - 1] : addresses[n - 1]) : _("Someone");
  g_autofree char *body = g_strdup_printf ("%s\n%s", inbox_conversation_get_subject (conversation),
                                           inbox_conversation_get_snippet (conversation));
  gint64 id = inbox_conversation_get_id (conversation);

  notification = g_notification_new (sender);
  g_notification_set_body (notification, body);
  g_notification_set_category (notification, "email.arrived");
  g_notification_set_default_action (notification, "app.activate");
  g_notification_add_button_with_target (notification, _("Archive"), "app.notification-archive", "x", id);
  g_notification_add_button_with_target (notification, _("Mark as Read"), "app.notification-read", "x", id);
  g_application_send_notification (self->application, "new-mail", notification);
}

static gboolean
flush (gpointer data)
{
  InboxNotifier *self = data;
  g_autoptr(GPtrArray) fresh = g_ptr_array_new_with_free_func (g_object_unref);

  self->timeout = 0;
  for (guint i = 0; i < self->pending->len; i++)
    {
      InboxConversation *conversation = find_in_inbox (self, g_array_index (self->pending, gint64, i));

      if (conversation != NULL && inbox_conversation_get_unread_count (conversation) > 0 && !is_muted (self, conversation))
        g_ptr_array_add (fresh, conversation);
      else
        g_clear_object (&conversation);
    }
  g_array_set_size (self->pending, 0);

  if (fresh->len == 1)
    send_one (self, fresh->pdata[0]);
  else if (fresh->len > 1)
    {
      g_autoptr(GNotification) notification = NULL;
      g_autofree char *title = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new conversation",
                                                             "%u new conversations", fresh->len), fresh->len);
      g_autoptr(GString) body = g_string_new (NULL);

      for (guint i = 0; i < fresh->len && i < 3; i++)
        g_string_append_printf (body, "%s%s", i > 0 ? "\n" : "", inbox_conversation_get_subject (fresh->pdata[i]));
      notification = g_notification_new (title);
      g_notification_set_body (notification, body->str);
      g_notification_set_category (notification, "email.arrived");
      g_notification_set_default_action (notification, "app.activate");
      g_application_send_notification (self->application, "new-mail", notification);
    }
  return G_SOURCE_REMOVE;
}

static void
on_store_changed (InboxStore *store,
                  GPtrArray  *changes,
                  gpointer    user_data)
{
  InboxNotifier *self = user_data;

  for (guint i = 0; i < changes->len; i++)
    {
      InboxStoreChange *change = changes->pdata[i];

      /* A Date a few minutes before the app started is still news when it arrives after. */
      if (g_str_equal (change->mailbox, "inbox") && change->old_key < 0 && change->new_key >= self->started - 300)
        g_array_append_val (self->pending, change->conversation_id);
    }
  if (self->pending->len > 0 && self->timeout == 0)
    self->timeout = g_timeout_add (GROUP_MS, flush, self);
}

static void
inbox_notifier_dispose (GObject *object)
{
  InboxNotifier *self = INBOX_NOTIFIER (object);

  g_clear_handle_id (&self->timeout, g_source_remove);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->pending, g_array_unref);

  G_OBJECT_CLASS (inbox_notifier_parent_class)->dispose (object);
}

static void
inbox_notifier_class_init (InboxNotifierClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = inbox_notifier_dispose;
}

static void
inbox_notifier_init (InboxNotifier *self)
{
  self->pending = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->started = g_get_real_time () / G_USEC_PER_SEC;
}

InboxNotifier *
inbox_notifier_new (GApplication *application,
                    InboxStore   *store)
{
  InboxNotifier *self = g_object_new (INBOX_TYPE_NOTIFIER, NULL);
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = source != NULL ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  self->application = application;
  self->store = g_object_ref (store);
  if (schema != NULL && g_settings_schema_has_key (schema, "muted-accounts"))
    self->settings = g_settings_new (APP_ID);
  g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  return self;
}
