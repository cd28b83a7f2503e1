/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-markdown-line.h — small helpers on [p, end) byte ranges of one
 * line, shared by the Markdown-aware scanners (spelling, outline). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Markdown's spaces inside a line: space, tab, form feed, vertical tab. */
static inline gboolean
epistle_md_is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\f' || c == '\v';
}

static inline const char *
epistle_md_skip_spaces (const char *p,
                        const char *end)
{
  while (p < end && epistle_md_is_space (*p))
    p++;
  return p;
}

static inline const char *
epistle_md_trim_end (const char *start,
                     const char *end)
{
  while (end > start && epistle_md_is_space (end[-1]))
    end--;
  return end;
}

/* TRUE when [p, end) holds nothing but spaces. */
static inline gboolean
epistle_md_is_blank (const char *p,
                     const char *end)
{
  return epistle_md_skip_spaces (p, end) == end;
}

/* How many times @c repeats from @p. */
static inline gsize
epistle_md_run_of (const char *p,
                   const char *end,
                   char        c)
{
  const char *q = p;

  while (q < end && *q == c)
    q++;
  return (gsize) (q - p);
}

G_END_DECLS
