/*
 * Sizes, rates and durations as short text for the screen and the line
 * output, and the reverse for sizes typed by a person ("500K", "2M").
 * Every function here is pure: no allocation, no global state.
 */
#ifndef HAUL_FORMAT_H
#define HAUL_FORMAT_H

#include <stddef.h>
#include <stdint.h>

/* Room enough for any string the format_* functions produce. */
#define FORMAT_LEN 32

/*
 * Writes BYTES as "0 B", "999 B", "1.0 KiB", "12.3 MiB", "1.00 GiB" into
 * BUF (at most LEN bytes) and returns BUF.  A negative size (unknown)
 * gives "?".  Below 10 units one decimal is shown, above it none, so the
 * text never grows past 8 characters.
 */
char	*format_size(char *buf, size_t len, int64_t bytes);

/* Writes a rate in bytes per second as format_size does, plus "/s". */
char	*format_rate(char *buf, size_t len, double bytes_per_sec);

/*
 * Writes a duration in whole seconds as "42s", "3m07s", "2h05m", "3d04h";
 * a negative duration (unknown) gives "--".
 */
char	*format_eta(char *buf, size_t len, int64_t secs);

/*
 * Parses a size such as "1500", "500K", "2M", "1.5G" or "2MiB" (K, M, G,
 * T are powers of 1024; a trailing "B" or "iB" is allowed) into *OUT.
 * Returns 0, or -1 when S is not a size or overflows.
 */
int	 format_parse_size(const char *s, int64_t *out);

/* Returns the value of hex digit C (either case), or -1. */
int	 format_hex_digit(char c);

/*
 * Returns 1 if code point C is an invisible character that reorders or
 * hides text (bidi controls, zero-width characters, a byte order mark):
 * text from the network shows such characters escaped, never raw.
 */
int	 format_char_hidden(unsigned long c);

/*
 * Copies S into BUF (LEN bytes, cut to fit) so it is safe to print on a
 * terminal: control characters and bytes that are not valid UTF-8 become
 * \xHH, invisible characters (format_char_hidden) and C1 controls become
 * \uHHHH.  Returns BUF.
 */
char	*format_escape(char *buf, size_t len, const char *s);

#endif
