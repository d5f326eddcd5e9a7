/* inbox-conversation-row.c: participants (or the subject first, a preference), the subject, a
 * one-line snippet, a relative time, an unread dot and bolder text when unread, and icons for
 * attachments, message count, star and drafts. Rows are recycled by GtkListView, so
 * set_conversation() resets everything it sets; a conversation's ::changed shows it again.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-conversation-row.h"

struct _InboxConversationRow
{
  GtkWidget parent_instance;

  GtkWidget *box;
  GtkWidget *unread_dot;
  GtkLabel *first_line;
  GtkWidget *draft_tag;
  GtkWidget *attachment_icon;
  GtkLabel *count_label;
  GtkLabel *time_label;
  GtkLabel *second_line;
  GtkWidget *star_icon;
  GtkLabel *snippet_label;

  InboxConversation *conversation;  /* shown; its ::changed shows it again */
  gulong changed_id;
  gboolean subject_first;
};

G_DEFINE_FINAL_TYPE (InboxConversationRow, inbox_conversation_row, GTK_TYPE_WIDGET)

static void
forget_conversation (InboxConversationRow *self)
{
  if (self->conversation == NULL)
    return;
  g_clear_signal_handler (&self->changed_id, self->conversation);
  g_clear_object (&self->conversation);
}

static void
inbox_conversation_row_dispose (GObject *object)
{
  forget_conversation (INBOX_CONVERSATION_ROW (object));
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_CONVERSATION_ROW);
  /* The template's root box is not bound to a field, so unparent it here. */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (inbox_conversation_row_parent_class)->dispose (object);
}

static void
inbox_conversation_row_class_init (InboxConversationRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = inbox_conversation_row_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-conversation-row.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "conversation-row");
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, box);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, unread_dot);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, first_line);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, draft_tag);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, attachment_icon);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, count_label);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, time_label);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, second_line);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, star_icon);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationRow, snippet_label);
}

static void
inbox_conversation_row_init (InboxConversationRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
inbox_conversation_row_new (void)
{
  return g_object_new (INBOX_TYPE_CONVERSATION_ROW, NULL);
}

/* "14:05" today, "Yesterday", a weekday within the week, "Nov 3" within the year, else "Mar 1,
 * 2024": the locale's short date (%x) was "03/01/24" in English, which reads as either day first
 * or month first, beside "Apr 8" in the same conversation. No padding ("%-e", "%-l"): GLib pads
 * with a figure space, which showed as a gap before the text. */
char *
inbox_format_relative_time (gint64   time,
                            gint64   now,
                            gboolean use_24h)
{
  g_autoptr(GDateTime) then = g_date_time_new_from_unix_local (time);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);
  g_autoptr(GDateTime) midnight = NULL;
  gint64 days_ago;

  if (then == NULL || today == NULL)
    return g_strdup ("");
  midnight = g_date_time_new_local (g_date_time_get_year (today), g_date_time_get_month (today),
                                    g_date_time_get_day_of_month (today), 0, 0, 0);
  if (g_date_time_compare (then, midnight) >= 0)
    /* Translators: a time today, in 24-hour and in 12-hour form (strftime). */
    return g_date_time_format (then, use_24h ? _("%H:%M") : _("%-l:%M %p"));
  days_ago = 1 + g_date_time_difference (midnight, then) / G_TIME_SPAN_DAY;
  if (days_ago == 1)
    return g_strdup (_("Yesterday"));
  if (days_ago < 7)
    return g_date_time_format (then, "%A");
  if (g_date_time_get_year (then) == g_date_time_get_year (today))
    /* Translators: a date this year (strftime). */
    return g_date_time_format (then, _("%b %-e"));
  /* Translators: a date in another year (strftime). */
  return g_date_time_format (then, _("%b %-e, %Y"));
}

/* The desktop's clock format; 24 h when the desktop schema is missing (uninstalled, tests). */
static gboolean
clock_is_24h (void)
{
  static int use_24h = -1;

  if (use_24h < 0)
    {
      GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
      g_autoptr(GSettingsSchema) schema = source != NULL ?
        g_settings_schema_source_lookup (source, "org.gnome.desktop.interface", TRUE) : NULL;

      use_24h = 1;
      if (schema != NULL && g_settings_schema_has_key (schema, "clock-format"))
        {
          g_autoptr(GSettings) settings = g_settings_new ("org.gnome.desktop.interface");
          g_autofree char *format = g_settings_get_string (settings, "clock-format");

          use_24h = g_strcmp0 (format, "12h") != 0;
        }
    }
  return use_24h == 1;
}

static char *
describe_participants (InboxConversation *conversation)
{
  const char * const *names = inbox_conversation_get_participant_names (conversation);
  const char * const *addresses = inbox_conversation_get_participant_addresses (conversation);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) parts = NULL;

  for (guint i = 0; names != NULL && names[i] != NULL; i++)
    {
      const char *name = *names[i] != '\0' ? names[i] : addresses[i];

      /* With several people, first names are enough to tell them apart. */
      if (g_strv_length ((GStrv) names) > 2 && strchr (name, ' ') != NULL && strchr (name, '@') == NULL)
        {
          g_autofree char *first = g_strndup (name, strchr (name, ' ') - name);
          g_strv_builder_add (builder, first);
        }
      else
        g_strv_builder_add (builder, name);
    }
  parts = g_strv_builder_end (builder);
  return parts[0] != NULL ? g_strjoinv (", ", parts) : g_strdup (_("(no sender)"));
}

static gboolean
is_draft (InboxConversation *conversation)
{
  const char * const *folders = inbox_conversation_get_folders (conversation);

  for (guint i = 0; folders != NULL && folders[i] != NULL; i++)
    {
      const char *slash = strrchr (folders[i], '/');
      const char *name = slash != NULL ? slash + 1 : folders[i];

      if (g_ascii_strcasecmp (name, "Drafts") == 0)
        return TRUE;
    }
  return FALSE;
}

static void
show_conversation (InboxConversationRow *self)
{
  InboxConversation *conversation = self->conversation;
  gboolean subject_first = self->subject_first;
  g_autofree char *participants = NULL;
  g_autofree char *time = NULL;
  g_autofree char *count = NULL;
  const char *subject;
  gboolean unread;
  guint messages;

  participants = describe_participants (conversation);
  subject = inbox_conversation_get_subject (conversation);
  if (subject == NULL || *subject == '\0')
    subject = _("(no subject)");
  unread = inbox_conversation_get_unread_count (conversation) > 0;
  messages = inbox_conversation_get_message_count (conversation);

  gtk_label_set_text (self->first_line, subject_first ? subject : participants);
  gtk_label_set_text (self->second_line, subject_first ? participants : subject);
  gtk_label_set_text (self->snippet_label, inbox_conversation_get_snippet (conversation));
  time = inbox_format_relative_time (inbox_conversation_get_last_activity (conversation),
                                     g_get_real_time () / G_USEC_PER_SEC, clock_is_24h ());
  gtk_label_set_text (self->time_label, time);

  if (messages > 1)
    count = g_strdup_printf ("%u", messages);
  gtk_label_set_text (self->count_label, count != NULL ? count : "");
  gtk_widget_set_visible (GTK_WIDGET (self->count_label), count != NULL);
  gtk_widget_set_visible (self->attachment_icon, inbox_conversation_get_has_attachment (conversation));
  gtk_widget_set_visible (self->star_icon, inbox_conversation_get_starred (conversation));
  gtk_widget_set_visible (self->draft_tag, is_draft (conversation));
  gtk_widget_set_opacity (self->unread_dot, unread ? 1.0 : 0.0);

  if (unread)
    gtk_widget_add_css_class (GTK_WIDGET (self), "unread");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "unread");
}

void
inbox_conversation_row_set_conversation (InboxConversationRow *self,
                                         InboxConversation    *conversation,
                                         gboolean              subject_first)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_ROW (self));
  g_return_if_fail (INBOX_IS_CONVERSATION (conversation));

  if (conversation != self->conversation)
    {
      forget_conversation (self);
      self->conversation = g_object_ref (conversation);
      /* The list model gives a changed conversation its new content in place (GTK keeps the row). */
      self->changed_id = g_signal_connect_swapped (conversation, "changed", G_CALLBACK (show_conversation), self);
    }
  self->subject_first = subject_first;
  show_conversation (self);
}

/* Compact rows leave out the snippet line. */
void
inbox_conversation_row_set_compact (InboxConversationRow *self,
                                    gboolean              compact)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_ROW (self));

  gtk_widget_set_visible (GTK_WIDGET (self->snippet_label), !compact);
}
