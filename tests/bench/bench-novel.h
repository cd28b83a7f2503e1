/* SPDX-License-Identifier: GPL-3.0-or-later
 * bench-novel.h — War and Peace for the benchmarks and the long tests,
 * cloned from the corpus bundle, in its two shapes: hard-wrapped as the
 * file comes, and one line per paragraph as modern editors store prose. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The novel's text, cloned into @cache (kept there for the next run); NULL
 * when git or the bundle ($EPISTLE_CORPUS/war-and-peace-history.bundle) is
 * missing. */
char *epistle_bench_novel_text  (const char *cache,
                                 gboolean    one_line);
/* The same, written to a file in @cache; returns its path.  Aborts when
 * the novel cannot be had (a benchmark without it measures nothing). */
char *epistle_bench_novel_file  (const char *cache,
                                 gboolean    one_line);
/* The @p-th percentile (0–100) of @times (doubles; sorted in place). */
double epistle_bench_percentile (GArray *times,
                                 double  p);
/* Removes @path and everything below it. */
void  epistle_bench_remove_tree (const char *path);

G_END_DECLS
