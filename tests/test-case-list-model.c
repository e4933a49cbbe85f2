/* SPDX-License-Identifier: GPL-3.0-or-later */

#define _GNU_SOURCE

#include "config.h"

#include <locale.h>

#include "yc-case-list-model.h"
#include "yc-case-machine.h"
#include "yc-case-row-private.h"
#include "yc-database.h"
#include "yc-store-private.h"
#include "yc-store-schema.h"
#include "yc-test-store.h"

/*
 * The review queue's store side (docs/review.md, "Queue"; docs/store.md, "The review
 * queue"): case_parts kept by acceptance, operations and pulls; YcCaseListModel's filters
 * and orders on a real store, its traffic lights against core's yc_case_clock() on several
 * days, refresh after a pull, the upgrade of a version 6 store holding cases, and the
 * counter's own lists left to this window's cases.
 */

#define N_PULLED 60

typedef struct {
  YcStoreFixture   s;
  YcCase          *ours;      /* accepted here: HD01-W03 */
  GPtrArray       *uuids;     /* every case stored */
  YcCaseListModel *model;
  guint            changes;   /* items-changed emissions */
} Fixture;

static const char * const windows[] = { "W03", "W04", "W05" };
static const char * const states[] = { "accepted", "in_review", "returned", "supplemented",
                                       "approved", "rejected" };

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *f)
{
  f->changes++;
}

static void
wait_loaded (YcCaseListModel *model)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (yc_case_list_model_get_loading (model) && g_get_monotonic_time () < until)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (yc_case_list_model_get_loading (model));
  g_assert_null (yc_case_list_model_get_error (model));
}

/* Runs the main loop until idle sources (the store's "cases-changed") have run. */
static void
drain (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GDate
day (const char *text)
{
  GDate date;

  g_assert_true (yc_date_parse_iso (text, &date));
  return date;
}

/* Case @i of the generated set, from the document of the case accepted here. */
static JsonObject *
pulled_document (Fixture *f,
                 guint    i)
{
  g_autoptr(JsonNode) node = yc_case_to_json (f->ours);
  JsonObject *object = json_object_ref (json_node_get_object (node));
  g_autofree char *uuid = g_uuid_string_random ();
  const char *window = windows[i % G_N_ELEMENTS (windows)];
  const char *state = states[i % G_N_ELEMENTS (states)];
  GDate accepted = day ("2026-09-21");
  g_autofree char *accepted_on = NULL;
  g_autofree char *accepted_at = NULL;
  g_autofree char *number = NULL;
  g_autofree char *name = g_strdup_printf ("申请人%02u Zhang", i);
  JsonObject *part = json_array_get_object_element (json_object_get_array_member (object, "parts"), 0);
  JsonArray *pauses = json_array_new ();
  static const int limits[] = { 1, 3, 5, 10, 20, 40 };

  /* Spread over seven weeks, across the National Day holiday; every pause is over before
   * the store writes the rows (a pause never ends in the future). */
  g_date_add_days (&accepted, (i * 7) % 50);
  accepted_on = yc_date_format_iso (&accepted);
  accepted_at = g_strdup_printf ("%sT09:%02u:00+08:00", accepted_on, i % 60);
  number = g_strdup_printf ("HD01-%s-%04u%02u%02u-%04u", window, g_date_get_year (&accepted),
                            g_date_get_month (&accepted), g_date_get_day (&accepted), 100 + i);

  json_object_set_string_member (object, "uuid", uuid);
  json_object_set_string_member (object, "number", number);
  json_object_set_string_member (object, "window", window);
  json_object_set_string_member (object, "accepted_on", accepted_on);
  json_object_set_string_member (object, "accepted_at", accepted_at);
  json_object_set_int_member (object, "committed_days", limits[i % G_N_ELEMENTS (limits)]);
  json_object_set_int_member (object, "version", 1);
  json_object_set_string_member (json_object_get_object_member (object, "applicant"), "name", name);
  json_object_set_string_member (part, "state", state);
  if (i % 4 == 1)
    json_object_set_string_member (part, "claimed_by", "r1");
  else
    json_object_set_null_member (part, "claimed_by");
  if (g_str_equal (state, "returned") || g_str_equal (state, "supplemented"))
    {
      /* Returned five days after acceptance; supplemented three days later. */
      JsonObject *pause = json_object_new ();
      GDate first = accepted, last;
      g_autofree char *first_text = NULL;
      g_autofree char *last_text = NULL;

      g_date_add_days (&first, 5);
      last = first;
      g_date_add_days (&last, 3);
      first_text = yc_date_format_iso (&first);
      last_text = yc_date_format_iso (&last);
      json_object_set_string_member (pause, "first", first_text);
      if (g_str_equal (state, "supplemented"))
        json_object_set_string_member (pause, "last", last_text);
      else
        json_object_set_null_member (pause, "last");
      json_array_add_object_element (pauses, pause);
    }
  if (g_str_equal (state, "approved") || g_str_equal (state, "rejected"))
    {
      GDate decided = accepted;
      g_autofree char *decided_text = NULL;

      g_date_add_days (&decided, 4 + i % 9);
      decided_text = yc_date_format_iso (&decided);
      json_object_set_string_member (part, "decided_by", "r1");
      json_object_set_string_member (part, "decided_on", decided_text);
      json_object_set_null_member (part, "claimed_by");
    }
  json_object_set_array_member (object, "pauses", pauses);
  return object;
}

static void
pull (Fixture    *f,
      JsonObject *document)
{
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_feed_change_free);
  g_autoptr(YcFeedApplied) applied = NULL;
  g_autoptr(GError) error = NULL;
  static gint64 seq = 1;

  g_ptr_array_add (changes, yc_feed_change_new (seq, "case", json_object_get_string_member (document, "uuid"),
                                                json_object_get_int_member (document, "version"),
                                                document));
  applied = yc_store_apply_feed_page (f->s.store, changes, NULL, "r1", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (applied->changed_cases->len, ==, 1);
  seq++;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(YcCase) built = NULL;
  g_autoptr(GDateTime) at = yc_test_day_at (2026, 11, 20, 9);
  g_autoptr(GError) error = NULL;

  yc_store_fixture_set_up (&f->s, data);
  yc_store_set_calendar (f->s.store, yc_test_store_calendar ());
  built = yc_test_case_new (f->s.blob_a, f->s.blob_b, at);
  g_assert_true (yc_store_accept_case (f->s.store, built, &error));
  g_assert_no_error (error);
  f->ours = yc_store_get_case (f->s.store, built->uuid, &error);
  g_assert_no_error (error);
  f->uuids = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (f->uuids, g_strdup (f->ours->uuid));

  for (guint i = 0; i < N_PULLED; i++)
    {
      g_autoptr(JsonObject) document = pulled_document (f, i);

      g_ptr_array_add (f->uuids, g_strdup (json_object_get_string_member (document, "uuid")));
      pull (f, document);
    }

  f->model = yc_case_list_model_new (f->s.store, yc_test_store_calendar ());
  g_signal_connect (f->model, "items-changed", G_CALLBACK (items_changed_cb), f);
}

/* Nothing but the test holds the model: a computation still running on the worker holds
 * the worker, not the model. */
static void
finalize_model (YcCaseListModel *model)
{
  gpointer weak = model;
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  g_object_add_weak_pointer (G_OBJECT (model), &weak);
  g_object_unref (model);
  while (weak != NULL && g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
  g_assert_null (weak);
}

/* A computation that a newer one replaced may still be finishing on the worker, which
 * holds the store until then. */
static void
wait_sole_reference (gpointer object)
{
  gint64 until = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (g_atomic_int_get (&G_OBJECT (object)->ref_count) > 1 && g_get_monotonic_time () < until)
    {
      if (!g_main_context_iteration (NULL, FALSE))
        g_usleep (1000);
    }
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  drain ();
  finalize_model (g_steal_pointer (&f->model));
  wait_sole_reference (f->s.store);
  g_clear_pointer (&f->ours, yc_case_unref);
  g_clear_pointer (&f->uuids, g_ptr_array_unref);
  yc_store_fixture_tear_down (&f->s, data);
}

static void
set_query (Fixture    *f,
           const char *status,
           const char *state,
           const char *text,
           YcCaseSort  sort)
{
  g_autoptr(YcCaseQuery) query = yc_case_query_new ();

  query->deadline_status = g_strdup (status);
  query->state = g_strdup (state);
  query->text = g_strdup (text);
  query->sort = sort;
  yc_case_list_model_set_query (f->model, query);
  wait_loaded (f->model);
}

/* "uuid/department" of every row, in order. */
static GPtrArray *
model_keys (YcCaseListModel *model)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_ptr_array_add (keys, g_strdup_printf ("%s/%s", yc_case_row_get_uuid (row),
                                              yc_case_row_get_department (row)));
    }
  return keys;
}

/* What core says about every part on @today: "uuid/department" → status word. */
static GHashTable *
core_statuses (Fixture     *f,
               const GDate *today)
{
  GHashTable *statuses = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint i = 0; i < f->uuids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(YcCase) c = yc_store_get_case (f->s.store, g_ptr_array_index (f->uuids, i), &error);

      g_assert_no_error (error);
      for (guint p = 0; p < c->parts->len; p++)
        {
          YcCasePart *part = g_ptr_array_index (c->parts, p);
          YcClock clock;

          yc_case_clock (c, part, yc_test_store_calendar (), today,
                         YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
          g_hash_table_insert (statuses, g_strdup_printf ("%s/%s", c->uuid, part->department),
                               (gpointer) (clock.has_clock ? yc_deadline_state_to_string (clock.state)
                                                           : "none"));
        }
    }
  return statuses;
}

static int
rank_of (YcCaseRow *row)
{
  static const char * const ranks[] = { "red", "yellow", "green", "none" };

  for (guint i = 0; i < G_N_ELEMENTS (ranks); i++)
    if (g_str_equal (yc_case_row_get_deadline_status (row), ranks[i]))
      return (int) i;
  g_assert_not_reached ();
}

/* The traffic lights, filters and the deadline order against core, on days before,
 * inside and after the deadlines of the generated cases. */
static void
test_status_against_core (Fixture       *f,
                          gconstpointer  data)
{
  static const char * const days[] = { "2026-11-23", "2026-11-27", "2026-12-07", "2027-01-04" };
  static const char * const words[] = { "red", "yellow", "green", "none" };

  for (guint d = 0; d < G_N_ELEMENTS (days); d++)
    {
      GDate today = day (days[d]);
      g_autoptr(GHashTable) expected = core_statuses (f, &today);
      guint total = 0;
      int last_rank = -1, last_remaining = G_MININT;

      yc_case_list_model_set_today (f->model, &today);
      set_query (f, NULL, NULL, NULL, YC_CASE_SORT_DEADLINE);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==,
                        g_hash_table_size (expected));

      /* Every row's light and remaining days are core's; red first, least time left first. */
      for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->model)); i++)
        {
          g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (f->model), i);
          g_autofree char *key = g_strdup_printf ("%s/%s", yc_case_row_get_uuid (row),
                                                  yc_case_row_get_department (row));
          g_autoptr(YcCase) c = yc_store_get_case (f->s.store, yc_case_row_get_uuid (row), NULL);
          YcClock clock;
          int rank = rank_of (row);

          g_assert_cmpstr (yc_case_row_get_deadline_status (row), ==, g_hash_table_lookup (expected, key));
          yc_case_clock (c, yc_case_lookup_part (c, yc_case_row_get_department (row)),
                         yc_test_store_calendar (), &today, YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
          if (clock.has_clock && yc_case_row_get_remaining_days (row) != clock.remaining)
            g_printerr ("MISMATCH %s %s paused=%d stopped=%d state=%s deadline=%s row=%d core=%d today=%s\n",
                        yc_case_row_get_number (row), yc_case_row_get_part_state (row), clock.paused, clock.stopped,
                        yc_case_row_get_deadline_status (row), yc_case_row_get_deadline (row),
                        yc_case_row_get_remaining_days (row), clock.remaining, days[d]);
          if (clock.has_clock)
            g_assert_cmpint (yc_case_row_get_remaining_days (row), ==, clock.remaining);
          g_assert_cmpint (rank, >=, last_rank);
          if (rank == last_rank && rank < 3)
            g_assert_cmpint (yc_case_row_get_remaining_days (row), >=, last_remaining);
          last_rank = rank;
          last_remaining = yc_case_row_get_remaining_days (row);
        }

      /* Each status filter selects exactly the parts core gives that status. */
      for (guint w = 0; w < G_N_ELEMENTS (words); w++)
        {
          g_autoptr(GPtrArray) keys = NULL;
          guint want = 0;
          GHashTableIter iter;
          gpointer value;

          set_query (f, words[w], NULL, NULL, YC_CASE_SORT_NUMBER);
          keys = model_keys (f->model);
          g_hash_table_iter_init (&iter, expected);
          while (g_hash_table_iter_next (&iter, NULL, &value))
            want += g_str_equal (value, words[w]);
          g_assert_cmpuint (keys->len, ==, want);
          for (guint i = 0; i < keys->len; i++)
            g_assert_cmpstr (g_hash_table_lookup (expected, g_ptr_array_index (keys, i)), ==, words[w]);
          total += keys->len;
        }
      g_assert_cmpuint (total, ==, g_hash_table_size (expected));
      /* Every colour occurs on the first day, so the comparison above means something. */
      if (d == 0)
        for (guint w = 0; w < 3; w++)
          {
            GHashTableIter iter;
            gpointer value;
            gboolean seen = FALSE;

            g_hash_table_iter_init (&iter, expected);
            while (g_hash_table_iter_next (&iter, NULL, &value))
              seen |= g_str_equal (value, words[w]);
            g_assert_true (seen);
          }
    }
}

/* Filters and SQL orders. */
static void
test_filters_and_sorts (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(YcCaseQuery) query = yc_case_query_new ();
  guint n;

  set_query (f, NULL, NULL, NULL, YC_CASE_SORT_NUMBER);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n, ==, N_PULLED + 1);
  for (guint i = 1; i < n; i++)
    {
      g_autoptr(YcCaseRow) a = g_list_model_get_item (G_LIST_MODEL (f->model), i - 1);
      g_autoptr(YcCaseRow) b = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      g_assert_cmpint (g_strcmp0 (yc_case_row_get_number (a), yc_case_row_get_number (b)), <, 0);
    }

  for (guint desc = 0; desc < 2; desc++)
    {
      set_query (f, NULL, NULL, NULL, desc ? YC_CASE_SORT_ACCEPTED_DESC : YC_CASE_SORT_ACCEPTED);
      for (guint i = 1; i < n; i++)
        {
          g_autoptr(YcCaseRow) a = g_list_model_get_item (G_LIST_MODEL (f->model), i - 1);
          g_autoptr(YcCaseRow) b = g_list_model_get_item (G_LIST_MODEL (f->model), i);
          int order = g_strcmp0 (yc_case_row_get_accepted_on (a), yc_case_row_get_accepted_on (b));

          if (desc)
            g_assert_cmpint (order, >=, 0);
          else
            g_assert_cmpint (order, <=, 0);
        }
    }

  /* Open parts: never approved or rejected; 4 of every 6 generated cases, and ours. */
  set_query (f, NULL, "open", NULL, YC_CASE_SORT_AGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED / 6 * 4 + 1);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (f->model)); i++)
    {
      g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (f->model), i);

      g_assert_cmpstr (yc_case_row_get_part_state (row), !=, "approved");
      g_assert_cmpstr (yc_case_row_get_part_state (row), !=, "rejected");
    }
  set_query (f, NULL, "returned", NULL, YC_CASE_SORT_DEADLINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED / 6);
  {
    g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (f->model), 0);

    g_assert_true (yc_case_row_get_paused (row));
    g_assert_cmpstr (yc_case_row_get_part_state_label (row), ==,
                     yc_case_state_label (YC_CASE_STATE_RETURNED));
  }

  /* Text: every word, case-insensitively, in the number, applicant, item. */
  set_query (f, NULL, NULL, "hd01-w04", YC_CASE_SORT_NUMBER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED / 3);
  set_query (f, NULL, NULL, "申请人07 ZHANG", YC_CASE_SORT_NUMBER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 1);
  {
    g_autoptr(YcCaseRow) row = g_list_model_get_item (G_LIST_MODEL (f->model), 0);

    g_assert_cmpstr (yc_case_row_get_applicant_name (row), ==, "申请人07 Zhang");
    g_assert_cmpstr (yc_case_row_get_window (row), ==, "W04");
    g_assert_cmpstr (yc_case_row_get_claimed_by (row), ==, NULL);
  }
  set_query (f, NULL, NULL, "nobody-has-this", YC_CASE_SORT_NUMBER);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);

  /* Window, item and department. */
  query->window = g_strdup ("W05");
  yc_case_list_model_set_query (f->model, query);
  wait_loaded (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED / 3);
  g_clear_pointer (&query->window, g_free);
  query->subject_code = g_strdup (f->ours->subject_code);
  query->department = g_strdup_printf ("nothing,%s", ((YcCasePart *) g_ptr_array_index (f->ours->parts, 0))->department);
  yc_case_list_model_set_query (f->model, query);
  wait_loaded (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED + 1);
  g_free (query->subject_code);
  query->subject_code = g_strdup ("NO_SUCH_ITEM");
  yc_case_list_model_set_query (f->model, query);
  wait_loaded (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);

  /* The scope: a reviewer of another department sees nothing. */
  {
    const char * const other[] = { "nothing", NULL };

    g_clear_pointer (&query->subject_code, g_free);
    yc_case_list_model_set_query (f->model, query);
    yc_case_list_model_set_departments (f->model, other);
    wait_loaded (f->model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, 0);
    yc_case_list_model_set_departments (f->model, NULL);
    wait_loaded (f->model);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED + 1);
  }

  /* An unknown state is an error the model reports, keeping its rows. */
  query->state = g_strdup ("done");
  yc_case_list_model_set_query (f->model, query);
  while (yc_case_list_model_get_loading (f->model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (yc_case_list_model_get_error (f->model), YC_STORE_ERROR, YC_STORE_ERROR_INVALID);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED + 1);
}

/* Case @uuid as the back office sends it once r9 has claimed its part: version 2. */
static JsonObject *
claimed_document (Fixture    *f,
                  const char *uuid)
{
  g_autoptr(YcCase) c = yc_store_get_case (f->s.store, uuid, NULL);
  g_autoptr(JsonNode) node = yc_case_to_json (c);
  JsonObject *document = json_object_ref (json_node_get_object (node));

  json_object_set_int_member (document, "version", 2);
  json_object_set_string_member (json_array_get_object_element (json_object_get_array_member (document, "parts"), 0),
                                 "claimed_by", "r9");
  return document;
}

/* A pulled change refreshes the model through the store's signal; rows that did not change
 * stay the same objects, and a new case is one insertion. */
static void
test_refresh_after_pull (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(YcCaseRow) first = NULL;
  g_autoptr(YcCaseRow) changed = NULL;
  g_autoptr(YcCaseRow) again = NULL;
  guint position, n;
  g_autofree char *target = NULL;

  set_query (f, NULL, NULL, NULL, YC_CASE_SORT_NUMBER);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  before = model_keys (f->model);
  first = g_list_model_get_item (G_LIST_MODEL (f->model), 0);

  /* Case 3 (in review) is claimed on the back office: version 2. */
  target = g_strdup (g_ptr_array_index (f->uuids, 4));
  document = claimed_document (f, target);
  position = yc_case_list_model_find (f->model, target);
  g_assert_cmpuint (position, <, n);
  f->changes = 0;
  pull (f, document);
  drain ();
  wait_loaded (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, n);
  changed = g_list_model_get_item (G_LIST_MODEL (f->model), position);
  g_assert_cmpstr (yc_case_row_get_uuid (changed), ==, target);
  g_assert_cmpstr (yc_case_row_get_claimed_by (changed), ==, "r9");
  g_assert_cmpuint (f->changes, ==, 1);
  if (position != 0)
    {
      again = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
      g_assert_true (again == first);
    }

  /* A new case of another window arrives. */
  g_clear_pointer (&document, json_object_unref);
  document = pulled_document (f, 61);
  g_ptr_array_add (f->uuids, g_strdup (json_object_get_string_member (document, "uuid")));
  f->changes = 0;
  pull (f, document);
  drain ();
  wait_loaded (f->model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, n + 1);
  g_assert_cmpuint (f->changes, ==, 1);
  g_assert_cmpuint (yc_case_list_model_find (f->model, json_object_get_string_member (document, "uuid")), <, n + 1);
}

/* Rows are handed out unread (a view binds many it never shows) and read a page at a time
 * when first asked for anything; a row still unread when its case changes shows the change
 * without being announced, as the view never showed what it had. */
static void
test_rows_read_when_asked (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonObject) document = NULL;
  g_autoptr(YcCaseRow) pending = NULL;
  g_autoptr(YcCaseRow) again = NULL;
  g_autoptr(YcCaseRow) first = NULL;
  g_autoptr(YcCaseRow) neighbour = NULL;
  g_autoptr(YcCaseRow) last = NULL;
  const char *target = g_ptr_array_index (f->uuids, 4);
  guint position, n;

  set_query (f, NULL, NULL, NULL, YC_CASE_SORT_NUMBER);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  g_assert_cmpuint (n, >, 40);
  position = yc_case_list_model_find (f->model, target);
  g_assert_cmpuint (position, <, n);
  pending = g_list_model_get_item (G_LIST_MODEL (f->model), position);
  g_assert_false (yc_case_row_is_read (pending));

  /* Its case is claimed on the back office meanwhile. */
  document = claimed_document (f, target);
  f->changes = 0;
  pull (f, document);
  drain ();
  wait_loaded (f->model);
  g_assert_cmpuint (f->changes, ==, 0);
  again = g_list_model_get_item (G_LIST_MODEL (f->model), position);
  g_assert_true (again == pending);
  g_assert_false (yc_case_row_is_read (pending));
  g_assert_cmpstr (yc_case_row_get_claimed_by (pending), ==, "r9");
  g_assert_cmpstr (yc_case_row_get_uuid (pending), ==, target);
  g_assert_true (yc_case_row_is_read (pending));

  /* A new order: the first row read brings its page (32 rows), not the last one's. */
  set_query (f, NULL, NULL, NULL, YC_CASE_SORT_ACCEPTED);
  n = g_list_model_get_n_items (G_LIST_MODEL (f->model));
  first = g_list_model_get_item (G_LIST_MODEL (f->model), 0);
  neighbour = g_list_model_get_item (G_LIST_MODEL (f->model), 31);
  last = g_list_model_get_item (G_LIST_MODEL (f->model), n - 1);
  g_assert_false (yc_case_row_is_read (first));
  g_assert_false (yc_case_row_is_read (neighbour));
  g_assert_false (yc_case_row_is_read (last));
  g_assert_cmpuint (yc_case_list_model_find (f->model, yc_case_row_get_uuid (first)), ==, 0);
  g_assert_true (yc_case_row_is_read (neighbour));
  g_assert_false (yc_case_row_is_read (last));
  g_assert_cmpuint (yc_case_list_model_find (f->model, yc_case_row_get_uuid (neighbour)), ==, 31);
  g_assert_cmpuint (yc_case_list_model_find (f->model, yc_case_row_get_uuid (last)), ==, n - 1);
  g_assert_true (yc_case_row_equal (last, last));
}

/* The counter's lists are this window's cases only, though the store keeps the hall's. */
static void
test_window_lists (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cases = NULL;
  g_autoptr(GHashTable) states = NULL;
  gint64 accepted = 0, acknowledged = 0;
  g_autofree char *hash = NULL;

  /* On 2026-09-21 generated cases 0 (W03: this window) and 50 (W05) were accepted; on
   * 2026-10-05 cases 2 (W05) and 52 (W04): none of this window's. */
  for (guint i = 0; i < 2; i++)
    {
      const char *date = i == 0 ? "2026-09-21" : "2026-10-05";

      g_clear_pointer (&cases, g_ptr_array_unref);
      g_clear_pointer (&states, g_hash_table_unref);
      cases = yc_store_list_cases (f->s.store, date, &error);
      g_assert_no_error (error);
      states = yc_store_list_sync_states (f->s.store, date, &error);
      g_assert_no_error (error);
      g_assert_true (yc_store_reconcile_day (f->s.store, date, &accepted, &acknowledged, &hash, &error));
      g_assert_no_error (error);
      g_clear_pointer (&hash, g_free);
      for (guint c = 0; c < cases->len; c++)
        g_assert_true (g_str_has_prefix (((YcCase *) g_ptr_array_index (cases, c))->number, "HD01-W03-"));
      g_assert_cmpuint (g_hash_table_size (states), ==, cases->len);
      g_assert_cmpint (accepted, ==, cases->len);
      g_assert_cmpuint (cases->len, ==, (i == 0 ? 1u : 0u));
    }
  /* The others are kept: the review queue lists them. */
  {
    g_autoptr(YcCase) other = yc_store_get_case (f->s.store, g_ptr_array_index (f->uuids, 2), &error);

    g_assert_no_error (error);
    g_assert_cmpstr (other->window, ==, "W04");
  }
}

static char *
dump_parts (YcStore *store)
{
  YcDatabase *database = yc_store_get_database (store);
  g_autoptr(YcStatement) statement = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  statement = yc_database_prepare (database,
                                   "SELECT case_uuid || department || part_state || coalesce (claimed_by, '') "
                                   "|| clock || coalesce (deadline, '') || coalesce (fixed_late, '') "
                                   "|| coalesce (fixed_remaining, '') || number || search FROM case_parts "
                                   "ORDER BY case_uuid, department",
                                   &error);
  g_assert_no_error (error);
  while (yc_database_step (database, statement, &error) == SQLITE_ROW)
    g_string_append_printf (text, "%s\n", yc_statement_get_text (statement, 0));
  g_assert_no_error (error);
  return g_string_free (g_steal_pointer (&text), FALSE);
}

/* A version 6 store with cases in it: upgrading writes every case's rows, as the writers
 * would have. */
static void
test_migration_from_v6 (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *expected = dump_parts (f->s.store);
  g_autofree char *actual = NULL;
  g_autoptr(GError) error = NULL;
  YcDatabase *database = yc_store_get_database (f->s.store);

  g_assert_cmpuint (strlen (expected), >, 0);
  /* Back to exactly schema 6: the v7 step's table and its mark gone, the v8 step's
   * columns and index too. */
  g_assert_true (yc_database_exec (database, "DROP TABLE case_parts; "
                                   "DELETE FROM meta WHERE key = 'case_parts_rebuild'; "
                                   "DROP INDEX urges_open; "
                                   "ALTER TABLE urges DROP COLUMN addressee; "
                                   "ALTER TABLE urges DROP COLUMN department; "
                                   "ALTER TABLE urges DROP COLUMN hall; "
                                   "PRAGMA user_version = 6", &error));
  g_assert_no_error (error);
  drain ();
  finalize_model (g_steal_pointer (&f->model));
  wait_sole_reference (f->s.store);
  g_assert_finalize_object (g_steal_pointer (&f->s.store));

  f->s.store = yc_store_open (f->s.dir, &error);
  g_assert_no_error (error);
  actual = dump_parts (f->s.store);
  g_assert_cmpstr (actual, ==, expected);
  {
    int version = 0;

    g_assert_true (yc_database_get_user_version (yc_store_get_database (f->s.store), &version, &error));
    g_assert_cmpint (version, ==, yc_store_schema_get_version ());
    g_assert_cmpint (version, >=, 7);
  }
  f->model = yc_case_list_model_new (f->s.store, yc_test_store_calendar ());
  set_query (f, NULL, NULL, NULL, YC_CASE_SORT_DEADLINE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f->model)), ==, N_PULLED + 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/case-list-model/status-against-core", Fixture, NULL, fixture_set_up,
              test_status_against_core, fixture_tear_down);
  g_test_add ("/case-list-model/filters-and-sorts", Fixture, NULL, fixture_set_up,
              test_filters_and_sorts, fixture_tear_down);
  g_test_add ("/case-list-model/refresh-after-pull", Fixture, NULL, fixture_set_up,
              test_refresh_after_pull, fixture_tear_down);
  g_test_add ("/case-list-model/rows-read-when-asked", Fixture, NULL, fixture_set_up,
              test_rows_read_when_asked, fixture_tear_down);
  g_test_add ("/case-list-model/window-lists", Fixture, NULL, fixture_set_up,
              test_window_lists, fixture_tear_down);
  g_test_add ("/case-list-model/migration-from-v6", Fixture, NULL, fixture_set_up,
              test_migration_from_v6, fixture_tear_down);
  return g_test_run ();
}
