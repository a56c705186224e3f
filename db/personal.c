/* Who sees personal data in full, the trail of full views, and the salted
 * commitments the audit trail carries instead of the values (db/personal.h). */
#include "db/personal.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/i18n.h"
#include "base/mask.h"
#include "base/util.h"
#include "db/audit.h"
#include "db/user.h"

const char *const personal_fields[] = {"owner_name", "owner_id",  "owner_phone", "owner_address",
				       "agent_name", "agent_id", "postal_code", NULL};

void personal_mask(struct vehicle *v)
{
	char buf[256];
	mask_id(v->owner_id, buf, sizeof buf);
	sy_strlcpy(v->owner_id, buf, sizeof v->owner_id);
	mask_id(v->agent_id, buf, sizeof buf);
	sy_strlcpy(v->agent_id, buf, sizeof v->agent_id);
	mask_phone(v->owner_phone, buf, sizeof buf);
	sy_strlcpy(v->owner_phone, buf, sizeof v->owner_phone);
	mask_address(v->owner_address, buf, sizeof buf);
	sy_strlcpy(v->owner_address, buf, sizeof v->owner_address);
}

/* ---- full views ---- */

int personal_full_role(db *d)
{
	char *s = db_setting(d, "full_id_role");
	enum user_role r = s ? user_role_parse(s) : ROLE_CLERK;
	free(s);
	return r == ROLE_NONE ? ROLE_CLERK : (int)r;
}

int personal_may_see(db *d, sy_err *err)
{
	enum user_role need = (enum user_role)personal_full_role(d);
	if (need == ROLE_CLERK)
		return SY_OK;
	if (user_may(d, need, NULL) == SY_OK)
		return SY_OK;
	return sy_fail(err, SY_INVALID, NULL,
		       _("ID numbers and phones are shown masked: this yard shows them in full to a %s or above (setting full_id_role)"),
		       user_role_name(need));
}

int personal_note_view(db *d, const struct vehicle *v, const char *where, sy_err *err)
{
	int own = !db_in_transaction(d);
	if (own && db_begin(d, err) != SY_OK)
		return err->status;
	cJSON *o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "stock_no", v->stock_no);
	cJSON_AddStringToObject(o, "where", where);
	char *text = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	int rc = audit_append(d, err, "personal_view", v->id, "view", NULL, text);
	free(text);
	if (!own)
		return rc;
	if (rc != SY_OK) {
		db_rollback(d);
		return rc;
	}
	return db_commit(d, err);
}

/* ---- commitments ---- */

void personal_commitment(const char *salt, const char *field, const char *value, char out[68])
{
	crypto_hash_sha256_state h;
	unsigned char digest[crypto_hash_sha256_BYTES];
	crypto_hash_sha256_init(&h);
	crypto_hash_sha256_update(&h, (const unsigned char *)salt, strlen(salt));
	crypto_hash_sha256_update(&h, (const unsigned char *)"\x1f", 1);
	crypto_hash_sha256_update(&h, (const unsigned char *)field, strlen(field));
	crypto_hash_sha256_update(&h, (const unsigned char *)"\x1f", 1);
	crypto_hash_sha256_update(&h, (const unsigned char *)value, strlen(value));
	crypto_hash_sha256_final(&h, digest);
	memcpy(out, PERSONAL_COMMIT_PREFIX, 3);
	sodium_bin2hex(out + 3, 65, digest, sizeof digest);
}

/* The vehicle's salt, made on first use. */
static char *vehicle_salt(db *d, int64_t id, sy_err *err)
{
	sy_err e = {0};
	char *salt = db_text(d, &e, "SELECT salt FROM personal_salts WHERE vehicle_id = ?", "I", id);
	if (salt || e.status) {
		if (e.status && err)
			*err = e;
		return salt;
	}
	unsigned char raw[16];
	char hex[33];
	randombytes_buf(raw, sizeof raw);
	sodium_bin2hex(hex, sizeof hex, raw, sizeof raw);
	if (db_exec(d, err, "INSERT INTO personal_salts(vehicle_id, salt) VALUES (?, ?)", "It", id, hex) != SY_OK)
		return NULL;
	return xstrdup(hex);
}

int personal_commit(db *d, int64_t id, cJSON *o, sy_err *err)
{
	char *salt = NULL;
	for (const char *const *f = personal_fields; *f; f++) {
		cJSON *x = cJSON_GetObjectItemCaseSensitive(o, *f);
		if (!cJSON_IsString(x) || !*x->valuestring)
			continue; /* nothing personal in an empty field */
		if (!salt && !(salt = vehicle_salt(d, id, err)))
			return err ? err->status : SY_ENV;
		char c[68];
		personal_commitment(salt, *f, x->valuestring, c);
		cJSON_ReplaceItemInObjectCaseSensitive(o, *f, cJSON_CreateString(c));
	}
	if (salt)
		sodium_memzero(salt, strlen(salt));
	free(salt);
	return SY_OK;
}

/* ---- retention ---- */

char *personal_erased_at(db *d, int64_t id)
{
	return db_text(d, NULL, "SELECT erased_at FROM personal_erasures WHERE vehicle_id = ?", "I", id);
}

int personal_retention_years(db *d)
{
	char *s = db_setting(d, "personal_data_years");
	int y = s ? atoi(s) : 0;
	free(s);
	return y > 0 ? y : PERSONAL_YEARS_DEFAULT;
}
