/* http_i18n.c - the message catalog over real HTTP (issue 10, item 1): the page chrome is in
 * the reader's language (Accept-Language), while a recoveree's own documents (the consent,
 * the disclosure with its §2.32 notice, the BARC-10 statements) are in the recoveree's
 * preferred language whoever reads them; Spanish BARC-10 statements say they await review.
 * The recoveree list and record follow the reader; the printed plan follows the recoveree. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "civil.h"
#include "harness.h"

static th_env *env;
static th_sess *admin_en, *admin_es;

static const char *day(int offset)
{
    static char ring[8][11];
    static int k;
    char *s = ring[k++ % 8];
    civil_format(civil_today() + offset, s);
    return s;
}

#define POST(s, want, body, ...)                                                                   \
    do {                                                                                           \
        char p_[200];                                                                              \
        snprintf(p_, sizeof p_, __VA_ARGS__);                                                      \
        th_post((s), (body), "%s", p_);                                                            \
        TH_ASSERT_STATUS((s), (want));                                                             \
    } while (0)

#define GET_PAGE(s, ...)                                                                           \
    do {                                                                                           \
        th_get((s), __VA_ARGS__);                                                                  \
        TH_ASSERT_STATUS((s), 200);                                                                \
    } while (0)

static th_sess *admin_reading(const char *accept_language)
{
    th_sess *s = th_sess_new(env);
    assert_non_null(s);
    char line[80];
    snprintf(line, sizeof line, "Accept-Language: %s", accept_language);
    th_add_header(s, line);
    if (th_login(s, "alpha", "admin", TH_PASSWORD) != 200)
        fail_msg("sign-in failed\n%s", th_last(s));
    return s;
}

/* A recoveree whose language is language (and codes, NULL for none). */
static int64_t recoveree(const char *first, const char *language, const char *code)
{
    json_t *b = json_pack("{s:s,s:s,s:s,s:s}", "first_name", first, "last_name", "Test", "dob",
                          "1985-05-05", "language", language);
    if (code)
        json_object_set_new(b, "language_codes", json_pack("[s]", code));
    POST(admin_en, 201, b, "/api/v1/recoverees");
    int64_t id = th_jint(admin_en, "id");
    assert_true(id > 0);
    return id;
}

/* A specific consent for r, signed electronically by first Test; returns its id. */
static int64_t signed_consent(int64_t r, const char *first)
{
    POST(admin_en, 201,
         json_pack("{s:s,s:s,s:s,s:s,s:s,s:b,s:s,s:s}", "kind", "specific", "disclosers",
                   "Alpha program", "information", "Recovery plan and attendance", "recipients",
                   "Clinic A", "purposes", "care coordination", "revocation_stmt", 1,
                   "revocation_how", "In writing to the director", "expires_on", day(365)),
         "/api/v1/recoverees/%lld/consents", (long long)r);
    int64_t c = th_jint(admin_en, "id");
    char name[80];
    snprintf(name, sizeof name, "%s Test", first);
    POST(admin_en, 200, json_pack("{s:s}", "signature", name),
         "/api/v1/recoverees/%lld/consents/%lld/sign", (long long)r, (long long)c);
    return c;
}

static int setup(void **state)
{
    (void)state;
    env = th_env_start();
    if (!env)
        return -1;
    admin_en = admin_reading("en-US,en;q=0.9");
    admin_es = admin_reading("es-MX,es;q=0.9,en;q=0.5");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    th_sess_free(admin_en);
    th_sess_free(admin_es);
    return th_env_stop(env);
}

static void test_staff_reading_english_sees_a_spanish_recoverees_consent_in_spanish(void **st)
{
    (void)st;
    int64_t r = recoveree("Lucia", "Spanish", "spanish");
    int64_t c = signed_consent(r, "Lucia");
    GET_PAGE(admin_en, "/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    const char *b = th_body(admin_en);
    /* The staff member's own page: English. */
    TH_ASSERT_CONTAINS(b, "<html lang=\"en\">");
    TH_ASSERT_CONTAINS(b, ">Recoverees</a>");
    TH_ASSERT_CONTAINS(b, ">Sign out</button>");
    TH_ASSERT_CONTAINS(b, ">All consents</a>");
    TH_ASSERT_CONTAINS(b, "Call or text 988");
    /* The recoveree's document: Spanish, marked as such. */
    TH_ASSERT_CONTAINS(b, "<article class=\"card printable\" lang=\"es\">");
    TH_ASSERT_CONTAINS(b, "Consentimiento para el uso y la divulgación de registros");
    TH_ASSERT_CONTAINS(b, "(6) Revocación");
    TH_ASSERT_CONTAINS(b, "Usted puede revocar este consentimiento por escrito");
    TH_ASSERT_CONTAINS(b, "Destinatario y propósito específicos");
    TH_ASSERT_CONTAINS(b, "escrita en pantalla");
    /* The scope paragraph too (the consent's own words stay as they were written). */
    TH_ASSERT_CONTAINS(b, "Lucia Test autoriza a Alpha program a divulgar Recovery plan and "
                          "attendance a: Clinic A, para: care coordination. Termina el ");
    TH_ASSERT_CONTAINS(b, "Cómo revocarlo: In writing to the director.");
    TH_ASSERT_LACKS(b, "Consent for the use and disclosure");
    TH_ASSERT_LACKS(b, "You may revoke this consent");
}

static void test_staff_reading_spanish_sees_an_english_recoverees_consent_in_english(void **st)
{
    (void)st;
    int64_t r = recoveree("Laura", "English", "english");
    int64_t c = signed_consent(r, "Laura");
    GET_PAGE(admin_es, "/recoverees/%lld/consents/%lld", (long long)r, (long long)c);
    const char *b = th_body(admin_es);
    TH_ASSERT_CONTAINS(b, "<html lang=\"es\">");
    TH_ASSERT_CONTAINS(b, ">Personas en recuperación</a>");
    TH_ASSERT_CONTAINS(b, ">Cerrar sesión</button>");
    TH_ASSERT_CONTAINS(b, "Todos los consentimientos");
    TH_ASSERT_CONTAINS(b, "<article class=\"card printable\" lang=\"en\">");
    TH_ASSERT_CONTAINS(b, "Consent for the use and disclosure of substance use disorder records");
    TH_ASSERT_LACKS(b, "Consentimiento para el uso");
    /* A language the catalog lacks falls back to the organization's default, English. */
    int64_t r2 = recoveree("Jeanne", "French", "french");
    int64_t c2 = signed_consent(r2, "Jeanne");
    GET_PAGE(admin_es, "/recoverees/%lld/consents/%lld", (long long)r2, (long long)c2);
    TH_ASSERT_CONTAINS(th_body(admin_es), "<article class=\"card printable\" lang=\"en\">");
}

static void test_the_2_32_notice_of_a_disclosure_is_in_the_recoverees_language(void **st)
{
    (void)st;
    int64_t r = recoveree("Marta", "español", NULL);
    int64_t c = signed_consent(r, "Marta");
    POST(admin_en, 201,
         json_pack("{s:I,s:s,s:s,s:s,s:i}", "consent_id", (json_int_t)c, "recipient", "Clinic A",
                   "purpose", "care coordination", "what", "Recovery plan and attendance",
                   "notice_statement", 1),
         "/api/v1/recoverees/%lld/disclosures", (long long)r);
    int64_t d = th_jint(admin_en, "id");
    /* The API keeps the verbatim English notice, the record of what the rule says. */
    TH_ASSERT_CONTAINS(th_jstr(admin_en, "disclosure.notice"),
                       "This record which has been disclosed to you is protected");
    GET_PAGE(admin_en, "/recoverees/%lld/disclosures/%lld", (long long)r, (long long)d);
    const char *b = th_body(admin_en);
    TH_ASSERT_CONTAINS(b, ">Accounting of disclosures</a>");
    TH_ASSERT_CONTAINS(b, "Divulgación de registros");
    TH_ASSERT_CONTAINS(b, "Este registro que se le ha divulgado está protegido por las normas "
                          "federales de confidencialidad");
    TH_ASSERT_CONTAINS(b, "NO es suficiente");
    TH_ASSERT_LACKS(b, "This record which has been disclosed to you");
}

static void test_barc10_statements_follow_the_recoveree_and_say_they_await_review(void **st)
{
    (void)st;
    int64_t r = recoveree("Rosa", "Spanish", "spanish");
    GET_PAGE(admin_en, "/recoverees/%lld/barc10", (long long)r);
    const char *b = th_body(admin_en);
    TH_ASSERT_CONTAINS(b, "<h1>Recovery capital: Rosa Test</h1>");
    TH_ASSERT_CONTAINS(b, "<div lang=\"es\">");
    /* No published Spanish translation: the English original, and a note saying so. */
    TH_ASSERT_CONTAINS(b, "Traducción en revisión");
    TH_ASSERT_CONTAINS(b, "There are more important things to me in life than using substances.");
    TH_ASSERT_CONTAINS(b, "Totalmente de acuerdo");
    /* An English-speaking recoveree's form has no such note. */
    int64_t r2 = recoveree("Ruth", "English", "english");
    GET_PAGE(admin_es, "/recoverees/%lld/barc10", (long long)r2);
    b = th_body(admin_es);
    TH_ASSERT_CONTAINS(b, "<h1>Capital de recuperación: Ruth Test</h1>");
    TH_ASSERT_CONTAINS(b, "Strongly agree");
    TH_ASSERT_LACKS(b, "Traducción en revisión");
    TH_ASSERT_LACKS(b, "Translation under review");
}

static void test_sign_in_and_error_pages_follow_accept_language(void **st)
{
    (void)st;
    th_sess *s = th_sess_new(env);
    th_add_header(s, "Accept-Language: es-419, en;q=0.5");
    GET_PAGE(s, "/login");
    TH_ASSERT_CONTAINS(th_body(s), "<h1>Iniciar sesión en peerdesk</h1>");
    TH_ASSERT_CONTAINS(th_body(s), "<title>Iniciar sesión · peerdesk</title>");
    th_get(s, "/no/such/page");
    TH_ASSERT_STATUS(s, 404);
    TH_ASSERT_CONTAINS(th_body(s), "Volver a la página de inicio");
    TH_ASSERT_CONTAINS(th_body(s), "No hay nada en esta dirección.");
    TH_ASSERT_LACKS(th_body(s), "There is nothing at this address.");
    th_get(s, "/api/v1/no/such/route");
    TH_ASSERT_STATUS(s, 404);
    TH_ASSERT_STR(th_jstr(s, "error.message"), "No hay nada en esta dirección.");
    th_sess_free(s);
    /* The gates' refusals too: a role that may not, in the reader's language. */
    s = th_sess_new(env);
    th_add_header(s, "Accept-Language: es");
    if (th_login(s, "alpha", "peer", TH_PASSWORD) != 200)
        fail_msg("sign-in failed\n%s", th_last(s));
    th_get(s, "/api/v1/settings");
    TH_ASSERT_STATUS(s, 403);
    TH_ASSERT_CONTAINS(th_jstr(s, "error.message"), "Su función no permite esto.");
    th_sess_free(s);
    /* No header, or a language the catalog lacks: English. */
    s = th_sess_new(env);
    th_add_header(s, "Accept-Language: de-DE, fr;q=0.8");
    GET_PAGE(s, "/login");
    TH_ASSERT_CONTAINS(th_body(s), "<h1>Sign in to peerdesk</h1>");
    TH_ASSERT_CONTAINS(th_body(s), "<html lang=\"en\">");
    th_sess_free(s);
}

static void test_the_recoveree_list_and_record_follow_accept_language(void **st)
{
    (void)st;
    int64_t r = recoveree("Elena", "English", "english");
    GET_PAGE(admin_es, "/recoverees");
    const char *b = th_body(admin_es);
    TH_ASSERT_CONTAINS(b, "<h1>Personas en recuperación</h1>");
    TH_ASSERT_CONTAINS(b, ">Nueva admisión</a>");
    TH_ASSERT_CONTAINS(b, "<th scope=\"col\">Admisión</th>");
    TH_ASSERT_CONTAINS(b, "personas en recuperación</caption>");
    TH_ASSERT_CONTAINS(b, ">Buscar</button>");
    TH_ASSERT_LACKS(b, "New intake");
    GET_PAGE(admin_es, "/recoverees/%lld", (long long)r);
    b = th_body(admin_es);
    TH_ASSERT_CONTAINS(b, "<h1>Elena Test</h1>");
    TH_ASSERT_CONTAINS(b, "<h2>Datos personales</h2>");
    TH_ASSERT_CONTAINS(b, "<dt>Fecha de nacimiento</dt>");
    TH_ASSERT_CONTAINS(b, ">Plan de recuperación</a>");
    TH_ASSERT_CONTAINS(b, "Actual: <strong>activo</strong> desde ");
    TH_ASSERT_CONTAINS(b, ">Cambiar el estado</button>");
    TH_ASSERT_LACKS(b, "Date of birth");
    /* Without Spanish in the header, the same pages in English. */
    GET_PAGE(admin_en, "/recoverees");
    b = th_body(admin_en);
    TH_ASSERT_CONTAINS(b, "<h1>Recoverees</h1>");
    TH_ASSERT_CONTAINS(b, ">New intake</a>");
    TH_ASSERT_CONTAINS(b, "recoverees</caption>");
    TH_ASSERT_LACKS(b, "Nueva admisión");
    GET_PAGE(admin_en, "/recoverees/%lld", (long long)r);
    b = th_body(admin_en);
    TH_ASSERT_CONTAINS(b, "<h2>About</h2>");
    TH_ASSERT_CONTAINS(b, "<dt>Date of birth</dt>");
    TH_ASSERT_CONTAINS(b, "Now: <strong>active</strong> since ");
    TH_ASSERT_LACKS(b, "Datos personales");
}

static void test_the_printed_plan_is_in_the_recoverees_language(void **st)
{
    (void)st;
    int64_t r = recoveree("Carmen", "Spanish", "spanish");
    POST(admin_en, 201, json_pack("{s:s,s:s}", "strengths", "Family", "barriers", "Transport"),
         "/api/v1/recoverees/%lld/plan", (long long)r);
    GET_PAGE(admin_en, "/recoverees/%lld/plan", (long long)r);
    const char *b = th_body(admin_en);
    /* The staff member's screen: English. */
    TH_ASSERT_CONTAINS(b, "<h1>Recovery plan: Carmen Test</h1>");
    TH_ASSERT_CONTAINS(b, "<h2>Strengths, barriers and review</h2>");
    /* The printed plan, which the recoveree signs: Spanish. */
    TH_ASSERT_CONTAINS(b, "<section class=\"print-only plan-print\" lang=\"es\">");
    TH_ASSERT_CONTAINS(b, "<h2>Fortalezas</h2><p class=\"pre\">Family</p>");
    TH_ASSERT_CONTAINS(b, "<section class=\"print-only signatures\" lang=\"es\">");
    TH_ASSERT_CONTAINS(b, "Especialista de apoyo entre pares en recuperación");
    TH_ASSERT_LACKS(b, "Peer recovery specialist");
}

/* The workforce dashboard and the staff list (their labels computed in C too: statuses,
 * levels, sort orders, roles) are in the reader's language; English stays as it was. */
static void test_workforce_dashboard_and_staff_list_follow_accept_language(void **st)
{
    (void)st;
    GET_PAGE(admin_es, "/workforce");
    const char *b = th_body(admin_es);
    TH_ASSERT_CONTAINS(b, "<h1>Personal de apoyo</h1>");
    TH_ASSERT_CONTAINS(b, ">Vence pronto</span>");
    TH_ASSERT_CONTAINS(b, ">Incumplido</span>");
    TH_ASSERT_CONTAINS(b, "<label for=\"sort\">Ordenar por</label>");
    TH_ASSERT_CONTAINS(b, ">Estado (los peores primero)</option>");
    TH_ASSERT_CONTAINS(b, ">Nivel 2: Trabajador par</option>");
    TH_ASSERT_CONTAINS(b, "Exportar como CSV");
    TH_ASSERT_CONTAINS(b, "<caption>1 par</caption>"); /* one peer: the [one] form */
    TH_ASSERT_LACKS(b, "Sort by");
    TH_ASSERT_LACKS(b, ">Due soon<");
    /* A peer's own page: what they may do today, the record forms. */
    GET_PAGE(admin_es, "/workforce/%lld", (long long)env->org[TH_ALPHA].user_id[ROLE_PEER]);
    TH_ASSERT_CONTAINS(th_body(admin_es), "Lo que este par puede hacer hoy");
    TH_ASSERT_CONTAINS(th_body(admin_es), "Agregar capacitación");
    GET_PAGE(admin_es, "/users");
    b = th_body(admin_es);
    TH_ASSERT_CONTAINS(b, "<h1>Personal</h1>");
    TH_ASSERT_CONTAINS(b, "Agregar a un miembro del personal");
    TH_ASSERT_CONTAINS(b, "<th scope=\"col\">Nombre de usuario</th>");
    TH_ASSERT_CONTAINS(b, ">Administrador del programa</td>");
    TH_ASSERT_CONTAINS(b, " miembros del personal</caption>");
    TH_ASSERT_CONTAINS(b, "Página 1");
    TH_ASSERT_LACKS(b, "Add a staff member");
    TH_ASSERT_LACKS(b, ">Program administrator</td>");
    /* The same pages in English. */
    GET_PAGE(admin_en, "/workforce");
    TH_ASSERT_CONTAINS(th_body(admin_en), "<h1>Workforce</h1>");
    TH_ASSERT_CONTAINS(th_body(admin_en), ">Status (worst first)</option>");
    GET_PAGE(admin_en, "/users");
    TH_ASSERT_CONTAINS(th_body(admin_en), ">Program administrator</td>");
    TH_ASSERT_CONTAINS(th_body(admin_en), " staff members</caption>");
}

/* Issue 10: an operation's refusal is in the reader's language: a WF-5 refusal (a peer
 * without an active supervisor), a stale 409, the SV-3 conflict of an assignment; the plan
 * history, the workforce notes and the role in the page header too. The JSON API answers
 * in the same words as the page. */
static void test_a_refused_operation_answers_in_the_readers_language(void **st)
{
    (void)st;
    int64_t peer = th_add_user(env, TH_ALPHA, "nosupes", ROLE_PEER);
    assert_true(peer > 0);
    POST(admin_en, 200, json_pack("{s:i,s:s}", "level", 1, "education", "hs"),
         "/api/v1/workforce/%lld/profile", (long long)peer);
    int64_t r = recoveree("Lucia", "Spanish", "spanish");
    /* WF-5: refused in Spanish for the Spanish reader, in English for the English one. */
    th_post(admin_es, json_pack("{s:I}", "peer_id", (json_int_t)peer),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_ERROR(admin_es, 422, "refused");
    assert_string_equal(th_jstr(admin_es, "error.rule"), "WF-5");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"), "no tiene un supervisor activo");
    th_post(admin_en, json_pack("{s:I}", "peer_id", (json_int_t)peer),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_ERROR(admin_en, 422, "refused");
    TH_ASSERT_CONTAINS(th_jstr(admin_en, "error.message"), "has no active supervisor");
    /* The same person's workforce notes, said in Spanish. */
    th_get(admin_es, "/api/v1/workforce/%lld", (long long)peer);
    TH_ASSERT_STATUS(admin_es, 200);
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "status.supervision.note"),
                       "No hay un supervisor activo");
    /* A stale version: 409 in Spanish. */
    POST(admin_es, 201, json_pack("{s:s,s:s}", "strengths", "Mi familia", "review_date", day(30)),
         "/api/v1/recoverees/%lld/plan", (long long)r);
    th_post(admin_es, json_pack("{s:s,s:i}", "strengths", "Otra pestaña", "version", 7),
            "/api/v1/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_ERROR(admin_es, 409, "stale");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"), "Otra persona cambió este plan");
    th_post(admin_en, json_pack("{s:s,s:i}", "strengths", "Old tab", "version", 7),
            "/api/v1/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_ERROR(admin_en, 409, "stale");
    TH_ASSERT_CONTAINS(th_jstr(admin_en, "error.message"), "Someone else changed this plan");
    /* The plan history keeps a code and says it in the reader's language. */
    th_get(admin_es, "/api/v1/recoverees/%lld/plan", (long long)r);
    TH_ASSERT_STATUS(admin_es, 200);
    assert_string_equal(th_jstr(admin_es, "history.0.what"), "Plan iniciado");
    assert_string_equal(th_jstr(admin_es, "history.0.what_code"), "plan_started");
    /* SV-3: the conflict and its override advice in Spanish. */
    /* A Level 2 peer the workforce rules allow, who also counsels this recoveree. */
    int64_t ok_peer = th_add_user(env, TH_ALPHA, "counseles", ROLE_PEER);
    assert_true(ok_peer > 0);
    POST(admin_en, 200,
         json_pack("{s:i,s:s,s:s}", "level", 2, "education", "hs", "hire_date", day(-30)),
         "/api/v1/workforce/%lld/profile", (long long)ok_peer);
    POST(admin_en, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "CCAR",
                                  "hours", "60", "date", day(-20)),
         "/api/v1/workforce/%lld/trainings", (long long)ok_peer);
    POST(admin_en, 201, json_pack("{s:I,s:s}", "supervisor_id",
                                  (json_int_t)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR],
                                  "start_date", day(-30)),
         "/api/v1/workforce/%lld/supervisors", (long long)ok_peer);
    POST(admin_en, 201, json_pack("{s:I,s:s}", "staff_id", (json_int_t)ok_peer, "kind", "clinical"),
         "/api/v1/recoverees/%lld/relationships", (long long)r);
    th_post(admin_es, json_pack("{s:I}", "peer_id", (json_int_t)ok_peer),
            "/api/v1/recoverees/%lld/assign", (long long)r);
    TH_ASSERT_ERROR(admin_es, 422, "refused");
    assert_string_equal(th_jstr(admin_es, "error.rule"), "SV-3");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"), "ya presta servicios clínicos");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"), "Puede anular esto");
    /* The role in the page header. */
    GET_PAGE(admin_es, "/");
    TH_ASSERT_CONTAINS(th_body(admin_es), "· Administrador del programa</span>");
    GET_PAGE(admin_en, "/");
    TH_ASSERT_CONTAINS(th_body(admin_en), "· Program administrator</span>");
}

/* Issue 10: the rules' own sentences reach the reader in their language: an RC-2 match reason
 * on the match page and in its JSON, a consent missing a §2.31(a) element, a weak password
 * and a policy value out of range on the Settings page. English stays as it was. */
static void test_match_reasons_are_said_in_the_readers_language(void **st)
{
    (void)st;
    /* A Level 2 peer the workforce rules allow: trained, supervised, with room. */
    int64_t peer = th_add_user(env, TH_ALPHA, "matchesp", ROLE_PEER);
    assert_true(peer > 0);
    POST(admin_en, 200,
         json_pack("{s:i,s:s,s:s,s:[s]}", "level", 2, "education", "hs", "hire_date", day(-30),
                   "language_codes", "spanish"),
         "/api/v1/workforce/%lld/profile", (long long)peer);
    POST(admin_en, 201, json_pack("{s:s,s:s,s:s,s:s}", "kind", "ethics_ccar", "title", "CCAR",
                                  "hours", "60", "date", day(-20)),
         "/api/v1/workforce/%lld/trainings", (long long)peer);
    POST(admin_en, 201, json_pack("{s:I,s:s}", "supervisor_id",
                                  (json_int_t)env->org[TH_ALPHA].user_id[ROLE_SUPERVISOR],
                                  "start_date", day(-30)),
         "/api/v1/workforce/%lld/supervisors", (long long)peer);
    int64_t r = recoveree("Marisol", "Spanish", "spanish");
    GET_PAGE(admin_es, "/recoverees/%lld/match", (long long)r);
    TH_ASSERT_CONTAINS(th_body(admin_es), "libres en un total de");
    TH_ASSERT_CONTAINS(th_body(admin_es), "Habla español");
    TH_ASSERT_CONTAINS(th_body(admin_es), "que hable español;"); /* what was looked for */
    TH_ASSERT_LACKS(th_body(admin_es), "free on a caseload of");
    GET_PAGE(admin_es, "/api/v1/recoverees/%lld/match", (long long)r);
    TH_ASSERT_CONTAINS(th_body(admin_es), "Nivel 2: Trabajador par");
    TH_ASSERT_LACKS(th_body(admin_es), "free on a caseload of");
    GET_PAGE(admin_en, "/api/v1/recoverees/%lld/match", (long long)r);
    TH_ASSERT_CONTAINS(th_body(admin_en), "free on a caseload of");
    TH_ASSERT_CONTAINS(th_body(admin_en), "Speaks Spanish");
}

static void test_a_consent_missing_an_element_is_refused_in_the_readers_language(void **st)
{
    (void)st;
    int64_t r = recoveree("Rosa", "Spanish", "spanish");
    /* No information (§2.31(a)(3)) and no way to revoke (§2.31(a)(6)). */
    json_t *b = json_pack("{s:s,s:s,s:s,s:s,s:b,s:s}", "kind", "specific", "disclosers",
                          "Alpha program", "recipients", "Clinic A", "purposes",
                          "care coordination", "revocation_stmt", 1, "expires_on", day(365));
    th_post(admin_es, json_incref(b), "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_ERROR(admin_es, 422, "consent_incomplete");
    assert_string_equal(th_jstr(admin_es, "error.field"), "information");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"),
                       "El consentimiento no dice qué información se puede divulgar");
    /* Every missing element at once, each in Spanish. */
    assert_string_equal(th_jstr(admin_es, "errors.1.field"), "revocation_how");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "errors.1.message"), "cómo puede revocarlo el paciente");
    th_post(admin_en, b, "/api/v1/recoverees/%lld/consents", (long long)r);
    TH_ASSERT_ERROR(admin_en, 422, "consent_incomplete");
    TH_ASSERT_CONTAINS(th_jstr(admin_en, "error.message"),
                       "The consent does not say what information may be disclosed");
}

static void test_a_weak_password_is_refused_in_the_readers_language(void **st)
{
    (void)st;
    json_t *b = json_pack("{s:s,s:s,s:s,s:s}", "username", "weakes", "display_name", "Nueva Persona",
                          "role", "peer", "password", "Recovery-Demo-2026");
    th_post(admin_es, json_incref(b), "/api/v1/users");
    TH_ASSERT_ERROR(admin_es, 422, "weak_password");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"),
                       "Esta es la contraseña de demostración publicada");
    th_post(admin_en, b, "/api/v1/users");
    TH_ASSERT_ERROR(admin_en, 422, "weak_password");
    TH_ASSERT_CONTAINS(th_jstr(admin_en, "error.message"), "published demo password");
    th_post(admin_es,
            json_pack("{s:s,s:s,s:s,s:s}", "username", "weakes", "display_name", "Nueva Persona",
                      "role", "peer", "password", "abababababababab"),
            "/api/v1/users");
    TH_ASSERT_ERROR(admin_es, 422, "weak_password");
    TH_ASSERT_CONTAINS(th_jstr(admin_es, "error.message"), "al menos 5 caracteres distintos");
}

static void test_a_policy_value_out_of_range_is_refused_in_the_readers_language(void **st)
{
    (void)st;
    th_post(admin_es, json_pack("{s:i}", "plan_review_days", 5), "/api/v1/settings");
    TH_ASSERT_ERROR(admin_es, 422, "policy_range");
    TH_ASSERT_STR(th_jstr(admin_es, "error.message"),
                  "Intervalo de revisión del plan de recuperación debe estar entre 7 y 365 (días).");
    th_post(admin_en, json_pack("{s:i}", "plan_review_days", 5), "/api/v1/settings");
    TH_ASSERT_ERROR(admin_en, 422, "policy_range");
    TH_ASSERT_STR(th_jstr(admin_en, "error.message"),
                  "Recovery plan review interval must be between 7 and 365 days.");
    /* The Settings page says it beside the form, in Spanish. */
    th_post_form(admin_es, "plan_review_days=5", "/settings");
    TH_ASSERT_CONTAINS(th_body(admin_es), "debe estar entre 7 y 365 (días)");
}

/* The handlers' own refusals come from the catalog too: a consent that is not there. */
static void test_a_missing_record_is_said_in_the_readers_language(void **st)
{
    (void)st;
    int64_t id = recoveree("Inés", "Spanish", NULL);
    th_sess *es = admin_reading("es");
    th_get(es, "/api/v1/recoverees/%lld/consents/987654", (long long)id);
    TH_ASSERT_STATUS(es, 404);
    TH_ASSERT_STR(th_jstr(es, "error.message"), "No existe ese consentimiento.");
    th_sess_free(es);
    th_get(admin_en, "/api/v1/recoverees/%lld/consents/987654", (long long)id);
    TH_ASSERT_STATUS(admin_en, 404);
    TH_ASSERT_STR(th_jstr(admin_en, "error.message"), "There is no such consent.");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_staff_reading_english_sees_a_spanish_recoverees_consent_in_spanish),
        cmocka_unit_test(test_staff_reading_spanish_sees_an_english_recoverees_consent_in_english),
        cmocka_unit_test(test_the_2_32_notice_of_a_disclosure_is_in_the_recoverees_language),
        cmocka_unit_test(test_barc10_statements_follow_the_recoveree_and_say_they_await_review),
        cmocka_unit_test(test_sign_in_and_error_pages_follow_accept_language),
        cmocka_unit_test(test_the_recoveree_list_and_record_follow_accept_language),
        cmocka_unit_test(test_the_printed_plan_is_in_the_recoverees_language),
        cmocka_unit_test(test_workforce_dashboard_and_staff_list_follow_accept_language),
        cmocka_unit_test(test_a_refused_operation_answers_in_the_readers_language),
        cmocka_unit_test(test_match_reasons_are_said_in_the_readers_language),
        cmocka_unit_test(test_a_consent_missing_an_element_is_refused_in_the_readers_language),
        cmocka_unit_test(test_a_weak_password_is_refused_in_the_readers_language),
        cmocka_unit_test(test_a_policy_value_out_of_range_is_refused_in_the_readers_language),
        cmocka_unit_test(test_a_missing_record_is_said_in_the_readers_language),
    };
    return cmocka_run_group_tests_name("http_i18n", tests, setup, teardown);
}
