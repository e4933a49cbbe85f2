/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-json-writer.h"

/*
 * YcJsonWriter: its text is json-glib's compact text of the same tree, byte for byte (stored
 * documents and op hashes depend on it), and its tree target is the caller's own.
 */

/* Every JSON value kind, with the strings json-glib escapes or not. */
static const char *const documents[] = {
  "{}",
  "[]",
  "{\"a\":[],\"b\":{},\"c\":[{}],\"d\":null}",
  "{\"n\":0,\"m\":-42,\"big\":9223372036854775807,\"small\":-9223372036854775807}",
  "{\"t\":true,\"f\":false,\"z\":null}",
  "{\"d\":1.5,\"e\":-0.25,\"huge\":1e+20,\"tiny\":1e-07,\"third\":0.3333333333333333,\"one\":1.0}",
  "{\"quote\":\"a\\\"b\",\"backslash\":\"c\\\\d\",\"slash\":\"e/f\"}",
  "{\"controls\":\"\\b\\f\\n\\r\\t\\u0001\\u001e\\u001f\\u007f end\"}",
  "{\"only\\ncontrol in a name\":\"x\",\"q\\\"uote\":\"y\"}",
  "{\"han\":\"社会保障卡申领\",\"mixed\":\"身份证 \\\"原件\\\"\\n复印件\"}",
  "[1,\"two\",[3,[4,{\"five\":[5]}]],null,true]",
  "{\"order\":1,\"b\":2,\"a\":3,\"zz\":{\"y\":1,\"x\":2}}",
};

static JsonNode *
parse (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (text, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* A parsed document written through the writer's object and raw calls, and a member for
 * each, against json_to_string of the tree. */
static void
test_text_matches_json_glib (gconstpointer data)
{
  const char *text = data;
  g_autoptr(JsonNode) node = parse (text);
  g_autofree char *expected = json_to_string (node, FALSE);
  g_autoptr(GString) out = g_string_new (NULL);
  YcJsonWriter writer;

  yc_json_writer_init_text (&writer, out);
  if (JSON_NODE_HOLDS_OBJECT (node))
    yc_json_writer_object (&writer, json_node_get_object (node));
  else
    g_assert_true (yc_json_writer_raw (&writer, expected));
  g_assert_cmpstr (out->str, ==, expected);

  /* Inside a container, after members of every kind. */
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) tree = NULL;
      g_autofree char *tree_text = NULL;
      YcJsonWriter tree_writer;

      g_string_truncate (out, 0);
      yc_json_writer_init_text (&writer, out);
      yc_json_writer_init_tree (&tree_writer, builder);
      for (guint t = 0; t < 2; t++)
        {
          YcJsonWriter *w = t == 0 ? &writer : &tree_writer;

          yc_json_writer_begin_array (w);
          yc_json_writer_begin_object (w);
          yc_json_writer_add_int (w, "i", -7);
          yc_json_writer_add_object (w, "doc", json_node_get_object (node));
          yc_json_writer_add_string (w, "s", "x\"y");
          yc_json_writer_add_string (w, "none", NULL);
          yc_json_writer_add_boolean (w, "b", TRUE);
          yc_json_writer_add_object (w, "no object", NULL);
          yc_json_writer_end_object (w);
          yc_json_writer_object (w, json_node_get_object (node));
          yc_json_writer_null (w);
          yc_json_writer_end_array (w);
        }
      tree = json_builder_get_root (builder);
      tree_text = json_to_string (tree, FALSE);
      g_assert_cmpstr (out->str, ==, tree_text);
    }
}

/* A member set twice keeps its first place, in json-glib and here alike. */
static void
test_member_order (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GString) out = g_string_new (NULL);
  YcJsonWriter writer;

  json_object_set_int_member (object, "z", 1);
  json_object_set_int_member (object, "a", 2);
  json_object_set_string_member (object, "m", "3");
  json_object_set_int_member (object, "z", 4);
  json_object_remove_member (object, "a");
  json_object_set_int_member (object, "a", 5);
  node = json_node_init_object (json_node_alloc (), object);
  expected = json_to_string (node, FALSE);

  yc_json_writer_init_text (&writer, out);
  yc_json_writer_object (&writer, object);
  g_assert_cmpstr (out->str, ==, expected);
}

/* Dates as YYYY-MM-DD, an invalid one as null; string lists as arrays. */
static void
test_dates_and_lists (void)
{
  const char * const items[] = { "a", "社保", NULL };
  g_autoptr(GString) out = g_string_new (NULL);
  YcJsonWriter writer;
  GDate date, invalid;

  g_date_set_dmy (&date, 3, G_DATE_MARCH, 2026);
  g_date_clear (&invalid, 1);
  yc_json_writer_init_text (&writer, out);
  yc_json_writer_begin_object (&writer);
  yc_json_writer_add_date (&writer, "on", &date);
  yc_json_writer_add_date (&writer, "never", &invalid);
  yc_json_writer_add_date (&writer, "none", NULL);
  yc_json_writer_add_strv (&writer, "items", items);
  yc_json_writer_add_strv (&writer, "empty", NULL);
  yc_json_writer_end_object (&writer);
  g_assert_cmpstr (out->str, ==,
                   "{\"on\":\"2026-03-03\",\"never\":null,\"none\":null,"
                   "\"items\":[\"a\",\"社保\"],\"empty\":[]}");
}

/* Integers at both ends of their range, as json-glib spells them. */
static void
test_ints (void)
{
  const gint64 values[] = { 0, 1, -1, 9, 10, -10, 1234567890123, G_MAXINT64, G_MININT64 };
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(JsonArray) array = json_array_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *expected = NULL;
  YcJsonWriter writer;

  yc_json_writer_init_text (&writer, out);
  yc_json_writer_begin_array (&writer);
  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      yc_json_writer_int (&writer, values[i]);
      json_array_add_int_element (array, values[i]);
    }
  yc_json_writer_end_array (&writer);
  node = json_node_init_array (json_node_alloc (), array);
  expected = json_to_string (node, FALSE);
  g_assert_cmpstr (out->str, ==, expected);
}

/* The tree is the caller's own: changing the object it was written from changes nothing in
 * it; a raw value is parsed into it, and one that does not parse is refused. */
static void
test_tree_copies (void)
{
  g_autoptr(JsonNode) source = parse ("{\"list\":[1,{\"deep\":\"x\"}],\"s\":\"y\"}");
  JsonObject *object = json_node_get_object (source);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *text = NULL;
  YcJsonWriter writer;

  yc_json_writer_init_tree (&writer, builder);
  yc_json_writer_begin_object (&writer);
  yc_json_writer_add_object (&writer, "copy", object);
  yc_json_writer_member (&writer, "raw");
  g_assert_true (yc_json_writer_raw (&writer, "{\"r\":[true]}"));
  yc_json_writer_end_object (&writer);
  tree = json_builder_get_root (builder);

  json_object_set_string_member (object, "s", "changed");
  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (object, "list"), 1),
                                 "deep", "changed");
  text = json_to_string (tree, FALSE);
  g_assert_cmpstr (text, ==, "{\"copy\":{\"list\":[1,{\"deep\":\"x\"}],\"s\":\"y\"},\"raw\":{\"r\":[true]}}");

  {
    g_autoptr(JsonBuilder) other = json_builder_new ();
    YcJsonWriter bad;

    yc_json_writer_init_tree (&bad, other);
    yc_json_writer_begin_array (&bad);
    g_assert_false (yc_json_writer_raw (&bad, "{not json"));
    yc_json_writer_end_array (&bad);
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (documents); i++)
    {
      g_autofree char *path = g_strdup_printf ("/json-writer/text/%u", i);

      g_test_add_data_func (path, documents[i], test_text_matches_json_glib);
    }
  g_test_add_func ("/json-writer/member-order", test_member_order);
  g_test_add_func ("/json-writer/ints", test_ints);
  g_test_add_func ("/json-writer/dates-and-lists", test_dates_and_lists);
  g_test_add_func ("/json-writer/tree-copies", test_tree_copies);

  return g_test_run ();
}
