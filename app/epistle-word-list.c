/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-word-list.c — a thread-safe set of words kept in a plain-text
 * file, one word per line, sorted so that it diffs well under git. */

#include "config.h"

#include <string.h>

#include "epistle-atomic.h"
#include "epistle-word-list.h"

struct _EpistleWordList
{
  GObject     parent_instance;
  GMutex      mutex;
  GHashTable *words;   /* normalized key → the word as first written */
};

G_DEFINE_FINAL_TYPE (EpistleWordList, epistle_word_list, G_TYPE_OBJECT)

enum { CHANGED, N_SIGNALS };
static guint signals[N_SIGNALS];

/* The key of a word: ’ (U+2019) written as ', so both spellings match. */
static char *
normalize (const char *word,
           gssize      length)
{
  GString *key;
  const char *end;

  if (length < 0)
    length = strlen (word);
  end = word + length;
  key = g_string_sized_new (length);
  for (const char *p = word; p < end; )
    {
      if (end - p >= 3 && memcmp (p, "\xe2\x80\x99", 3) == 0)
        {
          g_string_append_c (key, '\'');
          p += 3;
        }
      else
        g_string_append_c (key, *p++);
    }
  return g_string_free (key, FALSE);
}

static void
epistle_word_list_finalize (GObject *object)
{
  EpistleWordList *self = EPISTLE_WORD_LIST (object);

  g_clear_pointer (&self->words, g_hash_table_unref);
  g_mutex_clear (&self->mutex);
  G_OBJECT_CLASS (epistle_word_list_parent_class)->finalize (object);
}

static void
epistle_word_list_class_init (EpistleWordListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = epistle_word_list_finalize;

  /* Emitted in the thread that changed the list. */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
epistle_word_list_init (EpistleWordList *self)
{
  g_mutex_init (&self->mutex);
  self->words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

EpistleWordList *
epistle_word_list_new (void)
{
  return g_object_new (EPISTLE_TYPE_WORD_LIST, NULL);
}

gboolean
epistle_word_list_load (EpistleWordList  *self,
                        const char       *path,
                        GError          **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GHashTable) words = NULL;
  gsize length = 0;
  char *line, *next;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  words = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (!g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
    }
  else if (!g_utf8_validate_len (contents, length, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   "“%s” is not a UTF-8 word list", path);
      return FALSE;
    }
  else
    {
      for (line = contents; line != NULL && *line != '\0'; line = next)
        {
          next = strchr (line, '\n');
          if (next != NULL)
            *next++ = '\0';
          g_strstrip (line);
          if (*line == '\0')
            continue;
          g_hash_table_replace (words, normalize (line, -1), g_strdup (line));
        }
    }

  g_mutex_lock (&self->mutex);
  g_hash_table_unref (self->words);
  self->words = g_steal_pointer (&words);
  g_mutex_unlock (&self->mutex);
  g_signal_emit (self, signals[CHANGED], 0);
  return TRUE;
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char **
epistle_word_list_dup_words (EpistleWordList *self)
{
  GPtrArray *out;
  GHashTableIter iter;
  gpointer value;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), NULL);

  out = g_ptr_array_new ();
  g_mutex_lock (&self->mutex);
  g_hash_table_iter_init (&iter, self->words);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (out, g_strdup (value));
  g_mutex_unlock (&self->mutex);
  g_ptr_array_sort (out, compare_strings);
  g_ptr_array_add (out, NULL);
  return (char **) g_ptr_array_free (out, FALSE);
}

gboolean
epistle_word_list_save (EpistleWordList  *self,
                        const char       *path,
                        GError          **error)
{
  g_auto(GStrv) words = NULL;
  g_autoptr(GString) contents = NULL;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  words = epistle_word_list_dup_words (self);
  if (words[0] == NULL && !g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  contents = g_string_new (NULL);
  for (guint i = 0; words[i] != NULL; i++)
    {
      g_string_append (contents, words[i]);
      g_string_append_c (contents, '\n');
    }
  return epistle_atomic_write (path, contents->str, contents->len, error);
}

gboolean
epistle_word_list_add (EpistleWordList *self,
                       const char      *word,
                       gssize           length)
{
  char *key;
  gboolean added = FALSE;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  if (length < 0)
    length = strlen (word);
  if (length == 0)
    return FALSE;
  key = normalize (word, length);
  g_mutex_lock (&self->mutex);
  if (!g_hash_table_contains (self->words, key))
    {
      g_hash_table_insert (self->words, key, g_strndup (word, length));
      added = TRUE;
    }
  else
    g_free (key);
  g_mutex_unlock (&self->mutex);
  if (added)
    g_signal_emit (self, signals[CHANGED], 0);
  return added;
}

gboolean
epistle_word_list_remove (EpistleWordList *self,
                          const char      *word,
                          gssize           length)
{
  g_autofree char *key = NULL;
  gboolean removed;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  key = normalize (word, length);
  g_mutex_lock (&self->mutex);
  removed = g_hash_table_remove (self->words, key);
  g_mutex_unlock (&self->mutex);
  if (removed)
    g_signal_emit (self, signals[CHANGED], 0);
  return removed;
}

gboolean
epistle_word_list_contains (EpistleWordList *self,
                            const char      *word,
                            gssize           length)
{
  char stack[128];
  g_autofree char *heap = NULL;
  const char *key;
  gboolean found;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), FALSE);
  g_return_val_if_fail (word != NULL, FALSE);

  if (length < 0)
    length = strlen (word);
  /* The common case, a word with no ’ that fits on the stack, costs no
   * allocation: this runs for every word of a book. */
  if ((gsize) length < sizeof stack && memchr (word, 0xe2, length) == NULL)
    {
      memcpy (stack, word, length);
      stack[length] = '\0';
      key = stack;
    }
  else
    key = heap = normalize (word, length);

  g_mutex_lock (&self->mutex);
  found = g_hash_table_size (self->words) > 0 && g_hash_table_contains (self->words, key);
  g_mutex_unlock (&self->mutex);
  return found;
}

guint
epistle_word_list_get_size (EpistleWordList *self)
{
  guint size;

  g_return_val_if_fail (EPISTLE_IS_WORD_LIST (self), 0);

  g_mutex_lock (&self->mutex);
  size = g_hash_table_size (self->words);
  g_mutex_unlock (&self->mutex);
  return size;
}

void
epistle_word_list_clear (EpistleWordList *self)
{
  guint before;

  g_return_if_fail (EPISTLE_IS_WORD_LIST (self));

  g_mutex_lock (&self->mutex);
  before = g_hash_table_size (self->words);
  g_hash_table_remove_all (self->words);
  g_mutex_unlock (&self->mutex);
  if (before > 0)
    g_signal_emit (self, signals[CHANGED], 0);
}

char *
epistle_word_list_path_for_document (const char *document_path)
{
  g_return_val_if_fail (document_path != NULL, NULL);

  return g_strconcat (document_path, ".words", NULL);
}
