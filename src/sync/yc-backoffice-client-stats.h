/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "yc-backoffice-client.h"
#include "yc-rules.h"

G_BEGIN_DECLS

/*
 * The hall's figures: GET /api/v1/stats?from=&to= (docs/API.md, docs/figures.md defines
 * every figure).  Shares and averages are NAN when they are undefined (the back office
 * answers null: no case to divide by); show them as "—".
 */

typedef struct {
  guint   cases;
  guint   by_decision[YC_N_DECISIONS];  /* indexed by YcDecision */
  guint   accepted;                     /* accept, with tolerance, on pledge */
  guint   one_trip;                     /* 最多跑一次 */
  double  one_trip_share;               /* of cases */
  guint   at_once;                      /* 即来即办 */
  double  at_once_share;                /* of accepted cases */
  guint   decided;                      /* 办结: approved or rejected */
  double  average_stages;               /* over decided cases */
  guint   committed_cases;
  double  committed_compression;        /* average of 1 − committed/statutory */
  guint   actual_cases;
  double  actual_compression;           /* average of 1 − actual/statutory, decided cases */
  guint   overdue;
  guint   rated;
  guint   levels[5];                    /* [0] 非常不满意 (1) … [4] 非常满意 (5) */
  double  rating_average;
  double  satisfied_share;              /* 基本满意 and better, of rated */
} YcFigures;

typedef struct {
  char      *key;      /* the department code, or "HALL-WINDOW" */
  char      *hall;     /* windows only; NULL for departments */
  char      *name;     /* the department's short name, the window's description; or NULL */
  YcFigures  figures;
} YcFiguresGroup;

typedef struct {
  GDate      from;
  GDate      to;
  char      *generated_at;   /* ISO 8601, the back office's clock */
  YcFigures  total;
  GPtrArray *by_department;  /* of YcFiguresGroup*, by code */
  GPtrArray *by_window;      /* of YcFiguresGroup*, by key */
  char      *json;           /* the answer as received: what the app keeps for offline use */
} YcStats;

#define YC_TYPE_STATS (yc_stats_get_type ())
GType    yc_stats_get_type                     (void) G_GNUC_CONST;
YcStats *yc_stats_copy                         (const YcStats       *stats);
void     yc_stats_free                         (YcStats             *stats);
/* Reads an answer of GET /api/v1/stats (as YcStats.json keeps it), strictly:
 * %YC_SYNC_ERROR_PROTOCOL naming the member otherwise. */
YcStats *yc_stats_parse                        (const char          *json,
                                                gssize               length,
                                                GError             **error);
/* The short label of a group: its name, else its key. */
const char *yc_figures_group_get_label         (const YcFiguresGroup *group);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (YcStats, yc_stats_free)

void     yc_backoffice_client_get_stats_async  (YcBackofficeClient  *self,
                                                const GDate         *from,
                                                const GDate         *to,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
YcStats *yc_backoffice_client_get_stats_finish (YcBackofficeClient  *self,
                                                GAsyncResult        *result,
                                                GError             **error);

G_END_DECLS
