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
 * peer address.  Password hashing (argon2id) runs outside
 * any transaction: it is deliberately slow and must not hold up other callers.
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
  return yc_backoffice_storage_throttle_put (self->storage, key, failures, first, locked_until, error);
}

static gboolean
audit_alone (YcBackoffice  *self,
             const char    *actor,
             const char    *action,
             const char    *target,
             const char    *outcome,
             JsonNode      *detail,
             GError       **error)
{
  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return FALSE;
  if (!yc_audit_append (self->storage, yc_backoffice_now_unix (self), actor, action, target,
                        outcome, detail, error))
    {
      yc_backoffice_storage_rollback (self->storage);
      return FALSE;
    }
  return yc_backoffice_storage_commit (self->storage, error);
}

/**
 * yc_backoffice_sign_in:
 * @peer: (nullable): the client's address, for the per-peer limit and the audit
 * @out_principal: (out) (optional): who signed in
 * @out_expires: (out) (optional): when the token expires
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
  g_autoptr(YcStorageUser) user = NULL;
  g_autoptr(YcPrincipal) principal = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) detail = NULL;
  g_autofree char *user_key = NULL;
  g_autofree char *peer_key = NULL;
  g_autofree char *token = NULL;
  g_autofree char *hash = NULL;
  guint8 random[TOKEN_BYTES];
  guint failures, max_failures;
  gint64 first, user_locked, peer_locked, now, duration, lifetime;
  gboolean verified = FALSE;
  gboolean locked = FALSE;
  gboolean ok;

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

  g_mutex_lock (&self->lock);
  max_failures = self->lockout_failures;
  duration = self->lockout_duration / G_TIME_SPAN_SECOND;
  lifetime = self->token_lifetime / G_TIME_SPAN_SECOND;
  g_mutex_unlock (&self->lock);

  user_key = g_strconcat ("user:", username, NULL);
  peer_key = g_strconcat ("peer:", peer, NULL);
  now = yc_backoffice_now_unix (self);

  if (!yc_backoffice_storage_begin (self->storage, FALSE, error))
    return NULL;
  ok = yc_backoffice_storage_throttle_get (self->storage, user_key, &failures, &first, &user_locked, &local_error)
       && yc_backoffice_storage_throttle_get (self->storage, peer_key, &failures, &first, &peer_locked, &local_error);
  if (ok)
    user = yc_backoffice_storage_user_get (self->storage, username, &local_error);
  yc_backoffice_storage_rollback (self->storage);
  if (local_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  if (user_locked > now || peer_locked > now)
    {
      gint64 until = MAX (user_locked, peer_locked);

      g_message ("Sign-in of %s from %s refused: locked out", username, peer);
      detail = peer_detail (peer, "locked out");
      if (!audit_alone (self, username, "sign_in.locked", username, "denied", detail, &local_error))
        g_message ("Could not audit a refused sign-in: %s", local_error->message);
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_LOCKED_OUT, NULL,
                               g_dngettext (GETTEXT_PACKAGE,
                                            "Too many failed sign-ins: try again in %d minute",
                                            "Too many failed sign-ins: try again in %d minutes",
                                            (gulong) ((until - now + 59) / 60)),
                               (int) ((until - now + 59) / 60));
      return NULL;
    }

  if (user != NULL && !user->disabled)
    verified = crypto_pwhash_str_verify (user->password_hash, password, strlen (password)) == 0;
  else
    burn_verification (self, password);
  if (verified)
    principal = principal_from_user (user);

  if (!yc_backoffice_storage_begin (self->storage, TRUE, error))
    return NULL;

  if (principal == NULL)
    {
      gboolean user_now_locked = FALSE, peer_now_locked = FALSE;

      detail = peer_detail (peer, user == NULL ? "unknown user"
                                  : user->disabled ? "disabled" : "wrong password");
      ok = count_failure (self, user_key, now, max_failures, duration, &user_now_locked, error)
           && count_failure (self, peer_key, now, max_failures * PEER_FAILURE_FACTOR, duration,
                             &peer_now_locked, error)
           && yc_audit_append (self->storage, now, username, "sign_in.failed", username,
                               user_now_locked || peer_now_locked ? "locked" : "failed", detail, error);
      if (!ok)
        {
          yc_backoffice_storage_rollback (self->storage);
          return NULL;
        }
      if (!yc_backoffice_storage_commit (self->storage, error))
        return NULL;
      locked = user_now_locked || peer_now_locked;
      g_message ("Sign-in of %s from %s failed%s", username, peer, locked ? "; now locked out" : "");
      yc_backoffice_set_error (error, YC_BACKOFFICE_ERROR_UNAUTHORIZED, NULL,
                               _("The username or the password is wrong"));
      return NULL;
    }

  randombytes_buf (random, sizeof random);
  token = token_encode (random);
  sodium_memzero (random, sizeof random);
  hash = token_hash (token);
  detail = peer_detail (peer, NULL);

  ok = yc_backoffice_storage_sessions_purge (self->storage, NULL, now, error)
       && yc_backoffice_storage_session_put (self->storage, hash, username, now, now + lifetime, error)
       && yc_backoffice_storage_throttle_clear (self->storage, user_key, error)
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
