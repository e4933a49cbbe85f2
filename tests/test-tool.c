/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>

#include "yc-tool.h"

typedef struct {
  int      status;
  GString *out;
  GString *err;
} Run;

static void
run_clear (Run *run)
{
  g_string_free (run->out, TRUE);
  g_string_free (run->err, TRUE);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

/* Runs yichuang-catalog in process with the words of @command_line. */
static void
run_tool (Run        *run,
          const char *command_line)
{
  g_auto(GStrv) argv = NULL;
  g_autofree char *full = g_strconcat ("yichuang-catalog ", command_line, NULL);
  g_autoptr(GError) error = NULL;
  int argc;

  g_assert_true (g_shell_parse_argv (full, &argc, &argv, &error));
  g_assert_no_error (error);

  run->out = g_string_new (NULL);
  run->err = g_string_new (NULL);
  run->status = yc_tool_run (argc, argv, run->out, run->err);
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
test_usage (void)
{
  g_auto(Run) none = { 0 };
  g_auto(Run) unknown = { 0 };
  g_auto(Run) version = { 0 };
  g_auto(Run) option = { 0 };

  run_tool (&none, "");
  g_assert_cmpint (none.status, ==, 2);
  g_assert_true (strstr (none.err->str, "validate") != NULL);

  run_tool (&unknown, "frobnicate");
  g_assert_cmpint (unknown.status, ==, 2);
  g_assert_true (strstr (unknown.err->str, "frobnicate") != NULL);

  run_tool (&option, "search --frobnicate 社保");
  g_assert_cmpint (option.status, ==, 2);
  g_assert_true (strstr (option.err->str, "--frobnicate") != NULL);

  run_tool (&version, "--version");
  g_assert_cmpint (version.status, ==, 0);
  g_assert_true (g_str_has_prefix (version.out->str, "yichuang-catalog " PACKAGE_VERSION));
}

static void
test_validate (void)
{
  g_autofree char *dir = g_build_filename (YC_SOURCE_DATADIR, "catalog", NULL);
  g_autofree char *cmd = g_strdup_printf ("--json validate '%s'", dir);
  g_autofree char *tmp = g_dir_make_tmp ("yc-tool-XXXXXX", NULL);
  g_autofree char *bad = g_build_filename (tmp, "catalog.json", NULL);
  g_autofree char *bad_cmd = g_strdup_printf ("validate '%s'", bad);
  g_auto(Run) good = { 0 };
  g_auto(Run) broken = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  run_tool (&good, cmd);
  g_assert_cmpint (good.status, ==, 0);
  node = parse_json (good.out->str);
  object = json_node_get_object (node);
  g_assert_true (json_object_get_boolean_member (object, "valid"));
  g_assert_cmpint (json_object_get_int_member (object, "items"), >=, 40);
  g_assert_cmpint (json_object_get_int_member (object, "departments"), >=, 10);
  g_assert_cmpint (json_object_get_int_member (object, "bundles"), >=, 8);

  /* A catalog whose only item has no scenario: rejected, with the path named. */
  g_assert_true (g_file_set_contents (bad,
    "{\"format\": 1, \"version\": \"t1\", \"name\": \"t\","
    " \"departments\": [{\"code\": \"d\", \"name\": \"部门\", \"short_name\": \"部门\"}],"
    " \"items\": [{\"code\": \"X-1\", \"name\": \"事项\", \"type\": \"public_service\","
    " \"department\": \"d\", \"statutory_days\": null, \"committed_days\": 0, \"fee\": \"不收费\","
    " \"legal_basis\": \"—\", \"audience\": \"all\", \"life_stages\": [], \"scenarios\": []}],"
    " \"bundles\": []}", -1, NULL));
  run_tool (&broken, bad_cmd);
  g_assert_cmpint (broken.status, ==, 1);
  g_assert_true (strstr (broken.err->str, "items[0].scenarios") != NULL);
  g_assert_cmpstr (broken.out->str, ==, "");

  g_unlink (bad);
  g_rmdir (tmp);
}

static void
test_search (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) none = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonArray *hits;
  gboolean found = FALSE;

  run_tool (&run, "--json search gtgsh");
  g_assert_cmpint (run.status, ==, 0);
  node = parse_json (run.out->str);
  hits = json_node_get_array (node);
  g_assert_cmpuint (json_array_get_length (hits), >, 0);
  for (guint i = 0; i < json_array_get_length (hits); i++)
    {
      JsonObject *hit = json_array_get_object_element (hits, i);
      found |= g_str_equal (json_object_get_string_member (hit, "name"), "个体工商户设立登记");
    }
  g_assert_true (found);

  run_tool (&none, "search zzzzqqq");
  g_assert_cmpint (none.status, ==, 0);
  g_assert_true (strstr (none.out->str, "zzzzqqq") != NULL);
}

static void
test_show (void)
{
  g_auto(Run) item = { 0 };
  g_auto(Run) bundle = { 0 };
  g_auto(Run) json = { 0 };
  g_auto(Run) missing = { 0 };
  g_autoptr(JsonNode) node = NULL;

  run_tool (&bundle, "show YJS-001");
  g_assert_cmpint (bundle.status, ==, 0);
  g_assert_true (strstr (bundle.out->str, "我要开健身房") != NULL);
  g_assert_true (strstr (bundle.out->str, "公共场所卫生许可") != NULL);

  run_tool (&json, "--json show YJS-001");
  g_assert_cmpint (json.status, ==, 0);
  node = parse_json (json.out->str);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "name"), ==, "我要开健身房");

  run_tool (&missing, "show NO-SUCH-CODE");
  g_assert_cmpint (missing.status, ==, 1);
  g_assert_true (strstr (missing.err->str, "NO-SUCH-CODE") != NULL);

  run_tool (&item, "show WJ-XK-001");
  g_assert_cmpint (item.status, ==, 0);
  g_assert_true (strstr (item.out->str, "公共场所卫生许可") != NULL);
}

static void
test_bundle (void)
{
  g_auto(Run) run = { 0 };
  g_auto(Run) not_bundle = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *figures;

  run_tool (&run, "--json bundle YJS-001");
  g_assert_cmpint (run.status, ==, 0);
  node = parse_json (run.out->str);
  figures = json_object_get_object_member (json_node_get_object (node), "figures");
  /* DOMAIN.md's 我要开健身房: 41 materials and 5 departments before, one trip after. */
  g_assert_cmpint (json_object_get_int_member (figures, "materials_before"), ==, 41);
  g_assert_cmpint (json_object_get_int_member (figures, "materials_after"), <, 41);
  g_assert_cmpint (json_object_get_int_member (figures, "departments"), ==, 5);
  g_assert_cmpint (json_object_get_int_member (figures, "trips_after"), ==, 1);
  g_assert_cmpint (json_array_get_length (json_object_get_array_member (json_node_get_object (node), "materials")),
                   ==, json_object_get_int_member (figures, "materials_after"));

  run_tool (&not_bundle, "bundle WJ-XK-001");
  g_assert_cmpint (not_bundle.status, ==, 1);
}

static void
test_evaluate (void)
{
  g_autofree char *tmp = g_dir_make_tmp ("yc-tool-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (tmp, "case.json", NULL);
  g_autofree char *cmd = g_strdup_printf ("--json evaluate '%s'", path);
  g_autofree char *text_cmd = g_strdup_printf ("evaluate '%s'", path);
  g_autofree char *bad_cmd = NULL;
  g_auto(Run) run = { 0 };
  g_auto(Run) text = { 0 };
  g_auto(Run) bad = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *result;

  /* Nothing handed in: a one-time notice listing everything. */
  g_assert_true (g_file_set_contents (path,
    "{\"item\": \"WJ-XK-001\", \"answers\": {\"kind\": \"new\"},"
    " \"applicant\": {\"kind\": \"enterprise\"}, \"accepted_on\": \"2026-09-30\","
    " \"materials\": {}}", -1, NULL));
  run_tool (&run, cmd);
  g_assert_cmpint (run.status, ==, 0);
  node = parse_json (run.out->str);
  result = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (result, "recommended"), ==, "one_time_notice");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (result, "outstanding")), >, 1);

  run_tool (&text, text_cmd);
  g_assert_cmpint (text.status, ==, 0);
  g_assert_true (strstr (text.out->str, "✔") != NULL);

  g_assert_true (g_file_set_contents (path, "{\"item\": \"NO-SUCH\"}", -1, NULL));
  bad_cmd = g_strdup_printf ("evaluate '%s'", path);
  run_tool (&bad, bad_cmd);
  g_assert_cmpint (bad.status, ==, 1);
  g_assert_true (strstr (bad.err->str, "NO-SUCH") != NULL);

  g_unlink (path);
  g_rmdir (tmp);
}

static void
test_deadline (void)
{
  g_auto(Run) add = { 0 };
  g_auto(Run) makeup = { 0 };
  g_auto(Run) until = { 0 };
  g_auto(Run) bad = { 0 };
  g_auto(Run) one = { 0 };
  g_auto(Run) backwards = { 0 };
  g_autoptr(JsonNode) node = NULL;

  /* National Day 2026: 1–7 October off, Saturday 10 October a make-up working day. */
  run_tool (&add, "--json deadline 2026-09-30 1");
  g_assert_cmpint (add.status, ==, 0);
  node = parse_json (add.out->str);
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "to"), ==, "2026-10-08");

  run_tool (&makeup, "deadline 2026-09-30 3");
  g_assert_cmpint (makeup.status, ==, 0);
  g_assert_true (strstr (makeup.out->str, "2026-10-10") != NULL);

  g_clear_pointer (&node, json_node_unref);
  run_tool (&until, "--json deadline 2026-09-30 --until 2026-10-12");
  g_assert_cmpint (until.status, ==, 0);
  node = parse_json (until.out->str);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "working_days"), ==, 4);

  run_tool (&bad, "deadline 2026-02-30 3");
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_true (strstr (bad.err->str, "2026-02-30") != NULL);

  /* The count takes its plural form; a covered span has no note. */
  run_tool (&one, "deadline 2026-09-30 1");
  g_assert_cmpint (one.status, ==, 0);
  g_assert_cmpstr (one.out->str, ==, "2026-09-30 → 2026-10-08: 1 working day\n");
  run_tool (&backwards, "deadline 2026-10-08 --until 2026-09-30");
  g_assert_cmpint (backwards.status, ==, 0);
  g_assert_cmpstr (backwards.out->str, ==, "2026-10-08 → 2026-09-30: -1 working day\n");
  g_assert_true (strstr (makeup.out->str, ": 3 working days\n") != NULL);
}

/* Holiday data for 2024 and 2026 only, in a temporary directory. */
static char *
make_calendar_without_2025 (void)
{
  char *dir = g_dir_make_tmp ("yc-tool-calendar-XXXXXX", NULL);
  const char *years[] = { "2024", "2026" };

  g_assert_nonnull (dir);
  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autofree char *name = g_strconcat (years[i], ".json", NULL);
      g_autofree char *source = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "calendar", name, NULL);
      g_autofree char *target = g_build_filename (dir, name, NULL);
      g_autofree char *contents = NULL;
      gsize length;

      g_assert_true (g_file_get_contents (source, &contents, &length, NULL));
      g_assert_true (g_file_set_contents (target, contents, length, NULL));
    }
  return dir;
}

static void
remove_calendar (const char *dir)
{
  const char *years[] = { "2024", "2026" };

  for (guint i = 0; i < G_N_ELEMENTS (years); i++)
    {
      g_autofree char *name = g_strconcat (years[i], ".json", NULL);
      g_autofree char *path = g_build_filename (dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (dir);
}

/* The note on missing holiday data considers every year the span touches, not only its ends. */
static void
test_deadline_coverage (void)
{
  g_autofree char *dir = make_calendar_without_2025 ();
  const char *note = "the holiday calendar does not cover these dates";
  struct {
    const char *args;
    gboolean    covered;
  } cases[] = {
    { "deadline 2024-12-02 --until 2024-12-20", TRUE },
    { "deadline 2026-03-02 --until 2026-04-01", TRUE },
    { "deadline 2024-12-02 --until 2026-01-05", FALSE },   /* across all of 2025 */
    { "deadline 2026-01-05 --until 2024-12-02", FALSE },   /* the same, backwards */
    { "deadline 2024-12-02 --until 2025-01-06", FALSE },   /* ends in 2025 */
    { "deadline 2024-12-02 300", FALSE },                  /* adding days into 2026 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *text_cmd = g_strdup_printf ("--calendar '%s' %s", dir, cases[i].args);
      g_autofree char *json_cmd = g_strdup_printf ("--json --calendar '%s' %s", dir, cases[i].args);
      g_auto(Run) text = { 0 };
      g_auto(Run) json = { 0 };
      g_autoptr(JsonNode) node = NULL;

      g_test_message ("%s", cases[i].args);
      run_tool (&text, text_cmd);
      g_assert_cmpint (text.status, ==, 0);
      g_assert_cmpint (strstr (text.out->str, note) == NULL, ==, cases[i].covered);

      run_tool (&json, json_cmd);
      g_assert_cmpint (json.status, ==, 0);
      node = parse_json (json.out->str);
      g_assert_cmpint (json_object_get_boolean_member (json_node_get_object (node), "holidays_known"),
                       ==, cases[i].covered);
    }

  remove_calendar (dir);
}

static void
test_identifiers (void)
{
  g_auto(Run) valid = { 0 };
  g_auto(Run) invalid = { 0 };
  g_auto(Run) uscc = { 0 };
  g_auto(Run) warning = { 0 };
  g_autoptr(JsonNode) node = NULL;
  JsonObject *object;

  run_tool (&valid, "--json idcheck 11010519491231002X");
  g_assert_cmpint (valid.status, ==, 0);
  node = parse_json (valid.out->str);
  object = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (object, "status"), ==, "valid");
  g_assert_cmpstr (json_object_get_string_member (object, "birth_date"), ==, "1949-12-31");
  g_assert_cmpstr (json_object_get_string_member (object, "sex"), ==, "female");

  run_tool (&invalid, "idcheck 110105194912310021");
  g_assert_cmpint (invalid.status, ==, 1);

  run_tool (&uscc, "uscc 91350100M000100Y43");
  g_assert_cmpint (uscc.status, ==, 0);

  /* The last character changed: a checksum failure the clerk may override. */
  run_tool (&warning, "uscc 91350100M000100Y44");
  g_assert_cmpint (warning.status, ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/tool/usage", test_usage);
  g_test_add_func ("/tool/validate", test_validate);
  g_test_add_func ("/tool/search", test_search);
  g_test_add_func ("/tool/show", test_show);
  g_test_add_func ("/tool/bundle", test_bundle);
  g_test_add_func ("/tool/evaluate", test_evaluate);
  g_test_add_func ("/tool/deadline", test_deadline);
  g_test_add_func ("/tool/deadline-coverage", test_deadline_coverage);
  g_test_add_func ("/tool/identifiers", test_identifiers);

  return g_test_run ();
}
