/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <string.h>

#include "yc-identifiers.h"

/*
 * The valid numbers were computed by the algorithms of docs/identifiers.md and checked
 * with a separate Python implementation.  11010519491231002X and 91350100M000100Y43 are
 * the well-known published samples.
 */

static GDate today;

static void
assert_contains (const char *haystack,
                 const char *needle)
{
  if (strstr (haystack, needle) == NULL)
    g_error ("“%s” does not contain “%s”", haystack, needle);
}

/* resident ID */

typedef struct {
  const char *text;
  const char *number;  /* normalised */
  const char *birth;
  YcSex       sex;
  const char *province;
} ValidIdCase;

static const ValidIdCase valid_id_cases[] = {
  { "11010519491231002X", "11010519491231002X", "1949-12-31", YC_SEX_FEMALE, "北京市" },
  { "11010519491231002x", "11010519491231002X", "1949-12-31", YC_SEX_FEMALE, "北京市" },
  { " 110105 19491231 002X ", "11010519491231002X", "1949-12-31", YC_SEX_FEMALE, "北京市" },
  { "１１０１０５１９４９１２３１００２ｘ", "11010519491231002X", "1949-12-31", YC_SEX_FEMALE, "北京市" },
  { "110101199003070011", "110101199003070011", "1990-03-07", YC_SEX_MALE, "北京市" },
  { "440304198510200628", "440304198510200628", "1985-10-20", YC_SEX_FEMALE, "广东省" },
  { "810000199001010019", "810000199001010019", "1990-01-01", YC_SEX_MALE, "香港特别行政区" },
  { "820000200002290021", "820000200002290021", "2000-02-29", YC_SEX_FEMALE, "澳门特别行政区" },
  { "830000190001010038", "830000190001010038", "1900-01-01", YC_SEX_MALE, "台湾地区" },
  { "110105202401010014", "110105202401010014", "2024-01-01", YC_SEX_MALE, "北京市" },  /* born today */
};

static void
test_valid_id (gconstpointer data)
{
  const ValidIdCase *c = data;
  g_autoptr(GError) error = NULL;
  YcResidentId id;
  char birth[16];

  memset (&id, 0, sizeof id);
  g_assert_true (yc_resident_id_parse (c->text, &today, &id, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (id.number, ==, c->number);
  g_date_strftime (birth, sizeof birth, "%Y-%m-%d", &id.birth_date);
  g_assert_cmpstr (birth, ==, c->birth);
  g_assert_cmpint (id.sex, ==, c->sex);
  g_assert_cmpstr (id.province, ==, c->province);

  /* @out is optional. */
  g_assert_true (yc_resident_id_parse (c->text, &today, NULL, NULL));
}

typedef struct {
  const char *text;
  int         code;
  const char *message;  /* expected in the message (C locale) */
} InvalidCase;

static const InvalidCase invalid_id_cases[] = {
  { "", YC_IDENTIFIER_ERROR_MALFORMED, "has 18 characters; this one has 0" },
  { "11010519491231002", YC_IDENTIFIER_ERROR_MALFORMED, "has 18 characters; this one has 17" },
  { "11010519491231002X1", YC_IDENTIFIER_ERROR_MALFORMED, "has 18 characters; this one has 19" },
  { "110105491231002", YC_IDENTIFIER_ERROR_MALFORMED, "15-digit first-generation" },
  { "1101051949123100AX", YC_IDENTIFIER_ERROR_MALFORMED, "Character 17 of the resident ID number must be a digit, not “A”" },
  { "11010519491231002Y", YC_IDENTIFIER_ERROR_MALFORMED, "is a digit or X, not “Y”" },
  { "110105一9491231002X", YC_IDENTIFIER_ERROR_MALFORMED, "Character 7 of the resident ID number must be a digit, not “一”" },
  { "110105194912310021", YC_IDENTIFIER_ERROR_INVALID, "(the 18th) should be X" },
  { "11010519491231003X", YC_IDENTIFIER_ERROR_INVALID, "(the 18th) should be 8" },  /* one digit mistyped */
  { "11010519491213002X", YC_IDENTIFIER_ERROR_INVALID, "(the 18th) should be 9" },    /* two digits swapped */
  { "990105194912310023", YC_IDENTIFIER_ERROR_INVALID, "begins with 99, which is not a province code" },
  { "190105194912310024", YC_IDENTIFIER_ERROR_INVALID, "begins with 19, which is not a province code" },
  { "110105194902300020", YC_IDENTIFIER_ERROR_INVALID, "19490230, are not a real date of birth" },
  { "110105189912310023", YC_IDENTIFIER_ERROR_INVALID, "1899-12-31, is before 1900" },
  { "11010520240102001X", YC_IDENTIFIER_ERROR_INVALID, "2024-01-02, is in the future" },
};

static void
test_invalid_id (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(GError) error = NULL;
  YcResidentId id;

  g_assert_false (yc_resident_id_parse (c->text, &today, &id, &error));
  g_assert_error (error, YC_IDENTIFIER_ERROR, c->code);
  assert_contains (error->message, c->message);
}

static void
test_id_today_default (void)
{
  g_autoptr(GError) error = NULL;

  /* Without @today the birth date is checked against the clock: 2024-01-02 has passed. */
  g_assert_true (yc_resident_id_parse ("11010520240102001X", NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (yc_resident_id_parse ("110105299901010012", NULL, NULL, &error));
  g_assert_error (error, YC_IDENTIFIER_ERROR, YC_IDENTIFIER_ERROR_INVALID);
}

/* unified social credit code */

typedef struct {
  const char *text;
  const char *code;
  const char *division;
  const char *organization;
} ValidCreditCase;

static const ValidCreditCase valid_credit_cases[] = {
  { "91350100M000100Y43", "91350100M000100Y43", "350100", "M000100Y4" },
  { "91350100m000100y43", "91350100M000100Y43", "350100", "M000100Y4" },
  { "9135 0100 M000 100Y 43", "91350100M000100Y43", "350100", "M000100Y4" },
  { "91110000600037341L", "91110000600037341L", "110000", "600037341" },
};

static void
test_valid_credit (gconstpointer data)
{
  const ValidCreditCase *c = data;
  g_autoptr(GError) error = NULL;
  YcCreditCode code;

  memset (&code, 0, sizeof code);
  g_assert_true (yc_credit_code_parse (c->text, &code, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (code.code, ==, c->code);
  g_assert_cmpstr (code.division_code, ==, c->division);
  g_assert_cmpstr (code.organization_code, ==, c->organization);
}

static const InvalidCase invalid_credit_cases[] = {
  { "91350100M000100Y4", YC_IDENTIFIER_ERROR_MALFORMED, "has 18 characters; this one has 17" },
  { "91350100M000100Y431", YC_IDENTIFIER_ERROR_MALFORMED, "has 18 characters; this one has 19" },
  { "91350100I000100Y43", YC_IDENTIFIER_ERROR_MALFORMED, "Character 9 of the credit code, “I”, cannot occur" },
  { "91350100M0O0100Y43", YC_IDENTIFIER_ERROR_MALFORMED, "Character 11 of the credit code, “O”, cannot occur" },
  { "9135010SM000100Y43", YC_IDENTIFIER_ERROR_MALFORMED, "Character 8 of the credit code, “S”, cannot occur" },
  { "91350100M000100Y4-", YC_IDENTIFIER_ERROR_MALFORMED, "Character 18 of the credit code, “-”, cannot occur" },
  { "91350100M000100Y4号", YC_IDENTIFIER_ERROR_MALFORMED, "Character 18 of the credit code, “号”, cannot occur" },
  /* Well-formed but failing a check: warnings. */
  { "91350100M000100Y44", YC_IDENTIFIER_ERROR_CHECKSUM, "(the 18th) of the credit code should be 3" },
  { "91110000600037341M", YC_IDENTIFIER_ERROR_CHECKSUM, "(the 18th) of the credit code should be L" },
  { "91350100M000100Y0N", YC_IDENTIFIER_ERROR_CHECKSUM, "organisation code whose check character (the 17th) should be 4" },
};

static void
test_invalid_credit (gconstpointer data)
{
  const InvalidCase *c = data;
  g_autoptr(GError) error = NULL;
  YcCreditCode code;

  memset (&code, 0, sizeof code);
  g_assert_false (yc_credit_code_parse (c->text, &code, &error));
  g_assert_error (error, YC_IDENTIFIER_ERROR, c->code);
  assert_contains (error->message, c->message);

  /* A checksum warning still hands over the code, for the clerk to override. */
  if (c->code == YC_IDENTIFIER_ERROR_CHECKSUM)
    g_assert_cmpstr (code.code, ==, c->text);
  else
    g_assert_cmpstr (code.code, ==, "");
}

/* mobile */

typedef struct {
  const char *text;
  const char *number;  /* NULL: invalid */
  int         code;
} MobileCase;

static const MobileCase mobile_cases[] = {
  { "13812345678", "13812345678", 0 },
  { "138 1234 5678", "13812345678", 0 },
  { "138-1234-5678", "13812345678", 0 },
  { "+86 138 1234 5678", "13812345678", 0 },
  { "+86-13812345678", "13812345678", 0 },
  { "8613812345678", "13812345678", 0 },
  { "0086 13812345678", "13812345678", 0 },
  { "１３８１２３４５６７８", "13812345678", 0 },
  { "19912345678", "19912345678", 0 },
  { "1381234567", NULL, YC_IDENTIFIER_ERROR_MALFORMED },
  { "138123456789", NULL, YC_IDENTIFIER_ERROR_MALFORMED },
  { "138a2345678", NULL, YC_IDENTIFIER_ERROR_MALFORMED },
  { "+14155552671", NULL, YC_IDENTIFIER_ERROR_MALFORMED },
  { "", NULL, YC_IDENTIFIER_ERROR_MALFORMED },
  { "12812345678", NULL, YC_IDENTIFIER_ERROR_INVALID },
  { "23812345678", NULL, YC_IDENTIFIER_ERROR_INVALID },
  { "+86 10 6512 3456", NULL, YC_IDENTIFIER_ERROR_MALFORMED },  /* a landline */
};

static void
test_mobile (gconstpointer data)
{
  const MobileCase *c = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *number = yc_mobile_normalize (c->text, &error);

  if (c->number != NULL)
    {
      g_assert_no_error (error);
      g_assert_cmpstr (number, ==, c->number);
    }
  else
    {
      g_assert_null (number);
      g_assert_error (error, YC_IDENTIFIER_ERROR, c->code);
    }
}

static void
test_messages (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *number = NULL;

  number = yc_mobile_normalize ("1381234567", &error);
  assert_contains (error->message, "has 11 digits; this one has 10");
  g_clear_error (&error);
  number = yc_mobile_normalize ("12812345678", &error);
  assert_contains (error->message, "begins with 13 to 19, not 12");
  g_clear_error (&error);
  number = yc_mobile_normalize ("138a2345678", &error);
  assert_contains (error->message, "contains “A”");
}

/* masking */

typedef struct {
  char       *(*mask) (const char *);
  const char *text;
  const char *expected;
} MaskCase;

static const MaskCase mask_cases[] = {
  { yc_mask_resident_id, "11010519491231002X", "110105********002X" },
  { yc_mask_resident_id, "12345", "*****" },
  { yc_mask_credit_code, "91350100M000100Y43", "9135**********0Y43" },
  { yc_mask_mobile, "13812345678", "138****5678" },
  { yc_mask_mobile, "1381", "****" },
  { yc_mask_name, "张三丰", "张*丰" },
  { yc_mask_name, "李四", "李*" },
  { yc_mask_name, " 王五 ", "王*" },
  { yc_mask_name, "司马相如", "司**如" },
  { yc_mask_name, "买买提·艾力", "买**·*力" },
  { yc_mask_name, "王", "*" },
  { yc_mask_name, "", "" },
};

static void
test_mask (gconstpointer data)
{
  const MaskCase *c = data;
  g_autofree char *masked = c->mask (c->text);

  g_assert_cmpstr (masked, ==, c->expected);
}

static void
test_sex_label (void)
{
  g_assert_cmpstr (yc_sex_label (YC_SEX_MALE), ==, "Male");
  g_assert_cmpstr (yc_sex_label (YC_SEX_FEMALE), ==, "Female");
}

#define ADD_TABLE(prefix, cases, func)                                        \
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)                            \
    {                                                                         \
      g_autofree char *path = g_strdup_printf ("%s/%u", prefix, i);          \
      g_test_add_data_func (path, &cases[i], func);                           \
    }

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 1, G_DATE_JANUARY, 2024);

  ADD_TABLE ("/identifiers/resident-id/valid", valid_id_cases, test_valid_id);
  ADD_TABLE ("/identifiers/resident-id/invalid", invalid_id_cases, test_invalid_id);
  ADD_TABLE ("/identifiers/credit-code/valid", valid_credit_cases, test_valid_credit);
  ADD_TABLE ("/identifiers/credit-code/invalid", invalid_credit_cases, test_invalid_credit);
  ADD_TABLE ("/identifiers/mobile", mobile_cases, test_mobile);
  ADD_TABLE ("/identifiers/mask", mask_cases, test_mask);
  g_test_add_func ("/identifiers/resident-id/today-default", test_id_today_default);
  g_test_add_func ("/identifiers/mobile/messages", test_messages);
  g_test_add_func ("/identifiers/sex-label", test_sex_label);

  return g_test_run ();
}
