/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <adwaita.h>
#include <cairo-pdf.h>
#include <locale.h>

#include "yc-pledge-tasks.h"
#include "yc-return-dialog.h"
#include "yc-review-case-page.h"
#include "yc-test-store.h"

/*
 * Review mode in-process (docs/review.md): the store's standard case (SPORT, department
 * "sport", accepted with tolerance: application scanned as a real one-page PDF, lease
 * scanned as bytes poppler cannot read, floor_plan tolerated, safety_cert pledged) in a
 * real store.  The review case page offers exactly what the case machine allows the
 * reviewer of "sport" and nothing to a reviewer of another department; a claim is stored
 * with its op in the outbox and shown as waiting; the return dialog applies the one-time
 * notice rule (a later return citing a material no notice named needs the new-demand box,
 * and the store refuses it without); rejection needs a reason; the viewer shows the stored
 * PDF and says why the unreadable one is not shown; the pledge list verifies a pledge
 * broken.  Everything is checked against the store.
 */

typedef struct {
  char             *dir;
  YcStore          *store;
  char             *pdf_sha;
  char             *junk_sha;
  YcCase           *accepted;
  YcReviewCasePage *page;
  GtkWidget        *window;
  YcCase           *changed;
} Fixture;

static const char * const sport[] = { "sport", NULL };
static const char * const health[] = { "health", NULL };

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A real one-page PDF, as the counter's scans are stored. */
static GBytes *
make_pdf (void)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_cb, array, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.2, 0.2, 0.2);
  cairo_rectangle (cr, 50, 50, 300, 200);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

static void
changed_cb (YcReviewCasePage *page,
            YcCase           *case_doc,
            Fixture          *f)
{
  g_clear_pointer (&f->changed, yc_case_unref);
  f->changed = yc_case_ref (case_doc);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GBytes) pdf = make_pdf ();
  g_autoptr(GBytes) junk = g_bytes_new_static ("%PDF-1.7 not really", 19);
  g_autoptr(YcCase) built = NULL;
  g_autoptr(GError) error = NULL;

  f->dir = yc_test_make_tmpdir ();
  f->store = yc_store_open (f->dir, &error);
  g_assert_no_error (error);
  g_assert_true (yc_store_enroll_device (f->store, "HD01", "W03", &error));
  f->pdf_sha = yc_store_put_blob (f->store, pdf, "application/pdf", &error);
  g_assert_no_error (error);
  f->junk_sha = yc_store_put_blob (f->store, junk, "application/pdf", &error);
  g_assert_no_error (error);
  built = yc_test_case_new (f->pdf_sha, f->junk_sha, NULL);
  g_assert_true (yc_store_accept_case (f->store, built, &error));
  f->accepted = yc_store_get_case (f->store, built->uuid, &error);
  g_assert_no_error (error);

  f->page = g_object_ref_sink (YC_REVIEW_CASE_PAGE (yc_review_case_page_new (f->store, yc_test_store_calendar (),
                                                                            yc_test_store_catalog ())));
  f->window = gtk_window_new ();
  gtk_window_set_child (GTK_WINDOW (f->window), GTK_WIDGET (f->page));
  yc_review_case_page_set_reviewer (f->page, "rs", sport);
  yc_review_case_page_set_case (f->page, f->accepted);
  g_signal_connect (f->page, "changed", G_CALLBACK (changed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->page);
  g_clear_pointer (&f->changed, yc_case_unref);
  g_clear_pointer (&f->accepted, yc_case_unref);
  yc_test_finalize_soon (g_steal_pointer (&f->store));
  yc_test_rm_rf (f->dir);
  g_free (f->dir);
  g_free (f->pdf_sha);
  g_free (f->junk_sha);
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

static void
spin_until_cb (gboolean (*done) (Fixture *f),
               Fixture  *f)
{
  gboolean timed_out = FALSE;
  guint id = g_timeout_add_seconds (10, timeout_cb, &timed_out);

  while (!done (f) && !timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (timed_out);
  g_source_remove (id);
}

static gboolean
has_changed (Fixture *f)
{
  return f->changed != NULL;
}

static gboolean
has_error (Fixture *f)
{
  return yc_review_case_page_get_error (f->page) != NULL;
}

/* Applies @kind with @payload (JSON) through the page and waits for the stored case. */
static YcCase *
apply (Fixture    *f,
       YcOpKind    kind,
       const char *payload)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  g_clear_pointer (&f->changed, yc_case_unref);
  yc_review_case_page_apply (f->page, kind, json_node_get_object (json_parser_get_root (parser)));
  spin_until_cb (has_changed, f);
  return f->changed;
}

static gboolean
enabled (Fixture    *f,
         const char *action)
{
  GtkWidget *button = gtk_button_new ();
  gboolean sensitive;

  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_widget_set_parent (button, GTK_WIDGET (f->page));
  sensitive = gtk_widget_is_sensitive (button);
  gtk_widget_unparent (button);
  return sensitive;
}

static YcCase *
stored (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  YcCase *c = yc_store_get_case (f->store, f->accepted->uuid, &error);

  g_assert_no_error (error);
  return c;
}

static void
test_actions (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) after = NULL;
  gint64 queued = yc_store_outbox_count (f->store, &error);

  g_assert_cmpstr (yc_review_case_page_get_department (f->page), ==, "sport");
  g_assert_true (enabled (f, "review.claim"));
  g_assert_false (enabled (f, "review.approve"));
  g_assert_false (enabled (f, "review.return"));
  g_assert_false (enabled (f, "review.reject"));
  g_assert_false (enabled (f, "review.release"));

  /* Not a case of this reviewer's department: nothing is offered. */
  yc_review_case_page_set_reviewer (f->page, "rh", health);
  g_assert_null (yc_review_case_page_get_department (f->page));
  g_assert_false (enabled (f, "review.claim"));
  yc_review_case_page_set_reviewer (f->page, "rs", sport);

  apply (f, YC_OP_REVIEW_CLAIM, "{}");
  g_assert_cmpstr (yc_case_lookup_part (f->changed, "sport")->claimed_by, ==, "rs");
  g_assert_true (yc_review_case_page_is_pending (f->page));
  g_assert_cmpint (yc_store_outbox_count (f->store, &error), ==, queued + 1);
  after = stored (f);
  g_assert_cmpint (after->state, ==, YC_CASE_STATE_IN_REVIEW);
  g_assert_false (enabled (f, "review.claim"));
  g_assert_true (enabled (f, "review.approve"));
  g_assert_true (enabled (f, "review.return"));
  g_assert_true (enabled (f, "review.reject"));
  g_assert_true (enabled (f, "review.release"));

  apply (f, YC_OP_REVIEW_RELEASE, "{}");
  g_assert_null (yc_case_lookup_part (f->changed, "sport")->claimed_by);
  apply (f, YC_OP_REVIEW_CLAIM, "{}");
  apply (f, YC_OP_REVIEW_APPROVE, "{\"comment\": \"同意\"}");
  g_clear_pointer (&after, yc_case_unref);
  after = stored (f);
  /* Approved, the tolerated floor plan not in yet. */
  g_assert_cmpint (after->state, ==, YC_CASE_STATE_AWAITING_SUPPLEMENT);
  g_assert_cmpstr (yc_case_lookup_part (after, "sport")->decided_by, ==, "rs");
  g_assert_false (enabled (f, "review.approve"));
  g_assert_false (enabled (f, "review.claim"));
}

static void
test_reject (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(YcCase) after = NULL;

  apply (f, YC_OP_REVIEW_CLAIM, "{}");
  apply (f, YC_OP_REVIEW_REJECT, "{\"reason\": \"场所不符合安全要求\"}");
  after = stored (f);
  g_assert_cmpint (after->state, ==, YC_CASE_STATE_REJECTED);
  g_assert_cmpstr (yc_case_lookup_part (after, "sport")->reason, ==, "场所不符合安全要求");
  g_assert_false (enabled (f, "review.reject"));
  g_assert_false (enabled (f, "review.claim"));
}

/* The clerk brings the lease again (what the first notice asked for). */
static void
supplement_lease (Fixture *f)
{
  g_autoptr(YcCase) c = stored (f);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *payload = g_strdup_printf ("{\"materials\": [{\"code\": \"lease\", \"name\": \"租赁合同\", "
                                              "\"state\": \"provided\", \"copies\": 1, \"pages\": 1, "
                                              "\"blob_sha256\": \"%s\"}]}", f->pdf_sha);
  g_autofree char *op_id = g_uuid_string_random ();
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(YcCase) after = NULL;
  YcActor clerk = { "c1", YC_ROLE_CLERK, "HD01", NULL };

  g_assert_true (json_parser_load_from_data (parser, payload, -1, &error));
  op = yc_operation_new (op_id, c->uuid, c->version, YC_OP_CASE_SUPPLEMENT,
                         json_node_get_object (json_parser_get_root (parser)), NULL);
  after = yc_store_apply_operation (f->store, op, &clerk, yc_test_store_calendar (), &error);
  g_assert_no_error (error);
  yc_review_case_page_set_case (f->page, after);
}

static void
test_return (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(YcReturnDialog) dialog = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autoptr(YcCase) after = NULL;
  g_auto(GStrv) citable = NULL;
  JsonArray *materials;
  YcCaseNotice *notice;

  apply (f, YC_OP_REVIEW_CLAIM, "{}");

  /* The first notice may cite anything. */
  g_assert_null (yc_return_dialog_dup_citable (f->changed, "sport"));
  dialog = g_object_ref_sink (YC_RETURN_DIALOG (yc_return_dialog_new (NULL, f->changed, "sport")));
  g_assert_null (yc_return_dialog_dup_payload (dialog));
  yc_return_dialog_set_cited (dialog, "lease", TRUE);
  g_assert_null (yc_return_dialog_dup_payload (dialog));   /* no message yet */
  yc_return_dialog_set_message (dialog, "租赁合同缺出租方签章");
  g_assert_false (yc_return_dialog_needs_new_demand (dialog));
  payload = yc_return_dialog_dup_payload (dialog);
  g_assert_nonnull (payload);
  g_assert_cmpstr (json_object_get_string_member (payload, "department"), ==, "sport");
  g_assert_false (json_object_has_member (payload, "new_demand"));
  materials = json_object_get_array_member (payload, "materials");
  g_assert_cmpuint (json_array_get_length (materials), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (materials, 0), ==, "lease");
  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&dialog);

  g_clear_pointer (&f->changed, yc_case_unref);
  yc_review_case_page_apply (f->page, YC_OP_REVIEW_RETURN, payload);
  spin_until_cb (has_changed, f);
  g_clear_pointer (&payload, json_object_unref);
  after = stored (f);
  g_assert_cmpint (after->state, ==, YC_CASE_STATE_RETURNED);

  /* The lease comes; the reviewer takes the part again. */
  supplement_lease (f);
  apply (f, YC_OP_REVIEW_CLAIM, "{}");
  citable = yc_return_dialog_dup_citable (f->changed, "sport");
  g_assert_nonnull (citable);
  g_assert_cmpuint (g_strv_length (citable), ==, 0);   /* the lease was brought */

  dialog = g_object_ref_sink (YC_RETURN_DIALOG (yc_return_dialog_new (NULL, f->changed, "sport")));
  yc_return_dialog_set_cited (dialog, "staff_list", TRUE);
  yc_return_dialog_set_message (dialog, "从业人员名单缺少资格证号");
  g_assert_true (yc_return_dialog_needs_new_demand (dialog));
  g_assert_null (yc_return_dialog_dup_payload (dialog));   /* the box is not ticked */

  /* Sent anyway, the store (the case machine) refuses it and nothing is kept. */
  {
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autoptr(YcCase) unchanged = NULL;

    g_assert_true (json_parser_load_from_data (parser, "{\"materials\": [\"staff_list\"], \"message\": \"x\"}",
                                               -1, NULL));
    yc_review_case_page_apply (f->page, YC_OP_REVIEW_RETURN, json_node_get_object (json_parser_get_root (parser)));
    spin_until_cb (has_error, f);
    unchanged = stored (f);
    g_assert_cmpint (unchanged->version, ==, f->changed->version);
    g_assert_cmpint (yc_case_lookup_part (unchanged, "sport")->state, ==, YC_CASE_STATE_IN_REVIEW);
  }

  yc_return_dialog_set_new_demand (dialog, TRUE);
  payload = yc_return_dialog_dup_payload (dialog);
  g_assert_nonnull (payload);
  g_assert_true (json_object_get_boolean_member (payload, "new_demand"));
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_clear_pointer (&f->changed, yc_case_unref);
  yc_review_case_page_apply (f->page, YC_OP_REVIEW_RETURN, payload);
  spin_until_cb (has_changed, f);
  g_assert_null (yc_review_case_page_get_error (f->page));
  g_clear_pointer (&after, yc_case_unref);
  after = stored (f);
  notice = g_ptr_array_index (yc_case_lookup_part (after, "sport")->notices, 1);
  g_assert_true (notice->new_demand);
  g_assert_cmpstr (notice->new_materials[0], ==, "staff_list");
}

static gboolean
viewer_settled (Fixture *f)
{
  const char *status = yc_review_case_page_get_viewer_status (f->page);

  return !g_str_equal (status, "Opening the file…") && !g_str_equal (status, "正在打开文件…");
}

static void
test_viewer (Fixture       *f,
             gconstpointer  data)
{
  yc_review_case_page_show_material (f->page, "application");
  spin_until_cb (viewer_settled, f);
  g_assert_cmpstr (yc_review_case_page_get_viewer_status (f->page), ==, "");
  g_assert_cmpuint (yc_page_viewer_get_n_pages (yc_review_case_page_get_viewer (f->page)), ==, 1);

  yc_review_case_page_show_material (f->page, "lease");
  spin_until_cb (viewer_settled, f);
  g_assert_nonnull (strstr (yc_review_case_page_get_viewer_status (f->page), "cannot be shown"));
}

typedef struct {
  YcPledgeTasks *tasks;
  guint          expected;
} PledgeWait;

static gboolean
pledges_loaded (Fixture *f)
{
  PledgeWait *wait = g_object_get_data (G_OBJECT (f->page), "wait");

  return yc_pledge_tasks_get_n_due (wait->tasks) == wait->expected
         && yc_pledge_tasks_get_n_pledges (wait->tasks) == 1;
}

static void
test_pledges (Fixture       *f,
              gconstpointer  data)
{
  YcPledgeTasks *tasks = g_object_ref_sink (YC_PLEDGE_TASKS (yc_pledge_tasks_new (f->store, yc_test_store_calendar ())));
  YcPledgeTasks *other = g_object_ref_sink (YC_PLEDGE_TASKS (yc_pledge_tasks_new (f->store, yc_test_store_calendar ())));
  PledgeWait wait = { tasks, 1 };
  g_autoptr(YcCase) after = NULL;
  YcCasePledge *pledge;

  g_object_set_data (G_OBJECT (f->page), "wait", &wait);
  yc_pledge_tasks_set_reviewer (tasks, "rs", sport);
  spin_until_cb (pledges_loaded, f);

  /* Another department's reviewer has nothing to verify here. */
  yc_pledge_tasks_set_reviewer (other, "rh", health);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (200000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (yc_pledge_tasks_get_n_pledges (other), ==, 0);

  /* Broken needs a reason; with one the pledge is broken in the store. */
  yc_pledge_tasks_verify (tasks, f->accepted->uuid, "safety_cert", TRUE, NULL);
  yc_pledge_tasks_verify (tasks, f->accepted->uuid, "safety_cert", TRUE, "消防部门查实未整改");
  wait.expected = 0;
  spin_until_cb (pledges_loaded, f);
  after = stored (f);
  pledge = yc_case_lookup_pledge (after, "safety_cert");
  g_assert_cmpint (pledge->status, ==, YC_PLEDGE_BROKEN);
  g_assert_cmpstr (pledge->verified_by, ==, "rs");
  g_assert_cmpstr (pledge->note, ==, "消防部门查实未整改");

  g_object_set_data (G_OBJECT (f->page), "wait", NULL);
  g_object_unref (other);
  g_object_unref (tasks);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/review-case-page/actions", Fixture, NULL, fixture_set_up, test_actions, fixture_tear_down);
  g_test_add ("/review-case-page/reject", Fixture, NULL, fixture_set_up, test_reject, fixture_tear_down);
  g_test_add ("/review-case-page/return", Fixture, NULL, fixture_set_up, test_return, fixture_tear_down);
  g_test_add ("/review-case-page/viewer", Fixture, NULL, fixture_set_up, test_viewer, fixture_tear_down);
  g_test_add ("/review-case-page/pledges", Fixture, NULL, fixture_set_up, test_pledges, fixture_tear_down);

  return g_test_run ();
}
