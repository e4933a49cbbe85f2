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
 * peer address.  Only failures are counted; a success clears the username's count.  So that
 * parallel guesses cannot verify more passwords than the limit allows, the sign-ins being
 * verified are counted in memory per username and per peer: an attempt is let through only
 * while the failures stored plus those in flight stay under the limit (else it waits for
 * them, briefly).  Correct sign-ins of one user at once (two windows, a window restarted
 * after a crash) all go through.  Password hashing (argon2id) runs outside any transaction,
 * on a small pool of its own: it is deliberately slow and must not hold up other callers.
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
 * Sign-ins in flight (being verified), per throttle key ("user:…", "peer:…") and back office.
 * A failure is stored only once it happened, so the stored count holds real failures alone;
 * these in-flight counts bound what may be verified meanwhile.  An attempt that would take
 * the stored failures plus those in flight to the limit waits until one of them ends (a
 * failure then locks, a success frees the way); a few waiters per key at most, for
 * SIGN_IN_WAIT_SECONDS, then it is refused as LOCKED_OUT ("try again in a moment"),
 * uncounted.  That only happens near the limit.
 */
#define SIGN_IN_WAITERS      4
#define SIGN_IN_WAIT_SECONDS 10

typedef struct {
  guint in_flight;
  guint waiting;
} InFlight;

static GMutex in_flight_lock;
static GCond in_flight_cond;
static GHashTable *in_flight;   /* in_flight_key () → InFlight */

static char *
in_flight_key (YcBackoffice *self,
               const char   *throttle_key)
{
  return g_strdup_printf ("%p\n%s", (void *) self, throttle_key);
}

/* With in_flight_lock held. */
static InFlight *
in_flight_lookup (YcBackoffice *self,
                  const char   *throttle_key,
                  gboolean      create)
{
  g_autofree char *key = in_flight_key (self, throttle_key);
  InFlight *entry;

  if (in_flight == NULL)
    in_flight = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  entry = g_hash_table_lookup (in_flight, key);
  if (entry == NULL && create)
    {
      entry = g_new0 (InFlight, 1);
      g_hash_table_insert (in_flight, g_steal_pointer (&key), entry);
    }
  return entry;
}

/* With in_flight_lock held: forgets @throttle_key when nothing is under way for it. */
static void
in_flight_prune (YcBackoffice *self,
                 const char   *throttle_key)
{
  InFlight *entry = in_flight_lookup (self, throttle_key, FALSE);

  if (entry != NULL && entry->in_flight == 0 && entry->waiting == 0)
    {
      g_autofree char *key = in_flight_key (self, throttle_key);

      g_hash_table_remove (in_flight, key);
    }
}

/* The stored failures of @key that still count at @now, and its lock (0: none). */
static gboolean
stored_failures (YcBackoffice  *self,
                 const char    *key,
                 gint64         now,
                 gint64         duration,
                 guint         *out_failures,
                 gint64        *out_locked_until,
                 GError       **error)
{
  guint failures;
  gint64 first, locked_until;

  if (!yc_backoffice_storage_throttle_get (self->storage, key, &failures, &first, &locked_until, error))
    return FALSE;
  /* As count_failure () sees them: spread over more than the duration, or an expired
   * lockout, they start over. */
  if (failures > 0 && (now - first >= duration || (locked_until != 0 && locked_until <= now)))
    failures = 0;
  *out_failures = failures;
  *out_locked_until = locked_until > now ? locked_until : 0;
  return TRUE;
}

typedef enum {
  CLAIM_OK,           /* counted in flight: verify, then in_flight_release () */
  CLAIM_LOCKED,       /* locked by stored failures: *out_locked_until */
  CLAIM_BUSY,         /* too many at once near the limit */
  CLAIM_ERROR,
} Claim;

/* Lets the attempt through when the stored failures plus those in flight stay under the
 * limits of the username and the peer, waiting (briefly) for attempts in flight else. */
static Claim
in_flight_claim (YcBackoffice  *self,
                 const char    *user_key,
                 const char    *peer_key,
                 gint64         now,
                 guint          max_failures,
                 gint64         duration,
                 gint64        *out_locked_until,
                 GError       **error)
{
  gint64 end_time = g_get_monotonic_time () + SIGN_IN_WAIT_SECONDS * G_TIME_SPAN_SECOND;
  Claim claim = CLAIM_OK;
  InFlight *user, *peer;
  gboolean waited = FALSE;

  g_mutex_lock (&in_flight_lock);
  user = in_flight_lookup (self, user_key, TRUE);
  peer = in_flight_lookup (self, peer_key, TRUE);
  for (;;)
    {
      guint user_failures, peer_failures;
      gint64 user_locked, peer_locked;
      gboolean ok;

      /* A read, under this lock: no writer ever waits for the lock inside a transaction. */
      if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
        {
          claim = CLAIM_ERROR;
          break;
        }
      ok = stored_failures (self, user_key, now, duration, &user_failures, &user_locked, error)
           && stored_failures (self, peer_key, now, duration, &peer_failures, &peer_locked, error);
      yc_backoffice_storage_rollback (self->storage);
      if (!ok)
        {
          claim = CLAIM_ERROR;
          break;
        }
      if (user_locked != 0 || peer_locked != 0)
        {
          *out_locked_until = MAX (user_locked, peer_locked);
          claim = CLAIM_LOCKED;
          break;
        }
      if (user_failures + user->in_flight < max_failures
          && peer_failures + peer->in_flight < max_failures * PEER_FAILURE_FACTOR)
        {
          user->in_flight++;
          peer->in_flight++;
          break;
        }
      if (waited && g_get_monotonic_time () >= end_time)
        {
          claim = CLAIM_BUSY;
          break;
        }
      if (user->waiting >= SIGN_IN_WAITERS || peer->waiting >= SIGN_IN_WAITERS * PEER_FAILURE_FACTOR)
        {
          claim = CLAIM_BUSY;
          break;
        }
      user->waiting++;
      peer->waiting++;
      g_cond_wait_until (&in_flight_cond, &in_flight_lock, end_time);
      user->waiting--;
      peer->waiting--;
      waited = TRUE;
      now = yc_backoffice_now_unix (self);
    }
  in_flight_prune (self, user_key);
  in_flight_prune (self, peer_key);
  g_mutex_unlock (&in_flight_lock);
  return claim;
}

/* After the attempt's outcome is stored. */
static void
in_flight_release (YcBackoffice *self,
                   const char   *user_key,
                   const char   *peer_key)
{
  InFlight *user, *peer;

  g_mutex_lock (&in_flight_lock);
  user = in_flight_lookup (self, user_key, FALSE);
  peer = in_flight_lookup (self, peer_key, FALSE);
  g_assert (user != NULL && user->in_flight > 0 && peer != NULL && peer->in_flight > 0);
  user->in_flight--;
  peer->in_flight--;
  in_flight_prune (self, user_key);
  in_flight_prune (self, peer_key);
  g_cond_broadcast (&in_flight_cond);
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

/* Audits a sign-in refused because of a lock, in a transaction of its own. */
static void
audit_locked (YcBackoffice *self,
              const char   *username,
              const char   *peer,
              gint64        now)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) detail = peer_detail (peer, "locked out");

  if (!yc_backoffice_storage_begin (self->storage, TRUE, &error))
    {
      g_message ("Could not audit a refused sign-in: %s", error->message);
      return;
    }
  if (!yc_audit_append (self->storage, now, username, "sign_in.locked", username, "denied", detail, &error)
      || !yc_backoffice_storage_commit (self->storage, &error))
    {
      yc_backoffice_storage_rollback (self->storage);
      g_message ("Could not audit a refused sign-in: %s", error->message);
    }
}

/* In the write transaction: a failure, counted against the username and the peer. */
static gboolean
store_failure (YcBackoffice   *self,
               const char     *username,
               const char     *user_key,
               const char     *peer_key,
               const char     *peer,
               const char     *reason,
               gint64          now,
               guint           max_failures,
               gint64          duration,
               GError        **error)
{
  g_autoptr(JsonNode) detail = peer_detail (peer, reason);
  gboolean user_locked = FALSE, peer_locked = FALSE;
  guint failures;

  if (!count_failure (self, user_key, now, max_failures, duration, &user_locked, &failures, error)
      || !count_failure (self, peer_key, now, max_failures * PEER_FAILURE_FACTOR, duration,
                         &peer_locked, &failures, error)
      || !yc_audit_append (self->storage, now, username, "sign_in.failed", username,
                           user_locked || peer_locked ? "locked" : "failed", detail, error))
    return FALSE;
  g_message ("Sign-in of %s from %s failed%s", username, peer,
             user_locked || peer_locked ? "; now locked out" : "");
  return TRUE;
}

/* Verifies the password of an attempt let through (in_flight_claim ()), and stores the
 * outcome: a failure counted, or a session. */
static char *
verify_and_store (YcBackoffice  *self,
                  const char    *username,
                  const char    *password,
                  const char    *peer,
                  const char    *user_key,
                  const char    *peer_key,
                  guint          max_failures,
                  gint64         duration,
                  gint64         lifetime,
                  YcPrincipal  **out_principal,
                  GDateTime    **out_expires,
                  GError       **error)
{
  g_autoptr(YcStorageUser) user = NULL;
  g_autoptr(YcStorageUser) current = NULL;
  g_autoptr(YcPrincipal) principal = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  guint8 random[TOKEN_BYTES];
  guint failures;
  gint64 now, user_locked, peer_locked;
  gboolean verified;
  gboolean ok;

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  user = yc_backoffice_storage_user_get (self->storage, username, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (user != NULL && !user->disabled)
    verified = verify_password (self, user->password_hash, password);
  else
    {
      verify_password (self, NULL, password);
      verified = FALSE;
    }
  if (verified)
    principal = principal_from_user (user);

  now = yc_backoffice_now_unix (self);
  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return NULL;

  if (principal != NULL)
    {
      /* Disabled or given another password while this attempt was being verified? */
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
      if (!store_failure (self, username, user_key, peer_key, peer,
                          user == NULL ? "unknown user" : user->disabled ? "disabled" : "wrong password",
                          now, max_failures, duration, error)
          || !yc_backoffice_storage_commit (self->storage, error))
        {
          yc_backoffice_storage_rollback (self->storage);
          return NULL;
        }
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                               _("The username or the password is wrong"));
      return NULL;
    }

  /* Locked meanwhile by other attempts' failures: the lock wins. */
  if (!stored_failures (self, user_key, now, duration, &failures, &user_locked, error)
      || !stored_failures (self, peer_key, now, duration, &failures, &peer_locked, error))
    {
      yc_backoffice_storage_rollback (self->storage);
      return NULL;
    }
  if (user_locked != 0 || peer_locked != 0)
    {
      yc_backoffice_storage_rollback (self->storage);
      audit_locked (self, username, peer, now);
      set_locked_out (username, peer, MAX (user_locked, peer_locked), now, error);
      return NULL;
    }

  randombytes_buf (random, sizeof random);
  token = token_encode (random);
  sodium_memzero (random, sizeof random);
  hash = token_hash (token);
  detail = peer_detail (peer, NULL);

  /* The failures before this success no longer count; those of attempts still in flight
   * are stored when they happen. */
  ok = yc_backoffice_storage_throttle_clear (self->storage, user_key, error)
       && yc_backoffice_storage_sessions_purge (self->storage, NULL, now, error)
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

static char *
sign_in_alone (YcBackoffice  *self,
               const char    *username,
               const char    *password,
               const char    *peer,
               YcPrincipal  **out_principal,
               GDateTime    **out_expires,
               GError       **error)
{
  g_autofree char *user_key = NULL;
  g_autofree char *peer_key = NULL;
  char *token;
  guint max_failures;
  gint64 now, duration, lifetime, locked_until = 0;

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

  switch (in_flight_claim (self, user_key, peer_key, now, max_failures, duration, &locked_until, error))
    {
    case CLAIM_OK:
      break;
    case CLAIM_LOCKED:
      audit_locked (self, username, peer, now);
      set_locked_out (username, peer, locked_until, now, error);
      return NULL;
    case CLAIM_BUSY:
      g_message ("Sign-in of %s from %s refused: too many sign-ins of this user at once", username, peer);
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_LOCKED_OUT, NULL,
                               _("Too many sign-ins of this user at once: try again in a moment"));
      return NULL;
    case CLAIM_ERROR:
    default:
      return NULL;
    }

  token = verify_and_store (self, username, password, peer, user_key, peer_key, max_failures,
                            duration, lifetime, out_principal, out_expires, error);
  in_flight_release (self, user_key, peer_key);
  return token;
}

/**
 * yc_backoffice_sign_in:
 * @peer: (nullable): the client's address, for the per-peer limit and the audit
 * @out_principal: (out) (optional): who signed in
 * @out_expires: (out) (optional): when the token expires
 *
 * Only failures count towards the lockout.  Attempts in flight are bounded so that the
 * stored failures plus those being verified never pass the limit; near the limit an attempt
 * waits for those in flight (LOCKED_OUT, uncounted, when several already wait or the wait is
 * too long).  The lock is checked again when the token is issued.
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

  return sign_in_alone (self, username, password, peer, out_principal, out_expires, error);
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
