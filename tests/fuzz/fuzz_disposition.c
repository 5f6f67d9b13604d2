/*
 * Fuzzes the Content-Disposition parser and the sanitiser behind it: a
 * server may send any value, and whatever name comes out must be safe
 * to create in the download directory.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzzname.h"
#include "httphdr.h"
#include "naming.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Checks the raw name RAW that the value V gave. */
static void
fuzz_disposition_raw(const char *v, const char *raw)
{
	size_t len;

	len = strlen(raw);
	if (len == 0)
		fuzzname_fail("httphdr_disposition_filename", raw,
		    "empty name instead of none");
	if (len > 2 * strlen(v))
		fuzzname_fail("httphdr_disposition_filename", raw,
		    "name longer than twice the header value");
}

/* Parses one header value and sanitises the name it carries. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v, *raw, *name;

	v = fuzzname_string(data, size);
	if ((raw = httphdr_disposition_filename(v)) != NULL) {
		fuzz_disposition_raw(v, raw);
		if ((name = naming_sanitize(raw)) != NULL)
			fuzzname_check("naming_sanitize", name, NAMING_MAX);
		free(name);
	}
	free(raw);
	free(v);
	return 0;
}
