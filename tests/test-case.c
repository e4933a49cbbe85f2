/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "yc-test-cases.h"

/*
 * The case document and acceptance: what the counter sends is read strictly, and garbage is
 * refused with the field named (a table of mutations of a valid payload); parts are derived
 * from the subject, one per department; the catalog is checked when it has the case's
 * version; closed-at-counter decisions; the stored document is read strictly too; names,
 * labels, scope and the button check (yc_case_machine_can).
 */

static YcCalendar *calendar;
static YcCatalog *catalog;

/* Sets (or with @value NULL removes) the member at @path ("a.b[1].c") of @root. */
static void
mutate (JsonObject *root,
        const char *path,
        const char *value)
{
  g_auto(GStrv) steps = g_strsplit (path, ".", -1);
  JsonObject *object = root;
  guint n = g_strv_length (steps);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *name = g_strdup (steps[i]);
      char *bracket = strchr (name, '[');
      int index = -1;

      if (bracket != NULL)
        {
          index = atoi (bracket + 1);
          *bracket = '\0';
        }
      if (i + 1 == n && index < 0)
        {
          if (value == NULL)
            json_object_remove_member (object, name);
          else
            {
              g_autoptr(JsonParser) parser = json_parser_new ();

              g_assert_true (json_parser_load_from_data (parser, value, -1, NULL));
              json_object_set_member (object, name, json_node_copy (json_parser_get_root (parser)));
            }
          return;
        }
      if (index >= 0)
        {
          JsonArray *array = json_object_get_array_member (object, name);

          if (i + 1 == n)
            {
              g_autoptr(JsonParser) parser = json_parser_new ();

              g_assert_nonnull (value);
              g_assert_true (json_parser_load_from_data (parser, value, -1, NULL));
              json_array_remove_element (array, (guint) index);
              /* JsonArray cannot insert: append, which is enough for the rows below. */
              json_array_add_element (array, json_node_copy (json_parser_get_root (parser)));
              return;
            }
          object = json_array_get_object_element (array, (guint) index);
        }
      else
        object = json_object_get_object_member (object, name);
      g_assert_nonnull (object);
    }
}

typedef struct {
  const char    *name;
  YcTestSubject  subject;
  const char    *path;       /* mutated member */
  const char    *value;      /* JSON, or NULL to remove */
  const char    *path2;      /* a second mutation, or NULL */
  const char    *value2;
  gboolean       with_catalog;
  int            error;      /* YcCaseMachineError */
  const char    *text;       /* the message starts with it (invalid payload) or contains it */
} BadAccept;

#define INVALID YC_CASE_MACHINE_ERROR_INVALID_PAYLOAD

static const BadAccept bad_accepts[] = {
  { "uuid-missing", YC_TEST_ITEM, "uuid", NULL, .error = INVALID, .text = "payload.uuid: missing" },
  { "uuid-other-case", YC_TEST_ITEM, "uuid", "\"5b0c1d2e-3f4a-4b5c-8d6e-7f8a9b0c1d2e\"", .error = INVALID, .text = "payload.uuid:" },
  { "number-other-hall", YC_TEST_ITEM, "number", "\"HD02-W03-20261123-0007\"", .error = INVALID, .text = "payload.number:" },
  { "number-bad-day", YC_TEST_ITEM, "number", "\"HD01-W03-20261131-0007\"", .error = INVALID, .text = "payload.number:" },
  { "number-short-sequence", YC_TEST_ITEM, "number", "\"HD01-W03-20261123-07\"", .error = INVALID, .text = "payload.number:" },
  { "accepted-on-other-day", YC_TEST_ITEM, "accepted_on", "\"2026-11-24\"", .error = INVALID, .text = "payload.accepted_on:" },
  { "accepted-at-other-day", YC_TEST_ITEM, "accepted_at", "\"2026-10-23T09:30:00+08:00\"", .error = INVALID, .text = "payload.accepted_at:" },
  { "accepted-at-without-zone", YC_TEST_ITEM, "accepted_at", "\"2026-11-23T09:30:00\"", .error = INVALID, .text = "payload.accepted_at:" },
  { "hall-empty", YC_TEST_ITEM, "hall", "\"\"", .error = INVALID, .text = "payload.hall: must not be empty" },
  { "clerk-number", YC_TEST_ITEM, "clerk", "7", .error = INVALID, .text = "payload.clerk: must be a string" },
  { "subject-kind", YC_TEST_ITEM, "subject.kind", "\"service\"", .error = INVALID, .text = "payload.subject.kind:" },
  { "subject-no-items", YC_TEST_ITEM, "subject.items", "[]", .error = INVALID, .text = "payload.subject.items:" },
  { "subject-item-not-code", YC_TEST_ITEM, "subject.code", "\"HEALTH\"", .error = INVALID, .text = "payload.subject.items[0].item:" },
  { "subject-department-missing", YC_TEST_ITEM, "subject.items[0]", "{\"item\": \"SPORT\", \"scenario\": \"default\"}", .error = INVALID,
    .text = "payload.subject.items[0].department: missing" },
  { "bundle-one-item", YC_TEST_BUNDLE, "subject.items", "[{\"item\": \"SPORT\", \"scenario\": \"default\", \"department\": \"sport\"}]", .error = INVALID,
    .text = "payload.subject.items:" },
  { "applicant-kind", YC_TEST_ITEM, "applicant.kind", "\"alien\"", .error = INVALID, .text = "payload.applicant.kind:" },
  { "applicant-id-missing", YC_TEST_ITEM, "applicant.id_number", NULL, .error = INVALID, .text = "payload.applicant.id_number: missing" },
  { "applicant-not-object", YC_TEST_ITEM, "applicant", "\"张三\"", .error = INVALID, .text = "payload.applicant: must be an object" },
  { "decision-unknown", YC_TEST_ITEM, "decision", "\"maybe\"", .error = INVALID, .text = "payload.decision:" },
  { "committed-negative", YC_TEST_ITEM, "committed_days", "-3", .error = INVALID, .text = "payload.committed_days:" },
  { "committed-string", YC_TEST_ITEM, "committed_days", "\"10\"", .error = INVALID, .text = "payload.committed_days: must be a whole number" },
  { "committed-missing", YC_TEST_ITEM, "committed_days", NULL, .error = INVALID, .text = "payload.committed_days: missing" },
  { "deadline-garbage", YC_TEST_ITEM, "deadline", "\"next week\"", .error = INVALID, .text = "payload.deadline:" },
  { "materials-missing", YC_TEST_ITEM, "materials", NULL, .error = INVALID, .text = "payload.materials: missing" },
  { "material-sha", YC_TEST_ITEM, "materials[1].blob_sha256", "\"xyz\"", .error = INVALID, .text = "payload.materials[1].blob_sha256:" },
  { "material-sha-uppercase", YC_TEST_ITEM, "materials[1].blob_sha256",
    "\"3F2A9C0B7D1E4F5A6B8C9D0E1F2A3B4C5D6E7F8091A2B3C4D5E6F708192A3B4C\"", .error = INVALID, .text = "payload.materials[1].blob_sha256:" },
  { "material-state", YC_TEST_ITEM, "materials[0].state", "\"lost\"", .error = INVALID, .text = "payload.materials[0].state:" },
  { "material-pages", YC_TEST_ITEM, "materials[1].pages", "-1", .error = INVALID, .text = "payload.materials[1].pages:" },
  { "material-name-missing", YC_TEST_ITEM, "materials[0].name", NULL, .error = INVALID, .text = "payload.materials[0].name: missing" },
  { "material-unknown-member", YC_TEST_ITEM, "materials[0].colour", "\"red\"", .error = INVALID, .text = "payload.materials[0].colour: unknown field" },
  { "material-scan-not-provided", YC_TEST_ITEM, "materials[0].blob_sha256", "\"" YC_TEST_SHA_A "\"", .error = INVALID, .text = "payload.materials[0].blob_sha256:" },
  { "material-duplicate", YC_TEST_ITEM, "materials[0]", YC_TEST_M ("lease", "场地使用证明", "provided"), .error = INVALID, .text = "payload.materials[5].code:" },
  { "defective-without-reason", YC_TEST_ITEM, "materials[0].state", "\"defective\"", .error = INVALID, .text = "payload.materials[0].defect_reason:" },
  { "server-field", YC_TEST_ITEM, "state", "\"ready\"", .error = INVALID, .text = "payload.state: unknown field" },
  { "version-field", YC_TEST_ITEM, "version", "9", .error = INVALID, .text = "payload.version: unknown field" },
  { "tolerated-plain-accept", YC_TEST_ITEM, "tolerated", "[{\"material\": \"lease\", \"due\": \"2026-11-30\"}]", .error = INVALID, .text = "payload.tolerated[0].material:" },
  { "tolerated-not-listed", YC_TEST_BUNDLE, "tolerated", "[]", .error = INVALID, .text = "payload.materials[6].state:" },
  { "tolerated-due-before", YC_TEST_BUNDLE, "tolerated", "[{\"material\": \"health_cert\", \"due\": \"2026-11-20\"}]", .error = INVALID, .text = "payload.tolerated[0].due:" },
  { "tolerated-due-bad", YC_TEST_BUNDLE, "tolerated", "[{\"material\": \"health_cert\", \"due\": \"2026-02-30\"}]", .error = INVALID, .text = "payload.tolerated[0].due:" },
  { "tolerance-decision-without", YC_TEST_ITEM, "decision", "\"accept_with_tolerance\"", .error = INVALID, .text = "payload.tolerated:" },
  { "pledge-decision-plain", YC_TEST_PLEDGE, "decision", "\"accept\"", .error = INVALID, .text = "payload.pledges:" },
  { "pledges-not-array", YC_TEST_PLEDGE, "pledges", "{}", .error = INVALID, .text = "payload.pledges: must be an array" },
  { "notice-on-accept", YC_TEST_ITEM, "notice", "{\"text\": \"x\"}", .error = INVALID, .text = "payload.notice:" },
  { "closed-with-tolerance", YC_TEST_NOTICE, "tolerated", "[{\"material\": \"lease\", \"due\": \"2026-11-30\"}]", .error = INVALID, .text = "payload.tolerated" },
  /* Against the catalog of the same version */
  { "catalog-department", YC_TEST_ITEM, "subject.items[0].department", "\"health\"", .with_catalog = TRUE, .error = INVALID,
    .text = "payload.subject.items[0].department:" },
  { "catalog-item", YC_TEST_ITEM, "subject.code", "\"GHOST\"", "subject.items[0].item", "\"GHOST\"", TRUE, INVALID,
    "payload.subject.items[0].item:" },
  { "catalog-scenario", YC_TEST_ITEM, "subject.items[0].scenario", "\"renewal\"", .with_catalog = TRUE, .error = INVALID,
    .text = "payload.subject.items[0].scenario:" },
  { "catalog-bundle", YC_TEST_BUNDLE, "subject.code", "\"OPEN_POOL\"", .with_catalog = TRUE, .error = INVALID, .text = "payload.subject.code:" },
  { "catalog-material", YC_TEST_ITEM, "materials[0].code", "\"passport\"", .with_catalog = TRUE, .error = INVALID, .text = "payload.materials[0].code:" },
  { "catalog-committed", YC_TEST_ITEM, "committed_days", "12", .with_catalog = TRUE, .error = INVALID, .text = "payload.committed_days:" },
  { "catalog-bundle-committed", YC_TEST_BUNDLE, "committed_days", "25", .with_catalog = TRUE, .error = INVALID, .text = "payload.committed_days:" },
};

static void
test_bad_accept (gconstpointer data)
{
  const BadAccept *row = data;
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (row->subject));
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;

  mutate (payload, row->path, row->value);
  if (row->path2 != NULL)
    mutate (payload, row->path2, row->value2);
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  c = yc_case_machine_accept_full (op, yc_test_actor ("c1"), row->with_catalog ? catalog : NULL,
                                   calendar, &error);
  if (c != NULL)
    g_error ("%s: accepted", row->name);
  g_assert_error (error, YC_CASE_MACHINE_ERROR, row->error);
  if (!g_str_has_prefix (error->message, row->text))
    g_error ("%s: “%s” does not start with “%s”", row->name, error->message, row->text);
}

static void
test_accept_item (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  YcCasePart *part;
  YcCaseHistoryEntry *entry;

  g_assert_cmpstr (c->uuid, ==, YC_TEST_CASE_UUID);
  g_assert_cmpstr (c->number, ==, "HD01-W03-20261123-0007");
  g_assert_cmpint (c->version, ==, 1);
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_ACCEPTED);
  g_assert_cmpint (c->decision, ==, YC_DECISION_ACCEPT);
  g_assert_cmpstr (c->subject_kind, ==, "item");
  g_assert_cmpstr (c->subject_code, ==, "SPORT");
  g_assert_cmpstr (yc_case_get_applicant_id (c), ==, "91110108MA01ABCD2X");
  /* Members of the applicant the machine does not know are kept. */
  g_assert_true (json_object_has_member (c->applicant, "agent"));
  g_assert_cmpuint (c->parts->len, ==, 1);
  part = g_ptr_array_index (c->parts, 0);
  g_assert_cmpstr (part->department, ==, "sport");
  g_assert_cmpstrv (part->items, ((const char * const []) { "SPORT", NULL }));
  g_assert_cmpint (part->state, ==, YC_CASE_STATE_ACCEPTED);
  g_assert_null (part->claimed_by);
  g_assert_cmpuint (c->materials->len, ==, 6);
  g_assert_cmpstr (yc_case_lookup_material (c, "application")->blob_sha256, ==, YC_TEST_SHA_A);
  g_assert_cmpuint (yc_case_lookup_material (c, "application")->version, ==, 1);
  g_assert_cmpint (yc_case_lookup_material (c, "id_card")->state, ==, YC_CASE_MATERIAL_SHARED);
  g_assert_cmpuint (c->history->len, ==, 1);
  entry = g_ptr_array_index (c->history, 0);
  g_assert_cmpstr (entry->action, ==, "case.accept");
  g_assert_cmpstr (entry->actor, ==, "c1");
  /* The counter's deadline agreed with ours: no note. */
  g_assert_cmpstr (entry->detail, ==, "accept");
}

static void
test_accept_bundle_parts (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_auto(GStrv) departments = yc_case_dup_departments (c);

  g_assert_cmpstrv (departments, ((const char * const []) { "sport", "health", NULL }));
  g_assert_cmpstrv (yc_case_lookup_part (c, "health")->items, ((const char * const []) { "HEALTH", NULL }));
  g_assert_cmpuint (c->tolerated->len, ==, 1);
  g_assert_false (yc_case_lookup_tolerated (c, "health_cert")->received);
  g_assert_null (yc_case_lookup_part (c, "police"));
}

/* Two items of one department make one part. */
static void
test_accept_parts_group_by_department (void)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (YC_TEST_BUNDLE));
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;

  mutate (payload, "subject.items[0].department", "\"health\"");
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  /* Without a catalog (or with another version) the payload's departments are taken. */
  c = yc_case_machine_accept (op, yc_test_actor ("c1"), calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (c->parts->len, ==, 1);
  g_assert_cmpstrv (yc_case_lookup_part (c, "health")->items,
                    ((const char * const []) { "SPORT", "HEALTH", NULL }));
}

static void
test_accept_deadline_disagreement (void)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (YC_TEST_ITEM));
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autofree char *deadline = NULL;
  YcCaseHistoryEntry *entry;

  mutate (payload, "deadline", "\"2026-12-04\"");
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  c = yc_case_machine_accept (op, yc_test_actor ("c1"), calendar, &error);
  g_assert_no_error (error);
  /* Our calendar wins; the counter's date is on record. */
  deadline = yc_test_format (&c->deadline);
  g_assert_cmpstr (deadline, ==, "2026-12-07");
  entry = g_ptr_array_index (c->history, 0);
  g_assert_cmpstr (entry->detail, ==, "accept; deadline 2026-12-07 (counter: 2026-12-04)");
}

static void
test_accept_scope (void)
{
  g_autoptr(YcOperation) op = yc_test_accept_op (YC_TEST_ITEM);
  const char * const refused[] = { "c2", "rs", "sv", "ad" };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YcCase) c = yc_case_machine_accept (op, yc_test_actor (refused[i]), calendar, &error);

      g_assert_null (c);
      g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_FORBIDDEN);
    }
  /* A colleague of the same hall cannot file a case in c1's name (the payload's clerk). */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCase) c = yc_case_machine_accept (op, yc_test_actor ("c3"), calendar, &error);

    g_assert_null (c);
    g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_FORBIDDEN);
    g_assert_true (g_str_has_prefix (error->message, "payload.clerk"));
  }
  /* Not an acceptance at all. */
  {
    g_autoptr(JsonObject) payload = json_object_new ();
    g_autoptr(YcOperation) claim = yc_test_op (YC_OP_REVIEW_CLAIM, 1, payload);
    g_autoptr(GError) error = NULL;
    g_autoptr(YcCase) c = yc_case_machine_accept (claim, yc_test_actor ("c1"), calendar, &error);

    g_assert_null (c);
    g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION);
  }
}

static void
test_accept_refusal (void)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (YC_TEST_NOTICE));
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;

  mutate (payload, "decision", "\"refuse\"");
  mutate (payload, "notice", "{\"reason\": \"out_of_remit\", \"text\": \"不属于本大厅受理范围\"}");
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  c = yc_case_machine_accept_full (op, yc_test_actor ("c1"), catalog, calendar, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_CLOSED_AT_COUNTER);
  g_assert_cmpint (c->decision, ==, YC_DECISION_REFUSE);
  g_assert_cmpstr (json_object_get_string_member (c->notice, "reason"), ==, "out_of_remit");
}

/* Another catalog version: the payload is taken as decided under the counter's catalog. */
static void
test_accept_other_catalog_version (void)
{
  g_autoptr(JsonObject) payload = yc_test_parse_object (yc_test_payload_text (YC_TEST_ITEM));
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;

  mutate (payload, "catalog_version", "\"2025.4\"");
  mutate (payload, "materials[0].code", "\"old_form\"");
  op = yc_test_op (YC_OP_CASE_ACCEPT, 0, payload);
  c = yc_case_machine_accept_full (op, yc_test_actor ("c1"), catalog, calendar, &error);
  g_assert_no_error (error);
  g_assert_nonnull (yc_case_lookup_material (c, "old_form"));
}

typedef struct {
  const char *name;
  const char *path;
  const char *value;
  const char *field;
} BadDocument;

static const BadDocument bad_documents[] = {
  { "version-zero", "version", "0", "version:" },
  { "state-unknown", "state", "\"done\"", "state:" },
  { "part-state", "parts[0].state", "{\"x\": 1}", "parts[0]" },
  { "unknown-member", "secret", "true", "secret: unknown field" },
  { "deadline-missing", "deadline", NULL, "deadline: missing" },
  { "history-not-array", "history", "{}", "history: must be an array" },
  { "rating-level", "rating", "{\"level\": 9, \"comment\": null, \"at\": \"2026-11-23T10:00:00Z\"}", "rating.level:" },
  { "pause-open-not-last", "pauses", "[{\"first\": \"2026-11-24\", \"last\": null}, {\"first\": \"2026-11-28\", \"last\": \"2026-11-29\"}]", "pauses[0]:" },
  { "tolerated-received-without-day", "tolerated", "[{\"material\": \"health_cert\", \"due\": \"2026-11-26\", \"received\": true, \"received_on\": null}]", "tolerated[0].received_on:" },
  { "urge-nowhere", "urges", "[{\"id\": \"" YC_TEST_CASE_UUID "\", \"by\": \"sv\", \"message\": \"快\", \"at\": \"2026-11-23T10:00:00Z\", "
    "\"department\": null, \"hall\": null, \"acknowledged\": false, \"acknowledged_by\": null, \"acknowledged_at\": null}]", "urges[0]:" },
};

static void
test_bad_document (gconstpointer data)
{
  const BadDocument *row = data;
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(JsonNode) node = yc_case_to_json (c);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) back = NULL;

  if (g_str_has_prefix (row->path, "parts[0].state"))
    /* A part state must be one of the six a part can be in. */
    json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (json_node_get_object (node), "parts"), 0),
                                   "state", "ready");
  else
    mutate (json_node_get_object (node), row->path, row->value);
  back = yc_case_from_json (node, &error);
  g_assert_null (back);
  g_assert_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID);
  if (!g_str_has_prefix (error->message, row->field))
    g_error ("%s: “%s” does not start with “%s”", row->name, error->message, row->field);
}

/* The stored text is byte for byte that of the tree, and writing it leaves the case's own
 * objects as they were (shared with the tree, not changed). */
static void
test_document_string (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(JsonNode) node = yc_case_to_json (c);
  g_autofree char *expected = json_to_string (node, FALSE);
  g_autofree char *subject_before = NULL;
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) subject = json_node_init_object (json_node_alloc (), c->subject);

  subject_before = json_to_string (subject, FALSE);
  text = yc_case_to_json_string (c);
  g_assert_cmpstr (text, ==, expected);
  g_clear_pointer (&subject, json_node_unref);
  subject = json_node_init_object (json_node_alloc (), c->subject);
  g_autofree char *subject_after = json_to_string (subject, FALSE);
  g_assert_cmpstr (subject_after, ==, subject_before);
}

/* Appends the JSON @text to the array @member of @object. */
static void
add_element (JsonObject *object,
             const char *member,
             const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *element = json_from_string (text, &error);

  g_assert_no_error (error);
  json_array_add_element (json_object_get_array_member (object, member), element);
}

/* A document with every part of the case format filled, strings that need escaping among
 * them: its stored text is byte for byte json-glib's text of the case's tree, and of the
 * document it was read from. */
static void
test_document_string_full (void)
{
  g_autoptr(YcCase) accepted = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(JsonNode) node = yc_case_to_json (accepted);
  JsonObject *document = json_node_get_object (node);
  JsonObject *part = json_array_get_object_element (json_object_get_array_member (document, "parts"), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = NULL;
  g_autoptr(JsonNode) tree = NULL;
  g_autofree char *source = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  add_element (part, "notices",
               "{\"id\": \"5b0e5a3c-1c8e-4a53-9a53-2f1b8a0c1d11\", \"at\": \"2026-11-23T10:00:00+08:00\","
               " \"on\": \"2026-11-23\", \"by\": \"r1\", \"materials\": [\"license\", \"身份证\"],"
               " \"message\": \"请补正\\n\\\"原件\\\" \\\\ 复印件\", \"new_demand\": true,"
               " \"new_materials\": [\"x\"], \"unmet\": []}");
  json_object_set_string_member (part, "claimed_by", "r1");
  json_object_set_string_member (part, "reason", "tab\there, bell\a, del\177");
  add_element (document, "urges",
               "{\"id\": \"6c1f6b4d-2d9f-4b64-8b64-3a2c9b1d2e22\", \"by\": \"s1\", \"message\": \"快\\t办\","
               " \"at\": \"2026-11-24T09:00:00+08:00\", \"department\": \"sport\", \"hall\": null,"
               " \"acknowledged\": true, \"acknowledged_by\": \"r1\","
               " \"acknowledged_at\": \"2026-11-24T09:30:00+08:00\"}");
  add_element (document, "pauses", "{\"first\": \"2026-11-24\", \"last\": \"2026-11-25\"}");
  add_element (document, "pauses", "{\"first\": \"2026-11-26\", \"last\": null}");
  add_element (document, "history",
               "{\"at\": \"2026-11-24T10:00:00+08:00\", \"actor\": \"c1\", \"action\": \"note\","
               " \"detail\": \"a\\u001fb\\u0001c\"}");
  json_object_set_member (document, "rating",
                          json_from_string ("{\"level\": 2, \"comment\": \"慢\\r\\n\", "
                                            "\"at\": \"2026-11-25T10:00:00+08:00\", "
                                            "\"follow_up\": {\"due\": \"2026-12-02\"}}", NULL));
  source = json_to_string (node, FALSE);

  c = yc_case_from_json (node, &error);
  g_assert_no_error (error);
  tree = yc_case_to_json (c);
  expected = json_to_string (tree, FALSE);
  text = yc_case_to_json_string (c);
  g_assert_cmpstr (text, ==, expected);
  g_assert_cmpstr (text, ==, source);
}

/* From a parsed op (its payload sealed) the case shares the payload's subject and applicant
 * instead of copying them, and is the same case as from a copied payload. */
static void
test_accept_parsed_op_shares (void)
{
  g_autoptr(YcOperation) copied = yc_test_accept_op (YC_TEST_BUNDLE);
  g_autoptr(JsonNode) wire = yc_operation_to_json (copied);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcOperation) parsed = yc_operation_from_json (wire, &error);
  g_autoptr(YcCase) from_copy = NULL;
  g_autoptr(YcCase) from_parsed = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *text = NULL;

  g_assert_no_error (error);
  from_copy = yc_case_machine_accept_full (copied, yc_test_actor ("c1"), catalog, calendar, &error);
  g_assert_no_error (error);
  from_parsed = yc_case_machine_accept_full (parsed, yc_test_actor ("c1"), catalog, calendar, &error);
  g_assert_no_error (error);

  g_assert_true (from_parsed->subject == json_object_get_object_member (parsed->payload, "subject"));
  g_assert_true (from_parsed->applicant == json_object_get_object_member (parsed->payload, "applicant"));
  g_assert_false (from_copy->subject == json_object_get_object_member (copied->payload, "subject"));

  expected = yc_case_to_json_string (from_copy);
  text = yc_case_to_json_string (from_parsed);
  g_assert_cmpstr (text, ==, expected);
}

static void
test_document_round_trip (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(YcCase) copy = NULL;
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;

  g_assert_null (yc_test_apply (c, "sv", YC_OP_SUPERVISION_URGE, "{\"message\": \"请尽快\"}", NULL, calendar, NULL));
  g_assert_null (yc_test_apply (c, "c1", YC_OP_RATING_SUBMIT, "{\"level\": 4}", NULL, calendar, NULL));
  copy = yc_case_copy (c);
  g_assert_true (copy != c);
  text = yc_test_case_text (c);
  copied = yc_test_case_text (copy);
  g_assert_cmpstr (copied, ==, text);
  g_assert_true (copy->rated);
  g_assert_cmpuint (copy->rating_level, ==, 4);
  g_assert_cmpuint (copy->urges->len, ==, 1);
}

static void
test_names (void)
{
  for (YcCaseState s = YC_CASE_STATE_ACCEPTED; s <= YC_CASE_STATE_CLOSED_AT_COUNTER; s++)
    {
      YcCaseState back = (YcCaseState) -1;

      g_assert_true (yc_case_state_from_string (yc_case_state_to_string (s), &back));
      g_assert_cmpint (back, ==, s);
      g_assert_nonnull (yc_case_state_label (s));
    }
  g_assert_cmpstr (yc_case_state_to_string (YC_CASE_STATE_AWAITING_SUPPLEMENT), ==, "awaiting_supplement");
  g_assert_true (yc_case_state_is_final (YC_CASE_STATE_CLOSED_AT_COUNTER));
  g_assert_false (yc_case_state_is_final (YC_CASE_STATE_READY));
  g_assert_cmpstr (yc_case_machine_error_code_string (YC_CASE_MACHINE_ERROR_NOT_NOTIFIED), ==, "not_notified");
  g_assert_cmpstr (yc_case_machine_error_code_string (YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION), ==, "illegal_transition");
  {
    YcRole role;

    g_assert_true (yc_role_from_string ("supervisor", &role));
    g_assert_cmpint (role, ==, YC_ROLE_SUPERVISOR);
    g_assert_false (yc_role_from_string ("root", &role));
  }
  g_assert_nonnull (yc_rating_level_label (1));
  g_assert_nonnull (yc_pledge_status_label (YC_PLEDGE_BROKEN));
}

static void
test_scope_and_buttons (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  const YcActor *c1 = yc_test_actor ("c1"), *c2 = yc_test_actor ("c2");
  const YcActor *rs = yc_test_actor ("rs"), *rh = yc_test_actor ("rh"), *sv = yc_test_actor ("sv");

  g_assert_true (yc_case_actor_in_scope (c, c1));
  g_assert_false (yc_case_actor_in_scope (c, c2));
  g_assert_true (yc_case_actor_in_scope (c, rs));
  g_assert_false (yc_case_actor_in_scope (c, rh));
  g_assert_true (yc_case_actor_in_scope (c, sv));
  /* A supervisor of a hall sees that hall only; administrators see no case. */
  g_assert_true (yc_case_actor_in_scope (c, yc_test_actor ("sv1")));
  g_assert_false (yc_case_actor_in_scope (c, yc_test_actor ("sv2")));
  g_assert_false (yc_case_actor_in_scope (c, yc_test_actor ("ad")));
  g_assert_false (yc_case_machine_can (c, YC_OP_SUPERVISION_URGE, yc_test_actor ("sv2")));

  g_assert_true (yc_case_machine_can (c, YC_OP_REVIEW_CLAIM, rs));
  g_assert_false (yc_case_machine_can (c, YC_OP_REVIEW_CLAIM, rh));
  g_assert_false (yc_case_machine_can (c, YC_OP_REVIEW_APPROVE, rs));
  g_assert_false (yc_case_machine_can (c, YC_OP_CASE_ISSUE, c1));
  g_assert_true (yc_case_machine_can (c, YC_OP_CASE_WITHDRAW, c1));
  g_assert_false (yc_case_machine_can (c, YC_OP_CASE_WITHDRAW, c2));
  g_assert_true (yc_case_machine_can (c, YC_OP_SUPERVISION_URGE, sv));
  g_assert_false (yc_case_machine_can (c, YC_OP_URGE_ACK, rs));

  g_assert_null (yc_test_apply (c, "rs", YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\"}", NULL, calendar, NULL));
  g_assert_true (yc_case_machine_can (c, YC_OP_REVIEW_APPROVE, rs));
  g_assert_false (yc_case_machine_can (c, YC_OP_REVIEW_APPROVE, yc_test_actor ("rs2")));
  g_assert_true (yc_case_machine_can (c, YC_OP_REVIEW_RELEASE, sv));
  g_assert_true (yc_case_machine_can (c, YC_OP_REVIEW_RELEASE, yc_test_actor ("sv1")));
  g_assert_false (yc_case_machine_can (c, YC_OP_REVIEW_RELEASE, yc_test_actor ("sv2")));
  g_assert_false (yc_case_machine_can (c, YC_OP_REVIEW_RELEASE, yc_test_actor ("ad")));
  g_assert_null (yc_test_apply (c, "rs", YC_OP_REVIEW_APPROVE, "{\"department\": \"sport\"}", NULL, calendar, NULL));
  g_assert_true (yc_case_machine_can (c, YC_OP_CASE_ISSUE, c1));
  g_assert_false (yc_case_machine_can (c, YC_OP_CASE_ISSUE, c2));
  g_assert_false (yc_case_machine_can (c, YC_OP_PLEDGE_VERIFY, rs));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  calendar = yc_test_calendar ();
  catalog = yc_test_rules_catalog_new ();

  for (guint i = 0; i < G_N_ELEMENTS (bad_accepts); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case/accept/invalid/%s", bad_accepts[i].name);

      g_test_add_data_func (path, &bad_accepts[i], test_bad_accept);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad_documents); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case/document/invalid/%s", bad_documents[i].name);

      g_test_add_data_func (path, &bad_documents[i], test_bad_document);
    }
  g_test_add_func ("/case/accept/item", test_accept_item);
  g_test_add_func ("/case/accept/bundle-parts", test_accept_bundle_parts);
  g_test_add_func ("/case/accept/parts-group-by-department", test_accept_parts_group_by_department);
  g_test_add_func ("/case/accept/deadline-disagreement", test_accept_deadline_disagreement);
  g_test_add_func ("/case/accept/scope", test_accept_scope);
  g_test_add_func ("/case/accept/refusal", test_accept_refusal);
  g_test_add_func ("/case/accept/other-catalog-version", test_accept_other_catalog_version);
  g_test_add_func ("/case/document/round-trip", test_document_round_trip);
  g_test_add_func ("/case/document/string", test_document_string);
  g_test_add_func ("/case/document/string-full", test_document_string_full);
  g_test_add_func ("/case/accept/parsed-op-shares", test_accept_parsed_op_shares);
  g_test_add_func ("/case/names", test_names);
  g_test_add_func ("/case/scope-and-buttons", test_scope_and_buttons);

  status = g_test_run ();
  g_object_unref (calendar);
  g_object_unref (catalog);
  return status;
}
