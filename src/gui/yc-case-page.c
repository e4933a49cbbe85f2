/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-case-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-history.h"
#include "yc-case-machine.h"
#include "yc-case-page.h"
#include "yc-settings.h"
#include "yc-sync-actions.h"
#include "yc-format.h"
#include "yc-identifiers.h"
#include "yc-issue-dialog.h"
#include "yc-supplement-dialog.h"

/*
 * A case at the window after its acceptance: the summary, the history (every operation,
 * when, by whom, what changed) and the actions the case machine allows the clerk in its
 * state — never one it would refuse.  Each action asks first (yc-supplement-dialog,
 * yc-issue-dialog, the withdrawal's reason), then applies its operation through the store,
 * which keeps it in the outbox for the back office.  The rating goes to the applicant's
 * window (yc-rating-window).
 */

struct _YcCasePage
{
  GtkWidget       parent_instance;

  YcStore        *store;
  YcCalendar     *calendar;
  YcRatingWindow *rating_window;
  gboolean        rating_pad;     /* rating_window made on demand, destroyed once hidden */
  YcCase         *case_doc;
  char           *username;
  char           *hall;
  GCancellable   *cancellable;
  gboolean        applying;

  GtkWidget      *scroller;
  GtkLabel       *number_label;
  GtkLabel       *state_label;
  GtkLabel       *error_label;
  GtkListBox     *facts_list;
  GtkListView    *history_view;
  GtkWidget      *monitor_button;
  GtkWidget      *print_button;
};

G_DEFINE_FINAL_TYPE (YcCasePage, yc_case_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  N_PROPS
};

enum {
  CHANGED,
  RATED,
  RATING_FAILED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
add_toast (YcCasePage *self,
           const char *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
}

static void
show_error (YcCasePage *self,
            const char *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static GtkWindow *
parent_window (YcCasePage *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  return GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL;
}

static gboolean
has_rating (YcCasePage *self)
{
  return self->rating_window != NULL || self->rating_pad;
}

static void
rated_cb (YcRatingWindow *window,
          YcCase         *rated,
          YcCasePage     *self)
{
  g_signal_emit (self, signals[RATED], 0, rated);
}

static void
rating_failed_cb (YcRatingWindow *window,
                  const char     *message,
                  YcCasePage     *self)
{
  g_signal_emit (self, signals[RATING_FAILED], 0, message);
}

static gboolean
drop_rating_window (gpointer user_data)
{
  g_autoptr(YcCasePage) self = user_data;

  if (self->rating_pad && self->rating_window != NULL
      && !gtk_widget_get_visible (GTK_WIDGET (self->rating_window)))
    {
      gtk_window_destroy (GTK_WINDOW (self->rating_window));
      g_clear_object (&self->rating_window);
    }
  return G_SOURCE_REMOVE;
}

static void
rating_visible_cb (YcRatingWindow *window,
                   GParamSpec     *pspec,
                   YcCasePage     *self)
{
  /* Ahead of the D-Bus calls waiting in the main loop (see ensure_rating_window). */
  if (!gtk_widget_get_visible (GTK_WIDGET (window)))
    g_idle_add_full (G_PRIORITY_HIGH, drop_rating_window, g_object_ref (self), NULL);
}

/* The applicant's rating window exists only while it shows.  A hidden toplevel is what GTK
 * 4.8's AT-SPI root answers, without an object path, to a GetChildAtIndex past the visible
 * windows (a screen reader's count gone stale as a dialog closes): a critical, fatal in the
 * UI tests.  So it is made when asked for and destroyed once closed. */
static YcRatingWindow *
ensure_rating_window (YcCasePage *self)
{
  if (self->rating_window == NULL && self->rating_pad)
    {
      self->rating_window = g_object_ref_sink (YC_RATING_WINDOW (yc_rating_window_new (self->store,
                                                                                        self->calendar)));
      g_signal_connect_object (self->rating_window, "rated", G_CALLBACK (rated_cb), self, 0);
      g_signal_connect_object (self->rating_window, "failed", G_CALLBACK (rating_failed_cb), self, 0);
      g_signal_connect_object (self->rating_window, "notify::visible", G_CALLBACK (rating_visible_cb),
                               self, 0);
    }
  if (self->rating_window != NULL)
    yc_rating_window_set_clerk (self->rating_window, self->username, self->hall);
  return self->rating_window;
}

gboolean
yc_case_page_can (YcCasePage *self,
                  YcOpKind    kind)
{
  YcActor actor = { NULL, YC_ROLE_CLERK, NULL, NULL };

  g_return_val_if_fail (YC_IS_CASE_PAGE (self), FALSE);

  actor.username = self->username;
  actor.hall = self->hall;

  if (self->case_doc == NULL || self->store == NULL || self->calendar == NULL || self->applying
      || self->hall == NULL || !yc_case_machine_can (self->case_doc, kind, &actor))
    return FALSE;
  switch (kind)
    {
    case YC_OP_CASE_SUPPLEMENT:
      {
        g_auto(GStrv) owed = yc_supplement_dialog_dup_owed (self->case_doc);
        return owed[0] != NULL;
      }
    case YC_OP_RATING_SUBMIT:
      return !self->case_doc->rated && has_rating (self);
    default:
      return TRUE;
    }
}

static void
update_actions (YcCasePage *self)
{
  GtkWidget *widget = GTK_WIDGET (self);

  gtk_widget_action_set_enabled (widget, "case.supplement", yc_case_page_can (self, YC_OP_CASE_SUPPLEMENT));
  gtk_widget_action_set_enabled (widget, "case.issue", yc_case_page_can (self, YC_OP_CASE_ISSUE));
  gtk_widget_action_set_enabled (widget, "case.withdraw", yc_case_page_can (self, YC_OP_CASE_WITHDRAW));
  gtk_widget_action_set_enabled (widget, "case.rate", yc_case_page_can (self, YC_OP_RATING_SUBMIT));
  gtk_widget_action_set_enabled (widget, "case.rating-monitor", has_rating (self));
  gtk_widget_set_visible (self->monitor_button,
                          has_rating (self)
                          && gtk_widget_get_root (widget) != NULL
                          && yc_rating_window_find_second_monitor (GTK_WIDGET (gtk_widget_get_root (widget))) != NULL);
}

static void
add_fact (YcCasePage *self,
          const char *title,
          const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped = g_markup_escape_text (value != NULL ? value : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  gtk_widget_add_css_class (row, "property");
  gtk_list_box_append (self->facts_list, row);
}

static const char *
material_name (YcCase     *case_doc,
               const char *code)
{
  YcCaseMaterialVersion *material = yc_case_lookup_material (case_doc, code);

  return material != NULL ? material->name : code;
}

static char *
masked_applicant (YcCase *c)
{
  const char *kind = json_object_get_string_member_with_default (c->applicant, "kind", "");
  const char *name = json_object_get_string_member_with_default (c->applicant, "name", "");
  const char *id = yc_case_get_applicant_id (c);
  gboolean enterprise = g_str_equal (kind, "enterprise");
  g_autofree char *shown_name = enterprise ? g_strdup (name) : yc_mask_name (name);
  g_autofree char *shown_id = id == NULL ? g_strdup ("")
                              : enterprise ? yc_mask_credit_code (id) : yc_mask_resident_id (id);

  return g_strdup_printf ("%s  %s", shown_name, shown_id != NULL ? shown_id : "");
}

static void
fill_deadline (YcCasePage *self,
               YcCase     *c,
               const GDate *today)
{
  GDate deadline;
  int remaining = 0;
  YcDeadlineState light;
  g_autofree char *date = NULL;
  g_autofree char *text = NULL;

  if (c->committed_days < 0 || c->state == YC_CASE_STATE_CLOSED_AT_COUNTER)
    return;
  yc_case_current_deadline (c, self->calendar, today, &deadline);
  if (!g_date_valid (&deadline))
    return;
  light = yc_case_deadline_state (c, self->calendar, today, yc_settings_yellow_threshold (), &remaining);
  date = yc_format_date (&deadline);
  if (g_date_valid (&c->stopped_on))
    /* Translators: the committed date and the traffic light, once the clock has stopped */
    text = g_strdup_printf (_("%s (%s, clock stopped)"), date, yc_deadline_state_label (light));
  else
    /* Translators: the committed date, the traffic light and the working days left */
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%s, %d working day left)",
                                         "%s (%s, %d working days left)", ABS (remaining)),
                            date, yc_deadline_state_label (light), remaining);
  add_fact (self, _("Committed completion"), text);
}

static void
fill_facts (YcCasePage *self)
{
  YcCase *c = self->case_doc;
  GtkWidget *child;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) accepted = NULL;
  g_autofree char *applicant = NULL;
  GDate today;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->facts_list))) != NULL)
    gtk_list_box_remove (self->facts_list, child);
  if (c == NULL)
    return;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));

  applicant = masked_applicant (c);
  add_fact (self, _("Applicant"), applicant);
  add_fact (self, _("Subject"), c->subject_name != NULL ? c->subject_name : c->subject_code);
  if (c->accepted_at != NULL && (accepted = g_date_time_new_from_iso8601 (c->accepted_at, NULL)) != NULL)
    {
      g_autofree char *when = yc_format_date_time (accepted);
      g_autofree char *text = g_strdup_printf ("%s · %s · %s", yc_decision_label (c->decision), when, c->clerk);

      add_fact (self, _("Decision at the counter"), text);
    }
  fill_deadline (self, c, &today);

  for (guint i = 0; i < c->tolerated->len; i++)
    {
      YcCaseTolerated *tolerated = g_ptr_array_index (c->tolerated, i);
      g_autofree char *due = yc_format_date (&tolerated->due);
      g_autofree char *received = tolerated->received && g_date_valid (&tolerated->received_on)
                                  ? yc_format_date (&tolerated->received_on) : NULL;
      g_autofree char *text = NULL;

      if (tolerated->received)
        /* Translators: a tolerated material: its name and the day it came in */
        text = g_strdup_printf (_("%s: received %s"), material_name (c, tolerated->material),
                                received != NULL ? received : "");
      else
        /* Translators: a tolerated material: its name and its due date */
        text = g_strdup_printf (_("%s: due by %s"), material_name (c, tolerated->material), due);
      add_fact (self, _("Tolerated material"), text);
    }
  for (guint i = 0; i < c->pledges->len; i++)
    {
      YcCasePledge *pledge = g_ptr_array_index (c->pledges, i);
      g_autofree char *due = yc_format_date (&pledge->due);
      /* Translators: a pledged material, its verification state and due date */
      g_autofree char *text = g_strdup_printf (_("%s: %s (verification by %s)"),
                                               material_name (c, pledge->material),
                                               yc_pledge_status_label (pledge->status), due);

      add_fact (self, _("Pledge"), text);
    }
  if (c->rated)
    {
      g_autofree char *text = c->rating_comment != NULL
                              ? g_strdup_printf ("%s · %s", yc_rating_level_label (c->rating_level), c->rating_comment)
                              : g_strdup (yc_rating_level_label (c->rating_level));

      add_fact (self, _("Rating"), text);
    }
  if (g_date_valid (&c->follow_up_due))
    {
      g_autofree char *date = yc_format_date (&c->follow_up_due);
      /* Translators: %s is the date by which the poor rating is followed up (回访) */
      g_autofree char *text = g_strdup_printf (_("Follow-up due %s"), date);

      add_fact (self, _("Follow-up"), text);
    }
}

static void
show_case (YcCasePage *self)
{
  YcCase *c = self->case_doc;
  g_autoptr(GListModel) history = NULL;
  GtkNoSelection *selection;

  gtk_label_set_text (self->number_label, c != NULL ? c->number : "");
  gtk_label_set_text (self->state_label, c != NULL ? yc_case_state_label (c->state) : "");
  fill_facts (self);
  history = c != NULL ? yc_case_history_new_model (c) : G_LIST_MODEL (g_list_store_new (YC_TYPE_CASE_HISTORY_ITEM));
  selection = gtk_no_selection_new (g_object_ref (history));
  gtk_list_view_set_model (self->history_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  update_actions (self);
}

typedef struct {
  YcCasePage *self;
  YcOpKind    kind;
} ApplyData;

static void
applied_cb (GObject      *object,
            GAsyncResult *result,
            gpointer      user_data)
{
  ApplyData *data = user_data;
  g_autoptr(YcCasePage) self = data->self;
  YcOpKind kind = data->kind;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) applied = NULL;
  g_autofree char *message = NULL;

  g_free (data);
  applied = yc_store_apply_operation_finish (YC_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->applying = FALSE;
  if (applied == NULL)
    {
      g_warning ("Cannot apply %s: %s", yc_op_kind_to_string (kind), error->message);
      show_error (self, error->message);
      update_actions (self);
      return;
    }

  /* The operation went into the outbox: send it now rather than at the next round. */
  yc_sync_actions_kick (GTK_WIDGET (self));
  message = yc_format_op_done (kind, applied->number);
  add_toast (self, message);
  yc_case_page_set_case (self, applied);
  g_signal_emit (self, signals[CHANGED], 0, applied);

  /* Halls hand the rating pad over with the result. */
  if (kind == YC_OP_CASE_ISSUE && yc_case_page_can (self, YC_OP_RATING_SUBMIT))
    yc_rating_window_request (ensure_rating_window (self), applied);
}

void
yc_case_page_apply (YcCasePage *self,
                    YcOpKind    kind,
                    JsonObject *payload)
{
  YcActor actor = { NULL, YC_ROLE_CLERK, NULL, NULL };
  g_autoptr(YcOperation) op = NULL;
  g_autofree char *op_id = NULL;
  ApplyData *data;

  g_return_if_fail (YC_IS_CASE_PAGE (self));
  g_return_if_fail (payload != NULL);

  actor.username = self->username;
  actor.hall = self->hall;

  if (!yc_case_page_can (self, kind))
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  op_id = g_uuid_string_random ();
  /* created_at NULL: now, in the counter's zone — the day the applicant was here. */
  op = yc_operation_new (op_id, self->case_doc->uuid, self->case_doc->version, kind, payload, NULL);
  self->applying = TRUE;
  show_error (self, NULL);
  update_actions (self);
  data = g_new0 (ApplyData, 1);
  data->self = g_object_ref (self);
  data->kind = kind;
  yc_store_apply_operation_async (self->store, op, &actor, self->calendar, self->cancellable,
                                  applied_cb, data);
}

static void
supplement_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        YcCasePage       *self)
{
  g_autoptr(JsonObject) payload = NULL;

  if (g_strcmp0 (response, "supplement") != 0)
    return;
  payload = yc_supplement_dialog_dup_payload (YC_SUPPLEMENT_DIALOG (dialog));
  if (payload != NULL)
    yc_case_page_apply (self, YC_OP_CASE_SUPPLEMENT, payload);
}

static void
supplement_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  YcCasePage *self = YC_CASE_PAGE (widget);
  GtkWidget *dialog;

  if (!yc_case_page_can (self, YC_OP_CASE_SUPPLEMENT))
    return;
  dialog = yc_supplement_dialog_new (parent_window (self), self->case_doc);
  g_signal_connect_object (dialog, "response", G_CALLBACK (supplement_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
issue_response_cb (AdwMessageDialog *dialog,
                   const char       *response,
                   YcCasePage       *self)
{
  g_autoptr(JsonObject) payload = NULL;

  if (g_strcmp0 (response, "issue") != 0)
    return;
  payload = yc_issue_dialog_dup_payload (YC_ISSUE_DIALOG (dialog));
  if (payload != NULL)
    yc_case_page_apply (self, YC_OP_CASE_ISSUE, payload);
}

static void
issue_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YcCasePage *self = YC_CASE_PAGE (widget);
  GtkWidget *dialog;

  if (!yc_case_page_can (self, YC_OP_CASE_ISSUE))
    return;
  dialog = yc_issue_dialog_new (parent_window (self), self->case_doc);
  g_signal_connect_object (dialog, "response", G_CALLBACK (issue_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
withdraw_reason_changed_cb (GtkEditable      *entry,
                            AdwMessageDialog *dialog)
{
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "withdraw", reason[0] != '\0');
}

static void
withdraw_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      YcCasePage       *self)
{
  GtkEditable *entry = GTK_EDITABLE (adw_message_dialog_get_extra_child (dialog));
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(JsonObject) payload = NULL;

  if (g_strcmp0 (response, "withdraw") != 0 || reason[0] == '\0')
    return;
  payload = json_object_new ();
  json_object_set_string_member (payload, "reason", reason);
  yc_case_page_apply (self, YC_OP_CASE_WITHDRAW, payload);
}

/* Withdrawal (撤回) is final: the applicant's reason, and a destructive confirmation. */
static void
withdraw_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YcCasePage *self = YC_CASE_PAGE (widget);
  g_autofree char *heading = NULL;
  GtkWidget *dialog;
  GtkWidget *entry;

  if (!yc_case_page_can (self, YC_OP_CASE_WITHDRAW))
    return;
  /* Translators: %s is the case number */
  heading = g_strdup_printf (_("Withdraw Case %s?"), self->case_doc->number);
  dialog = adw_message_dialog_new (parent_window (self), heading,
                                   _("The applicant withdraws the application. Review stops and "
                                     "the case cannot be taken up again."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "withdraw", _("_Withdraw"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "withdraw",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "withdraw", FALSE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("The applicant’s reason"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Reason for withdrawal"), -1);
  g_signal_connect (entry, "changed", G_CALLBACK (withdraw_reason_changed_cb), dialog);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  g_signal_connect_object (dialog, "response", G_CALLBACK (withdraw_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
rate_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcCasePage *self = YC_CASE_PAGE (widget);

  if (!yc_case_page_can (self, YC_OP_RATING_SUBMIT))
    return;
  yc_rating_window_request (ensure_rating_window (self), self->case_doc);
}

static void
rating_monitor_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  YcCasePage *self = YC_CASE_PAGE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GdkMonitor *monitor;

  if (!has_rating (self) || root == NULL)
    return;
  monitor = yc_rating_window_find_second_monitor (GTK_WIDGET (root));
  if (monitor == NULL)
    {
      add_toast (self, _("Only one monitor is connected"));
      return;
    }
  yc_rating_window_show_on_monitor (ensure_rating_window (self), monitor);
}

static void
yc_case_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (yc_case_page_parent_class)->map (widget);
  update_actions (YC_CASE_PAGE (widget));  /* the monitors are known now */
}

static void
yc_case_page_dispose (GObject *object)
{
  YcCasePage *self = (YcCasePage *)object;

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_CASE_PAGE);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  if (self->rating_pad && self->rating_window != NULL)
    gtk_window_destroy (GTK_WINDOW (self->rating_window));
  g_clear_object (&self->rating_window);
  g_clear_pointer (&self->case_doc, yc_case_unref);

  G_OBJECT_CLASS (yc_case_page_parent_class)->dispose (object);
}

static void
yc_case_page_finalize (GObject *object)
{
  YcCasePage *self = (YcCasePage *)object;

  g_free (self->username);
  g_free (self->hall);

  G_OBJECT_CLASS (yc_case_page_parent_class)->finalize (object);
}

static void
yc_case_page_get_property (GObject    *object,
                           guint       prop_id,
                           GValue     *value,
                           GParamSpec *pspec)
{
  YcCasePage *self = YC_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_page_set_property (GObject      *object,
                           guint         prop_id,
                           const GValue *value,
                           GParamSpec   *pspec)
{
  YcCasePage *self = YC_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_case_page_class_init (YcCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_case_page_dispose;
  object_class->finalize = yc_case_page_finalize;
  object_class->get_property = yc_case_page_get_property;
  object_class->set_property = yc_case_page_set_property;
  widget_class->map = yc_case_page_map;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CALENDAR] =
    g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * YcCasePage::changed:
   * @case_doc: the case after the operation
   *
   * An operation was applied to the case and stored.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);

  /**
   * YcCasePage::rated:
   * @case_doc: the case with its rating
   *
   * The applicant rated the case in the rating window the page made (yc_case_page_set_rating_pad()).
   */
  signals[RATED] = g_signal_new ("rated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);

  /**
   * YcCasePage::rating-failed:
   * @message: why the rating was not stored
   */
  signals[RATING_FAILED] = g_signal_new ("rating-failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  g_type_ensure (YC_TYPE_CASE_HISTORY_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gov/Yichuang/ui/yc-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, scroller);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, number_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, facts_list);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, history_view);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, monitor_button);
  gtk_widget_class_bind_template_child (widget_class, YcCasePage, print_button);

  gtk_widget_class_install_action (widget_class, "case.supplement", NULL, supplement_action);
  gtk_widget_class_install_action (widget_class, "case.issue", NULL, issue_action);
  gtk_widget_class_install_action (widget_class, "case.withdraw", NULL, withdraw_action);
  gtk_widget_class_install_action (widget_class, "case.rate", NULL, rate_action);
  gtk_widget_class_install_action (widget_class, "case.rating-monitor", NULL, rating_monitor_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "case.supplement", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_i, GDK_CONTROL_MASK, "case.issue", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_d, GDK_CONTROL_MASK, "case.withdraw", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "case.rate", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "case.rating-monitor", NULL);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_case_page_init (YcCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->username = g_strdup (g_get_user_name ());
  show_case (self);
}

GtkWidget *
yc_case_page_new (YcStore    *store,
                  YcCalendar *calendar)
{
  g_return_val_if_fail (store == NULL || YC_IS_STORE (store), NULL);
  g_return_val_if_fail (calendar == NULL || YC_IS_CALENDAR (calendar), NULL);

  return g_object_new (YC_TYPE_CASE_PAGE, "store", store, "calendar", calendar, NULL);
}

/**
 * yc_case_page_set_clerk:
 * @username: the clerk signed in
 * @hall: (nullable): the hall of the window's enrolment; without it nothing is offered
 */
void
yc_case_page_set_clerk (YcCasePage *self,
                        const char *username,
                        const char *hall)
{
  g_return_if_fail (YC_IS_CASE_PAGE (self));
  g_return_if_fail (username != NULL);

  g_free (self->username);
  g_free (self->hall);
  self->username = g_strdup (username);
  self->hall = g_strdup (hall);
  if (self->rating_window != NULL)
    yc_rating_window_set_clerk (self->rating_window, username, hall);
  update_actions (self);
}

void
yc_case_page_set_rating_window (YcCasePage     *self,
                                YcRatingWindow *window)
{
  g_return_if_fail (YC_IS_CASE_PAGE (self));
  g_return_if_fail (window == NULL || YC_IS_RATING_WINDOW (window));

  g_set_object (&self->rating_window, window);
  if (window != NULL)
    yc_rating_window_set_clerk (window, self->username, self->hall);
  update_actions (self);
}

/**
 * yc_case_page_set_case:
 * @case_doc: (nullable): the case to show
 */
void
yc_case_page_set_case (YcCasePage *self,
                       YcCase     *case_doc)
{
  g_return_if_fail (YC_IS_CASE_PAGE (self));

  if (case_doc != self->case_doc)
    {
      g_clear_pointer (&self->case_doc, yc_case_unref);
      self->case_doc = case_doc != NULL ? yc_case_ref (case_doc) : NULL;
    }
  if (!self->applying)
    show_error (self, NULL);
  /* The window's reprint action takes the case's UUID (yc-document-preview.h). */
  gtk_actionable_set_action_target (GTK_ACTIONABLE (self->print_button), "s",
                                    self->case_doc != NULL ? self->case_doc->uuid : "");
  gtk_widget_set_visible (self->print_button, self->case_doc != NULL);
  show_case (self);
}

/**
 * yc_case_page_get_case:
 *
 * Returns: (transfer none) (nullable): the case shown
 */
YcCase *
yc_case_page_get_case (YcCasePage *self)
{
  g_return_val_if_fail (YC_IS_CASE_PAGE (self), NULL);
  return self->case_doc;
}

/**
 * yc_case_page_set_rating_pad:
 * @enabled: whether the page offers the applicant's rating
 *
 * The page makes the rating window (yc-rating-window) itself when the clerk hands the rating
 * over and destroys it once it is closed; ::rated and ::rating-failed tell what came of it.
 */
void
yc_case_page_set_rating_pad (YcCasePage *self,
                             gboolean    enabled)
{
  g_return_if_fail (YC_IS_CASE_PAGE (self));

  self->rating_pad = enabled;
  update_actions (self);
}

/**
 * yc_case_page_get_rating_window:
 *
 * Returns: (transfer none) (nullable): the rating window while it exists
 */
YcRatingWindow *
yc_case_page_get_rating_window (YcCasePage *self)
{
  g_return_val_if_fail (YC_IS_CASE_PAGE (self), NULL);
  return self->rating_window;
}
