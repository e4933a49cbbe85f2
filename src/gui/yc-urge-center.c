/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-urge"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-store-error.h"
#include "yc-urge-center.h"
#include "yc-urge-item.h"

struct _YcUrgeCenter
{
  GObject           parent_instance;

  YcStore          *store;
  YcSessionManager *session;
  YcCalendar       *calendar;
  GApplication     *application;
  GListStore       *urges;      /* of YcUrgeItem */
  GHashTable       *notified;   /* urge id → TRUE: shown on the desktop by this run */
  GCancellable     *cancellable;
  char             *reader;     /* whose urges the list holds (the last reload's user) */
  guint             loading;    /* reloads under way */
  gboolean          again;      /* a reload was asked for while one ran */
};

G_DEFINE_FINAL_TYPE (YcUrgeCenter, yc_urge_center, G_TYPE_OBJECT)
G_DEFINE_QUARK (yc-urge-center-error-quark, yc_urge_center_error)

enum {
  PROP_0,
  PROP_STORE,
  PROP_SESSION,
  PROP_CALENDAR,
  PROP_APPLICATION,
  PROP_LOADING,
  N_PROPS
};

enum {
  SIGNAL_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

char *
yc_urge_notification_id (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);
  return g_strconcat ("urge-", id, NULL);
}

static void
notify_urge (YcUrgeCenter *self,
             YcUrgeItem   *item)
{
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *title = NULL;
  g_autofree char *body = NULL;
  g_autofree char *notification_id = NULL;
  const char *id = yc_urge_item_get_id (item);

  if (g_hash_table_contains (self->notified, id))
    return;
  g_hash_table_add (self->notified, g_strdup (id));
  if (self->application == NULL || !g_application_get_is_registered (self->application))
    return;

  /* Translators: a desktop notification's title; %s: the case number */
  title = g_strdup_printf (_("Urged: case %s"), yc_urge_item_get_title (item));
  /* Translators: %1$s: the supervisor's message, %2$s: the supervisor's user name */
  body = g_strdup_printf (_("%1$s — %2$s"), yc_urge_item_get_message (item),
                          yc_urge_item_get_from_user (item));
  notification = g_notification_new (title);
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_URGENT);
  g_notification_add_button_with_target (notification, _("Got it"), "app.acknowledge-urge", "s", id);
  notification_id = yc_urge_notification_id (id);
  g_application_send_notification (self->application, notification_id, notification);
}

static void
withdraw (YcUrgeCenter *self,
          const char   *id)
{
  g_autofree char *notification_id = yc_urge_notification_id (id);

  if (!g_hash_table_remove (self->notified, id))
    return;
  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_withdraw_notification (self->application, notification_id);
}

void
yc_urge_center_withdraw_all (YcUrgeCenter *self)
{
  g_autofree gpointer *ids = NULL;
  guint n;

  g_return_if_fail (YC_IS_URGE_CENTER (self));

  ids = g_hash_table_get_keys_as_array (self->notified, &n);
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *id = g_strdup (ids[i]);

      withdraw (self, id);
    }
}

static void
set_loading (YcUrgeCenter *self,
             gboolean      more)
{
  gboolean was = self->loading > 0;

  self->loading += more ? 1 : -1;
  if (was != (self->loading > 0))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The user signed in as an actor, or FALSE when nobody is. */
static gboolean
get_reader (YcUrgeCenter *self,
            YcActor      *out_actor)
{
  const YcUserProfile *profile = yc_session_manager_get_profile (self->session);

  if (profile == NULL || profile->username == NULL || !yc_session_manager_is_signed_in (self->session))
    return FALSE;
  out_actor->username = profile->username;
  out_actor->role = profile->role;
  out_actor->hall = profile->hall;
  out_actor->departments = (const char * const *) profile->departments;
  return TRUE;
}

static void
clear_list (YcUrgeCenter *self)
{
  g_list_store_remove_all (self->urges);
  yc_urge_center_withdraw_all (self);
}

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(YcUrgeCenter) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) urges = yc_store_list_urges_for_finish (YC_STORE (object), result, &error);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GHashTable) open = NULL;
  YcActor reader = { 0 };

  set_loading (self, FALSE);
  if (urges == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("The urges could not be read: %s", error->message);
      return;
    }

  items = g_ptr_array_new_with_free_func (g_object_unref);
  open = g_hash_table_new (g_str_hash, g_str_equal);
  /* Handlers are urged; a supervisor's feed carries the urges they sent to others.  Read
   * for a user who has signed out since: someone else's, not shown. */
  if (!get_reader (self, &reader) || g_strcmp0 (reader.username, self->reader) != 0
      || (reader.role != YC_ROLE_CLERK && reader.role != YC_ROLE_REVIEWER))
    g_ptr_array_set_size (urges, 0);
  for (guint i = 0; i < urges->len; i++)
    {
      YcUrge *urge = g_ptr_array_index (urges, i);

      if (urge->acknowledged_at != NULL)
        continue;
      g_ptr_array_add (items, yc_urge_item_new (urge));
      g_hash_table_add (open, urge->id);
    }
  g_list_store_splice (self->urges, 0, g_list_model_get_n_items (G_LIST_MODEL (self->urges)),
                       items->pdata, items->len);
  for (guint i = 0; i < items->len; i++)
    notify_urge (self, g_ptr_array_index (items, i));
  /* Acknowledged elsewhere (another window of the hall, before a restart): withdrawn. */
  {
    g_autofree gpointer *ids = NULL;
    guint n;

    ids = g_hash_table_get_keys_as_array (self->notified, &n);
    for (guint i = 0; i < n; i++)
      if (!g_hash_table_contains (open, ids[i]))
        {
          g_autofree char *id = g_strdup (ids[i]);

          withdraw (self, id);
        }
  }
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  if (self->again)
    {
      self->again = FALSE;
      yc_urge_center_reload (self);
    }
}

void
yc_urge_center_reload (YcUrgeCenter *self)
{
  YcActor reader = { 0 };

  g_return_if_fail (YC_IS_URGE_CENTER (self));

  if (self->loading > 0)
    {
      self->again = TRUE;
      return;
    }
  if (!get_reader (self, &reader))
    {
      /* Nobody signed in: nobody's urges. */
      g_clear_pointer (&self->reader, g_free);
      clear_list (self);
      g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
      return;
    }
  /* Another user on the same computer: the last one's urges go at once, not after the read. */
  if (self->reader != NULL && g_strcmp0 (self->reader, reader.username) != 0)
    clear_list (self);
  g_free (self->reader);
  self->reader = g_strdup (reader.username);
  set_loading (self, TRUE);
  yc_store_list_urges_for_async (self->store, &reader, TRUE, self->cancellable, list_cb,
                                 g_object_ref (self));
}

gboolean
yc_urge_center_get_loading (YcUrgeCenter *self)
{
  g_return_val_if_fail (YC_IS_URGE_CENTER (self), FALSE);
  return self->loading > 0;
}

gboolean
yc_urge_center_is_notified (YcUrgeCenter *self,
                            const char   *id)
{
  g_return_val_if_fail (YC_IS_URGE_CENTER (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);
  return g_hash_table_contains (self->notified, id);
}

/* Acknowledging */

typedef struct {
  char *id;
  char *case_uuid;
  char *username;   /* who acknowledges it */
} Ack;

static void
ack_free (Ack *ack)
{
  g_free (ack->id);
  g_free (ack->case_uuid);
  g_free (ack->username);
  g_free (ack);
}

static YcUrgeItem *
find_item (YcUrgeCenter *self,
           const char   *id,
           guint        *out_position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->urges));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcUrgeItem) item = g_list_model_get_item (G_LIST_MODEL (self->urges), i);

      if (g_strcmp0 (yc_urge_item_get_id (item), id) == 0)
        {
          if (out_position != NULL)
            *out_position = i;
          return item;
        }
    }
  return NULL;
}

static void
mark_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  YcUrgeCenter *self = source_object;
  Ack *ack = task_data;
  GError *error = NULL;

  if (!yc_store_acknowledge_urge_as (self->store, ack->id, ack->username, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
marked_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcUrgeCenter *self = g_task_get_source_object (task);
  Ack *ack = g_task_get_task_data (task);
  GError *error = NULL;
  guint position;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, error);
      return;
    }
  withdraw (self, ack->id);
  if (find_item (self, ack->id, &position) != NULL)
    g_list_store_remove (self->urges, position);
  g_signal_emit (self, signals[SIGNAL_CHANGED], 0);
  g_task_return_boolean (task, TRUE);
}

static void
mark (GTask *task)
{
  GTask *inner = g_task_new (g_task_get_source_object (task), g_task_get_cancellable (task),
                             marked_cb, task);

  g_task_set_task_data (inner, g_task_get_task_data (task), NULL);
  g_task_run_in_thread (inner, mark_thread);
  g_object_unref (inner);
}

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  GTask *task = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) applied = yc_store_apply_operation_finish (YC_STORE (object), result, &error);

  /* Acknowledged by a colleague first: the urge is answered all the same. */
  if (applied == NULL
      && !g_error_matches (error, YC_CASE_MACHINE_ERROR, YC_CASE_MACHINE_ERROR_ILLEGAL_TRANSITION))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  mark (task);
}

static void
got_case_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  GTask *task = user_data;
  YcUrgeCenter *self = g_task_get_source_object (task);
  Ack *ack = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = yc_store_get_case_finish (YC_STORE (object), result, &error);
  g_autoptr(YcOperation) op = NULL;
  g_autoptr(JsonObject) payload = NULL;
  g_autofree char *op_id = NULL;
  YcCaseUrge *urge;
  YcActor actor = { 0 };

  if (c == NULL)
    {
      if (g_error_matches (error, YC_STORE_ERROR, YC_STORE_ERROR_NOT_FOUND))
        g_task_return_new_error (task, YC_URGE_CENTER_ERROR, YC_URGE_CENTER_ERROR_NO_CASE,
                                 _("The case of this urge is not on this computer yet. Sync, then acknowledge it again."));
      else
        g_task_return_error (task, g_steal_pointer (&error));
      g_object_unref (task);
      return;
    }
  /* Signed out (or another user) while the case was read: not theirs to answer. */
  if (!get_reader (self, &actor) || g_strcmp0 (actor.username, ack->username) != 0)
    {
      g_task_return_new_error (task, YC_URGE_CENTER_ERROR, YC_URGE_CENTER_ERROR_NOT_SIGNED_IN,
                               _("Sign in to acknowledge the urge."));
      g_object_unref (task);
      return;
    }
  urge = yc_case_lookup_urge (c, ack->id);
  if (urge != NULL && urge->acknowledged)
    {
      mark (task);
      return;
    }

  payload = json_object_new ();
  json_object_set_string_member (payload, "urge_id", ack->id);
  op_id = g_uuid_string_random ();
  op = yc_operation_new (op_id, c->uuid, c->version, YC_OP_URGE_ACK, payload, NULL);
  yc_store_apply_operation_async (self->store, op, &actor, self->calendar,
                                  g_task_get_cancellable (task), applied_cb, task);
}

/**
 * yc_urge_center_acknowledge_async:
 * @id: the urge's id (one of the model's items)
 *
 * 知道了: an urge.ack operation for the urge's case through the outbox, then the urge is
 * marked here, its notification withdrawn and its item removed.  The caller kicks the sync.
 */
void
yc_urge_center_acknowledge_async (YcUrgeCenter        *self,
                                  const char          *id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  YcUrgeItem *item;
  YcActor actor = { 0 };
  Ack *ack;

  g_return_if_fail (YC_IS_URGE_CENTER (self));
  g_return_if_fail (id != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_urge_center_acknowledge_async);
  if (!get_reader (self, &actor))
    {
      g_task_return_new_error (task, YC_URGE_CENTER_ERROR, YC_URGE_CENTER_ERROR_NOT_SIGNED_IN,
                               _("Sign in to acknowledge the urge."));
      return;
    }
  /* Only the list's own urges: those of the user signed in (the store checks it again). */
  item = g_strcmp0 (self->reader, actor.username) == 0 ? find_item (self, id, NULL) : NULL;
  if (item == NULL)
    {
      g_task_return_new_error (task, YC_URGE_CENTER_ERROR, YC_URGE_CENTER_ERROR_NO_CASE,
                               _("This urge is not open any more."));
      return;
    }
  ack = g_new0 (Ack, 1);
  ack->id = g_strdup (id);
  ack->case_uuid = g_strdup (yc_urge_item_get_case_uuid (item));
  ack->username = g_strdup (actor.username);
  g_task_set_task_data (task, ack, (GDestroyNotify) ack_free);
  yc_store_get_case_async (self->store, ack->case_uuid, cancellable, got_case_cb,
                           g_steal_pointer (&task));
}

gboolean
yc_urge_center_acknowledge_finish (YcUrgeCenter  *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (YC_IS_URGE_CENTER (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == yc_urge_center_acknowledge_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* GObject */

static void
yc_urge_center_dispose (GObject *object)
{
  YcUrgeCenter *self = YC_URGE_CENTER (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->session);
  g_clear_object (&self->calendar);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (yc_urge_center_parent_class)->dispose (object);
}

static void
yc_urge_center_finalize (GObject *object)
{
  YcUrgeCenter *self = YC_URGE_CENTER (object);

  g_clear_object (&self->urges);
  g_clear_pointer (&self->notified, g_hash_table_unref);
  g_clear_pointer (&self->reader, g_free);
  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (yc_urge_center_parent_class)->finalize (object);
}

static void
yc_urge_center_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcUrgeCenter *self = YC_URGE_CENTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading > 0);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_urge_center_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  YcUrgeCenter *self = YC_URGE_CENTER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    case PROP_APPLICATION:
      self->application = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_urge_center_class_init (YcUrgeCenterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yc_urge_center_dispose;
  object_class->finalize = yc_urge_center_finalize;
  object_class->get_property = yc_urge_center_get_property;
  object_class->set_property = yc_urge_center_set_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, construct);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, YC_TYPE_SESSION_MANAGER,
                                                  construct);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR, construct);
  properties[PROP_APPLICATION] = g_param_spec_object ("application", NULL, NULL, G_TYPE_APPLICATION,
                                                      construct);
  properties[PROP_LOADING] = g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                                                   G_PARAM_READABLE | G_PARAM_STATIC_STRINGS
                                                   | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
yc_urge_center_init (YcUrgeCenter *self)
{
  self->urges = g_list_store_new (YC_TYPE_URGE_ITEM);
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->cancellable = g_cancellable_new ();
}

YcUrgeCenter *
yc_urge_center_new (YcStore          *store,
                    YcSessionManager *session,
                    YcCalendar       *calendar,
                    GApplication     *application)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (session), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  return g_object_new (YC_TYPE_URGE_CENTER, "store", store, "session", session,
                       "calendar", calendar, "application", application, NULL);
}

GListModel *
yc_urge_center_get_model (YcUrgeCenter *self)
{
  g_return_val_if_fail (YC_IS_URGE_CENTER (self), NULL);
  return G_LIST_MODEL (self->urges);
}
