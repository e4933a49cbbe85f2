/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <string.h>

#include "yc-json-reader-private.h"

/*
 * The one strict JSON reader of src/core (catalog files, wire types, case documents,
 * described cases): where every message says the failure is, the wording a format chooses,
 * typo suggestions and repeated keys for every format, dates read by yc_date_parse_iso().
 */

#define TEST_CODE   G_IO_ERROR_INVALID_DATA
#define SYNTAX_CODE G_IO_ERROR_FAILED

static const char * const allowed[] = { "name", "copies", "tolerable", "when", NULL };

static JsonObject *
parse_object (const char *text)
{
  const YcJsonReader reader = { G_IO_ERROR, TEST_CODE, .file = "test.json" };
  g_autoptr(GError) error = NULL;
  JsonNode *root = yc_json_parse (&reader, SYNTAX_CODE, text, strlen (text), &error);
  JsonObject *object;

  g_assert_no_error (error);
  object = json_object_ref (json_node_get_object (root));
  json_node_unref (root);
  return object;
}

/* A wire reader: no file, the default words. */
static const YcJsonReader *
wire (void)
{
  static YcJsonReader reader;

  reader = (YcJsonReader) { G_IO_ERROR, TEST_CODE };
  return &reader;
}

/* A catalog-like reader: a file and the format's own words. */
static const YcJsonReader *
document (void)
{
  static YcJsonReader reader;

  reader = (YcJsonReader) { G_IO_ERROR, TEST_CODE, "items/a.json", "unknown key", "is required" };
  return &reader;
}

static void
assert_message (GError     *error,
                const char *expected)
{
  g_assert_error (error, G_IO_ERROR, TEST_CODE);
  g_assert_cmpstr (error->message, ==, expected);
}

static void
test_fail_places (void)
{
  g_autoptr(GError) with_path = NULL;
  g_autoptr(GError) file_only = NULL;
  g_autoptr(GError) path_only = NULL;

  g_assert_false (yc_json_fail (document (), &with_path, "items[0].fee", "bad"));
  assert_message (with_path, "items/a.json: items[0].fee: bad");
  g_assert_false (yc_json_fail (document (), &file_only, "", "bad"));
  assert_message (file_only, "items/a.json: bad");
  g_assert_false (yc_json_fail (wire (), &path_only, "payload.hall", "bad"));
  assert_message (path_only, "payload.hall: bad");
}

static void
test_unknown_members (void)
{
  g_autoptr(JsonObject) typo = parse_object ("{\"name\": \"x\", \"tolerabel\": true}");
  g_autoptr(JsonObject) stranger = parse_object ("{\"colour\": \"red\"}");
  g_autoptr(GError) suggested = NULL;
  g_autoptr(GError) wire_suggested = NULL;
  g_autoptr(GError) plain = NULL;

  g_assert_false (yc_json_check_members (document (), typo, allowed, "items[0]", &suggested));
  assert_message (suggested,
                  "items/a.json: items[0].tolerabel: unknown key (did you mean “tolerable”?)");
  /* The wire formats get the suggestion too, in their own words. */
  g_assert_false (yc_json_check_members (wire (), typo, allowed, "payload", &wire_suggested));
  assert_message (wire_suggested, "payload.tolerabel: unknown field (did you mean “tolerable”?)");
  g_assert_false (yc_json_check_members (wire (), stranger, allowed, "", &plain));
  assert_message (plain, "colour: unknown field");
}

static void
test_missing_and_null (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"name\": null}");
  g_autoptr(GError) required = NULL;
  g_autoptr(GError) wire_required = NULL;
  g_autoptr(GError) null = NULL;
  const char *value = "unchanged";

  g_assert_false (yc_json_get_string (document (), object, "copies", "items[0]",
                                      YC_JSON_REQUIRED, &value, &required));
  assert_message (required, "items/a.json: items[0].copies: is required");
  g_assert_false (yc_json_get_string (wire (), object, "copies", "payload", YC_JSON_REQUIRED,
                                      &value, &wire_required));
  assert_message (wire_required, "payload.copies: missing");
  g_assert_false (yc_json_get_string (wire (), object, "name", "payload", YC_JSON_OPTIONAL,
                                      &value, &null));
  assert_message (null, "payload.name: must not be null");
  g_assert_true (yc_json_get_string (wire (), object, "name", "payload", YC_JSON_NULLABLE,
                                     &value, NULL));
  g_assert_null (value);
}

typedef struct {
  const char *name;
  const char *json;    /* an object with a member "v" */
  const char *read;    /* int, int-nullable, bool, object, array2, strv, date */
  const char *message; /* NULL when reading succeeds */
} ReadCase;

static const ReadCase read_cases[] = {
  { "int-from-string", "{\"v\": \"3\"}", "int", "p.v: must be a whole number, not a string" },
  { "int-fraction", "{\"v\": 1.5}", "int", "p.v: must be a whole number, not a number with a fraction" },
  { "int-nullable-kind", "{\"v\": true}", "int-nullable", "p.v: must be a whole number or null, not true or false" },
  { "int-low", "{\"v\": 0}", "int", "p.v: must be at least 1" },
  { "int-high", "{\"v\": 6}", "int", "p.v: must be at most 5" },
  { "int-ok", "{\"v\": 5}", "int", NULL },
  { "bool-from-int", "{\"v\": 1}", "bool", "p.v: must be true or false, not an integer" },
  { "object-from-array", "{\"v\": []}", "object", "p.v: must be an object, not an array" },
  { "array-too-short", "{\"v\": [1]}", "array2", "p.v: must have at least 2 entries" },
  { "array-empty", "{\"v\": []}", "array1", "p.v: must not be empty" },
  { "strv-twice", "{\"v\": [\"a\", \"a\"]}", "strv", "p.v[1]: “a” is listed twice" },
  { "strv-kind", "{\"v\": [\"a\", {}]}", "strv", "p.v[1]: must be a string, not an object" },
  { "date-impossible", "{\"v\": \"2026-02-30\"}", "date", "p.v: “2026-02-30” is not a date (YYYY-MM-DD)" },
  { "date-with-time", "{\"v\": \"2026-02-03T10:00\"}", "date", "p.v: “2026-02-03T10:00” is not a date (YYYY-MM-DD)" },
  { "date-ok", "{\"v\": \"2026-02-03\"}", "date", NULL },
};

static gboolean
read_member (const ReadCase  *tc,
             JsonObject      *object,
             GError         **error)
{
  const YcJsonReader *r = wire ();
  gint64 number = 0;
  gboolean flag = FALSE;
  JsonObject *child;
  JsonArray *array;
  g_auto(GStrv) strings = NULL;
  GDate date;

  if (g_str_equal (tc->read, "int"))
    return yc_json_get_int (r, object, "v", "p", YC_JSON_REQUIRED, 1, 5, &number, error);
  if (g_str_equal (tc->read, "int-nullable"))
    return yc_json_get_int (r, object, "v", "p", YC_JSON_NULLABLE, 1, 5, &number, error);
  if (g_str_equal (tc->read, "bool"))
    return yc_json_get_bool (r, object, "v", "p", YC_JSON_REQUIRED, &flag, error);
  if (g_str_equal (tc->read, "object"))
    return yc_json_get_object (r, object, "v", "p", YC_JSON_REQUIRED, &child, error);
  if (g_str_equal (tc->read, "array1"))
    return yc_json_get_array_min (r, object, "v", "p", YC_JSON_REQUIRED, 1, &array, error);
  if (g_str_equal (tc->read, "array2"))
    return yc_json_get_array_min (r, object, "v", "p", YC_JSON_REQUIRED, 2, &array, error);
  if (g_str_equal (tc->read, "strv"))
    return yc_json_get_strv (r, object, "v", "p", YC_JSON_REQUIRED, &strings, error);
  if (g_str_equal (tc->read, "date"))
    {
      if (!yc_json_get_date (r, object, "v", "p", YC_JSON_REQUIRED, &date, error))
        return FALSE;
      g_assert_cmpuint (g_date_get_day (&date), ==, 3);
      return TRUE;
    }
  g_assert_not_reached ();
}

static void
test_read (gconstpointer data)
{
  const ReadCase *tc = data;
  g_autoptr(JsonObject) object = parse_object (tc->json);
  g_autoptr(GError) error = NULL;
  gboolean ok = read_member (tc, object, &error);

  if (tc->message == NULL)
    {
      g_assert_no_error (error);
      g_assert_true (ok);
    }
  else
    {
      g_assert_false (ok);
      assert_message (error, tc->message);
    }
}

static void
test_trimmed (void)
{
  g_autoptr(JsonObject) object = parse_object ("{\"a\": \"  登记 \", \"b\": \" \"}");
  g_autoptr(GError) error = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;

  g_assert_true (yc_json_dup_trimmed (document (), object, "a", "", YC_JSON_REQUIRED, &a, NULL));
  g_assert_cmpstr (a, ==, "登记");
  /* A blank optional text is no text. */
  g_assert_true (yc_json_dup_trimmed (document (), object, "b", "", YC_JSON_OPTIONAL, &b, NULL));
  g_assert_null (b);
  g_assert_false (yc_json_dup_trimmed (document (), object, "b", "", YC_JSON_REQUIRED, &b,
                                       &error));
  assert_message (error, "items/a.json: b: must not be empty");
}

static void
test_parse (void)
{
  const YcJsonReader reader = { G_IO_ERROR, TEST_CODE, .file = "case.json" };
  const char *twice = "{\n  \"hall\": \"a\",\n  \"hall\": \"b\"\n}";
  const char *broken = "{\n  \"hall\": \n}";
  g_autoptr(GError) duplicate = NULL;
  g_autoptr(GError) syntax = NULL;
  g_autoptr(GError) empty = NULL;

  g_assert_null (yc_json_parse (&reader, SYNTAX_CODE, twice, strlen (twice), &duplicate));
  assert_message (duplicate, "case.json: line 3: key “hall” appears twice in the same object");

  g_assert_null (yc_json_parse (&reader, SYNTAX_CODE, broken, strlen (broken), &syntax));
  g_assert_error (syntax, G_IO_ERROR, SYNTAX_CODE);
  g_assert_true (g_str_has_prefix (syntax->message, "case.json: line 3, column"));

  g_assert_null (yc_json_parse (&reader, SYNTAX_CODE, "", 0, &empty));
  g_assert_error (empty, G_IO_ERROR, SYNTAX_CODE);
  g_assert_cmpstr (empty->message, ==, "case.json: the file is empty");
}

static void
test_date_written (void)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  GDate date, invalid;

  g_date_clear (&invalid, 1);
  g_date_set_dmy (&date, 3, G_DATE_FEBRUARY, 2026);
  json_builder_begin_object (builder);
  yc_json_add_date (builder, "on", &date);
  yc_json_add_date (builder, "never", &invalid);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "on"), ==,
                   "2026-02-03");
  g_assert_true (json_object_get_null_member (json_node_get_object (root), "never"));
}

int
main (int   argc,
      char *argv[])
{
  /* The messages are compared in English. */
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json-reader/fail-places", test_fail_places);
  g_test_add_func ("/json-reader/unknown-members", test_unknown_members);
  g_test_add_func ("/json-reader/missing-and-null", test_missing_and_null);
  for (guint i = 0; i < G_N_ELEMENTS (read_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json-reader/read/%s", read_cases[i].name);
      g_test_add_data_func (path, &read_cases[i], test_read);
    }
  g_test_add_func ("/json-reader/trimmed", test_trimmed);
  g_test_add_func ("/json-reader/parse", test_parse);
  g_test_add_func ("/json-reader/date-written", test_date_written);

  return g_test_run ();
}
