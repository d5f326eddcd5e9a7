/* inbox-conversation-list.c: a mailbox (or a search) as a GListModel of InboxConversation.
 *
 * It pages from SQLite: item 50,000 costs one page query (keyset when the page before it is
 * cached, as it is when scrolling; OFFSET otherwise), and at most MAX_PAGES pages stay cached,
 * so memory is flat however far the user scrolls.
 *
 * When the store changes, it emits precise items-changed: the store says, for each conversation
 * that moved in this mailbox, its sort key before and after; rows that did not change keep their
 * relative order, so the old and new positions follow from a count of the rows before each key.
 * A change in place (a flag) is one items-changed (position, 1, 1). Search results are not
 * ordered by a key, so a search list reloads whole on change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "inbox-conversation-list.h"
#include "inbox-conversation-private.h"

#define PAGE_SIZE 100
#define MAX_PAGES 8
#define MAX_SEARCH_RESULTS 5000
/* Up to this many conversations moved, each position is counted in SQL (cheap near the top of
 * the list) and each move is its own items-changed; more (a sync storing a batch: hundreds at a
 * time), the mailbox's keys are read once, positions found in them, and the range the moves
 * span is one items-changed (announce_range). Counting each took 0.2–1.7 s on the main loop a
 * batch. */
#define MAX_COUNTED_MOVES 16

struct _InboxConversationList
{
  GObject parent_instance;

  InboxStore *store;
  char *mailbox;          /* NULL for a search */
  char *query;
  GPtrArray *search;      /* all results of a search (bounded) */
  GArray *moves;          /* Move: changes not applied yet, while the store is ahead of them */
  GHashTable *move_index; /* conversation id → its index in moves + 1 */
  guint n_items;
  GHashTable *pages;      /* page index → GPtrArray of InboxConversation */
  GHashTable *kept;       /* conversation id → InboxConversation of the pages dropped at the last change:
                           * handed out again as the same object (keep_objects) */
  GHashTable *stale;      /* ids among those the change touched: their content is read again */
  GQueue lru;             /* page indexes, most recent first */
  gulong changed_id;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (InboxConversationList, inbox_conversation_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

typedef struct {
  gint64 id;
  gint64 old_key;
  gint64 new_key;
  gint64 old_position;
  gint64 new_position;
} Move;

/* --- paging --------------------------------------------------------------------------------- */

static void
drop_pages (InboxConversationList *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
}

static void
touch_page (InboxConversationList *self,
            guint                  page)
{
  g_queue_remove (&self->lru, GUINT_TO_POINTER (page));
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));

  while (g_queue_get_length (&self->lru) > MAX_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static GPtrArray *
load_page (InboxConversationList *self,
           guint                  page)
{
  GPtrArray *previous = page > 0 ? g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page - 1)) : NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *items;

  if (previous != NULL && previous->len == PAGE_SIZE)
    {
      InboxConversation *last = previous->pdata[PAGE_SIZE - 1];
      items = inbox_store_list_conversations_after_sync (self->store, self->mailbox,
                                                         inbox_conversation_get_last_activity (last),
                                                         inbox_conversation_get_id (last), PAGE_SIZE, &error);
    }
  else
    items = inbox_store_list_conversations_sync (self->store, self->mailbox, page * PAGE_SIZE, PAGE_SIZE, &error);

  if (items == NULL)
    {
      g_warning ("Cannot read conversations of %s: %s", self->mailbox, error->message);
      return NULL;
    }

  /* The same object for a conversation handed out before: GTK keeps a row's widget across an
   * items-changed when the item is the same object, instead of building and binding a new one.
   * One that changed takes the new content and says so (its row shows it again). */
  for (guint i = 0; i < items->len && g_hash_table_size (self->kept) > 0; i++)
    {
      gint64 id = inbox_conversation_get_id (items->pdata[i]);
      InboxConversation *same = g_hash_table_lookup (self->kept, &id);

      if (same == NULL)
        continue;
      if (g_hash_table_remove (self->stale, &id))
        inbox_conversation_take_content (same, items->pdata[i]);
      g_object_unref (items->pdata[i]);
      items->pdata[i] = g_object_ref (same);
      g_hash_table_remove (self->kept, &id);
    }
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  return items;
}

/* Before the pages go for a change: their conversations, to be handed out again as the same
 * objects, those the change touched (the store records every conversation a commit touched, in
 * each mailbox it is in) marked stale. Only the last change's pages: at most MAX_PAGES. */
static void
keep_objects (InboxConversationList *self,
              GArray                *moves)
{
  GHashTableIter iter;
  gpointer items;

  g_hash_table_remove_all (self->kept);
  g_hash_table_remove_all (self->stale);
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &items))
    for (guint i = 0; i < ((GPtrArray *) items)->len; i++)
      {
        InboxConversation *conversation = ((GPtrArray *) items)->pdata[i];
        gint64 id = inbox_conversation_get_id (conversation);

        /* Placeholders (id 0) stand for nothing. */
        if (id != 0)
          g_hash_table_insert (self->kept, g_memdup2 (&id, sizeof id), g_object_ref (conversation));
      }
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);

      if (move->new_key < 0)
        g_hash_table_remove (self->kept, &move->id);  /* gone from this list */
      else if (g_hash_table_contains (self->kept, &move->id))
        g_hash_table_add (self->stale, g_memdup2 (&move->id, sizeof move->id));
    }
}

static GType
list_get_item_type (GListModel *model)
{
  return INBOX_TYPE_CONVERSATION;
}

static guint
list_get_n_items (GListModel *model)
{
  return INBOX_CONVERSATION_LIST (model)->n_items;
}

static gpointer
list_get_item (GListModel *model,
               guint       position)
{
  InboxConversationList *self = INBOX_CONVERSATION_LIST (model);
  guint page = position / PAGE_SIZE;
  GPtrArray *items;

  if (position >= self->n_items)
    return NULL;

  if (self->search != NULL)
    return position < self->search->len ? g_object_ref (self->search->pdata[position]) : inbox_conversation_new_placeholder ();

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items == NULL)
    items = load_page (self, page);
  if (items == NULL)
    return inbox_conversation_new_placeholder ();
  touch_page (self, page);

  /* The store can be ahead of what we announced (a write landed between the count and this
   * page): past the page's end, a placeholder until the store's change reaches us. */
  position %= PAGE_SIZE;
  return position < items->len ? g_object_ref (items->pdata[position]) : inbox_conversation_new_placeholder ();
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = list_get_item_type;
  iface->get_n_items = list_get_n_items;
  iface->get_item = list_get_item;
}

/* --- changes -------------------------------------------------------------------------------- */

/* Sort order: newest activity first, then the higher id first. */
static gboolean
sorts_before (gint64 key_a,
              gint64 id_a,
              gint64 key_b,
              gint64 id_b)
{
  return key_a > key_b || (key_a == key_b && id_a > id_b);
}

static int
by_old_position_descending (gconstpointer a,
                            gconstpointer b)
{
  const Move *x = a, *y = b;
  return x->old_position < y->old_position ? 1 : x->old_position > y->old_position ? -1 : 0;
}

static int
by_new_position (gconstpointer a,
                 gconstpointer b)
{
  const Move *x = a, *y = b;
  return x->new_position < y->new_position ? -1 : x->new_position > y->new_position ? 1 : 0;
}

static void
reload_whole (InboxConversationList *self)
{
  guint old_n = self->n_items;
  gint64 count;

  /* What changed is not known here: nothing is kept. */
  g_hash_table_remove_all (self->kept);
  g_hash_table_remove_all (self->stale);
  drop_pages (self);
  if (self->search != NULL)
    {
      g_autoptr(GPtrArray) results = inbox_store_search_sync (self->store, self->query, 0, MAX_SEARCH_RESULTS, NULL);
      if (results != NULL)
        {
          g_ptr_array_unref (self->search);
          self->search = g_steal_pointer (&results);
        }
      self->n_items = self->search->len;
    }
  else
    {
      count = inbox_store_count_conversations_sync (self->store, self->mailbox, NULL);
      self->n_items = count >= 0 ? (guint) count : 0;
    }
  g_list_model_items_changed (G_LIST_MODEL (self), 0, old_n, self->n_items);
}

/* How many rows of keys (in list order) sort before (key, id). */
static gint64
keys_before (GArray *keys,
             gint64  key,
             gint64  id)
{
  guint low = 0, high = keys->len;

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      InboxConversationKey *row = &g_array_index (keys, InboxConversationKey, middle);

      if (sorts_before (row->key, row->conversation_id, key, id))
        low = middle + 1;
      else
        high = middle;
    }
  return low;
}

/* Rows of the new state that sort before key and are not among the moves; keys is the new state
 * read whole, or NULL to count in SQL; moved_to is the moves' new keys (sorted_keys). */
static gint64
unchanged_before (InboxConversationList *self,
                  GArray                *keys,
                  GArray                *moved_to,
                  gint64                 key,
                  gint64                 id)
{
  gint64 count = keys != NULL ? keys_before (keys, key, id)
                              : inbox_store_count_conversations_before_sync (self->store, self->mailbox, key, id, NULL);

  return count - keys_before (moved_to, key, id);
}

static int
by_list_order (gconstpointer a,
               gconstpointer b)
{
  const InboxConversationKey *x = a, *y = b;

  return sorts_before (x->key, x->conversation_id, y->key, y->conversation_id) ? -1
         : sorts_before (y->key, y->conversation_id, x->key, x->conversation_id) ? 1 : 0;
}

/* The moves' old (or new) keys in list order, so that how many of them sort before a key is a
 * binary search: a sync's batch moves hundreds, and comparing each with all was quadratic. */
static GArray *
sorted_keys (GArray   *moves,
             gboolean  old)
{
  GArray *keys = g_array_sized_new (FALSE, FALSE, sizeof (InboxConversationKey), moves->len);

  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);
      InboxConversationKey row = { old ? move->old_key : move->new_key, move->id };

      if (row.key >= 0)
        g_array_append_val (keys, row);
    }
  g_array_sort (keys, by_list_order);
  return keys;
}

/* Many moves at once (a sync's batch): one items-changed for the range they span. GTK rebinds
 * every row it has built after each items-changed that touches them (~15-20 ms for ~200 rows),
 * so a batch whose moves fell among those rows cost that much per move (0.6 s for 40). Rows
 * before the first move and after the last stay as they are, built and selected. */
static void
announce_range (InboxConversationList *self,
                GArray                *moves,
                gint64                 removed,
                gint64                 inserted)
{
  gint64 first = G_MAXINT64, last_old = -1, last_new = -1;
  gint64 end_old, end_new;

  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);

      if (move->old_position >= 0)
        {
          first = MIN (first, move->old_position);
          last_old = MAX (last_old, move->old_position);
        }
      if (move->new_position >= 0)
        {
          first = MIN (first, move->new_position);
          last_new = MAX (last_new, move->new_position);
        }
    }
  if (first == G_MAXINT64)
    return;
  /* The first row after every move: past the last removed one in the old list, and past the
   * last inserted one in the new list (where it stands inserted - removed further on). */
  end_old = MAX (last_old + 1, last_new + 1 + removed - inserted);
  end_old = MIN (end_old, (gint64) self->n_items);
  end_new = end_old - removed + inserted;
  self->n_items = (guint) ((gint64) self->n_items - removed + inserted);
  g_list_model_items_changed (G_LIST_MODEL (self), (guint) first, (guint) (end_old - first), (guint) (end_new - first));
}

static void
apply_moves (InboxConversationList *self,
             GArray                *moves)
{
  g_autoptr(GArray) keys = moves->len > MAX_COUNTED_MOVES
                           ? inbox_store_list_conversation_keys_sync (self->store, self->mailbox, NULL) : NULL;
  g_autoptr(GArray) moved_from = sorted_keys (moves, TRUE);
  g_autoptr(GArray) moved_to = sorted_keys (moves, FALSE);
  gboolean in_place = TRUE;
  gint64 removed = 0, inserted = 0;
  gint64 expected;

  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);

      move->old_position = move->new_position = -1;
      /* Before it, in the old list: the unchanged rows before its old key, and the moved ones
       * whose old keys were before it; in the new list, the same with the new keys. */
      if (move->old_key >= 0)
        {
          move->old_position = unchanged_before (self, keys, moved_to, move->old_key, move->id) +
                               keys_before (moved_from, move->old_key, move->id);
          removed++;
        }
      if (move->new_key >= 0)
        {
          move->new_position = unchanged_before (self, keys, moved_to, move->new_key, move->id) +
                               keys_before (moved_to, move->new_key, move->id);
          inserted++;
        }
      if (move->old_key != move->new_key)
        in_place = FALSE;
    }

  expected = keys != NULL ? (gint64) keys->len : inbox_store_count_conversations_sync (self->store, self->mailbox, NULL);
  if (expected != (gint64) self->n_items - removed + inserted)
    {
      /* Out of step with the store (a change we never saw): start over rather than lie. */
      reload_whole (self);
      return;
    }

  keep_objects (self, moves);
  drop_pages (self);

  if (keys != NULL)
    {
      announce_range (self, moves, removed, inserted);
      return;
    }

  if (in_place)
    {
      for (guint i = 0; i < moves->len; i++)
        g_list_model_items_changed (G_LIST_MODEL (self), (guint) g_array_index (moves, Move, i).new_position, 1, 1);
      return;
    }

  g_array_sort (moves, by_old_position_descending);
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);
      if (move->old_position < 0)
        continue;
      self->n_items--;
      g_list_model_items_changed (G_LIST_MODEL (self), (guint) move->old_position, 1, 0);
    }

  g_array_sort (moves, by_new_position);
  for (guint i = 0; i < moves->len; i++)
    {
      Move *move = &g_array_index (moves, Move, i);
      if (move->new_position < 0)
        continue;
      self->n_items++;
      g_list_model_items_changed (G_LIST_MODEL (self), (guint) move->new_position, 0, 1);
    }
}

static void
on_store_changed (InboxStore *store,
                  GPtrArray  *changes,
                  gpointer    user_data)
{
  InboxConversationList *self = user_data;
  g_autoptr(GArray) moves = NULL;

  /* Positions come from the store's current state; while later commits are still on their way
   * (a sync writing fast), that state is ahead of these changes. The changes are kept until
   * the last of them arrives, then applied together: still precise, and rows GTK has built stay
   * built (a whole reload rebuilt them all, 200-340 ms at a time during a first sync). */
  if (self->search != NULL)
    {
      if (!inbox_store_has_pending_changes (store))
        reload_whole (self);
      return;
    }

  for (guint i = 0; i < changes->len; i++)
    {
      InboxStoreChange *change = changes->pdata[i];
      guint index;

      if (!g_str_equal (change->mailbox, self->mailbox))
        continue;
      /* One conversation changed more than once: first old key, last new key. */
      index = GPOINTER_TO_UINT (g_hash_table_lookup (self->move_index, &change->conversation_id));
      if (index > 0)
        g_array_index (self->moves, Move, index - 1).new_key = change->new_key;
      else
        {
          Move move = { change->conversation_id, change->old_key, change->new_key };

          g_array_append_val (self->moves, move);
          g_hash_table_insert (self->move_index, g_memdup2 (&move.id, sizeof move.id), GUINT_TO_POINTER (self->moves->len));
        }
    }

  if (inbox_store_has_pending_changes (store) || self->moves->len == 0)
    return;
  moves = g_steal_pointer (&self->moves);
  self->moves = g_array_new (FALSE, FALSE, sizeof (Move));
  g_hash_table_remove_all (self->move_index);
  apply_moves (self, moves);
}

/* --- the object ----------------------------------------------------------------------------- */

static InboxConversationList *
list_new (InboxStore *store)
{
  InboxConversationList *self = g_object_new (INBOX_TYPE_CONVERSATION_LIST, NULL);

  self->store = g_object_ref (store);
  self->changed_id = g_signal_connect (store, "changed", G_CALLBACK (on_store_changed), self);
  return self;
}

/* A mailbox: "inbox" (all accounts), "all", "sent", "drafts", "trash", "spam", "archive", or "folder:ID". */
InboxConversationList *
inbox_conversation_list_new (InboxStore  *store,
                             const char  *mailbox,
                             GError     **error)
{
  g_autoptr(InboxConversationList) self = NULL;
  gint64 count;

  g_return_val_if_fail (INBOX_IS_STORE (store), NULL);

  count = inbox_store_count_conversations_sync (store, mailbox, error);
  if (count < 0)
    return NULL;

  self = list_new (store);
  self->mailbox = g_strdup (g_str_equal (mailbox, "spam") ? "junk" : mailbox);
  self->n_items = (guint) count;
  return g_steal_pointer (&self);
}

/* Search results, best first (at most MAX_SEARCH_RESULTS). INBOX_SEARCH_ERROR_INVALID for a bad query. */
InboxConversationList *
inbox_conversation_list_new_for_search (InboxStore  *store,
                                        const char  *query,
                                        GError     **error)
{
  g_autoptr(InboxConversationList) self = NULL;
  GPtrArray *results;

  g_return_val_if_fail (INBOX_IS_STORE (store), NULL);

  results = inbox_store_search_sync (store, query, 0, MAX_SEARCH_RESULTS, error);
  if (results == NULL)
    return NULL;

  self = list_new (store);
  self->query = g_strdup (query);
  self->search = results;
  self->n_items = results->len;
  return g_steal_pointer (&self);
}

const char *
inbox_conversation_list_get_mailbox (InboxConversationList *self)
{
  g_return_val_if_fail (INBOX_IS_CONVERSATION_LIST (self), NULL);

  return self->mailbox;
}

/* How many conversation objects the model holds right now (for tests of flat memory). */
guint
inbox_conversation_list_get_n_cached (InboxConversationList *self)
{
  GHashTableIter iter;
  gpointer page;
  guint n = 0;

  g_return_val_if_fail (INBOX_IS_CONVERSATION_LIST (self), 0);

  if (self->search != NULL)
    return self->search->len;
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &page))
    n += ((GPtrArray *) page)->len;
  return n;
}

static void
inbox_conversation_list_dispose (GObject *object)
{
  InboxConversationList *self = INBOX_CONVERSATION_LIST (object);

  g_clear_signal_handler (&self->changed_id, self->store);
  g_clear_object (&self->store);
  g_clear_pointer (&self->search, g_ptr_array_unref);
  if (self->pages != NULL)
    drop_pages (self);
  if (self->kept != NULL)
    g_hash_table_remove_all (self->kept);

  G_OBJECT_CLASS (inbox_conversation_list_parent_class)->dispose (object);
}

static void
inbox_conversation_list_finalize (GObject *object)
{
  InboxConversationList *self = INBOX_CONVERSATION_LIST (object);

  g_clear_pointer (&self->pages, g_hash_table_unref);
  g_clear_pointer (&self->kept, g_hash_table_unref);
  g_clear_pointer (&self->stale, g_hash_table_unref);
  g_clear_pointer (&self->moves, g_array_unref);
  g_clear_pointer (&self->move_index, g_hash_table_unref);
  g_free (self->mailbox);
  g_free (self->query);

  G_OBJECT_CLASS (inbox_conversation_list_parent_class)->finalize (object);
}

static void
inbox_conversation_list_class_init (InboxConversationListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = inbox_conversation_list_dispose;
  object_class->finalize = inbox_conversation_list_finalize;
}

static void
inbox_conversation_list_init (InboxConversationList *self)
{
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->kept = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->stale = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
  g_queue_init (&self->lru);
  self->moves = g_array_new (FALSE, FALSE, sizeof (Move));
  self->move_index = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, NULL);
}
