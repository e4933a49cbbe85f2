/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>

#include "yc-backoffice-private.h"
#include "yc-case-machine.h"
#include "yc-test-desk.h"
#include "yc-urge-center.h"
#include "yc-urge-item.h"

/*
 * 督办 end to end (docs/supervision.md): the real back office process and one local store per
 * computer — a counter window of hall JB01, a reviewer of scjg and a supervisor.
 *
 *   /supervision-flow/urge-reviewer  the supervisor urges a case under review: the scjg
 *                                    reviewer's store pulls it (and no clerk's), the reviewer
 *                                    acknowledges; the server's case and audit have both
 *   /supervision-flow/urge-clerk     once the case waits for the counter, the urge goes to
 *                                    the hall's clerks: the clerk's store pulls it and the
 *                                    clerk acknowledges through YcUrgeCenter (outbox, then
 *                                    sync); the audit has the urge and the acknowledgement,
 *                                    and `yichuang-backoffice audit verify` still passes
 *   /supervision-flow/urge-addressee the urge of a held part goes to its holder only, not to
 *                                    another reviewer of the department; audited with "to";
 *                                    that reviewer's acknowledgement is refused by their store,
 *                                    their case machine and the back office
 *   /supervision-flow/shared-computer two reviewers of the same department take turns on one
 *                                    computer (one store, one feed cursor): the urge to the
 *                                    one holding the part is shown to them and not to the
 *                                    other, even though it arrived while the other was signed
 *                                    in; the holder acknowledges it through YcUrgeCenter
 *   /supervision-flow/yellow-threshold  the back office serves with --yellow-threshold 30: its
 *                                    lights count with it, the client is told at sign-in and
 *                                    keeps it, and the core's light with it is the server's
 */

#define ITEM "SCJG-XK-001"   /* 个体工商户设立登记, scjg */

typedef struct {
  YcTestServer *server;
  YcCalendar   *calendar;
  YcCatalog    *catalog;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR"), "catalog", "catalog.json", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);

  f->server = yc_test_server_new ();
  yc_test_server_start (f->server, NULL);
  f->calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  f->catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->catalog);
  g_clear_object (&f->calendar);
  yc_test_server_free (f->server);
}

static YcCase *
apply_ok (YcTestDesk *desk,
          const char *uuid,
          YcOpKind    kind,
          const char *payload)
{
  g_autoptr(GError) error = NULL;
  YcCase *c = yc_test_desk_apply (desk, uuid, kind, payload, &error);

  g_assert_no_error (error);
  g_assert_nonnull (c);
  return c;
}

/* The open urges the desk's user is shown. */
static GPtrArray *
open_urges (YcTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  YcActor actor = yc_test_desk_actor (desk);
  GPtrArray *urges = yc_store_list_urges_for (desk->store, &actor, TRUE, &error);

  g_assert_no_error (error);
  return urges;
}

/* Every urge the desk's store holds, whoever it is for. */
static GPtrArray *
stored_urges (YcTestDesk *desk)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *urges = yc_store_list_urges (desk->store, FALSE, &error);

  g_assert_no_error (error);
  return urges;
}

typedef struct {
  char *case_uuid;
  char *message;
} Heard;

static void
urge_heard_cb (YcSyncEngine *engine,
               const char   *case_uuid,
               const char   *message,
               Heard        *heard)
{
  g_free (heard->case_uuid);
  g_free (heard->message);
  heard->case_uuid = g_strdup (case_uuid);
  heard->message = g_strdup (message);
}

/* The audit rows about @uuid of @action, read from the stopped back office's database. */
static GPtrArray *
audit_rows (Fixture    *f,
            const char *uuid,
            const char *action)
{
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  GPtrArray *found = g_ptr_array_new_with_free_func (g_free);
  gint64 bad = -1;

  backoffice = yc_backoffice_open (yc_test_server_get_data_dir (f->server), f->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_audit_verify (backoffice, &bad, &error));
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_storage_begin (backoffice->storage, FALSE, &error));
  rows = yc_backoffice_storage_audit_list (backoffice->storage, 0, 100000, &error);
  yc_backoffice_storage_rollback (backoffice->storage);
  g_assert_no_error (error);
  for (guint i = 0; i < rows->len; i++)
    {
      YcStorageAudit *row = g_ptr_array_index (rows, i);

      if (g_strcmp0 (row->target, uuid) == 0 && g_strcmp0 (row->action, action) == 0)
        g_ptr_array_add (found, g_strdup_printf ("%s|%s|%s", row->actor, row->outcome,
                                                 row->detail != NULL ? row->detail : ""));
    }
  return found;
}

static void
assert_audit_cli_intact (Fixture *f)
{
  const char *argv[] = {
    yc_test_server_get_executable (), "--data-dir", yc_test_server_get_data_dir (f->server),
    "audit", "verify", NULL
  };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL, *err = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("audit verify: %s%s", out, err);
}

static void
test_urge_reviewer (Fixture       *f,
                    gconstpointer  data)
{
  YcTestDesk *clerk = yc_test_desk_new (f->server, f->calendar, "clerk-a", YC_TEST_HALL_A, "W01");
  YcTestDesk *rev = yc_test_desk_new (f->server, f->calendar, "rev-scjg", NULL, NULL);
  YcTestDesk *super = yc_test_desk_new (f->server, f->calendar, "super", NULL, NULL);
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  g_autoptr(YcCase) urged = NULL;
  g_autoptr(GPtrArray) urges = NULL;
  g_autoptr(GPtrArray) clerk_urges = NULL;
  g_autoptr(GPtrArray) urge_rows = NULL;
  g_autoptr(GPtrArray) ack_rows = NULL;
  g_autoptr(YcTestResponse) response = NULL;
  g_autofree char *uuid = g_strdup (accepted->uuid);
  g_autofree char *urge_id = NULL;
  g_autofree char *ack_payload = NULL;
  Heard heard = { 0 };
  YcCaseUrge *entry;

  g_signal_connect (rev->engine, "urge", G_CALLBACK (urge_heard_cb), &heard);
  yc_test_desk_sync (clerk);
  yc_test_desk_sync (rev);
  yc_test_desk_sync (super);

  /* Nobody has taken it yet: the urge goes to the department it waits for. */
  urged = apply_ok (super, uuid, YC_OP_SUPERVISION_URGE, "{\"message\": \"请尽快审核\"}");
  g_assert_cmpuint (urged->urges->len, ==, 1);
  entry = g_ptr_array_index (urged->urges, 0);
  g_assert_cmpstr (entry->department, ==, "scjg");
  urge_id = g_strdup (entry->id);
  yc_test_desk_sync (super);
  g_assert_cmpuint (yc_sync_engine_get_problems (super->engine), ==, 0);

  yc_test_desk_sync (rev);
  g_assert_cmpstr (heard.case_uuid, ==, uuid);
  g_assert_cmpstr (heard.message, ==, "请尽快审核");
  urges = open_urges (rev);
  g_assert_cmpuint (urges->len, ==, 1);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->id, ==, urge_id);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->from_user, ==, "super");
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->case_number, ==, accepted->number);
  /* A department urge is not the hall's business. */
  yc_test_desk_sync (clerk);
  clerk_urges = open_urges (clerk);
  g_assert_cmpuint (clerk_urges->len, ==, 0);

  ack_payload = g_strdup_printf ("{\"urge_id\": \"%s\"}", urge_id);
  g_clear_pointer (&urged, yc_case_unref);
  urged = apply_ok (rev, uuid, YC_OP_URGE_ACK, ack_payload);
  g_assert_true (yc_store_acknowledge_urge (rev->store, urge_id, NULL));
  yc_test_desk_sync (rev);
  g_assert_cmpuint (yc_sync_engine_get_problems (rev->engine), ==, 0);
  g_clear_pointer (&urges, g_ptr_array_unref);
  urges = open_urges (rev);
  g_assert_cmpuint (urges->len, ==, 0);

  /* The back office's case says who acknowledged it. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", uuid);
    JsonObject *c, *urge;

    response = yc_test_server_get (f->server, path, yc_test_server_token (f->server, "super"));
    g_assert_cmpuint (response->status, ==, 200);
    c = json_object_get_object_member (yc_test_response_object (response), "case");
    urge = json_array_get_object_element (json_object_get_array_member (c, "urges"), 0);
    g_assert_true (json_object_get_boolean_member (urge, "acknowledged"));
    g_assert_cmpstr (json_object_get_string_member (urge, "acknowledged_by"), ==, "rev-scjg");
    g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (json_object_get_array_member (yc_test_response_object (response), "parts"), 0), "remaining_days"), >=, 0);
  }

  yc_test_desk_free (super);
  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);
  g_free (heard.case_uuid);
  g_free (heard.message);

  yc_test_server_stop (f->server);
  urge_rows = audit_rows (f, uuid, "supervision.urge");
  ack_rows = audit_rows (f, uuid, "urge.ack");
  g_assert_cmpuint (urge_rows->len, ==, 1);
  g_assert_cmpuint (ack_rows->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (urge_rows, 0), "super|ok|"));
  g_assert_nonnull (strstr (g_ptr_array_index (urge_rows, 0), "请尽快审核"));
  g_assert_nonnull (strstr (g_ptr_array_index (urge_rows, 0), "\"department\":\"scjg\""));
  g_assert_nonnull (strstr (g_ptr_array_index (urge_rows, 0), urge_id));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (ack_rows, 0), "rev-scjg|ok|"));
  g_assert_nonnull (strstr (g_ptr_array_index (ack_rows, 0), urge_id));
  assert_audit_cli_intact (f);
}

static void
acked_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* 知道了 on @center's urge @id, and its answer: TRUE or FALSE with @error. */
static gboolean
acknowledge (YcUrgeCenter  *center,
             const char    *id,
             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  yc_urge_center_acknowledge_async (center, id, NULL, acked_cb, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return yc_urge_center_acknowledge_finish (center, result, error);
}

static void
test_urge_clerk (Fixture       *f,
                 gconstpointer  data)
{
  YcTestDesk *clerk = yc_test_desk_new (f->server, f->calendar, "clerk-a", YC_TEST_HALL_A, "W01");
  YcTestDesk *rev = yc_test_desk_new (f->server, f->calendar, "rev-scjg", NULL, NULL);
  YcTestDesk *super = yc_test_desk_new (f->server, f->calendar, "super", NULL, NULL);
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  g_autoptr(YcCase) urged = NULL;
  g_autoptr(YcUrgeCenter) center = NULL;
  g_autoptr(GPtrArray) urge_rows = NULL;
  g_autoptr(GPtrArray) ack_rows = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uuid = g_strdup (accepted->uuid);
  g_autofree char *urge_id = NULL;
  YcUrgeItem *item;
  gint64 deadline;

  yc_test_desk_sync (clerk);
  yc_test_desk_sync (rev);
  g_clear_pointer (&urged, yc_case_unref);
  urged = apply_ok (rev, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  g_clear_pointer (&urged, yc_case_unref);
  urged = apply_ok (rev, uuid, YC_OP_REVIEW_APPROVE, "{\"department\": \"scjg\"}");
  yc_test_desk_sync (rev);
  yc_test_desk_sync (super);

  /* 待出件: the case waits for the counter, so the hall's clerks are urged. */
  g_clear_pointer (&urged, yc_case_unref);
  urged = apply_ok (super, uuid, YC_OP_SUPERVISION_URGE, "{\"message\": \"请通知申请人取件\"}");
  urge_id = g_strdup (((YcCaseUrge *) g_ptr_array_index (urged->urges, 0))->id);
  g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (urged->urges, 0))->hall, ==, YC_TEST_HALL_A);
  yc_test_desk_sync (super);

  center = yc_urge_center_new (clerk->store, clerk->sessions, f->calendar, NULL);
  yc_test_desk_sync (clerk);
  yc_urge_center_reload (center);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (yc_urge_center_get_loading (center))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_assert_cmpuint (g_list_model_get_n_items (yc_urge_center_get_model (center)), ==, 1);
  item = g_list_model_get_item (yc_urge_center_get_model (center), 0);
  g_assert_cmpstr (yc_urge_item_get_id (item), ==, urge_id);
  g_assert_cmpstr (yc_urge_item_get_message (item), ==, "请通知申请人取件");
  g_assert_cmpstr (yc_urge_item_get_title (item), ==, accepted->number);
  /* Shown on the desktop until acknowledged. */
  g_assert_true (yc_urge_center_is_notified (center, urge_id));
  g_object_unref (item);

  g_assert_true (acknowledge (center, urge_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (yc_urge_center_get_model (center)), ==, 0);
  g_assert_false (yc_urge_center_is_notified (center, urge_id));
  /* The urge.ack waits in the outbox until the sync sends it. */
  g_assert_cmpint (yc_store_outbox_count (clerk->store, NULL), ==, 1);
  yc_test_desk_sync (clerk);
  g_assert_cmpint (yc_store_outbox_count (clerk->store, NULL), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (clerk->engine), ==, 0);

  /* The supervisor sees the answer on the next pull. */
  yc_test_desk_sync (super);
  {
    g_autoptr(YcCase) seen = yc_test_desk_case (super, uuid);
    YcCaseUrge *entry = yc_case_lookup_urge (seen, urge_id);

    g_assert_true (entry->acknowledged);
    g_assert_cmpstr (entry->acknowledged_by, ==, "clerk-a");
  }

  g_assert_finalize_object (g_steal_pointer (&center));
  yc_test_desk_free (super);
  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);

  yc_test_server_stop (f->server);
  urge_rows = audit_rows (f, uuid, "supervision.urge");
  ack_rows = audit_rows (f, uuid, "urge.ack");
  g_assert_cmpuint (urge_rows->len, ==, 1);
  g_assert_cmpuint (ack_rows->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (urge_rows, 0), "\"hall\":\"" YC_TEST_HALL_A "\""));
  g_assert_true (g_str_has_prefix (g_ptr_array_index (ack_rows, 0), "clerk-a|ok|"));
  assert_audit_cli_intact (f);
}

/* An urge goes to the handler: the reviewer holding the part gets it, another reviewer of
 * the same department does not; the audit names the addressee. */
static void
test_urge_addressee (Fixture       *f,
                     gconstpointer  data)
{
  YcTestDesk *clerk = yc_test_desk_new (f->server, f->calendar, "clerk-a", YC_TEST_HALL_A, "W01");
  YcTestDesk *holder = yc_test_desk_new (f->server, f->calendar, "rev-scjg", NULL, NULL);
  YcTestDesk *other = yc_test_desk_new (f->server, f->calendar, "rev-both", NULL, NULL);
  YcTestDesk *super = yc_test_desk_new (f->server, f->calendar, "super", NULL, NULL);
  g_autoptr(YcCase) accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  g_autoptr(YcCase) claimed = NULL;
  g_autoptr(YcCase) urged = NULL;
  g_autoptr(GPtrArray) held = NULL;
  g_autoptr(GPtrArray) not_held = NULL;
  g_autoptr(GPtrArray) urge_rows = NULL;

  yc_test_desk_sync (clerk);
  yc_test_desk_sync (holder);
  claimed = apply_ok (holder, accepted->uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  yc_test_desk_sync (holder);
  yc_test_desk_sync (other);
  yc_test_desk_sync (super);

  urged = apply_ok (super, accepted->uuid, YC_OP_SUPERVISION_URGE, "{\"message\": \"请尽快审核\"}");
  yc_test_desk_sync (super);
  g_assert_cmpuint (yc_sync_engine_get_problems (super->engine), ==, 0);

  yc_test_desk_sync (holder);
  yc_test_desk_sync (other);
  held = open_urges (holder);
  not_held = open_urges (other);
  g_assert_cmpuint (held->len, ==, 1);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (held, 0))->addressee, ==, "rev-scjg");
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (held, 0))->department, ==, "scjg");
  g_assert_cmpuint (not_held->len, ==, 0);

  /* The other reviewer's computer keeps it (from the case's document), for its addressee
   * only: neither their store, nor their case machine, nor the back office lets the other
   * reviewer acknowledge it. */
  {
    g_autoptr(GPtrArray) kept = stored_urges (other);
    g_autoptr(YcCase) refused = NULL;
    g_autoptr(YcTestResponse) pushed = NULL;
    g_autoptr(YcCase) now = yc_test_desk_case (other, accepted->uuid);
    g_autoptr(GError) error = NULL;
    g_autofree char *payload = NULL;
    g_autofree char *key = yc_test_uuid ();
    g_autofree char *batch = NULL;
    const char *urge_id;
    JsonObject *result;

    g_assert_cmpuint (kept->len, ==, 1);
    urge_id = ((YcUrge *) g_ptr_array_index (kept, 0))->id;
    g_assert_cmpstr (((YcUrge *) g_ptr_array_index (kept, 0))->addressee, ==, "rev-scjg");
    g_assert_false (yc_store_acknowledge_urge_as (other->store, urge_id, "rev-both", &error));
    g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ADDRESSEE);
    g_assert_nonnull (strstr (error->message, "rev-scjg"));
    g_clear_error (&error);

    payload = g_strdup_printf ("{\"urge_id\": \"%s\"}", urge_id);
    refused = yc_test_desk_apply (other, accepted->uuid, YC_OP_URGE_ACK, payload, &error);
    g_assert_null (refused);
    g_assert_error (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_FORBIDDEN);
    g_clear_error (&error);

    batch = yc_test_batch (key, yc_test_op ("urge.ack", accepted->uuid, now->version,
                                            yc_test_json (payload)), NULL);
    pushed = yc_test_server_push (f->server, yc_test_server_token (f->server, "rev-both"), key, batch);
    g_assert_cmpuint (pushed->status, ==, 200);
    result = json_array_get_object_element (
        json_object_get_array_member (yc_test_response_object (pushed), "results"), 0);
    g_assert_cmpstr (json_object_get_string_member (result, "result"), ==, "rejected");
    g_assert_cmpstr (json_object_get_string_member (result, "code"), ==, "forbidden");

    /* Its addressee acknowledges it. */
    g_clear_pointer (&refused, yc_case_unref);
    refused = apply_ok (holder, accepted->uuid, YC_OP_URGE_ACK, payload);
    g_assert_true (yc_store_acknowledge_urge_as (holder->store, urge_id, "rev-scjg", &error));
    g_assert_no_error (error);
    yc_test_desk_sync (holder);
    g_assert_cmpuint (yc_sync_engine_get_problems (holder->engine), ==, 0);
    /* … which the other computer learns from the case. */
    yc_test_desk_sync (other);
    g_clear_pointer (&kept, g_ptr_array_unref);
    kept = stored_urges (other);
    g_assert_nonnull (((YcUrge *) g_ptr_array_index (kept, 0))->acknowledged_at);
  }

  yc_test_desk_free (super);
  yc_test_desk_free (other);
  yc_test_desk_free (holder);
  yc_test_desk_free (clerk);

  yc_test_server_stop (f->server);
  urge_rows = audit_rows (f, accepted->uuid, "supervision.urge");
  g_assert_cmpuint (urge_rows->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (urge_rows, 0), "\"to\":\"rev-scjg\""));
}

static void
wait_center (YcUrgeCenter *center)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (yc_urge_center_get_loading (center))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

/* Drops the center and waits until the tasks that still hold it (an acknowledgement's
 * thread) have let it go. */
static void
finalize_center (YcUrgeCenter *center)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gpointer weak = center;

  g_object_add_weak_pointer (G_OBJECT (center), &weak);
  g_object_unref (center);
  while (weak != NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* A back-office computer shared by two reviewers of the same department: one store, one
 * feed cursor (their scopes are the same, so it is not read again for the second).  The
 * urge to the one holding the part is made while the other is signed in; the feed's urge
 * change goes to the holder only, so the computer keeps it from the case's document. */
static void
test_shared_computer (Fixture       *f,
                      gconstpointer  data)
{
  const char * const scjg[] = { "scjg", NULL };
  g_autoptr(YcBackoffice) backoffice = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) accepted = NULL;
  g_autoptr(YcCase) claimed = NULL;
  g_autoptr(YcCase) urged = NULL;
  g_autoptr(GPtrArray) urges = NULL;
  g_autoptr(YcTestResponse) response = NULL;
  g_autofree char *dir = g_dir_make_tmp ("yc-shared-XXXXXX", &error);
  g_autofree char *uuid = NULL;
  g_autofree char *urge_id = NULL;
  const char *url;
  YcUrgeCenter *center;
  YcTestDesk *clerk, *super, *desk;
  Heard heard = { 0 };

  /* A second scjg reviewer, added before the back office starts. */
  g_assert_no_error (error);
  yc_test_server_free (f->server);
  f->server = yc_test_server_new ();
  backoffice = yc_backoffice_open (yc_test_server_get_data_dir (f->server), f->calendar, &error);
  g_assert_no_error (error);
  g_assert_true (yc_backoffice_user_add (backoffice, "rev-scjg2", "rev-scjg2", YC_ROLE_REVIEWER, NULL,
                                         scjg, "rev-scjg2-pw", &error));
  g_assert_no_error (error);
  g_clear_object (&backoffice);
  yc_test_server_start (f->server, NULL);
  url = yc_test_server_get_base_url (f->server);

  clerk = yc_test_desk_new (f->server, f->calendar, "clerk-a", YC_TEST_HALL_A, "W01");
  super = yc_test_desk_new (f->server, f->calendar, "super", NULL, NULL);
  accepted = yc_test_desk_accept (clerk, f->catalog, ITEM, NULL, NULL);
  uuid = g_strdup (accepted->uuid);
  yc_test_desk_sync (clerk);

  /* rev-scjg takes the case on the shared computer, and leaves. */
  desk = yc_test_desk_new_in (dir, url, f->calendar, "rev-scjg", "rev-scjg-pw", NULL, NULL);
  desk->keep_dir = TRUE;
  yc_test_desk_sync (desk);
  claimed = apply_ok (desk, uuid, YC_OP_REVIEW_CLAIM, "{\"department\": \"scjg\"}");
  yc_test_desk_sync (desk);
  yc_test_desk_free (desk);

  /* rev-scjg2 works there when the supervisor urges the case: to its holder, rev-scjg. */
  desk = yc_test_desk_new_in (dir, url, f->calendar, "rev-scjg2", "rev-scjg2-pw", NULL, NULL);
  desk->keep_dir = TRUE;
  g_signal_connect (desk->engine, "urge", G_CALLBACK (urge_heard_cb), &heard);
  yc_test_desk_sync (desk);
  yc_test_desk_sync (super);
  urged = apply_ok (super, uuid, YC_OP_SUPERVISION_URGE, "{\"message\": \"请今日办结\"}");
  urge_id = g_strdup (((YcCaseUrge *) g_ptr_array_index (urged->urges, 0))->id);
  g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (urged->urges, 0))->to, ==, "rev-scjg");
  yc_test_desk_sync (super);
  g_assert_cmpuint (yc_sync_engine_get_problems (super->engine), ==, 0);
  yc_test_desk_sync (desk);
  {
    g_autoptr(YcCase) seen = yc_test_desk_case (desk, uuid);

    g_assert_cmpuint (seen->urges->len, ==, 1);   /* the case with the urge has arrived */
  }
  g_assert_null (heard.case_uuid);                /* not announced to rev-scjg2 … */
  urges = open_urges (desk);
  g_assert_cmpuint (urges->len, ==, 0);           /* … nor listed for them */
  g_clear_pointer (&urges, g_ptr_array_unref);
  center = yc_urge_center_new (desk->store, desk->sessions, f->calendar, NULL);
  yc_urge_center_reload (center);
  wait_center (center);
  g_assert_cmpuint (g_list_model_get_n_items (yc_urge_center_get_model (center)), ==, 0);
  g_assert_false (yc_urge_center_is_notified (center, urge_id));
  finalize_center (center);
  g_assert_false (yc_store_acknowledge_urge_as (desk->store, urge_id, "rev-scjg2", &error));
  g_assert_error (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_ADDRESSEE);
  g_clear_error (&error);
  yc_test_desk_free (desk);

  /* rev-scjg signs in again: the urge is theirs, shown and sent to the desktop. */
  desk = yc_test_desk_new_in (dir, url, f->calendar, "rev-scjg", "rev-scjg-pw", NULL, NULL);
  desk->keep_dir = TRUE;
  yc_test_desk_sync (desk);
  urges = open_urges (desk);
  g_assert_cmpuint (urges->len, ==, 1);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->id, ==, urge_id);
  g_assert_cmpstr (((YcUrge *) g_ptr_array_index (urges, 0))->message, ==, "请今日办结");
  center = yc_urge_center_new (desk->store, desk->sessions, f->calendar, NULL);
  yc_urge_center_reload (center);
  wait_center (center);
  g_assert_cmpuint (g_list_model_get_n_items (yc_urge_center_get_model (center)), ==, 1);
  g_assert_true (yc_urge_center_is_notified (center, urge_id));
  g_assert_true (acknowledge (center, urge_id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (yc_urge_center_get_model (center)), ==, 0);
  finalize_center (center);
  yc_test_desk_sync (desk);
  g_assert_cmpint (yc_store_outbox_count (desk->store, NULL), ==, 0);
  g_assert_cmpuint (yc_sync_engine_get_problems (desk->engine), ==, 0);
  desk->keep_dir = FALSE;
  yc_test_desk_free (desk);

  /* The back office has it acknowledged by its addressee. */
  {
    g_autofree char *path = g_strdup_printf ("/api/v1/cases/%s", uuid);
    JsonObject *c, *urge;

    response = yc_test_server_get (f->server, path, yc_test_server_token (f->server, "super"));
    g_assert_cmpuint (response->status, ==, 200);
    c = json_object_get_object_member (yc_test_response_object (response), "case");
    urge = json_array_get_object_element (json_object_get_array_member (c, "urges"), 0);
    g_assert_true (json_object_get_boolean_member (urge, "acknowledged"));
    g_assert_cmpstr (json_object_get_string_member (urge, "acknowledged_by"), ==, "rev-scjg");
    g_assert_cmpstr (json_object_get_string_member (urge, "to"), ==, "rev-scjg");
  }

  yc_test_desk_free (super);
  yc_test_desk_free (clerk);
  g_free (heard.case_uuid);
  g_free (heard.message);
}

/* One threshold for the hall: the back office's, served to the app at sign-in. */
static void
test_yellow_threshold (Fixture       *f,
                       gconstpointer  data)
{
  const char * const serve_args[] = { "--yellow-threshold", "30", NULL };
  g_autoptr(YcTestResponse) response = NULL;
  g_autofree char *path = NULL;
  g_autofree char *stderr_text = NULL;
  g_autoptr(YcCase) accepted = NULL;
  YcTestDesk *clerk, *rev;
  JsonObject *answer, *part;
  YcDeadlineState light;
  GDate today;
  int remaining, exit_status = 0;

  /* The fixture's server runs with the default; this one with the hall's own threshold. */
  yc_test_server_free (f->server);
  f->server = yc_test_server_new ();
  if (!yc_test_server_start_full (f->server, serve_args, NULL, &exit_status, &stderr_text))
    g_error ("serve --yellow-threshold 30 failed (%d): %s", exit_status, stderr_text);

  clerk = yc_test_desk_new (f->server, f->calendar, "clerk-a", YC_TEST_HALL_A, "W01");
  rev = yc_test_desk_new (f->server, f->calendar, "rev-scjg", NULL, NULL);
  /* Told at sign-in and kept on the computer. */
  g_assert_cmpint (yc_session_manager_get_yellow_threshold (clerk->sessions), ==, 30);
  g_assert_cmpint (yc_session_manager_get_yellow_threshold (rev->sessions), ==, 30);

  /* 10 committed working days: yellow from the start with 30, green for days with 2. */
  accepted = yc_test_desk_accept (clerk, f->catalog, "SCJG-XK-006", NULL, NULL);
  yc_test_desk_sync (clerk);
  path = g_strdup_printf ("/api/v1/cases/%s", accepted->uuid);
  response = yc_test_server_get (f->server, path, yc_test_server_token (f->server, "super"));
  g_assert_cmpuint (response->status, ==, 200);
  answer = yc_test_response_object (response);
  part = json_array_get_object_element (json_object_get_array_member (answer, "parts"), 0);

  /* A fresh case has less than 30 working days left: yellow at the back office (green with
   * the default of 2), exactly what the core says with the served threshold. */
  g_date_clear (&today, 1);
  g_date_set_time_t (&today, time (NULL));
  light = yc_case_deadline_state (accepted, f->calendar, &today,
                                  (guint) yc_session_manager_get_yellow_threshold (rev->sessions),
                                  &remaining);
  g_assert_cmpint (remaining, <, 30);
  g_assert_cmpint (remaining, >, YC_CASE_YELLOW_THRESHOLD_DEFAULT);
  g_assert_cmpint (light, ==, YC_DEADLINE_YELLOW);
  g_assert_cmpstr (json_object_get_string_member (part, "deadline_status"), ==, "yellow");
  g_assert_cmpint (json_object_get_int_member (part, "remaining_days"), ==, remaining);

  yc_test_desk_free (rev);
  yc_test_desk_free (clerk);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "C.UTF-8");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/supervision-flow/urge-reviewer", Fixture, NULL, fixture_set_up, test_urge_reviewer,
              fixture_tear_down);
  g_test_add ("/supervision-flow/urge-addressee", Fixture, NULL, fixture_set_up, test_urge_addressee,
              fixture_tear_down);
  g_test_add ("/supervision-flow/shared-computer", Fixture, NULL, fixture_set_up, test_shared_computer,
              fixture_tear_down);
  g_test_add ("/supervision-flow/yellow-threshold", Fixture, NULL, fixture_set_up, test_yellow_threshold,
              fixture_tear_down);
  g_test_add ("/supervision-flow/urge-clerk", Fixture, NULL, fixture_set_up, test_urge_clerk,
              fixture_tear_down);
  return g_test_run ();
}
