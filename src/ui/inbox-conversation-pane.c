/* inbox-conversation-pane.c: the conversation list pane of the main window.
 *
 * It owns what the list needs: the InboxConversationList it shows (a mailbox or a search), the
 * selection and what to select again after a live update, and the first-frame slice below. The
 * window decides what a selection means (open the conversation, enable actions): it listens to
 * "selection-changed".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "inbox-conversation-pane.h"
#include "inbox-conversation-row.h"
#include "inbox-outbox-view.h"

struct _InboxConversationPane
{
  GtkWidget parent_instance;

  AdwWindowTitle *list_title;
  GtkSearchBar *search_bar;
  GtkSearchEntry *search_entry;
  GtkLabel *search_error;
  GtkStack *list_stack;
  GtkListView *list_view;
  AdwStatusPage *empty_list_page;
  InboxOutboxView *outbox_view;

  InboxMailService *service;
  GSettings *settings;             /* the rows' look; NULL without the schema */
  gboolean folded;
  GListModel *conversations;       /* the InboxConversationList shown */
  GtkMultiSelection *selection;
  GtkSliceListModel *slice;        /* the conversations the list view may build rows for */
  guint grow_tick;
  guint grow_frames;
  char *mailbox;
  char *mailbox_title;
  GArray *selected_ids;            /* gint64: what to reselect after a live update */
  guint select_after;              /* position + 1 of the first conversation moved away, or 0 */
  GArray *moving_ids;              /* gint64: the conversations moved away, until they have gone */
  GArray *restoring_ids;           /* gint64: brought back by Undo, to select once the list has them */
  gboolean reselecting;
  gboolean restoring;              /* restore_selection is selecting */
  guint restore_timeout;           /* until when restoring_ids are kept once selected */
  guint to_top_id;                 /* idle: back to the top after rows came in above it */
};

G_DEFINE_FINAL_TYPE (InboxConversationPane, inbox_conversation_pane, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_FOLDED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  SIGNAL_SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Selections bigger than this are not followed through live updates (it would page them all in). */
#define MAX_TRACKED_SELECTION 500

/* GTK 4.8's GtkListView keeps up to 200 rows built around its anchor, and builds them all as soon
 * as it gets a model, before it knows how tall it is: 200 rows took ~200 ms to build and ~150 ms
 * more to measure, before the first frame with conversations (docs/benchmarks.md). So the list
 * view first sees as many conversations as the window can show, and the rest after that frame,
 * ROWS_PER_FRAME more a frame until the 200 rows exist; then the whole list. What it costs: for a
 * few frames the scrollbar is shorter than the list. */
#define MIN_ROW_HEIGHT 48
#define ROWS_PER_FRAME 40
#define ROWS_BUILT_BY_GTK 240

static gboolean
settings_flag (InboxConversationPane *self,
               const char            *key)
{
  return self->settings != NULL && g_settings_get_boolean (self->settings, key);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           gpointer                  user_data)
{
  gtk_list_item_set_child (item, inbox_conversation_row_new ());
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          InboxConversationPane    *self)
{
  InboxConversationRow *row = INBOX_CONVERSATION_ROW (gtk_list_item_get_child (item));

  inbox_conversation_row_set_conversation (row, gtk_list_item_get_item (item), settings_flag (self, "subject-first"));
  inbox_conversation_row_set_compact (row, settings_flag (self, "compact-list"));
}

/* The rows' look changed in Preferences: bind the visible rows again. */
static void
rebind_rows (InboxConversationPane *self)
{
  GtkSelectionModel *model = gtk_list_view_get_model (self->list_view);

  if (model == NULL)
    return;
  g_object_ref (model);
  gtk_list_view_set_model (self->list_view, NULL);
  gtk_list_view_set_model (self->list_view, model);
  g_object_unref (model);
}

/* --- the selection ------------------------------------------------------------------------------ */

GPtrArray *
inbox_conversation_pane_get_selected (InboxConversationPane *self,
                                      guint                  limit)
{
  g_autoptr(GtkBitset) selected = NULL;
  GPtrArray *conversations = g_ptr_array_new_with_free_func (g_object_unref);
  GtkBitsetIter iter;
  guint position;

  g_return_val_if_fail (INBOX_IS_CONVERSATION_PANE (self), conversations);

  if (self->selection == NULL)
    return conversations;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  for (gboolean ok = gtk_bitset_iter_init_first (&iter, selected, &position); ok && conversations->len < limit;
       ok = gtk_bitset_iter_next (&iter, &position))
    {
      InboxConversation *conversation = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

      if (conversation != NULL)
        g_ptr_array_add (conversations, conversation);
    }
  return conversations;
}

GArray *
inbox_conversation_pane_get_selected_ids (InboxConversationPane *self,
                                          guint                  limit)
{
  g_autoptr(GPtrArray) conversations = inbox_conversation_pane_get_selected (self, limit);
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), conversations->len);

  for (guint i = 0; i < conversations->len; i++)
    {
      gint64 id = inbox_conversation_get_id (conversations->pdata[i]);
      g_array_append_val (ids, id);
    }
  return ids;
}

guint
inbox_conversation_pane_count_selected (InboxConversationPane *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  g_return_val_if_fail (INBOX_IS_CONVERSATION_PANE (self), 0);

  if (self->selection == NULL)
    return 0;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  return (guint) MIN (gtk_bitset_get_size (selected), G_MAXUINT);
}

/* How long what Undo brought back stays wanted once selected: the list may still let it go and
 * take it back (an Undo pressed before the list had applied the move), and then it is selected
 * and opened again. A selection of the user's own ends it sooner. */
#define RESTORE_SECONDS 3

static void
stop_restoring (InboxConversationPane *self)
{
  g_array_set_size (self->restoring_ids, 0);
  g_clear_handle_id (&self->restore_timeout, g_source_remove);
}

static gboolean
restore_expired (gpointer data)
{
  InboxConversationPane *self = data;

  self->restore_timeout = 0;
  g_array_set_size (self->restoring_ids, 0);
  return G_SOURCE_REMOVE;
}

static void
selection_changed_cb (GtkSelectionModel     *model,
                      guint                  position,
                      guint                  n_items,
                      InboxConversationPane *self)
{
  if (self->reselecting)
    return;
  /* The user chose something else: what Undo brought back is no longer to be selected again. */
  if (!self->restoring && self->restoring_ids->len > 0)
    stop_restoring (self);

  g_array_set_size (self->selected_ids, 0);
  if (inbox_conversation_pane_count_selected (self) <= MAX_TRACKED_SELECTION)
    {
      g_autoptr(GArray) ids = inbox_conversation_pane_get_selected_ids (self, MAX_TRACKED_SELECTION);
      g_array_append_vals (self->selected_ids, ids->data, ids->len);
    }
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

/* Selects the row where the first moved conversation was; with only_gone, only once the
 * conversation there is none of those that moved (the list has let them go). */
static void
select_in_place (InboxConversationPane *self,
                 gboolean               only_gone)
{
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
  guint position;

  if (self->select_after == 0 || n == 0 || inbox_conversation_pane_count_selected (self) > 0)
    return;
  position = MIN (self->select_after - 1, n - 1);
  if (only_gone)
    {
      g_autoptr(InboxConversation) there = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
      gint64 id = there != NULL ? inbox_conversation_get_id (there) : 0;

      for (guint i = 0; i < self->moving_ids->len; i++)
        if (g_array_index (self->moving_ids, gint64, i) == id)
          return;
    }
  self->select_after = 0;
  g_array_set_size (self->moving_ids, 0);
  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
}

static gboolean
back_to_top (gpointer user_data)
{
  InboxConversationPane *self = user_data;

  self->to_top_id = 0;
  if (self->selection != NULL && g_list_model_get_n_items (G_LIST_MODEL (self->selection)) > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", 0);
  return G_SOURCE_REMOVE;
}

/* New mail comes in at the top. GtkListView keeps its first visible row where it is, so a list
 * looked at from its top would have the new rows above it, out of sight, and nothing seemed to
 * arrive: there, the list goes back to its top once it is laid out again (after the frame: an
 * idle of low priority). Lower down, the rows one is reading stay put. */
static void
keep_top_in_sight (InboxConversationPane *self,
                   guint                  position,
                   guint                  added)
{
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->list_view));

  if (position != 0 || added == 0 || self->to_top_id != 0 || adjustment == NULL ||
      gtk_adjustment_get_value (adjustment) > gtk_adjustment_get_lower (adjustment) + 1)
    return;
  self->to_top_id = g_idle_add_full (G_PRIORITY_LOW, back_to_top, self, NULL);
}

/* How far down the list a conversation brought back by Undo is looked for. */
#define MAX_RESTORE_SCAN 500

/* Selects the conversations Undo brought back, once the list has them (said to the window, which
 * opens them); until then, keeps waiting. */
static void
restore_selection (InboxConversationPane *self)
{
  guint n = self->selection != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->selection)) : 0;
  g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (guint));

  if (self->restoring_ids->len == 0 || n == 0)
    return;
  for (guint i = 0; i < MIN (n, MAX_RESTORE_SCAN) && positions->len < self->restoring_ids->len; i++)
    {
      g_autoptr(InboxConversation) conversation = g_list_model_get_item (G_LIST_MODEL (self->selection), i);
      gint64 id = conversation != NULL ? inbox_conversation_get_id (conversation) : 0;

      for (guint j = 0; j < self->restoring_ids->len; j++)
        if (g_array_index (self->restoring_ids, gint64, j) == id)
          g_array_append_val (positions, i);
    }
  if (positions->len == 0)
    return;
  if (self->restore_timeout == 0)
    self->restore_timeout = g_timeout_add_seconds (RESTORE_SECONDS, restore_expired, self);
  /* Selected already (found again after a change elsewhere in the list): nothing to say again. */
  if (positions->len == inbox_conversation_pane_count_selected (self))
    {
      gboolean all = TRUE;

      for (guint k = 0; k < positions->len && all; k++)
        all = gtk_selection_model_is_selected (GTK_SELECTION_MODEL (self->selection), g_array_index (positions, guint, k));
      if (all)
        return;
    }
  self->restoring = TRUE;
  for (guint k = 0; k < positions->len; k++)
    gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), g_array_index (positions, guint, k), k == 0);
  self->restoring = FALSE;
}

/* After a live update, select again the conversations that were selected (the model drops the
 * selection of a row that changed in place or moved). */
static void
conversations_changed_cb (GListModel            *model,
                          guint                  position,
                          guint                  removed,
                          guint                  added,
                          InboxConversationPane *self)
{
  guint n = g_list_model_get_n_items (model);

  gtk_stack_set_visible_child_name (self->list_stack, n > 0 ? "list" : "empty");
  keep_top_in_sight (self, position, added);
  if (added > 0 && self->restoring_ids->len > 0)
    {
      restore_selection (self);
      return;
    }
  /* After archiving, the conversation that took the first one's place is the natural next one. */
  if (removed > 0 && self->select_after > 0)
    {
      select_in_place (self, TRUE);
      return;
    }
  if (added == 0 || self->selected_ids->len == 0)
    return;

  self->reselecting = TRUE;
  /* A whole reload can announce 100,000 rows: look for the selection near the top only. */
  for (guint i = position; i < position + MIN (added, 2000) && i < n; i++)
    {
      g_autoptr(InboxConversation) conversation = g_list_model_get_item (model, i);
      gint64 id = conversation != NULL ? inbox_conversation_get_id (conversation) : 0;

      for (guint j = 0; j < self->selected_ids->len; j++)
        if (g_array_index (self->selected_ids, gint64, j) == id)
          gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), i, FALSE);
    }
  self->reselecting = FALSE;
}

void
inbox_conversation_pane_select_relative (InboxConversationPane *self,
                                         int                    delta)
{
  g_autoptr(GtkBitset) selected = NULL;
  guint n, position;

  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  if (self->selection == NULL || (n = g_list_model_get_n_items (G_LIST_MODEL (self->selection))) == 0)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    position = 0;
  else if (delta > 0)
    position = MIN (gtk_bitset_get_maximum (selected) + 1, n - 1);
  else
    position = gtk_bitset_get_minimum (selected) > 0 ? gtk_bitset_get_minimum (selected) - 1 : 0;

  gtk_selection_model_select_item (GTK_SELECTION_MODEL (self->selection), position, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", position);
}

/* The selection is about to leave this mailbox (archive, trash, spam): nothing stays selected,
 * and the conversation that takes the place of the first one is selected once the list has let
 * them go (in conversations_changed_cb), or at once if the move failed
 * (inbox_conversation_pane_move_failed). */
void
inbox_conversation_pane_unselect_for_move (InboxConversationPane *self)
{
  g_autoptr(GtkBitset) selected = NULL;
  g_autoptr(GArray) ids = NULL;

  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  if (self->selection == NULL)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    return;
  /* Before unselecting: GtkMultiSelection hands out its own bitset, which that empties. */
  self->select_after = gtk_bitset_get_minimum (selected) + 1;
  ids = inbox_conversation_pane_get_selected_ids (self, MAX_TRACKED_SELECTION);
  g_array_set_size (self->moving_ids, 0);
  g_array_append_vals (self->moving_ids, ids->data, ids->len);
  self->reselecting = TRUE;
  gtk_selection_model_unselect_all (GTK_SELECTION_MODEL (self->selection));
  self->reselecting = FALSE;
  g_array_set_size (self->selected_ids, 0);
}

/* The move failed: the conversation unselected for it is selected again. */
/* Undo brought back the conversations `ids` moved away: they are selected again (and opened),
 * now if the list still has them (it had not let them go yet), else once it has them again; the
 * selection that was to follow the move does not come. */
void
inbox_conversation_pane_move_undone (InboxConversationPane *self,
                                     GArray                *ids)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  self->select_after = 0;
  g_array_set_size (self->moving_ids, 0);
  stop_restoring (self);
  g_array_append_vals (self->restoring_ids, ids->data, MIN (ids->len, MAX_TRACKED_SELECTION));
  restore_selection (self);
}

void
inbox_conversation_pane_move_failed (InboxConversationPane *self)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  select_in_place (self, FALSE);
}

/* --- what is shown ------------------------------------------------------------------------------ */

static gboolean
grow_slice (GtkWidget     *list_view,
            GdkFrameClock *clock,
            gpointer       user_data)
{
  InboxConversationPane *self = user_data;
  guint size = gtk_slice_list_model_get_size (self->slice);

  /* The first frame is the one that shows the first rows: grow from the next. A list that is not
   * shown (another page of the window) gets all its rows at once, rather than keep frames coming. */
  if (gtk_widget_get_mapped (list_view) && self->grow_frames++ == 0)
    return G_SOURCE_CONTINUE;
  if (gtk_widget_get_mapped (list_view) && size < ROWS_BUILT_BY_GTK &&
      size < g_list_model_get_n_items (self->conversations))
    {
      gtk_slice_list_model_set_size (self->slice, size + ROWS_PER_FRAME);
      return G_SOURCE_CONTINUE;
    }
  gtk_slice_list_model_set_size (self->slice, G_MAXUINT);
  self->grow_tick = 0;
  return G_SOURCE_REMOVE;
}

/* As many rows as the window shows, before it has a size: its default size then. */
static guint
rows_that_fit (InboxConversationPane *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  int width, height = root != NULL ? gtk_widget_get_height (GTK_WIDGET (root)) : 0;

  if (height <= 0 && GTK_IS_WINDOW (root))
    gtk_window_get_default_size (GTK_WINDOW (root), &width, &height);
  return MAX (height, 600) / MIN_ROW_HEIGHT + 1;
}

static void
set_conversations (InboxConversationPane *self,
                   GListModel            *conversations)
{
  if (self->conversations != NULL)
    g_signal_handlers_disconnect_by_data (self->conversations, self);
  g_set_object (&self->conversations, conversations);
  g_array_set_size (self->selected_ids, 0);
  self->select_after = 0;
  g_array_set_size (self->moving_ids, 0);
  stop_restoring (self);

  if (self->grow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->grow_tick);
  self->slice = gtk_slice_list_model_new (g_object_ref (conversations), 0, rows_that_fit (self));
  self->grow_frames = 0;
  self->grow_tick = gtk_widget_add_tick_callback (GTK_WIDGET (self->list_view), grow_slice, self, NULL);

  /* The selection model connects to items-changed first, so our reselect runs after it. */
  self->selection = gtk_multi_selection_new (G_LIST_MODEL (self->slice));
  g_signal_connect (self->selection, "selection-changed", G_CALLBACK (selection_changed_cb), self);
  g_signal_connect (conversations, "items-changed", G_CALLBACK (conversations_changed_cb), self);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (self->selection));
  g_object_unref (self->selection);  /* the list view holds it, and it the slice */

  gtk_stack_set_visible_child_name (self->list_stack, g_list_model_get_n_items (conversations) > 0 ? "list" : "empty");
  g_signal_emit (self, signals[SIGNAL_SELECTION_CHANGED], 0);
}

/* Shows a mailbox ("inbox", "outbox", "folder:12"…) under its title; FALSE with an error when
 * the store cannot list it (the list shown stays). */
gboolean
inbox_conversation_pane_show_mailbox (InboxConversationPane  *self,
                                      const char             *mailbox,
                                      const char             *title,
                                      GError                **error)
{
  g_autoptr(InboxConversationList) list = NULL;
  g_autofree char *empty = NULL;
  gboolean outgoing = g_str_equal (mailbox, "outbox") || g_str_equal (mailbox, "send-later");

  g_return_val_if_fail (INBOX_IS_CONVERSATION_PANE (self), FALSE);
  g_return_val_if_fail (self->service != NULL, FALSE);

  if (outgoing)
    {
      g_autoptr(GListStore) none = g_list_store_new (INBOX_TYPE_CONVERSATION);

      /* No conversation is selected there, so that no conversation action applies. */
      set_conversations (self, G_LIST_MODEL (none));
      inbox_outbox_view_show (self->outbox_view, self->service, g_str_equal (mailbox, "send-later"));
      gtk_stack_set_visible_child_name (self->list_stack, "outbox");
    }
  else
    {
      list = inbox_conversation_list_new (inbox_mail_service_get_store (self->service), mailbox, error);
      if (list == NULL)
        return FALSE;
    }
  /* mailbox and title may be self->mailbox and self->mailbox_title themselves. */
  if (mailbox != self->mailbox)
    {
      g_free (self->mailbox);
      self->mailbox = g_strdup (mailbox);
    }
  if (title != self->mailbox_title)
    {
      g_free (self->mailbox_title);
      self->mailbox_title = g_strdup (title);
    }
  adw_window_title_set_title (self->list_title, title);
  if (outgoing)
    return TRUE;
  empty = g_strdup_printf (_("%s is empty"), title);
  adw_status_page_set_title (self->empty_list_page, empty);
  set_conversations (self, G_LIST_MODEL (list));
  return TRUE;
}

const char *
inbox_conversation_pane_get_mailbox (InboxConversationPane *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION_PANE (self), NULL);

  return self->mailbox;
}

static void
search_changed_cb (InboxConversationPane *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autoptr(GError) error = NULL;
  g_autoptr(InboxConversationList) list = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->search_error), FALSE);
  if (self->service == NULL)
    return;
  if (*text == '\0')
    {
      if (self->mailbox != NULL && !inbox_conversation_pane_show_mailbox (self, self->mailbox, self->mailbox_title, &error))
        {
          gtk_label_set_text (self->search_error, error->message);
          gtk_widget_set_visible (GTK_WIDGET (self->search_error), TRUE);
        }
      return;
    }

  list = inbox_conversation_list_new_for_search (inbox_mail_service_get_store (self->service), text, &error);
  if (list == NULL)
    {
      /* A half-typed query is common: say what is wrong and keep the last results. */
      gtk_label_set_text (self->search_error, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->search_error), TRUE);
      return;
    }
  adw_window_title_set_title (self->list_title, _("Search"));
  adw_status_page_set_title (self->empty_list_page, _("No Results"));
  set_conversations (self, G_LIST_MODEL (list));
}

/* Enter in the search entry goes to the results: the first is opened (unless one already is) and
 * the list takes the focus, so that J, K and the arrows go on from there. */
static void
search_activated_cb (InboxConversationPane *self)
{
  g_autoptr(GtkBitset) selected = NULL;

  if (self->selection == NULL || g_list_model_get_n_items (G_LIST_MODEL (self->selection)) == 0)
    return;
  selected = gtk_selection_model_get_selection (GTK_SELECTION_MODEL (self->selection));
  if (gtk_bitset_is_empty (selected))
    inbox_conversation_pane_select_relative (self, 1);
  gtk_widget_grab_focus (GTK_WIDGET (self->list_view));
}

static void
stop_search_cb (InboxConversationPane *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
}

void
inbox_conversation_pane_start_search (InboxConversationPane *self)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/* Another mailbox was chosen: a search in progress ends. */
void
inbox_conversation_pane_clear_search (InboxConversationPane *self)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  if (gtk_search_bar_get_search_mode (self->search_bar))
    gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

/* --- the object --------------------------------------------------------------------------------- */

void
inbox_conversation_pane_set_service (InboxConversationPane *self,
                                     InboxMailService      *service,
                                     GSettings             *settings)
{
  g_return_if_fail (INBOX_IS_CONVERSATION_PANE (self));

  g_set_object (&self->service, service);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  g_set_object (&self->settings, settings);
  if (settings != NULL)
    {
      g_signal_connect_swapped (settings, "changed::subject-first", G_CALLBACK (rebind_rows), self);
      g_signal_connect_swapped (settings, "changed::compact-list", G_CALLBACK (rebind_rows), self);
    }
}

/* For tests. */
GtkListView *
inbox_conversation_pane_get_list_view (InboxConversationPane *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION_PANE (self), NULL);

  return self->list_view;
}

static void
inbox_conversation_pane_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  InboxConversationPane *self = INBOX_CONVERSATION_PANE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      g_value_set_boolean (value, self->folded);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_conversation_pane_set_property (GObject      *object,
                                      guint         prop_id,
                                      const GValue *value,
                                      GParamSpec   *pspec)
{
  InboxConversationPane *self = INBOX_CONVERSATION_PANE (object);

  switch (prop_id)
    {
    case PROP_FOLDED:
      if (self->folded != g_value_get_boolean (value))
        {
          self->folded = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
inbox_conversation_pane_dispose (GObject *object)
{
  InboxConversationPane *self = INBOX_CONVERSATION_PANE (object);
  GtkWidget *child;

  if (self->conversations != NULL)
    g_signal_handlers_disconnect_by_data (self->conversations, self);
  if (self->settings != NULL)
    g_signal_handlers_disconnect_by_data (self->settings, self);
  if (self->grow_tick != 0)
    gtk_widget_remove_tick_callback (GTK_WIDGET (self->list_view), self->grow_tick);
  self->grow_tick = 0;
  g_clear_handle_id (&self->to_top_id, g_source_remove);
  g_clear_handle_id (&self->restore_timeout, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), INBOX_TYPE_CONVERSATION_PANE);
  /* The header bar is no template child of its own: unparented here. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->conversations);
  g_clear_object (&self->service);
  g_clear_object (&self->settings);
  g_clear_pointer (&self->selected_ids, g_array_unref);
  g_clear_pointer (&self->moving_ids, g_array_unref);
  g_clear_pointer (&self->restoring_ids, g_array_unref);
  g_clear_pointer (&self->mailbox, g_free);
  g_clear_pointer (&self->mailbox_title, g_free);

  G_OBJECT_CLASS (inbox_conversation_pane_parent_class)->dispose (object);
}

static void
inbox_conversation_pane_class_init (InboxConversationPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = inbox_conversation_pane_get_property;
  object_class->set_property = inbox_conversation_pane_set_property;
  object_class->dispose = inbox_conversation_pane_dispose;

  /* Whether the window shows one pane at a time: the header then has the window's buttons and
   * a way back to the mailboxes. */
  properties[PROP_FOLDED] = g_param_spec_boolean ("folded", NULL, NULL, FALSE,
                                                  G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * InboxConversationPane::selection-changed:
   *
   * The user selected other conversations, or the list was replaced. Not emitted when a live
   * update only selects the same conversations again.
   */
  signals[SIGNAL_SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (INBOX_TYPE_OUTBOX_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/ui/inbox-conversation-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, list_title);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, search_bar);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, search_entry);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, search_error);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, list_stack);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, list_view);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, empty_list_page);
  gtk_widget_class_bind_template_child (widget_class, InboxConversationPane, outbox_view);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
}

static void
inbox_conversation_pane_init (InboxConversationPane *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  self->selected_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->moving_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->restoring_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_row), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_row), self);
  gtk_list_view_set_factory (self->list_view, factory);
  gtk_search_bar_set_key_capture_widget (self->search_bar, NULL);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
}
