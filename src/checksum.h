/*
 * Checksums of downloaded files, computed while the data streams.
 *
 * A queue file's "checksum=TYPE=HEX" is parsed once into a struct
 * checksum_spec, a plain value a job can hold.  Each attempt of a
 * transfer then starts a struct checksum from it, feeds it every byte
 * of the file in order -- first, with checksum_file(), the bytes a
 * resume kept on disk, then the body as it arrives -- and finishes it to
 * compare.  An attempt that starts writing again from another offset
 * frees its checksum and starts a new one.  The digests are libcrypto's.
 */
#ifndef HAUL_CHECKSUM_H
#define HAUL_CHECKSUM_H

#include <stddef.h>
#include <stdint.h>

/* Bytes in the longest digest (sha-512). */
#define CHECKSUM_MAX 64

/* Room for the longest digest in hex, with its NUL. */
#define CHECKSUM_HEX_LEN (2 * CHECKSUM_MAX + 1)

/* Room for the text of a spec, "sha-512=" and the hex digest. */
#define CHECKSUM_TEXT_LEN (16 + CHECKSUM_HEX_LEN)

/* The digests haul knows. */
enum checksum_type {
	CHECKSUM_MD5,
	CHECKSUM_SHA1,
	CHECKSUM_SHA256,
	CHECKSUM_SHA512
};

/* An expected digest: its type and LEN bytes of value in WANT. */
struct checksum_spec {
	enum checksum_type	 type;
	size_t			 len;
	unsigned char		 want[CHECKSUM_MAX];
};

/* A digest being computed; see checksum_start(). */
struct checksum;

/*
 * Parses SPEC, "TYPE=HEX", into *OUT.  TYPE is md5, sha-1, sha-256 or
 * sha-512 (or sha1, sha256, sha512), in any case; HEX must have exactly
 * the digits the type needs, in any case.  Returns 0, or -1 with a
 * sentence saying what is wrong in ERR (ERRLEN bytes) and *OUT left
 * alone.
 */
int	 checksum_parse(const char *spec, struct checksum_spec *out, char *err,
	    size_t errlen);

/* Returns the name of SPEC's type as people write it ("sha-256"). */
const char *checksum_type_name(const struct checksum_spec *spec);

/*
 * Writes SPEC back as "TYPE=HEX" into BUF (LEN bytes, at least
 * CHECKSUM_TEXT_LEN to hold any) for a session file, and returns BUF.
 */
char	*checksum_spec_text(const struct checksum_spec *spec, char *buf,
	    size_t len);

/*
 * Starts computing the digest SPEC asks for.  Returns a context the
 * caller owns and must checksum_free(), or NULL when memory or libcrypto
 * fails (md5, for one, is missing when libcrypto runs in FIPS mode).
 * SPEC is copied; it need not outlive the context.
 */
struct checksum *checksum_start(const struct checksum_spec *spec);

/* Feeds LEN bytes at BUF to CK.  Returns 0, or -1 if libcrypto fails. */
int	 checksum_update(struct checksum *ck, const void *buf, size_t len);

/*
 * Feeds the first LEN bytes of the open file FD to CK, read with pread()
 * so the file offset does not move.  Returns 0, or -1 with errno set:
 * by the failed read, EIO when the file holds fewer than LEN bytes, or
 * EINVAL when libcrypto fails.
 */
int	 checksum_file(struct checksum *ck, int fd, int64_t len);

/*
 * Completes CK's digest and writes it in lower-case hex into GOT (LEN
 * bytes, cut to fit; CHECKSUM_HEX_LEN always suffices).  Returns 1 if it
 * equals the expected one, 0 if not, -1 if libcrypto fails.  Call it
 * once; afterwards CK is good only for checksum_free().
 */
int	 checksum_finish(struct checksum *ck, char *got, size_t len);

/* Frees CK; NULL is allowed. */
void	 checksum_free(struct checksum *ck);

#endif
