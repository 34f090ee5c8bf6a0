/* h_import.c - the spreadsheet import for administrators: the upload form, the preview (a dry
 * run: rows read, rows that would be written, rows already there, every rejected row with its
 * line, column and message) and the confirmation that writes it all or nothing (import.h).
 * The uploaded file waits server-side under a random token for an hour (import_store.h). The
 * counts are shown after each run completes: a page-reload design, no live progress bar. */
#include "handlers.h"

#include <string.h>

#include "import.h"
#include "import_store.h"
#include "msg.h"
#include "opreply.h"
#include "secret.h"

/* How long a previewed file waits for its confirmation. */
#define PREVIEW_TTL_SECONDS 3600

static json_t *kinds_model(const char *lang, const char *selected)
{
    json_t *list = json_array();
    static const char *const label[] = {"import.kind.staff", "import.kind.recoverees"};
    for (int k = IMPORT_STAFF; k <= IMPORT_RECOVEREES; k++) {
        json_t *it = json_object();
        jset_str(it, "value", import_kind_name((enum import_kind)k));
        jset_str(it, "label", msg(lang, label[k]));
        jset_bool(it, "selected",
                  selected && !strcmp(selected, import_kind_name((enum import_kind)k)));
        json_array_append_new(list, it);
    }
    return list;
}

static json_t *form_model(struct req *r)
{
    json_t *m = json_object();
    jset_str(m, "title", msg(req_lang(r), "import.title"));
    const char *kind = req_str(r, "kind");
    jset(m, "kinds", kinds_model(req_lang(r), kind ? kind : "recoverees"));
    return m;
}

int h_import_form(struct req *r)
{
    return reply_page(r, 200, "import.mustache", form_model(r));
}

/* The report as the page and the API show it. */
static json_t *report_model(const struct import_report *rep)
{
    json_t *m = json_object(), *errs = json_array(), *ign = json_array();
    jset_str(m, "kind", import_kind_name(rep->kind));
    jset_bool(m, "staff", rep->kind == IMPORT_STAFF);
    jset_str(m, "sha256", rep->sha256);
    jset_int(m, "rows", rep->rows);
    jset_int(m, "to_write", rep->to_write);
    jset_int(m, "already", rep->already);
    jset_int(m, "written", rep->written);
    jset_int(m, "rejected_count", (int64_t)rep->nerrors);
    jset_str(m, "fatal", rep->fatal);
    if (rep->fatal_line)
        jset_int(m, "fatal_line", rep->fatal_line);
    for (size_t i = 0; i < rep->nerrors; i++) {
        json_t *e = json_object();
        jset_int(e, "line", rep->errors[i].line);
        jset_str(e, "column", rep->errors[i].column);
        jset_str(e, "message", rep->errors[i].message);
        json_array_append_new(errs, e);
    }
    for (size_t i = 0; i < rep->nignored; i++)
        json_array_append_new(ign, jstr(rep->ignored[i]));
    jset(m, "rejected", errs);
    jset(m, "ignored", ign);
    jset_bool(m, "has_ignored", rep->nignored > 0);
    jset_bool(m, "ok", !rep->fatal && rep->nerrors == 0);
    return m;
}

int h_import_preview(struct req *r)
{
    int kind = import_kind_parse(req_str(r, "kind"));
    if (kind < 0)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "import.err_kind"), "kind",
                           "import.mustache", form_model(r));
    /* The directory is imported at POST /resources/import (a previewed upload is kept only for
     * staff and recoverees: import_uploads.kind). */
    if (kind == IMPORT_RESOURCES)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "import.err_kind_resources"),
                           "kind", "import.mustache", form_model(r));
    /* A laboratory's results are imported at the console (peerdesk import lab_results). */
    if (kind == IMPORT_LAB_RESULTS)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "import.err_kind_lab"), "kind",
                           "import.mustache", form_model(r));
    if (!r->upload)
        return reply_error(r, 400, "invalid", NULL, msg(req_lang(r), "import.err_file"), "file",
                           "import.mustache", form_model(r));
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct import_report rep;
    enum import_rc ir = import_run(&c, (enum import_kind)kind, r->upload->data, r->upload->len, 1,
                                   NULL, NULL, &rep);
    if (ir == IMPORT_STORE)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "import.err_check"), NULL, NULL,
                           NULL);
    json_t *m = report_model(&rep);
    jset_str(m, "title", msg(req_lang(r), "import_preview.title"));
    jset_str(m, "filename", r->upload->filename);
    /* The file waits here for its confirmation, under a token only this browser holds. */
    char token[TOKEN_LEN], th[TOKEN_HASH_LEN];
    token_new(token);
    token_hash(token, th);
    if (import_upload_put(r->db, r->me.org_id, r->me.user_id, th, import_kind_name(kind),
                          rep.sha256, r->upload->data, r->upload->len, ir == IMPORT_OK, c.now,
                          c.now + PREVIEW_TTL_SECONDS) != DB_OK) {
        json_decref(m);
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "import.err_keep"), NULL, NULL,
                           NULL);
    }
    if (ir == IMPORT_OK)
        jset_str(m, "token", token);
    req_audit(r, "import.preview", "import", 0,
              arena_printf(r->a, "%s sha256=%s rows=%lld rejected=%zu", import_kind_name(kind),
                           rep.sha256, (long long)rep.rows, rep.nerrors),
              "ok");
    return reply_page(r, ir == IMPORT_OK ? 200 : 422, "import_preview.mustache", m);
}

int h_import_confirm(struct req *r)
{
    const char *token = req_str(r, "token"), *sha = req_str(r, "sha256");
    char th[TOKEN_HASH_LEN];
    token_hash(token, th);
    struct op_ctx c;
    op_ctx_from_req(r, &c);
    struct import_upload up;
    int got = import_upload_get(r->db, r->a, r->me.org_id, r->me.user_id, th, c.now, &up);
    if (got < 0)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "import.err_read"), NULL, NULL,
                           NULL);
    if (got == 0)
        return reply_error(r, 404, "not_found", NULL, msg(req_lang(r), "import.err_expired"),
                           "token", "import.mustache", form_model(r));
    char now_sha[65];
    import_sha256(up.data, up.len, now_sha);
    if (strcmp(now_sha, up.sha256) != 0 || (sha && strcmp(sha, up.sha256) != 0))
        return reply_error(r, 409, "file_changed", NULL, msg(req_lang(r), "import.err_changed"),
                           "sha256", "import.mustache", form_model(r));
    if (!up.ok)
        return reply_error(r, 422, "rejected_rows", NULL, msg(req_lang(r), "import.err_rejected"),
                           "token", "import.mustache", form_model(r));
    int kind = import_kind_parse(up.kind);
    struct import_report rep;
    enum import_rc ir =
        import_run(&c, (enum import_kind)kind, up.data, up.len, 0, NULL, NULL, &rep);
    if (ir == IMPORT_STORE)
        return reply_error(r, 500, "store", NULL, msg(req_lang(r), "import.err_save"), NULL, NULL,
                           NULL);
    json_t *m = report_model(&rep);
    jset_str(m, "title", msg(req_lang(r), "import_preview.title"));
    if (ir == IMPORT_REJECTED)
        return reply_page(r, 422, "import_preview.mustache", m);
    import_upload_delete(r->db, r->me.org_id, up.id);
    return reply_done(r, 200, kind == IMPORT_STAFF ? "/users" : "/recoverees", m);
}

/* ---- routes ------------------------------------------------------------------- */

/* The spreadsheet import (h_import.c): the file comes as the upload. */
static const struct field f_import_form[] = {
    {"kind", FT_TOKEN, 20, 0, 0, 0},
    {NULL},
};
static const struct field f_import_preview[] = {
    {"kind", FT_TOKEN, 20, 0, 0, FIELD_REQUIRED},
    {NULL},
};
static const struct field f_import_confirm[] = {
    {"token", FT_TOKEN, 64, 0, 0, FIELD_REQUIRED},
    {"sha256", FT_TOKEN, 64, 0, 0, 0},
    {NULL},
};

const struct route import_rows[] = {
    {"GET", "/import", h_import_form, ADMIN, RT_PAGE_ONLY, f_import_form,
     "Spreadsheet import: choose staff or recoverees and a CSV file"},
    {"POST", "/import/preview", h_import_preview, ADMIN, RT_UPLOAD, f_import_preview,
     "Check a CSV file, write nothing: counts and every rejected row"},
    {"POST", "/import/confirm", h_import_confirm, ADMIN, 0, f_import_confirm,
     "Import the previewed file, all rows or none"},
};
const struct route_module rm_import = ROUTE_MODULE(import_rows);
