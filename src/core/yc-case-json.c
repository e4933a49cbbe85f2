/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-private.h"
#include "yc-json-writer.h"

/*
 * The stored case document, as the back office keeps it and sends it to the clients
 * (docs/case-life.md).  Reading is strict, like the wire types: a document that does not read
 * back exactly is a bug or a tampered row, and must not be half-understood.
 */

static const char * const case_members[] = {
  "uuid", "number", "version", "hall", "window", "clerk", "catalog_version", "subject",
  "applicant", "decision", "state", "accepted_at", "accepted_on", "committed_days", "deadline",
  "stopped_on", "notice", "parts", "materials", "tolerated", "pledges", "pauses", "urges",
  "rating", "history", NULL
};
/* "decided_on" came with the parts' own clocks: documents written before it lack it. */
static const char * const part_members[] = {
  "department", "items", "state", "claimed_by", "decided_by", "decided_on", "reason", "notices",
  NULL
};
static const char * const notice_members[] = {
  "id", "at", "on", "by", "materials", "message", "new_demand", "new_materials", "unmet",
  NULL
};
static const char * const pause_members[] = { "first", "last", NULL };
/* "to" came with addressed urges: documents written before it lack it. */
static const char * const urge_members[] = {
  "id", "by", "message", "at", "department", "hall", "acknowledged", "acknowledged_by",
  "acknowledged_at", "to", NULL
};
/* "follow_up" came with the 回访 of poor ratings: documents written before it lack it. */
static const char * const rating_members[] = { "level", "comment", "at", "follow_up", NULL };
static const char * const follow_up_members[] = { "due", NULL };
static const char * const history_members[] = { "at", "actor", "action", "detail", NULL };

#define CASE_READER(name) \
  const YcJsonReader name##_reader = { YC_CASE_ERROR, YC_CASE_ERROR_INVALID }; \
  const YcJsonReader *name = &name##_reader

/* Calls @read on each object of the array @member, adding what it returns to @out. */
typedef gpointer (*ReadElement) (const YcJsonReader *reader,
                                 JsonObject         *object,
                                 const char         *path,
                                 GError            **error);

static gboolean
read_array (const YcJsonReader  *reader,
            JsonObject          *object,
            const char          *member,
            ReadElement          read,
            GPtrArray           *out,
            GError             **error)
{
  JsonArray *array;

  if (!yc_json_get_array (reader, object, member, "", YC_JSON_REQUIRED, &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = yc_json_index_path (member, i);
      gpointer element;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return yc_json_fail (reader, error, path, _("must be an object"));
      element = read (reader, json_node_get_object (node), path, error);
      if (element == NULL)
        return FALSE;
      g_ptr_array_add (out, element);
    }
  return TRUE;
}

static gpointer
read_stored_material (const YcJsonReader *reader,
                      JsonObject         *object,
                      const char         *path,
                      GError            **error)
{
  return yc_case_read_material (reader, object, path, TRUE, error);
}

static gpointer
read_stored_tolerated (const YcJsonReader *reader,
                       JsonObject         *object,
                       const char         *path,
                       GError            **error)
{
  return yc_case_read_tolerated (reader, object, path, TRUE, error);
}

static gpointer
read_stored_pledge (const YcJsonReader *reader,
                    JsonObject         *object,
                    const char         *path,
                    GError            **error)
{
  return yc_case_read_pledge (reader, object, path, TRUE, error);
}

static gpointer
read_notice (const YcJsonReader *reader,
             JsonObject         *object,
             const char         *path,
             GError            **error)
{
  const char *id, *at, *by, *message;
  g_auto(GStrv) materials = NULL;
  g_auto(GStrv) new_materials = NULL;
  g_auto(GStrv) unmet = NULL;
  gboolean new_demand = FALSE;
  YcCaseNotice *notice;
  GDate on;

  if (!yc_json_check_members (reader, object, notice_members, path, error)
      || !yc_json_get_uuid (reader, object, "id", path, YC_JSON_REQUIRED, &id, error)
      || !yc_json_get_timestamp (reader, object, "at", path, YC_JSON_REQUIRED, &at, error)
      || !yc_json_get_date (reader, object, "on", path, YC_JSON_REQUIRED, &on, error)
      || !yc_json_get_string (reader, object, "by", path, YC_JSON_REQUIRED, &by, error)
      || !yc_json_get_strv (reader, object, "materials", path, YC_JSON_REQUIRED, &materials, error)
      || !yc_json_get_text (reader, object, "message", path, YC_JSON_REQUIRED, &message, error)
      || !yc_json_get_bool (reader, object, "new_demand", path, YC_JSON_REQUIRED, &new_demand,
                            error)
      || !yc_json_get_strv (reader, object, "new_materials", path, YC_JSON_REQUIRED,
                            &new_materials, error)
      || !yc_json_get_strv (reader, object, "unmet", path, YC_JSON_REQUIRED, &unmet, error))
    return NULL;

  notice = g_new0 (YcCaseNotice, 1);
  notice->id = g_strdup (id);
  notice->at = g_strdup (at);
  notice->on = on;
  notice->by = g_strdup (by);
  notice->materials = g_steal_pointer (&materials);
  notice->message = g_strdup (message);
  notice->new_demand = new_demand;
  notice->new_materials = g_steal_pointer (&new_materials);
  notice->unmet = g_steal_pointer (&unmet);
  return notice;
}

static gpointer
read_part (const YcJsonReader *reader,
           JsonObject         *object,
           const char         *path,
           GError            **error)
{
  g_autofree char *state_path = yc_json_path (path, "state");
  g_autofree char *notices_path = yc_json_path (path, "notices");
  const char *department, *state_str, *claimed_by, *decided_by, *reason;
  g_auto(GStrv) items = NULL;
  YcCasePart *part;
  YcCaseState state;
  JsonArray *notices;
  GDate decided_on;

  if (!yc_json_check_members (reader, object, part_members, path, error)
      || !yc_json_get_string (reader, object, "department", path, YC_JSON_REQUIRED, &department,
                              error)
      || !yc_json_get_strv (reader, object, "items", path, YC_JSON_REQUIRED, &items, error)
      || !yc_json_get_string (reader, object, "state", path, YC_JSON_REQUIRED, &state_str, error)
      || !yc_json_get_string (reader, object, "claimed_by", path, YC_JSON_NULLABLE, &claimed_by,
                              error)
      || !yc_json_get_string (reader, object, "decided_by", path, YC_JSON_NULLABLE, &decided_by,
                              error)
      || !yc_json_get_date (reader, object, "decided_on", path, YC_JSON_NULLABLE, &decided_on,
                            error)
      || !yc_json_get_text (reader, object, "reason", path, YC_JSON_NULLABLE, &reason, error)
      || !yc_json_get_array (reader, object, "notices", path, YC_JSON_REQUIRED, &notices, error))
    return NULL;
  if (!yc_case_state_from_string (state_str, &state)
      || (state != YC_CASE_STATE_ACCEPTED && state != YC_CASE_STATE_IN_REVIEW
          && state != YC_CASE_STATE_RETURNED && state != YC_CASE_STATE_SUPPLEMENTED
          && state != YC_CASE_STATE_APPROVED && state != YC_CASE_STATE_REJECTED))
    {
      yc_json_fail (reader, error, state_path, _("“%s” is not a state of a part"), state_str);
      return NULL;
    }

  part = yc_case_part_new (department);
  g_strfreev (part->items);
  part->items = g_steal_pointer (&items);
  part->state = state;
  part->claimed_by = g_strdup (claimed_by);
  part->decided_by = g_strdup (decided_by);
  part->decided_on = decided_on;
  part->reason = g_strdup (reason);
  for (guint i = 0; i < json_array_get_length (notices); i++)
    {
      JsonNode *node = json_array_get_element (notices, i);
      g_autofree char *element_path = yc_json_index_path (notices_path, i);
      YcCaseNotice *notice;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          yc_json_fail (reader, error, element_path, _("must be an object"));
          yc_case_part_free (part);
          return NULL;
        }
      notice = read_notice (reader, json_node_get_object (node), element_path, error);
      if (notice == NULL)
        {
          yc_case_part_free (part);
          return NULL;
        }
      g_ptr_array_add (part->notices, notice);
    }
  return part;
}

static gpointer
read_urge (const YcJsonReader *reader,
           JsonObject         *object,
           const char         *path,
           GError            **error)
{
  const char *id, *by, *message, *at, *department, *hall, *acknowledged_by, *acknowledged_at;
  const char *to = NULL;
  gboolean acknowledged = FALSE;
  YcCaseUrge *urge;

  if (!yc_json_check_members (reader, object, urge_members, path, error)
      || !yc_json_get_uuid (reader, object, "id", path, YC_JSON_REQUIRED, &id, error)
      || !yc_json_get_string (reader, object, "by", path, YC_JSON_REQUIRED, &by, error)
      || !yc_json_get_string (reader, object, "message", path, YC_JSON_REQUIRED, &message, error)
      || !yc_json_get_timestamp (reader, object, "at", path, YC_JSON_REQUIRED, &at, error)
      || !yc_json_get_string (reader, object, "department", path, YC_JSON_NULLABLE, &department,
                              error)
      || !yc_json_get_string (reader, object, "hall", path, YC_JSON_NULLABLE, &hall, error)
      || !yc_json_get_bool (reader, object, "acknowledged", path, YC_JSON_REQUIRED, &acknowledged,
                            error)
      || !yc_json_get_string (reader, object, "acknowledged_by", path, YC_JSON_NULLABLE,
                              &acknowledged_by, error)
      || !yc_json_get_timestamp (reader, object, "acknowledged_at", path, YC_JSON_NULLABLE,
                                 &acknowledged_at, error)
      || !yc_json_get_string (reader, object, "to", path, YC_JSON_NULLABLE, &to, error))
    return NULL;
  if ((department == NULL) == (hall == NULL))
    {
      yc_json_fail (reader, error, path, _("an urge goes to a department or to a hall"));
      return NULL;
    }

  urge = g_new0 (YcCaseUrge, 1);
  urge->id = g_strdup (id);
  urge->by = g_strdup (by);
  urge->message = g_strdup (message);
  urge->at = g_strdup (at);
  urge->department = g_strdup (department);
  urge->hall = g_strdup (hall);
  urge->acknowledged = acknowledged;
  urge->acknowledged_by = g_strdup (acknowledged_by);
  urge->acknowledged_at = g_strdup (acknowledged_at);
  urge->to = g_strdup (to);
  return urge;
}

static gpointer
read_history (const YcJsonReader *reader,
              JsonObject         *object,
              const char         *path,
              GError            **error)
{
  const char *at, *actor, *action, *detail;
  YcCaseHistoryEntry *entry;

  if (!yc_json_check_members (reader, object, history_members, path, error)
      || !yc_json_get_timestamp (reader, object, "at", path, YC_JSON_REQUIRED, &at, error)
      || !yc_json_get_string (reader, object, "actor", path, YC_JSON_REQUIRED, &actor, error)
      || !yc_json_get_string (reader, object, "action", path, YC_JSON_REQUIRED, &action, error)
      || !yc_json_get_text (reader, object, "detail", path, YC_JSON_NULLABLE, &detail, error))
    return NULL;

  entry = g_new0 (YcCaseHistoryEntry, 1);
  entry->at = g_strdup (at);
  entry->actor = g_strdup (actor);
  entry->action = g_strdup (action);
  entry->detail = g_strdup (detail);
  return entry;
}

static gboolean
read_pauses (const YcJsonReader  *reader,
             JsonObject          *object,
             YcCase              *self,
             GError             **error)
{
  JsonArray *array;

  if (!yc_json_get_array (reader, object, "pauses", "", YC_JSON_REQUIRED, &array, error))
    return FALSE;
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = yc_json_index_path ("pauses", i);
      YcPause pause;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return yc_json_fail (reader, error, path, _("must be an object"));
      if (!yc_json_check_members (reader, json_node_get_object (node), pause_members, path, error)
          || !yc_json_get_date (reader, json_node_get_object (node), "first", path,
                                YC_JSON_REQUIRED, &pause.first, error)
          || !yc_json_get_date (reader, json_node_get_object (node), "last", path,
                                YC_JSON_REQUIRED | YC_JSON_NULLABLE, &pause.last, error))
        return FALSE;
      /* Only the newest pause may still be open. */
      if (!g_date_valid (&pause.last) && i + 1 != json_array_get_length (array))
        return yc_json_fail (reader, error, path, _("only the last pause may be open"));
      g_array_append_val (self->pauses, pause);
    }
  return TRUE;
}

static gboolean
read_rating (const YcJsonReader  *reader,
             JsonObject          *object,
             YcCase              *self,
             GError             **error)
{
  JsonObject *rating, *follow_up;
  const char *comment, *at;
  gint64 level = 0;

  if (!yc_json_get_object (reader, object, "rating", "", YC_JSON_REQUIRED | YC_JSON_NULLABLE,
                           &rating, error))
    return FALSE;
  if (rating == NULL)
    return TRUE;
  if (!yc_json_check_members (reader, rating, rating_members, "rating", error)
      || !yc_json_get_int (reader, rating, "level", "rating", YC_JSON_REQUIRED, 1, 5, &level, error)
      || !yc_json_get_text (reader, rating, "comment", "rating", YC_JSON_NULLABLE, &comment, error)
      || !yc_json_get_timestamp (reader, rating, "at", "rating", YC_JSON_REQUIRED, &at, error)
      || !yc_json_get_object (reader, rating, "follow_up", "rating", YC_JSON_NULLABLE, &follow_up,
                              error))
    return FALSE;
  if (follow_up != NULL
      && (!yc_json_check_members (reader, follow_up, follow_up_members, "rating.follow_up", error)
          || !yc_json_get_date (reader, follow_up, "due", "rating.follow_up", YC_JSON_REQUIRED,
                                &self->follow_up_due, error)))
    return FALSE;
  if (follow_up == NULL && yc_rating_level_needs_follow_up ((guint) level)
      && json_object_has_member (rating, "follow_up"))
    return yc_json_fail (reader, error, "rating.follow_up",
                         _("a rating of %d needs its follow-up"), (int) level);
  if (follow_up != NULL && !yc_rating_level_needs_follow_up ((guint) level))
    return yc_json_fail (reader, error, "rating.follow_up",
                         _("a rating of %d opens no follow-up"), (int) level);
  self->rated = TRUE;
  self->rating_level = (guint) level;
  self->rating_comment = g_strdup (comment);
  self->rated_at = g_strdup (at);
  return TRUE;
}

static gboolean
read_case (YcCase      *self,
           JsonObject  *object,
           GError     **error)
{
  CASE_READER (r);
  const char *uuid, *number, *hall, *window, *clerk, *catalog_version, *decision, *state;
  const char *accepted_at;
  gint64 version = 0, committed_days = -1;
  JsonObject *subject, *applicant, *notice;

  if (!yc_json_check_members (r, object, case_members, "", error)
      || !yc_json_get_uuid (r, object, "uuid", "", YC_JSON_REQUIRED, &uuid, error)
      || !yc_json_get_string (r, object, "number", "", YC_JSON_REQUIRED, &number, error)
      || !yc_json_get_int (r, object, "version", "", YC_JSON_REQUIRED, 1, G_MAXINT64, &version,
                           error)
      || !yc_json_get_string (r, object, "hall", "", YC_JSON_REQUIRED, &hall, error)
      || !yc_json_get_string (r, object, "window", "", YC_JSON_REQUIRED, &window, error)
      || !yc_json_get_string (r, object, "clerk", "", YC_JSON_REQUIRED, &clerk, error)
      || !yc_json_get_string (r, object, "catalog_version", "", YC_JSON_REQUIRED,
                              &catalog_version, error)
      || !yc_json_get_object (r, object, "subject", "", YC_JSON_REQUIRED, &subject, error)
      || !yc_case_read_subject (self, r, subject, "subject", error)
      || !yc_json_get_object (r, object, "applicant", "", YC_JSON_REQUIRED, &applicant, error)
      || !yc_case_read_applicant (self, r, applicant, "applicant", error)
      || !yc_json_get_string (r, object, "decision", "", YC_JSON_REQUIRED, &decision, error)
      || !yc_json_get_string (r, object, "state", "", YC_JSON_REQUIRED, &state, error)
      || !yc_json_get_timestamp (r, object, "accepted_at", "", YC_JSON_REQUIRED, &accepted_at,
                                 error)
      || !yc_json_get_date (r, object, "accepted_on", "", YC_JSON_REQUIRED, &self->accepted_on,
                            error)
      || !yc_json_get_int (r, object, "committed_days", "", YC_JSON_REQUIRED, -1, 10000,
                           &committed_days, error)
      || !yc_json_get_date (r, object, "deadline", "", YC_JSON_REQUIRED | YC_JSON_NULLABLE,
                            &self->deadline, error)
      || !yc_json_get_date (r, object, "stopped_on", "", YC_JSON_REQUIRED | YC_JSON_NULLABLE,
                            &self->stopped_on, error)
      || !yc_json_get_object (r, object, "notice", "", YC_JSON_REQUIRED | YC_JSON_NULLABLE,
                              &notice, error)
      || !read_array (r, object, "parts", read_part, self->parts, error)
      || !read_array (r, object, "materials", read_stored_material, self->materials, error)
      || !read_array (r, object, "tolerated", read_stored_tolerated, self->tolerated, error)
      || !read_array (r, object, "pledges", read_stored_pledge, self->pledges, error)
      || !read_pauses (r, object, self, error)
      || !read_array (r, object, "urges", read_urge, self->urges, error)
      || !read_rating (r, object, self, error)
      || !read_array (r, object, "history", read_history, self->history, error))
    return FALSE;

  if (!yc_decision_from_string (decision, &self->decision))
    return yc_json_fail (r, error, "decision", _("unknown decision “%s”"), decision);
  if (!yc_case_state_from_string (state, &self->state))
    return yc_json_fail (r, error, "state", _("unknown case state “%s”"), state);

  self->uuid = g_strdup (uuid);
  self->number = g_strdup (number);
  self->version = version;
  self->hall = g_strdup (hall);
  self->window = g_strdup (window);
  self->clerk = g_strdup (clerk);
  self->catalog_version = g_strdup (catalog_version);
  self->accepted_at = g_strdup (accepted_at);
  self->committed_days = (int) committed_days;
  if (notice != NULL)
    self->notice = yc_json_object_copy (notice);
  return TRUE;
}

YcCase *
yc_case_from_json (JsonNode  *node,
                   GError   **error)
{
  g_autoptr(YcCase) self = NULL;

  g_return_val_if_fail (node != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, YC_CASE_ERROR, YC_CASE_ERROR_INVALID, _("case: must be an object"));
      return NULL;
    }
  self = yc_case_new_empty ();
  if (!read_case (self, json_node_get_object (node), error))
    return NULL;
  return g_steal_pointer (&self);
}

static void
write_part (YcJsonWriter *w,
            YcCasePart   *part)
{
  yc_json_writer_begin_object (w);
  yc_json_writer_add_string (w, "department", part->department);
  yc_json_writer_add_strv (w, "items", (const char * const *) part->items);
  yc_json_writer_add_string (w, "state", yc_case_state_to_string (part->state));
  yc_json_writer_add_string (w, "claimed_by", part->claimed_by);
  yc_json_writer_add_string (w, "decided_by", part->decided_by);
  yc_json_writer_add_date (w, "decided_on", &part->decided_on);
  yc_json_writer_add_string (w, "reason", part->reason);
  yc_json_writer_member (w, "notices");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < part->notices->len; i++)
    {
      YcCaseNotice *notice = g_ptr_array_index (part->notices, i);

      yc_json_writer_begin_object (w);
      yc_json_writer_add_string (w, "id", notice->id);
      yc_json_writer_add_string (w, "at", notice->at);
      yc_json_writer_add_date (w, "on", &notice->on);
      yc_json_writer_add_string (w, "by", notice->by);
      yc_json_writer_add_strv (w, "materials", (const char * const *) notice->materials);
      yc_json_writer_add_string (w, "message", notice->message);
      yc_json_writer_add_boolean (w, "new_demand", notice->new_demand);
      yc_json_writer_add_strv (w, "new_materials", (const char * const *) notice->new_materials);
      yc_json_writer_add_strv (w, "unmet", (const char * const *) notice->unmet);
      yc_json_writer_end_object (w);
    }
  yc_json_writer_end_array (w);
  yc_json_writer_end_object (w);
}

static void
write_material (YcJsonWriter          *w,
                YcCaseMaterialVersion *material)
{
  yc_json_writer_begin_object (w);
  yc_json_writer_add_string (w, "code", material->code);
  yc_json_writer_add_string (w, "name", material->name);
  yc_json_writer_add_string (w, "state", yc_case_material_state_to_string (material->state));
  yc_json_writer_add_int (w, "copies", material->copies);
  yc_json_writer_add_int (w, "pages", material->pages);
  yc_json_writer_add_string (w, "blob_sha256", material->blob_sha256);
  yc_json_writer_add_string (w, "defect_reason", material->defect_reason);
  yc_json_writer_add_int (w, "version", material->version);
  yc_json_writer_add_string (w, "added_at", material->added_at);
  yc_json_writer_end_object (w);
}

static void
write_urge (YcJsonWriter *w,
            YcCaseUrge   *urge)
{
  yc_json_writer_begin_object (w);
  yc_json_writer_add_string (w, "id", urge->id);
  yc_json_writer_add_string (w, "by", urge->by);
  yc_json_writer_add_string (w, "message", urge->message);
  yc_json_writer_add_string (w, "at", urge->at);
  yc_json_writer_add_string (w, "department", urge->department);
  yc_json_writer_add_string (w, "hall", urge->hall);
  yc_json_writer_add_boolean (w, "acknowledged", urge->acknowledged);
  yc_json_writer_add_string (w, "acknowledged_by", urge->acknowledged_by);
  yc_json_writer_add_string (w, "acknowledged_at", urge->acknowledged_at);
  /* Left out without an addressee, so that documents from before read back byte for byte. */
  if (urge->to != NULL)
    yc_json_writer_add_string (w, "to", urge->to);
  yc_json_writer_end_object (w);
}

/* The case document, described once for both targets (yc-json-writer.h). */
static void
write_case (YcJsonWriter *w,
            YcCase       *self)
{
  yc_json_writer_begin_object (w);
  yc_json_writer_add_string (w, "uuid", self->uuid);
  yc_json_writer_add_string (w, "number", self->number);
  yc_json_writer_add_int (w, "version", self->version);
  yc_json_writer_add_string (w, "hall", self->hall);
  yc_json_writer_add_string (w, "window", self->window);
  yc_json_writer_add_string (w, "clerk", self->clerk);
  yc_json_writer_add_string (w, "catalog_version", self->catalog_version);
  yc_json_writer_add_object (w, "subject", self->subject);
  yc_json_writer_add_object (w, "applicant", self->applicant);
  yc_json_writer_add_string (w, "decision", yc_decision_to_string (self->decision));
  yc_json_writer_add_string (w, "state", yc_case_state_to_string (self->state));
  yc_json_writer_add_string (w, "accepted_at", self->accepted_at);
  yc_json_writer_add_date (w, "accepted_on", &self->accepted_on);
  yc_json_writer_add_int (w, "committed_days", self->committed_days);
  yc_json_writer_add_date (w, "deadline", &self->deadline);
  yc_json_writer_add_date (w, "stopped_on", &self->stopped_on);
  yc_json_writer_add_object (w, "notice", self->notice);

  yc_json_writer_member (w, "parts");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->parts->len; i++)
    write_part (w, g_ptr_array_index (self->parts, i));
  yc_json_writer_end_array (w);

  yc_json_writer_member (w, "materials");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->materials->len; i++)
    write_material (w, g_ptr_array_index (self->materials, i));
  yc_json_writer_end_array (w);

  yc_json_writer_member (w, "tolerated");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (self->tolerated, i);

      yc_json_writer_begin_object (w);
      yc_json_writer_add_string (w, "material", tolerated->material);
      yc_json_writer_add_date (w, "due", &tolerated->due);
      yc_json_writer_add_boolean (w, "received", tolerated->received);
      yc_json_writer_add_date (w, "received_on", &tolerated->received_on);
      yc_json_writer_end_object (w);
    }
  yc_json_writer_end_array (w);

  yc_json_writer_member (w, "pledges");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->pledges->len; i++)
    {
      YcCasePledge *pledge = g_ptr_array_index (self->pledges, i);

      yc_json_writer_begin_object (w);
      yc_json_writer_add_string (w, "material", pledge->material);
      yc_json_writer_add_date (w, "due", &pledge->due);
      yc_json_writer_add_string (w, "status", yc_pledge_status_to_string (pledge->status));
      yc_json_writer_add_string (w, "verified_by", pledge->verified_by);
      yc_json_writer_add_date (w, "verified_on", &pledge->verified_on);
      yc_json_writer_add_string (w, "note", pledge->note);
      yc_json_writer_end_object (w);
    }
  yc_json_writer_end_array (w);

  yc_json_writer_member (w, "pauses");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->pauses->len; i++)
    {
      YcPause *pause = &g_array_index (self->pauses, YcPause, i);

      yc_json_writer_begin_object (w);
      yc_json_writer_add_date (w, "first", &pause->first);
      yc_json_writer_add_date (w, "last", &pause->last);
      yc_json_writer_end_object (w);
    }
  yc_json_writer_end_array (w);

  yc_json_writer_member (w, "urges");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->urges->len; i++)
    write_urge (w, g_ptr_array_index (self->urges, i));
  yc_json_writer_end_array (w);

  yc_json_writer_member (w, "rating");
  if (self->rated)
    {
      yc_json_writer_begin_object (w);
      yc_json_writer_add_int (w, "level", self->rating_level);
      yc_json_writer_add_string (w, "comment", self->rating_comment);
      yc_json_writer_add_string (w, "at", self->rated_at);
      yc_json_writer_member (w, "follow_up");
      if (g_date_valid (&self->follow_up_due))
        {
          yc_json_writer_begin_object (w);
          yc_json_writer_add_date (w, "due", &self->follow_up_due);
          yc_json_writer_end_object (w);
        }
      else
        yc_json_writer_null (w);
      yc_json_writer_end_object (w);
    }
  else
    yc_json_writer_null (w);

  yc_json_writer_member (w, "history");
  yc_json_writer_begin_array (w);
  for (guint i = 0; i < self->history->len; i++)
    {
      YcCaseHistoryEntry *entry = g_ptr_array_index (self->history, i);

      yc_json_writer_begin_object (w);
      yc_json_writer_add_string (w, "at", entry->at);
      yc_json_writer_add_string (w, "actor", entry->actor);
      yc_json_writer_add_string (w, "action", entry->action);
      yc_json_writer_add_string (w, "detail", entry->detail);
      yc_json_writer_end_object (w);
    }
  yc_json_writer_end_array (w);

  yc_json_writer_end_object (w);
}

JsonNode *
yc_case_to_json (YcCase *self)
{
  g_autoptr(JsonBuilder) builder = NULL;
  YcJsonWriter writer;

  g_return_val_if_fail (self != NULL, NULL);

  builder = json_builder_new ();
  yc_json_writer_init_tree (&writer, builder);
  write_case (&writer, self);
  return json_builder_get_root (builder);
}

/* Written straight as text: the back office stores a document per case it changes, and a
 * tree of the case only to write it out was a fifth of a push's work. */
char *
yc_case_to_json_string (YcCase *self)
{
  GString *out;
  YcJsonWriter writer;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_sized_new (2048);
  yc_json_writer_init_text (&writer, out);
  write_case (&writer, self);
  return g_string_free (out, FALSE);
}
