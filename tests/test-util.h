/* SPDX-License-Identifier: GPL-3.0-or-later
 * test-util.h — what the engine's test programs share: removing a
 * temporary folder, and looking at what an importer made of a file. */
#pragma once

#include <string.h>

#include <glib/gstdio.h>

#include "epistle-import.h"

/* Removes @path and everything below it. */
static inline void
test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* The entry at @line (an annotation's id for Zotero) was skipped, for a
 * reason that says @reason. */
static inline void
test_assert_skipped (EpistleImportBatch *batch,
                     guint               line,
                     const char         *reason)
{
  for (guint i = 0; i < batch->skipped->len; i++)
    {
      EpistleImportSkip *skip = &g_array_index (batch->skipped, EpistleImportSkip, i);

      if (skip->line == line)
        {
          if (strstr (skip->reason, reason) == NULL)
            g_error ("entry %u skipped for “%s”, not “%s”", line, skip->reason, reason);
          return;
        }
    }
  g_error ("entry %u was not skipped", line);
}

static inline EpistleImportQuote *
test_quote_at (EpistleImportBatch *batch,
               guint               i)
{
  g_assert_cmpuint (i, <, batch->quotes->len);
  return g_ptr_array_index (batch->quotes, i);
}

static inline void
test_assert_quote (EpistleImportQuote *quote,
                   guint               line,
                   const char         *text,
                   const char         *note,
                   const char         *locator,
                   const char         *label)
{
  g_assert_cmpuint (quote->line, ==, line);
  g_assert_cmpstr (quote->text, ==, text);
  g_assert_cmpstr (quote->note, ==, note);
  g_assert_cmpstr (quote->locator, ==, locator);
  g_assert_cmpstr (quote->locator_label, ==, label);
}
