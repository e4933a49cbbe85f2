/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-calendar.h"

G_BEGIN_DECLS

/* Between the holiday-file reader (yc-calendar-loader.c) and the calendar. */

typedef struct {
  guint32  julian;
  gboolean off;     /* isOffDay */
} YcListedDay;

/* One year's file as read; the calendar merges these into its lookup table. */
typedef struct {
  int     year;
  char   *name;  /* for messages */
  GArray *days;  /* of YcListedDay, in file order */
} YcYearFile;

void        yc_year_file_free             (YcYearFile  *file);
YcYearFile *yc_year_file_parse            (GBytes      *json,
                                           const char  *name,
                                           GError     **error);
GPtrArray  *yc_year_files_load_directory  (GFile       *dir,
                                           GError     **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcYearFile, yc_year_file_free)

G_END_DECLS
