/* inbox-send-later.c: the composer's Send Later popover.
 *
 * The presets with the times they mean now (a preset past today moves to its next time), a typed
 * phrase ("next Tuesday at 3pm", the engine's inbox_time_parse) with the time it resolves to or why
 * it does not, a calendar that fills in a date, and — for a reply — "Discard if someone replies
 * before then". Choosing emits "chosen" with the time; the composer does the rest.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "inbox-engine.h"
#include "inbox-send-later.h"

struct _InboxSendLater
{
  GtkPopover parent_instance;

  GtkListBox *presets_list;
  GtkEntry *when_entry;
  GtkLabel *when_label;
  GtkCalendar *calendar;
  GtkWidget *schedule_button;
  GtkCheckButton *discard_check;

  GDateTime *typed_time;    /* what the entry says, when it parses */
};

G_DEFINE_FINAL_TYPE (InboxSendLater, inbox_send_later, GTK_TYPE_POPOVER)

enum { SIGNAL_CHOSEN, N_SIGNALS };
static guint signals[N_SIGNALS];

/* "today at 15:00", or "Tuesday 24 November at 08:00". */
char *
inbox_send_later_format_when (gint64 unix_time)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_time);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  if (g_date_time_get_year (when) == g_date_time_get_year (now) &&
      g_date_time_get_day_of_year (when) == g_date_time_get_day_of_year (now))
    return g_date_time_format (when, _("today at %H:%M"));
  return g_date_time_format (when, _("%A %-d %B at %H:%M"));
}

static void
choose (InboxSendLater *self,
        GDateTime      *when)
{
  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[SIGNAL_CHOSEN], 0, when);
}

static void
preset_activated (AdwActionRow   *row,
                  InboxSendLater *self)
{
  InboxTimePreset preset = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (row), "preset"));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) when = inbox_time_preset_resolve (preset, now);

  choose (self, when);
}

static void
fill_presets (InboxSendLater *self)
{
  static const struct { InboxTimePreset preset; const char *label; } presets[] = {
    { INBOX_TIME_LATER_TODAY, N_("Later Today") },
    { INBOX_TIME_THIS_AFTERNOON, N_("This Afternoon") },
    { INBOX_TIME_THIS_EVENING, N_("This Evening") },
    { INBOX_TIME_TOMORROW, N_("Tomorrow") },
    { INBOX_TIME_THIS_WEEKEND, N_("This Weekend") },
    { INBOX_TIME_NEXT_WEEK, N_("Next Week") },
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->presets_list))) != NULL)
    gtk_list_box_remove (self->presets_list, child);
  for (gsize i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      g_autoptr(GDateTime) when = inbox_time_preset_resolve (presets[i].preset, now);
      g_autofree char *subtitle = inbox_send_later_format_when (g_date_time_to_unix (when));
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(presets[i].label));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data (G_OBJECT (row), "preset", GINT_TO_POINTER (presets[i].preset));
      g_signal_connect (row, "activated", G_CALLBACK (preset_activated), self);
      gtk_list_box_append (self->presets_list, row);
    }
}

static void
when_changed (GtkEditable    *editable,
              InboxSendLater *self)
{
  const char *text = gtk_editable_get_text (editable);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;

  g_clear_pointer (&self->typed_time, g_date_time_unref);
  if (*text != '\0')
    self->typed_time = inbox_time_parse (text, now, &error);
  if (self->typed_time != NULL)
    {
      g_autofree char *when = inbox_send_later_format_when (g_date_time_to_unix (self->typed_time));

      gtk_label_set_text (self->when_label, when);
    }
  else
    gtk_label_set_text (self->when_label, error != NULL ? error->message : "");
  gtk_widget_set_sensitive (self->schedule_button, self->typed_time != NULL);
}

static void
day_selected (GtkCalendar    *calendar,
              InboxSendLater *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  int hour = self->typed_time != NULL ? g_date_time_get_hour (self->typed_time) : 8;
  int minute = self->typed_time != NULL ? g_date_time_get_minute (self->typed_time) : 0;
  g_autofree char *day = g_date_time_format (date, "%Y-%m-%d");
  g_autofree char *text = g_strdup_printf ("%s %02d:%02d", day, hour, minute);

  gtk_editable_set_text (GTK_EDITABLE (self->when_entry), text);
}

static void
schedule_typed_activated (GtkWidget  *widget,
                          const char *action_name,
                          GVariant   *parameter)
{
  InboxSendLater *self = INBOX_SEND_LATER (widget);
  g_autoptr(GDateTime) when = self->typed_time != NULL ? g_date_time_ref (self->typed_time) : NULL;

  if (when != NULL)
    choose (self, when);
}

/* Offers "Discard if someone replies before then" (only a reply can be answered first). */
void
inbox_send_later_set_can_discard (InboxSendLater *self,
                                  gboolean        can_discard)
{
  g_return_if_fail (INBOX_IS_SEND_LATER (self));

  gtk_widget_set_visible (GTK_WIDGET (self->discard_check), can_discard);
  if (!can_discard)
    gtk_check_button_set_active (self->discard_check, FALSE);
}

gboolean
inbox_send_later_get_discard_if_reply (InboxSendLater *self)
{
  g_return_val_if_fail (INBOX_IS_SEND_LATER (self), FALSE);

  return gtk_widget_get_visible (GTK_WIDGET (self->discard_check)) && gtk_check_button_get_active (self->discard_check);
}

static void
inbox_send_later_finalize (GObject *object)
{
  g_clear_pointer (&INBOX_SEND_LATER (object)->typed_time, g_date_time_unref);
  G_OBJECT_CLASS (inbox_send_later_parent_class)->finalize (object);
}

static void
inbox_send_later_class_init (InboxSendLaterClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = inbox_send_later_finalize;
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-send-later.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxSendLater, presets_list);
  gtk_widget_class_bind_template_child (widget_class, InboxSendLater, when_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxSendLater, when_label);
  gtk_widget_class_bind_template_child (widget_class, InboxSendLater, calendar);
  gtk_widget_class_bind_template_child (widget_class, InboxSendLater, schedule_button);
  gtk_widget_class_bind_template_child (widget_class, InboxSendLater, discard_check);
  gtk_widget_class_install_action (widget_class, "send-later.schedule-typed", NULL, schedule_typed_activated);

  /**
   * InboxSendLater::chosen:
   * @when: the time the message is to go
   */
  signals[SIGNAL_CHOSEN] = g_signal_new ("chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_DATE_TIME);
}

static void
inbox_send_later_init (InboxSendLater *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect (self->when_entry, "changed", G_CALLBACK (when_changed), self);
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (day_selected), self);
  g_signal_connect_swapped (self, "show", G_CALLBACK (fill_presets), self);
}
