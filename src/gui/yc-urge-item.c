/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-urge"

#include "config.h"

#include "yc-urge-item.h"

struct _YcUrgeItem
{
  GObject  parent_instance;

  YcUrge  *urge;
  char    *title;
};

G_DEFINE_FINAL_TYPE (YcUrgeItem, yc_urge_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_UUID,
  PROP_CASE_NUMBER,
  PROP_MESSAGE,
  PROP_FROM_USER,
  PROP_CREATED_AT,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_urge_item_finalize (GObject *object)
{
  YcUrgeItem *self = YC_URGE_ITEM (object);

  g_clear_pointer (&self->urge, yc_urge_free);
  g_free (self->title);

  G_OBJECT_CLASS (yc_urge_item_parent_class)->finalize (object);
}

static void
yc_urge_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcUrgeItem *self = YC_URGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->urge->id);
      break;
    case PROP_CASE_UUID:
      g_value_set_string (value, self->urge->case_uuid);
      break;
    case PROP_CASE_NUMBER:
      g_value_set_string (value, self->urge->case_number);
      break;
    case PROP_MESSAGE:
      g_value_set_string (value, self->urge->message);
      break;
    case PROP_FROM_USER:
      g_value_set_string (value, self->urge->from_user);
      break;
    case PROP_CREATED_AT:
      g_value_set_string (value, self->urge->created_at);
      break;
    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_urge_item_class_init (YcUrgeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = yc_urge_item_finalize;
  object_class->get_property = yc_urge_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_CASE_UUID] = g_param_spec_string ("case-uuid", NULL, NULL, NULL, flags);
  properties[PROP_CASE_NUMBER] = g_param_spec_string ("case-number", NULL, NULL, NULL, flags);
  properties[PROP_MESSAGE] = g_param_spec_string ("message", NULL, NULL, NULL, flags);
  properties[PROP_FROM_USER] = g_param_spec_string ("from-user", NULL, NULL, NULL, flags);
  properties[PROP_CREATED_AT] = g_param_spec_string ("created-at", NULL, NULL, NULL, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_urge_item_init (YcUrgeItem *self)
{
}

YcUrgeItem *
yc_urge_item_new (const YcUrge *urge)
{
  YcUrgeItem *self;

  g_return_val_if_fail (urge != NULL && urge->id != NULL, NULL);

  self = g_object_new (YC_TYPE_URGE_ITEM, NULL);
  self->urge = yc_urge_copy (urge);
  self->title = urge->case_number != NULL && *urge->case_number != '\0'
                ? g_strdup (urge->case_number)
                : g_strndup (urge->case_uuid != NULL ? urge->case_uuid : "", 8);
  return self;
}

const YcUrge *
yc_urge_item_get_urge (YcUrgeItem *self)
{
  g_return_val_if_fail (YC_IS_URGE_ITEM (self), NULL);
  return self->urge;
}

const char *
yc_urge_item_get_id (YcUrgeItem *self)
{
  g_return_val_if_fail (YC_IS_URGE_ITEM (self), NULL);
  return self->urge->id;
}

const char *
yc_urge_item_get_case_uuid (YcUrgeItem *self)
{
  g_return_val_if_fail (YC_IS_URGE_ITEM (self), NULL);
  return self->urge->case_uuid;
}

const char *
yc_urge_item_get_message (YcUrgeItem *self)
{
  g_return_val_if_fail (YC_IS_URGE_ITEM (self), NULL);
  return self->urge->message;
}

const char *
yc_urge_item_get_from_user (YcUrgeItem *self)
{
  g_return_val_if_fail (YC_IS_URGE_ITEM (self), NULL);
  return self->urge->from_user;
}

const char *
yc_urge_item_get_title (YcUrgeItem *self)
{
  g_return_val_if_fail (YC_IS_URGE_ITEM (self), NULL);
  return self->title;
}
