/* inbox-search.c: the search query language, compiled to FTS5 and SQL.
 *
 *   words and "phrases"          anywhere (subject, people, body, file names); words match whole words,
 *                                except the last word typed, which matches as a prefix too when it has 3
 *                                letters or more (search as you type; a prefix on every word, or on "me",
 *                                cost 15 ms a query at 100,000 messages)
 *   -term                        not
 *   a OR b                       either (OR binds tighter than the implicit AND: a OR b c = (a OR b) c)
 *   ( … )                        grouping
 *   from: to: cc: subject: body: filename:   in that field
 *   label:NAME                   a keyword label, or a folder of that name
 *   in:inbox|sent|drafts|trash|spam|archive|all|FOLDER
 *   is:unread|read|starred       has:attachment
 *   before:DATE after:DATE       YYYY-MM-DD (local midnight), or a span back from now: 7d 2w 3m 1y
 *   account:NAME                 the account's name or address
 *
 * Without an in: term, Trash and Spam are left out (as in every mail client); in:all includes them.
 * Case and accents don't matter: the index uses unicode61 with remove_diacritics 2.
 *
 * The result is a WHERE clause over "messages m" with "?" placeholders and their bindings, plus
 * an optional FTS5 MATCH expression for the ranked part (the positive free-text terms at the top
 * level); everything else becomes SQL, FTS terms under OR or NOT as "m.id IN (… MATCH ?)".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "inbox-search.h"

G_DEFINE_QUARK (inbox-search-error-quark, inbox_search_error)

struct _InboxSearchQuery
{
  char *match;          /* FTS5 expression, or NULL */
  gboolean ranked;      /* match has words to rank by, not only has:attachment's marker */
  char *where;          /* SQL over messages m */
  GPtrArray *bindings;  /* char* (text) for each "?" in where, in order */
  gint64 since, until;  /* top-level after: and before: (until is exclusive); where has them too */
};

typedef enum {
  TOKEN_WORD,
  TOKEN_PHRASE,
  TOKEN_OR,
  TOKEN_OPEN,
  TOKEN_CLOSE,
} TokenKind;

typedef struct {
  TokenKind kind;
  gboolean negated;
  char *field;   /* "from" in from:x, or NULL */
  char *value;
  gboolean value_quoted;
  gboolean prefix;  /* the word being typed: the last one, when the text doesn't end in a space */
} Token;

typedef struct {
  GPtrArray *tokens;
  guint position;
  gint64 now;
  gboolean has_in;
  GString *sql;
  GPtrArray *bindings;
  GPtrArray *top_match;  /* FTS expressions ANDed into the ranked MATCH */
  gboolean top_words;    /* some of them are words (or phrases), not only the attachment marker */
  gint64 since, until;
} Compiler;

static const char * const fts_fields[][2] = {
  { "from", "sender" },
  { "to", "recipients_to" },
  { "cc", "recipients_cc" },
  { "subject", "subject" },
  { "body", "body" },
  { "filename", "filenames" },
};

static const char * const sql_fields[] = { "label", "in", "is", "has", "before", "after", "account", NULL };

static void
token_free (Token *token)
{
  g_free (token->field);
  g_free (token->value);
  g_free (token);
}

void
inbox_search_query_free (InboxSearchQuery *query)
{
  if (query == NULL)
    return;
  g_free (query->match);
  g_free (query->where);
  g_clear_pointer (&query->bindings, g_ptr_array_unref);
  g_free (query);
}

const char *
inbox_search_query_get_match (InboxSearchQuery *query)
{
  return query->match;
}

/* Whether the query has words to rank its results by; has:attachment alone goes through the
 * full-text index too (its marker token), but there is nothing to rank. */
gboolean
inbox_search_query_is_ranked (InboxSearchQuery *query)
{
  return query->ranked;
}

const char *
inbox_search_query_get_where (InboxSearchQuery *query)
{
  return query->where;
}

GPtrArray *
inbox_search_query_get_bindings (InboxSearchQuery *query)
{
  return query->bindings;
}

/* The full-text keys (rowids) that top-level before: and after: leave, inclusive: the whole range
 * when there are none. The WHERE holds the same dates; this lets FTS5 skip to them. */
void
inbox_search_query_get_key_range (InboxSearchQuery *query,
                                  gint64           *first,
                                  gint64           *last)
{
  const gint64 bound = INBOX_SEARCH_KEY_MAX_DATE;

  /* Past the dates keys are made of (the keys of broken dates sit at those bounds), no bound. */
  *first = query->since > -bound && query->since <= bound ? query->since * INBOX_SEARCH_KEYS_PER_SECOND : G_MININT64;
  *last = query->until > -bound && query->until <= bound ? query->until * INBOX_SEARCH_KEYS_PER_SECOND - 1 : G_MAXINT64;
}

/* --- tokens --------------------------------------------------------------------------------- */

static gboolean
is_known_field (const char *field)
{
  for (gsize i = 0; i < G_N_ELEMENTS (fts_fields); i++)
    if (g_str_equal (field, fts_fields[i][0]))
      return TRUE;
  return g_strv_contains (sql_fields, field);
}

static char *
read_quoted (const char **cursor,
             GError     **error)
{
  const char *start = *cursor + 1;
  const char *end = strchr (start, '"');

  if (end == NULL)
    {
      g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID, "A quote is not closed: add the missing \"");
      return NULL;
    }
  *cursor = end + 1;
  return g_strndup (start, end - start);
}

static GPtrArray *
tokenize (const char  *text,
          GError     **error)
{
  g_autoptr(GPtrArray) tokens = g_ptr_array_new_with_free_func ((GDestroyNotify) token_free);
  const char *p = text;

  while (*p != '\0')
    {
      g_autofree char *word = NULL;
      Token *token;
      const char *start;
      const char *colon;
      gboolean negated = FALSE;

      if (g_ascii_isspace (*p))
        {
          p++;
          continue;
        }
      if (*p == '(' || *p == ')')
        {
          token = g_new0 (Token, 1);
          token->kind = *p == '(' ? TOKEN_OPEN : TOKEN_CLOSE;
          g_ptr_array_add (tokens, token);
          p++;
          continue;
        }
      if (*p == '-' && p[1] != '\0' && !g_ascii_isspace (p[1]))
        {
          negated = TRUE;
          p++;
        }

      token = g_new0 (Token, 1);
      token->negated = negated;
      g_ptr_array_add (tokens, token);

      if (*p == '"')
        {
          token->kind = TOKEN_PHRASE;
          token->value = read_quoted (&p, error);
          if (token->value == NULL)
            return NULL;
          continue;
        }

      start = p;
      while (*p != '\0' && !g_ascii_isspace (*p) && *p != '(' && *p != ')' && *p != '"')
        p++;
      word = g_strndup (start, p - start);

      if (!negated && g_str_equal (word, "OR"))
        {
          token->kind = TOKEN_OR;
          continue;
        }

      colon = strchr (word, ':');
      if (colon != NULL && colon != word)
        {
          g_autofree char *field = g_ascii_strdown (word, colon - word);

          if (is_known_field (field))
            {
              token->field = g_steal_pointer (&field);
              token->kind = TOKEN_WORD;
              if (colon[1] == '\0' && *p == '"')
                {
                  token->value = read_quoted (&p, error);
                  token->value_quoted = TRUE;
                  if (token->value == NULL)
                    return NULL;
                }
              else
                token->value = g_strdup (colon + 1);
              if (*token->value == '\0')
                {
                  g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
                               "“%s:” needs a value, as in %s:something", token->field, token->field);
                  return NULL;
                }
              continue;
            }
          if (colon[1] != '\0' && g_ascii_isalpha (word[0]) && strspn (field, "abcdefghijklmnopqrstuvwxyz") == strlen (field))
            {
              g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
                           "Unknown search operator “%s:”. Use from: to: cc: subject: body: filename: label: in: "
                           "is: has: before: after: or account:, or put the text in quotes", field);
              return NULL;
            }
        }

      token->kind = TOKEN_WORD;
      token->value = g_steal_pointer (&word);
    }

  return g_steal_pointer (&tokens);
}

/* --- compiling ------------------------------------------------------------------------------ */

/* A string as an FTS5 phrase: in double quotes, with quotes doubled. */
static char *
fts_phrase (const char *text,
            gboolean    prefix)
{
  GString *phrase = g_string_new ("\"");

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (phrase, '"');
      g_string_append_c (phrase, *p);
    }
  g_string_append_c (phrase, '"');
  if (prefix)
    g_string_append_c (phrase, '*');
  return g_string_free (phrase, FALSE);
}

static void
bind (Compiler   *compiler,
      const char *sql,
      const char *value)
{
  g_string_append (compiler->sql, sql);
  g_ptr_array_add (compiler->bindings, g_strdup (value));
}

static gboolean
parse_date (Compiler    *compiler,
            const char  *field,
            const char  *value,
            gint64      *out,
            GError     **error)
{
  char unit = value[0] != '\0' ? value[strlen (value) - 1] : '\0';
  char *end = NULL;
  gint64 amount = g_ascii_strtoll (value, &end, 10);

  if (strchr ("dwmy", unit) != NULL && end == value + strlen (value) - 1 && amount >= 0 && end != value)
    {
      gint64 day = 24 * 3600;
      gint64 span = unit == 'd' ? day : unit == 'w' ? 7 * day : unit == 'm' ? 30 * day : 365 * day;
      *out = compiler->now - amount * span;
      return TRUE;
    }

  {
    int year, month, day_of_month;
    char extra;
    if (sscanf (value, "%4d-%2d-%2d%c", &year, &month, &day_of_month, &extra) == 3)
      {
        g_autoptr(GDateTime) date = g_date_time_new_local (year, month, day_of_month, 0, 0, 0);
        if (date != NULL)
          {
            *out = g_date_time_to_unix (date);
            return TRUE;
          }
      }
  }

  g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
               "“%s:%s” is not a date: use YYYY-MM-DD, or a span back from today such as 7d, 2w, 3m or 1y",
               field, value);
  return FALSE;
}

static const char *
role_of (const char *name)
{
  static const char * const roles[][2] = {
    { "inbox", "inbox" }, { "sent", "sent" }, { "drafts", "drafts" }, { "trash", "trash" },
    { "spam", "junk" }, { "junk", "junk" }, { "archive", "archive" },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (roles); i++)
    if (g_ascii_strcasecmp (name, roles[i][0]) == 0)
      return roles[i][1];
  return NULL;
}

static gboolean
is_fts_term (Token *token)
{
  return (token->kind == TOKEN_WORD || token->kind == TOKEN_PHRASE) &&
         (token->field == NULL || !g_strv_contains (sql_fields, token->field));
}

/* The FTS5 expression of a free-text term: words are prefixes (instant search as you type),
 * phrases are exact; a field limits it to its column. */
static char *
fts_expression (Token *token)
{
  const char *column = NULL;
  g_autofree char *phrase = fts_phrase (token->value, token->prefix);

  for (gsize i = 0; token->field != NULL && i < G_N_ELEMENTS (fts_fields); i++)
    if (g_str_equal (token->field, fts_fields[i][0]))
      column = fts_fields[i][1];

  return column != NULL ? g_strdup_printf ("{%s} : %s", column, phrase) : g_steal_pointer (&phrase);
}

/* Appends the SQL (or ranked FTS) for one term. */
static gboolean
compile_term (Compiler  *compiler,
              Token     *token,
              gboolean   ranked,
              GError   **error)
{
  const char *field = token->field;
  const char *value = token->value;

  if (is_fts_term (token))
    {
      g_autofree char *expression = fts_expression (token);

      if (ranked)
        {
          g_ptr_array_add (compiler->top_match, g_steal_pointer (&expression));
          compiler->top_words = TRUE;
          g_string_append (compiler->sql, "1");
        }
      else
        bind (compiler, "m.search_key IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)", expression);
      return TRUE;
    }

  if (g_str_equal (field, "is"))
    {
      if (g_ascii_strcasecmp (value, "unread") == 0)
        g_string_append (compiler->sql, "(m.flags & 1) = 0");
      else if (g_ascii_strcasecmp (value, "read") == 0)
        g_string_append (compiler->sql, "(m.flags & 1) <> 0");
      else if (g_ascii_strcasecmp (value, "starred") == 0 || g_ascii_strcasecmp (value, "flagged") == 0)
        g_string_append (compiler->sql, "(m.flags & 4) <> 0");
      else
        {
          g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
                       "“is:%s” is not known: use is:unread, is:read or is:starred", value);
          return FALSE;
        }
    }
  else if (g_str_equal (field, "has"))
    {
      if (g_ascii_strcasecmp (value, "attachment") != 0 && g_ascii_strcasecmp (value, "attachments") != 0)
        {
          g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
                       "“has:%s” is not known: use has:attachment", value);
          return FALSE;
        }
      if (ranked)
        {
          g_ptr_array_add (compiler->top_match, g_strdup ("{filenames} : \"" INBOX_SEARCH_ATTACHMENT_MARKER "\""));
          g_string_append (compiler->sql, "1");
        }
      else
        g_string_append (compiler->sql, "m.has_attachment = 1");
    }
  else if (g_str_equal (field, "before") || g_str_equal (field, "after"))
    {
      gint64 time;
      if (!parse_date (compiler, field, value, &time, error))
        return FALSE;
      g_string_append_printf (compiler->sql, "m.date %s %" G_GINT64_FORMAT, g_str_equal (field, "before") ? "<" : ">=", time);
      /* ANDed with everything else: the ranked search can start its walk of the index there. */
      if (ranked && g_str_equal (field, "before"))
        compiler->until = MIN (compiler->until, time);
      else if (ranked)
        compiler->since = MAX (compiler->since, time);
    }
  else if (g_str_equal (field, "in"))
    {
      const char *role = role_of (value);

      compiler->has_in = TRUE;
      if (g_ascii_strcasecmp (value, "all") == 0 || g_ascii_strcasecmp (value, "anywhere") == 0)
        g_string_append (compiler->sql, "1");
      else if (role != NULL)
        bind (compiler, "EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id "
                        "WHERE l.message_id = m.id AND f.role = ?)", role);
      else
        {
          bind (compiler, "EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id "
                          "WHERE l.message_id = m.id AND (f.name = ? COLLATE NOCASE", value);
          bind (compiler, " OR f.path = ? COLLATE NOCASE))", value);
        }
    }
  else if (g_str_equal (field, "label"))
    {
      bind (compiler, "(EXISTS (SELECT 1 FROM message_labels ml JOIN labels lb ON lb.id = ml.label_id "
                      "WHERE ml.message_id = m.id AND lb.name = ? COLLATE NOCASE)", value);
      bind (compiler, " OR EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id "
                      "WHERE l.message_id = m.id AND f.role = 'none' AND (f.name = ? COLLATE NOCASE", value);
      bind (compiler, " OR f.path = ? COLLATE NOCASE)))", value);
    }
  else if (g_str_equal (field, "account"))
    {
      bind (compiler, "m.account_id IN (SELECT id FROM accounts WHERE name = ? COLLATE NOCASE", value);
      bind (compiler, " OR email = ? COLLATE NOCASE)", value);
    }

  return TRUE;
}

static gboolean compile_sequence (Compiler *compiler, gboolean top_level, GError **error);

static Token *
peek (Compiler *compiler)
{
  return compiler->position < compiler->tokens->len ? compiler->tokens->pdata[compiler->position] : NULL;
}

static gboolean
compile_unit (Compiler  *compiler,
              gboolean   ranked,
              GError   **error)
{
  Token *token = peek (compiler);

  if (token == NULL || token->kind == TOKEN_OR || token->kind == TOKEN_CLOSE)
    {
      g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
                   token != NULL && token->kind == TOKEN_CLOSE ? "A “)” has no matching “(”"
                                                               : "OR needs something to search for on each side");
      return FALSE;
    }
  compiler->position++;

  if (token->kind == TOKEN_OPEN)
    {
      g_string_append_c (compiler->sql, '(');
      if (!compile_sequence (compiler, FALSE, error))
        return FALSE;
      if (peek (compiler) == NULL || peek (compiler)->kind != TOKEN_CLOSE)
        {
          g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID, "A “(” is not closed: add the missing “)”");
          return FALSE;
        }
      compiler->position++;
      g_string_append_c (compiler->sql, ')');
      return TRUE;
    }

  if (token->negated)
    {
      g_string_append (compiler->sql, "NOT (");
      if (!compile_term (compiler, token, FALSE, error))
        return FALSE;
      g_string_append_c (compiler->sql, ')');
      return TRUE;
    }

  return compile_term (compiler, token, ranked, error);
}

/* "a OR b OR c" where each is positive free text: one FTS5 expression "(a OR b OR c)", so FTS
 * does the OR (an OR of SQL subqueries took 500 ms at 20,000 messages). Returns FALSE, and
 * consumes nothing, when the clause is not of that form. */
static gboolean
compile_fts_or (Compiler *compiler,
                gboolean  top_level)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  guint position = compiler->position;
  g_autofree char *joined = NULL;
  g_autofree char *expression = NULL;

  for (;;)
    {
      Token *token = position < compiler->tokens->len ? compiler->tokens->pdata[position] : NULL;
      Token *next = position + 1 < compiler->tokens->len ? compiler->tokens->pdata[position + 1] : NULL;

      if (token == NULL || !is_fts_term (token) || token->negated)
        return FALSE;
      g_ptr_array_add (parts, fts_expression (token));
      position++;
      if (next == NULL || next->kind != TOKEN_OR)
        break;
      position++;
    }
  if (parts->len < 2)
    return FALSE;

  g_ptr_array_add (parts, NULL);
  joined = g_strjoinv (" OR ", (char **) parts->pdata);
  expression = g_strconcat ("(", joined, ")", NULL);
  compiler->position = position;
  if (top_level)
    {
      g_ptr_array_add (compiler->top_match, g_steal_pointer (&expression));
      compiler->top_words = TRUE;
      g_string_append (compiler->sql, "1");
    }
  else
    bind (compiler, "m.search_key IN (SELECT rowid FROM message_fts WHERE message_fts MATCH ?)", expression);
  return TRUE;
}

/* term (OR term)* */
static gboolean
compile_clause (Compiler  *compiler,
                gboolean   top_level,
                GError   **error)
{
  Token *first = peek (compiler);
  Token *next = compiler->position + 1 < compiler->tokens->len ? compiler->tokens->pdata[compiler->position + 1] : NULL;
  /* Only a lone, positive, free-text term at the top level joins the ranked MATCH. */
  gboolean ranked = top_level && first != NULL && (first->kind == TOKEN_WORD || first->kind == TOKEN_PHRASE) &&
                    (next == NULL || next->kind != TOKEN_OR);

  if (compile_fts_or (compiler, top_level))
    return TRUE;

  g_string_append_c (compiler->sql, '(');
  if (!compile_unit (compiler, ranked, error))
    return FALSE;
  while (peek (compiler) != NULL && peek (compiler)->kind == TOKEN_OR)
    {
      compiler->position++;
      g_string_append (compiler->sql, " OR ");
      if (!compile_unit (compiler, FALSE, error))
        return FALSE;
    }
  g_string_append_c (compiler->sql, ')');
  return TRUE;
}

static gboolean
compile_sequence (Compiler  *compiler,
                  gboolean   top_level,
                  GError   **error)
{
  gboolean first = TRUE;

  while (peek (compiler) != NULL && peek (compiler)->kind != TOKEN_CLOSE)
    {
      if (!first)
        g_string_append (compiler->sql, " AND ");
      if (!compile_clause (compiler, top_level, error))
        return FALSE;
      first = FALSE;
    }

  if (first)
    {
      g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID,
                   top_level ? "Type something to search for" : "“( )” is empty");
      return FALSE;
    }
  return TRUE;
}

InboxSearchQuery *
inbox_search_query_parse (const char  *text,
                          gint64       now,
                          GError     **error)
{
  g_autoptr(GPtrArray) tokens = NULL;
  g_autoptr(InboxSearchQuery) query = g_new0 (InboxSearchQuery, 1);
  Compiler compiler = { 0 };
  gboolean ok;

  g_return_val_if_fail (text != NULL, NULL);

  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID, "The search text is not valid UTF-8");
      return NULL;
    }

  tokens = tokenize (text, error);
  if (tokens == NULL)
    return NULL;

  if (tokens->len > 0 && !g_ascii_isspace (text[strlen (text) - 1]))
    {
      Token *last = tokens->pdata[tokens->len - 1];
      last->prefix = last->kind == TOKEN_WORD && !last->value_quoted && g_utf8_strlen (last->value, -1) >= 3;
    }

  compiler.tokens = tokens;
  compiler.now = now;
  compiler.sql = g_string_new (NULL);
  compiler.bindings = g_ptr_array_new_with_free_func (g_free);
  compiler.top_match = g_ptr_array_new_with_free_func (g_free);
  compiler.since = G_MININT64;
  compiler.until = G_MAXINT64;

  ok = compile_sequence (&compiler, TRUE, error);
  if (ok && peek (&compiler) != NULL)
    {
      g_set_error (error, INBOX_SEARCH_ERROR, INBOX_SEARCH_ERROR_INVALID, "A “)” has no matching “(”");
      ok = FALSE;
    }
  if (!ok)
    {
      g_string_free (compiler.sql, TRUE);
      g_ptr_array_unref (compiler.bindings);
      g_ptr_array_unref (compiler.top_match);
      return NULL;
    }

  if (!compiler.has_in)
    g_string_append (compiler.sql, " AND EXISTS (SELECT 1 FROM message_locations l JOIN folders f ON f.id = l.folder_id "
                                   "WHERE l.message_id = m.id AND f.role NOT IN ('trash', 'junk'))");

  if (compiler.top_match->len > 0)
    {
      g_ptr_array_add (compiler.top_match, NULL);
      query->match = g_strjoinv (" AND ", (char **) compiler.top_match->pdata);
      query->ranked = compiler.top_words;
    }
  g_ptr_array_unref (compiler.top_match);
  query->where = g_string_free (compiler.sql, FALSE);
  query->bindings = compiler.bindings;
  query->since = compiler.since;
  query->until = compiler.until;
  return g_steal_pointer (&query);
}
