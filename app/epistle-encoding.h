/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-encoding.h — detect a document's encoding, BOM and line endings,
 * decode it to UTF-8 for editing and encode it back exactly as it came. */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define EPISTLE_ENCODING_ERROR (epistle_encoding_error_quark ())

typedef enum {
  EPISTLE_ENCODING_ERROR_BINARY,        /* NUL bytes: not a text document      */
  EPISTLE_ENCODING_ERROR_INVALID,       /* cannot be decoded                   */
  EPISTLE_ENCODING_ERROR_UNREPRESENTABLE, /* text has characters the encoding lacks */
} EpistleEncodingError;

typedef enum {
  EPISTLE_ENCODING_UTF8,
  EPISTLE_ENCODING_UTF16LE,
  EPISTLE_ENCODING_UTF16BE,
  EPISTLE_ENCODING_LEGACY,      /* 8-bit, see charset (WINDOWS-1252 / ISO-8859-1) */
} EpistleEncoding;

typedef enum {
  EPISTLE_NEWLINE_LF,
  EPISTLE_NEWLINE_CRLF,
  EPISTLE_NEWLINE_CR,
  EPISTLE_NEWLINE_MIXED,        /* kept as they are: decode does not convert  */
} EpistleNewline;

typedef struct {
  EpistleEncoding encoding;
  gboolean        bom;          /* the file began with a byte order mark      */
  EpistleNewline  newline;
  char           *charset;      /* iconv name for LEGACY ("WINDOWS-1252"), else NULL */
} EpistleTextFormat;

GQuark   epistle_encoding_error_quark (void);

void     epistle_text_format_init  (EpistleTextFormat *format);  /* UTF-8, no BOM, LF */
void     epistle_text_format_clear (EpistleTextFormat *format);
/* Overwrites @dest (without freeing what it held) with a deep copy of @src. */
void     epistle_text_format_copy  (EpistleTextFormat       *dest,
                                    const EpistleTextFormat *src);
/* Human name for banners: "UTF-8", "UTF-16 (little endian)", "Western (Windows-1252)". */
const char *epistle_text_format_describe (const EpistleTextFormat *format);
/* Human name of a line-ending style: "Unix/Linux (LF)", "Windows (CRLF)", … */
const char *epistle_newline_describe     (EpistleNewline           newline);

/* Decodes file contents to UTF-8 for the buffer: strips the BOM, converts
 * CRLF/CR line endings to LF when the file uses one kind consistently, and
 * fills in @format so epistle_encode() can reproduce the original bytes.
 * @format is written only on success and need not be initialized (like
 * epistle_text_format_copy(), it does not free a previous charset: clear
 * a reused format first).  The result is NUL-terminated; @out_length (may
 * be NULL) receives its length in bytes. */
char    *epistle_decode (const guint8      *data,
                         gsize              length,
                         EpistleTextFormat *format,
                         gsize             *out_length,
                         GError           **error);

/* Encodes UTF-8 buffer text back into @format (newlines, BOM, charset).
 * With a consistent newline style every line break of @text (LF, CRLF or
 * a lone CR) is written in that style; MIXED writes the text as it is. */
GBytes  *epistle_encode (const char              *text,
                         gssize                   length,
                         const EpistleTextFormat *format,
                         GError                 **error);

G_END_DECLS
