/* Encrypted backups: the yard's backup key and the file format.
 *
 * A backup is the verified SQLite copy sealed with libsodium's secretstream
 * (XChaCha20-Poly1305) under the yard's backup key, in chunks of 1 MiB:
 *
 *   0  "SYBACKUP"                 magic, 8 bytes
 *   8  version (1), 0, 0, 0       4 bytes
 *  12  chunk size                 4 bytes, big-endian, bytes of the copy per chunk
 *  16  key id                     8 bytes: BLAKE2b of a fixed text under the key
 *  24  size of the copy           8 bytes, big-endian
 *  32  secretstream header        24 bytes (the stream's random nonce)
 *  56  chunks: each the next chunk-size bytes of the copy (the last may be
 *      shorter, or empty), encrypted, with a 17-byte tag; the last is
 *      marked final.
 *
 * The header is the first chunk's additional data, so it is authenticated
 * with it; every chunk is authenticated in order, and the final mark shows
 * the end: a chunk changed, dropped, reordered or cut off, a changed header
 * or bytes after the end are all refused. The key id names the wrong key
 * before any decryption.
 *
 * The key (32 random bytes) is kept outside the database, in DB.backup-key
 * beside it, and on paper as a recovery code: 55 letters and digits (the
 * key and a 2-byte check, base32) in 11 groups. */
#ifndef SY_BACKUP_CRYPT_H
#define SY_BACKUP_CRYPT_H
#include <stddef.h>
#include <stdint.h>

#include "base/err.h"

#define BACKUP_KEY_BYTES 32
#define BACKUP_CHUNK_BYTES (1 << 20)
#define BACKUP_CODE_SIZE 72 /* a recovery code with its dashes and the NUL */

struct backup_key {
	unsigned char key[BACKUP_KEY_BYTES];
	char id[17]; /* the key id in hex, to name it in messages */
};

/* DB.backup-key beside the database at db_path. */
char *backup_key_path(const char *db_path);
/* The key of the database at db_path: 1 loaded, 0 there is none, -1 the
 * file is there but unusable (err says why and what to do). */
int backup_key_load(const char *db_path, struct backup_key *k, sy_err *err);
/* The key, made now when there is none (*made says so). */
int backup_key_ensure(const char *db_path, struct backup_key *k, int *made, sy_err *err);
/* Keep k as the key of the database at db_path (there must be none yet). */
int backup_key_save(const char *db_path, const struct backup_key *k, sy_err *err);
/* The key as a recovery code, and back (a typo fails the check). */
void backup_key_code(const struct backup_key *k, char out[BACKUP_CODE_SIZE]);
int backup_key_from_code(const char *code, struct backup_key *k, sy_err *err);

/* What a file given to restore is, by its first bytes. */
enum backup_kind { BACKUP_FOREIGN, BACKUP_PLAIN, BACKUP_SEALED };
/* -1 with errno when it cannot be read. */
int backup_file_kind(const char *path);

/* The bytes of in (size of them) sealed into out. -1 with errno on a
 * read or write failure. */
int backup_seal(int in, int64_t size, int out, const struct backup_key *k);
/* The sealed file at in opened into out (-1: only checked). Nothing is
 * taken as good before the final chunk passed: the caller uses out only on
 * SY_OK. shown names the file in messages. A write failure on out is
 * SY_ENV with errno kept in *write_errno. */
int backup_unseal(int in, int out, const struct backup_key *k, const char *shown, int *write_errno, sy_err *err);

#endif
