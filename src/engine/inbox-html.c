/* inbox-html.c: mail HTML as plain text, and snippets.
 *
 * Not a renderer (the reader uses WebKit): it drops tags, comments, <head>, <script> and <style>,
 * turns block elements into line breaks, decodes entities and folds white space. It never fails:
 * whatever the input, the output is valid UTF-8.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "inbox-html.h"

static const char * const block_tags[] = {
  "p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol",
  "hr", "pre", "section", "article", "header", "footer", "dt", "dd", NULL
};

/* Elements whose content is not text for a reader. */
static const char * const skipped_tags[] = { "script", "style", "head", "title", "template", NULL };

static gboolean
in_list (const char * const *list, const char *name)
{
  return g_strv_contains (list, name);
}

static void
append_entity (GString     *out,
               const char **cursor)
{
  const char *p = *cursor + 1;
  const char *end = strchr (p, ';');
  gunichar ch = 0;

  if (end == NULL || end - p > 10 || end == p)
    {
      g_string_append_c (out, '&');
      *cursor += 1;
      return;
    }

  if (*p == '#')
    {
      if (p[1] == 'x' || p[1] == 'X')
        ch = (gunichar) g_ascii_strtoull (p + 2, NULL, 16);
      else
        ch = (gunichar) g_ascii_strtoull (p + 1, NULL, 10);
    }
  else
    {
      static const struct { const char *name; gunichar ch; } names[] = {
        { "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' }, { "apos", '\'' },
        { "nbsp", ' ' }, { "copy", 0xa9 }, { "reg", 0xae }, { "hellip", 0x2026 }, { "mdash", 0x2014 },
        { "ndash", 0x2013 }, { "rsquo", 0x2019 }, { "lsquo", 0x2018 }, { "rdquo", 0x201d },
        { "ldquo", 0x201c }, { "euro", 0x20ac }, { "zwnj", 0x200c }, { "shy", 0xad },
      };
      for (gsize i = 0; i < G_N_ELEMENTS (names); i++)
        if (strncmp (p, names[i].name, end - p) == 0 && names[i].name[end - p] == '\0')
          ch = names[i].ch;
    }

  if (ch == 0 || !g_unichar_validate (ch))
    {
      g_string_append_len (out, *cursor, end + 1 - *cursor);
    }
  else if (ch != 0x200c && ch != 0xad)  /* invisible: zero-width non-joiner, soft hyphen */
    g_string_append_unichar (out, ch);

  *cursor = end + 1;
}

/* Returns where the text resumes after </name>, searched case-insensitively; the end if never closed. */
static const char *
skip_element (const char *p,
              const char *name)
{
  gsize name_length = strlen (name);

  for (; *p != '\0'; p++)
    {
      if (p[0] == '<' && p[1] == '/' && g_ascii_strncasecmp (p + 2, name, name_length) == 0)
        {
          const char *end = strchr (p, '>');
          return end != NULL ? end + 1 : p + strlen (p);
        }
    }

  return p;
}

typedef enum {
  CHAR_VISIBLE,
  CHAR_SPACE,
  CHAR_DROPPED,   /* binary junk and replacement characters: nothing a person can read */
} CharKind;

/* ASCII, most of what passes here, is sorted without the Unicode tables. */
static CharKind
char_kind (gunichar ch)
{
  if (ch < 0x80)
    return ch == ' ' || (ch >= '\t' && ch <= '\r') ? CHAR_SPACE : ch < 0x20 || ch == 0x7f ? CHAR_DROPPED : CHAR_VISIBLE;
  if (g_unichar_isspace (ch) || ch == 0xa0)
    return CHAR_SPACE;
  return g_unichar_iscntrl (ch) || ch == 0xfffd ? CHAR_DROPPED : CHAR_VISIBLE;
}

/* Folds runs of blanks into one space and of line breaks into at most one empty line. */
static char *
fold_white_space (const char *text)
{
  GString *out = g_string_new (NULL);
  int newlines = 0;
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gboolean ascii = (guchar) *p < 0x80;
      gunichar ch = ascii ? (gunichar) *p : g_utf8_get_char (p);
      CharKind kind = char_kind (ch);

      if (ch == '\n')
        {
          newlines++;
          space = FALSE;
          continue;
        }
      if (kind == CHAR_SPACE)
        space = TRUE;
      if (kind != CHAR_VISIBLE)
        continue;

      if (out->len > 0 && newlines > 0)
        g_string_append (out, newlines > 1 ? "\n\n" : "\n");
      else if (out->len > 0 && space)
        g_string_append_c (out, ' ');
      newlines = 0;
      space = FALSE;
      if (ascii)
        g_string_append_c (out, (char) ch);
      else
        g_string_append_unichar (out, ch);
    }

  return g_string_free (out, FALSE);
}

char *
inbox_html_to_text (const char *html)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *valid = NULL;
  const char *p;

  if (html == NULL)
    return g_strdup ("");

  valid = g_utf8_make_valid (html, -1);
  p = valid;
  while (*p != '\0')
    {
      if (g_str_has_prefix (p, "<!--"))
        {
          const char *end = strstr (p + 4, "-->");
          p = end != NULL ? end + 3 : p + strlen (p);
        }
      else if (*p == '<' && (g_ascii_isalpha (p[1]) || p[1] == '/' || p[1] == '!' || p[1] == '?'))
        {
          gboolean closing = p[1] == '/';
          const char *name_start = p + 1 + closing;
          const char *name_end = name_start;
          const char *tag_end;
          g_autofree char *name = NULL;

          while (g_ascii_isalnum (*name_end))
            name_end++;
          name = g_ascii_strdown (name_start, name_end - name_start);
          tag_end = strchr (name_end, '>');
          if (tag_end == NULL)
            break;  /* an unterminated tag: the rest is not text */
          p = tag_end + 1;

          if (!closing && in_list (skipped_tags, name))
            p = skip_element (p, name);
          else if (in_list (block_tags, name))
            g_string_append_c (out, '\n');
          else if (g_str_equal (name, "td") || g_str_equal (name, "th"))
            g_string_append_c (out, ' ');
        }
      else if (*p == '&')
        append_entity (out, &p);
      else
        {
          g_string_append_c (out, *p);
          p++;
        }
    }

  return fold_white_space (out->str);
}

/* "On Monday, Ada wrote:" and its translations. The line is not NUL-terminated. */
static gboolean
is_attribution_line (const char *line,
                     gsize       length)
{
  static const char * const endings[] = { "wrote:", "schrieb:", "a écrit :", "a écrit:", "escribió:", "scrisse:", "skrev:", NULL };

  while (length > 0 && g_ascii_isspace (line[length - 1]))
    length--;
  /* Every ending ends in a colon: most lines are done here. */
  if (length == 0 || line[length - 1] != ':')
    return FALSE;
  for (guint i = 0; endings[i] != NULL; i++)
    {
      gsize n = strlen (endings[i]);

      if (length >= n && memcmp (line + length - n, endings[i], n) == 0)
        return TRUE;
    }

  return FALSE;
}

/* "-- ", the signature separator, and the forms mail clients mangle it into. */
static gboolean
is_signature_line (const char *line,
                   gsize       length)
{
  return (length == 2 && memcmp (line, "--", 2) == 0) || (length == 3 && memcmp (line, "-- ", 3) == 0) ||
         (length == 4 && memcmp (line, "-- \r", 4) == 0);
}

/* Appends the characters of one line to a snippet, white space folded into single spaces, until
 * it holds max_chars. Invalid bytes, control characters and replacement characters are dropped. */
static void
append_folded (GString    *snippet,
               const char *line,
               gsize       length,
               gsize       max_chars,
               gsize      *chars,
               gboolean   *space)
{
  for (const char *p = line, *end = line + length; p < end && *chars < max_chars;)
    {
      gboolean ascii = (guchar) *p < 0x80;
      gunichar ch = ascii ? (gunichar) *p : g_utf8_get_char_validated (p, end - p);
      gboolean invalid = (gint32) ch < 0;  /* not UTF-8: dropped, a byte at a time */
      gsize size = ascii || invalid ? 1 : (gsize) g_unichar_to_utf8 (ch, NULL);
      CharKind kind = invalid ? CHAR_DROPPED : char_kind (ch);

      if (kind == CHAR_SPACE)
        *space = TRUE;
      else if (kind == CHAR_VISIBLE)
        {
          if (*space && snippet->len > 0)
            {
              if (*chars + 1 >= max_chars)
                {
                  *chars = max_chars;
                  return;
                }
              g_string_append_c (snippet, ' ');
              (*chars)++;
            }
          *space = FALSE;
          g_string_append_len (snippet, p, size);
          (*chars)++;
        }
      p += size;
    }
  *space = TRUE;  /* the line break */
}

/* The first words a person wrote: no quoted lines, no attribution line, no signature, white space
 * folded. Only the start of the text is looked at, in one pass that stops when the snippet is
 * full: this runs for every message stored, and whole bodies cost a quarter of the parsing
 * thread's time in a first sync. */
char *
inbox_text_make_snippet (const char *text,
                         gsize       max_chars)
{
  GString *snippet = g_string_new (NULL);
  gsize chars = 0;
  gboolean space = FALSE;
  const char *end;

  if (text == NULL)
    return g_string_free (snippet, FALSE);

  end = text + strnlen (text, 64 * 1024);
  for (const char *line = text, *next; line < end && chars < max_chars; line = next)
    {
      const char *newline = memchr (line, '\n', end - line);
      gsize length = (newline != NULL ? newline : end) - line;

      next = newline != NULL ? newline + 1 : end;
      if (is_signature_line (line, length))
        break;
      if (line[0] == '>' || (length < 512 && is_attribution_line (line, length)))
        continue;
      append_folded (snippet, line, length, max_chars, &chars, &space);
    }

  return g_string_free (snippet, FALSE);
}

static gboolean
is_blank (const char *line)
{
  for (; *line != '\0'; line++)
    if (!g_ascii_isspace (*line))
      return FALSE;
  return TRUE;
}

/* Where the text a reader can fold away starts: the signature, or a quote (with its attribution
 * line) after which nobody wrote anything new. Interleaved replies stay whole. Returns the byte
 * offset, or the length of text when nothing folds. */
gsize
inbox_text_find_quoted_tail (const char *text)
{
  g_auto(GStrv) lines = NULL;
  gsize offset = 0, tail = 0;
  gboolean in_tail = FALSE;

  if (text == NULL)
    return 0;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; offset += strlen (lines[i]) + 1, i++)
    {
      const char *line = lines[i];
      gsize length = strlen (line);
      gboolean quoted = line[0] == '>' ||
                        (is_attribution_line (line, length) && lines[i + 1] != NULL && lines[i + 1][0] == '>');

      if (is_signature_line (line, length))
        return in_tail ? tail : offset;
      if (quoted && !in_tail)
        {
          in_tail = TRUE;
          tail = offset;
        }
      else if (!quoted && in_tail && !is_blank (line))
        in_tail = FALSE;
    }
  return in_tail ? tail : strlen (text);
}

/* Plain text as HTML a rich-text editor starts from: escaped, lines kept, "> " quotes as
 * blockquotes (nested by depth), blank lines as paragraph breaks. Only <p>, <br> and <blockquote>. */
char *
inbox_html_from_text (const char *text)
{
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  g_autoptr(GString) html = g_string_new ("<p>");
  guint depth = 0;
  gboolean paragraph_empty = TRUE;

  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];
      guint level = 0;
      g_autofree char *escaped = NULL;

      if (lines[i + 1] == NULL && *line == '\0')
        break;
      while (line[0] == '>')
        {
          level++;
          line++;
          if (line[0] == ' ')
            line++;
        }
      if (level != depth)
        {
          g_string_append (html, "</p>");
          for (; depth < level; depth++)
            g_string_append (html, "<blockquote type=\"cite\">");
          for (; depth > level; depth--)
            g_string_append (html, "</blockquote>");
          g_string_append (html, "<p>");
          paragraph_empty = TRUE;
        }
      if (*line == '\0')
        {
          /* A blank line ends the paragraph; several in a row leave empty ones, as typed. */
          g_string_append (html, paragraph_empty ? "<br></p><p>" : "</p><p>");
          paragraph_empty = TRUE;
          continue;
        }
      escaped = g_markup_escape_text (line, -1);
      if (!paragraph_empty)
        g_string_append (html, "<br>");
      g_string_append (html, escaped);
      paragraph_empty = FALSE;
    }
  g_string_append (html, paragraph_empty ? "<br></p>" : "</p>");
  for (; depth > 0; depth--)
    g_string_append (html, "</blockquote>");
  return g_string_free (g_steal_pointer (&html), FALSE);
}
