/* group.c - recovery support groups as pure rules (group.h, SPEC GR-1..GR-5). */
#include "group.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kinds[GRP_KIND__COUNT] = {"recovery_support", "family", "professional"};
static const char *const atts[ATT__COUNT] = {"present", "late", "excused", "absent"};
static const char *const incidents[INC__COUNT] = {"relapse", "harm_self", "harm_others"};

static int find(const char *const *names, int n, const char *s)
{
    if (!s)
        return -1;
    for (int i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0)
            return i;
    return -1;
}

const char *grp_kind_name(enum grp_kind k) { return (unsigned)k < GRP_KIND__COUNT ? kinds[k] : ""; }
int grp_kind_parse(const char *s) { return find(kinds, GRP_KIND__COUNT, s); }
const char *grp_att_name(enum grp_att a) { return (unsigned)a < ATT__COUNT ? atts[a] : ""; }
int grp_att_parse(const char *s) { return find(atts, ATT__COUNT, s); }
const char *grp_incident_name(enum grp_incident k)
{
    return (unsigned)k < INC__COUNT ? incidents[k] : "";
}
int grp_incident_parse(const char *s) { return find(incidents, INC__COUNT, s); }

int grp_att_attended(enum grp_att a) { return a == ATT_PRESENT || a == ATT_LATE; }

/* ---- the session plan ----------------------------------------------------------- */

void grp_default_plan(struct grp_plan *p)
{
    static const struct {
        const char *id;
        int minutes;
    } def[] = {{"group.seg.welcome", 10}, {"group.seg.topic", 20}, {"group.seg.sharing", 20},
               {"group.seg.skills", 15},  {"group.seg.wrapup", 5}};
    p->n = 0;
    for (size_t i = 0; i < sizeof def / sizeof *def; i++) {
        snprintf(p->seg[i].label, sizeof p->seg[i].label, "%s", def[i].id);
        p->seg[i].minutes = def[i].minutes;
        p->n++;
    }
}

int grp_plan_minutes(const struct grp_plan *p)
{
    int t = 0;
    for (int i = 0; i < p->n; i++)
        t += p->seg[i].minutes;
    return t;
}

int grp_plan_parse(const char *text, struct grp_plan *p, const char **why)
{
    p->n = 0;
    const char *s = text ? text : "";
    while (*s) {
        const char *eol = strchr(s, '\n');
        size_t len = eol ? (size_t)(eol - s) : strlen(s);
        while (len && (s[len - 1] == '\r' || s[len - 1] == ' '))
            len--;
        const char *ls = s;
        while (len && *ls == ' ') {
            ls++;
            len--;
        }
        if (len) {
            const char *bar = memchr(ls, '|', len);
            if (!bar) {
                *why = "group.err.plan_line";
                return -1;
            }
            size_t ll = (size_t)(bar - ls);
            while (ll && ls[ll - 1] == ' ')
                ll--;
            if (ll == 0) {
                *why = "group.err.plan_label";
                return -1;
            }
            if (ll > GRP_SEGMENT_LABEL_MAX) {
                *why = "group.err.plan_label_long";
                return -1;
            }
            if (p->n == GRP_SEGMENTS_MAX) {
                *why = "group.err.plan_many";
                return -1;
            }
            char num[16];
            size_t nl = len - (size_t)(bar + 1 - ls);
            const char *np = bar + 1;
            while (nl && *np == ' ') {
                np++;
                nl--;
            }
            if (nl == 0 || nl >= sizeof num) {
                *why = "group.err.plan_minutes";
                return -1;
            }
            memcpy(num, np, nl);
            num[nl] = 0;
            char *end;
            long m = strtol(num, &end, 10);
            if (*end || m < 1 || m > 240) {
                *why = "group.err.plan_minutes";
                return -1;
            }
            memcpy(p->seg[p->n].label, ls, ll);
            p->seg[p->n].label[ll] = 0;
            p->seg[p->n].minutes = (int)m;
            p->n++;
        }
        s = eol ? eol + 1 : s + strlen(s);
    }
    if (p->n == 0) {
        *why = "group.err.plan_empty";
        return -1;
    }
    return 0;
}

int grp_plan_format(const struct grp_plan *p, char *out, size_t cap)
{
    size_t o = 0;
    if (cap == 0)
        return -1;
    out[0] = 0;
    for (int i = 0; i < p->n; i++) {
        int w = snprintf(out + o, cap - o, "%s%s|%d", i ? "\n" : "", p->seg[i].label,
                         p->seg[i].minutes);
        if (w < 0 || (size_t)w >= cap - o)
            return -1;
        o += (size_t)w;
    }
    return 0;
}

/* ---- the facilitator conflict --------------------------------------------------- */

int grp_conflict(enum role staff_role, const struct grp_tie *tie)
{
    if (tie->monitoring_cm)
        return 1;
    return staff_role == ROLE_CASE_MANAGER && tie->on_caseload;
}

/* ---- sharing -------------------------------------------------------------------- */

int grp_sessions_without_sharing(const int *attended, const int *shared, size_t n)
{
    int count = 0;
    for (size_t i = 0; i < n; i++) {
        if (!attended[i])
            continue;
        if (shared[i])
            break;
        count++;
    }
    return count;
}
