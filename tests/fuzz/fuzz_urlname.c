/*
 * Fuzzes the names made from URLs, which come from queue files, the
 * command line and redirects: the name and each of its numbered
 * variants must stay one safe path component.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzname.h"
#include "naming.h"

/* Room for " (N)" with the largest N. */
#define FUZZ_URLNAME_SUFFIX sizeof " (4294967295)"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Returns whether VARIANT is NAME (LEN bytes) with SUFFIX inserted at AT. */
static int
fuzz_urlname_split(const char *name, size_t len, const char *suffix,
    size_t at, const char *variant)
{
	size_t slen;

	slen = strlen(suffix);
	return memcmp(variant, name, at) == 0 &&
	    memcmp(variant + at, suffix, slen) == 0 &&
	    memcmp(variant + at + slen, name + at, len - at) == 0;
}

/*
 * Checks that VARIANT is NAME with " (N)" inserted at one place, and
 * still a safe name.
 */
static void
fuzz_urlname_variant(const char *name, unsigned n, const char *variant)
{
	char suffix[FUZZ_URLNAME_SUFFIX];
	size_t len, at;

	if (variant == NULL)
		fuzzname_fail("naming_variant", name, "no variant");
	suffix[0] = '\0';
	if (n > 0)
		snprintf(suffix, sizeof suffix, " (%u)", n);
	len = strlen(name);
	if (strlen(variant) != len + strlen(suffix))
		fuzzname_fail("naming_variant", variant, "wrong length");
	for (at = 0; at <= len; at++) {
		if (fuzz_urlname_split(name, len, suffix, at, variant))
			break;
	}
	if (at > len)
		fuzzname_fail("naming_variant", variant, "not NAME (N).EXT");
	fuzzname_check("naming_variant", variant, NAMING_MAX +
	    strlen(suffix));
}

/* Returns the variant number to try for an input of SIZE bytes at DATA. */
static unsigned
fuzz_urlname_number(const uint8_t *data, size_t size)
{
	unsigned n;

	if (size < 4)
		return 1;
	memcpy(&n, data, sizeof n);
	return n;
}

/* Makes a name from one URL and checks it and some of its variants. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned numbers[] = { 0, 1, 99, 4294967295u, 0 };
	char *url, *name, *variant;
	size_t i;

	numbers[4] = fuzz_urlname_number(data, size);
	url = fuzzname_string(data, size);
	name = naming_from_url(url);
	fuzzname_check("naming_from_url", name, NAMING_MAX);
	for (i = 0; i < sizeof numbers / sizeof numbers[0]; i++) {
		variant = naming_variant(name, numbers[i]);
		fuzz_urlname_variant(name, numbers[i], variant);
		free(variant);
	}
	free(name);
	free(url);
	return 0;
}
