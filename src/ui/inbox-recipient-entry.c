/* inbox-recipient-entry.c: an address field (To, Cc, Bcc) whose addresses become chips.
 *
 * What is typed becomes a chip at a comma, a semicolon or a line break (outside quotes, so
 * "Lovelace, Ada" <ada@x.org> stays one), on Enter, when the field loses focus, and when a contact
 * is chosen from the completions. A pasted list becomes a chip per address. Something that is not
 * an address becomes a chip marked as wrong (never dropped); clicking a chip, or Backspace at the
 * start of the field, puts its text back to be corrected.
 *
 * Completion asks the store for contacts ranked by how often and how recently I wrote to them, on
 * a worker: a big mailbox has many, and typing must never wait for them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>


#include "inbox-recipient-chip.h"
#include "inbox-recipient-entry.h"
#include "inbox-wrap-layout.h"

struct _InboxRecipientEntry
{
  GtkWidget parent_instance;

  GtkEntry *entry;

  InboxStore *store;
  GCancellable *completing;
  gboolean committing;   /* the field's text is being set by us, not typed */
  char *placeholder;     /* shown while there is no recipient yet */
};

enum { PROP_0, PROP_PLACEHOLDER_TEXT, N_PROPS };
static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (InboxRecipientEntry, inbox_recipient_entry, GTK_TYPE_WIDGET)

enum { SIGNAL_CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The placeholder says what goes in an empty field, and would only be in the way after chips. */
static void
update_placeholder (InboxRecipientEntry *self)
{
  gboolean empty = gtk_widget_get_first_child (GTK_WIDGET (self)) == GTK_WIDGET (self->entry);

  if (self->entry == NULL)
    return;  /* the template's properties come before its children */
  gtk_entry_set_placeholder_text (self->entry, empty ? self->placeholder : NULL);
}

static void
emit_changed (InboxRecipientEntry *self)
{
  update_placeholder (self);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
}

static void
set_entry_text (InboxRecipientEntry *self,
                const char          *text)
{
  self->committing = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), text);
  gtk_editable_set_position (GTK_EDITABLE (self->entry), -1);
  self->committing = FALSE;
}

static void chip_removed (InboxRecipientChip *chip, InboxRecipientEntry *self);
static void chip_edited (InboxRecipientChip *chip, InboxRecipientEntry *self);

static void
add_chips (InboxRecipientEntry *self,
           const char          *text)
{
  g_autoptr(GPtrArray) recipients = inbox_recipients_parse (text);

  for (guint i = 0; i < recipients->len; i++)
    {
      GtkWidget *chip = inbox_recipient_chip_new (recipients->pdata[i]);

      g_signal_connect (chip, "remove", G_CALLBACK (chip_removed), self);
      g_signal_connect (chip, "edit", G_CALLBACK (chip_edited), self);
      gtk_widget_insert_before (chip, GTK_WIDGET (self), GTK_WIDGET (self->entry));
    }
  update_placeholder (self);
}

/* The whole text of the field, typed text included, is made chips. */
static void
commit_all (InboxRecipientEntry *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));

  if (*text == '\0')
    return;
  add_chips (self, text);
  set_entry_text (self, "");
}

/* Where what is typed has a finished part: just after its last separator outside quotes and
 * angle brackets; 0 when there is none yet. */
static gsize
finished_length (const char *text)
{
  gboolean quoted = FALSE;
  int angle = 0;
  gsize end = 0;

  for (gsize i = 0; text[i] != '\0'; i++)
    {
      if (text[i] == '"')
        quoted = !quoted;
      else if (quoted && text[i] == '\\' && text[i + 1] != '\0')
        i++;
      else if (!quoted && text[i] == '<')
        angle++;
      else if (!quoted && text[i] == '>' && angle > 0)
        angle--;
      else if (!quoted && angle == 0 && strchr (",;\n\r", text[i]) != NULL)
        end = i + 1;
    }
  return end;
}

static void
chip_removed (InboxRecipientChip  *chip,
              InboxRecipientEntry *self)
{
  gtk_widget_unparent (GTK_WIDGET (chip));
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  emit_changed (self);
}

/* A chip's text goes back into the field to be corrected; what was being typed becomes a chip. */
static void
chip_edited (InboxRecipientChip  *chip,
             InboxRecipientEntry *self)
{
  g_autofree char *text = g_strdup (inbox_recipient_chip_get_text (chip));

  commit_all (self);
  gtk_widget_unparent (GTK_WIDGET (chip));
  set_entry_text (self, text);
  gtk_widget_grab_focus (GTK_WIDGET (self->entry));
  emit_changed (self);
}

/* --- completion ------------------------------------------------------------------------------ */

G_GNUC_BEGIN_IGNORE_DEPRECATIONS

static void
completion_thread (GTask        *task,
                   gpointer      source,
                   gpointer      data,
                   GCancellable *cancellable)
{
  InboxStore *store = g_object_get_data (G_OBJECT (task), "store");
  GStrv matches = inbox_store_complete_address_sync (store, data, 8, NULL);

  g_task_return_pointer (task, matches, (GDestroyNotify) g_strfreev);
}

static void
completions_ready (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_auto(GStrv) matches = g_task_propagate_pointer (G_TASK (result), NULL);
  InboxRecipientEntry *self = INBOX_RECIPIENT_ENTRY (object);
  GtkEntryCompletion *completion;
  GtkListStore *model;

  /* A newer keystroke cancelled this one: its matches are for text no longer there. */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  completion = gtk_entry_get_completion (self->entry);
  model = GTK_LIST_STORE (gtk_entry_completion_get_model (completion));
  gtk_list_store_clear (model);
  for (gsize i = 0; matches != NULL && matches[i] != NULL; i++)
    gtk_list_store_insert_with_values (model, NULL, -1, 0, matches[i], -1);
  if (matches != NULL && matches[0] != NULL)
    gtk_entry_completion_complete (completion);
}

static void
complete (InboxRecipientEntry *self)
{
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->completing);
  g_clear_object (&self->completing);
  if (g_utf8_strlen (token, -1) < 2 || self->store == NULL)
    {
      gtk_list_store_clear (GTK_LIST_STORE (gtk_entry_completion_get_model (gtk_entry_get_completion (self->entry))));
      return;
    }
  self->completing = g_cancellable_new ();
  task = g_task_new (self, self->completing, completions_ready, NULL);
  g_object_set_data_full (G_OBJECT (task), "store", g_object_ref (self->store), g_object_unref);
  g_task_set_task_data (task, g_steal_pointer (&token), g_free);
  g_task_run_in_thread (task, completion_thread);
}

static gboolean
match_any (GtkEntryCompletion *completion,
           const char         *key,
           GtkTreeIter        *iter,
           gpointer            user_data)
{
  return TRUE;  /* the model holds only matches already */
}

static gboolean
completion_selected (GtkEntryCompletion  *completion,
                     GtkTreeModel        *model,
                     GtkTreeIter         *iter,
                     InboxRecipientEntry *self)
{
  g_autofree char *address = NULL;

  gtk_tree_model_get (model, iter, 0, &address, -1);
  add_chips (self, address);
  set_entry_text (self, "");
  emit_changed (self);
  return TRUE;
}

static void
setup_completion (InboxRecipientEntry *self)
{
  g_autoptr(GtkEntryCompletion) completion = gtk_entry_completion_new ();
  g_autoptr(GtkListStore) model = gtk_list_store_new (1, G_TYPE_STRING);

  gtk_entry_completion_set_model (completion, GTK_TREE_MODEL (model));
  gtk_entry_completion_set_text_column (completion, 0);
  gtk_entry_completion_set_match_func (completion, match_any, NULL, NULL);
  gtk_entry_completion_set_minimum_key_length (completion, 2);
  g_signal_connect (completion, "match-selected", G_CALLBACK (completion_selected), self);
  gtk_entry_set_completion (self->entry, completion);
}

G_GNUC_END_IGNORE_DEPRECATIONS

/* --- typing ---------------------------------------------------------------------------------- */

static void
text_changed (InboxRecipientEntry *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  gsize finished = finished_length (text);

  if (self->committing)
    return;
  if (finished > 0)
    {
      g_autofree char *done = g_strndup (text, finished);
      g_autofree char *rest = g_strdup (text + finished);

      add_chips (self, done);
      set_entry_text (self, g_strchug (rest));
    }
  complete (self);
  emit_changed (self);
}

static gboolean
key_pressed (GtkEventControllerKey *controller,
             guint                  keyval,
             guint                  keycode,
             GdkModifierType        state,
             InboxRecipientEntry   *self)
{
  GtkWidget *last = gtk_widget_get_prev_sibling (GTK_WIDGET (self->entry));

  if (keyval != GDK_KEY_BackSpace || last == NULL ||
      gtk_editable_get_position (GTK_EDITABLE (self->entry)) != 0 ||
      *gtk_editable_get_text (GTK_EDITABLE (self->entry)) != '\0')
    return GDK_EVENT_PROPAGATE;
  chip_edited (INBOX_RECIPIENT_CHIP (last), self);
  return GDK_EVENT_STOP;
}

static void
focus_left (InboxRecipientEntry *self)
{
  commit_all (self);
}

/* --- the widget ------------------------------------------------------------------------------ */

static gboolean
grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (INBOX_RECIPIENT_ENTRY (widget)->entry));
}

static void
inbox_recipient_entry_dispose (GObject *object)
{
  InboxRecipientEntry *self = INBOX_RECIPIENT_ENTRY (object);
  GtkWidget *child;

  g_cancellable_cancel (self->completing);
  g_clear_object (&self->completing);
  g_clear_object (&self->store);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL && child != GTK_WIDGET (self->entry))
    gtk_widget_unparent (child);
  gtk_widget_dispose_template (GTK_WIDGET (object), INBOX_TYPE_RECIPIENT_ENTRY);
  G_OBJECT_CLASS (inbox_recipient_entry_parent_class)->dispose (object);
}

static void
inbox_recipient_entry_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  InboxRecipientEntry *self = INBOX_RECIPIENT_ENTRY (object);

  switch (prop_id)
    {
    case PROP_PLACEHOLDER_TEXT:
      g_free (self->placeholder);
      self->placeholder = g_value_dup_string (value);
      update_placeholder (self);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_recipient_entry_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  switch (prop_id)
    {
    case PROP_PLACEHOLDER_TEXT:
      g_value_set_string (value, INBOX_RECIPIENT_ENTRY (object)->placeholder);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_recipient_entry_finalize (GObject *object)
{
  g_free (INBOX_RECIPIENT_ENTRY (object)->placeholder);
  G_OBJECT_CLASS (inbox_recipient_entry_parent_class)->finalize (object);
}

static void
inbox_recipient_entry_class_init (InboxRecipientEntryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = inbox_recipient_entry_dispose;
  object_class->finalize = inbox_recipient_entry_finalize;
  object_class->set_property = inbox_recipient_entry_set_property;
  object_class->get_property = inbox_recipient_entry_get_property;
  widget_class->grab_focus = grab_focus;

  properties[PROP_PLACEHOLDER_TEXT] =
    g_param_spec_string ("placeholder-text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* "changed": the recipients changed (typed, chosen, removed). */
  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                          NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (INBOX_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_template_from_resource (widget_class, "/com/example/Inbox/ui/inbox-recipient-entry.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxRecipientEntry, entry);
  gtk_widget_class_set_layout_manager_type (widget_class, INBOX_TYPE_WRAP_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
inbox_recipient_entry_init (InboxRecipientEntry *self)
{
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  setup_completion (self);
  g_signal_connect_swapped (self->entry, "changed", G_CALLBACK (text_changed), self);
  g_signal_connect_swapped (self->entry, "activate", G_CALLBACK (commit_all), self);
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (key_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);
  g_signal_connect_swapped (focus, "leave", G_CALLBACK (focus_left), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), focus);
  update_placeholder (self);
}

/* The contacts that completion offers come from this store. */
void
inbox_recipient_entry_set_store (InboxRecipientEntry *self,
                                 InboxStore          *store)
{
  g_return_if_fail (INBOX_IS_RECIPIENT_ENTRY (self));

  g_set_object (&self->store, store);
}

/* The recipients as an address list ("Ada <ada@x.org>, bob@y.net"), with what is still being typed. */
char *
inbox_recipient_entry_dup_text (InboxRecipientEntry *self)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *typed = NULL;

  g_return_val_if_fail (INBOX_IS_RECIPIENT_ENTRY (self), NULL);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != GTK_WIDGET (self->entry);
       child = gtk_widget_get_next_sibling (child))
    g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "",
                            inbox_recipient_chip_get_text (INBOX_RECIPIENT_CHIP (child)));
  typed = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry))));
  if (*typed != '\0')
    g_string_append_printf (text, "%s%s", text->len > 0 ? ", " : "", typed);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* Replaces the recipients with those of an address list, each a chip. */
void
inbox_recipient_entry_set_text (InboxRecipientEntry *self,
                                const char          *text)
{
  GtkWidget *child;

  g_return_if_fail (INBOX_IS_RECIPIENT_ENTRY (self));

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != GTK_WIDGET (self->entry))
    gtk_widget_unparent (child);
  set_entry_text (self, "");
  add_chips (self, text);
  emit_changed (self);
}

/* Whether every recipient is an address; the field is marked (and its tooltip says why) if not. */
gboolean
inbox_recipient_entry_check (InboxRecipientEntry *self,
                             GError             **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (INBOX_IS_RECIPIENT_ENTRY (self), FALSE);

  text = inbox_recipient_entry_dup_text (self);
  if (inbox_address_list_check (text, NULL, &local_error))
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), NULL);
      return TRUE;
    }
  gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->entry), local_error->message);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

guint
inbox_recipient_entry_get_n_chips (InboxRecipientEntry *self)
{
  guint n = 0;

  g_return_val_if_fail (INBOX_IS_RECIPIENT_ENTRY (self), 0);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self)); child != GTK_WIDGET (self->entry);
       child = gtk_widget_get_next_sibling (child))
    n++;
  return n;
}

/* The text entry at the end, where addresses are typed. */
GtkEntry *
inbox_recipient_entry_get_entry (InboxRecipientEntry *self)
{
  g_return_val_if_fail (INBOX_IS_RECIPIENT_ENTRY (self), NULL);

  return self->entry;
}
