/* SPDX-License-Identifier: GPL-3.0-or-later */

#define G_LOG_DOMAIN "yc-identifiers"

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "yc-identifiers.h"

G_DEFINE_QUARK (yc-identifier-error-quark, yc_identifier_error)

/*
 * Province-level codes (GB/T 2260, from divisions/provinces.csv) that begin resident ID
 * numbers, plus 81–83, which begin the numbers of residence permits for residents of
 * Hong Kong, Macao and Taiwan (港澳台居民居住证, same format and check).  Only the
 * province is checked: numbers keep the county code of their first issue, and counties
 * are merged and renamed far more often than people change their ID numbers.
 */
static const struct {
  char        code[3];
  const char *name;
} provinces[] = {
  { "11", "北京市" },
  { "12", "天津市" },
  { "13", "河北省" },
  { "14", "山西省" },
  { "15", "内蒙古自治区" },
  { "21", "辽宁省" },
  { "22", "吉林省" },
  { "23", "黑龙江省" },
  { "31", "上海市" },
  { "32", "江苏省" },
  { "33", "浙江省" },
  { "34", "安徽省" },
  { "35", "福建省" },
  { "36", "江西省" },
  { "37", "山东省" },
  { "41", "河南省" },
  { "42", "湖北省" },
  { "43", "湖南省" },
  { "44", "广东省" },
  { "45", "广西壮族自治区" },
  { "46", "海南省" },
  { "50", "重庆市" },
  { "51", "四川省" },
  { "52", "贵州省" },
  { "53", "云南省" },
  { "54", "西藏自治区" },
  { "61", "陕西省" },
  { "62", "甘肃省" },
  { "63", "青海省" },
  { "64", "宁夏回族自治区" },
  { "65", "新疆维吾尔自治区" },
  { "81", "香港特别行政区" },
  { "82", "澳门特别行政区" },
  { "83", "台湾地区" },
};

/* GB 11643 MOD 11-2 */
static const guint resident_weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
static const char resident_checks[] = "10X98765432";

/* GB 32100: 31 characters, no I, O, Z, S or V */
static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";
static const guint credit_weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };

/* GB 11714 */
static const guint organization_weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };

/*
 * What a clerk types, made checkable: spaces (also the ideographic space) dropped,
 * full-width ASCII from an input method folded to ASCII, letters upper-cased, and, when
 * @drop_dashes, dashes dropped.  Other characters are kept so that errors can show them.
 */
static char *
normalize_input (const char *text,
                 gboolean    drop_dashes)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char_validated (p, -1);

      if (c == (gunichar) -1 || c == (gunichar) -2)
        break;
      if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0;
      if (g_unichar_isspace (c))
        continue;
      if (drop_dashes && (c == '-' || c == 0x2013 || c == 0x2014))
        continue;
      if (c < 0x80)
        g_string_append_c (out, g_ascii_toupper ((char) c));
      else
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* The @index-th (0-based) character of @text, for messages. */
static char *
nth_char (const char *text,
          guint       index)
{
  const char *p = g_utf8_offset_to_pointer (text, index);
  return g_strndup (p, g_utf8_next_char (p) - p);
}

static const char *
lookup_province (const char *number)
{
  for (guint i = 0; i < G_N_ELEMENTS (provinces); i++)
    if (strncmp (provinces[i].code, number, 2) == 0)
      return provinces[i].name;
  return NULL;
}

static guint
digits_value (const char *text,
              guint       n)
{
  guint value = 0;

  for (guint i = 0; i < n; i++)
    value = value * 10 + (guint) (text[i] - '0');
  return value;
}

static void
set_today (GDate *date)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_date_clear (date, 1);
  g_date_set_dmy (date, g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now), g_date_time_get_year (now));
}

/**
 * yc_resident_id_parse:
 * @text: the number as typed (spaces, full-width digits and a lower-case x are accepted)
 * @today: (nullable): the date the birth date must not be after; %NULL for today
 * @out: (out caller-allocates) (optional): the normalised number, birth date, sex and
 *   province, filled on success only
 *
 * Checks an 18-character resident ID number (GB 11643): digits with a final digit or X,
 * a known province code, a real birth date from 1900 to @today, and the MOD 11-2 check
 * character.  A failed check character is a hard error here (%YC_IDENTIFIER_ERROR_INVALID):
 * every issued number passes it, so a failure is a typing error.
 *
 * Returns: %TRUE if the number is valid; %FALSE with @error set to
 *   %YC_IDENTIFIER_ERROR_MALFORMED (length, characters) or %YC_IDENTIFIER_ERROR_INVALID
 *   (province, birth date, check character)
 */
gboolean
yc_resident_id_parse (const char   *text,
                      const GDate  *today,
                      YcResidentId *out,
                      GError      **error)
{
  g_autofree char *number = NULL;
  const char *province;
  GDate birth, now;
  guint length, year, month, day, sum = 0;
  char expected;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  number = normalize_input (text, FALSE);
  length = g_utf8_strlen (number, -1);
  if (length == 15 && strspn (number, "0123456789") == 15)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                   _("This is a 15-digit first-generation ID number, which is no longer valid: ask for the 18-character number"));
      return FALSE;
    }
  if (length != 18)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                   _("A resident ID number has 18 characters; this one has %u"), length);
      return FALSE;
    }

  for (guint i = 0; i < 18; i++)
    {
      gboolean last = i == 17;

      if (g_ascii_isdigit (number[i]) || (last && number[i] == 'X'))
        continue;

      {
        g_autofree char *c = nth_char (number, i);

        if (last)
          g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                       _("The last character of a resident ID number is a digit or X, not “%s”"), c);
        else
          g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                       _("Character %u of the resident ID number must be a digit, not “%s”"), i + 1, c);
        return FALSE;
      }
    }

  province = lookup_province (number);
  if (province == NULL)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID,
                   _("The resident ID number begins with %.2s, which is not a province code"), number);
      return FALSE;
    }

  year = digits_value (number + 6, 4);
  month = digits_value (number + 10, 2);
  day = digits_value (number + 12, 2);
  if (!g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID,
                   _("Characters 7–14 of the resident ID number, %.8s, are not a real date of birth"),
                   number + 6);
      return FALSE;
    }
  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, day, month, year);
  if (year < 1900)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID,
                   _("The date of birth in the resident ID number, %.4s-%.2s-%.2s, is before 1900"),
                   number + 6, number + 10, number + 12);
      return FALSE;
    }
  if (today == NULL)
    set_today (&now);
  else
    now = *today;
  if (g_date_compare (&birth, &now) > 0)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID,
                   _("The date of birth in the resident ID number, %.4s-%.2s-%.2s, is in the future"),
                   number + 6, number + 10, number + 12);
      return FALSE;
    }

  for (guint i = 0; i < 17; i++)
    sum += (guint) (number[i] - '0') * resident_weights[i];
  expected = resident_checks[sum % 11];
  if (number[17] != expected)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID,
                   _("The check character (the 18th) should be %c: compare the number with the ID card"),
                   expected);
      return FALSE;
    }

  if (out != NULL)
    {
      memcpy (out->number, number, 19);
      out->birth_date = birth;
      out->sex = (number[16] - '0') % 2 == 1 ? YC_SEX_MALE : YC_SEX_FEMALE;
      out->province = province;
    }
  return TRUE;
}

static guint
organization_char_value (char c)
{
  /* GB 11714 values letters A = 10 … Z = 35, whatever the credit code charset leaves out. */
  return g_ascii_isdigit (c) ? (guint) (c - '0') : (guint) (c - 'A') + 10;
}

/**
 * yc_credit_code_parse:
 * @text: the code as typed (spaces, full-width characters and lower case are accepted)
 * @out: (out caller-allocates) (optional): the normalised code and its parts; filled on
 *   success and on %YC_IDENTIFIER_ERROR_CHECKSUM
 *
 * Checks a unified social credit code (GB 32100): 18 characters from its charset, the
 * check character (the 18th), and the check character (the 17th) of the GB 11714
 * organisation code in characters 9–17.
 *
 * Returns: %TRUE if the code is valid; %FALSE with @error set to
 *   %YC_IDENTIFIER_ERROR_MALFORMED (length, characters: cannot be a code) or
 *   %YC_IDENTIFIER_ERROR_CHECKSUM (a check character disagrees: a warning the clerk may
 *   override after comparing with the licence; @out is filled)
 */
gboolean
yc_credit_code_parse (const char   *text,
                      YcCreditCode *out,
                      GError      **error)
{
  g_autofree char *code = NULL;
  guint length, sum, check;
  char expected;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  code = normalize_input (text, FALSE);
  length = g_utf8_strlen (code, -1);
  if (length != 18)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                   _("A unified social credit code has 18 characters; this one has %u"), length);
      return FALSE;
    }

  for (guint i = 0; i < 18; i++)
    if (code[i] == '\0' || strchr (credit_charset, code[i]) == NULL)
      {
        g_autofree char *c = nth_char (code, i);

        g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                     _("Character %u of the credit code, “%s”, cannot occur in a credit code (digits and capital letters other than I, O, S, V and Z)"),
                     i + 1, c);
        return FALSE;
      }

  if (out != NULL)
    {
      memcpy (out->code, code, 19);
      memcpy (out->division_code, code + 2, 6);
      out->division_code[6] = '\0';
      memcpy (out->organization_code, code + 8, 9);
      out->organization_code[9] = '\0';
    }

  sum = 0;
  for (guint i = 0; i < 17; i++)
    sum += (guint) (strchr (credit_charset, code[i]) - credit_charset) * credit_weights[i];
  check = (31 - sum % 31) % 31;
  expected = credit_charset[check];
  if (code[17] != expected)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_CHECKSUM,
                   _("The check character (the 18th) of the credit code should be %c. A few codes actually issued fail this check: compare the code with the business licence before accepting it"),
                   expected);
      return FALSE;
    }

  sum = 0;
  for (guint i = 0; i < 8; i++)
    sum += organization_char_value (code[8 + i]) * organization_weights[i];
  check = 11 - sum % 11;
  expected = check == 10 ? 'X' : check == 11 ? '0' : (char) ('0' + check);
  if (code[16] != expected)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_CHECKSUM,
                   _("Characters 9–17 of the credit code are an organisation code whose check character (the 17th) should be %c. A few codes actually issued fail this check: compare the code with the business licence before accepting it"),
                   expected);
      return FALSE;
    }

  return TRUE;
}

/**
 * yc_mobile_normalize:
 * @text: the number as typed: spaces and dashes anywhere, an optional +86, 0086 or 86
 *
 * Returns: (transfer full) (nullable): the 11-digit mainland mobile number, or %NULL with
 *   @error set to %YC_IDENTIFIER_ERROR_MALFORMED (characters, length) or
 *   %YC_IDENTIFIER_ERROR_INVALID (not a 13–19 number)
 */
char *
yc_mobile_normalize (const char  *text,
                     GError     **error)
{
  g_autofree char *number = NULL;
  const char *digits;
  guint length;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  number = normalize_input (text, TRUE);
  digits = number;
  if (g_str_has_prefix (digits, "+86"))
    digits += 3;
  else if (g_str_has_prefix (digits, "0086"))
    digits += 4;
  else if (g_str_has_prefix (digits, "86") && strlen (digits) == 13)
    digits += 2;

  for (const char *p = digits; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_ascii_isdigit (*p))
      {
        g_autofree char *c = g_strndup (p, g_utf8_next_char (p) - p);

        g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                     _("A mobile number has only digits, but this one contains “%s”"), c);
        return NULL;
      }

  length = strlen (digits);
  if (length != 11)
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_MALFORMED,
                   _("A mobile number has 11 digits; this one has %u"), length);
      return NULL;
    }
  if (digits[0] != '1' || digits[1] < '3')
    {
      g_set_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID,
                   _("A mainland mobile number begins with 13 to 19, not %.2s"), digits);
      return NULL;
    }

  return g_strdup (digits);
}

/* Keeps @head and @tail characters and stars the rest; all stars if nothing would be hidden. */
static char *
mask_middle (const char *text,
             guint       head,
             guint       tail)
{
  GString *out = g_string_new (NULL);
  guint length = g_utf8_strlen (text, -1);

  if (length <= head + tail)
    head = tail = 0;
  for (guint i = 0; i < length; i++, text = g_utf8_next_char (text))
    {
      if (i < head || i >= length - tail)
        g_string_append_len (out, text, g_utf8_next_char (text) - text);
      else
        g_string_append_c (out, '*');
    }
  return g_string_free (out, FALSE);
}

/**
 * yc_mask_resident_id:
 * @number: a resident ID number, normalised
 *
 * Returns: (transfer full): the number for display, the region and the last four kept:
 *   `110105********002X`; anything too short to keep them is starred whole
 */
char *
yc_mask_resident_id (const char *number)
{
  g_return_val_if_fail (number != NULL, NULL);
  return mask_middle (number, 6, 4);
}

/**
 * yc_mask_credit_code:
 * @code: a unified social credit code, normalised
 *
 * Credit codes are public (国家企业信用信息公示系统); this is for printouts that show
 * nothing they need not.
 *
 * Returns: (transfer full): the first four and the last four kept: `9135**********0Y43`
 */
char *
yc_mask_credit_code (const char *code)
{
  g_return_val_if_fail (code != NULL, NULL);
  return mask_middle (code, 4, 4);
}

/**
 * yc_mask_mobile:
 * @number: a normalised 11-digit mobile number
 *
 * Returns: (transfer full): the operator prefix and the last four kept: `138****5678`
 */
char *
yc_mask_mobile (const char *number)
{
  g_return_val_if_fail (number != NULL, NULL);
  return mask_middle (number, 3, 4);
}

static gboolean
is_name_separator (gunichar c)
{
  /* The middle dot of transcribed names: 买买提·艾力 (also typed as • or ・). */
  return c == 0x00B7 || c == 0x2022 || c == 0x30FB || c == 0x2027;
}

/**
 * yc_mask_name:
 * @name: a person's name
 *
 * Two characters keep the first (李*), longer names the first and the last (张*三,
 * 欧**锋); the middle dot of transcribed names stays (买**·*力).  A single character is
 * starred.
 *
 * Returns: (transfer full): the name for display
 */
char *
yc_mask_name (const char *name)
{
  g_autofree char *stripped = NULL;
  GString *out;
  guint length;
  const char *p;

  g_return_val_if_fail (name != NULL, NULL);

  stripped = g_strstrip (g_strdup (name));
  length = g_utf8_strlen (stripped, -1);
  if (length == 0)
    return g_strdup ("");
  if (length == 1)
    return g_strdup ("*");

  out = g_string_new (NULL);
  p = stripped;
  for (guint i = 0; i < length; i++, p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (i == 0 || (i == length - 1 && length > 2) || is_name_separator (c))
        g_string_append_unichar (out, c);
      else
        g_string_append_c (out, '*');
    }
  return g_string_free (out, FALSE);
}

/**
 * yc_sex_label:
 *
 * Returns: the translated label (男, 女)
 */
const char *
yc_sex_label (YcSex sex)
{
  switch (sex)
    {
    case YC_SEX_FEMALE:
      return _("Female");
    case YC_SEX_MALE:
      return _("Male");
    default:
      g_return_val_if_reached (NULL);
    }
}
