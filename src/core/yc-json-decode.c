/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-json"

#include "config.h"

#include <math.h>
#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-json-decode.h"

/*
 * Recursive descent over the text, one byte at a time with no tokens in between: JsonParser
 * runs every character through a GScanner and its callbacks, which cost a push more than
 * building the tree did.  The tree is built with the calls json-glib's parser makes
 * (json_object_set_member, json_array_add_element), so a duplicate key ends as it does there.
 */

G_DEFINE_QUARK (yc-json-decode-error-quark, yc_json_decode_error)

/* Digits of an integer that surely fits in gint64 without checking for overflow. */
#define SAFE_INT_DIGITS 18

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  GString    *text;   /* the string being decoded */
  guint       depth;
  GError    **error;
} Decoder;

static JsonNode *decode_value (Decoder *d);

static gboolean
fail_at (Decoder    *d,
         const char *where,
         int         code,
         const char *what)
{
  g_set_error (d->error, YC_JSON_DECODE_ERROR, code, _("byte %lu: %s"),
               (gulong) (where - d->start), what);
  return FALSE;
}

static JsonNode *
fail (Decoder    *d,
      int         code,
      const char *what)
{
  fail_at (d, d->p, code, what);
  return NULL;
}

static inline void
skip_space (Decoder *d)
{
  while (d->p < d->end && (*d->p == ' ' || *d->p == '\n' || *d->p == '\r' || *d->p == '\t'))
    d->p++;
}

static int
hex_digit (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Four hex digits after "\u"; -1 when they are not. */
static gint32
read_hex4 (Decoder *d)
{
  gint32 value = 0;

  if (d->end - d->p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = hex_digit (d->p[i]);

      if (digit < 0)
        return -1;
      value = value << 4 | digit;
    }
  d->p += 4;
  return value;
}

/* "\uXXXX" (with its low half when it is a high surrogate), d->p after the "u". */
static gboolean
decode_unicode_escape (Decoder    *d,
                       const char *escape)
{
  gint32 unit = read_hex4 (d);
  gunichar ch;

  if (unit < 0)
    return fail_at (d, escape, YC_JSON_DECODE_ERROR_SYNTAX, _("“\\u” must be followed by four hex digits"));
  if (unit == 0)
    return fail_at (d, escape, YC_JSON_DECODE_ERROR_ENCODING,
                    _("a string may not contain U+0000"));
  if (unit >= 0xDC00 && unit <= 0xDFFF)
    return fail_at (d, escape, YC_JSON_DECODE_ERROR_ENCODING,
                    _("a low surrogate without the high one before it"));
  ch = unit;
  if (unit >= 0xD800 && unit <= 0xDBFF)
    {
      gint32 low = -1;

      if (d->end - d->p >= 2 && d->p[0] == '\\' && d->p[1] == 'u')
        {
          d->p += 2;
          low = read_hex4 (d);
        }
      if (low < 0xDC00 || low > 0xDFFF)
        return fail_at (d, escape, YC_JSON_DECODE_ERROR_ENCODING,
                        _("a high surrogate without the low one after it"));
      ch = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
  g_string_append_unichar (d->text, ch);
  return TRUE;
}

/* The string at d->p (its opening quote) into d->text.  The document is valid UTF-8
 * already; what is left to check is escapes and raw control characters. */
static gboolean
decode_string (Decoder *d)
{
  const char *run;

  g_string_truncate (d->text, 0);
  d->p++;
  run = d->p;
  for (;;)
    {
      guchar c;

      if (d->p >= d->end)
        return fail_at (d, d->p, YC_JSON_DECODE_ERROR_SYNTAX, _("the string does not end"));
      c = *d->p;
      if (c == '"')
        {
          g_string_append_len (d->text, run, d->p - run);
          d->p++;
          return TRUE;
        }
      if (c < 0x20)
        return fail_at (d, d->p, YC_JSON_DECODE_ERROR_SYNTAX,
                        _("a control character in a string must be written as an escape"));
      if (c != '\\')
        {
          d->p++;
          continue;
        }

      g_string_append_len (d->text, run, d->p - run);
      if (d->end - d->p < 2)
        return fail_at (d, d->p, YC_JSON_DECODE_ERROR_SYNTAX, _("the string does not end"));
      switch (d->p[1])
        {
        case '"':
        case '\\':
        case '/':
          g_string_append_c (d->text, d->p[1]);
          break;
        case 'b':
          g_string_append_c (d->text, '\b');
          break;
        case 'f':
          g_string_append_c (d->text, '\f');
          break;
        case 'n':
          g_string_append_c (d->text, '\n');
          break;
        case 'r':
          g_string_append_c (d->text, '\r');
          break;
        case 't':
          g_string_append_c (d->text, '\t');
          break;
        case 'u':
          {
            const char *escape = d->p;

            d->p += 2;
            if (!decode_unicode_escape (d, escape))
              return FALSE;
            run = d->p;
            continue;
          }
        default:
          return fail_at (d, d->p, YC_JSON_DECODE_ERROR_SYNTAX, _("unknown escape in a string"));
        }
      d->p += 2;
      run = d->p;
    }
}

static inline gboolean
is_digit (const Decoder *d,
          const char    *p)
{
  return p < d->end && *p >= '0' && *p <= '9';
}

/* An integer within gint64 is an integer, as json-glib reads it; any other number (a
 * fraction, an exponent, or too many digits) a double. */
static JsonNode *
decode_number (Decoder *d)
{
  const char *start = d->p;
  const char *digits;
  gboolean negative = FALSE, integral = TRUE;
  JsonNode *node;

  if (*d->p == '-')
    {
      negative = TRUE;
      d->p++;
    }
  digits = d->p;
  if (!is_digit (d, d->p))
    return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("a digit must follow “-”"));
  if (*d->p == '0')
    {
      d->p++;
      if (is_digit (d, d->p))
        return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("a number may not start with 0"));
    }
  else
    {
      while (is_digit (d, d->p))
        d->p++;
    }

  if (d->p < d->end && *d->p == '.')
    {
      integral = FALSE;
      d->p++;
      if (!is_digit (d, d->p))
        return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("a digit must follow the decimal point"));
      while (is_digit (d, d->p))
        d->p++;
    }
  if (d->p < d->end && (*d->p == 'e' || *d->p == 'E'))
    {
      integral = FALSE;
      d->p++;
      if (d->p < d->end && (*d->p == '+' || *d->p == '-'))
        d->p++;
      if (!is_digit (d, d->p))
        return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("a digit must follow the exponent’s “e”"));
      while (is_digit (d, d->p))
        d->p++;
    }

  if (integral)
    {
      guint64 magnitude = 0;
      guint64 limit = negative ? (guint64) G_MAXINT64 + 1 : (guint64) G_MAXINT64;
      gboolean fits = TRUE;

      for (const char *q = digits; q < d->p && fits; q++)
        {
          guint digit = *q - '0';

          if (q - digits >= SAFE_INT_DIGITS
              && (magnitude > (limit - digit) / 10))
            fits = FALSE;
          else
            magnitude = magnitude * 10 + digit;
        }
      if (fits)
        {
          node = json_node_alloc ();
          json_node_init_int (node, negative ? (gint64) (0 - magnitude) : (gint64) magnitude);
          return node;
        }
    }

  {
    char buffer[64];
    g_autofree char *heap = NULL;
    gsize length = d->p - start;
    char *text = buffer;
    double value;

    if (length >= sizeof buffer)
      text = heap = g_malloc (length + 1);
    memcpy (text, start, length);
    text[length] = '\0';
    value = g_ascii_strtod (text, NULL);
    if (isinf (value))
      {
        fail_at (d, start, YC_JSON_DECODE_ERROR_NUMBER, _("the number is too large"));
        return NULL;
      }
    node = json_node_alloc ();
    json_node_init_double (node, value);
    return node;
  }
}

static gboolean
expect_word (Decoder    *d,
             const char *word,
             gsize       length)
{
  if ((gsize) (d->end - d->p) < length || memcmp (d->p, word, length) != 0)
    return fail_at (d, d->p, YC_JSON_DECODE_ERROR_SYNTAX, _("expected a value"));
  d->p += length;
  return TRUE;
}

/* Past the opening bracket; FALSE when @close follows at once (the container is empty). */
static gboolean
open_container (Decoder *d,
                char     close)
{
  d->p++;
  skip_space (d);
  if (d->p < d->end && *d->p == close)
    {
      d->p++;
      return FALSE;
    }
  return TRUE;
}

/* After a member or an element: *more when a comma says another follows, else @close must. */
static gboolean
close_or_next (Decoder  *d,
               char      close,
               gboolean *more)
{
  skip_space (d);
  *more = d->p < d->end && *d->p == ',';
  if (*more)
    {
      d->p++;
      skip_space (d);
      return TRUE;
    }
  if (d->p < d->end && *d->p == close)
    {
      d->p++;
      return TRUE;
    }
  return fail_at (d, d->p, YC_JSON_DECODE_ERROR_SYNTAX,
                  close == '}' ? _("expected “,” or “}”") : _("expected “,” or “]”"));
}

static JsonNode *
decode_object (Decoder *d)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gboolean more = open_container (d, '}');

  while (more)
    {
      char short_name[64];
      g_autofree char *long_name = NULL;
      const char *name = short_name;
      JsonNode *value;

      if (d->p >= d->end || *d->p != '"')
        return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("expected a member name in double quotes"));
      if (!decode_string (d))
        return NULL;
      /* d->text is needed again for the value. */
      if (d->text->len < sizeof short_name)
        memcpy (short_name, d->text->str, d->text->len + 1);
      else
        name = long_name = g_strndup (d->text->str, d->text->len);

      skip_space (d);
      if (d->p >= d->end || *d->p != ':')
        return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("expected “:” after the member name"));
      d->p++;
      skip_space (d);
      value = decode_value (d);
      if (value == NULL)
        return NULL;
      json_object_set_member (object, name, value);
      if (!close_or_next (d, '}', &more))
        return NULL;
    }

  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
decode_array (Decoder *d)
{
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean more = open_container (d, ']');

  while (more)
    {
      JsonNode *value = decode_value (d);

      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);
      if (!close_or_next (d, ']', &more))
        return NULL;
    }

  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
decode_container (Decoder *d)
{
  JsonNode *node;

  if (d->depth == YC_JSON_DECODE_MAX_DEPTH)
    return fail (d, YC_JSON_DECODE_ERROR_DEPTH, _("nested too deeply"));
  d->depth++;
  node = *d->p == '{' ? decode_object (d) : decode_array (d);
  d->depth--;
  return node;
}

/* The value at d->p (no white space before it). */
static JsonNode *
decode_value (Decoder *d)
{
  if (d->p >= d->end)
    return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("expected a value"));

  switch (*d->p)
    {
    case '{':
    case '[':
      return decode_container (d);
    case '"':
      if (!decode_string (d))
        return NULL;
      return json_node_init_string (json_node_alloc (), d->text->str);
    case 't':
      if (!expect_word (d, "true", 4))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), TRUE);
    case 'f':
      if (!expect_word (d, "false", 5))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), FALSE);
    case 'n':
      if (!expect_word (d, "null", 4))
        return NULL;
      return json_node_init_null (json_node_alloc ());
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return decode_number (d);
    default:
      return fail (d, YC_JSON_DECODE_ERROR_SYNTAX, _("expected a value"));
    }
}

/**
 * yc_json_decode:
 * @data: UTF-8 JSON text, not necessarily nul-terminated
 *
 * Returns: (transfer full): the root, or %NULL with @error set in %YC_JSON_DECODE_ERROR
 */
JsonNode *
yc_json_decode (const char  *data,
                gsize        length,
                GError     **error)
{
  g_autoptr(GString) text = NULL;
  const char *invalid = NULL;
  Decoder d = { 0 };
  JsonNode *root;

  g_return_val_if_fail (data != NULL || length == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  d.start = d.p = data != NULL ? data : "";
  d.end = d.start + length;
  d.error = error;

  /* Once for the whole text, as json-glib does; a nul byte is not UTF-8 here either. */
  if (!g_utf8_validate_len (d.start, length, &invalid))
    {
      fail_at (&d, invalid, YC_JSON_DECODE_ERROR_ENCODING, _("the text is not UTF-8"));
      return NULL;
    }

  skip_space (&d);
  if (d.p == d.end)
    return fail (&d, YC_JSON_DECODE_ERROR_EMPTY, _("there is no JSON value, only white space"));

  text = d.text = g_string_sized_new (64);
  root = decode_value (&d);
  if (root == NULL)
    return NULL;
  skip_space (&d);
  if (d.p != d.end)
    {
      json_node_unref (root);
      return fail (&d, YC_JSON_DECODE_ERROR_SYNTAX, _("more text after the JSON value"));
    }
  return root;
}
