/* import.h - the spreadsheet import of staff or recoverees (issue 8 item 4): a CSV file read
 * by csv_read, its columns matched by name, every row checked by the same operation as the
 * form (op_user_check / op_rc_intake_check) and written by it (op_user_create / op_rc_intake),
 * all rows in one transaction or none. Called alike by `peerdesk import`, the /import page
 * and POST /api/v1/import/... */
#ifndef PD_IMPORT_H
#define PD_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "ops.h"

/* IMPORT_LAB_RESULTS: a laboratory's results for collected monitoring tests (GR-9), matched by
 * the chain-of-custody form number; each row moves its test on through the same operation as
 * the participant's page (op_mon_test_move): sent, resulted and, with an MRO column, verified. */
enum import_kind { IMPORT_STAFF, IMPORT_RECOVEREES, IMPORT_RESOURCES, IMPORT_LAB_RESULTS };

/* "staff" / "recoverees" / "resources" / "lab_results", and back (-1 for anything else). */
const char *import_kind_name(enum import_kind k);
int import_kind_parse(const char *s);

/* One rejected row: the physical line where its record starts, the column at fault (its
 * header name as the form names it, NULL for the whole row) and a sentence. */
struct import_error {
    int line;
    const char *column;
    const char *message;
};

/* What an import found and did. Arrays and strings live in the context's arena. */
struct import_report {
    enum import_kind kind;
    char sha256[65];        /* SHA-256 of the file, hex */
    int64_t rows;           /* data rows read (the header and blank rows not counted) */
    int64_t to_write;       /* rows that pass and are new: written unless a row is rejected */
    int64_t already;        /* rows whose key matches an existing record: skipped */
    int64_t written;        /* rows written (0 on a dry run or when any row is rejected) */
    const char *fatal;      /* the file as a whole is refused (not UTF-8, quoting, columns) */
    int fatal_line;         /* its line, 0 when it has none */
    struct import_error *errors;
    size_t nerrors;
    const char **ignored;   /* header names that match no column: not imported */
    size_t nignored;
};

/* Called as rows are checked and written (phase "checked" or "written"), every
 * IMPORT_PROGRESS_EVERY rows and once at the end of each phase. */
typedef void (*import_progress_fn)(void *arg, const char *phase, int64_t done, int64_t total);
#define IMPORT_PROGRESS_EVERY 500

enum import_rc {
    IMPORT_OK = 0,       /* every row passed: written (or, on a dry run, would be) */
    IMPORT_REJECTED = 1, /* the file or some rows were refused: nothing written */
    IMPORT_STORE = -1,   /* the store failed: nothing written */
};

/* Import data[0..len) as kind for the context's actor and organization. On a dry run, check
 * every row and write nothing. Otherwise, inside one transaction: check every row, and only
 * if none is rejected write each new row through its operation (which audits it), skip rows
 * already there, and audit one "import.staff"/"import.recoverees" event with the file's
 * SHA-256 and the row counts; else roll back and audit the refused import. Keys that match
 * existing rows (README "Import"): staff by username; recoverees by last name and first name
 * (case-insensitive) and date of birth; resources (SV-7, op_resource_check / op_resource_create)
 * by name (case-insensitive) and ZIP. A key seen twice in the file rejects the second row.
 * progress may be NULL. Fills *rep. */
enum import_rc import_run(struct op_ctx *c, enum import_kind kind, const void *data, size_t len,
                          int dry_run, import_progress_fn progress, void *arg,
                          struct import_report *rep);

/* The SHA-256 of data as 64 hex characters. */
void import_sha256(const void *data, size_t len, char out[65]);

#endif
