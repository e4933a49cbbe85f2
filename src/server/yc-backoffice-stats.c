/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-backoffice-private.h"

/*
 * The hall's figures (docs/figures.md defines each one): cases by decision, 最多跑一次 and
 * 即来即办 shares, average stages, average compression of time limits against the statutory
 * limit, overdue cases and satisfaction, for the whole period, by department and by window.
 *
 * The cases of the period are read page by page (storage cases_accepted, keyset paging),
 * each page in a short read transaction, and folded into running tallies, so memory stays
 * flat however long the period.  Everything about a case is judged by core code (the clock
 * of yc_case_clock, the catalog version the case names), as the app judges it.
 */

#define PAGE_SIZE 500

typedef struct {
  guint  cases;
  guint  decisions[YC_N_DECISIONS];
  guint  accepted;
  guint  one_trip;
  guint  at_once;
  guint  decided;
  guint  stages;                 /* summed over decided cases */
  guint  committed_n;
  double committed_sum;          /* of 1 − committed/statutory */
  guint  actual_n;
  double actual_sum;             /* of 1 − actual/statutory */
  guint  overdue;
  guint  levels[5];
  guint  rated;
  guint  rating_sum;
  char  *name;                   /* department short name / window description, or NULL */
  char  *hall;                   /* windows only */
} Tally;

/* What one case contributes. */
typedef struct {
  YcDecision decision;
  gboolean   accepted;
  gboolean   one_trip;
  gboolean   at_once;
  gboolean   decided;
  guint      stages;
  gboolean   has_committed;
  double     committed;
  gboolean   has_actual;
  double     actual;
  gboolean   overdue;
  guint      level;              /* 0: not rated */
} Figures;

typedef struct {
  YcBackoffice *backoffice;
  GDate         today;
  Tally         total;
  GHashTable   *departments;     /* code → Tally* */
  GHashTable   *windows;         /* "HALL-WINDOW" → Tally* */
  GHashTable   *catalogs;        /* version → YcCatalog*, or NULL for a version never had */
} Run;

static void
catalog_unref (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
tally_free (gpointer data)
{
  Tally *tally = data;

  g_free (tally->name);
  g_free (tally->hall);
  g_free (tally);
}

static Tally *
tally_lookup (GHashTable *table,
              const char *key)
{
  Tally *tally = g_hash_table_lookup (table, key);

  if (tally == NULL)
    {
      tally = g_new0 (Tally, 1);
      g_hash_table_insert (table, g_strdup (key), tally);
    }
  return tally;
}

static void
tally_add (Tally         *tally,
           const Figures *f,
           gboolean       overdue)
{
  tally->cases++;
  if ((guint) f->decision < YC_N_DECISIONS)
    tally->decisions[f->decision]++;
  tally->accepted += f->accepted;
  tally->one_trip += f->one_trip;
  tally->at_once += f->at_once;
  if (f->decided)
    {
      tally->decided++;
      tally->stages += f->stages;
    }
  if (f->has_committed)
    {
      tally->committed_n++;
      tally->committed_sum += f->committed;
    }
  if (f->has_actual)
    {
      tally->actual_n++;
      tally->actual_sum += f->actual;
    }
  tally->overdue += overdue;
  if (f->level >= 1 && f->level <= 5)
    {
      tally->levels[f->level - 1]++;
      tally->rated++;
      tally->rating_sum += f->level;
    }
}

static gboolean
is_acceptance (YcDecision decision)
{
  return decision == YC_DECISION_ACCEPT
         || decision == YC_DECISION_ACCEPT_WITH_TOLERANCE
         || decision == YC_DECISION_ACCEPT_ON_PLEDGE;
}

/* 办结: the review reached its decision and stopped the clock — approved (ready, issued, or
 * waiting only for a tolerated material) or rejected.  Withdrawn and terminated cases were
 * not decided. */
static gboolean
is_decided (YcCaseState state)
{
  return state == YC_CASE_STATE_AWAITING_SUPPLEMENT || state == YC_CASE_STATE_READY
         || state == YC_CASE_STATE_ISSUED || state == YC_CASE_STATE_REJECTED;
}

/* 最多跑一次: the applicant needed at most one visit — not sent home with a one-time notice
 * and never asked to come back with a supplement. */
static gboolean
is_one_trip (YcCase *c)
{
  if (c->decision == YC_DECISION_ONE_TIME_NOTICE)
    return FALSE;
  for (guint i = 0; c->parts != NULL && i < c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (c->parts, i);
      if (part->notices != NULL && part->notices->len > 0)
        return FALSE;
    }
  return TRUE;
}

/* Returns for supplement on one day by several departments send the applicant back once:
 * one stage. */
static guint
count_return_days (YcCase *c)
{
  g_autoptr(GHashTable) days = g_hash_table_new (NULL, NULL);

  for (guint i = 0; c->parts != NULL && i < c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (c->parts, i);

      for (guint j = 0; part->notices != NULL && j < part->notices->len; j++)
        {
          const YcCaseNotice *notice = g_ptr_array_index (part->notices, j);

          if (g_date_valid (&notice->on))
            g_hash_table_add (days, GUINT_TO_POINTER (g_date_get_julian (&notice->on)));
        }
    }
  return g_hash_table_size (days);
}

static YcCatalog *
run_catalog (Run        *run,
             const char *version)
{
  g_autoptr(GError) error = NULL;
  YcCatalog *catalog;

  if (version == NULL)
    return NULL;
  if (g_hash_table_lookup_extended (run->catalogs, version, NULL, (gpointer *) &catalog))
    return catalog;
  catalog = yc_backoffice_dup_catalog_version (run->backoffice, version, &error);
  if (error != NULL)
    g_message ("Catalog %s cannot be read for the figures: %s", version, error->message);
  g_hash_table_insert (run->catalogs, g_strdup (version), catalog);
  return catalog;
}

/* The statutory limit the case is compared with: the item's, or for a bundle the sum of its
 * items' (the applicant going from one department to the next, as before 一件事一次办).
 * 0 when an item has no statutory limit or is not in the case's catalog. */
static int
statutory_days (Run    *run,
                YcCase *c)
{
  YcCatalog *catalog = run_catalog (run, c->catalog_version);
  JsonArray *items;
  int sum = 0;

  if (catalog == NULL || c->subject == NULL || !json_object_has_member (c->subject, "items"))
    return 0;
  items = json_object_get_array_member (c->subject, "items");
  for (guint i = 0; items != NULL && i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      const char *code = NULL;
      const YcItem *item;

      if (JSON_NODE_HOLDS_OBJECT (node))
        code = json_object_get_string_member_with_default (json_node_get_object (node), "item", NULL);
      else if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
        code = json_node_get_string (node);
      item = code != NULL ? yc_catalog_lookup_item (catalog, code) : NULL;
      if (item == NULL || item->statutory_days == YC_NO_LIMIT || item->statutory_days <= 0)
        return 0;
      sum += item->statutory_days;
    }
  return sum;
}

static void
case_figures (Run     *run,
              YcCase  *c,
              Figures *f)
{
  YcClock clock;
  int statutory;

  memset (f, 0, sizeof *f);
  f->decision = c->decision;
  f->accepted = is_acceptance (c->decision);
  f->one_trip = is_one_trip (c);
  /* 即来即办: an accepted 即办件, whose committed limit is zero days. */
  f->at_once = f->accepted && c->committed_days == 0;
  f->decided = f->accepted && is_decided (c->state);
  if (f->decided)
    f->stages = 2 + count_return_days (c);   /* 受理, 审查决定, one per 补正 */

  yc_case_clock (c, NULL, run->backoffice->calendar, &run->today,
                 YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
  f->overdue = clock.has_clock && clock.state == YC_DEADLINE_RED;

  statutory = f->accepted && c->committed_days >= 0 ? statutory_days (run, c) : 0;
  if (statutory > 0)
    {
      f->has_committed = TRUE;
      f->committed = 1.0 - (double) c->committed_days / statutory;
      if (f->decided && clock.has_clock && clock.stopped)
        {
          /* Working days the clock ran, pauses left out: the committed limit less what
           * remained on the day it stopped (negative remaining: late). */
          int actual = c->committed_days - clock.remaining;

          f->has_actual = TRUE;
          f->actual = 1.0 - (double) actual / statutory;
        }
    }
  if (c->rated)
    f->level = c->rating_level;
}

static const char *
department_name (Run        *run,
                 YcCase     *c,
                 const char *code)
{
  YcCatalog *catalog = run_catalog (run, c->catalog_version);
  const YcDepartment *department = catalog != NULL ? yc_catalog_lookup_department (catalog, code) : NULL;

  if (department == NULL)
    return NULL;
  return department->short_name != NULL && *department->short_name != '\0'
         ? department->short_name : department->name;
}

static void
run_add_case (Run    *run,
              YcCase *c)
{
  g_autofree char *window_key = NULL;
  Figures f;
  Tally *tally;

  case_figures (run, c, &f);
  tally_add (&run->total, &f, f.overdue);

  window_key = g_strdup_printf ("%s-%s", c->hall, c->window != NULL ? c->window : "");
  tally = tally_lookup (run->windows, window_key);
  if (tally->hall == NULL)
    tally->hall = g_strdup (c->hall);
  tally_add (tally, &f, f.overdue);

  /* A bundle counts under each of its departments; a department is overdue on its own
   * part's clock, so one that decided in time is not blamed for another's delay. */
  for (guint i = 0; c->parts != NULL && i < c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (c->parts, i);
      YcClock clock;

      yc_case_clock (c, part, run->backoffice->calendar, &run->today,
                     YC_CASE_YELLOW_THRESHOLD_DEFAULT, &clock);
      tally = tally_lookup (run->departments, part->department);
      if (tally->name == NULL)
        tally->name = g_strdup (department_name (run, c, part->department));
      tally_add (tally, &f, clock.has_clock && clock.state == YC_DEADLINE_RED);
    }
}

/* Folds in every case accepted in the period, PAGE_SIZE per read transaction. */
static gboolean
run_scan (Run         *run,
          const char  *hall,
          const char  *from,
          const char  *to,
          GError     **error)
{
  YcBackofficeStorage *storage = run->backoffice->storage;
  g_autofree char *after_on = NULL;
  g_autofree char *after_uuid = NULL;

  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;

      if (!yc_backoffice_storage_begin (storage, FALSE, error))
        return FALSE;
      rows = yc_backoffice_storage_cases_accepted (storage, hall, from, to, after_on, after_uuid,
                                                   PAGE_SIZE, error);
      yc_backoffice_storage_rollback (storage);
      if (rows == NULL)
        return FALSE;

      for (guint i = 0; i < rows->len; i++)
        {
          YcStorageCase *row = g_ptr_array_index (rows, i);
          g_autoptr(GError) local_error = NULL;
          g_autoptr(JsonNode) document = json_from_string (row->document, &local_error);
          g_autoptr(YcCase) c = document != NULL ? yc_case_from_json (document, &local_error) : NULL;

          if (c == NULL)
            {
              /* One unreadable document must not hide the hall's figures. */
              g_message ("Case %s left out of the figures: %s", row->uuid, local_error->message);
              continue;
            }
          run_add_case (run, c);
        }
      if (rows->len < PAGE_SIZE)
        return TRUE;
      {
        YcStorageCase *last = g_ptr_array_index (rows, rows->len - 1);

        g_free (after_on);
        g_free (after_uuid);
        after_on = g_strdup (last->accepted_on);
        after_uuid = g_strdup (last->uuid);
      }
    }
}

static void
add_double_or_null (JsonBuilder *builder,
                    const char  *name,
                    guint        n,
                    double       value)
{
  json_builder_set_member_name (builder, name);
  if (n > 0)
    json_builder_add_double_value (builder, value);
  else
    json_builder_add_null_value (builder);
}

static void
add_int (JsonBuilder *builder,
         const char  *name,
         gint64       value)
{
  json_builder_set_member_name (builder, name);
  json_builder_add_int_value (builder, value);
}

static void
add_average (JsonBuilder *builder,
             const char  *name,
             guint        n,
             double       sum)
{
  json_builder_set_member_name (builder, name);
  json_builder_begin_object (builder);
  add_int (builder, "cases", n);
  add_double_or_null (builder, "average", n, n > 0 ? sum / n : 0.0);
  json_builder_end_object (builder);
}

/* The members every level (total, department, window) has. */
static void
add_figures (JsonBuilder *builder,
             const Tally *t)
{
  add_int (builder, "cases", t->cases);
  json_builder_set_member_name (builder, "by_decision");
  json_builder_begin_object (builder);
  for (guint d = 0; d < YC_N_DECISIONS; d++)
    add_int (builder, yc_decision_to_string (d), t->decisions[d]);
  json_builder_end_object (builder);
  add_int (builder, "accepted", t->accepted);
  add_int (builder, "one_trip", t->one_trip);
  add_double_or_null (builder, "one_trip_share", t->cases, t->cases > 0 ? (double) t->one_trip / t->cases : 0.0);
  add_int (builder, "at_once", t->at_once);
  add_double_or_null (builder, "at_once_share", t->accepted, t->accepted > 0 ? (double) t->at_once / t->accepted : 0.0);
  add_int (builder, "decided", t->decided);
  add_double_or_null (builder, "average_stages", t->decided, t->decided > 0 ? (double) t->stages / t->decided : 0.0);
  json_builder_set_member_name (builder, "compression");
  json_builder_begin_object (builder);
  add_average (builder, "committed", t->committed_n, t->committed_sum);
  add_average (builder, "actual", t->actual_n, t->actual_sum);
  json_builder_end_object (builder);
  add_int (builder, "overdue", t->overdue);
  json_builder_set_member_name (builder, "satisfaction");
  json_builder_begin_object (builder);
  add_int (builder, "rated", t->rated);
  json_builder_set_member_name (builder, "levels");
  json_builder_begin_array (builder);
  for (guint level = 0; level < 5; level++)
    json_builder_add_int_value (builder, t->levels[level]);
  json_builder_end_array (builder);
  add_double_or_null (builder, "average", t->rated, t->rated > 0 ? (double) t->rating_sum / t->rated : 0.0);
  /* 满意率: 基本满意 and better. */
  add_double_or_null (builder, "satisfied_share", t->rated,
                      t->rated > 0 ? (double) (t->levels[2] + t->levels[3] + t->levels[4]) / t->rated : 0.0);
  json_builder_end_object (builder);
}

static int
compare_keys (gconstpointer a,
              gconstpointer b,
              gpointer      data)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
add_groups (JsonBuilder *builder,
            const char  *name,
            const char  *key_name,
            GHashTable  *table)
{
  g_autofree gpointer *keys = NULL;
  guint n;

  keys = g_hash_table_get_keys_as_array (table, &n);
  g_qsort_with_data (keys, n, sizeof (gpointer), compare_keys, NULL);
  json_builder_set_member_name (builder, name);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      const Tally *tally = g_hash_table_lookup (table, keys[i]);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, key_name);
      json_builder_add_string_value (builder, keys[i]);
      if (tally->hall != NULL)
        {
          json_builder_set_member_name (builder, "hall");
          json_builder_add_string_value (builder, tally->hall);
        }
      json_builder_set_member_name (builder, "name");
      if (tally->name != NULL)
        json_builder_add_string_value (builder, tally->name);
      else
        json_builder_add_null_value (builder);
      add_figures (builder, tally);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
}

/* Window descriptions (yichuang-backoffice window enroll --description) for the labels. */
static gboolean
name_windows (Run     *run,
              GError **error)
{
  YcBackofficeStorage *storage = run->backoffice->storage;
  g_autoptr(GPtrArray) windows = NULL;

  if (g_hash_table_size (run->windows) == 0)
    return TRUE;
  if (!yc_backoffice_storage_begin (storage, FALSE, error))
    return FALSE;
  windows = yc_backoffice_storage_window_list (storage, error);
  yc_backoffice_storage_rollback (storage);
  if (windows == NULL)
    return FALSE;
  for (guint i = 0; i < windows->len; i++)
    {
      const YcStorageWindow *window = g_ptr_array_index (windows, i);
      g_autofree char *key = g_strdup_printf ("%s-%s", window->hall, window->window);
      Tally *tally = g_hash_table_lookup (run->windows, key);

      if (tally != NULL && window->description != NULL && *window->description != '\0')
        {
          g_free (tally->name);
          tally->name = g_strdup (window->description);
        }
    }
  return TRUE;
}

/**
 * yc_backoffice_stats:
 *
 * Figures for the cases accepted from @from to @to (inclusive), for supervisors (their hall,
 * or every hall) and administrators: cases by decision, the 最多跑一次 and 即来即办 shares,
 * average stages, average compression of time limits (committed and actual against the
 * statutory limit), overdue cases, the satisfaction distribution, by department and by
 * window (docs/figures.md defines each figure).
 *
 * Returns: (transfer full): the figures, or %NULL with @error
 */
JsonNode *
yc_backoffice_stats (YcBackoffice  *self,
                     YcPrincipal   *p,
                     const GDate   *from,
                     const GDate   *to,
                     GError       **error)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(GDateTime) now = NULL;
  g_autofree char *from_iso = NULL;
  g_autofree char *to_iso = NULL;
  g_autofree char *now_iso = NULL;
  JsonNode *root = NULL;
  YcRole role;
  Run run = { 0 };

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);
  g_return_val_if_fail (p != NULL, NULL);

  role = yc_principal_get_role (p);
  if (role != YC_ROLE_SUPERVISOR && role != YC_ROLE_ADMIN)
    {
      yc_backoffice_deny (self, p, "stats", NULL, "role may not read statistics");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_FORBIDDEN, NULL,
                               _("Statistics are for supervisors and administrators"));
      return NULL;
    }
  if (from == NULL || to == NULL || !g_date_valid (from) || !g_date_valid (to))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, from == NULL || !g_date_valid (from) ? "from" : "to",
                               _("Give the first and the last day of the period"));
      return NULL;
    }
  if (g_date_compare (from, to) > 0)
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "to",
                               _("The period ends before it starts"));
      return NULL;
    }

  from_iso = yc_backoffice_date_to_iso (from);
  to_iso = yc_backoffice_date_to_iso (to);
  run.backoffice = self;
  yc_backoffice_today (self, &run.today);
  run.departments = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tally_free);
  run.windows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, tally_free);
  run.catalogs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, catalog_unref);

  if (!run_scan (&run, role == YC_ROLE_SUPERVISOR ? yc_principal_get_hall (p) : NULL,
                 from_iso, to_iso, error)
      || !name_windows (&run, error))
    goto out;

  now = yc_backoffice_now (self);
  now_iso = g_date_time_format_iso8601 (now);
  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "from");
  json_builder_add_string_value (builder, from_iso);
  json_builder_set_member_name (builder, "to");
  json_builder_add_string_value (builder, to_iso);
  json_builder_set_member_name (builder, "generated_at");
  json_builder_add_string_value (builder, now_iso);
  add_figures (builder, &run.total);
  add_groups (builder, "by_department", "department", run.departments);
  add_groups (builder, "by_window", "window", run.windows);
  json_builder_end_object (builder);
  root = json_builder_get_root (builder);

out:
  g_hash_table_unref (run.departments);
  g_hash_table_unref (run.windows);
  g_hash_table_unref (run.catalogs);
  return root;
}
