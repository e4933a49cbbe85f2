/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-item"

#include "config.h"

#include "yc-page-item.h"
#include "yc-page-thumbnailer.h"

/* Thumbnails are made at this size and scaled down by the strip: one decode per edit. */
#define THUMBNAIL_SIZE 160

struct _YcPageItem
{
  GObject     parent_instance;

  YcScanPage   *page;
  GdkTexture   *thumbnail;  /* decoded on first use, dropped on an edit */
  GCancellable *request;    /* the decoding under way, or NULL */
  gboolean      failed;     /* the image could not be decoded: not tried again */
};

G_DEFINE_FINAL_TYPE (YcPageItem, yc_page_item, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_PAGE,
  PROP_BLANK,
  PROP_THUMBNAIL,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
yc_page_item_finalize (GObject *object)
{
  YcPageItem *self = (YcPageItem *)object;

  yc_page_item_cancel_thumbnail (self);
  g_clear_pointer (&self->page, yc_scan_page_unref);
  g_clear_object (&self->thumbnail);

  G_OBJECT_CLASS (yc_page_item_parent_class)->finalize (object);
}

static void
yc_page_item_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcPageItem *self = YC_PAGE_ITEM (object);

  switch (prop_id)
    {
    case PROP_PAGE:
      g_value_set_boxed (value, self->page);
      break;
    case PROP_BLANK:
      g_value_set_boolean (value, yc_page_item_get_blank (self));
      break;
    case PROP_THUMBNAIL:
      g_value_set_object (value, yc_page_item_get_thumbnail (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_page_item_class_init (YcPageItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_page_item_finalize;
  object_class->get_property = yc_page_item_get_property;

  properties[PROP_PAGE] =
    g_param_spec_boxed ("page", NULL, NULL, YC_TYPE_SCAN_PAGE,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_BLANK] =
    g_param_spec_boolean ("blank", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_THUMBNAIL] =
    g_param_spec_object ("thumbnail", NULL, NULL, GDK_TYPE_TEXTURE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
yc_page_item_init (YcPageItem *self)
{
}

YcPageItem *
yc_page_item_new (YcScanPage *page)
{
  YcPageItem *self;

  g_return_val_if_fail (page != NULL, NULL);

  self = g_object_new (YC_TYPE_PAGE_ITEM, NULL);
  self->page = yc_scan_page_ref (page);
  return self;
}

/**
 * yc_page_item_get_page:
 *
 * Returns: (transfer none): the page as edited so far
 */
YcScanPage *
yc_page_item_get_page (YcPageItem *self)
{
  g_return_val_if_fail (YC_IS_PAGE_ITEM (self), NULL);
  return self->page;
}

void
yc_page_item_set_page (YcPageItem *self,
                       YcScanPage *page)
{
  g_return_if_fail (YC_IS_PAGE_ITEM (self));
  g_return_if_fail (page != NULL);

  if (page == self->page)
    return;
  yc_scan_page_ref (page);
  g_clear_pointer (&self->page, yc_scan_page_unref);
  self->page = page;
  yc_page_item_cancel_thumbnail (self);
  g_clear_object (&self->thumbnail);
  self->failed = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

gboolean
yc_page_item_get_blank (YcPageItem *self)
{
  g_return_val_if_fail (YC_IS_PAGE_ITEM (self), FALSE);
  return yc_scan_page_is_blank (self->page);
}

static void
thumbnail_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  GWeakRef *weak = user_data;
  g_autoptr(YcPageItem) self = g_weak_ref_get (weak);
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = yc_page_thumbnail_finish (result, &error);

  g_weak_ref_clear (weak);
  g_free (weak);
  /* Gone, edited or no longer shown since: this result is nobody's. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  g_clear_object (&self->request);
  if (texture == NULL)
    {
      g_warning ("Cannot draw the thumbnail of a page: %s", error->message);
      self->failed = TRUE;
      return;
    }
  g_set_object (&self->thumbnail, texture);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

/**
 * yc_page_item_get_thumbnail:
 *
 * The thumbnail is decoded on a worker thread (yc-page-thumbnailer.h): the first call
 * starts it and returns %NULL; #GObject::notify for "thumbnail" tells when it is there.
 *
 * Returns: (transfer none) (nullable): the page, rotated and cropped, at most 160 pixels
 *   on either side; %NULL until it is decoded, or when its image cannot be decoded
 */
GdkTexture *
yc_page_item_get_thumbnail (YcPageItem *self)
{
  GWeakRef *weak;

  g_return_val_if_fail (YC_IS_PAGE_ITEM (self), NULL);

  if (self->thumbnail != NULL || self->request != NULL || self->failed)
    return self->thumbnail;

  self->request = g_cancellable_new ();
  weak = g_new0 (GWeakRef, 1);
  g_weak_ref_init (weak, self);
  yc_page_thumbnail_async (self->page, THUMBNAIL_SIZE, self->request, thumbnail_done_cb, weak);
  return NULL;
}

/**
 * yc_page_item_cancel_thumbnail:
 *
 * Drops the decoding of the thumbnail if it has not started: the page is no longer shown.
 * The next yc_page_item_get_thumbnail() asks again.
 */
void
yc_page_item_cancel_thumbnail (YcPageItem *self)
{
  g_return_if_fail (YC_IS_PAGE_ITEM (self));

  if (self->request == NULL)
    return;
  g_cancellable_cancel (self->request);
  g_clear_object (&self->request);
}

/**
 * yc_page_item_list_pages:
 * @model: a list of #YcPageItem
 *
 * Returns: (transfer full) (element-type YcScanPage): the pages in order
 */
GPtrArray *
yc_page_item_list_pages (GListModel *model)
{
  GPtrArray *pages;
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  n = g_list_model_get_n_items (model);
  pages = g_ptr_array_new_full (n, (GDestroyNotify) yc_scan_page_unref);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(YcPageItem) item = g_list_model_get_item (model, i);
      g_ptr_array_add (pages, yc_scan_page_ref (item->page));
    }
  return pages;
}
