/* secret.h - password hashing (argon2id), random tokens and their stored hashes (libsodium). */
#ifndef PD_SECRET_H
#define PD_SECRET_H

#include <stddef.h>

#include <sodium.h>

/* Room for a hashed password string ("$argon2id$v=19$m=...") with its NUL. */
#define PW_HASH_LEN crypto_pwhash_STRBYTES
/* 32 random bytes (256 bits) as unpadded base64url: 43 characters + NUL. */
#define TOKEN_LEN 44
/* A token's stored form: BLAKE2b-256 as 64 hex characters + NUL. */
#define TOKEN_HASH_LEN 65

/* At most this many argon2id computations at once (19 MiB each): a burst of sign-ins
 * then waits its turn instead of growing the server by 19 MiB per worker thread. Two
 * matches the cores the server is sized for; more would only contend for them. */
#define PW_CONCURRENT 2

/* Initialise libsodium once per process; 0 or -1. */
int secret_init(void);

/* Hash pw with argon2id. Returns 0, or -1 when out of memory. */
int password_hash(const char *pw, char out[PW_HASH_LEN]);

/* 1 when pw matches the stored hash, 0 otherwise. Runs in time independent
 * of where a mismatch is. */
int password_verify(const char *stored, const char *pw);

/* A fresh 256-bit random token in base64url. */
void token_new(char out[TOKEN_LEN]);

/* The stored form of a token (only this goes to the database). */
void token_hash(const char *token, char out[TOKEN_HASH_LEN]);

/* Hex encode n bytes into out (2n+1 bytes). */
void hex_encode(const unsigned char *in, size_t n, char *out);

/* Compare two NUL-terminated secrets in constant time; 1 when equal. */
int secret_equal(const char *a, const char *b);

#endif
