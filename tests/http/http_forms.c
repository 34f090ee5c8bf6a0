/* http_forms.c - forms that keep what was typed, and the language settings, over real HTTP
 * (issue 10, items 1 and 3): every field error at once (the API's errors array beside the
 * first error; a consent names every missing §2.31(a) element), a refused page form shown
 * again filled in with an error summary and each message beside its field, an expired
 * session that loses nothing typed, the sign-in page's next path refusing other sites, and
 * the language order: the person's setting, then Accept-Language, then the organization's. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"

static th_env *env;
static th_sess *admin;

static int64_t recoveree(const char *first)
{
    json_t *b = json_pack("{s:s,s:s,s:s,s:s}", "first_name", first, "last_name", "Forms", "dob",
                          "1985-05-05", "language", "English");
    th_post(admin, b, "/api/v1/recoverees");
    TH_ASSERT_STATUS(admin, 201);
    return th_jint(admin, "id");
}

/* s percent-encoded for a form body (malloc'd). */
static char *form_escape(const char *s)
{
    char *out = malloc(strlen(s) * 3 + 1), *o = out;
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
            c == '.' || c == '-' || c == '_')
            *o++ = (char)c;
        else
            o += sprintf(o, "%%%02X", c);
    }
    *o = '\0';
    return out;
}

/* The number of objects in the answer's errors array, and the field of the i-th. */
static size_t nerrors(th_sess *s)
{
    return json_array_size(json_object_get(th_json(s), "errors"));
}
static const char *error_field(th_sess *s, size_t i)
{
    return json_string_value(
        json_object_get(json_array_get(json_object_get(th_json(s), "errors"), i), "field"));
}

/* A consent form as a browser sends it, without information, recipients and purposes. */
#define CONSENT_MISSING_THREE                                                                      \
    "kind=specific&disclosers=Alpha+team+typed&information=&recipients=&purposes="                 \
    "&revocation_stmt=1&revocation_how=Tell+the+director+typed&expiry_event=end+of+treatment+typed" \
    "&covered_entity_recipient=1"

static void test_api_consent_missing_three_elements_lists_all_three(void **st)
{
    (void)st;
    int64_t r = recoveree("Threemissing");
    json_t *b = json_pack("{s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers", "Alpha",
                          "revocation_stmt", 1, "revocation_how", "In writing",
                          "expiry_event", "end of treatment");
    th_post(admin, b, "/api/v1/recoverees/%lld/consents", (long long)r);
    /* The first error keeps its keys exactly as before. */
    TH_ASSERT_ERROR(admin, 422, "consent_incomplete");
    assert_string_equal(th_jstr(admin, "error.field"), "information");
    assert_int_equal(nerrors(admin), 3);
    assert_string_equal(error_field(admin, 0), "information");
    assert_string_equal(error_field(admin, 1), "recipients");
    assert_string_equal(error_field(admin, 2), "purposes");
}

static void test_api_invalid_input_lists_every_field_in_words(void **st)
{
    (void)st;
    th_post(admin, json_object(), "/api/v1/me/password");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "current_password");
    assert_int_equal(nerrors(admin), 2);
    assert_string_equal(error_field(admin, 1), "new_password");
    /* In words: the label, never the internal name. */
    TH_ASSERT_CONTAINS(th_jstr(admin, "error.message"), "Current password");
    TH_ASSERT_LACKS(th_jstr(admin, "error.message"), "current_password");
}

static void test_refused_consent_page_comes_back_filled_in_with_every_message(void **st)
{
    (void)st;
    int64_t r = recoveree("Pageform");
    th_post_form(admin, CONSENT_MISSING_THREE, "/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(admin, 422);
    const char *b = th_body(admin);
    /* The same form, not the generic error page. */
    TH_ASSERT_CONTAINS(b, "action=\"/recoverees/");
    TH_ASSERT_LACKS(b, "Back to the home page");
    /* The summary at the top links to each field; each message is beside its field. */
    TH_ASSERT_CONTAINS(b, "id=\"error-summary\"");
    TH_ASSERT_CONTAINS(b, "href=\"#information\"");
    TH_ASSERT_CONTAINS(b, "href=\"#recipients\"");
    TH_ASSERT_CONTAINS(b, "href=\"#purposes\"");
    TH_ASSERT_CONTAINS(b, "id=\"information-error\"");
    TH_ASSERT_CONTAINS(b, "id=\"recipients-error\"");
    TH_ASSERT_CONTAINS(b, "id=\"purposes-error\"");
    /* Everything typed is still there. */
    TH_ASSERT_CONTAINS(b, "value=\"Alpha team typed\"");
    TH_ASSERT_CONTAINS(b, "value=\"Tell the director typed\"");
    TH_ASSERT_CONTAINS(b, "value=\"end of treatment typed\"");
    TH_ASSERT_CONTAINS(b, "name=\"revocation_stmt\" value=\"1\" checked");
    TH_ASSERT_CONTAINS(b, "name=\"covered_entity_recipient\" value=\"1\" checked");
}

static void test_gate_refusal_on_a_page_shows_the_page_above_the_action(void **st)
{
    (void)st;
    th_post_form(admin, "current_password=&new_password=", "/me/password");
    TH_ASSERT_STATUS(admin, 400);
    const char *b = th_body(admin);
    TH_ASSERT_CONTAINS(b, "action=\"/me/password\"");
    TH_ASSERT_CONTAINS(b, "href=\"#current_password\"");
    TH_ASSERT_CONTAINS(b, "href=\"#new_password\"");
    TH_ASSERT_CONTAINS(b, "Current password: this is required.");
}

/* One refused page form: where it posts ("%lld" is the user, or with of 'r' the recoveree, of
 * the row; "%goal" in the path or the body is that recoveree's goal), what it sends, the field
 * at fault and a typed value of another field that must be kept. */
struct refused_form {
    const char *page, *path, *body, *at_fault, *kept;
    char of;
};

static const struct refused_form refused_forms[] = {
    {"user_new", "/users", "_form=/users/new&display_name=&username=kept.typed&role=supervisor&password=x",
     "display_name", "value=\"kept.typed\"", 0},
    {"user_new role", "/users", "_form=/users/new&display_name=&username=kept.role&role=supervisor&password=x",
     "display_name", "value=\"supervisor\" selected", 0},
    {"user", "/users/%lld",
     "_which=edit&display_name=" /* 121 letters: one more than a name may have */
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
     "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa&role=supervisor&disabled=1",
     "display_name", "value=\"1\" selected", 0},
    {"me password", "/me/password", "current_password=&new_password=&confirm_password=",
     "current_password", "action=\"/me/password\"", 0},
    {"tokens", "/tokens", "name=Typed+purpose&username=", "username",
     "value=\"Typed purpose\"", 0},
    {"settings", "/settings",
     "name=Typed+Org+Name&session_idle_minutes=999&time_zone=America%2FChicago",
     "session_idle_minutes", "value=\"Typed Org Name\"", 0},
    {"settings zone", "/settings", "name=Typed+Zone+Org&time_zone=Not%2FA_Zone",
     "time_zone", "value=\"Typed Zone Org\"", 0},
    {"recoveree_new", "/recoverees",
     "_form=%2Frecoverees%2Fnew&first_name=&last_name=Keptlast&contact_pref=text"
     "&ok_to_leave_message=1",
     "first_name", "value=\"Keptlast\"", 0},
    {"recoveree_new contact", "/recoverees",
     "_form=%2Frecoverees%2Fnew&first_name=&last_name=Keptlast&contact_pref=text",
     "first_name", "value=\"text\" selected", 0},
    {"recoveree_new message", "/recoverees",
     "_form=%2Frecoverees%2Fnew&first_name=&last_name=Keptlast&ok_to_leave_message=1",
     "first_name", "value=\"1\" selected", 0},
    {"recoveree_new refused by the rule", "/recoverees",
     "_form=%2Frecoverees%2Fnew&first_name=Kept&last_name=Typed&preferred_name=Kept+Preferred"
     "&dob=1985-05-05&language=English&contact_pref=fax",
     "contact_pref", "value=\"Kept Preferred\"", 0},
    {"plan", "/recoverees/%lld/plan",
     "_which=plan&strengths=Kept+strengths&review_date=2026-13-45", "review_date",
     ">Kept strengths</textarea>", 'r'},
    {"plan goal add", "/recoverees/%lld/plan/goals",
     "_form=%2Frecoverees%2F%lld%2Fplan&_which=goal&domain=Housing&goal=&action_steps=Kept+steps",
     "goal", ">Kept steps</textarea>", 'r'},
    {"plan goal add domain", "/recoverees/%lld/plan/goals",
     "_form=%2Frecoverees%2F%lld%2Fplan&_which=goal&domain=Housing&goal=",
     "goal", "value=\"Housing\" selected", 'r'},
    {"plan goal status", "/recoverees/%lld/plan/goals/%goal",
     "_form=%2Frecoverees%2F%lld%2Fplan&_which=gs%goal&status=bogus", "status",
     "value=\"gs%goal\"", 'r'},
    {"barc10", "/recoverees/%lld/barc10",
     "taken_on=2026-01-05&item1=4&item3=2&item4=2&item5=2&item6=2&item7=2&item8=2&item9=2"
     "&item10=2",
     "item2", "name=\"item1\" value=\"4\" checked", 'r'},
    {"barc10 date", "/recoverees/%lld/barc10",
     "taken_on=2999-01-05&item1=4&item2=2&item3=2&item4=2&item5=2&item6=2&item7=2&item8=2"
     "&item9=2&item10=2",
     "taken_on", "name=\"item1\" value=\"4\" checked", 'r'},
};

/* tmpl with each "%lld" replaced by subject and each "%goal" by goal, into out. */
static void fill(char *out, size_t n, const char *tmpl, long long subject, long long goal)
{
    size_t o = 0;
    for (const char *c = tmpl; *c && o + 24 < n;) {
        if (!strncmp(c, "%lld", 4) || !strncmp(c, "%goal", 5)) {
            int lld = c[1] == 'l';
            o += (size_t)snprintf(out + o, n - o, "%lld", lld ? subject : goal);
            c += lld ? 4 : 5;
        } else
            out[o++] = *c++;
    }
    out[o] = '\0';
}

static void test_every_refused_page_form_keeps_its_values_with_the_message_beside_the_field(
    void **st)
{
    (void)st;
    th_post(admin, json_pack("{s:s,s:s,s:s,s:s}", "username", "formsrow", "display_name",
                             "Forms Row", "role", "peer", "password", TH_PASSWORD),
            "/api/v1/users");
    TH_ASSERT_STATUS(admin, 201);
    long long user = (long long)th_jint(admin, "user.id");
    long long rc = (long long)recoveree("Formsrow");
    th_post(admin, json_pack("{s:s}", "strengths", "Stored strengths"),
            "/api/v1/recoverees/%lld/plan", rc);
    TH_ASSERT_STATUS(admin, 201);
    th_post(admin, json_pack("{s:s,s:s}", "domain", "Housing", "goal", "A stored goal"),
            "/api/v1/recoverees/%lld/plan/goals", rc);
    TH_ASSERT_STATUS(admin, 201);
    long long goal = (long long)th_jint(admin, "id");
    for (size_t i = 0; i < sizeof refused_forms / sizeof *refused_forms; i++) {
        const struct refused_form *f = &refused_forms[i];
        long long subject = f->of == 'r' ? rc : user;
        char path[200], body[600], kept[200];
        fill(path, sizeof path, f->path, subject, goal);
        fill(body, sizeof body, f->body, subject, goal);
        fill(kept, sizeof kept, f->kept, subject, goal);
        th_post_form(admin, body, "%s", path);
        long status = th_status(admin);
        if (status != 400 && status != 422)
            fail_msg("%s: POST %s answered %ld, not 400 or 422", f->page, path, status);
        const char *b = th_body(admin);
        char want[200];
        snprintf(want, sizeof want, "id=\"%s-error\"", f->at_fault);
        if (!strstr(b, want))
            fail_msg("%s: no %s beside the field", f->page, want);
        /* The summary's link goes to the input itself. */
        snprintf(want, sizeof want, "id=\"%s\" name=\"%s\"", f->at_fault, f->at_fault);
        if (!strstr(b, want))
            fail_msg("%s: no input %s", f->page, want);
        snprintf(want, sizeof want, "aria-describedby=\"%s-error", f->at_fault);
        if (!strstr(b, want))
            fail_msg("%s: the input is not described by its message", f->page);
        if (!strstr(b, kept))
            fail_msg("%s: the typed %s is not kept", f->page, kept);
        TH_ASSERT_LACKS(b, "Back to the home page");
    }
}

/* ---- the record pages: several forms on one page, each named by _which ------------------
 * One refused form: where it posts and what it sends, with "%NAME" tokens filled from the
 * fixture (page_token), the field at fault, a typed value that must be kept (also filled), and
 * optionally what must not be on the page (the same value filled into another form). */
struct page_form {
    const char *page, *path, *body, *at_fault, *kept, *lacks;
    char as;        /* who sends it: 0 the administrator, 's' the supervisor */
    char multipart; /* 'f': multipart/form-data with an empty file part (no file chosen) */
};

/* The fixture the rows name: %rc a recoveree with a referral (%ref to resource %res), a
 * re-intervention task (%task) and an emergency access grant (%grant); %rcm a recoveree
 * without a peer, assigned %peer (a trained, supervised Level 2 peer); %svc a service with a
 * supervisor's override awaiting review; %user a peer without a profile, with a continuing
 * education record (%ce); %sup the supervisor; %cons a signed consent of rc, %consu one not
 * signed yet. */
static struct {
    const char *name;
    long long v;
} page_tokens[] = {{"consu", 0}, {"cons", 0}, {"rcm", 0},  {"rc", 0},    {"ref", 0}, {"res", 0},  {"task", 0}, {"grant", 0},
                   {"peer", 0}, {"svc", 0},   {"user", 0}, {"ce", 0},  {"sup", 0}};

static long long tok(const char *name)
{
    for (size_t i = 0; i < sizeof page_tokens / sizeof *page_tokens; i++)
        if (!strcmp(page_tokens[i].name, name))
            return page_tokens[i].v;
    return 0;
}

static void page_token(const char *name, long long v)
{
    for (size_t i = 0; i < sizeof page_tokens / sizeof *page_tokens; i++)
        if (!strcmp(page_tokens[i].name, name))
            page_tokens[i].v = v;
}

/* tmpl with each %NAME of page_tokens (longest first: %rcm before %rc) replaced by its value,
 * and %longN by N letters a (a value one over a field's limit), into out. */
static void page_fill(char *out, size_t n, const char *tmpl)
{
    size_t o = 0;
    for (const char *c = tmpl; *c && o + 24 < n;) {
        size_t k, len = 0;
        if (*c == '%' && !strncmp(c + 1, "long", 4)) {
            char *end;
            long count = strtol(c + 5, &end, 10);
            for (long i = 0; i < count && o + 1 < n; i++)
                out[o++] = 'a';
            c = end;
            continue;
        }
        for (k = 0; *c == '%' && k < sizeof page_tokens / sizeof *page_tokens; k++) {
            len = strlen(page_tokens[k].name);
            if (!strncmp(c + 1, page_tokens[k].name, len))
                break;
        }
        if (*c == '%' && k < sizeof page_tokens / sizeof *page_tokens) {
            o += (size_t)snprintf(out + o, n - o, "%lld", page_tokens[k].v);
            c += 1 + len;
        } else
            out[o++] = *c++;
    }
    out[o] = '\0';
}

static const struct page_form page_forms[] = {
    /* templates/recoveree.mustache: assign a peer, a relationship, the status, a referral */
    {.page = "recoveree assign", .path = "/recoverees/%rc/assign",
     .body = "_form=%2Frecoverees%2F%rc&_which=assign&peer_id=%peer&start_date=2000-01-01"
             "&override_reason=Kept+override+reason",
     .at_fault = "start_date", .kept = ">Kept override reason</textarea>"},
    {.page = "recoveree assign peer", .path = "/recoverees/%rc/assign",
     .body = "_form=%2Frecoverees%2F%rc&_which=assign&peer_id=%peer&start_date=2000-01-01",
     .at_fault = "start_date", .kept = "value=\"%peer\" selected"},
    {.page = "recoveree relationship", .path = "/recoverees/%rc/relationships",
     .body = "_form=%2Frecoverees%2F%rc&_which=rel&staff_id=%user&kind=bogus&note=Kept+rel+note",
     .at_fault = "kind", .kept = "name=\"note\" maxlength=\"300\" value=\"Kept rel note\"",
     /* The check-up form's note on the same page is not filled in with it. */
     .lacks = ">Kept rel note</textarea>"},
    {.page = "recoveree relationship staff", .path = "/recoverees/%rc/relationships",
     .body = "_form=%2Frecoverees%2F%rc&_which=rel&staff_id=%user&kind=bogus",
     .at_fault = "kind", .kept = "value=\"%user\" selected"},
    {.page = "recoveree status", .path = "/recoverees/%rc", .body = "_which=status&status=bogus",
     .at_fault = "status", .kept = "name=\"_which\" value=\"status\""},
    {.page = "recoveree referral move", .path = "/referrals/%ref",
     .body = "_form=%2Frecoverees%2F%rc&_which=rf%ref&state=connected&on=2026-13-45",
     .at_fault = "on", .kept = "value=\"connected\" selected"},
    /* templates/referrals.mustache */
    {.page = "referrals move", .path = "/referrals/%ref",
     .body = "_form=%2Freferrals&back=%2Freferrals&_which=rf%ref&state=connected&on=2026-13-45",
     .at_fault = "on", .kept = "value=\"connected\" selected"},
    /* templates/resources.mustache: a referral from the directory, the import */
    {.page = "resources refer", .path = "/recoverees/%rc/referrals",
     .body = "_form=%2Fresources%3Ffor%3D%rc&_which=rr%res&resource_id=%res"
             "&follow_up_on=2000-01-01&note=Kept+referral+note",
     .at_fault = "follow_up_on", .kept = ">Kept referral note</textarea>"},
    {.page = "resources import", .path = "/resources/import", .body = "_which=import",
     .at_fault = "file", .kept = "name=\"dry_run\" value=\"1\">", .multipart = 'f'},
    /* templates/resource.mustache, resource_new.mustache */
    {.page = "resource", .path = "/resources/%res",
     .body = "kind=housing&name=&address=Kept+address", .at_fault = "name",
     .kept = "value=\"Kept address\""},
    {.page = "resource_new", .path = "/resources",
     .body = "_form=%2Fresources%2Fnew&kind=housing&name=&address=Kept+new+address",
     .at_fault = "name", .kept = "value=\"Kept new address\""},
    /* templates/tasks.mustache: done, cancel, reassign, one of each per task */
    {.page = "task done", .path = "/tasks/%task/done",
     .body = "_form=%2Ftasks&_which=done%task&version=1&note=%long4001", .at_fault = "note",
     .kept = "%long4001</textarea>"},
    {.page = "task cancel", .path = "/tasks/%task/cancel",
     .body = "_form=%2Ftasks&_which=cancel%task&version=1&reason=%long4001",
     .at_fault = "reason", .kept = "%long4001</textarea>"},
    {.page = "task reassign", .path = "/tasks/%task/reassign",
     .body = "_form=%2Ftasks&_which=re%task&version=1&owner_id=999999", .at_fault = "owner_id",
     .kept = "value=\"999999\""},
    /* templates/review.mustache and the service page's review and void forms */
    {.page = "review", .path = "/services/%svc/review",
     .body = "_form=%2Freview&_which=sv%svc&note=%long1001", .at_fault = "note",
     .kept = "%long1001</textarea>"},
    {.page = "service review", .path = "/services/%svc/review", .body = "note=%long1001",
     .at_fault = "note", .kept = "%long1001</textarea>"},
    {.page = "service void", .path = "/services/%svc/void", .body = "version=1&reason=%long1001",
     .at_fault = "reason", .kept = "%long1001</textarea>"},
    /* templates/break_glass.mustache, break_glass_search.mustache */
    {.page = "break-glass review", .path = "/break-glass/%grant/review",
     .body = "_form=%2Fbreak-glass&_which=bg%grant&note=%long501", .at_fault = "note",
     .kept = "value=\"%long501\""},
    {.page = "break-glass request", .path = "/break-glass",
     .body = "_form=%2Fbreak-glass%2Fsearch%3Fname%3DFormsrow&recoveree_id=%rc"
             "&reason=Too+short",
     .at_fault = "reason", .kept = ">Too short</textarea>", .as = 's'},
    {.page = "break-glass request record", .path = "/break-glass",
     .body = "_form=%2Fbreak-glass%2Fsearch%3Fname%3DFormsrow&recoveree_id=%rc"
             "&reason=Too+short",
     .at_fault = "reason", .kept = "value=\"%rc\" required checked", .as = 's'},
    /* templates/match.mustache: the peer is already assigned (409) */
    {.page = "match", .path = "/recoverees/%rcm/assign",
     .body = "_form=%2Frecoverees%2F%rcm%2Fmatch&_which=m%peer&peer_id=%peer",
     .at_fault = "peer_id", .kept = "name=\"_which\" value=\"m%peer\""},
    /* templates/workforce_person.mustache: every record form */
    {.page = "workforce ce", .path = "/workforce/%user/ce",
     .body = "_form=%2Fworkforce%2F%user&_which=ce&title=Kept+ce+title&category=core&hours=abc"
             "&date=2025-01-05&provider=Kept+provider",
     .at_fault = "hours", .kept = "value=\"Kept ce title\"", .lacks = "id=\"tr-title\" name=\"title\" value=\"Kept"},
    {.page = "workforce ce category", .path = "/workforce/%user/ce",
     .body = "_form=%2Fworkforce%2F%user&_which=ce&title=Kept&category=core&hours=abc"
             "&date=2025-01-05",
     .at_fault = "hours", .kept = "value=\"core\" selected"},
    {.page = "workforce experience", .path = "/workforce/%user/experience",
     .body = "_form=%2Fworkforce%2F%user&_which=ex&description=Kept+work&hours=abc"
             "&date=2025-01-05",
     .at_fault = "hours", .kept = "value=\"Kept work\""},
    {.page = "workforce training", .path = "/workforce/%user/trainings",
     .body = "_form=%2Fworkforce%2F%user&_which=tr&kind=orientation_ethics&title=Kept+training"
             "&hours=abc&date=2025-01-05",
     .at_fault = "hours", .kept = "value=\"Kept training\""},
    {.page = "workforce training kind", .path = "/workforce/%user/trainings",
     .body = "_form=%2Fworkforce%2F%user&_which=tr&kind=orientation_ethics&title=Kept"
             "&hours=abc&date=2025-01-05",
     .at_fault = "hours", .kept = "value=\"orientation_ethics\" selected"},
    {.page = "workforce supervision", .path = "/workforce/%user/supervision",
     .body = "_form=%2Fworkforce%2F%user&_which=sv&supervisor_id=%sup&date=2025-01-05"
             "&minutes=0&kind=administrative&topics=Kept+topics",
     .at_fault = "minutes", .kept = ">Kept topics</textarea>"},
    {.page = "workforce supervision kind", .path = "/workforce/%user/supervision",
     .body = "_form=%2Fworkforce%2F%user&_which=sv&supervisor_id=%sup&date=2025-01-05"
             "&minutes=0&kind=administrative&topics=Kept",
     .at_fault = "minutes", .kept = "value=\"administrative\" selected"},
    {.page = "workforce certification", .path = "/workforce/%user/certifications",
     .body = "_form=%2Fworkforce%2F%user&_which=ct&body=cprs&number=Kept-42&issued=2025-13-45"
             "&expires=2027-01-01",
     .at_fault = "issued", .kept = "value=\"Kept-42\""},
    {.page = "workforce certification body", .path = "/workforce/%user/certifications",
     .body = "_form=%2Fworkforce%2F%user&_which=ct&body=cprs&number=Kept-42&issued=2025-13-45"
             "&expires=2027-01-01",
     .at_fault = "issued", .kept = "value=\"cprs\" selected"},
    {.page = "workforce evidence", .path = "/workforce/%user/evidence",
     .body = "_form=%2Fworkforce%2F%user&_which=ev&record=ce-%ce", .at_fault = "file",
     .kept = "value=\"ce-%ce\" selected", .multipart = 'f'},
    {.page = "workforce supervisor", .path = "/workforce/%user/supervisors",
     .body = "_form=%2Fworkforce%2F%user&_which=as&supervisor_id=%sup&start_date=2025-13-45",
     .at_fault = "start_date", .kept = "value=\"%sup\" selected"},
    {.page = "workforce profile", .path = "/workforce/%user/profile",
     .body = "_form=%2Fworkforce%2F%user&_which=pf&level=2&languages=Kept+languages"
             "&language_codes=&language_codes=spanish&caseload_capacity=999",
     .at_fault = "caseload_capacity", .kept = "value=\"Kept languages\""},
    {.page = "workforce profile languages", .path = "/workforce/%user/profile",
     .body = "_form=%2Fworkforce%2F%user&_which=pf&level=2&language_codes="
             "&language_codes=spanish&caseload_capacity=999",
     .at_fault = "caseload_capacity", .kept = "value=\"spanish\" checked"},
    /* templates/consent.mustache: correct the copy, sign, the paper copy, disclose, revoke */
    {.page = "consent sign", .path = "/recoverees/%rc/consents/%consu/sign",
     .body = "_form=%2Frecoverees%2F%rc%2Fconsents%2F%consu&_which=sig&signature=%long401",
     .at_fault = "signature", .kept = "value=\"%long401\""},
    {.page = "consent paper copy", .path = "/recoverees/%rc/consents/%consu/signed-copy",
     .body = "_form=%2Frecoverees%2F%rc%2Fconsents%2F%consu&_which=pc&signature=Kept+Signer"
             "&signed_on=2026-13-45",
     .at_fault = "signed_on", .kept = "value=\"Kept Signer\"", .multipart = 'f'},
    {.page = "consent correction", .path = "/recoverees/%rc/consents/%cons/signed-copy/correction",
     .body = "_form=%2Frecoverees%2F%rc%2Fconsents%2F%cons&_which=cc&signature=Kept+Signer"
             "&reason=The+first+scan+was+unreadable+on+page+two",
     .at_fault = "signature", .kept = ">The first scan was unreadable on page two</textarea>",
     .multipart = 'f'},
    {.page = "consent disclose", .path = "/recoverees/%rc/disclosures",
     .body = "_form=%2Frecoverees%2F%rc%2Fconsents%2F%cons&_which=d&consent_id=%cons"
             "&recipient=Someone+not+named&purpose=Care+coordination&what=Attendance"
             "&recipient_address=Kept+address&notice_statement=2",
     .at_fault = "recipient", .kept = "value=\"Kept address\""},
    {.page = "consent disclose notice", .path = "/recoverees/%rc/disclosures",
     .body = "_form=%2Frecoverees%2F%rc%2Fconsents%2F%cons&_which=d&consent_id=%cons"
             "&recipient=Someone+not+named&purpose=Care+coordination&what=Attendance"
             "&notice_statement=2",
     .at_fault = "recipient", .kept = "value=\"2\" selected"},
    {.page = "consent revoke", .path = "/recoverees/%rc/consents/%cons/revoke",
     .body = "_form=%2Frecoverees%2F%rc%2Fconsents%2F%cons&_which=rv&method=written_electronic"
             "&document=",
     .at_fault = "document", .kept = "value=\"written_electronic\" selected"},
    /* templates/import.mustache: the kind chosen is kept, the file is to be chosen again */
    {.page = "import", .path = "/import/preview", .body = "kind=staff", .at_fault = "file",
     .kept = "value=\"staff\" selected", .multipart = 'f'},
};

/* body ("a=1&b=2", values without escapes but '+' for a space, as the rows write them) as the
 * string members of a JSON object, for a multipart form. */
static json_t *form_fields(const char *body)
{
    json_t *o = json_object();
    char *copy = strdup(body), *save = NULL;
    for (char *kv = strtok_r(copy, "&", &save); kv; kv = strtok_r(NULL, "&", &save)) {
        char *eq = strchr(kv, '=');
        if (!eq)
            continue;
        *eq = '\0';
        char *v = eq + 1, *w = v;
        for (char *c = v; *c; c++) {
            if (*c == '%' && c[1] && c[2]) {
                char hex[3] = {c[1], c[2], 0};
                *w++ = (char)strtol(hex, NULL, 16);
                c += 2;
            } else
                *w++ = *c == '+' ? ' ' : *c;
        }
        *w = '\0';
        json_object_set_new(o, kv, json_string(v));
    }
    free(copy);
    return o;
}

/* The page fixture the rows name (page_tokens). */
static void page_fixture(th_sess *sup)
{
    long long s1 = (long long)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR];
    page_token("sup", s1);
    long long rc = (long long)recoveree("Formsrow");
    page_token("rc", rc);
    page_token("rcm", (long long)recoveree("Formsmatch"));
    /* A trained Level 2 peer with a supervisor: eligible to assign (WF-1, WF-5). */
    long long peer = (long long)th_add_user(env, TH_ALPHA, "formspeer", ROLE_PEER);
    page_token("peer", peer);
    th_post(admin, json_pack("{s:i,s:s,s:s}", "level", 2, "hire_date", "2025-01-02",
                             "languages", "English"),
            "/api/v1/workforce/%lld/profile", peer);
    TH_ASSERT_STATUS(admin, 200);
    th_post(admin, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "Training",
                             "hours", "18", "date", "2025-01-05"),
            "/api/v1/workforce/%lld/trainings", peer);
    TH_ASSERT_STATUS(admin, 201);
    th_post(admin, json_pack("{s:I,s:s}", "supervisor_id", (json_int_t)s1, "start_date",
                             "2025-01-02"),
            "/api/v1/workforce/%lld/supervisors", peer);
    TH_ASSERT_STATUS(admin, 201);
    th_post(admin, json_pack("{s:I}", "peer_id", (json_int_t)peer),
            "/api/v1/recoverees/%lld/assign", tok("rcm"));
    TH_ASSERT_STATUS(admin, 201);
    /* A referral of rc to a resource. */
    th_post(admin, json_pack("{s:s,s:s}", "kind", "housing", "name", "Forms House"),
            "/api/v1/resources");
    TH_ASSERT_STATUS(admin, 201);
    long long res = (long long)th_jint(admin, "id");
    page_token("res", res);
    th_post(admin, json_pack("{s:I}", "resource_id", (json_int_t)res),
            "/api/v1/recoverees/%lld/referrals", rc);
    TH_ASSERT_STATUS(admin, 201);
    page_token("ref", (long long)th_jint(admin, "id"));
    /* A check-up that calls for re-intervention makes a task. */
    th_post(admin, json_pack("{s:s,s:s}", "modality", "telephone", "outcome", "reintervention"),
            "/api/v1/recoverees/%lld/checkups", rc);
    TH_ASSERT_STATUS(admin, 201);
    page_token("task", (long long)th_jint(admin, "task.id"));
    /* The supervisor's emergency access to rc, outside their caseload. */
    th_post(sup, json_pack("{s:s}", "reason", "Covering the crisis line for this person tonight."),
            "/api/v1/recoverees/%lld/break-glass", rc);
    TH_ASSERT_STATUS(sup, 201);
    th_get(admin, "/api/v1/break-glass");
    TH_ASSERT_STATUS(admin, 200);
    page_token("grant", (long long)th_jint(admin, "grants.0.id"));
    /* A service kept with an override (SV-3) waits for review. */
    long long rcs = (long long)recoveree("Formsreview");
    th_post(admin, json_pack("{s:I}", "peer_id", (json_int_t)peer),
            "/api/v1/recoverees/%lld/assign", rcs);
    TH_ASSERT_STATUS(admin, 201);
    th_post(admin, json_pack("{s:I,s:s}", "staff_id", (json_int_t)peer, "kind", "clinical"),
            "/api/v1/recoverees/%lld/relationships", rcs);
    TH_ASSERT_STATUS(admin, 201);
    th_post(admin,
            json_pack("{s:[I],s:s,s:s,s:s,s:s,s:i,s:s,s:I,s:b,s:s}", "recoverees",
                      (json_int_t)rcs, "modality", "individual", "intensity", "moderate",
                      "setting", "community", "activity", "resource_broker", "minutes", 45,
                      "note", "Met at the library.", "peer_id", (json_int_t)peer, "override", 1,
                      "override_reason", "Only peer who speaks the language; clinician agreed."),
            "/api/v1/services");
    TH_ASSERT_STATUS(admin, 201);
    page_token("svc", (long long)th_jint(admin, "id"));
    /* A peer without a profile, with one continuing education record to attach a file to. */
    long long user = (long long)th_add_user(env, TH_ALPHA, "formsworker", ROLE_PEER);
    page_token("user", user);
    th_post(admin, json_pack("{s:s,s:s,s:s,s:s}", "title", "Boundaries", "category", "ethics",
                             "hours", "2", "date", "2025-01-05"),
            "/api/v1/workforce/%lld/ce", user);
    TH_ASSERT_STATUS(admin, 201);
    page_token("ce", (long long)th_jint(admin, "id"));
    /* Two complete consents of rc (every §2.31(a) element), the first signed. */
    for (int k = 0; k < 2; k++) {
        th_post(admin,
                json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                          "Alpha", "information", "Attendance", "recipients", "County Clinic",
                          "purposes", "Care coordination", "revocation_stmt", 1,
                          "revocation_how", "In writing", "expiry_event", "end of treatment"),
                "/api/v1/recoverees/%lld/consents", rc);
        TH_ASSERT_STATUS(admin, 201);
        long long id = (long long)th_jint(admin, "id");
        page_token(k ? "consu" : "cons", id);
        if (!k) {
            th_post(admin, json_pack("{s:s}", "signature", "Formsrow Forms"),
                    "/api/v1/recoverees/%lld/consents/%lld/sign", rc, id);
            TH_ASSERT_STATUS(admin, 200);
        }
    }
}

static void test_every_refused_form_of_a_page_with_several_comes_back_alone_with_its_values(
    void **st)
{
    (void)st;
    th_sess *sup = th_sess_new(env);
    assert_int_equal(th_login(sup, "alpha", "supervisor", TH_PASSWORD), 200);
    page_fixture(sup);
    for (size_t i = 0; i < sizeof page_forms / sizeof *page_forms; i++) {
        const struct page_form *f = &page_forms[i];
        th_sess *s = f->as == 's' ? sup : admin;
        /* Room for a value one over the longest limit (4000 characters). */
        static char path[300], body[6000], kept[6000], lacks[300], want[300];
        page_fill(path, sizeof path, f->path);
        page_fill(body, sizeof body, f->body);
        page_fill(kept, sizeof kept, f->kept);
        if (f->multipart)
            th_post_file(s, form_fields(body), "", "", 0, "%s", path);
        else
            th_post_form(s, body, "%s", path);
        long status = th_status(s);
        if (status != 400 && status != 409 && status != 422)
            fail_msg("%s: POST %s answered %ld, not 400, 409 or 422\n%s", f->page, path, status,
                     th_last(s));
        const char *b = th_body(s);
        /* PD_FORMS_DUMP=FILE keeps the last page answered there, to read when a row fails. */
        FILE *dump = getenv("PD_FORMS_DUMP") ? fopen(getenv("PD_FORMS_DUMP"), "w") : NULL;
        if (dump) {
            fputs(b, dump);
            fclose(dump);
        }
        if (strstr(b, "Back to the home page"))
            fail_msg("%s: the generic error page, not the form's\n%s", f->page, b);
        snprintf(want, sizeof want, "href=\"#%s\"", f->at_fault);
        if (!strstr(b, "id=\"error-summary\"") || !strstr(b, want))
            fail_msg("%s: no error summary linking to #%s\n%s", f->page, f->at_fault, b);
        snprintf(want, sizeof want, "id=\"%s-error\"", f->at_fault);
        if (!strstr(b, want))
            fail_msg("%s: no %s beside the field\n%s", f->page, want, b);
        snprintf(want, sizeof want, "id=\"%s\" name=\"%s\"", f->at_fault, f->at_fault);
        if (!strstr(b, want))
            fail_msg("%s: no input %s\n%s", f->page, want, b);
        snprintf(want, sizeof want, "aria-describedby=\"%s-error", f->at_fault);
        if (!strstr(b, want))
            fail_msg("%s: the input is not described by its message\n%s", f->page, b);
        if (!strstr(b, kept))
            fail_msg("%s: the typed %.80s is not kept\n%s", f->page, kept, b);
        if (f->lacks) {
            page_fill(lacks, sizeof lacks, f->lacks);
            if (strstr(b, lacks))
                fail_msg("%s: another form on the page is filled in: %s", f->page, lacks);
        }
        /* A file cannot be kept, and the page says so beside the field. */
        if (f->multipart && !strstr(b, "id=\"file-again\""))
            fail_msg("%s: nothing says the file is to be chosen again", f->page);
    }
    th_sess_free(sup);
}

/* A session that ended while one of a page's several forms was being filled in: signing in
 * again brings back that form (its _which and the path it posts to, kept on the sign-in page),
 * filled in, and not its neighbours. The sign-in form as a browser sends it back (kept). */
static const char *sign_in_again(th_sess *s, const char *next, const char *kept)
{
    const char *pre = th_cookie(s, "pd_pre");
    assert_non_null(pre);
    static char form[1000];
    snprintf(form, sizeof form, "org=alpha&username=admin&password=%s&_pre=%s&next=%s%s",
             TH_PASSWORD, pre, next, kept);
    th_set_csrf(s, NULL);
    th_post_form(s, form, "/login");
    TH_ASSERT_STATUS(s, 200);
    return th_body(s);
}

static void test_expired_session_restores_the_relationship_form_not_the_check_up_note(void **st)
{
    (void)st;
    long long rc = (long long)recoveree("Expiredrel");
    long long staff = (long long)env->org[TH_ALPHA].user_id[ROLE_CLINICIAN];
    th_sess *s = th_sess_new(env);
    assert_int_equal(th_login(s, "alpha", "admin", TH_PASSWORD), 200);
    assert_int_equal(th_sql(env, "UPDATE sessions SET last_seen = 0"), 0);
    char sent[300], kept[400], next[80], want[160];
    snprintf(sent, sizeof sent,
             "_form=%%2Frecoverees%%2F%lld&_which=rel&staff_id=%lld&kind=employer"
             "&note=Kept+rel+note",
             rc, staff);
    th_post_form(s, sent, "/recoverees/%lld/relationships", rc);
    TH_ASSERT_STATUS(s, 401);
    TH_ASSERT_CONTAINS(th_body(s), "name=\"_k._which\" value=\"rel\"");
    snprintf(want, sizeof want, "name=\"_k._action\" value=\"/recoverees/%lld/relationships\"",
             rc);
    TH_ASSERT_CONTAINS(th_body(s), want);
    snprintf(next, sizeof next, "/recoverees/%lld", rc);
    snprintf(kept, sizeof kept,
             "&_k._which=rel&_k._action=/recoverees/%lld/relationships&_k.staff_id=%lld"
             "&_k.kind=employer&_k.note=Kept+rel+note",
             rc, staff);
    const char *b = sign_in_again(s, next, kept);
    TH_ASSERT_CONTAINS(b, "id=\"note\" name=\"note\" maxlength=\"300\" value=\"Kept rel note\"");
    TH_ASSERT_CONTAINS(b, "value=\"employer\" selected");
    snprintf(want, sizeof want, "value=\"%lld\" selected", staff);
    TH_ASSERT_CONTAINS(b, want);
    /* The check-up form's note is another field of the same name: empty, under another id. */
    TH_ASSERT_CONTAINS(b, "id=\"ck-note\" name=\"note\" rows=\"3\" maxlength=\"4000\"></textarea>");
    /* Not sent for them. */
    assert_int_equal(th_login(admin, "alpha", "admin", TH_PASSWORD), 200);
    th_get(admin, "/api/v1/recoverees/%lld", rc);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_LACKS(th_body(admin), "Kept rel note");
    th_sess_free(s);
}

/* The same on the workforce page, whose forms share field names (title, hours, date, kind). */
static void test_expired_session_restores_the_training_form_not_the_other_record_forms(void **st)
{
    (void)st;
    long long user = (long long)th_add_user(env, TH_ALPHA, "formsexpired", ROLE_PEER);
    th_sess *s = th_sess_new(env);
    assert_int_equal(th_login(s, "alpha", "admin", TH_PASSWORD), 200);
    assert_int_equal(th_sql(env, "UPDATE sessions SET last_seen = 0"), 0);
    char sent[300], kept[400], next[80], want[160];
    snprintf(sent, sizeof sent,
             "_form=%%2Fworkforce%%2F%lld&_which=tr&kind=orientation_ethics&title=Kept+training"
             "&hours=4&date=2025-01-05",
             user);
    th_post_form(s, sent, "/workforce/%lld/trainings", user);
    TH_ASSERT_STATUS(s, 401);
    TH_ASSERT_CONTAINS(th_body(s), "name=\"_k._which\" value=\"tr\"");
    TH_ASSERT_CONTAINS(th_body(s), "name=\"_k.title\" value=\"Kept training\"");
    snprintf(want, sizeof want, "name=\"_k._action\" value=\"/workforce/%lld/trainings\"", user);
    TH_ASSERT_CONTAINS(th_body(s), want);
    snprintf(next, sizeof next, "/workforce/%lld", user);
    snprintf(kept, sizeof kept,
             "&_k._which=tr&_k._action=/workforce/%lld/trainings&_k.kind=orientation_ethics"
             "&_k.title=Kept+training&_k.hours=4&_k.date=2025-01-05",
             user);
    const char *b = sign_in_again(s, next, kept);
    /* The training form, filled in; the continuing education form (also a title, an hours
     * and a date) as it was. */
    TH_ASSERT_CONTAINS(b, "id=\"title\" name=\"title\" value=\"Kept training\"");
    TH_ASSERT_CONTAINS(b, "value=\"orientation_ethics\" selected");
    TH_ASSERT_CONTAINS(b, "id=\"ce-title\" name=\"title\" value=\"\"");
    /* Not sent for them. */
    assert_int_equal(th_login(admin, "alpha", "admin", TH_PASSWORD), 200);
    th_get(admin, "/api/v1/workforce/%lld", user);
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_LACKS(th_body(admin), "Kept training");
    th_sess_free(s);
}

static void test_expired_session_then_signing_in_again_loses_nothing_typed(void **st)
{
    (void)st;
    int64_t r = recoveree("Expired");
    th_sess *s = th_sess_new(env);
    assert_int_equal(th_login(s, "alpha", "admin", TH_PASSWORD), 200);
    /* The session ends after inactivity while the form is being filled in. */
    assert_int_equal(th_sql(env, "UPDATE sessions SET last_seen = 0"), 0);
    th_post_form(s, CONSENT_MISSING_THREE "&information=Attendance+typed+before",
                 "/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(s, 401);
    const char *b = th_body(s);
    TH_ASSERT_CONTAINS(b, "action=\"/login\"");
    char next[120];
    snprintf(next, sizeof next, "name=\"next\" value=\"/recoverees/%lld/consents\"", (long long)r);
    TH_ASSERT_CONTAINS(b, next);
    TH_ASSERT_CONTAINS(b, "name=\"_k.disclosers\" value=\"Alpha team typed\"");
    /* Kept in the page, never in a URL. */
    TH_ASSERT_LACKS(th_header(s, "Location") ? th_header(s, "Location") : "", "typed");
    /* Sign in again from that page: the form comes back filled in, not sent. */
    const char *pre = th_cookie(s, "pd_pre");
    assert_non_null(pre);
    char form[1200];
    snprintf(form, sizeof form,
             "org=alpha&username=admin&password=%s&_pre=%s&next=/recoverees/%lld/consents"
             "&_k.kind=specific&_k.disclosers=Alpha+team+typed&_k.information=Attendance+typed"
             "&_k.revocation_stmt=1&_k.expiry_event=end+of+treatment+typed",
             TH_PASSWORD, pre, (long long)r);
    th_set_csrf(s, NULL);
    th_post_form(s, form, "/login");
    TH_ASSERT_STATUS(s, 200);
    assert_non_null(th_set_cookie_header(s, "pd_session"));
    b = th_body(s);
    TH_ASSERT_CONTAINS(b, "value=\"Alpha team typed\"");
    TH_ASSERT_CONTAINS(b, ">Attendance typed</textarea>");
    TH_ASSERT_CONTAINS(b, "value=\"end of treatment typed\"");
    TH_ASSERT_CONTAINS(b, "name=\"revocation_stmt\" value=\"1\" checked");
    /* Not sent for them: no consent was recorded. (Every session was expired above.) */
    assert_int_equal(th_login(admin, "alpha", "admin", TH_PASSWORD), 200);
    th_get(admin, "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_STATUS(admin, 200);
    assert_int_equal(json_array_size(json_object_get(th_json(admin), "consents")), 0);
    th_sess_free(s);
}

static void test_sign_in_returns_to_a_path_on_this_site_only(void **st)
{
    (void)st;
    th_sess *s = th_sess_new(env);
    /* An anonymous visit is sent to /login, which then returns there. */
    th_get(s, "/recoverees");
    TH_ASSERT_STATUS(s, 303);
    TH_ASSERT_STR(th_header(s, "Location"), "/login");
    th_get(s, "/login");
    TH_ASSERT_CONTAINS(th_body(s), "name=\"next\" value=\"/recoverees\"");
    static const char *const offsite[] = {"//evil.example/x", "https://evil.example/",
                                          "/\\evil.example", "evil.example", "/login",
                                          "javascript:alert(1)"};
    for (size_t i = 0; i < sizeof offsite / sizeof *offsite; i++) {
        th_sess *t = th_sess_new(env);
        th_get(t, "/login?next=%s", offsite[i]);
        TH_ASSERT_STATUS(t, 200);
        TH_ASSERT_LACKS(th_body(t), "evil.example");
        const char *pre = th_cookie(t, "pd_pre");
        assert_non_null(pre);
        char *enc = form_escape(offsite[i]);
        char form[400];
        snprintf(form, sizeof form, "org=alpha&username=admin&password=%s&_pre=%s&next=%s",
                 TH_PASSWORD, pre, enc);
        free(enc);
        th_post_form(t, form, "/login");
        TH_ASSERT_STATUS(t, 303);
        TH_ASSERT_STR(th_header(t, "Location"), "/");
        th_sess_free(t);
    }
    const char *pre = th_cookie(s, "pd_pre");
    char form[400];
    snprintf(form, sizeof form, "org=alpha&username=admin&password=%s&_pre=%s&next=/recoverees",
             TH_PASSWORD, pre);
    th_post_form(s, form, "/login");
    TH_ASSERT_STATUS(s, 303);
    TH_ASSERT_STR(th_header(s, "Location"), "/recoverees");
    th_sess_free(s);
}

/* The sign-in refusals come from the catalog: in Spanish for a Spanish browser, as in English. */
static void test_sign_in_refusals_are_in_the_readers_language(void **st)
{
    (void)st;
    th_sess *s = th_sess_new(env);
    th_add_header(s, "Accept-Language: es");
    th_post(s, json_pack("{s:s,s:s,s:s}", "org", "alpha", "username", "admin", "password",
                         "Not-the-password-1"),
            "/api/v1/login");
    TH_ASSERT_ERROR(s, 401, "bad_credentials");
    TH_ASSERT_CONTAINS(th_jstr(s, "error.message"), "no son correctos");
    /* A page form sent without a session: the sign-in page says so in Spanish. */
    th_post_form(s, "name=Typed", "/tokens");
    TH_ASSERT_STATUS(s, 401);
    TH_ASSERT_CONTAINS(th_body(s), "Inicie sesión");
    th_post(s, json_object(), "/api/v1/tokens");
    TH_ASSERT_ERROR(s, 401, "unauthenticated");
    TH_ASSERT_CONTAINS(th_jstr(s, "error.message"), "Inicie sesión primero");
    th_sess_free(s);
    th_sess *en = th_sess_new(env);
    th_post(en, json_pack("{s:s,s:s,s:s}", "org", "alpha", "username", "admin", "password",
                          "Not-the-password-1"),
            "/api/v1/login");
    TH_ASSERT_ERROR(en, 401, "bad_credentials");
    TH_ASSERT_STR(th_jstr(en, "error.message"),
                  "The organization, username or password is not right.");
    th_sess_free(en);
}

/* The lang attribute of the page at path for s. */
static void assert_page_lang(th_sess *s, const char *path, const char *lang)
{
    th_get(s, "%s", path);
    TH_ASSERT_STATUS(s, 200);
    char want[40];
    snprintf(want, sizeof want, "<html lang=\"%s\">", lang);
    TH_ASSERT_CONTAINS(th_body(s), want);
}

static void test_language_is_the_users_then_the_browsers_then_the_organizations(void **st)
{
    (void)st;
    th_sess *plain = th_sess_new(env), *english = th_sess_new(env);
    th_add_header(english, "Accept-Language: en-US,en;q=0.9");
    assert_int_equal(th_login(plain, "alpha", "supervisor", TH_PASSWORD), 200);
    assert_int_equal(th_login(english, "alpha", "supervisor", TH_PASSWORD), 200);
    assert_page_lang(plain, "/me", "en");
    /* The organization's default, for a browser that names no language. */
    th_post(admin, json_pack("{s:s}", "default_language", "es"), "/api/v1/settings");
    TH_ASSERT_STATUS(admin, 200);
    assert_page_lang(plain, "/me", "es");
    /* The browser's language comes before it. */
    assert_page_lang(english, "/me", "en");
    /* And the person's own setting before both. */
    th_post(english, json_pack("{s:s}", "language", "es"), "/api/v1/me/language");
    TH_ASSERT_STATUS(english, 200);
    assert_page_lang(english, "/me", "es");
    th_post(english, json_pack("{s:s}", "language", ""), "/api/v1/me/language");
    TH_ASSERT_STATUS(english, 200);
    assert_page_lang(english, "/me", "en");
    /* Only the catalog's languages. */
    th_post(english, json_pack("{s:s}", "language", "xx"), "/api/v1/me/language");
    TH_ASSERT_ERROR(english, 400, "invalid");
    assert_string_equal(th_jstr(english, "error.field"), "language");
    th_post(admin, json_pack("{s:s}", "default_language", "xx"), "/api/v1/settings");
    TH_ASSERT_ERROR(admin, 400, "invalid");
    assert_string_equal(th_jstr(admin, "error.field"), "default_language");
    /* Audited like other changes. */
    th_get(admin, "/api/v1/audit?action=user.language");
    TH_ASSERT_STATUS(admin, 200);
    TH_ASSERT_CONTAINS(th_body(admin), "language=es");
    th_post(admin, json_pack("{s:s}", "default_language", ""), "/api/v1/settings");
    TH_ASSERT_STATUS(admin, 200);
    assert_page_lang(plain, "/me", "en");
    th_sess_free(plain);
    th_sess_free(english);
}

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin = th_sess_new(env);
    return th_login(admin, "alpha", "admin", TH_PASSWORD) == 200 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin);
    return th_env_stop(env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_api_consent_missing_three_elements_lists_all_three),
        cmocka_unit_test(test_api_invalid_input_lists_every_field_in_words),
        cmocka_unit_test(test_refused_consent_page_comes_back_filled_in_with_every_message),
        cmocka_unit_test(test_gate_refusal_on_a_page_shows_the_page_above_the_action),
        cmocka_unit_test(
            test_every_refused_page_form_keeps_its_values_with_the_message_beside_the_field),
        cmocka_unit_test(
            test_every_refused_form_of_a_page_with_several_comes_back_alone_with_its_values),
        cmocka_unit_test(test_expired_session_then_signing_in_again_loses_nothing_typed),
        cmocka_unit_test(test_expired_session_restores_the_relationship_form_not_the_check_up_note),
        cmocka_unit_test(
            test_expired_session_restores_the_training_form_not_the_other_record_forms),
        cmocka_unit_test(test_sign_in_returns_to_a_path_on_this_site_only),
        cmocka_unit_test(test_sign_in_refusals_are_in_the_readers_language),
        cmocka_unit_test(test_language_is_the_users_then_the_browsers_then_the_organizations),
    };
    return cmocka_run_group_tests_name("http_forms", tests, setup, teardown);
}
