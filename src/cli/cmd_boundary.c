/* cmd_boundary.c - `peerdesk boundary-check`: SV-5's check of a note read from standard input,
 * for organizations writing their own rules (no database). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "boundary.h"
#include "cli.h"

/* Rule files an organization tries out are small; 1 MB is far beyond any real table. */
#define RULES_FILE_MAX (1 << 20)
/* Hits printed at most; a note with more is not a note. */
#define HITS_MAX 64

/* Read all of f (at most max bytes) into a new NUL-terminated buffer; NULL if too long. */
static char *read_all(FILE *f, size_t max, size_t *len)
{
    char *buf = malloc(max + 2);
    if (!buf)
        return NULL;
    size_t n = fread(buf, 1, max + 1, f);
    if (n > max) {
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* peerdesk boundary-check [--rules FILE] < note: the default rules (plus FILE's rows, the same
 * TSV columns, which may use the defaults' @classes) against the note. Prints one line per hit,
 * lane TAB rule TAB byte offset TAB phrase. Exit 0 without hits, 1 with hits, 2 on an error. */
int cmd_boundary_check(db *d, int argc, char **argv)
{
    (void)d;
    const char *rules = opt(argc, argv, "--rules");
    const char *defaults = bnd_default_rules();
    char *table = NULL;
    size_t n = 0;
    if (rules) {
        FILE *f = fopen(rules, "rb");
        if (!f) {
            fprintf(stderr, "peerdesk boundary-check: cannot read %s\n", rules);
            return 2;
        }
        char *extra = read_all(f, RULES_FILE_MAX, &n);
        fclose(f);
        if (!extra) {
            fprintf(stderr, "peerdesk boundary-check: %s is over 1 MB\n", rules);
            return 2;
        }
        size_t dl = strlen(defaults);
        table = malloc(dl + n + 2);
        if (!table) {
            free(extra);
            return 2;
        }
        memcpy(table, defaults, dl);
        table[dl] = '\n';
        memcpy(table + dl + 1, extra, n + 1);
        free(extra);
    }
    struct bnd_set *set = NULL;
    char err[256];
    if (bnd_compile(table ? table : defaults, &set, err, sizeof err) != 0) {
        /* Line numbers count from the top of the defaults: name the file's own line. */
        int dlines = 1, line = 0, at = 0;
        for (const char *p = defaults; *p; p++)
            dlines += *p == '\n';
        if (table && sscanf(err, "line %d:%n", &line, &at) == 1 && at > 0 && line > dlines)
            fprintf(stderr, "peerdesk boundary-check: %s: line %d:%s\n", rules, line - dlines,
                    err + at);
        else
            fprintf(stderr, "peerdesk boundary-check: %s\n", err);
        free(table);
        return 2;
    }
    free(table);
    char *note = read_all(stdin, BND_NOTE_MAX, &n);
    if (!note) {
        fprintf(stderr, "peerdesk boundary-check: the note is over %d bytes\n", BND_NOTE_MAX);
        bnd_free(set);
        return 2;
    }
    struct bnd_hit hits[HITS_MAX];
    size_t nh = 0;
    int rc = bnd_check(set, note, n, hits, HITS_MAX, &nh);
    for (size_t i = 0; rc == 0 && i < nh && i < HITS_MAX; i++)
        printf("%s\t%s\t%zu\t%.*s\n", bnd_lane_name(hits[i].lane), hits[i].rule_id, hits[i].off,
               (int)hits[i].len, note + hits[i].off);
    free(note);
    bnd_free(set);
    if (rc != 0) {
        fprintf(stderr, "peerdesk boundary-check: out of memory\n");
        return 2;
    }
    return nh ? 1 : 0;
}
