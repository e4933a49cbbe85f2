/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-page-item"

#include "config.h"

#include "yc-page-item.h"

/* Thumbnails are made at this size and scaled down by the strip: one decode per edit. */
#define THUMBNAIL_SIZE 160

struct _YcPageItem
{
  GObject     parent_instance;

  YcScanPage *page;
  GdkTexture *thumbnail;  /* made on first use, dropped on an edit */
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
  g_clear_object (&self->thumbnail);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAGE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_THUMBNAIL]);
}

gboolean
yc_page_item_get_blank (YcPageItem *self)
{
  g_return_val_if_fail (YC_IS_PAGE_ITEM (self), FALSE);
  return yc_scan_page_is_blank (self->page);
}

/**
 * yc_page_item_get_thumbnail:
 *
 * Returns: (transfer none) (nullable): the page, rotated and cropped, at most 160 pixels
 *   on either side; %NULL when its image cannot be decoded
 */
GdkTexture *
yc_page_item_get_thumbnail (YcPageItem *self)
{
  g_autoptr(GError) error = NULL;
  cairo_surface_t *surface;
  g_autoptr(GBytes) bytes = NULL;
  int width, height, stride;

  g_return_val_if_fail (YC_IS_PAGE_ITEM (self), NULL);

  if (self->thumbnail != NULL)
    return self->thumbnail;

  surface = yc_scan_page_create_thumbnail (self->page, THUMBNAIL_SIZE, &error);
  if (surface == NULL)
    {
      g_warning ("Cannot draw the thumbnail of a page: %s", error->message);
      return NULL;
    }
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  /* RGB24 leaves the fourth byte undefined; painted onto ARGB32 it becomes opaque. */
  {
    cairo_surface_t *opaque = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, width, height);
    cairo_t *cr = cairo_create (opaque);

    cairo_set_source_surface (cr, surface, 0, 0);
    cairo_paint (cr);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
    surface = opaque;
  }
  cairo_surface_flush (surface);
  stride = cairo_image_surface_get_stride (surface);
  bytes = g_bytes_new_with_free_func (cairo_image_surface_get_data (surface),
                                      (gsize) stride * height,
                                      (GDestroyNotify) cairo_surface_destroy, surface);
  /* CAIRO_FORMAT_RGB24 is B8G8R8X8 in memory on little-endian machines */
  self->thumbnail = gdk_memory_texture_new (width, height,
                                            G_BYTE_ORDER == G_LITTLE_ENDIAN
                                            ? GDK_MEMORY_B8G8R8A8_PREMULTIPLIED
                                            : GDK_MEMORY_A8R8G8B8_PREMULTIPLIED,
                                            bytes, stride);
  return self->thumbnail;
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
