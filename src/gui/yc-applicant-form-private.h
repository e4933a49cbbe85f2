/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "yc-applicant-form.h"

G_BEGIN_DECLS

/* Shared by yc-applicant-form.c (the form) and yc-applicant-form-fields.c (the numbers
 * checked as typed, masked while not edited, and the flag held). */

typedef struct {
  AdwEntryRow *row;
  char        *value;       /* as typed */
  char        *normalized;  /* when it checks; else NULL */
  gboolean     focused;
  gboolean     updating;    /* the form is replacing the shown text */
} Field;

typedef enum {
  FIELD_ID,
  FIELD_MOBILE,
  FIELD_AGENT_ID,
  N_FIELDS
} FieldId;

struct _YcApplicantForm
{
  GtkWidget       parent_instance;

  Field           fields[N_FIELDS];
  gboolean        checksum_warning;  /* a credit code whose check character disagrees */
  gboolean        checksum_override; /* … which the clerk chose to use anyway */
  const char     *problem;           /* why the form is not complete, or NULL */
  gboolean        resetting;
  guint           mask_idle_id;
  char           *flag_id;           /* the number the local store found flagged, or NULL */
  char           *flag_notice;       /* … and what to tell the clerk about it */
  gboolean        flag_shown;        /* the switch below is held on for the flag */
  gboolean        clerk_broken_pledge;  /* what the clerk had set before it was held */

  AdwComboRow    *kind_row;
  AdwEntryRow    *name_row;
  AdwEntryRow    *id_row;
  AdwActionRow   *id_message_row;
  GtkButton      *override_button;
  AdwEntryRow    *mobile_row;
  AdwActionRow   *mobile_message_row;
  AdwExpanderRow *agent_row;
  AdwEntryRow    *agent_name_row;
  AdwEntryRow    *agent_id_row;
  AdwActionRow   *agent_id_message_row;
  GtkSwitch      *dishonest_switch;
  GtkSwitch      *broken_pledge_switch;
};

/* Shows @id's text: masked, as typed while edited or when it does not check. */
void     yc_applicant_form_field_show   (YcApplicantForm *self,
                                         FieldId          id);
/* Checks @id's text; its message shows once the number is complete or left. */
void     yc_applicant_form_check_field  (YcApplicantForm *self,
                                         FieldId          id);
/* The number entered is the one the local store found flagged */
gboolean yc_applicant_form_flag_applies (YcApplicantForm *self);
/* Holds the broken-pledge switch on while the flag applies */
void     yc_applicant_form_sync_flag    (YcApplicantForm *self);

G_END_DECLS
