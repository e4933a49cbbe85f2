/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-document-preview"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "yc-document-preview-private.h"

/*
 * The documents a decided case gives the applicant (docs/documents.md), shown at once after
 * the commit and again from today's cases: each laid out in a worker thread
 * (yc_document_layout_async), drawn here with yc_document_pages_draw, page n of m, zoomed
 * or fitted.  打印 prints them all in one job (yc-print.h), 另存为 PDF writes them all into
 * one file, 完成 closes and lets the counter go on to the next applicant.
 *
 * The receipt's QR code is keyed with the hall secret the enrolment stored (the store's
 * meta "hall_secret").  A window enrolled before there were secrets has none: its receipt
 * is printed without the code and says so, and so does this window.
 *
 * Keyboard: Ctrl+P print, Ctrl+S save, Enter or Escape done, Page Up/Down pages (on into
 * the next document), Ctrl+Page Up/Down documents, Ctrl+Plus/Minus zoom, Ctrl+0 whole page.
 */

#define MARGIN      16.0
#define ZOOM_STEP   1.25
#define ZOOM_MIN    0.25
#define ZOOM_MAX    4.0

G_DEFINE_FINAL_TYPE (YcDocumentPreview, yc_document_preview, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CATALOG,
  PROP_CALENDAR,
  PROP_READY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  DONE,
  PRINTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The window is held weakly: a window closed meanwhile is finalized, and its answers are
 * dropped rather than kept alive to land on a window without widgets. */
Request *
yc_document_preview_request_new (YcDocumentPreview *self,
                                 guint              slot)
{
  Request *request = g_new0 (Request, 1);

  g_weak_ref_init (&request->self, self);
  request->generation = self->generation;
  request->slot = slot;
  return request;
}

void
yc_document_preview_request_free (Request *request)
{
  g_weak_ref_clear (&request->self);
  g_clear_object (&request->file);
  g_free (request);
}

/**
 * yc_document_preview_request_get:
 * @current: whether the answer must be for the case shown now
 *
 * Returns: (transfer full) (nullable): the window the answer is for, or %NULL when it is
 *   gone, the request was cancelled, or (@current) another case is shown now
 */
YcDocumentPreview *
yc_document_preview_request_get (Request      *request,
                                 const GError *error,
                                 gboolean      current)
{
  YcDocumentPreview *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return NULL;
  self = g_weak_ref_get (&request->self);
  if (self != NULL && current && request->generation != self->generation)
    g_clear_object (&self);
  return self;
}

gboolean
yc_document_preview_get_ready (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), FALSE);
  return self->documents != NULL && self->pending == 0 && self->error == NULL
         && self->documents->len > 0;
}

void
yc_document_preview_notify_ready (YcDocumentPreview *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

void
yc_document_preview_emit_printed (YcDocumentPreview *self)
{
  g_signal_emit (self, signals[PRINTED], 0);
}

static YcDocumentPages *
current_pages (YcDocumentPreview *self)
{
  if (!yc_document_preview_get_ready (self) || self->document >= self->documents->len)
    return NULL;
  return g_ptr_array_index (self->documents, self->document);
}

void
yc_document_preview_add_toast (YcDocumentPreview *self,
                               const char        *message,
                               gboolean           stays)
{
  AdwToast *toast = adw_toast_new (message);

  /* An error stays until the clerk has read it. */
  if (stays)
    adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static double
fit_scale (YcDocumentPreview *self,
           int                width,
           int                height)
{
  double sx = (width - 2 * MARGIN) / YC_DOCUMENT_PAGE_WIDTH;
  double sy = (height - 2 * MARGIN) / YC_DOCUMENT_PAGE_HEIGHT;

  return MAX (MIN (sx, sy), 0.05);
}

static double
shown_scale (YcDocumentPreview *self)
{
  if (self->zoom > 0)
    return self->zoom;
  return fit_scale (self, gtk_widget_get_width (GTK_WIDGET (self->scrolled)),
                    gtk_widget_get_height (GTK_WIDGET (self->scrolled)));
}

void
yc_document_preview_update_controls (YcDocumentPreview *self)
{
  YcDocumentPages *pages = current_pages (self);
  gboolean ready = pages != NULL;
  guint n_pages = ready ? yc_document_pages_get_n_pages (pages) : 0;
  gboolean has_previous = ready && (self->page > 0 || self->document > 0);
  gboolean has_next = ready && (self->page + 1 < n_pages || self->document + 1 < self->documents->len);
  g_autofree char *zoom = NULL;
  GtkWidget *widget = GTK_WIDGET (self);

  if (ready)
    {
      /* Translators: the page shown of the document shown */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n_pages);
      /* Translators: how a screen reader names the page: the document, then “Page 1 of 2” */
      g_autofree char *label = g_strdup_printf (_("%s, %s"), yc_document_pages_get_title (pages), text);

      gtk_label_set_text (self->page_label, text);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->area), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      label, -1);
    }
  else
    gtk_label_set_text (self->page_label, "");

  zoom = self->zoom > 0 ? g_strdup_printf ("%.0f%%", self->zoom * 100) : g_strdup (_("Page"));
  gtk_label_set_text (self->zoom_label, zoom);

  gtk_widget_action_set_enabled (widget, "preview.print", ready && !self->busy);
  gtk_widget_action_set_enabled (widget, "preview.save", ready && !self->busy);
  gtk_widget_action_set_enabled (widget, "preview.previous-page", has_previous);
  gtk_widget_action_set_enabled (widget, "preview.next-page", has_next);
  gtk_widget_action_set_enabled (widget, "preview.previous-document", ready && self->document > 0);
  gtk_widget_action_set_enabled (widget, "preview.next-document",
                                 ready && self->document + 1 < self->documents->len);
  gtk_widget_action_set_enabled (widget, "preview.zoom-in", ready && shown_scale (self) < ZOOM_MAX);
  gtk_widget_action_set_enabled (widget, "preview.zoom-out", ready && shown_scale (self) > ZOOM_MIN);
  gtk_widget_action_set_enabled (widget, "preview.zoom-fit", ready && self->zoom > 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->document_dropdown), ready && self->documents->len > 1);
}

static void
apply_zoom (YcDocumentPreview *self)
{
  /* Fitted, the area takes what the window gives; zoomed, it asks for the page's size and
   * the scrolled window scrolls. */
  int width = self->zoom > 0 ? (int) (YC_DOCUMENT_PAGE_WIDTH * self->zoom + 2 * MARGIN) : 0;
  int height = self->zoom > 0 ? (int) (YC_DOCUMENT_PAGE_HEIGHT * self->zoom + 2 * MARGIN) : 0;

  gtk_drawing_area_set_content_width (self->area, width);
  gtk_drawing_area_set_content_height (self->area, height);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  yc_document_preview_update_controls (self);
}

void
yc_document_preview_show_page (YcDocumentPreview *self,
                               guint              document,
                               guint              page)
{
  self->document = document;
  self->page = page;
  if (gtk_drop_down_get_selected (self->document_dropdown) != document)
    gtk_drop_down_set_selected (self->document_dropdown, document);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scrolled), 0);
  gtk_widget_queue_draw (GTK_WIDGET (self->area));
  yc_document_preview_update_controls (self);
}

static void
draw_cb (GtkDrawingArea *area,
         cairo_t        *cr,
         int             width,
         int             height,
         gpointer        user_data)
{
  YcDocumentPreview *self = user_data;
  YcDocumentPages *pages = current_pages (self);
  double scale, x, y, page_width, page_height;

  if (pages == NULL || self->page >= yc_document_pages_get_n_pages (pages))
    return;

  scale = self->zoom > 0 ? self->zoom : fit_scale (self, width, height);
  page_width = YC_DOCUMENT_PAGE_WIDTH * scale;
  page_height = YC_DOCUMENT_PAGE_HEIGHT * scale;
  x = MAX (MARGIN, (width - page_width) / 2);
  y = self->zoom > 0 ? MARGIN : MAX (MARGIN, (height - page_height) / 2);

  /* The sheet, white on the window's background whatever the style, with a soft shadow. */
  cairo_set_source_rgba (cr, 0, 0, 0, 0.18);
  cairo_rectangle (cr, x + 2, y + 3, page_width, page_height);
  cairo_fill (cr);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_rectangle (cr, x, y, page_width, page_height);
  cairo_fill (cr);

  cairo_save (cr);
  cairo_translate (cr, x, y);
  cairo_scale (cr, scale, scale);
  yc_document_pages_draw (pages, self->page, cr);
  cairo_restore (cr);
}

void
yc_document_preview_show_error (YcDocumentPreview *self,
                                const char        *message)
{
  g_free (self->error);
  self->error = g_strdup (message);
  adw_status_page_set_description (self->error_page, message);
  gtk_stack_set_visible_child_name (self->stack, "error");
  yc_document_preview_update_controls (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
}

static void
done_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (widget);

  g_object_ref (self);
  g_signal_emit (self, signals[DONE], 0);
  gtk_window_destroy (GTK_WINDOW (self));
  g_object_unref (self);
}

static void
page_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (widget);
  YcDocumentPages *pages = current_pages (self);

  if (pages == NULL)
    return;
  if (g_str_equal (action_name, "preview.next-page"))
    {
      if (self->page + 1 < yc_document_pages_get_n_pages (pages))
        yc_document_preview_show_page (self, self->document, self->page + 1);
      else if (self->document + 1 < self->documents->len)
        yc_document_preview_show_page (self, self->document + 1, 0);
    }
  else if (g_str_equal (action_name, "preview.previous-page"))
    {
      if (self->page > 0)
        yc_document_preview_show_page (self, self->document, self->page - 1);
      else if (self->document > 0)
        {
          YcDocumentPages *previous = g_ptr_array_index (self->documents, self->document - 1);

          yc_document_preview_show_page (self, self->document - 1, yc_document_pages_get_n_pages (previous) - 1);
        }
    }
  else if (g_str_equal (action_name, "preview.next-document"))
    {
      if (self->document + 1 < self->documents->len)
        yc_document_preview_show_page (self, self->document + 1, 0);
    }
  else if (self->document > 0)
    yc_document_preview_show_page (self, self->document - 1, 0);
}

static void
zoom_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (widget);
  double scale = shown_scale (self);

  if (g_str_equal (action_name, "preview.zoom-in"))
    self->zoom = CLAMP (scale * ZOOM_STEP, ZOOM_MIN, ZOOM_MAX);
  else if (g_str_equal (action_name, "preview.zoom-out"))
    self->zoom = CLAMP (scale / ZOOM_STEP, ZOOM_MIN, ZOOM_MAX);
  else
    self->zoom = 0;
  apply_zoom (self);
}

static void
document_selected_cb (YcDocumentPreview *self)
{
  guint selected = gtk_drop_down_get_selected (self->document_dropdown);

  if (self->documents != NULL && selected != GTK_INVALID_LIST_POSITION
      && selected < self->documents->len && selected != self->document)
    yc_document_preview_show_page (self, selected, 0);
}

void
yc_document_preview_reset (YcDocumentPreview *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->generation++;
  g_clear_pointer (&self->case_doc, yc_case_unref);
  g_clear_pointer (&self->kinds, g_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_clear_pointer (&self->error, g_free);
  self->pending = 0;
  self->verified = FALSE;
  self->document = self->page = 0;
  gtk_widget_set_visible (GTK_WIDGET (self->note_label), FALSE);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  yc_document_preview_update_controls (self);
}

static void
yc_document_preview_dispose (GObject *object)
{
  YcDocumentPreview *self = (YcDocumentPreview *)object;

  /* Answers still on their way (a layout finished as the window closed) find a window
   * without its widgets: they must not count. */
  self->generation++;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->catalog);
  g_clear_object (&self->calendar);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_DOCUMENT_PREVIEW);

  G_OBJECT_CLASS (yc_document_preview_parent_class)->dispose (object);
}

static void
yc_document_preview_finalize (GObject *object)
{
  YcDocumentPreview *self = (YcDocumentPreview *)object;

  g_clear_pointer (&self->case_doc, yc_case_unref);
  g_clear_pointer (&self->kinds, g_array_unref);
  g_clear_pointer (&self->documents, g_ptr_array_unref);
  g_free (self->error);

  G_OBJECT_CLASS (yc_document_preview_parent_class)->finalize (object);
}

static void
yc_document_preview_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_READY:
      g_value_set_boolean (value, yc_document_preview_get_ready (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_document_preview_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  YcDocumentPreview *self = YC_DOCUMENT_PREVIEW (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_document_preview_class_init (YcDocumentPreviewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  static const char * const page_actions[] = {
    "preview.next-page", "preview.previous-page", "preview.next-document", "preview.previous-document",
  };
  static const char * const zoom_actions[] = {
    "preview.zoom-in", "preview.zoom-out", "preview.zoom-fit",
  };

  object_class->dispose = yc_document_preview_dispose;
  object_class->finalize = yc_document_preview_finalize;
  object_class->get_property = yc_document_preview_get_property;
  object_class->set_property = yc_document_preview_set_property;

  /**
   * YcDocumentPreview:store: (nullable)
   *
   * Where the hall secret is read (meta "hall_secret") and cases are found by UUID.
   */
  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CATALOG] =
    g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /**
   * YcDocumentPreview:ready:
   *
   * Whether the documents are laid out and shown (and may be printed).
   */
  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcDocumentPreview::done:
   *
   * The clerk is done with the documents (完成, Enter, Escape); the window closes after.
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * YcDocumentPreview::printed:
   *
   * The documents went to the printer (or to the export file).
   */
  signals[PRINTED] = g_signal_new ("printed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-document-preview.ui");
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, window_title);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, document_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, page_label);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, note_label);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, stack);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, error_page);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, scrolled);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, area);
  gtk_widget_class_bind_template_child (widget_class, YcDocumentPreview, done_button);

  gtk_widget_class_install_action (widget_class, "preview.print", NULL, yc_document_preview_print_action);
  gtk_widget_class_install_action (widget_class, "preview.save", NULL, yc_document_preview_save_action);
  gtk_widget_class_install_action (widget_class, "preview.done", NULL, done_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i], NULL, page_action);
  for (guint i = 0; i < G_N_ELEMENTS (zoom_actions); i++)
    gtk_widget_class_install_action (widget_class, zoom_actions[i], NULL, zoom_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK, "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "preview.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "preview.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, 0, "preview.next-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, 0, "preview.previous-page", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Down, GDK_CONTROL_MASK,
                                       "preview.next-document", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Page_Up, GDK_CONTROL_MASK,
                                       "preview.previous-document", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "preview.zoom-in", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK,
                                       "preview.zoom-out", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "preview.zoom-fit", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "preview.zoom-fit", NULL);
}

static void
yc_document_preview_init (YcDocumentPreview *self)
{
  GtkEventController *escape;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Escape is 完成 wherever the focus is: in the capture phase, before the toast overlay
   * takes it to dismiss a toast ("已打印到 …"). */
  escape = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (escape, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (escape),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape, 0),
                                                          gtk_named_action_new ("preview.done")));
  gtk_widget_add_controller (GTK_WIDGET (self), escape);
  self->cancellable = g_cancellable_new ();
  gtk_drawing_area_set_draw_func (self->area, draw_cb, self, NULL);
  g_signal_connect_object (self->document_dropdown, "notify::selected",
                           G_CALLBACK (document_selected_cb), self, G_CONNECT_SWAPPED);
  /* Fitted, the scale follows the window's size. */
  g_signal_connect_object (self->area, "resize", G_CALLBACK (yc_document_preview_update_controls), self, G_CONNECT_SWAPPED);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  yc_document_preview_update_controls (self);
}

/**
 * yc_document_preview_new:
 * @parent: (nullable): the counter's window
 * @store: (nullable): the local store (hall secret, cases by UUID)
 * @catalog: (nullable): names, forms and where to get a material
 * @calendar: (nullable): for cases without a stored deadline
 *
 * Returns: (transfer none): a new modal window; show a case in it
 */
GtkWidget *
yc_document_preview_new (GtkWindow  *parent,
                         YcStore    *store,
                         YcCatalog  *catalog,
                         YcCalendar *calendar)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_DOCUMENT_PREVIEW,
                       "transient-for", parent,
                       "store", store,
                       "catalog", catalog,
                       "calendar", calendar,
                       NULL);
}

YcCase *
yc_document_preview_get_case (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), NULL);
  return self->case_doc;
}

/* Why the documents cannot be shown, or NULL. */
const char *
yc_document_preview_get_error (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), NULL);
  return self->error;
}

/* Whether the receipt carries its verification code (the hall secret was there). */
gboolean
yc_document_preview_get_verified (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), FALSE);
  return self->verified;
}

guint
yc_document_preview_get_n_documents (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), 0);
  return yc_document_preview_get_ready (self) ? self->documents->len : 0;
}

/**
 * yc_document_preview_get_document:
 *
 * Returns: (transfer none) (nullable): the laid-out document at @index, once ready
 */
YcDocumentPages *
yc_document_preview_get_document (YcDocumentPreview *self,
                                  guint              index)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), NULL);
  if (index >= yc_document_preview_get_n_documents (self))
    return NULL;
  return g_ptr_array_index (self->documents, index);
}

guint
yc_document_preview_get_current_document (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), 0);
  return self->document;
}

guint
yc_document_preview_get_current_page (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), 0);
  return self->page;
}

double
yc_document_preview_get_zoom (YcDocumentPreview *self)
{
  g_return_val_if_fail (YC_IS_DOCUMENT_PREVIEW (self), 0);
  return self->zoom;
}
