/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-cli.h — what the subcommands of epistle-cli share: the exit
 * statuses of the contract, error reporting, reading a document. */
#pragma once

#include <glib.h>
#include <json-glib/json-glib.h>

/* The contract in DESIGN.md: scripts and tests rely on these. */
enum {
  EXIT_OK       = 0,
  EXIT_FINDINGS = 1,
  EXIT_ERROR    = 2,
};

/* Prints one line on stderr, prefixed with the program (and command)
 * name, and returns the error exit status.  Newlines inside messages
 * from libraries are flattened so scripts can rely on a single line. */
G_GNUC_PRINTF (1, 2)
int   epistle_cli_fail      (const char  *format,
                             ...);

/* JSON output: the finished @builder's document on stdout; members. */
void  epistle_cli_print_json  (JsonBuilder *builder);
void  epistle_cli_json_int    (JsonBuilder *builder,
                               const char  *name,
                               gint64       value);
/* A NULL @value is JSON's null. */
void  epistle_cli_json_string (JsonBuilder *builder,
                               const char  *name,
                               const char  *value);

/* Reads and decodes @path into UTF-8, as the editor would open it. */
char *epistle_cli_read_text (const char  *path,
                             gsize       *length,
                             GError     **error);

int   epistle_cli_spell     (int          argc,
                             char       **argv);

int   epistle_cli_outline   (int          argc,
                             char       **argv);

int   epistle_cli_library   (int          argc,
                             char       **argv);

int   epistle_cli_history   (int          argc,
                             char       **argv);
