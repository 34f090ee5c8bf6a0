/* handlers.h - one entry point per page/API resource; the route table in routes.c lists them. */
#ifndef PD_HANDLERS_H
#define PD_HANDLERS_H

#include "http.h"

/* h_session.c */
int h_login_form(struct req *r);
int h_login(struct req *r);
int h_logout(struct req *r);
int h_me(struct req *r);
int h_me_password(struct req *r);
/* h_home.c */
int h_home(struct req *r);
int h_health(struct req *r);
/* h_users.c */
int h_users_list(struct req *r);
int h_users_new(struct req *r);
int h_users_create(struct req *r);
int h_users_show(struct req *r);
int h_users_update(struct req *r);
int h_users_password(struct req *r);
int h_users_unlock(struct req *r);
/* h_settings.c */
int h_settings(struct req *r);
int h_settings_save(struct req *r);
extern struct field settings_fields[];
void settings_fields_init(void);
/* h_audit.c */
int h_audit(struct req *r);
int h_audit_csv(struct req *r);
int h_audit_verify(struct req *r);
/* h_tokens.c */
int h_tokens(struct req *r);
int h_tokens_create(struct req *r);
int h_tokens_revoke(struct req *r);

/* Shared view helpers (views.c). */
json_t *view_user(const void *user); /* struct user * -> JSON without secrets */
json_t *view_time(int64_t t);        /* "2026-11-23 14:05 UTC" or null */
/* Paging: page (1-based) from the request's "page" field, PAGE_SIZE per page. */
#define PAGE_SIZE 50
int64_t view_page(struct req *r);
void view_pager(json_t *m, int64_t page, int64_t total, const char *base_query);

#endif
