/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "yc-case.h"
#include "yc-fault-proxy.h"
#include "yc-sync-engine.h"
#include "yc-test-server.h"

G_BEGIN_DECLS

/*
 * What the sync engine's tests share (test-sync-engine.c, test-sync-problems.c,
 * test-sync-reauth.c): the real back office (tests/yc-test-server.c), optionally behind the
 * fault proxy; a real store in a fresh directory enrolled in hall A; a client, a session
 * manager signed in as YC_ENGINE_FIXTURE_CLERK (online, no idle lock) and an engine that
 * is not started, with no periodic round and a probe every second while offline.  The
 * engine's signals are counted in the fixture.
 */

#define YC_ENGINE_FIXTURE_CLERK "clerk-a"
#define YC_ENGINE_FIXTURE_ITEM  "SCJG-XK-002"   /* 有限责任公司设立登记, department scjg */
#define YC_ENGINE_FIXTURE_USCC  "91350100M000100Y43"

typedef struct {
  YcTestServer       *server;
  YcFaultProxy       *proxy;     /* between client and server, or NULL */
  char               *dir;
  YcStore            *store;
  YcCatalog          *catalog;
  YcCalendar         *calendar;
  YcBackofficeClient *client;
  YcSessionManager   *sessions;
  YcSyncEngine       *engine;
  gint64              signed_in_at;       /* monotonic µs, the set-up's sign-in */
  guint               rounds_ok;
  guint               rounds_failed;
  YcSyncState         state_after_round;  /* as "round-finished" was emitted */
  guint               session_changes;    /* "signed-in" or "username" notified */
  GPtrArray          *changed;            /* case uuids from "case-changed" */
  GPtrArray          *urges;              /* messages from "urge" */
} YcEngineFixture;

/* @serve_args: extra `serve` arguments of the back office, or NULL; @window: the store's
 * window in hall A (the back office enrolled W01 only); @proxy: through the fault proxy. */
void         yc_engine_fixture_set_up_full   (YcEngineFixture     *f,
                                              const char * const  *serve_args,
                                              const char          *window,
                                              gboolean             proxy);
/* At window W01, no proxy. */
void         yc_engine_fixture_set_up        (YcEngineFixture     *f,
                                              gconstpointer        data);
void         yc_engine_fixture_tear_down     (YcEngineFixture     *f,
                                              gconstpointer        data);

/* Opens the store of f->dir again (after the test dropped it). */
void         yc_engine_fixture_open_store    (YcEngineFixture     *f);
/* A new engine over f->sessions, its signals counted (the set-up's intervals). */
void         yc_engine_fixture_new_engine    (YcEngineFixture     *f);
/* Stops the engine and waits until nothing holds it; it must be finalized. */
void         yc_engine_fixture_drop_engine   (YcEngineFixture     *f);
/* Signs @username in (password: the username + "-pw"); fails the test if refused. */
void         yc_engine_fixture_sign_in       (YcEngineFixture     *f,
                                              const char          *username);

/* A case of YC_ENGINE_FIXTURE_ITEM accepted by @clerk as the counter builds it, with a
 * scan of its own content, stored; kicks the engine when there is one. */
YcCase      *yc_engine_fixture_accept_case   (YcEngineFixture     *f,
                                              const char          *clerk);
/* YC_ENGINE_FIXTURE_CLERK withdraws the case here at @version (申请人撤回), into the
 * outbox; returns the op's id. */
char        *yc_engine_fixture_withdraw      (YcEngineFixture     *f,
                                              const char          *uuid,
                                              gint64               version);

/* A round went well, and the engine is idle with nothing pending. */
gboolean     yc_engine_fixture_settled       (YcEngineFixture     *f);
/* Iterates until @cond holds; fails the test after @seconds, saying where the engine is. */
void         yc_engine_fixture_wait_until    (YcEngineFixture     *f,
                                              gboolean           (*cond) (YcEngineFixture *f),
                                              guint                seconds);
/* Kicks the engine and waits for one whole round after everything queued so far. */
void         yc_engine_fixture_sync_once     (YcEngineFixture     *f);

/* The case's sync state in the store ("pending", "synced", "conflict" …), interned. */
const char  *yc_engine_fixture_local_sync_state (YcEngineFixture  *f,
                                                 const char       *uuid);
/* The case as the back office holds it, asked as @user: its version (0: it has none) and
 * its state (interned) in @out_state. */
gint64       yc_engine_fixture_server_case   (YcEngineFixture     *f,
                                              const char          *user,
                                              const char          *uuid,
                                              const char         **out_state);
/* One op of @user pushed straight to the back office; it must be applied. */
void         yc_engine_fixture_server_push   (YcEngineFixture     *f,
                                              const char          *user,
                                              const char          *kind,
                                              const char          *case_uuid,
                                              gint64               base_version,
                                              const char          *payload);

/* A GAsyncReadyCallback keeping a reference to the result in *(GAsyncResult **) @user_data. */
void          yc_test_engine_async_cb        (GObject             *source,
                                              GAsyncResult        *result,
                                              gpointer             user_data);
/* Iterates until *@slot is set by yc_test_engine_async_cb() (fails after 30 s). */
GAsyncResult *yc_test_engine_wait_result     (GAsyncResult       **slot);
JsonObject   *yc_test_engine_parse_object    (const char          *json);

G_END_DECLS
