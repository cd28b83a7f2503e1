/* SPDX-License-Identifier: GPL-3.0-or-later
 * spell-baseline.c — the benchmark's baseline for `epistle-cli spell`: the
 * same tokenizer, then one enchant_dict_check per word, no cache. */

#include "config.h"

#include <enchant.h>
#include <stdio.h>

#include "epistle-spell-checker.h"

typedef struct {
  EnchantDict *dict;
  const char  *text;
  guint64      words;
  guint64      wrong;
} Baseline;

static void
check_word (gsize    offset,
            gsize    length,
            gpointer user_data)
{
  Baseline *b = user_data;

  b->words++;
  if (enchant_dict_check (b->dict, b->text + offset, length) != 0)
    b->wrong++;
}

static void
on_token (const EpistleSpellToken *token,
          gpointer                 user_data)
{
  Baseline *b = user_data;

  epistle_spell_token_for_each_word (b->text, token, check_word, b);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *text = NULL;
  EpistleSpellScanState state;
  EnchantBroker *broker;
  Baseline b = { 0 };
  gsize length;

  if (argc != 3 || !g_file_get_contents (argv[2], &text, &length, NULL))
    {
      fprintf (stderr, "usage: spell-baseline LANG FILE\n");
      return 2;
    }
  broker = enchant_broker_init ();
  b.dict = enchant_broker_request_dict (broker, argv[1]);
  if (b.dict == NULL)
    {
      fprintf (stderr, "spell-baseline: no dictionary for %s\n", argv[1]);
      return 2;
    }
  b.text = text;
  epistle_spell_scan_state_init (&state);
  epistle_spell_scan (text, length, &state, on_token, &b);
  printf ("%" G_GUINT64_FORMAT " words, %" G_GUINT64_FORMAT " not in the dictionary\n", b.words, b.wrong);
  enchant_broker_free_dict (broker, b.dict);
  enchant_broker_free (broker);
  return 0;
}
