/* Encrypted backups: the key and the sealed file. See db/backup_crypt.h. */
#include "db/backup_crypt.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/i18n.h"
#include "base/outfile.h"
#include "base/perm.h"
#include "base/util.h"

#define MAGIC "SYBACKUP"
#define MAGIC_BYTES 8
#define FORMAT_VERSION 1
#define FIXED_BYTES 32 /* magic, version, chunk size, key id, size */
#define HEADER_BYTES (FIXED_BYTES + crypto_secretstream_xchacha20poly1305_HEADERBYTES)
#define TAG_BYTES crypto_secretstream_xchacha20poly1305_ABYTES
/* A chunk size read from a file is believed up to this (a damaged header
 * must not make the program ask for gigabytes). */
#define CHUNK_MAX (16 << 20)
#define CHECK_BYTES 2
#define CODE_CHARS 55 /* (32 + 2) bytes in base32 */
#define CODE_GROUP 5

static const char base32[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/* ---- the key ---- */

static void key_id(struct backup_key *k)
{
	static const char text[] = "scrapyard backup key id";
	unsigned char id[16];
	crypto_generichash(id, sizeof id, (const unsigned char *)text, sizeof text - 1, k->key, sizeof k->key);
	sodium_bin2hex(k->id, sizeof k->id, id, 8);
}

char *backup_key_path(const char *db_path) { return xasprintf("%s.backup-key", db_path); }

int backup_key_load(const char *db_path, struct backup_key *k, sy_err *err)
{
	memset(k, 0, sizeof *k);
	char *path = backup_key_path(db_path);
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0 && errno == ENOENT) {
		free(path);
		return 0;
	}
	char buf[160] = "", hex[2 * BACKUP_KEY_BYTES + 1] = "";
	struct stat st;
	int status = -1;
	if (fd < 0 || fstat(fd, &st) != 0) {
		sy_fail(err, SY_ENV, NULL, _("cannot read the backup key %s: %s"), path, strerror(errno));
	} else if (!S_ISREG(st.st_mode) || (st.st_mode & 0007)) {
		sy_fail(err, SY_ENV, NULL,
			_("the backup key %s may be read or changed by every user: make it private (chmod 0640, group scrapyard) and show a new recovery code if others may have read it"),
			path);
	} else {
		ssize_t n = read(fd, buf, sizeof buf - 1);
		size_t len = 0;
		if (n > 0 && sscanf(buf, "key %64s", hex) == 1 &&
		    sodium_hex2bin(k->key, sizeof k->key, hex, strlen(hex), NULL, &len, NULL) == 0 && len == BACKUP_KEY_BYTES) {
			key_id(k);
			status = 1;
		} else {
			sy_fail(err, SY_ENV, NULL,
				_("the backup key %s is damaged: put it back with 'scrapyard restore BACKUP --key CODE' from the recovery code, or move it away to start a new key"),
				path);
		}
	}
	if (fd >= 0)
		close(fd);
	sodium_memzero(buf, sizeof buf);
	sodium_memzero(hex, sizeof hex);
	free(path);
	return status;
}

static int write_all(int fd, const void *data, size_t len)
{
	const unsigned char *p = data;
	while (len) {
		ssize_t n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = ENOSPC;
			return -1;
		}
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int backup_key_save(const char *db_path, const struct backup_key *k, sy_err *err)
{
	char *path = backup_key_path(db_path), *tmp = NULL;
	char hex[2 * BACKUP_KEY_BYTES + 1], text[96];
	sodium_bin2hex(hex, sizeof hex, k->key, sizeof k->key);
	int len = snprintf(text, sizeof text, "key %s\n", hex);
	/* Written whole under a temporary name, then linked to its name: never
	 * half a key, and never over a key another terminal made meanwhile.
	 * Readable by the owner and the yard's group only. */
	int fd = sy_outfile_temp_beside(path, 0600, &tmp);
	int ok = fd >= 0 && write_all(fd, text, (size_t)len) == 0 && sy_perm_fd(fd, 0640) == 0 && fsync(fd) == 0;
	int e = errno;
	if (fd >= 0)
		close(fd);
	if (ok && link(tmp, path) != 0) {
		e = errno;
		ok = 0;
	}
	if (tmp)
		unlink(tmp);
	sodium_memzero(hex, sizeof hex);
	sodium_memzero(text, sizeof text);
	int status = SY_OK;
	if (!ok)
		status = e == EEXIST ? sy_fail(err, SY_ENV, NULL, _("%s exists already: the yard has its backup key"), path)
				     : sy_fail(err, SY_ENV, NULL, _("cannot write the backup key %s: %s"), path, strerror(e));
	else {
		char *dir = xstrdup(path), *slash = strrchr(dir, '/');
		if (slash)
			*slash = '\0';
		int dfd = open(slash ? (*dir ? dir : "/") : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd >= 0) {
			fsync(dfd);
			close(dfd);
		}
		free(dir);
	}
	free(tmp);
	free(path);
	return status;
}

int backup_key_ensure(const char *db_path, struct backup_key *k, int *made, sy_err *err)
{
	*made = 0;
	int have = backup_key_load(db_path, k, err);
	if (have != 0)
		return have > 0 ? SY_OK : err->status;
	randombytes_buf(k->key, sizeof k->key);
	key_id(k);
	int status = backup_key_save(db_path, k, err);
	if (status != SY_OK && backup_key_load(db_path, k, NULL) > 0) /* another terminal made it first */
		return SY_OK;
	*made = status == SY_OK;
	return status;
}

static void check_bytes(const struct backup_key *k, unsigned char out[CHECK_BYTES])
{
	unsigned char h[16];
	crypto_generichash(h, sizeof h, k->key, sizeof k->key, NULL, 0);
	memcpy(out, h, CHECK_BYTES);
}

void backup_key_code(const struct backup_key *k, char out[BACKUP_CODE_SIZE])
{
	unsigned char raw[BACKUP_KEY_BYTES + CHECK_BYTES];
	memcpy(raw, k->key, BACKUP_KEY_BYTES);
	check_bytes(k, raw + BACKUP_KEY_BYTES);
	size_t o = 0;
	for (int i = 0; i < CODE_CHARS; i++) {
		int bit = i * 5, v = 0;
		for (int b = 0; b < 5; b++, bit++) {
			int byte = bit / 8;
			v = v << 1 | (byte < (int)sizeof raw ? raw[byte] >> (7 - bit % 8) & 1 : 0);
		}
		if (i && i % CODE_GROUP == 0)
			out[o++] = '-';
		out[o++] = base32[v];
	}
	out[o] = '\0';
	sodium_memzero(raw, sizeof raw);
}

/* One character of a code as typed: case does not matter, and the digits
 * that look like letters are read as them. -1 for anything else. */
static int code_value(char c)
{
	if (c >= 'a' && c <= 'z')
		c = (char)(c - 'a' + 'A');
	if (c == '0')
		c = 'O';
	else if (c == '1')
		c = 'I';
	else if (c == '8')
		c = 'B';
	const char *p = c ? strchr(base32, c) : NULL;
	return p ? (int)(p - base32) : -1;
}

int backup_key_from_code(const char *code, struct backup_key *k, sy_err *err)
{
	unsigned char raw[BACKUP_KEY_BYTES + CHECK_BYTES + 1], check[CHECK_BYTES];
	int n = 0, bad = 0;
	memset(raw, 0, sizeof raw);
	for (const char *p = code; *p; p++) {
		if (*p == '-' || *p == ' ')
			continue;
		int v = code_value(*p);
		if (v < 0 || n >= CODE_CHARS) {
			bad = 1;
			break;
		}
		for (int b = 0; b < 5; b++) {
			int bit = n * 5 + b;
			if (v >> (4 - b) & 1)
				raw[bit / 8] |= (unsigned char)(0x80 >> bit % 8);
		}
		n++;
	}
	memset(k, 0, sizeof *k);
	if (!bad && n == CODE_CHARS && !raw[BACKUP_KEY_BYTES + CHECK_BYTES]) {
		memcpy(k->key, raw, BACKUP_KEY_BYTES);
		check_bytes(k, check);
		bad = memcmp(check, raw + BACKUP_KEY_BYTES, CHECK_BYTES) != 0;
	} else {
		bad = 1;
	}
	sodium_memzero(raw, sizeof raw);
	if (bad) {
		sodium_memzero(k, sizeof *k);
		return sy_fail(err, SY_INVALID, "key",
			       _("the recovery code is not right (%d of 55 letters and digits, or a typo its check caught): nothing was changed; type it again from the paper, in its 11 groups"),
			       n);
	}
	key_id(k);
	return SY_OK;
}

/* ---- the file ---- */

int backup_file_kind(const char *path)
{
	unsigned char head[16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, head, sizeof head);
	close(fd);
	if (n == (ssize_t)sizeof head && memcmp(head, "SQLite format 3", 16) == 0)
		return BACKUP_PLAIN;
	if (n >= MAGIC_BYTES && memcmp(head, MAGIC, MAGIC_BYTES) == 0)
		return BACKUP_SEALED;
	return BACKUP_FOREIGN;
}

static void put_be(unsigned char *p, uint64_t v, int bytes)
{
	for (int i = bytes - 1; i >= 0; i--, v >>= 8)
		p[i] = (unsigned char)v;
}

static uint64_t get_be(const unsigned char *p, int bytes)
{
	uint64_t v = 0;
	for (int i = 0; i < bytes; i++)
		v = v << 8 | p[i];
	return v;
}

/* Exactly len bytes, or fewer only at the end of the file. */
static ssize_t read_full(int fd, unsigned char *buf, size_t len)
{
	size_t got = 0;
	while (got < len) {
		ssize_t n = read(fd, buf + got, len - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		if (n == 0)
			break;
		got += (size_t)n;
	}
	return (ssize_t)got;
}

int backup_seal(int in, int64_t size, int out, const struct backup_key *k)
{
	crypto_secretstream_xchacha20poly1305_state st;
	unsigned char header[HEADER_BYTES], id[8];
	memset(header, 0, sizeof header);
	memcpy(header, MAGIC, MAGIC_BYTES);
	header[8] = FORMAT_VERSION;
	put_be(header + 12, BACKUP_CHUNK_BYTES, 4);
	size_t idlen = 0;
	sodium_hex2bin(id, sizeof id, k->id, strlen(k->id), NULL, &idlen, NULL);
	memcpy(header + 16, id, sizeof id);
	put_be(header + 24, (uint64_t)size, 8);
	crypto_secretstream_xchacha20poly1305_init_push(&st, header + FIXED_BYTES, k->key);
	unsigned char *plain = xmalloc(BACKUP_CHUNK_BYTES), *sealed = xmalloc(BACKUP_CHUNK_BYTES + TAG_BYTES);
	int rc = write_all(out, header, sizeof header);
	int64_t left = size;
	int first = 1;
	while (rc == 0) {
		size_t want = left > BACKUP_CHUNK_BYTES ? BACKUP_CHUNK_BYTES : (size_t)left;
		ssize_t n = read_full(in, plain, want);
		if (n != (ssize_t)want) {
			if (n >= 0)
				errno = EIO; /* the copy changed under us: it was made and checked just before */
			rc = -1;
			break;
		}
		left -= n;
		unsigned char tag = left ? 0 : crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		unsigned long long clen = 0;
		crypto_secretstream_xchacha20poly1305_push(&st, sealed, &clen, plain, (unsigned long long)n,
							   first ? header : NULL, first ? sizeof header : 0, tag);
		first = 0;
		rc = write_all(out, sealed, (size_t)clen);
		if (!left)
			break;
	}
	sodium_memzero(&st, sizeof st);
	sodium_memzero(plain, BACKUP_CHUNK_BYTES);
	free(plain);
	free(sealed);
	return rc;
}

int backup_unseal(int in, int out, const struct backup_key *k, const char *shown, int *write_errno, sy_err *err)
{
	unsigned char header[HEADER_BYTES], id[8];
	*write_errno = 0;
	ssize_t n = read_full(in, header, sizeof header);
	if (n < 0)
		return sy_fail(err, SY_ENV, NULL, _("cannot read %s: %s"), shown, strerror(errno));
	if (n < (ssize_t)sizeof header || memcmp(header, MAGIC, MAGIC_BYTES) != 0)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the backup %s is cut short (its header is incomplete): nothing was changed; copy it again from where it was made, or use an older backup"),
			       shown);
	if (header[8] != FORMAT_VERSION)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the backup %s was made by a newer scrapyard (format %d): nothing was changed; install the newer scrapyard that made it"),
			       shown, header[8]);
	size_t idlen = 0;
	sodium_hex2bin(id, sizeof id, k->id, strlen(k->id), NULL, &idlen, NULL);
	if (memcmp(header + 16, id, sizeof id) != 0) {
		char theirs[17];
		sodium_bin2hex(theirs, sizeof theirs, header + 16, 8);
		return sy_fail(err, SY_INVALID, "key",
			       _("the backup %s was encrypted with another key (key %s; the key given is %s): nothing was changed; give the recovery code of the yard that made it with --key CODE"),
			       shown, theirs, k->id);
	}
	uint64_t chunk = get_be(header + 12, 4), size = get_be(header + 24, 8), left = size;
	crypto_secretstream_xchacha20poly1305_state st;
	if (chunk == 0 || chunk > CHUNK_MAX ||
	    crypto_secretstream_xchacha20poly1305_init_pull(&st, header + FIXED_BYTES, k->key) != 0)
		return sy_fail(err, SY_INVALID, NULL,
			       _("the backup %s is damaged (changed after it was written): nothing was changed; use another backup"),
			       shown);
	unsigned char *sealed = xmalloc(chunk + TAG_BYTES), *plain = xmalloc(chunk);
	int status = SY_OK, first = 1;
	for (;;) {
		size_t want = (left > chunk ? chunk : left) + TAG_BYTES;
		n = read_full(in, sealed, want);
		if (n < 0) {
			status = sy_fail(err, SY_ENV, NULL, _("cannot read %s: %s"), shown, strerror(errno));
			break;
		}
		if (n < (ssize_t)want) {
			struct stat st;
			uint64_t chunks = size ? (size + chunk - 1) / chunk : 1;
			status = sy_fail(err, SY_INVALID, NULL,
					 _("the backup %s is cut short (%lld of its %lld bytes are there): nothing was changed; copy it again from where it was made, or use an older backup"),
					 shown, fstat(in, &st) == 0 ? (long long)st.st_size : -1LL,
					 (long long)(HEADER_BYTES + size + chunks * TAG_BYTES));
			break;
		}
		unsigned long long plen = 0;
		unsigned char tag = 0;
		if (crypto_secretstream_xchacha20poly1305_pull(&st, plain, &plen, &tag, sealed, (unsigned long long)n,
							       first ? header : NULL, first ? sizeof header : 0) != 0 ||
		    plen != want - TAG_BYTES) {
			status = sy_fail(err, SY_INVALID, NULL,
					 _("the backup %s is damaged (changed after it was written, at byte %lld of its copy): nothing was changed; use another backup"),
					 shown, (long long)(size - left));
			break;
		}
		first = 0;
		left -= plen;
		int final = tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL;
		if (final != (left == 0)) {
			status = sy_fail(err, SY_INVALID, NULL,
					 _("the backup %s is damaged (changed after it was written): nothing was changed; use another backup"),
					 shown);
			break;
		}
		if (out >= 0 && write_all(out, plain, (size_t)plen) != 0) {
			*write_errno = errno;
			status = SY_ENV;
			break;
		}
		if (final)
			break;
	}
	if (status == SY_OK && read_full(in, sealed, 1) != 0)
		status = sy_fail(err, SY_INVALID, NULL,
				 _("the backup %s is damaged (changed after it was written): nothing was changed; use another backup"),
				 shown);
	sodium_memzero(&st, sizeof st);
	sodium_memzero(plain, chunk);
	free(plain);
	free(sealed);
	return status;
}
