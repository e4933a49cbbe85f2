/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Checks of the identifiers a clerk types at the counter (docs/identifiers.md): the
 * resident ID (GB 11643), the unified social credit code (GB 32100, with the GB 11714
 * organisation code inside it) and the mainland mobile number; and their masking for
 * display.  Input is forgiving: surrounding and inner spaces, full-width characters typed
 * through an input method and lower-case letters are normalised before checking.
 */

#define YC_IDENTIFIER_ERROR (yc_identifier_error_quark ())

/**
 * YcIdentifierError:
 * @YC_IDENTIFIER_ERROR_MALFORMED: wrong length or characters; cannot be an identifier
 * @YC_IDENTIFIER_ERROR_INVALID: well-formed, but a part cannot be right (region, birth
 *   date, a resident ID's check character); a hard error
 * @YC_IDENTIFIER_ERROR_CHECKSUM: a credit code whose check character disagrees; some codes
 *   actually issued do, so this is a warning the clerk may override (the out struct is
 *   filled all the same)
 */
typedef enum {
  YC_IDENTIFIER_ERROR_MALFORMED,
  YC_IDENTIFIER_ERROR_INVALID,
  YC_IDENTIFIER_ERROR_CHECKSUM,
} YcIdentifierError;

typedef enum {
  YC_SEX_FEMALE,
  YC_SEX_MALE,
} YcSex;

/**
 * YcResidentId:
 * @number: the normalised number: 18 characters, a final X in upper case
 * @birth_date: characters 7–14
 * @sex: from the sequence number, characters 15–17 (odd = male)
 * @province: name of the province of characters 1–2 (北京市 …), a static string
 */
typedef struct {
  char        number[19];
  GDate       birth_date;
  YcSex       sex;
  const char *province;
} YcResidentId;

/**
 * YcCreditCode:
 * @code: the normalised code: 18 characters, upper case
 * @division_code: characters 3–8, the registering authority's region (GB/T 2260)
 * @organization_code: characters 9–17, the GB 11714 organisation code with its check
 *   character
 */
typedef struct {
  char code[19];
  char division_code[7];
  char organization_code[10];
} YcCreditCode;

GQuark      yc_identifier_error_quark (void);

gboolean    yc_resident_id_parse      (const char   *text,
                                       const GDate  *today,
                                       YcResidentId *out,
                                       GError      **error);
gboolean    yc_credit_code_parse      (const char   *text,
                                       YcCreditCode *out,
                                       GError      **error);
char       *yc_mobile_normalize       (const char   *text,
                                       GError      **error);

char       *yc_mask_resident_id       (const char   *number);
char       *yc_mask_credit_code       (const char   *code);
char       *yc_mask_mobile            (const char   *number);
char       *yc_mask_name              (const char   *name);

const char *yc_sex_label              (YcSex         sex);

G_END_DECLS
