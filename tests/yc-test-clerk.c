/* SPDX-License-Identifier: GPL-3.0-or-later */

/*
 * yc-test-clerk URL CLERK PASSWORD HALL WINDOW CODE [COUNT]: a fixture of the review UI
 * test (tests/ui/test-review.py) standing in for a counter window.  In a temporary store
 * enrolled as HALL-WINDOW, CLERK accepts COUNT (default 1) cases of CODE (an item or a
 * bundle of the shipped catalog) the way the counter does (the rules engine, the case
 * builder, the store), each material scanned as a real one-page PDF, then the sync engine
 * sends them to the back office at URL.  Prints one line per case: its number.
 */

#include "config.h"

#include <cairo-pdf.h>
#include <locale.h>

#include "yc-test-desk.h"

static cairo_status_t
write_cb (void                *closure,
          const unsigned char *data,
          unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* A page with a few lines of the label on it: something a reviewer can see. */
static GBytes *
make_pdf (const char *label)
{
  GByteArray *array = g_byte_array_new ();
  cairo_surface_t *surface = cairo_pdf_surface_create_for_stream (write_cb, array, 595, 842);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 0.1, 0.1, 0.1);
  cairo_rectangle (cr, 40, 40, 515, 762);
  cairo_set_line_width (cr, 2);
  cairo_stroke (cr);
  cairo_move_to (cr, 60, 100);
  cairo_set_font_size (cr, 14);
  cairo_show_text (cr, label);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  cairo_surface_destroy (surface);
  return g_byte_array_free_to_bytes (array);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCalendar) calendar = NULL;
  g_autoptr(YcCatalog) catalog = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GFile) file = NULL;
  YcTestDesk *desk;
  guint64 count = 1;

  setlocale (LC_ALL, "");
  if (argc < 7 || (argc > 7 && !g_ascii_string_to_unsigned (argv[7], 10, 1, 100, &count, NULL)))
    {
      g_printerr ("usage: %s URL CLERK PASSWORD HALL WINDOW CODE [COUNT]\n", argv[0]);
      return 2;
    }
  calendar = yc_calendar_new_default (&error);
  g_assert_no_error (error);
  path = g_build_filename (g_getenv ("YC_SOURCE_DATADIR") != NULL ? g_getenv ("YC_SOURCE_DATADIR") : "data",
                           "catalog", "catalog.json", NULL);
  file = g_file_new_for_path (path);
  catalog = yc_catalog_load_file (file, &error);
  g_assert_no_error (error);

  yc_test_desk_make_scan = make_pdf;
  desk = yc_test_desk_new_for_url (argv[1], calendar, argv[2], argv[3], argv[4], argv[5]);
  for (guint i = 0; i < count; i++)
    {
      g_autoptr(YcCase) c = yc_test_desk_accept (desk, catalog, argv[6], NULL, NULL);

      g_print ("%s\n", c->number);
    }
  yc_test_desk_sync (desk);
  if (yc_store_outbox_count (desk->store, &error) != 0)
    {
      g_printerr ("the cases were not all sent: %s\n", yc_sync_engine_get_last_error (desk->engine));
      return 1;
    }
  yc_test_desk_free (desk);
  return 0;
}
