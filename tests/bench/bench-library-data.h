/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-library-data.h — the 100,000-quote library the library benchmarks
 * share, built from the sentences of War and Peace. */
#pragma once

#include "epistle-import.h"

G_BEGIN_DECLS

#define EPISTLE_BENCH_LIBRARY_QUOTES  100000
#define EPISTLE_BENCH_LIBRARY_SOURCES 2000

/* The quotes (each with its source's CSL-JSON item) as an import batch,
 * from the novel's @text. */
EpistleImportBatch *epistle_bench_library_batch (const char *text);

G_END_DECLS
