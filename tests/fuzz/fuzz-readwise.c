/* SPDX-License-Identifier: GPL-3.0-or-later
 * fuzz-readwise.c — fuzz target: parses any bytes as a Readwise CSV export and
 * frees the batch; must never crash, hang or leak. */

#include "config.h"

#include <gio/gio.h>

#include "epistle-import.h"
#include "fuzz-target.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(EpistleImportBatch) batch = NULL;
  g_autoptr(GError) error = NULL;

  if (size > G_MAXSSIZE)
    return 0;
  if (epistle_import_parse_readwise ((const char *) data, (gssize) size, &batch, &error))
    g_assert (batch != NULL && error == NULL);
  else
    g_assert (batch == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA));
  return 0;
}
