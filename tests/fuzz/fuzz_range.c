/*
 * Fuzzes the header parsers a transfer acts on: Content-Range, which
 * decides whether a resumed body is appended; Retry-After, which decides
 * how long a worker sleeps; and the status line.  Each input is tried as
 * the value of every one of them, and what comes out must make sense.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "fuzzname.h"
#include "httphdr.h"

/* What the outputs hold before a call, to see a failure left them be. */
#define FUZZ_RANGE_UNSET INT64_C(-12345)

/* Sizes of reason buffers tried on each status line. */
static const size_t fuzz_range_reason_lens[] = { 0, 1, 2, 8, 64 };

/* Clocks a Retry-After value is read against: the epoch, 1994 (the date
 * in RFC 9110's examples), 2023, the end of 32-bit time, 2100. */
static const time_t fuzz_range_nows[] = {
	0, 784111777, 1700000000, 2147483647, 4102444800
};

/* Header names tried against each input as a header line. */
static const char *const fuzz_range_names[] = {
	"Content-Range", "Retry-After", "Content-Disposition", "Location", ""
};

#define FUZZ_RANGE_NITEMS(a) (sizeof (a) / sizeof (a)[0])

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Says which property of the value V broke, and aborts. */
static void
fuzz_range_fail(const char *what, const char *v, const char *why)
{
	fuzzname_fail(what, v, why);
}

/* Parses V as a Content-Range and checks the range it describes. */
static void
fuzz_range_content_range(const char *v)
{
	int64_t start, end, total;

	start = end = total = FUZZ_RANGE_UNSET;
	if (httphdr_content_range(v, &start, &end, &total) == -1) {
		if (start != FUZZ_RANGE_UNSET || end != FUZZ_RANGE_UNSET ||
		    total != FUZZ_RANGE_UNSET)
			fuzz_range_fail("httphdr_content_range", v,
			    "outputs written on failure");
		return;
	}
	if (total < -1)
		fuzz_range_fail("httphdr_content_range", v, "bad total");
	if (start == -1 && end == -1 && total >= 0)
		return;
	if (start < 0 || end < start)
		fuzz_range_fail("httphdr_content_range", v, "bad start-end");
	if (total >= 0 && end >= total)
		fuzz_range_fail("httphdr_content_range", v, "end past total");
}

/* Parses V as a Retry-After against several clocks. */
static void
fuzz_range_retry_after(const char *v)
{
	int64_t secs;
	size_t i;

	for (i = 0; i < FUZZ_RANGE_NITEMS(fuzz_range_nows); i++) {
		secs = FUZZ_RANGE_UNSET;
		if (httphdr_retry_after(v, fuzz_range_nows[i], &secs) == -1) {
			if (secs != FUZZ_RANGE_UNSET)
				fuzz_range_fail("httphdr_retry_after", v,
				    "output written on failure");
			continue;
		}
		if (secs < 0)
			fuzz_range_fail("httphdr_retry_after", v,
			    "negative wait");
	}
}

/*
 * Checks the reason phrase of the status line V in a buffer of LEN
 * bytes; one that filled the buffer may have been cut after a space.
 */
static void
fuzz_range_reason(const char *v, const char *reason, size_t len)
{
	size_t n;

	n = strnlen(reason, len);
	if (n == len)
		fuzz_range_fail("httphdr_status_line", v,
		    "reason not terminated");
	if (n > 0 && n + 1 < len &&
	    strchr(" \t\r\n", reason[n - 1]) != NULL)
		fuzz_range_fail("httphdr_status_line", v,
		    "reason ends in white space");
}

/* Parses V as a status line into reason buffers of several sizes. */
static void
fuzz_range_status_line(const char *v)
{
	char *reason;
	size_t i, len;
	long code;

	for (i = 0; i < FUZZ_RANGE_NITEMS(fuzz_range_reason_lens); i++) {
		len = fuzz_range_reason_lens[i];
		reason = len > 0 ? malloc(len) : NULL;
		if (len > 0 && reason == NULL)
			abort();
		code = -1;
		if (httphdr_status_line(v, &code, reason, len) == 0) {
			if (code < 100 || code > 999)
				fuzz_range_fail("httphdr_status_line", v,
				    "status code out of range");
			if (len > 0)
				fuzz_range_reason(v, reason, len);
		} else if (code != -1)
			fuzz_range_fail("httphdr_status_line", v,
			    "code written on failure");
		free(reason);
	}
}

/* Reads V as a header line and checks where its value is said to start. */
static void
fuzz_range_name_is(const char *v)
{
	const char *value;
	size_t i;

	for (i = 0; i < FUZZ_RANGE_NITEMS(fuzz_range_names); i++) {
		value = NULL;
		if (httphdr_name_is(v, fuzz_range_names[i], &value) == 0)
			continue;
		if (value == NULL || value < v || value > v + strlen(v))
			fuzz_range_fail("httphdr_name_is", v,
			    "value outside the line");
	}
}

/* Tries one input as the value of each header. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *v;

	v = fuzzname_string(data, size);
	fuzz_range_content_range(v);
	fuzz_range_retry_after(v);
	fuzz_range_status_line(v);
	fuzz_range_name_is(v);
	free(v);
	return 0;
}
