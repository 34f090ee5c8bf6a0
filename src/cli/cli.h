/* cli.h - the peerdesk command line: one function per command. */
#ifndef PD_CLI_H
#define PD_CLI_H

#include "db.h"

/* Each command gets its own argv (argv[0] is the command name) and an open,
 * migrated database (NULL for commands that open it themselves). Returns a
 * process exit code: 0 ok, 1 failure, 2 usage. */
int cmd_init(db *d, int argc, char **argv);
int cmd_org(db *d, int argc, char **argv);
int cmd_user(db *d, int argc, char **argv);
int cmd_verify_audit(db *d, int argc, char **argv);
int cmd_routes(db *d, int argc, char **argv);
int cmd_demo(db *d, int argc, char **argv);
int cmd_backup(db *d, int argc, char **argv);
int cmd_import(db *d, int argc, char **argv);
int cmd_boundary_check(db *d, int argc, char **argv); /* SV-5, no database (cmd_boundary.c) */
int cmd_recur(db *d, int argc, char **argv);          /* GR-1, no database (cmd_recur.c) */
int cmd_verify_draw(db *d, int argc, char **argv);    /* GR-8 (cmd_monitor.c) */
int cmd_close_day(db *d, int argc, char **argv);      /* GR-8, GR-9 (cmd_monitor.c) */
int cmd_draw_seed(db *d, int argc, char **argv);      /* GR-8 (cmd_monitor.c) */

/* Find "--name VALUE" or "--name=VALUE" in argv; NULL if absent. */
const char *opt(int argc, char **argv, const char *name);
/* 1 when the flag "--name" is present. */
int flag(int argc, char **argv, const char *name);

#endif
