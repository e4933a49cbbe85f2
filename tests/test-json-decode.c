/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <math.h>
#include <string.h>

#include "yc-json-decode.h"

/*
 * yc_json_decode against json-glib's JsonParser: the same tree (compared as json-glib's
 * compact text, which tells integers from doubles) of every document of the catalog and the
 * test data, of generated documents, and of edge cases; the same verdict on malformed text,
 * except for the non-JSON that json-glib 1.6 takes (comments, single quotes, …), which the
 * decoder refuses.
 */

/* json-glib's tree of @data as compact text, or NULL when it refuses it. */
static char *
json_glib_text (const char *data,
                gsize       length)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonNode *root;

  if (!json_parser_load_from_data (parser, data, length, NULL))
    return NULL;
  root = json_parser_get_root (parser);
  return root != NULL ? json_to_string (root, FALSE) : NULL;
}

static char *
decoded_text (const char  *data,
              gsize        length,
              GError     **error)
{
  g_autoptr(JsonNode) root = yc_json_decode (data, length, error);

  return root != NULL ? json_to_string (root, FALSE) : NULL;
}

/* Both accept @data with the same tree, or both refuse it. */
static void
assert_same (const char *data,
             gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = json_glib_text (data, length);
  g_autofree char *actual = decoded_text (data, length, &error);

  if (expected != NULL && actual == NULL)
    g_error ("json-glib reads “%.*s” but the decoder refused it: %s", (int) MIN (length, 200),
             data, error->message);
  if (expected == NULL && actual != NULL)
    g_error ("json-glib refuses “%.*s” but the decoder read %s", (int) MIN (length, 200), data,
             actual);
  g_assert_cmpstr (actual, ==, expected);
}

static void
collect_json_files (GFile     *dir,
                    GPtrArray *files)
{
  g_autoptr(GFileEnumerator) children = NULL;
  GFileInfo *info;
  GFile *child;

  children = g_file_enumerate_children (dir, G_FILE_ATTRIBUTE_STANDARD_NAME ","
                                        G_FILE_ATTRIBUTE_STANDARD_TYPE,
                                        G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS, NULL, NULL);
  if (children == NULL)
    return;
  while (g_file_enumerator_iterate (children, &info, &child, NULL, NULL) && info != NULL)
    {
      if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
        collect_json_files (child, files);
      else if (g_str_has_suffix (g_file_info_get_name (info), ".json"))
        g_ptr_array_add (files, g_object_ref (child));
    }
}

/* Every JSON file of the shipped data and the test data, as written and pretty-printed. */
static void
test_corpus (void)
{
  const char *dirs[] = { g_getenv ("YC_SOURCE_DATADIR"), g_getenv ("YC_TEST_DATADIR") };
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  guint n_read = 0;

  for (guint i = 0; i < G_N_ELEMENTS (dirs); i++)
    {
      g_autoptr(GFile) dir = NULL;

      g_assert_nonnull (dirs[i]);
      dir = g_file_new_for_path (dirs[i]);
      collect_json_files (dir, files);
    }
  g_assert_cmpuint (files->len, >=, 10);

  for (guint i = 0; i < files->len; i++)
    {
      g_autofree char *contents = NULL;
      g_autofree char *pretty = NULL;
      g_autoptr(JsonNode) root = NULL;
      gsize length;

      g_assert_true (g_file_load_contents (g_ptr_array_index (files, i), NULL, &contents,
                                           &length, NULL, NULL));
      assert_same (contents, length);
      root = json_from_string (contents, NULL);
      if (root == NULL)
        continue;
      n_read++;
      pretty = json_to_string (root, TRUE);
      assert_same (pretty, strlen (pretty));
    }
  g_assert_cmpuint (n_read, >=, 10);
}

/* Random documents, written with random white space and random (valid) spellings of
 * strings: plain UTF-8, short escapes, \u escapes with surrogate pairs past the BMP. */

static const gunichar sample_chars[] = {
  'a', 'Z', '0', ' ', '"', '\\', '/', '\b', '\f', '\n', '\r', '\t', 0x01, 0x1f, 0x7f,
  0xe9, 0x4e2d, 0x793e, 0xfffd, 0xffff, 0x1f600, 0x10ffff, 0x20000,
};

static void
write_space (GRand   *rand,
             GString *out)
{
  static const char spaces[] = " \t\n\r";

  while (g_rand_int_range (rand, 0, 4) == 0)
    g_string_append_c (out, spaces[g_rand_int_range (rand, 0, 4)]);
}

static void
write_string (GRand   *rand,
              GString *out)
{
  guint n = g_rand_int_range (rand, 0, 12);

  g_string_append_c (out, '"');
  for (guint i = 0; i < n; i++)
    {
      gunichar ch = sample_chars[g_rand_int_range (rand, 0, G_N_ELEMENTS (sample_chars))];
      const char *short_escape = NULL;

      switch (ch)
        {
        case '"': short_escape = "\\\""; break;
        case '\\': short_escape = "\\\\"; break;
        case '/': short_escape = g_rand_boolean (rand) ? "\\/" : "/"; break;
        case '\b': short_escape = "\\b"; break;
        case '\f': short_escape = "\\f"; break;
        case '\n': short_escape = "\\n"; break;
        case '\r': short_escape = "\\r"; break;
        case '\t': short_escape = "\\t"; break;
        default: break;
        }
      if (short_escape != NULL && g_rand_boolean (rand))
        g_string_append (out, short_escape);
      else if (ch < 0x20 || g_rand_int_range (rand, 0, 3) == 0)
        {
          if (ch >= 0x10000)
            g_string_append_printf (out, "\\u%04X\\u%04x", 0xD800 + ((ch - 0x10000) >> 10),
                                    0xDC00 + ((ch - 0x10000) & 0x3ff));
          else
            g_string_append_printf (out, g_rand_boolean (rand) ? "\\u%04x" : "\\u%04X", ch);
        }
      else if (short_escape != NULL)
        g_string_append (out, short_escape);
      else
        g_string_append_unichar (out, ch);
    }
  g_string_append_c (out, '"');
}

static void
write_number (GRand   *rand,
              GString *out)
{
  static const char *const special[] = {
    "0", "-0", "1", "-1", "9223372036854775807", "-9223372036854775808",
    "123456789012345678901234567890.5", "0.5", "-0.0", "1e5", "1E+5", "2.5e-3", "1e-400", "0.1", "1.7976931348623157e308",
    "4.9e-324", "123.456e-7",
  };
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double value;

  switch (g_rand_int_range (rand, 0, 4))
    {
    case 0:
      g_string_append (out, special[g_rand_int_range (rand, 0, G_N_ELEMENTS (special))]);
      break;
    case 1:
      g_string_append_printf (out, "%" G_GINT64_FORMAT,
                              (gint64) ((guint64) g_rand_int (rand) << 32 | g_rand_int (rand)));
      break;
    case 2:
      g_string_append_printf (out, "%d", g_rand_int_range (rand, -1000, 1000));
      break;
    default:
      do
        {
          guint64 bits = (guint64) g_rand_int (rand) << 32 | g_rand_int (rand);

          memcpy (&value, &bits, sizeof value);
        }
      while (!isfinite (value));
      g_string_append (out, g_ascii_formatd (buffer, sizeof buffer,
                                             g_rand_boolean (rand) ? "%.17g" : "%.6e", value));
      break;
    }
}

static void write_value (GRand   *rand,
                         GString *out,
                         guint    depth);

/* An object's members (a few names, so that some are written twice) or an array's elements. */
static void
write_items (GRand    *rand,
             GString  *out,
             guint     depth,
             gboolean  members)
{
  guint n = g_rand_int_range (rand, 0, 6);

  g_string_append_c (out, members ? '{' : '[');
  for (guint i = 0; i < n; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      write_space (rand, out);
      if (members)
        {
          if (g_rand_boolean (rand))
            g_string_append_printf (out, "\"k%d\"", g_rand_int_range (rand, 0, 4));
          else
            write_string (rand, out);
          write_space (rand, out);
          g_string_append_c (out, ':');
          write_space (rand, out);
        }
      write_value (rand, out, depth + 1);
      write_space (rand, out);
    }
  g_string_append_c (out, members ? '}' : ']');
}

static void
write_value (GRand   *rand,
             GString *out,
             guint    depth)
{
  guint kind = g_rand_int_range (rand, 0, depth < 6 ? 8 : 5);

  switch (kind)
    {
    case 0:
      write_string (rand, out);
      break;
    case 1:
      write_number (rand, out);
      break;
    case 2:
      g_string_append (out, g_rand_boolean (rand) ? "true" : "false");
      break;
    case 3:
      g_string_append (out, "null");
      break;
    case 4:
      write_string (rand, out);
      break;
    case 5:
    case 6:
      write_items (rand, out, depth, TRUE);
      break;
    default:
      write_items (rand, out, depth, FALSE);
      break;
    }
}

static void
test_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261123);

  for (guint i = 0; i < 3000; i++)
    {
      g_autoptr(GString) out = g_string_new (NULL);

      write_space (rand, out);
      write_value (rand, out, i % 3 == 0 ? 6 : 0);
      write_space (rand, out);
      assert_same (out->str, out->len);
    }
}

/* Every prefix of a document (none is a document), and the document without one of its
 * bytes outside strings and numbers: refused by both, or read the same.  (A byte cut from a
 * string or a number can leave what only json-glib takes, such as "\4" or "12.e3".) */
static void
test_cuts (void)
{
  static const char *const documents[] = {
    "{\"batch_id\":\"0b0c\",\"ops\":[{\"op_id\":\"x\",\"n\":-12.5e3,\"t\":true,\"z\":null,\"s\":\"a\\\"\\u4e2d\"}]}",
    /* No surrogate pair here: json-glib 1.6 leaks on a pair cut short. */
    "[1,[2,[3,{\"a\":[false,{}]}]],\"\\u00e9\\n\",[]]",
  };

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      const char *document = documents[i];
      gsize length = strlen (document);
      gboolean in_string = FALSE, escaped = FALSE;

      for (gsize cut = 0; cut < length; cut++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(JsonNode) root = yc_json_decode (document, cut, &error);
          g_autoptr(GString) without = NULL;
          gboolean inside = in_string;

          g_assert_null (root);
          g_assert_nonnull (error);
          g_assert_null (json_glib_text (document, cut));

          /* Where the byte at @cut stands: its quotes count as outside the string. */
          if (escaped)
            escaped = FALSE;
          else if (in_string && document[cut] == '\\')
            escaped = TRUE;
          else if (document[cut] == '"')
            {
              in_string = !in_string;
              inside = FALSE;
            }
          if (inside || strchr ("-+.0123456789", document[cut]) != NULL)
            continue;

          without = g_string_new_len (document, cut);
          g_string_append (without, document + cut + 1);
          assert_same (without->str, without->len);
        }
    }
}

typedef struct {
  const char        *text;
  YcJsonDecodeError  code;
  gsize              offset;       /* where the message says the fault is */
  gboolean           json_glib_too;  /* json-glib 1.6 refuses it as well */
} Malformed;

static const Malformed malformed[] = {
  { "[1,]", YC_JSON_DECODE_ERROR_SYNTAX, 3, TRUE },
  { "{\"a\":1,}", YC_JSON_DECODE_ERROR_SYNTAX, 7, TRUE },
  { "[1 2]", YC_JSON_DECODE_ERROR_SYNTAX, 3, TRUE },
  { "{\"a\" 1}", YC_JSON_DECODE_ERROR_SYNTAX, 5, TRUE },
  { "{a:1}", YC_JSON_DECODE_ERROR_SYNTAX, 1, TRUE },
  { "[", YC_JSON_DECODE_ERROR_SYNTAX, 1, TRUE },
  { "{\"a\":1", YC_JSON_DECODE_ERROR_SYNTAX, 6, TRUE },
  { "\"abc", YC_JSON_DECODE_ERROR_SYNTAX, 4, TRUE },
  { "1 2", YC_JSON_DECODE_ERROR_SYNTAX, 2, TRUE },
  { "{} x", YC_JSON_DECODE_ERROR_SYNTAX, 3, TRUE },
  { "nul", YC_JSON_DECODE_ERROR_SYNTAX, 0, TRUE },
  { "True", YC_JSON_DECODE_ERROR_SYNTAX, 0, TRUE },
  { "+1", YC_JSON_DECODE_ERROR_SYNTAX, 0, TRUE },
  { "-", YC_JSON_DECODE_ERROR_SYNTAX, 1, TRUE },
  { "[-]", YC_JSON_DECODE_ERROR_SYNTAX, 2, TRUE },
  { "#", YC_JSON_DECODE_ERROR_SYNTAX, 0, TRUE },
  { "\"\\u004\"", YC_JSON_DECODE_ERROR_SYNTAX, 1, TRUE },
  { "\"\\ud83d\"", YC_JSON_DECODE_ERROR_ENCODING, 1, TRUE },
  { "\"\\ude00\"", YC_JSON_DECODE_ERROR_ENCODING, 1, TRUE },
  { "[\"\xff\"]", YC_JSON_DECODE_ERROR_ENCODING, 2, TRUE },
  { "[\"\xed\xa0\xbd\"]", YC_JSON_DECODE_ERROR_ENCODING, 2, TRUE },
  { "[\"\xc3\"]", YC_JSON_DECODE_ERROR_ENCODING, 2, TRUE },
  /* Taken by json-glib 1.6, not JSON. */
  { "/* c */ 1", YC_JSON_DECODE_ERROR_SYNTAX, 0, FALSE },
  { "'a'", YC_JSON_DECODE_ERROR_SYNTAX, 0, FALSE },
  { "0x10", YC_JSON_DECODE_ERROR_SYNTAX, 1, FALSE },
  { "01", YC_JSON_DECODE_ERROR_SYNTAX, 1, FALSE },
  { ".5", YC_JSON_DECODE_ERROR_SYNTAX, 0, FALSE },
  { "1.", YC_JSON_DECODE_ERROR_SYNTAX, 2, FALSE },
  { "1e", YC_JSON_DECODE_ERROR_SYNTAX, 2, FALSE },
  { "- 1", YC_JSON_DECODE_ERROR_SYNTAX, 1, FALSE },
  { "\"a\\x\"", YC_JSON_DECODE_ERROR_SYNTAX, 2, FALSE },
  { "\"\\U0041\"", YC_JSON_DECODE_ERROR_SYNTAX, 1, FALSE },
  { "\"tab\there\"", YC_JSON_DECODE_ERROR_SYNTAX, 4, FALSE },
  { "[\"line\nbreak\"]", YC_JSON_DECODE_ERROR_SYNTAX, 6, FALSE },
  { "\"\\ud83dx\"", YC_JSON_DECODE_ERROR_ENCODING, 1, FALSE },
  { "\"\\ud83d\\u0041\"", YC_JSON_DECODE_ERROR_ENCODING, 1, FALSE },
  { "\"a\\u0000b\"", YC_JSON_DECODE_ERROR_ENCODING, 2, FALSE },
  { "1e400", YC_JSON_DECODE_ERROR_NUMBER, 0, FALSE },
  { "[-1e400]", YC_JSON_DECODE_ERROR_NUMBER, 1, FALSE },
};

static void
test_malformed (gconstpointer data)
{
  const Malformed *m = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = yc_json_decode (m->text, strlen (m->text), &error);
  g_autofree char *prefix = g_strdup_printf ("byte %" G_GSIZE_FORMAT ": ", m->offset);

  g_assert_null (root);
  g_assert_error (error, YC_JSON_DECODE_ERROR, (int) m->code);
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s”: the message “%s” does not start with “%s”", m->text, error->message, prefix);
  if (m->json_glib_too)
    g_assert_null (json_glib_text (m->text, strlen (m->text)));
}

static void
test_empty (void)
{
  const char *const texts[] = { "", " ", " \n\t\r " };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = yc_json_decode (texts[i], strlen (texts[i]), &error);

      g_assert_null (root);
      g_assert_error (error, YC_JSON_DECODE_ERROR, YC_JSON_DECODE_ERROR_EMPTY);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_null (yc_json_decode (NULL, 0, &error));
    g_assert_error (error, YC_JSON_DECODE_ERROR, YC_JSON_DECODE_ERROR_EMPTY);
  }
}

/* A nul byte inside the length is not text, even where JSON would allow white space. */
static void
test_nul_byte (void)
{
  const char text[] = "[1, 2]\0 ";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = yc_json_decode (text, sizeof text - 1, &error);

  g_assert_null (root);
  g_assert_error (error, YC_JSON_DECODE_ERROR, YC_JSON_DECODE_ERROR_ENCODING);
  g_assert_true (g_str_has_prefix (error->message, "byte 6: "));
}

/* Integers within gint64 are integers (as json-glib reads them), beyond it doubles (json-glib
 * wraps them round); the rest are doubles read as json-glib reads them. */
static void
test_numbers (void)
{
  static const struct {
    const char *text;
    GType       type;
    gint64      integer;
    double      real;
  } cases[] = {
    { "0", G_TYPE_INT64, 0, 0 },
    { "-0", G_TYPE_INT64, 0, 0 },
    { "42", G_TYPE_INT64, 42, 0 },
    { "999999999999999999", G_TYPE_INT64, G_GINT64_CONSTANT (999999999999999999), 0 },
    { "9223372036854775807", G_TYPE_INT64, G_MAXINT64, 0 },
    { "-9223372036854775808", G_TYPE_INT64, G_MININT64, 0 },
    { "9223372036854775808", G_TYPE_DOUBLE, 0, 9223372036854775808.0 },
    { "-9223372036854775809", G_TYPE_DOUBLE, 0, -9223372036854775809.0 },
    { "18446744073709551616", G_TYPE_DOUBLE, 0, 18446744073709551616.0 },
    { "1.0", G_TYPE_DOUBLE, 0, 1.0 },
    { "-0.0", G_TYPE_DOUBLE, 0, -0.0 },
    { "1e5", G_TYPE_DOUBLE, 0, 1e5 },
    { "-1.5E+3", G_TYPE_DOUBLE, 0, -1500.0 },
    { "1e-400", G_TYPE_DOUBLE, 0, 0.0 },
    { "0.1", G_TYPE_DOUBLE, 0, 0.1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = yc_json_decode (cases[i].text, strlen (cases[i].text), &error);

      g_assert_no_error (error);
      g_assert_true (JSON_NODE_HOLDS_VALUE (root));
      g_assert_cmpstr (g_type_name (json_node_get_value_type (root)), ==,
                       g_type_name (cases[i].type));
      if (cases[i].type == G_TYPE_INT64)
        {
          g_assert_cmpint (json_node_get_int (root), ==, cases[i].integer);
          assert_same (cases[i].text, strlen (cases[i].text));
        }
      else
        {
          g_assert_cmpfloat (json_node_get_double (root), ==, cases[i].real);
          g_assert_cmpint (signbit (json_node_get_double (root)), ==, signbit (cases[i].real));
        }
    }
}

/* Escapes, surrogate pairs and text past the BMP, as json-glib reads them. */
static void
test_strings (void)
{
  static const struct {
    const char *text;
    const char *value;
  } cases[] = {
    { "\"\"", "" },
    { "\"\\\"\\\\\\/\\b\\f\\n\\r\\t\"", "\"\\/\b\f\n\r\t" },
    { "\"\\u00e9\\u4E2D\"", "é中" },
    { "\"\\ud83d\\ude00!\"", "😀!" },
    { "\"\\uDBFF\\uDFFF\"", "\xf4\x8f\xbf\xbf" },
    { "\"社会保障卡 \\\"原件\\\"\"", "社会保障卡 \"原件\"" },
    { "\"\\u001f\\u007f\"", "\x1f\x7f" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = yc_json_decode (cases[i].text, strlen (cases[i].text), &error);

      g_assert_no_error (error);
      g_assert_cmpstr (json_node_get_string (root), ==, cases[i].value);
      assert_same (cases[i].text, strlen (cases[i].text));
    }
}

/* json-glib keeps a repeated key where it was first written, with its last value. */
static void
test_duplicate_keys (void)
{
  const char *text = "{\"a\":1,\"b\":{\"x\":[1]},\"a\":[2],\"b\":null,\"c\":3}";
  g_autoptr(JsonNode) root = yc_json_decode (text, strlen (text), NULL);
  g_autofree char *written = json_to_string (root, FALSE);

  g_assert_cmpstr (written, ==, "{\"a\":[2],\"b\":null,\"c\":3}");
  assert_same (text, strlen (text));
}

static void
test_depth (void)
{
  for (guint depth = YC_JSON_DECODE_MAX_DEPTH; depth <= YC_JSON_DECODE_MAX_DEPTH + 1; depth++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;

      for (guint i = 0; i < depth; i++)
        g_string_append (text, i % 2 == 0 ? "[" : "{\"k\":");
      g_string_append (text, "1");
      for (guint i = depth; i > 0; i--)
        g_string_append (text, (i - 1) % 2 == 0 ? "]" : "}");

      root = yc_json_decode (text->str, text->len, &error);
      if (depth <= YC_JSON_DECODE_MAX_DEPTH)
        {
          g_assert_no_error (error);
          assert_same (text->str, text->len);
        }
      else
        {
          g_autofree char *prefix = NULL;

          g_assert_null (root);
          g_assert_error (error, YC_JSON_DECODE_ERROR, YC_JSON_DECODE_ERROR_DEPTH);
          /* The opening of the level one too deep: after 32 "[" and 32 "{"k":". */
          prefix = g_strdup_printf ("byte %u: ", 32 * 1 + 32 * 5);
          g_assert_true (g_str_has_prefix (error->message, prefix));
        }
    }
}

/* The text need not end with a nul: nothing past @length is read. */
static void
test_length (void)
{
  const char text[] = "{\"a\":[1,2]}garbage";
  g_autoptr(JsonNode) root = yc_json_decode (text, strlen ("{\"a\":[1,2]}"), NULL);
  g_autofree char *written = json_to_string (root, FALSE);

  g_assert_cmpstr (written, ==, "{\"a\":[1,2]}");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-decode/corpus", test_corpus);
  g_test_add_func ("/json-decode/random", test_random);
  g_test_add_func ("/json-decode/cuts", test_cuts);
  for (guint i = 0; i < G_N_ELEMENTS (malformed); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json-decode/malformed/%u", i);

      g_test_add_data_func (path, &malformed[i], test_malformed);
    }
  g_test_add_func ("/json-decode/empty", test_empty);
  g_test_add_func ("/json-decode/nul-byte", test_nul_byte);
  g_test_add_func ("/json-decode/numbers", test_numbers);
  g_test_add_func ("/json-decode/strings", test_strings);
  g_test_add_func ("/json-decode/duplicate-keys", test_duplicate_keys);
  g_test_add_func ("/json-decode/depth", test_depth);
  g_test_add_func ("/json-decode/length", test_length);

  return g_test_run ();
}
