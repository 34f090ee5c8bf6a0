/* forms.h - page forms that keep what was typed: a refused form shown again filled in, the
 * sign-in page after a session ended carrying the form's values, and the path to return to
 * after signing in (SPEC "Time, language and people"). Used by gate.c and h_session.c. */
#ifndef PD_FORMS_H
#define PD_FORMS_H

#include "http.h"

/* The route for r->method and r->path (fills r->id and r->id2), or NULL; *method_mismatch
 * says another method has the path. gate.c. */
const struct route *route_lookup(struct req *r, int *method_mismatch);

/* 1 when p is a path on this site to return to: one leading '/', then only letters, digits
 * and / _ . ~ - ? = & % +, at most NEXT_PATH_MAX bytes, and not /login, /logout or the API.
 * "//evil.example", "/\\evil.example", "https://..." and anything else are refused. */
int next_path_ok(const char *p);
#define NEXT_PATH_MAX 512

/* After the handler of a page POST (or the input gate) refused it with 400, 409 or 422 and
 * the error page: run the GET handler of the form's page (the form's _form field when it is
 * a next_path_ok path, else the POST's own path, else the path above it: /me/password is a
 * form on /me) and show that page instead, with status,
 * "error" and "errors" kept and "form" holding the values sent (never a password), so each
 * field is shown as typed with its message beside it. When that page cannot be shown the
 * error page stays. Anything else is left alone.
 * A page with several forms names each with a hidden _which field (letters, digits, _ and -,
 * at most FORM_WHICH_MAX bytes): the values sent are then also "form_WHICH", so only that
 * form is filled in from them, and form_value(r, "_which") tells a handler building rows of
 * forms which row was sent. A handler that showed its own form's page again (400, 409 or
 * 422, not the error page) gets "form" (and "form_WHICH") added the same way, unless its
 * model has "form". */
void form_redisplay(struct req *r);
#define FORM_WHICH_MAX 40

/* A page POST arrived without a live session: reply 401 with the sign-in page, whose form
 * carries the path to return to (next) and every declared value that was sent (not
 * passwords) as hidden fields "_k.NAME", so nothing typed is lost and nothing goes into a URL;
 * also "_k._which" (which of several forms on the page was sent) and "_k._action" (the path
 * the form posts to, when it is not the page: /workforce/5/trainings on /workforce/5). */
void form_sign_in_again(struct req *r);

/* An anonymous page GET about to be sent to /login: remember r->path (when next_path_ok) in a
 * short-lived cookie pd_next, which the sign-in page turns into its next field. */
void form_remember_next(struct req *r);

/* After signing in from a page (r->me, r->csrf and r->authed already the new session's):
 * show the form at next again with the "_k.NAME" values of the sign-in form filled in (typed
 * by the route of "_k._action", else of next), and "form_WHICH" too when "_k._which" names one
 * of several forms, for the person to check and send (not sent for them); without kept values,
 * 303 to next, or to "/" when next is not next_path_ok. Returns 0. */
int form_restore(struct req *r, const char *next);

/* The "_k.NAME" values the sign-in form sent, as [{name, value}] for its hidden fields again
 * (a wrong password must not lose them). */
json_t *form_kept_fields(struct req *r);

/* While a form's page is shown again (form_redisplay, form_restore), or in the handler of a
 * page POST (which may show its form again): the text value sent for name (never a
 * password), for a handler that builds a choice list (a select's selected option); else
 * NULL. */
const char *form_value(struct req *r, const char *name);

/* While a refused form's page is shown again (form_redisplay): the message for field name,
 * for a handler whose template names its fields from data (a policy value on /settings);
 * else NULL. */
const char *form_error(struct req *r, const char *name);

/* One of several forms on a page (each named by its hidden _which field), for its template:
 * {"sent": true when it is the form a refused submit (form_redisplay) or a sign-in after the
 * session ended (form_restore) came from; "idp": "" then, so its inputs' ids are their names,
 * which the error summary links to, else idp, a prefix keeping its ids apart from the other
 * forms' on the page; "v": {name: value} for each of names (NULL-terminated) as sent (never a
 * password; a checkbox as a boolean), or defaults' values when not sent; "e": {name: message}
 * for each of names at fault when sent}. defaults (may be NULL) is stolen. The template wraps
 * the form in the part's section: id="{{idp}}NAME" name="NAME" value="{{v.NAME}}", and the
 * message beside it from e.NAME with id NAME-error. */
json_t *form_part(struct req *r, const char *which, const char *idp, const char *const *names,
                  json_t *defaults);

/* v.name of a form_part as text (a select's chosen value), or NULL. */
const char *form_part_str(json_t *part, const char *name);

#endif
