/* secret.c - password hashing, tokens, constant-time comparison. */
#include "secret.h"

#include <semaphore.h>
#include <string.h>

/* argon2id at t=2, m=19 MiB: the OWASP recommendation for interactive logins.
 * libsodium's INTERACTIVE preset uses 64 MiB, which would let a burst of
 * logins push the server far past its memory budget. */
#define PW_OPSLIMIT 2
#define PW_MEMLIMIT (19u * 1024 * 1024)

/* PW_CONCURRENT (secret.h) slots; sign-ins are admitted in auth.c so that few wait here. */
static sem_t pw_slots;

int secret_init(void)
{
    if (sem_init(&pw_slots, 0, PW_CONCURRENT) != 0)
        return -1;
    return sodium_init() < 0 ? -1 : 0;
}

int password_hash(const char *pw, char out[PW_HASH_LEN])
{
    while (sem_wait(&pw_slots) != 0)
        ;
    int rc = crypto_pwhash_str_alg(out, pw, strlen(pw), PW_OPSLIMIT, PW_MEMLIMIT,
                                   crypto_pwhash_ALG_ARGON2ID13);
    sem_post(&pw_slots);
    return rc;
}

int password_verify(const char *stored, const char *pw)
{
    if (!stored || !pw)
        return 0;
    while (sem_wait(&pw_slots) != 0)
        ;
    int ok = crypto_pwhash_str_verify(stored, pw, strlen(pw)) == 0;
    sem_post(&pw_slots);
    return ok;
}

void token_new(char out[TOKEN_LEN])
{
    unsigned char raw[32];
    randombytes_buf(raw, sizeof raw);
    sodium_bin2base64(out, TOKEN_LEN, raw, sizeof raw, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(raw, sizeof raw);
}

void hex_encode(const unsigned char *in, size_t n, char *out)
{
    sodium_bin2hex(out, 2 * n + 1, in, n);
}

void token_hash(const char *token, char out[TOKEN_HASH_LEN])
{
    unsigned char h[32];
    crypto_generichash(h, sizeof h, (const unsigned char *)token, strlen(token), NULL, 0);
    hex_encode(h, sizeof h, out);
}

int secret_equal(const char *a, const char *b)
{
    if (!a || !b)
        return 0;
    size_t n = strlen(a);
    if (n != strlen(b))
        return 0;
    return sodium_memcmp(a, b, n) == 0;
}
