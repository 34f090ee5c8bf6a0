/* h_caseload.c - who works with a recoveree: assignment, its end, relationships that create
 * SV-3/SV-4 conflicts, break-glass access with its search and review list, and RC-2 matching.
 * The rules and their audit live in the operations (src/ops/ops_caseload.c); the handlers
 * read the input, call one operation and build the view model. */
#include "handlers.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "accounts.h"
#include "assignment.h"
#include "civil.h"
#include "forms.h"
#include "caseload_store.h"
#include "matching.h"
#include "msg.h"
#include "opreply.h"
#include "ops_caseload.h"
#include "recoverees.h"
#include "v_profile.h"

static int64_t now(void)
{
    return (int64_t)time(NULL);
}

static const char *back(struct req *r)
{
    return arena_printf(r->a, "/recoverees/%lld", (long long)r->id);
}

int h_rc_assign(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct rc_assign_in in = {
        .recoveree_id = r->id,
        .start_date = req_str(r, "start_date"),
        .override_reason = req_str(r, "override_reason"),
    };
    req_int(r, "peer_id", &in.peer_id);
    /* SV-3, SV-4: a written reason is the request to override. */
    in.override = in.override_reason != NULL;
    const char *rules;
    if (op_rc_assign(&c, &in, &rules, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset_int(m, "id", res.id);
    jset_str(m, "override_rules", rules);
    return reply_done(r, 201, back(r), m);
}

int h_rc_assign_end(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_rc_assign_end(&c, r->id, r->id2, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, back(r), json_object());
}

int h_rc_relationship(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct rc_relationship_in in = {
        .recoveree_id = r->id, .kind = req_str(r, "kind"), .note = req_str(r, "note")};
    req_int(r, "staff_id", &in.staff_id);
    if (op_rc_relationship(&c, &in, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 201, back(r), json_object());
}

/* ---- break-glass ------------------------------------------------------------------ */

/* A stated reason opens a record outside one's caseload for a limited time (policy),
 * audited and listed for review: HIPAA 164.312(a)(2)(ii) emergency access. */
int h_rc_break_glass(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct break_glass_in in = {.recoveree_id = r->id, .reason = req_str(r, "reason")};
    int64_t until;
    if (op_break_glass_open(&c, &in, &until, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    json_t *m = json_object();
    jset(m, "until", view_time(until));
    jset_int(m, "recoveree_id", r->id);
    return reply_done(r, 201, back(r), m);
}

/* Emergency access starts by finding the record: by name, narrowed by date of birth or phone,
 * over every recoveree of the organization (the record is outside the searcher's reach by
 * definition). Only what is needed to choose is shown (name, date of birth, record number),
 * at most BG_SEARCH_MAX rows, and every search is audited with what it searched by
 * (HIPAA 164.312(b)), never with the values searched for. */
int h_break_glass_search(struct req *r)
{
    /* Enough to pick out one person; more means the search should be narrowed. */
    enum { BG_SEARCH_MAX = 10 };
    const char *name = req_str(r, "name"), *dob = req_str(r, "dob"), *phone = req_str(r, "phone");
    json_t *m = json_object();
    jset_str(m, "title", msg(req_lang(r), "bgs.title"));
    jset_str(m, "name", name);
    jset_str(m, "dob", dob);
    jset_str(m, "phone", phone);
    jset_bool(m, "is_peer", r->me.role == ROLE_PEER);
    if (!name)
        return reply_page(r, 200, "break_glass_search.mustache", m);
    /* A name of one letter is a browse of the whole list, not a search. */
    if (strlen(name) < 2)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "bgs.name_too_short"), "name",
                           "break_glass_search.mustache", m);
    char digits[41];
    size_t nd = 0;
    for (const char *p = phone; p && *p && nd < sizeof digits - 1; p++)
        if (*p >= '0' && *p <= '9')
            digits[nd++] = *p;
    digits[nd] = 0;
    /* Seven digits is a local number: fewer would match many people. */
    if (phone && nd < 7)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "bgs.phone_too_short"),
                           "phone", "break_glass_search.mustache", m);
    struct rc_bg_hit *hits;
    int n;
    if (rc_bg_search(r->db, r->a, r->me.org_id, like_prefix(r->a, name, 1), dob,
                     phone ? digits : NULL, BG_SEARCH_MAX + 1, &hits, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "bgs.err_search"), NULL, NULL,
                           NULL);
    json_t *arr = json_array();
    /* The record chosen in a refused request for access, shown again (forms.h). */
    const char *chosen = form_value(r, "recoveree_id");
    for (int i = 0; i < n && i < BG_SEARCH_MAX; i++) {
        json_t *j = json_object();
        jset_int(j, "id", hits[i].id);
        if (chosen && strtoll(chosen, NULL, 10) == hits[i].id)
            jset_bool(j, "checked", 1);
        jset(j, "name", json_sprintf("%s %s", hits[i].preferred_name ? hits[i].preferred_name
                                                                     : hits[i].first_name,
                                     hits[i].last_name));
        jset_str(j, "dob", hits[i].dob);
        json_array_append_new(arr, j);
    }
    const char *kind = arena_printf(r->a, "by name%s%s: %d found", dob ? ", date of birth" : "",
                                    phone ? ", phone" : "", n > BG_SEARCH_MAX ? BG_SEARCH_MAX : n);
    /* The names found are a read: without its audit entry nothing is shown (503). */
    if (req_audit_read(r, "break_glass.search", "recoveree", 0, kind) != 0) {
        json_decref(arr);
        json_decref(m);
        return 0;
    }
    /* The search again, for the request form to come back to when it is refused. */
    buf self;
    buf_init(&self);
    buf_puts(&self, "/break-glass/search?name=");
    url_arg(&self, name, strlen(name));
    if (dob)
        buf_printf(&self, "&dob=%s", dob);
    if (phone) {
        buf_puts(&self, "&phone=");
        url_arg(&self, phone, strlen(phone));
    }
    jset_str(m, "self", self.data);
    buf_free(&self);
    jset_bool(m, "has_results", json_array_size(arr) > 0);
    jset(m, "results", arr);
    jset_bool(m, "searched", 1);
    jset_bool(m, "too_many", n > BG_SEARCH_MAX);
    return reply_page(r, 200, "break_glass_search.mustache", m);
}

/* The same, with the record number in the form (a page cannot put it in the path without script). */
int h_break_glass_open(struct req *r)
{
    int64_t id = 0;
    req_int(r, "recoveree_id", &id);
    r->id = id;
    return h_rc_break_glass(r);
}

int h_break_glass_list(struct req *r)
{
    struct bg_row *g;
    int n;
    if (bg_list(r->db, r->a, r->me.org_id, 200, &g, &n) != 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "bg.err_read"), NULL, NULL,
                           NULL);
    json_t *m = json_object(), *arr = json_array();
    /* Each grant's review form is named by _which (bgID): a refused one comes back with the
     * note typed and its message beside it (forms.h). */
    static const char *const review_names[] = {"note", NULL};
    for (int i = 0; i < n; i++) {
        json_t *j = json_object();
        if (!r->api)
            jset(j, "f", form_part(r, arena_printf(r->a, "bg%lld", (long long)g[i].id),
                                   arena_printf(r->a, "bg%lld-", (long long)g[i].id),
                                   review_names, NULL));
        jset_int(j, "id", g[i].id);
        jset_str(j, "user", g[i].user);
        jset_int(j, "recoveree_id", g[i].recoveree_id);
        jset_str(j, "reason", g[i].reason);
        jset(j, "at", view_time(g[i].at));
        jset(j, "until", view_time(g[i].expires_at));
        jset_bool(j, "open", g[i].expires_at > now()); /* can still be ended early */
        jset_bool(j, "reviewed", g[i].reviewed_at != 0);
        jset(j, "reviewed_at", view_time(g[i].reviewed_at));
        jset_str(j, "review_note", g[i].review_note);
        json_array_append_new(arr, j);
    }
    /* The grants' reasons are record content: nothing is shown unless the read is audited. */
    if (req_audit_read(r, "break_glass.list", "break_glass", 0, NULL) != 0) {
        json_decref(m);
        json_decref(arr);
        return 0;
    }
    jset(m, "grants", arr);
    jset_str(m, "title", msg(req_lang(r), "bg.title"));
    return reply_page(r, 200, "break_glass.mustache", m);
}

int h_break_glass_review(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_break_glass_review(&c, r->id, req_str(r, "note"), &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    return reply_done(r, 200, "/break-glass", json_object());
}

/* End an emergency access early, at once (issue 7): the grant's own user when the emergency
 * is over, or a supervisor or administrator reviewing it. The record closes this second. */
int h_break_glass_end(struct req *r)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    if (op_break_glass_end(&c, r->id, &res) != OP_OK)
        return reply_op_error(r, &res, NULL, NULL);
    int lead = r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR;
    return reply_done(r, 200, lead ? "/break-glass" : "/recoverees", json_object());
}

/* ---- matching (RC-2) ------------------------------------------------------------ */

json_t *rc_peer_choices(struct req *r, const struct recoveree *x, json_t **override_only)
{
    struct op_ctx c;
    struct op_result res;
    op_ctx_from_req(r, &c);
    struct rc_match *mt;
    struct rc_override_choice *ov;
    size_t n, nov;
    if (override_only)
        *override_only = json_array();
    /* RC-2: never an ineligible peer (WF-1, WF-4, WF-5, SV-3, SV-4), decided by op_rc_match. */
    if (op_rc_match(&c, x, &mt, &n, override_only ? &ov : NULL, &nov, &res) != OP_OK)
        return NULL;
    for (size_t i = 0; override_only && i < nov; i++)
        json_array_append_new(*override_only,
                              json_pack("{s:I,s:s}", "peer_id", (json_int_t)ov[i].peer_id, "name",
                                        ov[i].name));
    json_t *arr = json_array();
    for (size_t i = 0; i < n; i++) {
        json_t *j = json_object(), *reasons = json_array();
        jset_int(j, "peer_id", mt[i].peer_id);
        jset_str(j, "name", mt[i].name);
        jset_int(j, "rank", mt[i].rank);
        for (int k = 0; k < mt[i].nreasons; k++)
            json_array_append_new(reasons, jstr(mt[i].reasons[k]));
        jset(j, "reasons", reasons);
        jset_bool(j, "can_assign", mt[i].can_assign);
        json_array_append_new(arr, j);
    }
    return arr;
}

int h_rc_match(struct req *r)
{
    struct recoveree x;
    if (rc_load(r, &x, "recoveree.match") != 0)
        return 0;
    json_t *arr = rc_peer_choices(r, &x, NULL);
    if (!arr)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "match.err_store"), NULL, NULL,
                           NULL);
    /* Each peer's Assign form is named by _which (mPEER): a refused one comes back with its
     * message beside that peer's button (forms.h). */
    static const char *const assign_names[] = {"peer_id", NULL};
    const char *w = form_value(r, "_which"), *sent = form_value(r, "peer_id");
    long long sent_peer = w && w[0] == 'm' && sent ? strtoll(sent, NULL, 10) : 0;
    int listed = 0;
    size_t i;
    json_t *it;
    json_array_foreach(arr, i, it) {
        long long peer = (long long)json_integer_value(json_object_get(it, "peer_id"));
        listed |= peer == sent_peer;
        if (!r->api)
            jset(it, "f", form_part(r, arena_printf(r->a, "m%lld", peer),
                                    arena_printf(r->a, "m%lld-", peer), assign_names, NULL));
    }
    json_t *m = json_object();
    /* The peer of a refused Assign who is no longer among the matches (assigned or ruled out
     * since the page was read): shown above them with the refusal beside their button. */
    struct user u;
    if (!r->api && sent_peer > 0 && !listed &&
        user_by_id(r->db, r->a, r->me.org_id, sent_peer, &u) == 1 && u.role == ROLE_PEER) {
        json_t *j = json_pack("{s:I,s:s}", "peer_id", (json_int_t)sent_peer, "name",
                              u.display_name ? u.display_name : u.username);
        jset(j, "f", form_part(r, w, arena_printf(r->a, "m%lld-", sent_peer), assign_names,
                               NULL));
        jset(m, "refused", j);
    }
    jset(m, "recoveree", rc_summary_j(&x));
    /* What the ranking looked for, in words (RC-2: explain each rank). */
    json_t *wants = json_object();
    jset(wants, "languages", pf_labels_lang_j(req_lang(r), PL_LANGUAGE, x.language_codes));
    jset(wants, "peer_gender", pf_labels_lang_j(req_lang(r), PL_GENDER, x.peer_gender));
    jset(wants, "substances", pf_labels_lang_j(req_lang(r), PL_SUBSTANCE, x.substance_codes));
    jset(wants, "pathways", pf_labels_lang_j(req_lang(r), PL_PATHWAY, x.pathway_codes));
    jset(wants, "cultures", pf_labels_lang_j(req_lang(r), PL_CULTURE, x.culture_codes));
    jset(m, "wants", wants);
    jset_int(m, "recoveree_id", x.id);
    jset(m, "matches", arr);
    jset_str(m, "title", msg(req_lang(r), "match.title"));
    jset_bool(m, "can_assign", r->me.role == ROLE_ADMIN || r->me.role == ROLE_SUPERVISOR);
    char d[11];
    civil_format(req_today(r), d);
    jset_str(m, "today", d);
    return reply_page(r, 200, "match.mustache", m);
}
