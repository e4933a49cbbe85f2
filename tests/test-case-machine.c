/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <locale.h>
#include <stdio.h>

#include "yc-test-cases.h"

/*
 * The case machine, table-driven: every legal transition and a representative set of illegal
 * ones.  A row accepts its subject (yc-test-cases.h), runs the setup steps (each must
 * succeed), then the operation under test, and checks its outcome: on success the new state
 * of the case and of one part, the version bumped, the history appended, the document reading
 * back; on failure the error code, a text of its message (the field for invalid payloads),
 * and the case byte-for-byte untouched.  The clock (pauses, deadlines, traffic light,
 * tolerance expiry) is in test-case-clock.c.
 */

typedef struct {
  const char *actor;
  YcOpKind    kind;
  const char *payload;
  const char *today;  /* NULL: 2026-11-23 */
  const char *created_at;  /* the counter's clock; NULL: 10:00 (+08:00) on today */
} Step;

#define OK (-1)

typedef struct {
  const char    *name;
  YcTestSubject  subject;
  Step           setup[8];      /* up to the first with actor NULL */
  Step           op;
  int            error;         /* YcCaseMachineError, or OK */
  YcCaseState    state;         /* on success */
  const char    *part;          /* on success: this part's state is checked, or NULL */
  YcCaseState    part_state;
  const char    *text;          /* on failure: in the message */
} Transition;

#define S(d) "{\"department\": \"" d "\"}"
#define CLAIM(a, d)   { a, YC_OP_REVIEW_CLAIM, S (d), NULL }
#define RELEASE(a, d) { a, YC_OP_REVIEW_RELEASE, S (d), NULL }
#define APPROVE(a, d) { a, YC_OP_REVIEW_APPROVE, "{\"department\": \"" d "\", \"comment\": \"同意\"}", NULL }
#define REJECT(a, d)  { a, YC_OP_REVIEW_REJECT, "{\"department\": \"" d "\", \"reason\": \"场地不符合要求\"}", NULL }
#define RETURN(a, d, m) \
  { a, YC_OP_REVIEW_RETURN, "{\"department\": \"" d "\", \"materials\": " m ", \"message\": \"请补正\"}", NULL }
#define RETURN_NEW(a, d, m) \
  { a, YC_OP_REVIEW_RETURN, "{\"department\": \"" d "\", \"materials\": " m ", \"message\": \"请补正\", \"new_demand\": true}", NULL }
#define SUPPLY_ON(a, code, day) \
  { a, YC_OP_CASE_SUPPLEMENT, "{\"materials\": [" YC_TEST_P (code, "补正材料", YC_TEST_SHA_B) "]}", day }
#define SUPPLY(a, code) SUPPLY_ON (a, code, NULL)
/* Received at the counter at @at (offline), synced to the back office on @day. */
#define SUPPLY_SYNCED(a, code, at, day) \
  { a, YC_OP_CASE_SUPPLEMENT, "{\"materials\": [" YC_TEST_P (code, "补正材料", YC_TEST_SHA_B) "]}", day, at }
#define WITHDRAW(a)   { a, YC_OP_CASE_WITHDRAW, "{\"reason\": \"申请人撤回\"}", NULL }
#define ISSUE(a)      { a, YC_OP_CASE_ISSUE, "{\"signature_confirmed\": true, \"recipient\": \"张三\"}", NULL }
#define VERIFY(a, r)  { a, YC_OP_PLEDGE_VERIFY, "{\"material\": \"safety_cert\", \"result\": \"" r "\", \"note\": \"核查\"}", NULL }
#define URGE(a)       { a, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快办理\"}", NULL }
#define URGE_TO(a, d) { a, YC_OP_SUPERVISION_URGE, "{\"message\": \"请加快办理\", \"department\": \"" d "\"}", NULL }
#define ACK(a)        { a, YC_OP_URGE_ACK, "{\"urge_id\": \"$URGE\"}", NULL }
#define RATE(a, l)    { a, YC_OP_RATING_SUBMIT, "{\"level\": " #l ", \"comment\": \"服务很好\"}", NULL }
#define BOTH_APPROVED CLAIM ("rs", "sport"), CLAIM ("rh", "health"), APPROVE ("rs", "sport"), APPROVE ("rh", "health")

#define ST(x) YC_CASE_STATE_##x
#define E(x) YC_CASE_MACHINE_ERROR_##x

static const Transition transitions[] = {
  /* Legal */
  /* Received offline on the due date, synced four days later: the applicant complied. */
  { "supplement-offline-on-time-synced-late", YC_TEST_BUNDLE, { { 0 } },
    SUPPLY_SYNCED ("c1", "health_cert", "2026-11-26T16:00:00+08:00", "2026-11-30"), OK, ST (ACCEPTED) },
  /* A day's slack for a counter clock in another zone, as for case.accept. */
  { "supplement-offline-day-after-due", YC_TEST_BUNDLE, { { 0 } },
    SUPPLY_SYNCED ("c1", "health_cert", "2026-11-27T09:00:00+08:00", "2026-11-30"), OK, ST (ACCEPTED) },
  { "supplement-offline-awaiting", YC_TEST_BUNDLE, { BOTH_APPROVED },
    SUPPLY_SYNCED ("c1", "health_cert", "2026-11-25T11:00:00+08:00", "2026-11-29"), OK, ST (READY) },
  { "claim", YC_TEST_ITEM, { { 0 } }, CLAIM ("rs", "sport"), OK, ST (IN_REVIEW), "sport", ST (IN_REVIEW) },
  { "release-by-holder", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RELEASE ("rs", "sport"), OK, ST (ACCEPTED), "sport", ST (ACCEPTED) },
  { "release-by-supervisor", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RELEASE ("sv", "sport"), OK, ST (ACCEPTED), "sport", ST (ACCEPTED) },
  { "release-by-hall-supervisor", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RELEASE ("sv1", "sport"), OK, ST (ACCEPTED), "sport", ST (ACCEPTED) },
  { "urge-by-hall-supervisor", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, URGE ("sv1"), OK, ST (IN_REVIEW), NULL },
  { "release-after-supplement", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease"), CLAIM ("rs", "sport") },
    RELEASE ("rs", "sport"), OK, ST (SUPPLEMENTED), "sport", ST (SUPPLEMENTED) },
  { "approve", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, APPROVE ("rs", "sport"), OK, ST (READY), "sport", ST (APPROVED) },
  { "return", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RETURN ("rs", "sport", "[\"lease\", \"floor_plan\"]"), OK, ST (RETURNED), "sport", ST (RETURNED) },
  { "supplement-returned", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]") },
    SUPPLY ("c1", "lease"), OK, ST (SUPPLEMENTED), "sport", ST (SUPPLEMENTED) },
  { "claim-supplemented", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease") },
    CLAIM ("rs2", "sport"), OK, ST (IN_REVIEW), "sport", ST (IN_REVIEW) },
  { "approve-supplemented", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease"), CLAIM ("rs", "sport") },
    APPROVE ("rs", "sport"), OK, ST (READY), "sport", ST (APPROVED) },
  { "reject", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, REJECT ("rs", "sport"), OK, ST (REJECTED), "sport", ST (REJECTED) },
  { "withdraw-accepted", YC_TEST_ITEM, { { 0 } }, WITHDRAW ("c1"), OK, ST (WITHDRAWN), "sport", ST (ACCEPTED) },
  { "withdraw-in-review", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, WITHDRAW ("c1"), OK, ST (WITHDRAWN), "sport", ST (ACCEPTED) },
  { "withdraw-returned", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]") }, WITHDRAW ("c1"), OK, ST (WITHDRAWN), "sport", ST (RETURNED) },
  { "withdraw-awaiting", YC_TEST_BUNDLE, { BOTH_APPROVED }, WITHDRAW ("c1"), OK, ST (WITHDRAWN), NULL },
  { "issue", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport") }, ISSUE ("c1"), OK, ST (ISSUED), "sport", ST (APPROVED) },
  { "bundle-parallel-claims", YC_TEST_BUNDLE, { CLAIM ("rs", "sport") }, CLAIM ("rh", "health"), OK, ST (IN_REVIEW), "health", ST (IN_REVIEW) },
  { "bundle-one-approved", YC_TEST_BUNDLE, { CLAIM ("rs", "sport") }, APPROVE ("rs", "sport"), OK, ST (IN_REVIEW), "sport", ST (APPROVED) },
  { "bundle-approved-tolerated-owed", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), CLAIM ("rh", "health"), APPROVE ("rs", "sport") },
    APPROVE ("rh", "health"), OK, ST (AWAITING_SUPPLEMENT), "health", ST (APPROVED) },
  { "bundle-tolerated-arrives", YC_TEST_BUNDLE, { BOTH_APPROVED }, SUPPLY ("c1", "health_cert"), OK, ST (READY), "sport", ST (APPROVED) },
  { "bundle-tolerated-early", YC_TEST_BUNDLE, { { 0 } }, SUPPLY ("c1", "health_cert"), OK, ST (ACCEPTED), "health", ST (ACCEPTED) },
  { "bundle-approved-after-tolerated", YC_TEST_BUNDLE, { SUPPLY ("c1", "health_cert"), CLAIM ("rs", "sport"), CLAIM ("rh", "health"), APPROVE ("rs", "sport") },
    APPROVE ("rh", "health"), OK, ST (READY), "health", ST (APPROVED) },
  { "bundle-return-while-other-approves", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), CLAIM ("rh", "health"), RETURN ("rs", "sport", "[\"lease\"]") },
    APPROVE ("rh", "health"), OK, ST (RETURNED), "sport", ST (RETURNED) },
  { "bundle-reject-one", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), CLAIM ("rh", "health") }, REJECT ("rh", "health"), OK, ST (REJECTED), "sport", ST (ACCEPTED) },
  { "pledge-verified", YC_TEST_PLEDGE, { { 0 } }, VERIFY ("rs", "verified"), OK, ST (ACCEPTED), NULL },
  { "pledge-broken-after-issue", YC_TEST_PLEDGE, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport"), ISSUE ("c1") },
    VERIFY ("rs", "broken"), OK, ST (ISSUED), NULL },
  { "urge-in-review", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, URGE ("sv"), OK, ST (IN_REVIEW), NULL },
  { "urge-part", YC_TEST_BUNDLE, { { 0 } }, URGE_TO ("sv", "health"), OK, ST (ACCEPTED), NULL },
  { "urge-ack-reviewer", YC_TEST_ITEM, { URGE ("sv") }, ACK ("rs"), OK, ST (ACCEPTED), NULL },
  { "urge-ack-clerk", YC_TEST_BUNDLE, { BOTH_APPROVED, URGE ("sv") }, ACK ("c1"), OK, ST (AWAITING_SUPPLEMENT), NULL },
  { "urge-ack-holder", YC_TEST_ITEM, { CLAIM ("rs", "sport"), URGE ("sv") }, ACK ("rs"), OK, ST (IN_REVIEW), NULL },
  { "rate-accepted", YC_TEST_ITEM, { { 0 } }, RATE ("c1", 5), OK, ST (ACCEPTED), NULL },
  { "rate-issued", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport"), ISSUE ("c1") }, RATE ("c1", 4), OK, ST (ISSUED), NULL },
  { "rate-closed-at-counter", YC_TEST_NOTICE, { { 0 } }, RATE ("c1", 2), OK, ST (CLOSED_AT_COUNTER), NULL },
  { "later-return-unmet", YC_TEST_ITEM,
    { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\", \"floor_plan\"]"), SUPPLY ("c1", "lease"), CLAIM ("rs", "sport") },
    RETURN ("rs", "sport", "[\"floor_plan\"]"), OK, ST (RETURNED), "sport", ST (RETURNED) },
  { "later-return-new-demand", YC_TEST_ITEM,
    { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease"), CLAIM ("rs", "sport") },
    RETURN_NEW ("rs", "sport", "[\"staff_list\"]"), OK, ST (RETURNED), "sport", ST (RETURNED) },

  /* Illegal: role */
  { "clerk-claims", YC_TEST_ITEM, { { 0 } }, CLAIM ("c1", "sport"), E (FORBIDDEN), .text = "clerk" },
  { "supervisor-approves", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, APPROVE ("sv", "sport"), E (FORBIDDEN), .text = "supervisor" },
  { "reviewer-withdraws", YC_TEST_ITEM, { { 0 } }, WITHDRAW ("rs"), E (FORBIDDEN), .text = "reviewer" },
  { "reviewer-rates", YC_TEST_ITEM, { { 0 } }, RATE ("rs", 5), E (FORBIDDEN), .text = "reviewer" },
  { "clerk-urges", YC_TEST_ITEM, { { 0 } }, URGE ("c1"), E (FORBIDDEN), .text = "clerk" },
  /* An urge addressed to its handler is theirs alone, whoever else shares the desk. */
  { "ack-by-holders-colleague", YC_TEST_ITEM, { CLAIM ("rs", "sport"), URGE ("sv") }, ACK ("rs2"), E (FORBIDDEN),
    .text = "addressed to rs, not to rs2" },
  { "ack-by-clerks-colleague", YC_TEST_BUNDLE, { BOTH_APPROVED, URGE ("sv") }, ACK ("c3"), E (FORBIDDEN),
    .text = "addressed to c1, not to c3" },
  /* Administrators run the system and act on no case (docs/backoffice.md). */
  { "release-by-admin", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RELEASE ("ad", "sport"), E (FORBIDDEN), .text = "admin" },
  { "clerk-releases", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RELEASE ("c1", "sport"), E (FORBIDDEN), .text = "clerk" },
  /* Illegal: scope */
  { "other-department-claims", YC_TEST_BUNDLE, { { 0 } }, CLAIM ("rh", "sport"), E (FORBIDDEN), .text = "sport" },
  { "other-hall-issues", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport") }, ISSUE ("c2"), E (FORBIDDEN), .text = "HD01" },
  { "other-hall-supplements", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]") }, SUPPLY ("c2", "lease"), E (FORBIDDEN), .text = "HD02" },
  { "other-holder-releases", YC_TEST_ITEM, { CLAIM ("rs2", "sport") }, RELEASE ("rs", "sport"), E (FORBIDDEN), .text = "rs2" },
  { "ack-wrong-department", YC_TEST_ITEM, { URGE ("sv") }, ACK ("rh"), E (FORBIDDEN), .text = "rh" },
  { "ack-by-other-hall", YC_TEST_BUNDLE, { BOTH_APPROVED, URGE ("sv") }, ACK ("c2"), E (FORBIDDEN), .text = "c2" },
  { "pledge-other-department", YC_TEST_PLEDGE, { { 0 } }, VERIFY ("rh", "verified"), E (FORBIDDEN), .text = "rh" },
  { "other-hall-supervisor-releases", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, RELEASE ("sv2", "sport"), E (FORBIDDEN), .text = "HD02" },
  { "other-hall-supervisor-urges", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, URGE ("sv2"), E (FORBIDDEN), .text = "HD02" },
  /* Illegal: state */
  { "approve-unclaimed", YC_TEST_ITEM, { { 0 } }, APPROVE ("rs", "sport"), E (ILLEGAL_TRANSITION), .text = "take it for review first" },
  { "approve-held-by-other", YC_TEST_ITEM, { CLAIM ("rs2", "sport") }, APPROVE ("rs", "sport"), E (ILLEGAL_TRANSITION), .text = "held by rs2" },
  { "claim-held", YC_TEST_ITEM, { CLAIM ("rs2", "sport") }, CLAIM ("rs", "sport"), E (ILLEGAL_TRANSITION), .text = "held by rs2" },
  { "release-unclaimed", YC_TEST_ITEM, { { 0 } }, RELEASE ("sv", "sport"), E (ILLEGAL_TRANSITION), .text = "not held" },
  { "claim-approved-part", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport") }, CLAIM ("rs", "sport"), E (ILLEGAL_TRANSITION), .text = "nothing to take" },
  { "claim-returned-part", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]") }, CLAIM ("rs", "sport"), E (ILLEGAL_TRANSITION), .text = "nothing to take" },
  { "return-returned-part", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]") },
    RETURN ("rs", "sport", "[\"lease\"]"), E (ILLEGAL_TRANSITION), .text = "take it for review first" },
  { "approve-rejected-case", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), CLAIM ("rh", "health"), REJECT ("rh", "health") },
    APPROVE ("rs", "sport"), E (ILLEGAL_TRANSITION), .text = "cannot review.approve" },
  { "issue-accepted", YC_TEST_ITEM, { { 0 } }, ISSUE ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.issue" },
  { "issue-awaiting-supplement", YC_TEST_BUNDLE, { BOTH_APPROVED }, ISSUE ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.issue" },
  { "issue-twice", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport"), ISSUE ("c1") }, ISSUE ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.issue" },
  { "withdraw-ready", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport") }, WITHDRAW ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.withdraw" },
  { "withdraw-issued", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport"), ISSUE ("c1") }, WITHDRAW ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.withdraw" },
  { "withdraw-closed-at-counter", YC_TEST_NOTICE, { { 0 } }, WITHDRAW ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.withdraw" },
  { "withdraw-twice", YC_TEST_ITEM, { WITHDRAW ("c1") }, WITHDRAW ("c1"), E (ILLEGAL_TRANSITION), .text = "cannot case.withdraw" },
  { "supplement-after-issue", YC_TEST_BUNDLE, { SUPPLY ("c1", "health_cert"), BOTH_APPROVED, ISSUE ("c1") },
    { "c1", YC_OP_CASE_SUPPLEMENT, "{\"materials\": [" YC_TEST_P ("lease", "x", YC_TEST_SHA_A) "]}", NULL }, E (ILLEGAL_TRANSITION), .text = "cannot case.supplement" },
  { "supplement-tolerated-too-late", YC_TEST_BUNDLE, { { 0 } }, SUPPLY_ON ("c1", "health_cert", "2026-11-28"), E (ILLEGAL_TRANSITION), .text = "was due on 2026-11-26" },
  /* Judged by the counter's day, not the day it synced: late at the counter is late. */
  { "supplement-offline-late", YC_TEST_BUNDLE, { { 0 } }, SUPPLY_SYNCED ("c1", "health_cert", "2026-11-28T09:00:00+08:00", "2026-11-28"),
    E (ILLEGAL_TRANSITION), .text = "was due on 2026-11-26" },
  { "supplement-offline-late-synced-later", YC_TEST_BUNDLE, { { 0 } }, SUPPLY_SYNCED ("c1", "health_cert", "2026-11-28T09:00:00+08:00", "2026-12-01"),
    E (ILLEGAL_TRANSITION), .text = "was due on 2026-11-26" },
  { "urge-issued", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport"), ISSUE ("c1") }, URGE ("sv"), E (ILLEGAL_TRANSITION), .text = "cannot supervision.urge" },
  { "urge-decided-part", YC_TEST_BUNDLE, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport") }, URGE_TO ("sv", "sport"), E (ILLEGAL_TRANSITION), .text = "decided already" },
  { "ack-twice", YC_TEST_ITEM, { URGE ("sv"), ACK ("rs") }, ACK ("rs2"), E (ILLEGAL_TRANSITION), .text = "acknowledged by rs" },
  { "rate-twice", YC_TEST_ITEM, { RATE ("c1", 5) }, RATE ("c1", 1), E (ILLEGAL_TRANSITION), .text = "rated already" },
  { "pledge-verified-twice", YC_TEST_PLEDGE, { VERIFY ("rs", "verified") }, VERIFY ("rs2", "broken"), E (ILLEGAL_TRANSITION), .text = "safety_cert" },
  { "accept-existing", YC_TEST_ITEM, { { 0 } }, { "c1", YC_OP_CASE_ACCEPT, "{}", NULL }, E (ILLEGAL_TRANSITION), .text = "exists already" },
  /* One-time notice (一次性告知) */
  { "second-return-not-notified", YC_TEST_ITEM,
    { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease"), CLAIM ("rs", "sport") },
    RETURN ("rs", "sport", "[\"staff_list\"]"), E (NOT_NOTIFIED), .text = "staff_list" },
  { "second-return-of-met-material", YC_TEST_ITEM,
    { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\", \"floor_plan\"]"), SUPPLY ("c1", "lease"), CLAIM ("rs", "sport") },
    RETURN ("rs", "sport", "[\"floor_plan\", \"lease\"]"), E (NOT_NOTIFIED), .text = "named lease" },
  /* Invalid payloads: the field is named */
  { "issue-without-signature", YC_TEST_ITEM, { CLAIM ("rs", "sport"), APPROVE ("rs", "sport") },
    { "c1", YC_OP_CASE_ISSUE, "{\"signature_confirmed\": false}", NULL }, E (INVALID_PAYLOAD), .text = "payload.signature_confirmed" },
  { "supplement-not-owed", YC_TEST_ITEM, { { 0 } }, SUPPLY ("c1", "lease"), E (INVALID_PAYLOAD), .text = "payload.materials[0].code" },
  { "supplement-tolerated-twice", YC_TEST_BUNDLE, { SUPPLY ("c1", "health_cert") }, SUPPLY ("c1", "health_cert"), E (INVALID_PAYLOAD), .text = "payload.materials[0].code" },
  { "supplement-bad-sha", YC_TEST_ITEM, { CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]") },
    { "c1", YC_OP_CASE_SUPPLEMENT, "{\"materials\": [{\"code\": \"lease\", \"name\": \"x\", \"state\": \"provided\", \"blob_sha256\": \"ABC\"}]}", NULL },
    E (INVALID_PAYLOAD), .text = "payload.materials[0].blob_sha256" },
  { "claim-closed-at-counter", YC_TEST_NOTICE, { { 0 } }, CLAIM ("rs", "sport"), E (INVALID_PAYLOAD), .text = "payload.department" },
  { "claim-unknown-member", YC_TEST_ITEM, { { 0 } }, { "rs", YC_OP_REVIEW_CLAIM, "{\"department\": \"sport\", \"urgent\": true}", NULL },
    E (INVALID_PAYLOAD), .text = "payload.urgent" },
  { "return-without-materials", YC_TEST_ITEM, { CLAIM ("rs", "sport") },
    { "rs", YC_OP_REVIEW_RETURN, "{\"department\": \"sport\", \"materials\": [], \"message\": \"请补正\"}", NULL }, E (INVALID_PAYLOAD), .text = "payload.materials" },
  { "return-without-message", YC_TEST_ITEM, { CLAIM ("rs", "sport") },
    { "rs", YC_OP_REVIEW_RETURN, "{\"department\": \"sport\", \"materials\": [\"lease\"]}", NULL }, E (INVALID_PAYLOAD), .text = "payload.message" },
  { "reject-without-reason", YC_TEST_ITEM, { CLAIM ("rs", "sport") }, { "rs", YC_OP_REVIEW_REJECT, S ("sport"), NULL }, E (INVALID_PAYLOAD), .text = "payload.reason" },
  { "rate-level-6", YC_TEST_ITEM, { { 0 } }, RATE ("c1", 6), E (INVALID_PAYLOAD), .text = "payload.level" },
  { "ack-unknown-urge", YC_TEST_ITEM, { { 0 } }, { "rs", YC_OP_URGE_ACK, "{\"urge_id\": \"" YC_TEST_CASE_UUID "\"}", NULL }, E (INVALID_PAYLOAD), .text = "payload.urge_id" },
  { "urge-without-message", YC_TEST_ITEM, { { 0 } }, { "sv", YC_OP_SUPERVISION_URGE, "{}", NULL }, E (INVALID_PAYLOAD), .text = "payload.message" },
  { "pledge-unknown-material", YC_TEST_ITEM, { { 0 } }, VERIFY ("rs", "verified"), E (INVALID_PAYLOAD), .text = "payload.material" },
  { "pledge-result-due", YC_TEST_PLEDGE, { { 0 } }, VERIFY ("rs", "due"), E (INVALID_PAYLOAD), .text = "payload.result" },
};

static YcCalendar *calendar;
static YcCatalog *catalog;

static GError *
run_step (YcCase        *c,
          const Step    *step,
          YcCaseEffects *effects)
{
  g_autofree char *payload = NULL;

  /* An acknowledgement names the case's first urge, whose id the setup made up. */
  if (strstr (step->payload, "$URGE") != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (step->payload, "$URGE", 2);

      g_assert_cmpuint (c->urges->len, >, 0);
      payload = g_strconcat (parts[0], ((YcCaseUrge *) g_ptr_array_index (c->urges, 0))->id,
                             parts[1], NULL);
    }
  else
    payload = g_strdup (step->payload);

  {
    g_autoptr(JsonObject) object = yc_test_parse_object (payload);
    g_autoptr(YcOperation) op = NULL;
    g_autofree char *op_id = g_uuid_string_random ();
    g_autofree char *created_at = NULL;
    GDate day = yc_test_date (step->today != NULL ? step->today : YC_TEST_DAY);
    GError *error = NULL;

    /* The counter stamps the operation on the day it happens unless the row says otherwise. */
    if (step->created_at != NULL)
      created_at = g_strdup (step->created_at);
    else
      created_at = g_strdup_printf ("%sT10:00:00+08:00", step->today != NULL ? step->today : YC_TEST_DAY);
    op = yc_operation_new (op_id, YC_TEST_CASE_UUID, c->version, step->kind, object, created_at);
    yc_case_machine_apply_full (c, op, yc_test_actor (step->actor), &day, calendar, effects, &error);
    return error;
  }
}

static void
test_transition (gconstpointer data)
{
  const Transition *row = data;
  g_autoptr(YcCase) c = yc_test_accept (row->subject, calendar, catalog);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  YcCaseEffects effects = { 0, };
  gint64 version;
  guint n_history;

  for (guint i = 0; i < G_N_ELEMENTS (row->setup) && row->setup[i].actor != NULL; i++)
    {
      g_autoptr(GError) setup_error = run_step (c, &row->setup[i], NULL);

      if (setup_error != NULL)
        g_error ("%s: setup step %u (%s by %s): %s", row->name, i,
                 yc_op_kind_to_string (row->setup[i].kind), row->setup[i].actor,
                 setup_error->message);
    }

  before = yc_test_case_text (c);
  version = c->version;
  n_history = c->history->len;
  error = run_step (c, &row->op, &effects);

  if (row->error != OK)
    {
      g_autofree char *after = yc_test_case_text (c);

      if (error == NULL)
        g_error ("%s: succeeded, expected %s", row->name, yc_case_machine_error_code_string (row->error));
      g_assert_error (error, YC_CASE_MACHINE_ERROR, row->error);
      if (strstr (error->message, row->text) == NULL)
        g_error ("%s: “%s” not in “%s”", row->name, row->text, error->message);
      /* A refused operation leaves the case exactly as it was. */
      g_assert_cmpstr (after, ==, before);
      g_assert_null (effects.flag_applicant);
      return;
    }

  if (error != NULL)
    g_error ("%s: %s", row->name, error->message);
  g_assert_cmpint (c->version, ==, version + 1);
  g_assert_cmpuint (c->history->len, ==, n_history + 1);
  g_assert_cmpstr (((YcCaseHistoryEntry *) g_ptr_array_index (c->history, n_history))->action, ==,
                   yc_op_kind_to_string (row->op.kind));
  g_assert_cmpstr (((YcCaseHistoryEntry *) g_ptr_array_index (c->history, n_history))->actor, ==,
                   row->op.actor);
  if (c->state != row->state)
    g_error ("%s: case is %s, expected %s", row->name, yc_case_state_to_string (c->state),
             yc_case_state_to_string (row->state));
  if (row->part != NULL)
    {
      YcCasePart *part = yc_case_lookup_part (c, row->part);

      g_assert_nonnull (part);
      if (part->state != row->part_state)
        g_error ("%s: part %s is %s, expected %s", row->name, row->part,
                 yc_case_state_to_string (part->state), yc_case_state_to_string (row->part_state));
    }

  /* The document reads back to the same document. */
  {
    g_autoptr(JsonNode) node = yc_case_to_json (c);
    g_autoptr(GError) read_error = NULL;
    g_autoptr(YcCase) copy = yc_case_from_json (node, &read_error);
    g_autofree char *again = NULL;
    g_autofree char *now = yc_test_case_text (c);

    g_assert_no_error (read_error);
    again = yc_test_case_text (copy);
    g_assert_cmpstr (again, ==, now);
  }

  /* What only some rows produce. */
  if (row->op.kind == YC_OP_PLEDGE_VERIFY && strstr (row->op.payload, "broken") != NULL)
    {
      g_assert_cmpstr (effects.flag_applicant, ==, "91110108MA01ABCD2X");
      g_assert_cmpint (yc_case_lookup_pledge (c, "safety_cert")->status, ==, YC_PLEDGE_BROKEN);
    }
  else
    g_assert_null (effects.flag_applicant);
  g_assert_cmpint (effects.new_demand, ==, strstr (row->op.payload, "new_demand") != NULL);
  yc_case_effects_clear (&effects);
}

/* Which part or hall an urge goes to, and who then holds nothing after a rejection. */
static void
test_urge_targets (void)
{
  g_autoptr(YcCase) review = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  g_autoptr(YcCase) awaiting = yc_test_accept (YC_TEST_BUNDLE, calendar, catalog);
  const Step claim_sport = CLAIM ("rs", "sport"), approve_sport = APPROVE ("rs", "sport");
  const Step both[] = { BOTH_APPROVED };
  const Step urge = URGE ("sv");
  YcCaseUrge *entry;

  g_assert_null (run_step (review, &claim_sport, NULL));
  g_assert_null (run_step (review, &approve_sport, NULL));
  g_assert_null (run_step (review, &urge, NULL));
  entry = g_ptr_array_index (review->urges, 0);
  /* sport is decided: the case waits for health. */
  g_assert_cmpstr (entry->department, ==, "health");
  g_assert_null (entry->hall);
  g_assert_false (entry->acknowledged);
  /* Nobody holds health's part: the whole department is urged. */
  g_assert_null (entry->to);

  for (guint i = 0; i < G_N_ELEMENTS (both); i++)
    g_assert_null (run_step (awaiting, &both[i], NULL));
  g_assert_null (run_step (awaiting, &urge, NULL));
  entry = g_ptr_array_index (awaiting->urges, 0);
  g_assert_null (entry->department);
  g_assert_cmpstr (entry->hall, ==, "HD01");
  /* At the counter: the clerk who accepted the case. */
  g_assert_cmpstr (entry->to, ==, "c1");

  /* A held part: its holder, kept in the document. */
  {
    g_autoptr(YcCase) held = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
    g_autoptr(YcCase) copy = NULL;

    g_assert_null (run_step (held, &claim_sport, NULL));
    g_assert_null (run_step (held, &urge, NULL));
    copy = yc_case_copy (held);
    g_assert_cmpstr (((YcCaseUrge *) g_ptr_array_index (copy->urges, 0))->to, ==, "rs");
    g_assert_false (yc_case_machine_can (copy, YC_OP_URGE_ACK, yc_test_actor ("rs2")));
    g_assert_true (yc_case_machine_can (copy, YC_OP_URGE_ACK, yc_test_actor ("rs")));
  }
}

static void
test_new_demand_recorded (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  const Step steps[] = {
    CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\", \"floor_plan\"]"), SUPPLY ("c1", "lease"),
    CLAIM ("rs", "sport"),
  };
  const Step again = RETURN_NEW ("rs", "sport", "[\"floor_plan\", \"staff_list\"]");
  YcCaseEffects effects = { 0, };
  g_autoptr(JsonNode) json = NULL;
  YcCasePart *part;
  YcCaseNotice *first, *second;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_null (run_step (c, &steps[i], NULL));
  g_assert_null (run_step (c, &again, &effects));

  part = yc_case_lookup_part (c, "sport");
  g_assert_cmpuint (part->notices->len, ==, 2);
  first = g_ptr_array_index (part->notices, 0);
  second = g_ptr_array_index (part->notices, 1);
  /* lease came in; floor_plan is still owed from the first notice. */
  g_assert_cmpstrv (first->unmet, ((const char * const []) { "floor_plan", NULL }));
  g_assert_false (first->new_demand);
  /* Only staff_list is new: floor_plan was notified and is unmet. */
  g_assert_true (second->new_demand);
  g_assert_cmpstrv (second->new_materials, ((const char * const []) { "staff_list", NULL }));
  g_assert_true (effects.new_demand);
  g_assert_cmpstrv (effects.new_demand_materials, ((const char * const []) { "staff_list", NULL }));

  json = yc_case_effects_to_json (&effects);
  g_assert_nonnull (json);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (json), "new_demand"));
  g_assert_false (json_object_has_member (json_node_get_object (json), "flag_applicant"));
  yc_case_effects_clear (&effects);
  g_assert_null (yc_case_effects_to_json (&effects));
}

/* Supplements add versions and never overwrite. */
static void
test_supplement_versions (void)
{
  g_autoptr(YcCase) c = yc_test_accept (YC_TEST_ITEM, calendar, catalog);
  const Step steps[] = {
    CLAIM ("rs", "sport"), RETURN ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease"),
    CLAIM ("rs", "sport"), RETURN_NEW ("rs", "sport", "[\"lease\"]"), SUPPLY ("c1", "lease"),
  };
  guint n = c->materials->len;
  YcCaseMaterialVersion *newest;

  for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
    g_assert_null (run_step (c, &steps[i], NULL));
  g_assert_cmpuint (c->materials->len, ==, n + 2);
  newest = yc_case_lookup_material (c, "lease");
  g_assert_cmpuint (newest->version, ==, 3);
  g_assert_cmpstr (newest->blob_sha256, ==, YC_TEST_SHA_B);
  g_assert_cmpstr (newest->added_at, ==, "2026-11-23T10:00:00+08:00");
  /* The version accepted at the counter is still there. */
  for (guint i = 0; i < c->materials->len; i++)
    {
      YcCaseMaterialVersion *material = g_ptr_array_index (c->materials, i);

      if (g_str_equal (material->code, "lease") && material->version == 1)
        g_assert_cmpstr (material->blob_sha256, ==, YC_TEST_SHA_B);
    }
  g_assert_cmpint (c->state, ==, YC_CASE_STATE_SUPPLEMENTED);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  calendar = yc_test_calendar ();
  catalog = yc_test_rules_catalog_new ();

  for (guint i = 0; i < G_N_ELEMENTS (transitions); i++)
    {
      g_autofree char *path = g_strdup_printf ("/case-machine/transition/%s", transitions[i].name);

      g_test_add_data_func (path, &transitions[i], test_transition);
    }
  g_test_add_func ("/case-machine/urge-targets", test_urge_targets);
  g_test_add_func ("/case-machine/new-demand", test_new_demand_recorded);
  g_test_add_func ("/case-machine/supplement-versions", test_supplement_versions);

  status = g_test_run ();
  g_object_unref (calendar);
  g_object_unref (catalog);
  return status;
}
