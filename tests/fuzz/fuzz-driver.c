/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-driver.c — runs a fuzz target without libFuzzer: the seed files,
 * then a few thousand deterministic mutations of them (bit flips, special
 * bytes, truncations, splices, repeats), each in a buffer of its exact size
 * so AddressSanitizer sees any read past the end.  EPISTLE_FUZZ_ITERATIONS
 * and EPISTLE_FUZZ_SEED change how many and which. */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <glib.h>

#include "fuzz-target.h"

#define DEFAULT_ITERATIONS 40000
#define TIME_LIMIT_USEC    (8 * G_USEC_PER_SEC)
#define FUZZ_MAX_INPUT          (256 * 1024)

static guint64 rng_state = 0x9E3779B97F4A7C15ull;   /* fixed: every run is the same */

static guint64
rng (void)
{
  /* xorshift64* */
  rng_state ^= rng_state >> 12;
  rng_state ^= rng_state << 25;
  rng_state ^= rng_state >> 27;
  return rng_state * 0x2545F4914F6CDD1Dull;
}

static gsize
rng_below (gsize n)
{
  return n == 0 ? 0 : (gsize) (rng () % n);
}

/* Bytes that mean something to one of the formats. */
static const guint8 special[] = {
  0x00, 0xFF, 0xFE, 0xEF, 0xBB, 0xBF, 0xC3, 0x80, '\n', '\r', '{', '}', '(', ')',
  '"', '\\', '@', '#', ',', '=', '|', '[', ']', ':', ';', '-', '~', '$', '0', '9',
};

static void
run (const guint8 *data,
     gsize         size)
{
  /* An exact copy: the target must not read beyond @size. */
  guint8 *copy = g_malloc (MAX (size, 1));

  if (size > 0)
    memcpy (copy, data, size);
  LLVMFuzzerTestOneInput (copy, size);
  g_free (copy);
}

static void
insert_bytes (GByteArray   *array,
              gsize         at,
              const guint8 *bytes,
              gsize         n)
{
  gsize old = array->len;

  g_byte_array_set_size (array, old + n);
  memmove (array->data + at + n, array->data + at, old - at);
  memcpy (array->data + at, bytes, n);
}

static void
mutate (GByteArray *input,
        GPtrArray  *seeds)
{
  guint n = 1 + rng_below (4);

  for (guint i = 0; i < n; i++)
    {
      gsize len = input->len;

      switch (rng_below (7))
        {
        case 0:   /* flip a bit */
          if (len > 0)
            input->data[rng_below (len)] ^= 1u << rng_below (8);
          break;
        case 1:   /* put a special byte */
          if (len > 0)
            input->data[rng_below (len)] = special[rng_below (sizeof special)];
          break;
        case 2:   /* truncate */
          g_byte_array_set_size (input, rng_below (len + 1));
          break;
        case 3:   /* splice: this one's start, another's end */
          {
            GBytes *other = g_ptr_array_index (seeds, rng_below (seeds->len));
            gsize other_len;
            const guint8 *other_data = g_bytes_get_data (other, &other_len);
            gsize from = rng_below (other_len + 1);

            g_byte_array_set_size (input, rng_below (len + 1));
            if (input->len + (other_len - from) <= FUZZ_MAX_INPUT)
              g_byte_array_append (input, other_data + from, other_len - from);
          }
          break;
        case 4:   /* repeat a chunk */
          if (len > 0)
            {
              gsize at = rng_below (len);
              gsize chunk = 1 + rng_below (MIN (len - at, 64));
              guint times = 1 + rng_below (16);
              g_autofree guint8 *copy = g_memdup2 (input->data + at, chunk);

              for (guint t = 0; t < times && input->len + chunk <= FUZZ_MAX_INPUT; t++)
                insert_bytes (input, at, copy, chunk);
            }
          break;
        case 5:   /* delete a chunk */
          if (len > 0)
            {
              gsize at = rng_below (len);

              g_byte_array_remove_range (input, at, 1 + rng_below (MIN (len - at, 32)));
            }
          break;
        default:  /* insert special bytes */
          {
            gsize at = rng_below (len + 1);
            guint8 byte = special[rng_below (sizeof special)];

            insert_bytes (input, at, &byte, 1);
          }
          break;
        }
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) seeds = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  const char *env = g_getenv ("EPISTLE_FUZZ_ITERATIONS");
  const char *seed_env = g_getenv ("EPISTLE_FUZZ_SEED");
  guint iterations = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : DEFAULT_ITERATIONS;
  gint64 start = g_get_monotonic_time ();
  guint done = 0;

  /* Another fixed seed explores other inputs, still reproducibly. */
  if (seed_env != NULL && g_ascii_strtoull (seed_env, NULL, 10) != 0)
    rng_state = g_ascii_strtoull (seed_env, NULL, 10);

  for (int i = 1; i < argc; i++)
    {
      g_autoptr(GError) error = NULL;
      char *contents;
      gsize length;

      if (!g_file_get_contents (argv[i], &contents, &length, &error))
        g_error ("%s", error->message);
      g_ptr_array_add (seeds, g_bytes_new_take (contents, length));
    }
  if (seeds->len == 0)
    g_ptr_array_add (seeds, g_bytes_new_static ("", 0));

  run (NULL, 0);
  for (guint i = 0; i < seeds->len; i++)
    {
      gsize length;
      const guint8 *data = g_bytes_get_data (g_ptr_array_index (seeds, i), &length);

      run (data, length);
    }

  for (; done < iterations; done++)
    {
      GBytes *seed = g_ptr_array_index (seeds, rng_below (seeds->len));
      g_autoptr(GByteArray) input = g_byte_array_new ();
      gsize length;
      const guint8 *data = g_bytes_get_data (seed, &length);

      g_byte_array_append (input, data, length);
      mutate (input, seeds);
      run (input->data, input->len);

      /* Slow builds (sanitizers) stop early rather than time out. */
      if ((done & 63) == 0 && g_get_monotonic_time () - start > TIME_LIMIT_USEC)
        break;
    }

  g_print ("%u seeds, %u mutations in %.1f s\n", seeds->len, done,
           (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);
  return EXIT_SUCCESS;
}
