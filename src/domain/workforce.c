/* workforce.c - WF-1 to WF-5: effective level, scope, certification, CE cycle and supervision status. */
#include "workforce.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "civil.h"

/* Supervision is counted over a rolling window rather than the calendar
 * month, so nobody turns non-compliant on the first of every month. */
#define SUPERVISION_WINDOW_DAYS 30

static const char *fmt_day(int32_t day, char buf[11])
{
    if (day < 0) {
        snprintf(buf, 11, "unknown");
        return buf;
    }
    civil_format(day, buf);
    return buf;
}

/* Minutes as hours for people: "18", "17.5", "2.25". */
static const char *hours(int32_t minutes, char buf[16])
{
    if (minutes % 60 == 0)
        snprintf(buf, 16, "%d", minutes / 60);
    else if ((minutes * 100 / 60) % 10 == 0)
        snprintf(buf, 16, "%d.%d", minutes / 60, (minutes % 60) * 10 / 60);
    else
        snprintf(buf, 16, "%d.%02d", minutes / 60, (minutes % 60) * 100 / 60);
    return buf;
}

const struct wf_cert *wf_current_cert(const struct wf_person *p, int32_t date)
{
    const struct wf_cert *best = NULL;
    for (size_t i = 0; i < p->ncerts; i++) {
        const struct wf_cert *c = &p->certs[i];
        /* A certification with no recorded expiry is not trusted as current. */
        if (c->issued > date || c->expires < 0 || c->expires < date)
            continue;
        if (!best || c->expires > best->expires)
            best = c;
    }
    return best;
}

const struct wf_cert *wf_latest_cert(const struct wf_person *p, int32_t date)
{
    const struct wf_cert *cur = wf_current_cert(p, date);
    if (cur)
        return cur;
    const struct wf_cert *best = NULL;
    for (size_t i = 0; i < p->ncerts; i++) {
        const struct wf_cert *c = &p->certs[i];
        if (c->issued > date)
            continue;
        if (!best || c->issued > best->issued)
            best = c;
    }
    return best;
}

/* The highest level the person's recorded training supports (WF-1). */
static enum wf_level training_level(const struct wf_person *p, const struct policy *pol)
{
    int32_t ccar = p->training_minutes[TR_ETHICS_CCAR];
    if (ccar >= pol->v[POL_L2_TRAINING_HOURS] * 60)
        return WF_L2;
    if (ccar > 0 || p->training_minutes[TR_ORIENTATION_ETHICS] > 0)
        return WF_L1;
    return WF_NONE;
}

enum wf_level wf_effective_level(const struct wf_person *p, const struct policy *pol,
                                 int32_t date)
{
    enum wf_level trained = training_level(p, pol);
    enum wf_level cap = p->level;
    if (cap == WF_L3 && wf_current_cert(p, date))
        return trained >= WF_L2 ? WF_L3 : trained; /* certified, but training records wanting */
    if (cap == WF_L3)
        cap = WF_L2; /* WF-4: a lapsed certification drops to training scope */
    return trained < cap ? trained : cap;
}

int wf_has_supervisor(const struct wf_person *p, int32_t date)
{
    for (size_t i = 0; i < p->nassign; i++)
        if (p->assign[i].start <= date && (p->assign[i].end < 0 || p->assign[i].end >= date))
            return 1;
    return 0;
}

static enum wf_intensity max_intensity(enum wf_level l)
{
    return l == WF_L3 ? WF_HIGH : l == WF_L2 ? WF_MODERATE : WF_LOW;
}

/* The decision's sentence: message id (wf.decide.*) and name, value pairs, NULL-terminated;
 * message gets its English. */
static void say(struct wf_decision *out, const char *id, ...) __attribute__((sentinel));
static void say(struct wf_decision *out, const char *id, ...)
{
    va_list ap;
    va_start(ap, id);
    wf_text_vset(&out->text, id, ap);
    va_end(ap);
    wf_text_format(&out->text, NULL, out->message, sizeof out->message);
}

/* The requirement's note, as say() (wf.note.*). */
static void note(struct wf_req *out, const char *id, ...) __attribute__((sentinel));
static void note(struct wf_req *out, const char *id, ...)
{
    va_list ap;
    va_start(ap, id);
    wf_text_vset(&out->text, id, ap);
    va_end(ap);
    wf_text_format(&out->text, NULL, out->note, sizeof out->note);
}

/* note() of a plural message whose count is n (a number of days). */
static void note_n(struct wf_req *out, long long n, const char *id, ...)
    __attribute__((sentinel));
static void note_n(struct wf_req *out, long long n, const char *id, ...)
{
    va_list ap;
    va_start(ap, id);
    wf_text_vset(&out->text, id, ap);
    va_end(ap);
    out->text.plural = 1;
    out->text.n = n;
    wf_text_format(&out->text, NULL, out->note, sizeof out->note);
}

/* A certifying body as a message argument (wf.cert.NAME). */
static const char *cert_body_arg(enum wf_cert_body b)
{
    static const char *const ids[] = {"@wf.cert.ncprss", "@wf.cert.cprs", "@wf.cert.other"};
    return (unsigned)b < CERT__COUNT ? ids[b] : ids[CERT_OTHER];
}

/* An intensity as a message argument: said in the reader's language. */
static const char *intensity_arg(enum wf_intensity i)
{
    static const char *const ids[] = {"@wf.intensity.low", "@wf.intensity.moderate",
                                      "@wf.intensity.high"};
    return (unsigned)i < WF_INTENSITY__COUNT ? ids[i] : ids[0];
}

static void refuse(struct wf_decision *out, const char *rule, const char *id)
{
    out->allowed = 0;
    out->rule = rule;
    say(out, id, NULL);
}

/* Why an intensity above the effective level is refused, naming the real cause. who is
 * NULL when the peer is the one acting (the message says "you"), else the peer's name. */
static void refuse_intensity(const struct wf_person *p, const struct policy *pol, int32_t date,
                             enum wf_level eff, enum wf_intensity want, const char *who,
                             struct wf_decision *out)
{
    char d[11], h[16], need[16];
    const struct wf_cert *last = wf_latest_cert(p, date);
    /* WF-4 is the reason only when the training supports Level 2; a lapsed
     * Level 3 short of training is refused for the training (WF-1, below). */
    if (p->level == WF_L3 && eff == WF_L2 && !wf_current_cert(p, date)) {
        const char *in = intensity_arg(want);
        if (last && last->expires >= 0 && !who)
            say(out, "wf.decide.cert_expired_you", "date", fmt_day(last->expires, d),
                "intensity", in, NULL);
        else if (last && last->expires >= 0)
            say(out, "wf.decide.cert_expired", "who", who, "date", fmt_day(last->expires, d),
                "intensity", in, NULL);
        else if (last && !who)
            say(out, "wf.decide.cert_no_expiry_you", "intensity", in, NULL);
        else if (last)
            say(out, "wf.decide.cert_no_expiry", "who", who, "intensity", in, NULL);
        else if (!who)
            say(out, "wf.decide.cert_none_you", "intensity", in, NULL);
        else
            say(out, "wf.decide.cert_none", "who", who, "intensity", in, NULL);
        out->allowed = 0;
        out->rule = "WF-4";
        return;
    }
    out->allowed = 0;
    out->rule = "WF-1";
    if (p->level >= WF_L2 && eff == WF_L1) {
        hours((int32_t)pol->v[POL_L2_TRAINING_HOURS] * 60, need);
        hours(p->training_minutes[TR_ETHICS_CCAR], h);
        if (!who)
            say(out, "wf.decide.ccar_short_you", "hours", h, "need", need, "intensity",
                intensity_arg(want), NULL);
        else
            say(out, "wf.decide.ccar_short", "who", who, "hours", h, "need", need, "intensity",
                intensity_arg(want), NULL);
        return;
    }
    if (eff == WF_L2) {
        int32_t window = p->hire >= 0
                             ? civil_add_months(p->hire, (int)pol->v[POL_L2_CERT_WINDOW_MONTHS])
                             : -1;
        if (window >= 0 && window < date && !who)
            say(out, "wf.decide.l2_window_ended_you", "date", fmt_day(window, d), NULL);
        else if (window >= 0 && window < date)
            say(out, "wf.decide.l2_window_ended", "who", who, "date", fmt_day(window, d), NULL);
        else
            say(out, "wf.decide.l2_needs_cert", NULL);
        return;
    }
    say(out, "wf.decide.l1_low_only", NULL);
}

void wf_decide(const struct wf_person *p, const struct policy *pol, int32_t date,
               enum wf_action action, struct wf_decision *out)
{
    wf_decide_about(p, pol, date, action, NULL, out);
}

void wf_decide_about(const struct wf_person *p, const struct policy *pol, int32_t date,
                     enum wf_action action, const char *who, struct wf_decision *out)
{
    char d[11];
    memset(out, 0, sizeof *out);
    /* WF-5, worded to whoever acts: the peer themself, or the person assigning them. */
    if (!wf_has_supervisor(p, date)) {
        if (!who)
            say(out, "wf.decide.no_supervisor_you", "date", fmt_day(date, d), NULL);
        else
            say(out, "wf.decide.no_supervisor", "who", who, "date", fmt_day(date, d), NULL);
        out->rule = "WF-5";
        return;
    }
    enum wf_level eff = wf_effective_level(p, pol, date);
    if (p->level == WF_NONE) {
        if (!who)
            refuse(out, "WF-1", "wf.decide.no_level_you");
        else {
            out->rule = "WF-1";
            say(out, "wf.decide.no_level", "who", who, NULL);
        }
        return;
    }
    if (eff == WF_NONE) {
        if (!who)
            refuse(out, "WF-1", "wf.decide.no_training_you");
        else {
            out->rule = "WF-1";
            say(out, "wf.decide.no_training", "who", who, NULL);
        }
        return;
    }
    if (action == WF_ASSIGN_RECOVEREE) {
        if (eff == WF_L1) {
            if (p->level >= WF_L2)
                refuse_intensity(p, pol, date, eff, WF_MODERATE, who, out);
            else
                refuse(out, "WF-1", "wf.decide.l1_no_recoverees");
            return;
        }
        out->allowed = 1;
        return;
    }
    enum wf_intensity want = action == WF_DELIVER_HIGH       ? WF_HIGH
                             : action == WF_DELIVER_MODERATE ? WF_MODERATE
                                                             : WF_LOW;
    if (want > max_intensity(eff)) {
        refuse_intensity(p, pol, date, eff, want, who, out);
        return;
    }
    out->allowed = 1;
}

static void req_init(struct wf_req *r)
{
    memset(r, 0, sizeof *r);
    r->days_left = INT32_MIN;
}

void wf_training_status(const struct wf_person *p, const struct policy *pol, struct wf_req *out)
{
    char h[16], need[16];
    req_init(out);
    if (p->level == WF_NONE) {
        out->status = WF_NA;
        return;
    }
    if (p->level == WF_L1) {
        out->done = p->training_minutes[TR_ORIENTATION_ETHICS] + p->training_minutes[TR_ETHICS_CCAR];
        out->required = 1;
        out->status = out->done > 0 ? WF_COMPLIANT : WF_NON_COMPLIANT;
        note(out, out->done > 0 ? "wf.note.l1_training_done" : "wf.note.l1_training_none", NULL);
        return;
    }
    out->done = p->training_minutes[TR_ETHICS_CCAR];
    out->required = (int32_t)pol->v[POL_L2_TRAINING_HOURS] * 60;
    out->status = out->done >= out->required ? WF_COMPLIANT : WF_NON_COMPLIANT;
    if (out->status == WF_COMPLIANT)
        note(out, "wf.note.ccar_done", "hours", hours(out->done, h), NULL);
    else {
        char left[16];
        note(out, "wf.note.ccar_short", "hours", hours(out->done, h), "need",
             hours(out->required, need), "left", hours(out->required - out->done, left), NULL);
    }
}

static enum wf_status by_deadline(int32_t days_left, const struct policy *pol)
{
    if (days_left < 0)
        return WF_NON_COMPLIANT;
    return days_left <= pol->v[POL_WARN_DAYS_1] ? WF_DUE_SOON : WF_COMPLIANT;
}

void wf_certification_status(const struct wf_person *p, const struct policy *pol, int32_t date,
                             struct wf_req *out)
{
    char d[11];
    req_init(out);
    out->required = 1;
    const struct wf_cert *cur = wf_current_cert(p, date);
    if (p->level == WF_L3) {
        if (!cur) {
            const struct wf_cert *last = wf_latest_cert(p, date);
            int scope = wf_effective_level(p, pol, date);
            out->status = WF_NON_COMPLIANT;
            char lv[12];
            snprintf(lv, sizeof lv, "%d", scope);
            if (last && last->expires >= 0)
                note(out, "wf.note.cert_expired", "date", fmt_day(last->expires, d), "level", lv,
                     NULL);
            else if (last)
                note(out, "wf.note.cert_no_expiry", "level", lv, NULL);
            else
                note(out, "wf.note.cert_none", "level", lv, NULL);
            return;
        }
        out->done = 1;
        out->days_left = cur->expires - date;
        out->status = by_deadline(out->days_left, pol);
        note_n(out, out->days_left, "wf.note.cert_expires", "body", cert_body_arg(cur->body),
               "date", fmt_day(cur->expires, d), NULL);
        return;
    }
    if (p->level != WF_L2) {
        out->status = WF_NA;
        return;
    }
    if (cur) {
        out->done = 1;
        out->status = WF_COMPLIANT;
        note(out, "wf.note.certified", "body", cert_body_arg(cur->body), "date",
             fmt_day(cur->expires, d), NULL);
        return;
    }
    if (p->hire < 0) {
        out->status = WF_DUE_SOON;
        note(out, "wf.note.hire_missing", NULL);
        return;
    }
    int32_t window = civil_add_months(p->hire, (int)pol->v[POL_L2_CERT_WINDOW_MONTHS]);
    out->days_left = window - date;
    out->status = by_deadline(out->days_left, pol);
    if (out->days_left < 0)
        note(out, "wf.note.window_ended", "date", fmt_day(window, d), NULL);
    else
        note_n(out, out->days_left, "wf.note.cert_recommended", "date", fmt_day(window, d),
               NULL);
}

int wf_ce_percent(int32_t done, int32_t required, int32_t ethics_done, int32_t ethics_required)
{
    if (required <= 0)
        return 0;
    /* What is still missing is the larger shortfall, as wf_ce_status says: ethics minutes
     * close both, other minutes only the total. */
    int64_t short_total = (int64_t)required - done, short_ethics = (int64_t)ethics_required - ethics_done;
    int64_t missing = short_total > short_ethics ? short_total : short_ethics;
    if (missing <= 0)
        return 100;
    if (missing >= required)
        return 0;
    /* the floor keeps 19.9 of 20 hours at 99% */
    return (int)((required - missing) * 100 / required);
}

void wf_ce_status(const struct wf_person *p, const struct policy *pol, int32_t date,
                  struct wf_req *out, int32_t *ethics_done, int32_t *ethics_required,
                  int32_t *cycle_start, int32_t *cycle_end)
{
    char d[11], h1[16], h2[16];
    req_init(out);
    *ethics_done = *ethics_required = 0;
    *cycle_start = *cycle_end = -1;
    const struct wf_cert *c = wf_latest_cert(p, date);
    if (!c) {
        out->status = WF_NA;
        note(out, "wf.note.ce_na", NULL);
        return;
    }
    int months = (int)pol->v[POL_CE_CYCLE_MONTHS];
    int32_t end = c->expires >= 0 ? c->expires : civil_add_months(c->issued, months);
    int32_t start = civil_add_months(end, -months);
    if (start < c->issued)
        start = c->issued;
    *cycle_start = start;
    *cycle_end = end;
    for (size_t i = 0; i < p->nce; i++) {
        const struct wf_ce *e = &p->ce[i];
        if (e->date < start || e->date > end || e->date > date)
            continue;
        out->done += e->minutes;
        if (e->category == CE_ETHICS)
            *ethics_done += e->minutes;
    }
    out->required = (int32_t)pol->v[POL_CE_HOURS] * 60;
    *ethics_required = (int32_t)pol->v[POL_CE_ETHICS_HOURS] * 60;
    out->days_left = end - date;
    /* Ethics hours count toward the total; the rest are core competencies. */
    int32_t short_total = out->required - out->done;
    int32_t short_ethics = *ethics_required - *ethics_done;
    if (short_total <= 0 && short_ethics <= 0) {
        out->status = WF_COMPLIANT;
        note(out, "wf.note.ce_done", "hours", hours(out->done, h1), "ethics",
             hours(*ethics_done, h2), "date", fmt_day(end, d), NULL);
        return;
    }
    if (short_total < 0)
        short_total = 0;
    if (short_ethics < 0)
        short_ethics = 0;
    int32_t missing = short_total > short_ethics ? short_total : short_ethics;
    out->status = by_deadline(out->days_left, pol);
    /* Ahead of the warnings, a peer who is behind the even pace of the cycle
     * (hours expected by now in proportion to the time gone) is already due
     * soon: finding out at renewal time is what this rule exists to prevent. */
    /* Only from halfway through the cycle, so a newly certified peer with no
     * hours yet is not "due soon" on their second day. */
    int behind = 0;
    if (out->status == WF_COMPLIANT && end > start && (int64_t)(date - start) * 2 >= end - start) {
        int64_t gone = date - start, len = end - start;
        behind = (int64_t)out->done * len < (int64_t)out->required * gone ||
                 (int64_t)*ethics_done * len < (int64_t)*ethics_required * gone;
        if (behind)
            out->status = WF_DUE_SOON;
    }
    /* The 90/60/30-day warnings (policy) name how close the end is. */
    const char *stage = out->days_left < 0                           ? "@wf.note.stage.ended"
                        : out->days_left <= pol->v[POL_WARN_DAYS_3] ? "@wf.note.stage.final"
                        : out->days_left <= pol->v[POL_WARN_DAYS_2] ? "@wf.note.stage.second"
                        : out->days_left <= pol->v[POL_WARN_DAYS_1] ? "@wf.note.stage.first"
                        : behind                                     ? "@wf.note.stage.behind"
                                                                     : "";
    /* The count of the plural is the days; "hour" or "hours" is its own message. */
    note_n(out, out->days_left, "wf.note.ce_short", "hours", hours(missing, h1), "hour_word",
           missing == 60 ? "@wf.note.hour_one" : "@wf.note.hour_other", "ethics",
           hours(short_ethics, h2), "date", fmt_day(end, d), "stage", stage, NULL);
}

void wf_supervision_status(const struct wf_person *p, const struct policy *pol, int32_t date,
                           struct wf_req *out)
{
    char h1[16], h2[16];
    req_init(out);
    if (p->level == WF_NONE) {
        out->status = WF_NA;
        return;
    }
    if (!wf_has_supervisor(p, date)) {
        out->status = WF_NON_COMPLIANT;
        note(out, "wf.note.no_supervisor", NULL);
        return;
    }
    static const enum pol by_level[] = {POL_SUPERVISION_MIN_L1, POL_SUPERVISION_MIN_L1,
                                        POL_SUPERVISION_MIN_L2, POL_SUPERVISION_MIN_L3};
    out->required = (int32_t)pol->v[by_level[p->level]];
    for (size_t i = 0; i < p->nsup; i++)
        if (p->sup[i].date <= date && p->sup[i].date > date - SUPERVISION_WINDOW_DAYS)
            out->done += p->sup[i].minutes;
    if (out->done >= out->required)
        out->status = WF_COMPLIANT;
    else if (out->done * 2 >= out->required)
        out->status = WF_DUE_SOON;
    else
        out->status = WF_NON_COMPLIANT;
    char win[12];
    snprintf(win, sizeof win, "%d", SUPERVISION_WINDOW_DAYS);
    note(out, "wf.note.supervision", "hours", hours(out->done, h1), "need",
         hours(out->required, h2), "days", win, NULL);
}

/* Keep *best the earliest day after date: the candidate d when it is. */
static void sooner(int32_t *best, int32_t date, int64_t d)
{
    if (d > date && d < *best)
        *best = (int32_t)d;
}

int32_t wf_next_change(const struct wf_person *p, const struct policy *pol, int32_t date)
{
    /* A year ahead at most: the row is recomputed then whatever happens. */
    int32_t best = date + 366;
    const int64_t warn[] = {pol->v[POL_WARN_DAYS_1], pol->v[POL_WARN_DAYS_2],
                            pol->v[POL_WARN_DAYS_3]};
    for (size_t i = 0; i < p->ncerts; i++) {
        const struct wf_cert *c = &p->certs[i];
        sooner(&best, date, c->issued); /* current or latest from its issue */
        if (c->expires < 0)
            continue;
        sooner(&best, date, (int64_t)c->expires + 1); /* lapses (WF-4) */
        sooner(&best, date, (int64_t)c->expires - warn[0]); /* due soon */
    }
    /* WF-3: the cycle of the latest certification, as wf_ce_status counts it. */
    struct wf_req ce;
    int32_t ed, er, cs, cend;
    wf_ce_status(p, pol, date, &ce, &ed, &er, &cs, &cend);
    if (cs >= 0) {
        for (int k = 0; k < 3; k++)
            sooner(&best, date, (int64_t)cend - warn[k]);
        sooner(&best, date, (int64_t)cend + 1);
        int64_t len = cend - cs;
        sooner(&best, date, cs + (len + 1) / 2); /* halfway: pace starts to count */
        /* Behind pace from the first day on which done * len < required * gone. */
        if (ce.required > 0)
            sooner(&best, date, cs + (int64_t)ce.done * len / ce.required + 1);
        if (er > 0)
            sooner(&best, date, cs + (int64_t)ed * len / er + 1);
    }
    for (size_t i = 0; i < p->nce; i++)
        sooner(&best, date, p->ce[i].date);
    /* WF-1: the Level 2 certification window. */
    if (p->hire >= 0) {
        int32_t window = civil_add_months(p->hire, (int)pol->v[POL_L2_CERT_WINDOW_MONTHS]);
        sooner(&best, date, (int64_t)window - warn[0]);
        sooner(&best, date, (int64_t)window + 1);
    }
    /* WF-5: sessions enter and leave the rolling window; assignments start and end. */
    for (size_t i = 0; i < p->nsup; i++) {
        sooner(&best, date, p->sup[i].date);
        sooner(&best, date, (int64_t)p->sup[i].date + SUPERVISION_WINDOW_DAYS);
    }
    for (size_t i = 0; i < p->nassign; i++) {
        sooner(&best, date, p->assign[i].start);
        if (p->assign[i].end >= 0)
            sooner(&best, date, (int64_t)p->assign[i].end + 1);
    }
    return best;
}

/* what: the message id of the hours' kind ("@wf.note.what.experience"). */
static void progress(struct wf_req *r, int32_t done, int32_t required, const char *what)
{
    char h1[16], h2[16];
    req_init(r);
    r->done = done;
    r->required = required;
    r->status = done >= required ? WF_COMPLIANT : WF_NON_COMPLIANT;
    note(r, "wf.note.progress", "hours", hours(done, h1), "need", hours(required, h2), "what",
         what, NULL);
}

void wf_cert_progress(const struct wf_person *p, const struct policy *pol,
                      struct wf_cert_progress *out)
{
    req_init(&out->education);
    int edu = p->education == EDU_HS || p->education == EDU_GED || p->education == EDU_COLLEGE;
    out->education.required = 1;
    out->education.done = edu || p->education_waiver;
    out->education.status = out->education.done ? WF_COMPLIANT : WF_NON_COMPLIANT;
    note(&out->education, edu                   ? "wf.note.edu_done"
                          : p->education_waiver ? "wf.note.edu_waiver"
                                                : "wf.note.edu_needed",
         NULL);
    progress(&out->experience, p->experience_minutes,
             (int32_t)pol->v[POL_EXPERIENCE_HOURS] * 60, "@wf.note.what.experience");
    int32_t supervised = 0;
    for (size_t i = 0; i < p->nsup; i++)
        supervised += p->sup[i].minutes;
    progress(&out->supervised, supervised, (int32_t)pol->v[POL_SUPERVISED_HOURS] * 60,
             "@wf.note.what.supervision");
    progress(&out->training, p->training_minutes[TR_ETHICS_CCAR],
             (int32_t)pol->v[POL_L2_TRAINING_HOURS] * 60, "@wf.note.what.ccar");
    out->ready = out->education.done && out->experience.status == WF_COMPLIANT &&
                 out->supervised.status == WF_COMPLIANT && out->training.status == WF_COMPLIANT;
}

enum wf_status wf_overall(const struct wf_person *p, const struct policy *pol, int32_t date)
{
    struct wf_req r[4];
    int32_t a, b, c, d;
    wf_training_status(p, pol, &r[0]);
    wf_certification_status(p, pol, date, &r[1]);
    wf_ce_status(p, pol, date, &r[2], &a, &b, &c, &d);
    wf_supervision_status(p, pol, date, &r[3]);
    enum wf_status worst = WF_NA;
    for (int i = 0; i < 4; i++)
        if (r[i].status > worst)
            worst = r[i].status;
    return worst;
}

int wf_parse_hours(const char *s, int max_hours, int32_t *minutes)
{
    if (!s || !*s)
        return -1;
    int64_t whole = 0, frac = 0, scale = 1;
    const char *p = s;
    for (; *p >= '0' && *p <= '9'; p++) {
        whole = whole * 10 + (*p - '0');
        if (whole > max_hours)
            return -1;
    }
    if (*p == '.' || *p == ',') {
        p++;
        /* Two decimals are finer than a minute already (0.01 h = 36 s). */
        for (int k = 0; *p >= '0' && *p <= '9'; p++, k++) {
            if (k >= 2)
                return -1;
            frac = frac * 10 + (*p - '0');
            scale *= 10;
        }
    }
    if (*p != '\0' || p == s)
        return -1;
    int64_t m = whole * 60 + (frac * 60 + scale / 2) / scale;
    if (m <= 0 || m > (int64_t)max_hours * 60)
        return -1;
    *minutes = (int32_t)m;
    return 0;
}

/* ---- names ------------------------------------------------------------------ */

static int parse(const char *s, const char *const *names, int n)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0)
            return i;
    return -1;
}

static const char *const status_names[] = {"n/a", "compliant", "due_soon", "non_compliant"};
static const char *const status_labels[] = {"Not applicable", "Compliant", "Due soon",
                                            "Non-compliant"};
static const char *const intensity_names[] = {"low", "moderate", "high"};
static const char *const action_names[] = {"deliver_low", "deliver_moderate", "deliver_high",
                                           "assign_recoveree"};
static const char *const education_names[] = {"unknown", "none", "hs", "ged", "college"};
static const char *const training_names[] = {"orientation_ethics", "ethics_ccar", "other"};
static const char *const cert_names[] = {"ncprss", "cprs", "other"};
static const char *const cert_labels[] = {"NCPRSS (NAADAC/NCCAP)", "CPRS (IC&RC)", "Other"};
static const char *const ce_names[] = {"ethics", "core"};
static const char *const level_labels[] = {"No level", "Level 1: Peer Volunteer",
                                           "Level 2: Peer Worker",
                                           "Level 3: Certified Peer Recovery Specialist"};

const char *wf_status_name(enum wf_status s) { return status_names[s]; }
const char *wf_status_label(enum wf_status s) { return status_labels[s]; }
const char *wf_intensity_name(enum wf_intensity i) { return intensity_names[i]; }
const char *wf_action_name(enum wf_action a) { return action_names[a]; }
int wf_action_parse(const char *s) { return parse(s, action_names, WF_ACTION__COUNT); }
const char *wf_education_name(enum wf_education e) { return education_names[e]; }
int wf_education_parse(const char *s) { return parse(s, education_names, EDU__COUNT); }
const char *wf_training_name(enum wf_training_kind k) { return training_names[k]; }
int wf_training_parse(const char *s) { return parse(s, training_names, TR__COUNT); }
const char *wf_cert_body_name(enum wf_cert_body b) { return cert_names[b]; }
const char *wf_cert_body_label(enum wf_cert_body b) { return cert_labels[b]; }
int wf_cert_body_parse(const char *s) { return parse(s, cert_names, CERT__COUNT); }
const char *wf_ce_name(enum wf_ce_category c) { return ce_names[c]; }
int wf_ce_parse(const char *s) { return parse(s, ce_names, CE__COUNT); }
const char *wf_level_label(enum wf_level l) { return level_labels[l]; }
