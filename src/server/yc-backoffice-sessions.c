/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-backoffice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <sodium.h>

#include "yc-backoffice-private.h"

/*
 * Sessions.  A bearer token is 256 random bits, base64url without padding; the database
 * keeps only its SHA-256, so a stolen copy of the database opens no session.  Failed sign-ins
 * count per username and per peer address; max_failures within the lockout duration lock
 * that username for the lockout duration, and PEER_FAILURE_FACTOR times as many lock the
 * peer address.  An attempt is counted before its password is verified (and taken back
 * when it succeeds), so parallel guesses cannot verify more passwords than the limit.
 * Password hashing (argon2id) runs outside any transaction, on a small pool of its own: it
 * is deliberately slow and must not hold up other callers.
 */

#define TOKEN_BYTES      32
/* A hall behind one NAT address is one peer: one clerk mistyping must not lock out the
 * whole hall, so a peer may fail this many times more often than a username. */
#define PEER_FAILURE_FACTOR 4
#define MAX_TOKEN_LENGTH 128

static char *
token_encode (const guint8 *bytes)
{
  char encoded[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];

  sodium_bin2base64 (encoded, sizeof encoded, bytes, TOKEN_BYTES,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return g_strdup (encoded);
}

static char *
token_hash (const char *token)
{
  return yc_backoffice_sha256_hex (token, strlen (token));
}

static YcPrincipal *
principal_from_user (const YcStorageUser *user)
{
  YcRole role;

  if (!yc_principal_role_from_string (user->role, &role))
    return NULL;
  return yc_principal_new (user->username, user->display_name, role, user->hall,
                           (const char * const *) user->departments);
}

/*
 * Password verification (argon2id) runs on a pool of its own, two threads wide: a flood of
 * sign-ins then costs at most two cores and a short queue, and the request workers that
 * serve pushes and changes are never all stuck hashing.  A sign-in that finds the queue full
 * is refused at once (LOCKED_OUT, 429) before anything is counted.
 */
#define VERIFY_THREADS     2
#define VERIFY_QUEUE_LIMIT 8

typedef struct {
  YcBackoffice *self;
  const char   *hash;      /* NULL: burn the time of a verification against a random password */
  const char   *password;
  GAsyncQueue  *answer;    /* one reference for the pool thread: GINT_TO_POINTER (1 + verified) */
} VerifyJob;

/* Verifies against a hash of a random password, so that an unknown username costs as much
 * time as a known one and the answer time does not tell which usernames exist. */
static void
burn_verification (YcBackoffice *self,
                   const char   *password)
{
  g_autofree char *hash = NULL;

  g_mutex_lock (&self->lock);
  hash = g_strdup (self->dummy_hash);
  g_mutex_unlock (&self->lock);

  if (hash == NULL)
    {
      char buffer[crypto_pwhash_STRBYTES];
      guint8 random[16];

      randombytes_buf (random, sizeof random);
      if (crypto_pwhash_str (buffer, (const char *) random, sizeof random,
                             crypto_pwhash_OPSLIMIT_INTERACTIVE,
                             crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return;
      hash = g_strdup (buffer);
      g_mutex_lock (&self->lock);
      if (self->dummy_hash == NULL)
        self->dummy_hash = g_strdup (hash);
      g_mutex_unlock (&self->lock);
    }
  if (crypto_pwhash_str_verify (hash, password, strlen (password)) == 0)
    g_debug ("A random password was guessed");
}

static void
verify_thread_cb (gpointer data,
                  gpointer user_data)
{
  VerifyJob *job = data;
  GAsyncQueue *answer = job->answer;
  gboolean verified = FALSE;

  if (job->hash != NULL)
    verified = crypto_pwhash_str_verify (job->hash, job->password, strlen (job->password)) == 0;
  else
    burn_verification (job->self, job->password);

  /* The job lives on the waiting thread's stack: do not touch it after answering. */
  g_async_queue_push (answer, GINT_TO_POINTER (verified ? 2 : 1));
  g_async_queue_unref (answer);
}

static GThreadPool *
verify_pool (void)
{
  static GThreadPool *pool;

  if (g_once_init_enter (&pool))
    g_once_init_leave (&pool, g_thread_pool_new (verify_thread_cb, NULL, VERIFY_THREADS, FALSE, NULL));
  return pool;
}

static gboolean
verify_queue_full (void)
{
  return g_thread_pool_unprocessed (verify_pool ()) >= VERIFY_QUEUE_LIMIT;
}

/* Verifies @password against @hash (or burns the time of it when @hash is NULL) on the
 * verification pool, and waits for the answer. */
static gboolean
verify_password (YcBackoffice *self,
                 const char   *hash,
                 const char   *password)
{
  g_autoptr(GAsyncQueue) answer = g_async_queue_new ();
  VerifyJob job = { self, hash, password, g_async_queue_ref (answer) };

  g_thread_pool_push (verify_pool (), &job, NULL);
  return GPOINTER_TO_INT (g_async_queue_pop (answer)) == 2;
}

/*
 * One sign-in in flight per username (per back office): a second one arriving while the
 * first is being verified is refused, so that parallel guesses cannot all pass the lockout
 * check before any of them is counted.
 */
static GMutex in_flight_lock;
static GHashTable *in_flight;

static char *
in_flight_key (YcBackoffice *self,
               const char   *username)
{
  return g_strdup_printf ("%p\n%s", (void *) self, username);
}

static gboolean
in_flight_enter (YcBackoffice *self,
                 const char   *username)
{
  g_autofree char *key = in_flight_key (self, username);
  gboolean entered = FALSE;

  g_mutex_lock (&in_flight_lock);
  if (in_flight == NULL)
    in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  if (!g_hash_table_contains (in_flight, key))
    {
      g_hash_table_add (in_flight, g_steal_pointer (&key));
      entered = TRUE;
    }
  g_mutex_unlock (&in_flight_lock);
  return entered;
}

static void
in_flight_leave (YcBackoffice *self,
                 const char   *username)
{
  g_autofree char *key = in_flight_key (self, username);

  g_mutex_lock (&in_flight_lock);
  g_hash_table_remove (in_flight, key);
  g_mutex_unlock (&in_flight_lock);
}

static JsonNode *
peer_detail (const char *peer,
             const char *reason)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);
  JsonObject *object = json_object_new ();

  json_object_set_string_member (object, "peer", peer);
  if (reason != NULL)
    json_object_set_string_member (object, "reason", reason);
  json_node_take_object (node, object);
  return node;
}

/* Counts one failure against @key, in the caller's write transaction. */
static gboolean
count_failure (YcBackoffice  *self,
               const char    *key,
               gint64         now,
               guint          max_failures,
               gint64         duration,
               gboolean      *out_locked,
               guint         *out_failures,
               GError       **error)
{
  guint failures;
  gint64 first, locked_until;

  if (!yc_backoffice_storage_throttle_get (self->storage, key, &failures, &first, &locked_until, error))
    return FALSE;
  /* Failures spread over more than the lockout duration, or an expired lockout, start over. */
  if (failures > 0 && (now - first >= duration || (locked_until != 0 && locked_until <= now)))
    failures = 0;
  if (failures == 0)
    {
      first = now;
      locked_until = 0;
    }
  failures++;
  if (failures >= max_failures)
    {
      locked_until = now + duration;
      *out_locked = TRUE;
    }
  *out_failures = failures;
  return yc_backoffice_storage_throttle_put (self->storage, key, failures, first, locked_until, error);
}

static void
set_locked_out (const char  *username,
                const char  *peer,
                gint64       until,
                gint64       now,
                GError     **error)
{
  g_message ("Sign-in of %s from %s refused: locked out", username, peer);
  yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_LOCKED_OUT, NULL,
                           g_dngettext (GETTEXT_PACKAGE,
                                        "Too many failed sign-ins: try again in %d minute",
                                        "Too many failed sign-ins: try again in %d minutes",
                                        (gulong) ((until - now + 59) / 60)),
                           (int) ((until - now + 59) / 60));
}

/* What the attempt itself wrote when it was counted ahead of the verification. */
typedef struct {
  guint    user_failures;
  guint    peer_failures;
  gboolean user_locked;      /* this attempt reached the username's limit */
  gboolean peer_locked;
} Attempt;

/* In the write transaction: refuses while locked, else counts the attempt as a failure before
 * the password is verified, so that attempts in parallel (or from another process on the same
 * database) can never verify more passwords than the limit. */
static gboolean
begin_attempt (YcBackoffice    *self,
               const char      *username,
               const char      *user_key,
               const char      *peer_key,
               const char      *peer,
               gint64           now,
               guint            max_failures,
               gint64           duration,
               Attempt         *attempt,
               YcStorageUser  **out_user,
               GError         **error)
{
  g_autoptr(GError) local_error = NULL;
  guint failures;
  gint64 first, user_locked = 0, peer_locked = 0;
  gboolean ok;

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  ok = yc_backoffice_storage_throttle_get (self->storage, user_key, &failures, &first, &user_locked, &local_error)
       && yc_backoffice_storage_throttle_get (self->storage, peer_key, &failures, &first, &peer_locked, &local_error);
  if (ok && (user_locked > now || peer_locked > now))
    {
      g_autoptr(JsonNode) detail = peer_detail (peer, "locked out");

      if (!yc_audit_append (self->storage, now, username, "sign_in.locked", username, "denied",
                            detail, &local_error)
          || !yc_backoffice_storage_commit (self->storage, &local_error))
        {
          yc_backoffice_storage_rollback (self->storage);
          g_message ("Could not audit a refused sign-in: %s", local_error->message);
        }
      set_locked_out (username, peer, MAX (user_locked, peer_locked), now, error);
      return FALSE;
    }
  if (ok)
    *out_user = yc_backoffice_storage_user_get (self->storage, username, &local_error);
  ok = local_error == NULL
       && count_failure (self, user_key, now, max_failures, duration, &attempt->user_locked,
                         &attempt->user_failures, &local_error)
       && count_failure (self, peer_key, now, max_failures * PEER_FAILURE_FACTOR, duration,
                         &attempt->peer_locked, &attempt->peer_failures, &local_error);
  if (!ok)
    {
      yc_backoffice_storage_rollback (self->storage);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  return yc_backoffice_storage_commit (self->storage, error);
}

/* In the transaction that issues the token: a lock set meanwhile by someone else's failures
 * still wins; this attempt's own provisional failure is taken back. */
static gboolean
settle_success (YcBackoffice   *self,
                const char     *user_key,
                const char     *peer_key,
                gint64          now,
                guint           max_failures,
                const Attempt  *attempt,
                gint64         *out_locked_until,
                GError        **error)
{
  guint user_failures, peer_failures;
  gint64 first, user_locked, peer_first, peer_locked;

  *out_locked_until = 0;
  if (!yc_backoffice_storage_throttle_get (self->storage, user_key, &user_failures, &first,
                                           &user_locked, error)
      || !yc_backoffice_storage_throttle_get (self->storage, peer_key, &peer_failures, &peer_first,
                                              &peer_locked, error))
    return FALSE;
  if (user_locked > now && !(attempt->user_locked && user_failures == attempt->user_failures))
    *out_locked_until = user_locked;
  if (peer_locked > now && !(attempt->peer_locked && peer_failures == attempt->peer_failures))
    *out_locked_until = MAX (*out_locked_until, peer_locked);
  if (*out_locked_until != 0)
    return TRUE;
  if (!yc_backoffice_storage_throttle_clear (self->storage, user_key, error))
    return FALSE;
  if (peer_failures == 0)
    return TRUE;
  peer_failures--;
  if (peer_failures < max_failures * PEER_FAILURE_FACTOR)
    peer_locked = 0;
  return yc_backoffice_storage_throttle_put (self->storage, peer_key, peer_failures, peer_first,
                                             peer_locked, error);
}

static char *
sign_in_alone (YcBackoffice  *self,
               const char    *username,
               const char    *password,
               const char    *peer,
               YcPrincipal  **out_principal,
               GDateTime    **out_expires,
               GError       **error)
{
  g_autoptr(YcStorageUser) user = NULL;
  g_autoptr(YcStorageUser) current = NULL;
  g_autoptr(YcPrincipal) principal = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *peer_key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  guint8 random[TOKEN_BYTES];
  guint max_failures;
  gint64 now, duration, lifetime, locked_until = 0;
  Attempt attempt = { 0 };
  gboolean verified;
  gboolean ok;

  g_mutex_lock (&self->lock);
  max_failures = self->lockout_failures;
  duration = self->lockout_duration / G_TIME_SPAN_SECOND;
  lifetime = self->token_lifetime / G_TIME_SPAN_SECOND;
  g_mutex_unlock (&self->lock);

  if (verify_queue_full ())
    {
      g_message ("Sign-in of %s from %s refused: too many sign-ins waiting", username, peer);
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_LOCKED_OUT, NULL,
                               _("Too many sign-ins at once: try again in a moment"));
      return NULL;
    }

  user_key = g_strconcat ("user:", username, NULL);
  peer_key = g_strconcat ("peer:", peer, NULL);
  now = yc_backoffice_now_unix (self);

  if (!begin_attempt (self, username, user_key, peer_key, peer, now, max_failures, duration,
                      &attempt, &user, error))
    return NULL;

  if (user != NULL && !user->disabled)
    verified = verify_password (self, user->password_hash, password);
  else
    {
      verify_password (self, NULL, password);
      verified = FALSE;
    }
  if (verified)
    principal = principal_from_user (user);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return NULL;

  if (principal != NULL)
    {
      /* Disabled or given another password while this attempt was being verified? */
      g_autoptr(GError) local_error = NULL;

      current = yc_backoffice_storage_user_get (self->storage, username, &local_error);
      if (local_error != NULL)
        {
          yc_backoffice_storage_rollback (self->storage);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (current == NULL || current->disabled
          || g_strcmp0 (current->password_hash, user->password_hash) != 0)
        g_clear_pointer (&principal, yc_principal_unref);
    }

  if (principal == NULL)
    {
      gboolean locked = attempt.user_locked || attempt.peer_locked;

      detail = peer_detail (peer, user == NULL ? "unknown user"
                                  : user->disabled ? "disabled" : "wrong password");
      if (!yc_audit_append (self->storage, now, username, "sign_in.failed", username,
                            locked ? "locked" : "failed", detail, error))
        {
          yc_backoffice_storage_rollback (self->storage);
          return NULL;
        }
      if (!yc_backoffice_storage_commit (self->storage, error))
        return NULL;
      g_message ("Sign-in of %s from %s failed%s", username, peer, locked ? "; now locked out" : "");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                               _("The username or the password is wrong"));
      return NULL;
    }

  if (!settle_success (self, user_key, peer_key, now, max_failures, &attempt, &locked_until, error))
    {
      yc_backoffice_storage_rollback (self->storage);
      return NULL;
    }
  if (locked_until != 0)
    {
      detail = peer_detail (peer, "locked out");
      ok = yc_audit_append (self->storage, now, username, "sign_in.locked", username, "denied",
                            detail, error)
           && yc_backoffice_storage_commit (self->storage, error);
      if (!ok)
        {
          yc_backoffice_storage_rollback (self->storage);
          return NULL;
        }
      set_locked_out (username, peer, locked_until, now, error);
      return NULL;
    }

  randombytes_buf (random, sizeof random);
  token = token_encode (random);
  sodium_memzero (random, sizeof random);
  hash = token_hash (token);
  detail = peer_detail (peer, NULL);

  ok = yc_backoffice_storage_sessions_purge (self->storage, NULL, now, error)
       && yc_backoffice_storage_session_put (self->storage, hash, username, now, now + lifetime, error)
       && yc_audit_append (self->storage, now, username, "sign_in", username, "ok", detail, error);
  if (!ok)
    {
      yc_backoffice_storage_rollback (self->storage);
      return NULL;
    }
  if (!yc_backoffice_storage_commit (self->storage, error))
    return NULL;

  g_info ("%s signed in from %s", username, peer);
  if (out_principal != NULL)
    *out_principal = g_steal_pointer (&principal);
  if (out_expires != NULL)
    *out_expires = g_date_time_new_from_unix_utc (now + lifetime);
  return g_steal_pointer (&token);
}

/**
 * yc_backoffice_sign_in:
 * @peer: (nullable): the client's address, for the per-peer limit and the audit
 * @out_principal: (out) (optional): who signed in
 * @out_expires: (out) (optional): when the token expires
 *
 * The attempt is counted before the password is verified and the lock is checked again when
 * the token is issued; one sign-in per username is verified at a time (a second one arriving
 * meanwhile is LOCKED_OUT).
 *
 * Returns: (transfer full): the bearer token, or %NULL: UNAUTHORIZED for a wrong username or
 *   password (the same answer for both), LOCKED_OUT while the username or the peer is locked.
 */
char *
yc_backoffice_sign_in (YcBackoffice  *self,
                       const char    *username,
                       const char    *password,
                       const char    *peer,
                       YcPrincipal  **out_principal,
                       GDateTime    **out_expires,
                       GError       **error)
{
  char *token;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  if (username == NULL || *username == '\0')
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "username", _("Enter your username"));
      return NULL;
    }
  if (password == NULL || *password == '\0')
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_INVALID, "password", _("Enter your password"));
      return NULL;
    }
  if (peer == NULL || *peer == '\0')
    peer = "unknown";

  if (!in_flight_enter (self, username))
    {
      g_message ("Sign-in of %s from %s refused: another one is in progress", username, peer);
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_LOCKED_OUT, NULL,
                               _("A sign-in of this user is already in progress: try again in a moment"));
      return NULL;
    }
  token = sign_in_alone (self, username, password, peer, out_principal, out_expires, error);
  in_flight_leave (self, username);
  return token;
}

static gboolean
token_is_plausible (const char *token)
{
  return token != NULL && *token != '\0' && strlen (token) <= MAX_TOKEN_LENGTH;
}

/**
 * yc_backoffice_authenticate:
 *
 * Returns: (transfer full): who holds @token, with the roles and scope the user has now;
 *   UNAUTHORIZED for an unknown or expired token or a disabled user.
 */
YcPrincipal *
yc_backoffice_authenticate (YcBackoffice  *self,
                            const char    *token,
                            GError       **error)
{
  g_autoptr(YcStorageUser) user = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *username = NULL;
  YcPrincipal *principal = NULL;
  gint64 expires = 0;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), NULL);

  if (!token_is_plausible (token))
    {
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL, _("Sign in first"));
      return NULL;
    }
  hash = token_hash (token);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  username = yc_backoffice_storage_session_get (self->storage, hash, &expires, &local_error);
  if (username != NULL)
    user = yc_backoffice_storage_user_get (self->storage, username, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (username == NULL)
    yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                             _("The session is unknown or has ended: sign in again"));
  else if (expires <= yc_backoffice_now_unix (self))
    yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                             _("The session has expired: sign in again"));
  else if (user == NULL || user->disabled || (principal = principal_from_user (user)) == NULL)
    yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                             _("This account is disabled"));
  return principal;
}

/**
 * yc_backoffice_sign_out:
 *
 * Ends the session of @token.  UNAUTHORIZED when there is no such session.
 */
gboolean
yc_backoffice_sign_out (YcBackoffice  *self,
                        const char    *token,
                        GError       **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *username = NULL;
  gboolean existed = FALSE;
  gboolean ok;

  g_return_val_if_fail (YC_IS_BACKOFFICE (self), FALSE);

  if (!token_is_plausible (token))
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL, _("Sign in first"));
  hash = token_hash (token);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  username = yc_backoffice_storage_session_get (self->storage, hash, NULL, &local_error);
  ok = local_error == NULL
       && yc_backoffice_storage_session_delete (self->storage, hash, &existed, &local_error)
       && (!existed || yc_audit_append (self->storage, yc_backoffice_now_unix (self), username,
                                        "sign_out", username, "ok", NULL, &local_error));
  if (!ok)
    {
      yc_backoffice_storage_rollback (self->storage);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  if (!yc_backoffice_storage_commit (self->storage, error))
    return FALSE;
  if (!existed)
    return yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                                    _("The session is unknown or has ended"));
  return TRUE;
}
