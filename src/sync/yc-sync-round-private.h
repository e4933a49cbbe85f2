/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-backoffice-client.h"
#include "yc-sync-engine-private.h"

G_BEGIN_DECLS

/* Shared by yc-sync-round.c (blobs and pushes, side by side) and yc-sync-round-pull.c (the
 * change feed): one round's state, the data of its GTask. */

typedef struct {
  YcSyncEngine       *engine;
  YcBackofficeClient *client;
  YcStore            *store;
  char               *username;
  char               *scope;         /* feed_scope() of the signed-in user */

  GPtrArray          *uploads;        /* YcPendingUpload* */
  guint               upload_next;     /* the next one to start */
  guint               uploads_running;
  GError             *error;           /* the first failure: nothing more starts */
  GPtrArray          *sent;            /* char* sha256: files sent, receipt not recorded */
  gboolean            recording;       /* a record of sent files is running */
  GPtrArray          *recorded;        /* char* sha256: the files it records */
  GHashTable         *unconfirmed;     /* sha256s of this round's uploads not yet recorded */
  GHashTable         *batch_waiting;   /* those of them the batch's ops name (same keys) */

  gint64              last_seq;        /* the outbox's last op when the uploads were listed */
  YcOutboxBatch      *batch;
  GPtrArray          *batch_ops;       /* YcOperation*: the batch's, read */
  gboolean            batch_dropped;
  gboolean            pushing;         /* a step of the push is running */
  gboolean            pushed_all;      /* the outbox had nothing more to send */

  char               *cursor;
  YcChangesPage      *page;
  /* The next page, asked for while this one is applied (yc-sync-round-pull.c). */
  gboolean            prefetching;     /* asked, no answer yet */
  gboolean            prefetch_wanted; /* the page applied: go on when the answer comes */
  gboolean            prefetched;      /* answered: next_page or next_error */
  YcChangesPage      *next_page;
  GError             *next_error;
  GPtrArray          *catalogs;       /* char*: versions to import before the page */
  guint               catalog_index;
  gboolean            cursor_reset;

  guint               n_items;
  guint               n_done;
} Round;

/* Returns @error (taken) as the round's result; FALSE (and nothing done) when it is NULL. */
gboolean  yc_sync_round_fail_if  (GTask  *task,
                                  GError *error);
/* 3. The pages of the change feed from the stored cursor; then the round returns. */
void      yc_sync_round_pull     (GTask  *task);

G_END_DECLS
