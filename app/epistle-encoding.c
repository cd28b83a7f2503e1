/* SPDX-License-Identifier: GPL-3.0-or-later
 * epistle-encoding.c — encoding, BOM and line-ending detection, and the
 * decode/encode pair that gives the user's file back byte for byte. */

#include "config.h"

#include <errno.h>
#include <string.h>

#include <glib/gi18n.h>

#include "epistle-encoding.h"

G_DEFINE_QUARK (epistle-encoding-error-quark, epistle_encoding_error)

#define UTF8_BOM     "\xEF\xBB\xBF"
#define UTF8_BOM_LEN 3

void
epistle_text_format_init (EpistleTextFormat *format)
{
  g_return_if_fail (format != NULL);

  format->encoding = EPISTLE_ENCODING_UTF8;
  format->bom = FALSE;
  format->newline = EPISTLE_NEWLINE_LF;
  format->charset = NULL;
}

void
epistle_text_format_clear (EpistleTextFormat *format)
{
  g_return_if_fail (format != NULL);

  g_clear_pointer (&format->charset, g_free);
  epistle_text_format_init (format);
}

void
epistle_text_format_copy (EpistleTextFormat       *dest,
                          const EpistleTextFormat *src)
{
  g_return_if_fail (dest != NULL);
  g_return_if_fail (src != NULL);

  if (dest == src)
    return;

  dest->encoding = src->encoding;
  dest->bom = src->bom;
  dest->newline = src->newline;
  dest->charset = g_strdup (src->charset);
}

const char *
epistle_text_format_describe (const EpistleTextFormat *format)
{
  g_return_val_if_fail (format != NULL, NULL);

  switch (format->encoding)
    {
    case EPISTLE_ENCODING_UTF8:
      return _("UTF-8");

    case EPISTLE_ENCODING_UTF16LE:
      return _("UTF-16 (little endian)");

    case EPISTLE_ENCODING_UTF16BE:
      return _("UTF-16 (big endian)");

    case EPISTLE_ENCODING_LEGACY:
      if (format->charset == NULL ||
          g_ascii_strcasecmp (format->charset, "WINDOWS-1252") == 0 ||
          g_ascii_strcasecmp (format->charset, "CP1252") == 0)
        return _("Western (Windows-1252)");
      if (g_ascii_strcasecmp (format->charset, "ISO-8859-1") == 0 ||
          g_ascii_strcasecmp (format->charset, "LATIN1") == 0)
        return _("Western (ISO-8859-1)");
      return format->charset;

    default:
      g_return_val_if_reached (_("Unknown"));
    }
}

const char *
epistle_newline_describe (EpistleNewline newline)
{
  switch (newline)
    {
    case EPISTLE_NEWLINE_LF:
      return _("Unix/Linux (LF)");

    case EPISTLE_NEWLINE_CRLF:
      return _("Windows (CRLF)");

    case EPISTLE_NEWLINE_CR:
      return _("Classic Mac OS (CR)");

    case EPISTLE_NEWLINE_MIXED:
      return _("Mixed");

    default:
      g_return_val_if_reached (_("Unknown"));
    }
}

/* --------------------------------------------------------------------------
 * Line endings
 * ------------------------------------------------------------------------ */

static EpistleNewline
detect_newline (const char *text,
                gsize       length)
{
  const char *end = text + length;
  const char *p = text;
  gsize n_cr = 0;
  gsize n_crlf = 0;
  gsize n_lf = 0;

  /* Most files have no CR at all; memchr makes that case one fast scan. */
  if (memchr (text, '\r', length) == NULL)
    return EPISTLE_NEWLINE_LF;

  while (p < end)
    {
      const char *cr = memchr (p, '\r', end - p);
      const char *stop = cr != NULL ? cr : end;
      const char *lf = p;

      while ((lf = memchr (lf, '\n', stop - lf)) != NULL)
        {
          n_lf++;
          lf++;
        }

      if (cr == NULL)
        break;

      if (cr + 1 < end && cr[1] == '\n')
        {
          n_crlf++;
          p = cr + 2;
        }
      else
        {
          n_cr++;
          p = cr + 1;
        }

      if ((n_lf != 0) + (n_crlf != 0) + (n_cr != 0) > 1)
        return EPISTLE_NEWLINE_MIXED;
    }

  if ((n_lf != 0) + (n_crlf != 0) + (n_cr != 0) > 1)
    return EPISTLE_NEWLINE_MIXED;
  if (n_crlf > 0)
    return EPISTLE_NEWLINE_CRLF;
  if (n_cr > 0)
    return EPISTLE_NEWLINE_CR;
  return EPISTLE_NEWLINE_LF;
}

/* Converts consistent CRLF or CR line endings to LF, in place.  Returns the
 * new length; the text stays NUL-terminated. */
static gsize
newlines_to_lf (char           *text,
                gsize           length,
                EpistleNewline  newline)
{
  if (newline == EPISTLE_NEWLINE_CR)
    {
      char *p = text;
      char *end = text + length;

      while ((p = memchr (p, '\r', end - p)) != NULL)
        *p++ = '\n';
      return length;
    }

  if (newline == EPISTLE_NEWLINE_CRLF)
    {
      const char *src = text;
      const char *end = text + length;
      char *dst = text;

      for (;;)
        {
          const char *cr = memchr (src, '\r', end - src);
          gsize run = (cr != NULL ? cr : end) - src;

          memmove (dst, src, run);
          dst += run;
          if (cr == NULL)
            break;
          /* Consistent CRLF: every CR is followed by LF, so drop the CR. */
          src = cr + 1;
        }
      *dst = '\0';
      return dst - text;
    }

  return length;
}

/* Rewrites every line break (LF, CRLF or a lone CR) as @newline.  Returns
 * a new NUL-terminated buffer, or NULL when nothing needs to change. */
static char *
newlines_from_lf (const char     *text,
                  gsize           length,
                  EpistleNewline  newline,
                  gsize          *out_length)
{
  const char *end = text + length;
  const char *p;
  gsize n_breaks = 0;
  gsize n_bytes = 0;
  gboolean changes = FALSE;
  gsize break_len;
  char *out;
  char *dst;

  if (newline == EPISTLE_NEWLINE_MIXED)
    return NULL;

  if (newline == EPISTLE_NEWLINE_LF && memchr (text, '\r', length) == NULL)
    return NULL;

  break_len = newline == EPISTLE_NEWLINE_CRLF ? 2 : 1;

  /* First pass: count breaks and whether any of them differs. */
  for (p = text; p < end; p++)
    {
      if (*p == '\n')
        {
          n_breaks++;
          n_bytes += 1;
          if (newline != EPISTLE_NEWLINE_LF)
            changes = TRUE;
        }
      else if (*p == '\r')
        {
          gboolean crlf = p + 1 < end && p[1] == '\n';

          n_breaks++;
          n_bytes += crlf ? 2 : 1;
          if ((crlf && newline != EPISTLE_NEWLINE_CRLF) ||
              (!crlf && newline != EPISTLE_NEWLINE_CR))
            changes = TRUE;
          if (crlf)
            p++;
        }
    }

  if (!changes)
    return NULL;

  *out_length = length - n_bytes + n_breaks * break_len;
  out = g_malloc (*out_length + 1);
  dst = out;

  for (p = text; p < end; p++)
    {
      if (*p != '\n' && *p != '\r')
        {
          const char *next = p;

          while (next < end && *next != '\n' && *next != '\r')
            next++;
          memcpy (dst, p, next - p);
          dst += next - p;
          p = next - 1;
          continue;
        }

      if (*p == '\r' && p + 1 < end && p[1] == '\n')
        p++;

      switch (newline)
        {
        case EPISTLE_NEWLINE_CRLF:
          *dst++ = '\r';
          *dst++ = '\n';
          break;

        case EPISTLE_NEWLINE_CR:
          *dst++ = '\r';
          break;

        case EPISTLE_NEWLINE_LF:
        case EPISTLE_NEWLINE_MIXED:
        default:
          *dst++ = '\n';
          break;
        }
    }

  g_assert ((gsize) (dst - out) == *out_length);
  *dst = '\0';
  return out;
}

/* --------------------------------------------------------------------------
 * Decoding
 * ------------------------------------------------------------------------ */

static void
set_binary_error (GError **error)
{
  g_set_error_literal (error, EPISTLE_ENCODING_ERROR,
                       EPISTLE_ENCODING_ERROR_BINARY,
                       _("The file contains NUL bytes; it looks like a binary file, not a text document"));
}

static char *
decode_utf16 (const guint8  *data,
              gsize          length,
              gboolean       big_endian,
              gsize         *out_length,
              GError       **error)
{
  const guint8 *p = data;
  const guint8 *end;
  char *out;
  char *dst;

  if (length % 2 != 0)
    {
      g_set_error_literal (error, EPISTLE_ENCODING_ERROR,
                           EPISTLE_ENCODING_ERROR_INVALID,
                           _("The file is not valid UTF-16: it has an odd number of bytes"));
      return NULL;
    }

  end = data + length;

  /* Every UTF-16 code unit becomes at most 3 UTF-8 bytes (surrogate pairs:
   * 4 bytes for 2 units), so 3/2 of the input is always enough. */
  out = g_malloc (length / 2 * 3 + 1);
  dst = out;

  while (p < end)
    {
      gunichar c;
      guint16 unit = big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);

      p += 2;

      if (unit >= 0xD800 && unit <= 0xDBFF)
        {
          guint16 low;

          if (p >= end)
            goto invalid;
          low = big_endian ? (p[0] << 8 | p[1]) : (p[1] << 8 | p[0]);
          if (low < 0xDC00 || low > 0xDFFF)
            goto invalid;
          p += 2;
          c = 0x10000 + (((gunichar) unit - 0xD800) << 10) + (low - 0xDC00);
        }
      else if (unit >= 0xDC00 && unit <= 0xDFFF)
        goto invalid;
      else if (unit == 0)
        {
          g_free (out);
          set_binary_error (error);
          return NULL;
        }
      else
        c = unit;

      dst += g_unichar_to_utf8 (c, dst);
    }

  *dst = '\0';
  *out_length = dst - out;
  return out;

invalid:
  g_free (out);
  g_set_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID,
               _("The file is not valid UTF-16: broken surrogate pair at byte %" G_GSIZE_FORMAT),
               (gsize) (p - data) - 2);
  return NULL;
}

/* Windows-1252 leaves these five bytes undefined; iconv refuses them, so a
 * file that uses them can only be ISO-8859-1 (which maps every byte). */
static gboolean
has_bytes_undefined_in_1252 (const guint8 *data,
                             gsize         length)
{
  for (gsize i = 0; i < length; i++)
    {
      switch (data[i])
        {
        case 0x81: case 0x8D: case 0x8F: case 0x90: case 0x9D:
          return TRUE;
        default:
          break;
        }
    }

  return FALSE;
}

/* One iconv call into a buffer sized for the worst case.  On an unconvertible
 * input, returns NULL and sets *bad_offset to its position in @input (and no
 * error); when the conversion itself is unavailable, sets @error. */
static char *
iconv_all (const char *to_charset,
           const char *from_charset,
           const char *input,
           gsize       length,
           gsize       max_out,
           gsize      *out_length,
           gsize      *bad_offset,
           GError    **error)
{
  GIConv cd;
  char *out;
  char *inbuf = (char *) input;
  char *outbuf;
  gsize inleft = length;
  gsize outleft = max_out;
  gsize res;
  int saved_errno;

  cd = g_iconv_open (to_charset, from_charset);
  if (cd == (GIConv) -1)
    {
      g_set_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID,
                   _("Conversion from %s to %s is not supported on this system"),
                   from_charset, to_charset);
      return NULL;
    }

  out = g_malloc (max_out + 1);
  outbuf = out;
  res = g_iconv (cd, &inbuf, &inleft, &outbuf, &outleft);
  saved_errno = errno;
  if (res != (gsize) -1)
    res = g_iconv (cd, NULL, NULL, &outbuf, &outleft);
  g_iconv_close (cd);

  if (res == (gsize) -1)
    {
      g_free (out);
      if (saved_errno == E2BIG)
        {
          g_set_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID,
                       "iconv output buffer too small (%s → %s)", from_charset, to_charset);
          return NULL;
        }
      *bad_offset = inbuf - input;
      return NULL;
    }

  *outbuf = '\0';
  *out_length = outbuf - out;
  return out;
}

static char *
decode_legacy (const guint8       *data,
               gsize               length,
               EpistleTextFormat  *format,
               gsize              *out_length,
               GError            **error)
{
  const char *charset;
  gsize bad = G_MAXSIZE;
  char *text;

  charset = has_bytes_undefined_in_1252 (data, length) ? "ISO-8859-1" : "WINDOWS-1252";

  /* Each byte of an 8-bit charset is one character of at most 3 UTF-8 bytes. */
  text = iconv_all ("UTF-8", charset, (const char *) data, length,
                    length * 3, out_length, &bad, error);
  if (text == NULL && bad != G_MAXSIZE)
    g_set_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID,
                 _("The file could not be decoded as %s (byte 0x%02X at offset %" G_GSIZE_FORMAT ")"),
                 charset, bad < length ? data[bad] : 0, bad);
  if (text == NULL)
    return NULL;

  format->charset = g_strdup (charset);
  return text;
}

char *
epistle_decode (const guint8      *data,
                gsize              length,
                EpistleTextFormat *format,
                gsize             *out_length,
                GError           **error)
{
  EpistleTextFormat result;
  g_autofree char *text = NULL;
  gsize text_length = 0;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  epistle_text_format_init (&result);

  if (length == 0)
    data = (const guint8 *) "";

  if (length >= 2 && ((data[0] == 0xFF && data[1] == 0xFE) ||
                      (data[0] == 0xFE && data[1] == 0xFF)))
    {
      gboolean big_endian = data[0] == 0xFE;

      result.encoding = big_endian ? EPISTLE_ENCODING_UTF16BE : EPISTLE_ENCODING_UTF16LE;
      result.bom = TRUE;
      text = decode_utf16 (data + 2, length - 2, big_endian, &text_length, error);
      if (text == NULL)
        return NULL;
    }
  else
    {
      const guint8 *body = data;
      gsize body_length = length;
      const char *invalid_at = NULL;

      if (memchr (data, '\0', length) != NULL)
        {
          set_binary_error (error);
          return NULL;
        }

      if (length >= UTF8_BOM_LEN && memcmp (data, UTF8_BOM, UTF8_BOM_LEN) == 0)
        {
          result.bom = TRUE;
          body += UTF8_BOM_LEN;
          body_length -= UTF8_BOM_LEN;
        }

      if (g_utf8_validate_len ((const char *) body, body_length, &invalid_at))
        {
          text = g_malloc (body_length + 1);
          if (body_length > 0)
            memcpy (text, body, body_length);
          text[body_length] = '\0';
          text_length = body_length;
        }
      else if (result.bom)
        {
          /* The file says it is UTF-8 and is not: refuse rather than guess. */
          g_set_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID,
                       _("The file starts with a UTF-8 byte order mark but is not valid UTF-8 (offset %" G_GSIZE_FORMAT ")"),
                       (gsize) ((const guint8 *) invalid_at - data));
          return NULL;
        }
      else
        {
          result.encoding = EPISTLE_ENCODING_LEGACY;
          text = decode_legacy (data, length, &result, &text_length, error);
          if (text == NULL)
            return NULL;
        }
    }

  result.newline = detect_newline (text, text_length);
  text_length = newlines_to_lf (text, text_length, result.newline);

  *format = result;
  if (out_length != NULL)
    *out_length = text_length;

  return g_steal_pointer (&text);
}

/* --------------------------------------------------------------------------
 * Encoding
 * ------------------------------------------------------------------------ */

static GBytes *
encode_utf16 (const char *text,
              gsize       length,
              gboolean    big_endian,
              gboolean    bom)
{
  const char *p = text;
  const char *end = text + length;
  guint8 *out;
  guint8 *dst;

  /* Every UTF-8 byte becomes at most 2 UTF-16 bytes. */
  out = g_malloc (length * 2 + 2);
  dst = out;

#define PUT_UNIT(u) G_STMT_START {                  \
    guint16 unit_ = (u);                            \
    if (big_endian)                                 \
      { *dst++ = unit_ >> 8; *dst++ = unit_ & 0xFF; } \
    else                                            \
      { *dst++ = unit_ & 0xFF; *dst++ = unit_ >> 8; } \
  } G_STMT_END

  if (bom)
    PUT_UNIT (0xFEFF);

  while (p < end)
    {
      gunichar c = g_utf8_get_char (p);

      p = g_utf8_next_char (p);

      if (c >= 0x10000)
        {
          c -= 0x10000;
          PUT_UNIT (0xD800 + (c >> 10));
          PUT_UNIT (0xDC00 + (c & 0x3FF));
        }
      else
        PUT_UNIT (c);
    }

#undef PUT_UNIT

  return g_bytes_new_take (out, dst - out);
}

static void
set_unrepresentable_error (GError                  **error,
                           const char               *text,
                           gsize                     offset,
                           const EpistleTextFormat  *format)
{
  gunichar c = g_utf8_get_char (text + offset);
  char utf8[8] = { 0 };
  guint line = 1;

  for (gsize i = 0; i < offset; i++)
    {
      if (text[i] == '\n')
        line++;
      else if (text[i] == '\r' && text[i + 1] != '\n')
        line++;
    }

  g_unichar_to_utf8 (c, utf8);

  g_set_error (error, EPISTLE_ENCODING_ERROR,
               EPISTLE_ENCODING_ERROR_UNREPRESENTABLE,
               _("The character “%s” (U+%04X) on line %u cannot be saved as %s"),
               utf8, c, line, epistle_text_format_describe (format));
}

GBytes *
epistle_encode (const char              *text,
                gssize                   length,
                const EpistleTextFormat *format,
                GError                 **error)
{
  g_autofree char *converted = NULL;
  const char *invalid_at = NULL;
  gsize text_length;
  gsize converted_length = 0;

  g_return_val_if_fail (text != NULL || length == 0, NULL);
  g_return_val_if_fail (format != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (text == NULL)
    text = "";
  text_length = length < 0 ? strlen (text) : (gsize) length;

  if (!g_utf8_validate_len (text, text_length, &invalid_at))
    {
      g_set_error (error, EPISTLE_ENCODING_ERROR, EPISTLE_ENCODING_ERROR_INVALID,
                   _("The text is not valid UTF-8 (offset %" G_GSIZE_FORMAT ")"),
                   (gsize) (invalid_at - text));
      return NULL;
    }

  converted = newlines_from_lf (text, text_length, format->newline, &converted_length);
  if (converted != NULL)
    {
      text = converted;
      text_length = converted_length;
    }

  switch (format->encoding)
    {
    case EPISTLE_ENCODING_UTF8:
      if (format->bom)
        {
          guint8 *out = g_malloc (text_length + UTF8_BOM_LEN);

          memcpy (out, UTF8_BOM, UTF8_BOM_LEN);
          if (text_length > 0)
            memcpy (out + UTF8_BOM_LEN, text, text_length);
          return g_bytes_new_take (out, text_length + UTF8_BOM_LEN);
        }
      if (converted != NULL)
        return g_bytes_new_take (g_steal_pointer (&converted), text_length);
      return g_bytes_new (text, text_length);

    case EPISTLE_ENCODING_UTF16LE:
    case EPISTLE_ENCODING_UTF16BE:
      return encode_utf16 (text, text_length,
                           format->encoding == EPISTLE_ENCODING_UTF16BE,
                           format->bom);

    case EPISTLE_ENCODING_LEGACY:
      {
        const char *charset = format->charset != NULL ? format->charset : "WINDOWS-1252";
        gsize out_length = 0;
        gsize bad = G_MAXSIZE;
        char *out;

        /* Every character of an 8-bit charset takes one byte, and every
         * UTF-8 character at least one. */
        out = iconv_all (charset, "UTF-8", text, text_length, text_length,
                         &out_length, &bad, error);
        if (out == NULL)
          {
            if (bad != G_MAXSIZE)
              set_unrepresentable_error (error, text, bad, format);
            return NULL;
          }
        return g_bytes_new_take (out, out_length);
      }

    default:
      g_return_val_if_reached (NULL);
    }
}
