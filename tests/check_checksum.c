/*
 * Unit tests for checksum.c: specs that parse and specs that do not,
 * known digests, and digests of a file fed partly from disk and partly
 * as a stream.
 */
#include <check.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "checksum.h"
#include "unit.h"

#define NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* Bytes in the file that test_file() feeds from disk. */
#define FILE_LEN 100000

#define MD5_ABC "900150983cd24fb0d6963f7d28e17f72"
#define SHA256_ABC \
	"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
#define SHA512_ABC \
	"ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a" \
	"2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f"

static const struct vector {
	const char	*spec;
	const char	*data;
} vectors[] = {
	{ "md5=d41d8cd98f00b204e9800998ecf8427e", "" },
	{ "md5=" MD5_ABC, "abc" },
	{ "md5=9e107d9d372bb6826bd81d3542a419d6",
	    "The quick brown fox jumps over the lazy dog" },
	{ "sha-1=da39a3ee5e6b4b0d3255bfef95601890afd80709", "" },
	{ "sha-1=a9993e364706816aba3e25717850c26c9cd0d89d", "abc" },
	{ "sha-256=e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b"
	    "7852b855", "" },
	{ "sha-256=" SHA256_ABC, "abc" },
	{ "sha-256=248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd4"
	    "19db06c1",
	    "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq" },
	{ "sha-512=cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921"
	    "d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a53832"
	    "7af927da3e", "" },
	{ "sha-512=" SHA512_ABC, "abc" },
};

static const struct parse_case {
	const char	*spec;
	int		 ok;
	const char	*type;		/* name, or the expected error */
} parse_cases[] = {
	{ "md5=" MD5_ABC, 1, "md5" },
	{ "MD5=" MD5_ABC, 1, "md5" },
	{ "md5=900150983CD24FB0D6963F7D28E17F72", 1, "md5" },
	{ "sha-1=a9993e364706816aba3e25717850c26c9cd0d89d", 1, "sha-1" },
	{ "sha1=a9993e364706816aba3e25717850c26c9cd0d89d", 1, "sha-1" },
	{ "SHA-1=a9993e364706816aba3e25717850c26c9cd0d89d", 1, "sha-1" },
	{ "sha-256=" SHA256_ABC, 1, "sha-256" },
	{ "SHA256=" SHA256_ABC, 1, "sha-256" },
	{ "Sha-256=" SHA256_ABC, 1, "sha-256" },
	{ "sha-512=" SHA512_ABC, 1, "sha-512" },
	{ "sha512=" SHA512_ABC, 1, "sha-512" },
	{ "sha-256=abcdef0123", 0,
	    "sha-256 digest must be 64 hex digits, got 10" },
	{ "sha-256=", 0, "sha-256 digest must be 64 hex digits, got 0" },
	{ "md5=" MD5_ABC "0", 0, "md5 digest must be 32 hex digits, got 33" },
	{ "sha-1=" MD5_ABC, 0, "sha-1 digest must be 40 hex digits, got 32" },
	{ "sha-512=" SHA256_ABC, 0,
	    "sha-512 digest must be 128 hex digits, got 64" },
	{ "md5=900150983cd24fb0d6963f7d28e17f7g", 0,
	    "md5 digest holds a character that is not a hex digit at "
	    "position 32" },
	{ "md5= 00150983cd24fb0d6963f7d28e17f72", 0,
	    "md5 digest holds a character that is not a hex digit at "
	    "position 1" },
	{ "md5=" MD5_ABC " ", 0, "md5 digest must be 32 hex digits, got 33" },
	{ "md5==00150983cd24fb0d6963f7d28e17f72", 0,
	    "md5 digest holds a character that is not a hex digit at "
	    "position 1" },
	{ "sha-3=" SHA256_ABC, 0, "unknown checksum type 'sha-3'; haul knows "
	    "md5, sha-1, sha-256 and sha-512" },
	{ "md5 =" MD5_ABC, 0, "unknown checksum type 'md5 '; haul knows "
	    "md5, sha-1, sha-256 and sha-512" },
	{ "=" MD5_ABC, 0, "unknown checksum type ''; haul knows "
	    "md5, sha-1, sha-256 and sha-512" },
	{ "sha-2560=" SHA256_ABC, 0, "unknown checksum type 'sha-2560'; "
	    "haul knows md5, sha-1, sha-256 and sha-512" },
	{ "crc32crc32crc32crc32crc32crc32crc32crc32=00", 0, "unknown checksum "
	    "type 'crc32crc32crc32crc32crc32crc32cr'; haul knows md5, sha-1, "
	    "sha-256 and sha-512" },
	{ "", 0, "checksum must be TYPE=HEX, such as sha-256= and 64 hex "
	    "digits" },
	{ "sha-256", 0, "checksum must be TYPE=HEX, such as sha-256= and 64 "
	    "hex digits" },
	{ SHA256_ABC, 0, "checksum must be TYPE=HEX, such as sha-256= and 64 "
	    "hex digits" },
};

/* Parses SPEC, which must be good, into *OUT. */
static void
parse_ok(const char *spec, struct checksum_spec *out)
{
	char err[256] = "";

	ck_assert_msg(checksum_parse(spec, out, err, sizeof err) == 0,
	    "%s: %s", spec, err);
}

/* Returns the digest of the LEN bytes at DATA under SPEC, in hex, and
 * whether it matched, fed in pieces of STEP bytes. */
static int
digest(const struct checksum_spec *spec, const void *data, size_t len,
    size_t step, char *hex)
{
	struct checksum *ck;
	size_t off, n;
	int rc;

	ck = checksum_start(spec);
	ck_assert_ptr_nonnull(ck);
	for (off = 0; off < len; off += n) {
		n = len - off < step ? len - off : step;
		ck_assert_int_eq(checksum_update(ck, (const char *)data + off,
		    n), 0);
	}
	rc = checksum_finish(ck, hex, CHECKSUM_HEX_LEN);
	checksum_free(ck);
	return rc;
}

/* checksum_parse() accepts and rejects what the table says, in words. */
START_TEST(test_parse)
{
	const struct parse_case *c = &parse_cases[_i];
	struct checksum_spec spec, before;
	char err[256] = "";

	memset(&spec, 0x5a, sizeof spec);
	before = spec;
	if (c->ok) {
		parse_ok(c->spec, &spec);
		ck_assert_str_eq(checksum_type_name(&spec), c->type);
		ck_assert_uint_eq(spec.len * 2,
		    strlen(strchr(c->spec, '=') + 1));
		return;
	}
	ck_assert_msg(checksum_parse(c->spec, &spec, err, sizeof err) == -1,
	    "\"%s\" was accepted", c->spec);
	ck_assert_str_eq(err, c->type);
	ck_assert(memcmp(&spec, &before, sizeof spec) == 0);
}
END_TEST

/* An error message is cut to the buffer it is given. */
START_TEST(test_parse_short_err)
{
	struct checksum_spec spec;
	char err[8];

	ck_assert_int_eq(checksum_parse("sha-256=ab", &spec, err, sizeof err),
	    -1);
	ck_assert_str_eq(err, "sha-256");
}
END_TEST

/* A parsed spec is written back as it would be read, in lower case. */
START_TEST(test_spec_text)
{
	struct checksum_spec spec;
	char buf[CHECKSUM_TEXT_LEN];

	parse_ok("SHA512=" SHA512_ABC, &spec);
	ck_assert_str_eq(checksum_spec_text(&spec, buf, sizeof buf),
	    "sha-512=" SHA512_ABC);
	parse_ok("MD5=900150983CD24FB0D6963F7D28E17F72", &spec);
	ck_assert_str_eq(checksum_spec_text(&spec, buf, sizeof buf),
	    "md5=" MD5_ABC);
}
END_TEST

/* Each known vector matches, fed whole, a byte at a time, or in threes. */
START_TEST(test_vectors)
{
	const struct vector *v = &vectors[_i];
	struct checksum_spec spec;
	char hex[CHECKSUM_HEX_LEN];
	size_t len;

	parse_ok(v->spec, &spec);
	len = strlen(v->data);
	ck_assert_int_eq(digest(&spec, v->data, len, len + 1, hex), 1);
	ck_assert_str_eq(hex, strchr(v->spec, '=') + 1);
	ck_assert_int_eq(digest(&spec, v->data, len, 1, hex), 1);
	ck_assert_int_eq(digest(&spec, v->data, len, 3, hex), 1);
}
END_TEST

/* Other data gives a mismatch, with the digest it did have. */
START_TEST(test_mismatch)
{
	struct checksum_spec spec;
	char hex[CHECKSUM_HEX_LEN];

	parse_ok("sha-256=" SHA256_ABC, &spec);
	ck_assert_int_eq(digest(&spec, "abd", 3, 3, hex), 0);
	ck_assert_str_ne(hex, SHA256_ABC);
	ck_assert_int_eq(digest(&spec, "", 0, 1, hex), 0);
	ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934c"
	    "a495991b7852b855");
	ck_assert_int_eq(digest(&spec, "abcabc", 6, 2, hex), 0);
}
END_TEST

/* checksum_finish() cuts the hex to a short buffer, or writes none. */
START_TEST(test_finish_short)
{
	struct checksum_spec spec;
	struct checksum *ck;
	char hex[5];

	parse_ok("md5=" MD5_ABC, &spec);
	ck = checksum_start(&spec);
	ck_assert_int_eq(checksum_update(ck, "abc", 3), 0);
	ck_assert_int_eq(checksum_finish(ck, hex, sizeof hex), 1);
	ck_assert_str_eq(hex, "9001");
	checksum_free(ck);

	ck = checksum_start(&spec);
	ck_assert_int_eq(checksum_update(ck, "abc", 3), 0);
	ck_assert_int_eq(checksum_finish(ck, NULL, 0), 1);
	checksum_free(ck);
	checksum_free(NULL);
}
END_TEST

/* Fills BUF with LEN bytes of a fixed pseudo-random sequence. */
static void
fill(unsigned char *buf, size_t len)
{
	uint32_t x = 2463534242u;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
}

/* Writes BUF to a new temporary file and returns it, open. */
static int
temp_file(const unsigned char *buf, size_t len)
{
	char path[] = "/tmp/check_checksum.XXXXXX";
	int fd;

	fd = mkstemp(path);
	ck_assert_int_ne(fd, -1);
	unlink(path);
	ck_assert_int_eq(write(fd, buf, len), (ssize_t)len);
	return fd;
}

/* Hashing the first K bytes from disk and the rest from memory equals
 * the streamed digest for every split, and leaves the offset alone. */
START_TEST(test_file)
{
	static const int64_t splits[] = { 0, 1, 63, 64, 4095, 32767, 32768,
	    32769, 65536, 99999, FILE_LEN };
	static const char *const types[] = { "md5", "sha-1", "sha-256",
	    "sha-512" };
	static unsigned char buf[FILE_LEN];
	char spec_text[CHECKSUM_TEXT_LEN], want[CHECKSUM_HEX_LEN];
	char got[CHECKSUM_HEX_LEN];
	struct checksum_spec spec;
	struct checksum *ck;
	size_t t, i;
	int fd;

	fill(buf, sizeof buf);
	fd = temp_file(buf, sizeof buf);
	for (t = 0; t < NITEMS(types); t++) {
		snprintf(spec_text, sizeof spec_text, "%s=%0*d", types[t],
		    t == 0 ? 32 : t == 1 ? 40 : t == 2 ? 64 : 128, 0);
		parse_ok(spec_text, &spec);
		ck_assert_int_eq(digest(&spec, buf, sizeof buf, 1000, want), 0);
		for (i = 0; i < NITEMS(splits); i++) {
			ck = checksum_start(&spec);
			ck_assert_int_eq(lseek(fd, 123, SEEK_SET), 123);
			ck_assert_int_eq(checksum_file(ck, fd, splits[i]), 0);
			ck_assert_int_eq(lseek(fd, 0, SEEK_CUR), 123);
			ck_assert_int_eq(checksum_update(ck, buf + splits[i],
			    sizeof buf - (size_t)splits[i]), 0);
			ck_assert_int_eq(checksum_finish(ck, got, sizeof got),
			    0);
			ck_assert_str_eq(got, want);
			checksum_free(ck);
		}
	}
	close(fd);
}
END_TEST

/* checksum_file() fails on a short file, a negative length or a bad fd. */
START_TEST(test_file_errors)
{
	struct checksum_spec spec;
	struct checksum *ck;
	int fd;

	parse_ok("sha-256=" SHA256_ABC, &spec);
	fd = temp_file((const unsigned char *)"abc", 3);
	ck = checksum_start(&spec);
	ck_assert_int_eq(checksum_file(ck, fd, 4), -1);
	ck_assert_int_eq(errno, EIO);
	ck_assert_int_eq(checksum_file(ck, fd, -1), -1);
	ck_assert_int_eq(errno, EINVAL);
	ck_assert_int_eq(checksum_file(ck, -1, 1), -1);
	ck_assert_int_eq(errno, EBADF);
	checksum_free(ck);

	ck = checksum_start(&spec);
	ck_assert_int_eq(checksum_file(ck, fd, 0), 0);
	ck_assert_int_eq(checksum_file(ck, fd, 3), 0);
	ck_assert_int_eq(checksum_finish(ck, NULL, 0), 1);
	checksum_free(ck);
	close(fd);
}
END_TEST

/* Collects the checksum tests. */
static Suite *
checksum_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("checksum");
	tc = tcase_create("checksum");
	tcase_add_loop_test(tc, test_parse, 0, (int)NITEMS(parse_cases));
	tcase_add_test(tc, test_parse_short_err);
	tcase_add_test(tc, test_spec_text);
	tcase_add_loop_test(tc, test_vectors, 0, (int)NITEMS(vectors));
	tcase_add_test(tc, test_mismatch);
	tcase_add_test(tc, test_finish_short);
	tcase_add_test(tc, test_file);
	tcase_add_test(tc, test_file_errors);
	suite_add_tcase(s, tc);
	return s;
}

/* Runs the checksum tests; fails when any test does. */
int
main(void)
{

	return unit_run(checksum_suite());
}
