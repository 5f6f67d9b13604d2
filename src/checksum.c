/*
 * Checksums: parsing "TYPE=HEX" and running libcrypto's EVP digests over
 * a file as it is written, plus whatever part of it was already on disk.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "checksum.h"
#include "format.h"

/* Bytes checksum_file() reads at a time. */
#define CHECKSUM_CHUNK 32768

/* Longest type name an error message repeats. */
#define CHECKSUM_NAME_SHOWN 32

/* What haul knows of each digest, in the order of enum checksum_type. */
static const struct checksum_kind {
	const char	*name;		/* as haul writes it */
	const char	*alias;		/* also accepted */
	size_t		 len;		/* bytes of digest */
	const EVP_MD	*(*md)(void);
} checksum_kinds[] = {
	{ "md5", "md5", 16, EVP_md5 },
	{ "sha-1", "sha1", 20, EVP_sha1 },
	{ "sha-256", "sha256", 32, EVP_sha256 },
	{ "sha-512", "sha512", 64, EVP_sha512 },
};

#define CHECKSUM_NKINDS (sizeof checksum_kinds / sizeof checksum_kinds[0])

/* A running digest and the value it must reach. */
struct checksum {
	struct checksum_spec	 spec;
	EVP_MD_CTX		*md;
};

/* Returns the kind named by the LEN bytes at NAME, or NULL. */
static const struct checksum_kind *
checksum_kind_named(const char *name, size_t len)
{
	const struct checksum_kind *k;
	size_t i;

	for (i = 0; i < CHECKSUM_NKINDS; i++) {
		k = &checksum_kinds[i];
		if ((strlen(k->name) == len &&
		    strncasecmp(name, k->name, len) == 0) ||
		    (strlen(k->alias) == len &&
		    strncasecmp(name, k->alias, len) == 0))
			return k;
	}
	return NULL;
}

/* Returns the kind of SPEC's type. */
static const struct checksum_kind *
checksum_kind_of(const struct checksum_spec *spec)
{
	return &checksum_kinds[spec->type];
}

/*
 * Decodes HEX, which must be exactly 2 * K->len hex digits, into OUT.
 * Returns 0, or -1 with the reason in ERR.
 */
static int
checksum_parse_hex(const struct checksum_kind *k, const char *hex,
    unsigned char *out, char *err, size_t errlen)
{
	size_t n, i;

	n = strlen(hex);
	if (n != 2 * k->len) {
		snprintf(err, errlen, "%s digest must be %zu hex digits, "
		    "got %zu", k->name, 2 * k->len, n);
		return -1;
	}
	for (i = 0; i < n; i++) {
		if (format_hex_digit(hex[i]) == -1) {
			snprintf(err, errlen, "%s digest holds a character "
			    "that is not a hex digit at position %zu",
			    k->name, i + 1);
			return -1;
		}
	}
	for (i = 0; i < k->len; i++)
		out[i] = (unsigned char)(format_hex_digit(hex[2 * i]) << 4 |
		    format_hex_digit(hex[2 * i + 1]));
	return 0;
}

/* Parses "TYPE=HEX" into *OUT (see checksum.h). */
int
checksum_parse(const char *spec, struct checksum_spec *out, char *err,
    size_t errlen)
{
	const struct checksum_kind *k;
	unsigned char want[CHECKSUM_MAX];
	const char *eq;
	size_t len;

	if ((eq = strchr(spec, '=')) == NULL) {
		snprintf(err, errlen, "checksum must be TYPE=HEX, "
		    "such as sha-256= and 64 hex digits");
		return -1;
	}
	len = (size_t)(eq - spec);
	if ((k = checksum_kind_named(spec, len)) == NULL) {
		if (len > CHECKSUM_NAME_SHOWN)
			len = CHECKSUM_NAME_SHOWN;
		snprintf(err, errlen, "unknown checksum type '%.*s'; haul "
		    "knows md5, sha-1, sha-256 and sha-512", (int)len, spec);
		return -1;
	}
	if (checksum_parse_hex(k, eq + 1, want, err, errlen) == -1)
		return -1;

	out->type = (enum checksum_type)(k - checksum_kinds);
	out->len = k->len;
	memcpy(out->want, want, k->len);
	return 0;
}

/* Returns the name of SPEC's type, such as "sha-256". */
const char *
checksum_type_name(const struct checksum_spec *spec)
{
	return checksum_kind_of(spec)->name;
}

/* Writes the LEN (at most CHECKSUM_MAX) bytes at BYTES as hex into HEX. */
static void
checksum_to_hex(const unsigned char *bytes, size_t len,
    char hex[CHECKSUM_HEX_LEN])
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < len; i++) {
		hex[2 * i] = digits[bytes[i] >> 4];
		hex[2 * i + 1] = digits[bytes[i] & 0xf];
	}
	hex[2 * len] = '\0';
}

/* Writes SPEC as "TYPE=HEX" into BUF (see checksum.h). */
char *
checksum_spec_text(const struct checksum_spec *spec, char *buf, size_t len)
{
	char hex[CHECKSUM_HEX_LEN];

	checksum_to_hex(spec->want, spec->len, hex);
	snprintf(buf, len, "%s=%s", checksum_type_name(spec), hex);
	return buf;
}

/* Starts a digest of the kind SPEC asks for (see checksum.h). */
struct checksum *
checksum_start(const struct checksum_spec *spec)
{
	const EVP_MD *md = checksum_kind_of(spec)->md();
	struct checksum *ck;

	if ((ck = calloc(1, sizeof *ck)) == NULL)
		return NULL;
	ck->spec = *spec;
	ck->md = EVP_MD_CTX_new();
	if (ck->md == NULL || EVP_DigestInit_ex(ck->md, md, NULL) != 1) {
		checksum_free(ck);
		return NULL;
	}
	return ck;
}

/* Feeds LEN bytes to the digest. */
int
checksum_update(struct checksum *ck, const void *buf, size_t len)
{
	if (len == 0)
		return 0;
	return EVP_DigestUpdate(ck->md, buf, len) == 1 ? 0 : -1;
}

/* Feeds the first LEN bytes of FD to the digest without moving FD. */
int
checksum_file(struct checksum *ck, int fd, int64_t len)
{
	unsigned char buf[CHECKSUM_CHUNK];
	int64_t off = 0;
	size_t want;
	ssize_t n;

	if (len < 0) {
		errno = EINVAL;
		return -1;
	}
	while (off < len) {
		want = len - off < CHECKSUM_CHUNK ? (size_t)(len - off) :
		    CHECKSUM_CHUNK;
		n = pread(fd, buf, want, (off_t)off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 0) {
			errno = EIO;
			return -1;
		}
		if (checksum_update(ck, buf, (size_t)n) == -1) {
			errno = EINVAL;
			return -1;
		}
		off += n;
	}
	return 0;
}

/* Completes the digest, writes it as hex and compares it. */
int
checksum_finish(struct checksum *ck, char *got, size_t len)
{
	unsigned char digest[EVP_MAX_MD_SIZE];
	char hex[CHECKSUM_HEX_LEN];
	unsigned int n;

	if (EVP_DigestFinal_ex(ck->md, digest, &n) != 1 || n != ck->spec.len)
		return -1;
	checksum_to_hex(digest, n, hex);
	if (len > 0)
		snprintf(got, len, "%s", hex);
	return memcmp(digest, ck->spec.want, n) == 0 ? 1 : 0;
}

/* Frees a digest context. */
void
checksum_free(struct checksum *ck)
{
	if (ck == NULL)
		return;
	EVP_MD_CTX_free(ck->md);
	free(ck);
}
