/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-docs"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "yc-documents.h"
#include "yc-page-writer-private.h"

/* A4 in points, and the margins of a form: 22 mm at the sides, 25 mm at the top, 22 mm at
 * the bottom with the page number inside the bottom margin. */
#define MM            (72.0 / 25.4)
#define PAGE_WIDTH    YC_DOCUMENT_PAGE_WIDTH
#define PAGE_HEIGHT   YC_DOCUMENT_PAGE_HEIGHT
#define MARGIN_SIDE   (22.0 * MM)
#define MARGIN_TOP    (25.0 * MM)
#define MARGIN_BOTTOM (22.0 * MM)
#define TEXT_WIDTH    (PAGE_WIDTH - 2 * MARGIN_SIDE)
#define TEXT_BOTTOM   (PAGE_HEIGHT - MARGIN_BOTTOM)

#define CELL_PAD_X    4.0
#define CELL_PAD_Y    2.5
#define RULE_WIDTH    0.6
#define QR_SIZE       (28.0 * MM)

/* Noto Sans CJK SC prints best; WenQuanYi Micro Hei is what every install has.  The list is
 * handed to fontconfig, which takes the first family present. */
#define FONT_FAMILIES "Noto Sans CJK SC,WenQuanYi Micro Hei,sans-serif"

struct _YcPageWriter
{
  char                 *running_header;
  PangoContext         *context;
  PangoFontDescription *body;
  PangoFontDescription *small;
  PangoFontDescription *cell;
  PangoFontDescription *cell_bold;
  PangoFontDescription *heading;
  PangoFontDescription *title;
  GPtrArray            *pages;  /* of cairo_surface_t*: recording surfaces */
  cairo_t              *cr;     /* drawing on the last page */
  double                y;      /* the flow's position on the last page, from the top */
};

static PangoFontDescription *
font_new (double   size,
          gboolean bold)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILIES);
  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return font;
}

static PangoLayout *
layout_new (YcPageWriter               *self,
            const PangoFontDescription *font,
            double                      width,
            YcAlign                     align,
            const char                 *text)
{
  PangoLayout *layout = pango_layout_new (self->context);
  static const PangoAlignment alignments[] = {
    [YC_ALIGN_LEFT] = PANGO_ALIGN_LEFT,
    [YC_ALIGN_CENTER] = PANGO_ALIGN_CENTER,
    [YC_ALIGN_RIGHT] = PANGO_ALIGN_RIGHT,
  };

  pango_layout_set_font_description (layout, font);
  pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  /* Chinese has no spaces: break anywhere, but keep Latin words (codes, numbers) whole. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  pango_layout_set_alignment (layout, alignments[align]);
  pango_layout_set_line_spacing (layout, 1.3);
  pango_layout_set_text (layout, text != NULL ? text : "", -1);
  return layout;
}

static double
layout_height (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) height / PANGO_SCALE;
}

static double
layout_width (PangoLayout *layout)
{
  int width, height;

  pango_layout_get_size (layout, &width, &height);
  return (double) width / PANGO_SCALE;
}

static void
show_layout (YcPageWriter *self,
             PangoLayout  *layout,
             double        x,
             double        y)
{
  cairo_move_to (self->cr, x, y);
  pango_cairo_show_layout (self->cr, layout);
}

static void
new_page (YcPageWriter *self)
{
  cairo_rectangle_t extents = { 0, 0, PAGE_WIDTH, PAGE_HEIGHT };
  cairo_surface_t *page;

  g_clear_pointer (&self->cr, cairo_destroy);
  page = cairo_recording_surface_create (CAIRO_CONTENT_COLOR_ALPHA, &extents);
  g_ptr_array_add (self->pages, page);
  self->cr = cairo_create (page);
  cairo_set_source_rgb (self->cr, 0, 0, 0);
  self->y = MARGIN_TOP;

  /* Continuation pages say what they continue, in case the sheets come apart. */
  if (self->pages->len > 1 && self->running_header != NULL)
    {
      g_autoptr(PangoLayout) layout = layout_new (self, self->small, TEXT_WIDTH, YC_ALIGN_LEFT,
                                                  self->running_header);
      double top = MARGIN_TOP - 10.0 * MM;

      cairo_set_source_rgb (self->cr, 0.35, 0.35, 0.35);
      show_layout (self, layout, MARGIN_SIDE, top);
      cairo_set_line_width (self->cr, 0.4);
      cairo_move_to (self->cr, MARGIN_SIDE, top + layout_height (layout) + 2);
      cairo_line_to (self->cr, MARGIN_SIDE + TEXT_WIDTH, top + layout_height (layout) + 2);
      cairo_stroke (self->cr);
      cairo_set_source_rgb (self->cr, 0, 0, 0);
    }
}

/* Breaks the page unless @height fits below the flow; never on a fresh page, where a block
 * taller than a page has to go anyway. */
static gboolean
ensure (YcPageWriter *self,
        double        height)
{
  if (self->y + height <= TEXT_BOTTOM || self->y <= MARGIN_TOP + 0.5)
    return FALSE;
  new_page (self);
  return TRUE;
}

YcPageWriter *
yc_page_writer_new (const char *running_header)
{
  YcPageWriter *self = g_new0 (YcPageWriter, 1);
  cairo_font_options_t *options = cairo_font_options_create ();

  self->running_header = g_strdup (running_header);
  /* Per-thread default font map: documents are rendered in GTask threads. */
  self->context = pango_font_map_create_context (pango_cairo_font_map_get_default ());
  pango_cairo_context_set_resolution (self->context, 72.0);  /* Pango units are points */
  pango_context_set_language (self->context, pango_language_from_string ("zh-cn"));
  /* Print: outlines as designed, metrics independent of any device grid. */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (self->context, options);
  cairo_font_options_destroy (options);

  self->body = font_new (11, FALSE);
  self->small = font_new (9, FALSE);
  self->cell = font_new (10, FALSE);
  self->cell_bold = font_new (10, TRUE);
  self->heading = font_new (12, TRUE);
  self->title = font_new (20, TRUE);
  self->pages = g_ptr_array_new_with_free_func ((GDestroyNotify) cairo_surface_destroy);
  new_page (self);
  return self;
}

void
yc_page_writer_free (YcPageWriter *self)
{
  if (self == NULL)
    return;
  g_clear_pointer (&self->cr, cairo_destroy);
  g_clear_pointer (&self->pages, g_ptr_array_unref);
  g_clear_pointer (&self->body, pango_font_description_free);
  g_clear_pointer (&self->small, pango_font_description_free);
  g_clear_pointer (&self->cell, pango_font_description_free);
  g_clear_pointer (&self->cell_bold, pango_font_description_free);
  g_clear_pointer (&self->heading, pango_font_description_free);
  g_clear_pointer (&self->title, pango_font_description_free);
  g_clear_object (&self->context);
  g_free (self->running_header);
  g_free (self);
}

void
yc_page_writer_title (YcPageWriter *self,
                      const char   *text)
{
  g_autoptr(PangoLayout) layout = layout_new (self, self->title, TEXT_WIDTH, YC_ALIGN_CENTER, text);

  ensure (self, layout_height (layout) + 40);
  show_layout (self, layout, MARGIN_SIDE, self->y);
  self->y += layout_height (layout) + 8;
}

void
yc_page_writer_right_line (YcPageWriter *self,
                           const char   *text)
{
  g_autoptr(PangoLayout) layout = layout_new (self, self->body, TEXT_WIDTH, YC_ALIGN_RIGHT, text);

  ensure (self, layout_height (layout));
  show_layout (self, layout, MARGIN_SIDE, self->y);
  self->y += layout_height (layout) + 6;
}

void
yc_page_writer_heading (YcPageWriter *self,
                        const char   *text)
{
  g_autoptr(PangoLayout) layout = layout_new (self, self->heading, TEXT_WIDTH, YC_ALIGN_LEFT, text);

  self->y += 8;
  /* Never a heading alone at the foot of a page: keep room for a couple of lines after it. */
  ensure (self, layout_height (layout) + 48);
  show_layout (self, layout, MARGIN_SIDE, self->y);
  self->y += layout_height (layout) + 4;
}

/* Line by line, so that a long paragraph flows onto the next page. */
static void
flow_layout (YcPageWriter *self,
             PangoLayout  *layout)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  double offset = self->y;  /* page y of the layout's top */

  do
    {
      PangoRectangle logical;
      PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
      double top, bottom, baseline;

      pango_layout_iter_get_line_extents (iter, NULL, &logical);
      top = offset + (double) logical.y / PANGO_SCALE;
      bottom = top + (double) logical.height / PANGO_SCALE;
      if (bottom > TEXT_BOTTOM && top > MARGIN_TOP + 0.5)
        {
          new_page (self);
          offset = self->y - (double) logical.y / PANGO_SCALE;
        }
      baseline = offset + (double) pango_layout_iter_get_baseline (iter) / PANGO_SCALE;
      cairo_move_to (self->cr, MARGIN_SIDE + (double) logical.x / PANGO_SCALE, baseline);
      pango_cairo_show_layout_line (self->cr, line);
      self->y = offset + (double) (logical.y + logical.height) / PANGO_SCALE;
    }
  while (pango_layout_iter_next_line (iter));
  pango_layout_iter_free (iter);
}

void
yc_page_writer_paragraph (YcPageWriter *self,
                          const char   *text,
                          gboolean      indent)
{
  g_autoptr(PangoLayout) layout = layout_new (self, self->body, TEXT_WIDTH, YC_ALIGN_LEFT, text);

  if (indent)
    pango_layout_set_indent (layout, 22 * PANGO_SCALE);  /* two characters, as Chinese prose */
  flow_layout (self, layout);
  self->y += 6;
}

void
yc_page_writer_emphasis (YcPageWriter *self,
                         const char   *text)
{
  g_autoptr(PangoLayout) layout = layout_new (self, self->heading, TEXT_WIDTH, YC_ALIGN_LEFT, text);

  self->y += 4;
  flow_layout (self, layout);
  self->y += 6;
}

void
yc_page_writer_space (YcPageWriter *self,
                      double        points)
{
  self->y += points;
}

typedef struct {
  PangoLayout **cells;
  double        height;
} TableRow;

static TableRow
table_row_new (YcPageWriter        *self,
               const YcColumn      *columns,
               guint                n_columns,
               const char * const  *texts,
               gboolean             header)
{
  TableRow row = { g_new0 (PangoLayout *, n_columns), 0 };

  for (guint i = 0; i < n_columns; i++)
    {
      const char *text = texts != NULL && g_strv_length ((GStrv) texts) > i ? texts[i] : "";
      const PangoFontDescription *font = header || columns[i].label ? self->cell_bold : self->cell;

      row.cells[i] = layout_new (self, font, columns[i].width * TEXT_WIDTH - 2 * CELL_PAD_X,
                                 header ? YC_ALIGN_CENTER : columns[i].align, text);
      pango_layout_set_line_spacing (row.cells[i], 1.15);
      row.height = MAX (row.height, layout_height (row.cells[i]) + 2 * CELL_PAD_Y);
    }
  return row;
}

static void
table_row_clear (TableRow *row,
                 guint     n_columns)
{
  for (guint i = 0; i < n_columns; i++)
    g_clear_object (&row->cells[i]);
  g_clear_pointer (&row->cells, g_free);
}

static void
table_row_draw (YcPageWriter   *self,
                const YcColumn *columns,
                guint           n_columns,
                TableRow       *row,
                gboolean        header)
{
  double x = MARGIN_SIDE;

  for (guint i = 0; i < n_columns; i++)
    {
      double width = columns[i].width * TEXT_WIDTH;
      double text_height = layout_height (row->cells[i]);

      if (header || columns[i].label)
        {
          cairo_set_source_rgb (self->cr, header ? 0.88 : 0.94, header ? 0.88 : 0.94,
                                header ? 0.88 : 0.94);
          cairo_rectangle (self->cr, x, self->y, width, row->height);
          cairo_fill (self->cr);
          cairo_set_source_rgb (self->cr, 0, 0, 0);
        }
      /* Vertically centred in the row, as forms do. */
      show_layout (self, row->cells[i], x + CELL_PAD_X,
                   self->y + (row->height - text_height) / 2);
      cairo_set_line_width (self->cr, RULE_WIDTH);
      cairo_rectangle (self->cr, x, self->y, width, row->height);
      cairo_stroke (self->cr);
      x += width;
    }
  self->y += row->height;
}

void
yc_page_writer_table (YcPageWriter   *self,
                      const YcColumn *columns,
                      guint           n_columns,
                      GPtrArray      *rows)
{
  g_autofree const char **titles = g_new0 (const char *, n_columns + 1);
  gboolean has_header = FALSE;
  TableRow header = { NULL, 0 };

  for (guint i = 0; i < n_columns; i++)
    {
      titles[i] = columns[i].title != NULL ? columns[i].title : "";
      has_header = has_header || titles[i][0] != '\0';
    }
  if (has_header)
    header = table_row_new (self, columns, n_columns, titles, TRUE);

  for (guint r = 0; r < rows->len; r++)
    {
      TableRow row = table_row_new (self, columns, n_columns, g_ptr_array_index (rows, r), FALSE);
      gboolean broke = ensure (self, row.height + (r == 0 ? header.height : 0));

      /* The header opens the table and every page the table continues on. */
      if (has_header && (r == 0 || broke))
        table_row_draw (self, columns, n_columns, &header, TRUE);
      table_row_draw (self, columns, n_columns, &row, FALSE);
      table_row_clear (&row, n_columns);
    }
  if (has_header)
    table_row_clear (&header, n_columns);
  self->y += 6;
}

/* Signature lines on the left, the seal on the right, kept together on one page: a seal
 * alone on a last page would certify nothing above it. */
void
yc_page_writer_closing (YcPageWriter       *self,
                        const char * const *signatures,
                        const char         *date_label,
                        const char         *issuer,
                        const char         *date,
                        const char         *seal_label)
{
  double seal_width = TEXT_WIDTH * 0.38;
  double sign_width = issuer != NULL ? TEXT_WIDTH - seal_width : TEXT_WIDTH * 0.62;
  double radius = 20.0 * MM;  /* a 40 mm seal, the size of an official one */
  double sign_height = 0, line_height = 0, top;
  guint n_signatures = signatures != NULL ? g_strv_length ((GStrv) signatures) : 0;
  static const double dash[] = { 3.0, 3.0 };

  if (n_signatures > 0)
    {
      g_autoptr(PangoLayout) probe = layout_new (self, self->body, sign_width, YC_ALIGN_LEFT, "—");

      /* Room above each line for a hand-written signature, and below it for the date. */
      line_height = 2 * layout_height (probe) + 24;
      sign_height = n_signatures * line_height;
    }
  self->y += 10;
  ensure (self, MAX (sign_height, issuer != NULL ? 2 * radius : 0));
  top = self->y;

  for (guint i = 0; i < n_signatures; i++)
    {
      g_autoptr(PangoLayout) label = layout_new (self, self->body, sign_width, YC_ALIGN_LEFT,
                                                 signatures[i]);
      g_autoptr(PangoLayout) when = layout_new (self, self->body, sign_width, YC_ALIGN_LEFT,
                                                date_label);
      double y = top + i * line_height + 20;
      double line_start = MARGIN_SIDE + layout_width (label) + 4;
      double line_end = MARGIN_SIDE + sign_width - 16;

      show_layout (self, label, MARGIN_SIDE, y);
      if (line_end > line_start)
        {
          cairo_set_line_width (self->cr, 0.5);
          cairo_move_to (self->cr, line_start, y + layout_height (label) - 1);
          cairo_line_to (self->cr, line_end, y + layout_height (label) - 1);
          cairo_stroke (self->cr);
        }
      if (date_label != NULL)
        show_layout (self, when, line_start, y + layout_height (label) + 2);
    }

  if (issuer != NULL)
    {
      double x = MARGIN_SIDE + TEXT_WIDTH - seal_width;
      g_autoptr(PangoLayout) name = layout_new (self, self->body, seal_width, YC_ALIGN_CENTER, issuer);
      g_autoptr(PangoLayout) day = layout_new (self, self->body, seal_width, YC_ALIGN_CENTER, date);
      g_autoptr(PangoLayout) mark = layout_new (self, self->small, seal_width, YC_ALIGN_CENTER,
                                                seal_label);
      double block = layout_height (name) + layout_height (day) + 4;
      double cx = x + seal_width / 2, cy = top + radius;

      /* Where the seal goes: the issuer and the date sit under it, as on official papers. */
      cairo_save (self->cr);
      cairo_set_source_rgb (self->cr, 0.55, 0.55, 0.55);
      cairo_set_line_width (self->cr, 0.6);
      cairo_set_dash (self->cr, dash, G_N_ELEMENTS (dash), 0);
      cairo_new_path (self->cr);  /* no line from where the text left the point */
      cairo_arc (self->cr, cx, cy, radius, 0, 2 * G_PI);
      cairo_stroke (self->cr);
      show_layout (self, mark, x, cy - radius + 6);
      cairo_restore (self->cr);
      show_layout (self, name, x, cy - block / 2);
      show_layout (self, day, x, cy - block / 2 + layout_height (name) + 4);
    }

  self->y = top + MAX (sign_height, issuer != NULL ? 2 * radius : 0) + 4;
}

void
yc_page_writer_qr (YcPageWriter *self,
                   const QRcode *code,
                   const char   *caption)
{
  /* Four modules of quiet zone on every side, as the standard asks. */
  double module = QR_SIZE / (code->width + 8);
  double x0 = MARGIN_SIDE, y0;
  double text_x = MARGIN_SIDE + QR_SIZE + 6 * MM;
  g_autoptr(PangoLayout) layout = layout_new (self, self->body, TEXT_WIDTH - (text_x - MARGIN_SIDE),
                                              YC_ALIGN_LEFT, caption);

  ensure (self, MAX (QR_SIZE, layout_height (layout)) + 4);
  y0 = self->y;
  cairo_set_source_rgb (self->cr, 1, 1, 1);
  cairo_rectangle (self->cr, x0, y0, QR_SIZE, QR_SIZE);
  cairo_fill (self->cr);
  cairo_set_source_rgb (self->cr, 0, 0, 0);

  /* Runs of dark modules as rectangles of one path: one fill, no seams between modules. */
  for (int row = 0; row < code->width; row++)
    for (int col = 0; col < code->width; )
      {
        int end = col;

        while (end < code->width && (code->data[row * code->width + end] & 1))
          end++;
        if (end > col)
          {
            cairo_rectangle (self->cr, x0 + (col + 4) * module, y0 + (row + 4) * module,
                             (end - col) * module, module);
            col = end;
          }
        else
          col++;
      }
  cairo_fill (self->cr);

  show_layout (self, layout, text_x,
               y0 + MAX (0, (QR_SIZE - layout_height (layout)) / 2));
  self->y = y0 + MAX (QR_SIZE, layout_height (layout)) + 4;
}

/**
 * yc_page_writer_end:
 *
 * Ends the flow and puts "第 1 页 共 2 页" on every page, now that their number is known.
 *
 * Returns: (transfer full) (element-type cairo_surface_t): the pages, recording surfaces of
 *   A4 in points, complete: replaying them needs neither the writer nor its Pango context
 */
GPtrArray *
yc_page_writer_end (YcPageWriter *self)
{
  g_clear_pointer (&self->cr, cairo_destroy);

  for (guint i = 0; i < self->pages->len; i++)
    {
      /* Translators: the footer of every printed page */
      g_autofree char *number = g_strdup_printf (_("Page %u of %u"), i + 1, self->pages->len);
      g_autoptr(PangoLayout) footer = layout_new (self, self->small, TEXT_WIDTH, YC_ALIGN_CENTER,
                                                  number);
      cairo_t *cr = cairo_create (g_ptr_array_index (self->pages, i));

      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_move_to (cr, MARGIN_SIDE, PAGE_HEIGHT - 12.0 * MM - layout_height (footer));
      pango_cairo_show_layout (cr, footer);
      cairo_destroy (cr);
    }
  return g_steal_pointer (&self->pages);
}
