/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-target.h — the libFuzzer entry point every importer target defines,
 * also called by fuzz-driver.c where libFuzzer is not available. */
#pragma once

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The body every importer target shares: parse any bytes with @parse and
 * check its contract — a batch and no error, or no batch and an
 * INVALID_DATA error — then free what it made. */
#define EPISTLE_FUZZ_IMPORTER(parse)                                                     \
  int                                                                                    \
  LLVMFuzzerTestOneInput (const uint8_t *data,                                           \
                          size_t         size)                                           \
  {                                                                                      \
    g_autoptr(EpistleImportBatch) batch = NULL;                                          \
    g_autoptr(GError) error = NULL;                                                      \
                                                                                         \
    if (size > G_MAXSSIZE)                                                               \
      return 0;                                                                          \
    if (parse ((const char *) data, (gssize) size, &batch, &error))                      \
      g_assert (batch != NULL && error == NULL);                                         \
    else                                                                                 \
      g_assert (batch == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA)); \
    return 0;                                                                            \
  }
