/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-urge"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "yc-case-machine.h"
#include "yc-settings.h"
#include "yc-case-history.h"
#include "yc-urge-case-page.h"
#include "yc-urge-dialog.h"

struct _YcUrgeCasePage
{
  GtkWidget         parent_instance;

  YcStore          *store;
  YcCalendar       *calendar;
  YcCatalog        *catalog;
  YcSessionManager *session;
  YcCase           *case_doc;
  GDate             today;      /* invalid: the local today */
  GCancellable     *cancellable;

  GtkWidget        *title;
  GtkWidget        *urge_button;
  GtkWidget        *facts;      /* GtkLabel */
  GtkWidget        *clock;      /* GtkLabel */
  GtkWidget        *parts;      /* GtkListBox */
  GtkWidget        *urges;      /* GtkListBox */
  GtkWidget        *history;    /* GtkListBox */
  GtkWidget        *error;
};

G_DEFINE_FINAL_TYPE (YcUrgeCasePage, yc_urge_case_page, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_STORE,
  PROP_CALENDAR,
  PROP_CATALOG,
  PROP_SESSION,
  N_PROPS
};

enum {
  SIGNAL_BACK,
  SIGNAL_URGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void
get_today (YcUrgeCasePage *self,
           GDate          *out)
{
  if (g_date_valid (&self->today))
    *out = self->today;
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();

      g_date_clear (out, 1);
      g_date_set_dmy (out, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                      g_date_time_get_year (now));
    }
}

/* "超期 · 办结期限 2026-12-03 · 已超 3 个工作日" and the like. */
static char *
clock_text (const YcClock *clock)
{
  g_autofree char *deadline = NULL;
  g_autofree char *left = NULL;

  if (!clock->has_clock)
    return g_strdup (_("No time limit"));
  deadline = yc_date_format_iso (&clock->deadline);
  if (clock->remaining < 0)
    /* Translators: working days past the deadline */
    left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day late", "%d working days late",
                                         -clock->remaining), -clock->remaining);
  else
    left = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left", "%d working days left",
                                         clock->remaining), clock->remaining);
  /* Translators: %1$s: 正常/预警/超期, %2$s: the deadline date, %3$s: the days left or late,
   * %4$s: " (paused)" / " (decided)" or nothing */
  return g_strdup_printf (_("%1$s · deadline %2$s · %3$s%4$s"), yc_deadline_state_label (clock->state),
                          deadline, left,
                          clock->paused ? _(" (paused: a supplement is owed)")
                          : clock->stopped ? _(" (clock stopped)") : "");
}

static const char *
light_class (YcDeadlineState state)
{
  switch (state)
    {
    case YC_DEADLINE_RED:
      return "error";
    case YC_DEADLINE_YELLOW:
      return "warning";
    case YC_DEADLINE_GREEN:
    default:
      return "success";
    }
}

static void
clear_list (GtkWidget *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (list)) != NULL)
    gtk_list_box_remove (GTK_LIST_BOX (list), child);
}

static GtkWidget *
row_label (const char *text,
           const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static const char *
department_name (YcUrgeCasePage *self,
                 const char     *code)
{
  const YcDepartment *department = self->catalog != NULL && code != NULL
                                   ? yc_catalog_lookup_department (self->catalog, code) : NULL;

  return department != NULL ? department->name : code;
}

static void
show_case (YcUrgeCasePage *self)
{
  YcCase *c = self->case_doc;
  g_autofree char *title = NULL;
  g_autofree char *facts = NULL;
  g_autofree char *clock = NULL;
  g_autofree char *applicant = NULL;
  g_autofree char *accepted = NULL;
  g_autoptr(GListModel) history = NULL;
  const char *name;
  YcClock whole;
  GDate today;

  clear_list (self->parts);
  clear_list (self->urges);
  clear_list (self->history);
  gtk_widget_remove_css_class (self->clock, "error");
  gtk_widget_remove_css_class (self->clock, "warning");
  gtk_widget_remove_css_class (self->clock, "success");
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "urge-case.urge",
                                 c != NULL && !yc_case_state_is_final (c->state));
  if (c == NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->title), "");
      gtk_label_set_text (GTK_LABEL (self->facts), "");
      gtk_label_set_text (GTK_LABEL (self->clock), "");
      return;
    }

  get_today (self, &today);
  /* Translators: the heading of the supervisor's case page; %s: the case number */
  title = g_strdup_printf (_("Case %s"), c->number);
  gtk_label_set_text (GTK_LABEL (self->title), title);
  name = c->applicant != NULL ? json_object_get_string_member_with_default (c->applicant, "name", NULL) : NULL;
  applicant = name != NULL ? g_strdup (name) : g_strdup ("—");
  accepted = yc_date_format_iso (&c->accepted_on);
  /* Translators: %1$s item, %2$s applicant, %3$s acceptance day, %4$s hall, %5$s window,
   * %6$s state */
  facts = g_strdup_printf (_("%1$s\nApplicant: %2$s\nAccepted on %3$s at window %4$s-%5$s\nState: %6$s"),
                           c->subject_name != NULL ? c->subject_name : c->subject_code, applicant,
                           accepted != NULL ? accepted : "—", c->hall, c->window != NULL ? c->window : "",
                           yc_case_state_label (c->state));
  gtk_label_set_text (GTK_LABEL (self->facts), facts);

  yc_case_clock (c, NULL, self->calendar, &today, yc_settings_yellow_threshold (), &whole);
  clock = clock_text (&whole);
  gtk_label_set_text (GTK_LABEL (self->clock), clock);
  gtk_widget_add_css_class (self->clock, light_class (whole.state));

  for (guint i = 0; c->parts != NULL && i < c->parts->len; i++)
    {
      const YcCasePart *part = g_ptr_array_index (c->parts, i);
      g_autofree char *part_clock = NULL;
      g_autofree char *text = NULL;
      YcClock clock_of_part;

      yc_case_clock (c, part, self->calendar, &today, yc_settings_yellow_threshold (), &clock_of_part);
      part_clock = clock_text (&clock_of_part);
      /* Translators: one department's part of a case: %1$s department, %2$s state,
       * %3$s who holds it, %4$s its clock */
      text = g_strdup_printf (_("%1$s — %2$s, held by %3$s\n%4$s"), department_name (self, part->department),
                              yc_case_state_label (part->state),
                              part->claimed_by != NULL ? part->claimed_by : _("nobody"), part_clock);
      gtk_list_box_append (GTK_LIST_BOX (self->parts), row_label (text, light_class (clock_of_part.state)));
    }

  for (guint i = 0; c->urges != NULL && i < c->urges->len; i++)
    {
      const YcCaseUrge *urge = g_ptr_array_index (c->urges, i);
      const char *target = urge->department != NULL ? department_name (self, urge->department)
                                                    : urge->hall;
      g_autofree char *text = NULL;
      g_autofree char *answer = NULL;
      g_autofree char *addressee = NULL;

      answer = urge->acknowledged
               /* Translators: %1$s who acknowledged an urge, %2$s when */
               ? g_strdup_printf (_("acknowledged by %1$s at %2$s"), urge->acknowledged_by,
                                  urge->acknowledged_at != NULL ? urge->acknowledged_at : "")
               : g_strdup (_("not acknowledged yet"));
      /* The handler it went to, when it went to one person (docs/supervision.md). */
      if (urge->to != NULL)
        /* Translators: an urge's addressee: %1$s the department or hall, %2$s the user */
        addressee = g_strdup_printf (_("%1$s (%2$s)"), target, urge->to);
      /* Translators: an urge: %1$s when, %2$s by whom, %3$s to whom, %4$s message, %5$s answer */
      text = g_strdup_printf (_("%1$s %2$s → %3$s: %4$s (%5$s)"), urge->at, urge->by,
                              addressee != NULL ? addressee : target, urge->message, answer);
      gtk_list_box_append (GTK_LIST_BOX (self->urges), row_label (text, urge->acknowledged ? NULL : "warning"));
    }
  if (c->urges == NULL || c->urges->len == 0)
    gtk_list_box_append (GTK_LIST_BOX (self->urges), row_label (_("No urges yet"), "dim-label"));

  /* In the words of the counter's case page (yc-case-history.c), not the ops' names. */
  history = yc_case_history_new_model (c);
  for (guint i = 0; i < g_list_model_get_n_items (history); i++)
    {
      g_autoptr(YcCaseHistoryItem) item = g_list_model_get_item (history, i);
      const char *detail = yc_case_history_item_get_detail (item);
      g_autofree char *text = g_strdup_printf ("%s  %s  %s%s%s", yc_case_history_item_get_time (item),
                                               yc_case_history_item_get_actor (item),
                                               yc_case_history_item_get_action (item),
                                               detail != NULL && *detail != '\0' ? " — " : "",
                                               detail != NULL ? detail : "");

      gtk_list_box_append (GTK_LIST_BOX (self->history), row_label (text, NULL));
    }
}

void
yc_urge_case_page_set_case (YcUrgeCasePage *self,
                            YcCase         *case_doc)
{
  g_return_if_fail (YC_IS_URGE_CASE_PAGE (self));

  if (case_doc != NULL)
    yc_case_ref (case_doc);
  g_clear_pointer (&self->case_doc, yc_case_unref);
  self->case_doc = case_doc;
  gtk_widget_set_visible (self->error, FALSE);
  show_case (self);
}

YcCase *
yc_urge_case_page_get_case (YcUrgeCasePage *self)
{
  g_return_val_if_fail (YC_IS_URGE_CASE_PAGE (self), NULL);
  return self->case_doc;
}

void
yc_urge_case_page_set_today (YcUrgeCasePage *self,
                             const GDate    *today)
{
  g_return_if_fail (YC_IS_URGE_CASE_PAGE (self));

  if (today != NULL)
    self->today = *today;
  else
    g_date_clear (&self->today, 1);
  show_case (self);
}

static void
loaded_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(YcUrgeCasePage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCase) c = yc_store_get_case_finish (YC_STORE (object), result, &error);

  if (c == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      yc_urge_case_page_set_case (self, NULL);
      gtk_label_set_text (GTK_LABEL (self->error), error->message);
      gtk_widget_set_visible (self->error, TRUE);
      return;
    }
  yc_urge_case_page_set_case (self, c);
}

void
yc_urge_case_page_load (YcUrgeCasePage *self,
                        const char     *uuid)
{
  g_return_if_fail (YC_IS_URGE_CASE_PAGE (self));
  g_return_if_fail (uuid != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  yc_store_get_case_async (self->store, uuid, self->cancellable, loaded_cb, g_object_ref (self));
}

static void
urged_cb (YcUrgeDialog   *dialog,
          YcCase         *applied,
          YcUrgeCasePage *self)
{
  yc_urge_case_page_set_case (self, applied);
  g_signal_emit (self, signals[SIGNAL_URGED], 0, applied);
}

GtkWidget *
yc_urge_case_page_open_urge_dialog (YcUrgeCasePage *self)
{
  GtkRoot *root;
  GtkWidget *dialog;

  g_return_val_if_fail (YC_IS_URGE_CASE_PAGE (self), NULL);

  if (self->case_doc == NULL)
    return NULL;
  root = gtk_widget_get_root (GTK_WIDGET (self));
  dialog = yc_urge_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, self->store,
                               self->calendar, self->catalog, self->session, self->case_doc);
  g_signal_connect_object (dialog, "urged", G_CALLBACK (urged_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

static void
urge_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  yc_urge_case_page_open_urge_dialog (YC_URGE_CASE_PAGE (widget));
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  g_signal_emit (widget, signals[SIGNAL_BACK], 0);
}

static GtkWidget *
section (GtkWidget  *box,
         const char *heading)
{
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 12);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading, -1);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), list);
  return list;
}

static void
yc_urge_case_page_dispose (GObject *object)
{
  YcUrgeCasePage *self = YC_URGE_CASE_PAGE (object);
  GtkWidget *child;

  g_cancellable_cancel (self->cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);
  g_clear_object (&self->store);
  g_clear_object (&self->calendar);
  g_clear_object (&self->catalog);
  g_clear_object (&self->session);
  g_clear_pointer (&self->case_doc, yc_case_unref);

  G_OBJECT_CLASS (yc_urge_case_page_parent_class)->dispose (object);
}

static void
yc_urge_case_page_finalize (GObject *object)
{
  YcUrgeCasePage *self = YC_URGE_CASE_PAGE (object);

  g_clear_object (&self->cancellable);

  G_OBJECT_CLASS (yc_urge_case_page_parent_class)->finalize (object);
}

static void
yc_urge_case_page_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcUrgeCasePage *self = YC_URGE_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      self->store = g_value_dup_object (value);
      break;
    case PROP_CALENDAR:
      self->calendar = g_value_dup_object (value);
      break;
    case PROP_CATALOG:
      self->catalog = g_value_dup_object (value);
      break;
    case PROP_SESSION:
      self->session = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_urge_case_page_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YcUrgeCasePage *self = YC_URGE_CASE_PAGE (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;
    case PROP_CALENDAR:
      g_value_set_object (value, self->calendar);
      break;
    case PROP_CATALOG:
      g_value_set_object (value, self->catalog);
      break;
    case PROP_SESSION:
      g_value_set_object (value, self->session);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_urge_case_page_class_init (YcUrgeCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags construct = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = yc_urge_case_page_dispose;
  object_class->finalize = yc_urge_case_page_finalize;
  object_class->set_property = yc_urge_case_page_set_property;
  object_class->get_property = yc_urge_case_page_get_property;

  properties[PROP_STORE] = g_param_spec_object ("store", NULL, NULL, YC_TYPE_STORE, construct);
  properties[PROP_CALENDAR] = g_param_spec_object ("calendar", NULL, NULL, YC_TYPE_CALENDAR, construct);
  properties[PROP_CATALOG] = g_param_spec_object ("catalog", NULL, NULL, YC_TYPE_CATALOG, construct);
  properties[PROP_SESSION] = g_param_spec_object ("session", NULL, NULL, YC_TYPE_SESSION_MANAGER,
                                                  construct);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SIGNAL_BACK] = g_signal_new ("back", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                       NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[SIGNAL_URGED] = g_signal_new ("urged", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                        NULL, NULL, NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);

  gtk_widget_class_install_action (widget_class, "urge-case.urge", NULL, urge_action);
  gtk_widget_class_install_action (widget_class, "urge-case.back", NULL, back_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_u, GDK_CONTROL_MASK, "urge-case.urge", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "urge-case.back", NULL);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_urge_case_page_init (YcUrgeCasePage *self)
{
  GtkWidget *outer = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *bar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *clamp = adw_clamp_new ();

  g_date_clear (&self->today, 1);
  self->cancellable = g_cancellable_new ();
  gtk_widget_set_parent (outer, GTK_WIDGET (self));

  gtk_widget_add_css_class (bar, "toolbar");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "urge-case.back");
  gtk_widget_set_tooltip_text (back, _("Back to the board"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (back), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Back to the board"), -1);
  self->title = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->title, "title-3");
  gtk_widget_set_hexpand (self->title, TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->title), 0);
  self->urge_button = gtk_button_new_with_mnemonic (_("_Urge…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (self->urge_button), "urge-case.urge");
  gtk_widget_add_css_class (self->urge_button, "destructive-action");
  gtk_widget_set_tooltip_text (self->urge_button, _("Urge the handler of this case (Ctrl+U)"));
  gtk_box_append (GTK_BOX (bar), back);
  gtk_box_append (GTK_BOX (bar), self->title);
  gtk_box_append (GTK_BOX (bar), self->urge_button);
  gtk_box_append (GTK_BOX (outer), bar);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_bottom (box, 24);
  self->error = gtk_label_new (NULL);
  gtk_widget_add_css_class (self->error, "error");
  gtk_widget_set_visible (self->error, FALSE);
  self->facts = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->facts), 0);
  gtk_label_set_wrap (GTK_LABEL (self->facts), TRUE);
  gtk_label_set_selectable (GTK_LABEL (self->facts), TRUE);
  self->clock = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->clock), 0);
  gtk_widget_add_css_class (self->clock, "heading");
  gtk_box_append (GTK_BOX (box), self->error);
  gtk_box_append (GTK_BOX (box), self->facts);
  gtk_box_append (GTK_BOX (box), self->clock);
  self->parts = section (box, _("Departments"));
  self->urges = section (box, _("Urges"));
  self->history = section (box, _("History"));
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 900);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER, GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (outer), scrolled);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "urge-case.urge", FALSE);
}

GtkWidget *
yc_urge_case_page_new (YcStore          *store,
                       YcCalendar       *calendar,
                       YcCatalog        *catalog,
                       YcSessionManager *session)
{
  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (YC_IS_CALENDAR (calendar), NULL);
  g_return_val_if_fail (catalog == NULL || YC_IS_CATALOG (catalog), NULL);
  g_return_val_if_fail (YC_IS_SESSION_MANAGER (session), NULL);

  return g_object_new (YC_TYPE_URGE_CASE_PAGE, "store", store, "calendar", calendar,
                       "catalog", catalog, "session", session, NULL);
}
