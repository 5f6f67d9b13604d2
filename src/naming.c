/*
 * File names: making them safe, and claiming them on disk.
 *
 * Any name that reaches the disk first passes naming_sanitize(), which
 * leaves a single path component: no separators, no control characters
 * or broken UTF-8, nothing that starts with '.' or '-', bounded length.
 *
 * Claiming is the hard part, because several workers (and other haul
 * processes) may want the same name at once.  The rule is that a task
 * owns NAME exactly while it holds an flock() on NAME.part.  flock locks
 * belong to the open file description, so they exclude threads of one
 * process from each other as well as other processes.  naming_claim()
 * walks the variants "NAME", "NAME (1)", ... and for each one:
 *
 *   1. skips it if NAME exists (unless the policy is overwrite);
 *   2. opens NAME.part, creating it if needed, and tries the lock; a
 *      busy lock means another task owns the name, so it moves on;
 *   3. checks that the path still leads to the file it locked: a holder
 *      may have placed and removed its .part between our open() and our
 *      lock, leaving us a lock on an orphan, and then it tries again;
 *   4. checks NAME once more, since it may have appeared in the meantime.
 *
 * A .part is only ever renamed or removed by the task holding its lock,
 * so once step 3 passes the claim is stable.  naming_place() never
 * overwrites: it link()s NAME.part to NAME, which fails if NAME exists,
 * and only then removes NAME.part.  Overwrite alone uses rename().
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "naming.h"

/* Longest extension, dot included, that naming keeps apart from a stem. */
#define NAMING_EXT_MAX 16

/* Variants naming_claim() and naming_place() try before giving up. */
#define NAMING_TRIES 10000

/* Times one variant is retried when its .part changes under the lock. */
#define NAMING_RACES 100

/* What a name falls back to when a URL gives none. */
#define NAMING_DEFAULT "index.html"

/* The shapes of a UTF-8 character: lead byte pattern, length, least
 * code point that may use the length. */
static const struct naming_utf8_form {
	unsigned char	 mask;
	unsigned char	 lead;
	size_t		 len;
	unsigned long	 min;
} naming_utf8_forms[] = {
	{ 0x80, 0x00, 1, 0x0 },
	{ 0xe0, 0xc0, 2, 0x80 },
	{ 0xf0, 0xe0, 3, 0x800 },
	{ 0xf8, 0xf0, 4, 0x10000 },
};

/* Compressed tar suffixes that, after ".tar", form one extension. */
static const char *const naming_tar_exts[] = {
	"gz", "bz2", "xz", "zst", "lz", "lzma", "lz4", "Z", "br"
};

/* The words --on-exists accepts. */
static const struct naming_policy_word {
	const char		*word;
	enum naming_policy	 policy;
} naming_policy_words[] = {
	{ "rename", NAMING_RENAME },
	{ "overwrite", NAMING_OVERWRITE },
	{ "skip", NAMING_SKIP },
	{ "fail", NAMING_FAIL },
};

/* Errors from link() that mean the file system has no hard links. */
static const int naming_nolink[] = {
	EPERM, ENOTSUP, EOPNOTSUPP, EXDEV, ENOSYS
};

#define NAMING_NITEMS(a) (sizeof (a) / sizeof (a)[0])

/* What naming_try() found for one candidate name. */
enum naming_try {
	NAMING_TRY_OK,		/* claimed */
	NAMING_TRY_TAKEN,	/* the file itself exists */
	NAMING_TRY_BUSY,	/* another task holds its .part */
	NAMING_TRY_RACE,	/* the .part changed under us; try again */
	NAMING_TRY_ERROR	/* see ERR */
};

/* Writes a sentence to ERR and returns NAMING_ERROR. */
static enum naming_result
naming_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return NAMING_ERROR;
}

/*
 * Returns the length of the well-formed UTF-8 character at S, which has
 * N bytes left, storing its code point in *CP; returns 0 if there is none.
 */
static size_t
naming_utf8(const unsigned char *s, size_t n, unsigned long *cp)
{
	const struct naming_utf8_form *f;
	unsigned long c;
	size_t i, k;

	for (k = 0; k < NAMING_NITEMS(naming_utf8_forms); k++) {
		f = &naming_utf8_forms[k];
		if ((s[0] & f->mask) == f->lead)
			break;
	}
	if (k == NAMING_NITEMS(naming_utf8_forms) || f->len > n)
		return 0;

	c = s[0] & (unsigned char)~f->mask;
	for (i = 1; i < f->len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if (c < f->min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return f->len;
}

/* Returns whether code point CP is a C0 or C1 control character. */
static int
naming_is_control(unsigned long cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f);
}

/* Returns the last component of PATH, split at '/' and '\\'. */
static const char *
naming_last_component(const char *path)
{
	const char *p, *base;

	base = path;
	for (p = path; *p != '\0'; p++) {
		if (*p == '/' || *p == '\\')
			base = p + 1;
	}
	return base;
}

/*
 * Copies S to OUT keeping only well-formed, non-control characters, and
 * returns the length written.
 */
static size_t
naming_filter(const char *s, char *out)
{
	const unsigned char *u;
	unsigned long cp;
	size_t n, left, len;

	u = (const unsigned char *)s;
	left = strlen(s);
	len = 0;
	while (left > 0) {
		n = naming_utf8(u, left, &cp);
		if (n == 0) {
			u++;
			left--;
			continue;
		}
		if (!naming_is_control(cp)) {
			memcpy(out + len, u, n);
			len += n;
		}
		u += n;
		left -= n;
	}
	return len;
}

/*
 * Removes leading dots, dashes and spaces and trailing spaces from the
 * LEN bytes of NAME; returns the new length.
 */
static size_t
naming_trim(char *name, size_t len)
{
	size_t skip;

	skip = 0;
	while (skip < len && name[skip] != '\0' &&
	    strchr(".- ", name[skip]) != NULL)
		skip++;
	memmove(name, name + skip, len - skip);
	len -= skip;

	while (len > 0 && name[len - 1] == ' ')
		len--;
	return len;
}

/* Returns whether the N bytes at S are one of the compressed tar
 * suffixes. */
static int
naming_is_tar_ext(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < NAMING_NITEMS(naming_tar_exts); i++) {
		if (strlen(naming_tar_exts[i]) == n &&
		    strncasecmp(naming_tar_exts[i], s, n) == 0)
			return 1;
	}
	return 0;
}

/*
 * Returns where the extension of the LEN bytes of NAME starts (".txt",
 * or ".tar.gz" as a whole), or LEN when it has none: a name starting
 * with its only dot, or ending in something long or with spaces after
 * its last dot, has none.
 */
static size_t
naming_ext(const char *name, size_t len)
{
	size_t dot;

	dot = len;
	while (dot > 0 && name[dot - 1] != '.')
		dot--;
	if (dot <= 1)
		return len;
	dot--;
	if (len - dot > NAMING_EXT_MAX ||
	    memchr(name + dot, ' ', len - dot) != NULL)
		return len;

	if (dot >= 5 && strncasecmp(name + dot - 4, ".tar", 4) == 0 &&
	    naming_is_tar_ext(name + dot + 1, len - dot - 1))
		return dot - 4;
	return dot;
}

/* Returns the largest character boundary in S at or before LEN. */
static size_t
naming_boundary(const char *s, size_t len)
{
	while (len > 0 && ((unsigned char)s[len] & 0xc0) == 0x80)
		len--;
	return len;
}

/*
 * Cuts the LEN bytes of NAME to NAMING_MAX on a character boundary,
 * keeping its extension; returns the new length.
 */
static size_t
naming_shorten(char *name, size_t len)
{
	size_t ext, extlen, cut;

	if (len <= NAMING_MAX)
		return len;

	ext = naming_ext(name, len);
	extlen = len - ext;
	cut = naming_boundary(name, NAMING_MAX - extlen);
	while (cut > 0 && name[cut - 1] == ' ')
		cut--;
	memmove(name + cut, name + ext, extlen);
	return cut + extlen;
}

/* Returns a safe single-component file name made from RAW, or NULL. */
char *
naming_sanitize(const char *raw)
{
	const char *base;
	char *name;
	size_t len;

	if (raw == NULL)
		return NULL;
	base = naming_last_component(raw);
	if ((name = malloc(strlen(base) + 1)) == NULL)
		return NULL;

	len = naming_filter(base, name);
	len = naming_trim(name, len);
	len = naming_shorten(name, len);
	name[len] = '\0';

	if (len == 0 || strcmp(name, ".") == 0 || strcmp(name, "..") == 0) {
		free(name);
		return NULL;
	}
	return name;
}

/* Returns the value of hexadecimal digit C, or -1. */
static int
naming_hex(char c)
{
	static const char digits[] = "0123456789abcdef";
	const char *p;

	if (c == '\0')
		return -1;
	if (c >= 'A' && c <= 'F')
		c = (char)(c - 'A' + 'a');
	p = strchr(digits, c);
	return p == NULL ? -1 : (int)(p - digits);
}

/*
 * Returns the N bytes at S percent-decoded (malloc'd); malformed escapes
 * stay as they are and "%00" is dropped.
 */
static char *
naming_unescape(const char *s, size_t n)
{
	char *out;
	size_t i, len;
	int hi, lo;

	if ((out = malloc(n + 1)) == NULL)
		return NULL;
	len = 0;
	for (i = 0; i < n; i++) {
		if (s[i] == '%' && i + 2 < n &&
		    (hi = naming_hex(s[i + 1])) != -1 &&
		    (lo = naming_hex(s[i + 2])) != -1) {
			if (hi != 0 || lo != 0)
				out[len++] = (char)(hi << 4 | lo);
			i += 2;
		} else
			out[len++] = s[i];
	}
	out[len] = '\0';
	return out;
}

/* Returns where the path of URL starts: after "scheme://host[:port]",
 * or at the start when URL has no scheme. */
static const char *
naming_url_path(const char *url)
{
	const char *sep, *p;

	if ((sep = strstr(url, "://")) == NULL || sep == url)
		return url;
	for (p = url; p < sep; p++) {
		if (strchr("abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+.-", *p) == NULL)
			return url;
	}
	sep += 3;
	return sep + strcspn(sep, "/?#");
}

/* Returns the file name URL asks for, or "index.html". */
char *
naming_from_url(const char *url)
{
	const char *path, *end, *seg;
	char *raw, *name;

	if (url == NULL)
		return strdup(NAMING_DEFAULT);

	path = naming_url_path(url);
	end = path + strcspn(path, "?#");
	seg = end;
	while (seg > path && seg[-1] != '/')
		seg--;

	name = NULL;
	if ((raw = naming_unescape(seg, (size_t)(end - seg))) != NULL)
		name = naming_sanitize(raw);
	free(raw);
	return name != NULL ? name : strdup(NAMING_DEFAULT);
}

/* Returns "stem (N).ext" for NAME, or a copy of NAME when N is 0. */
char *
naming_variant(const char *name, unsigned n)
{
	size_t len, ext, size;
	char *out;

	if (n == 0)
		return strdup(name);

	len = strlen(name);
	ext = naming_ext(name, len);
	size = len + sizeof " (4294967295)";
	if ((out = malloc(size)) == NULL)
		return NULL;
	snprintf(out, size, "%.*s (%u)%s", (int)ext, name, n, name + ext);
	return out;
}

/* Parses an --on-exists word into *OUT. */
int
naming_policy_parse(const char *word, enum naming_policy *out)
{
	size_t i;

	if (word == NULL)
		return -1;
	for (i = 0; i < NAMING_NITEMS(naming_policy_words); i++) {
		if (strcmp(word, naming_policy_words[i].word) == 0) {
			*out = naming_policy_words[i].policy;
			return 0;
		}
	}
	return -1;
}

/* Returns DIR/NAME (just NAME when DIR is NULL or empty), malloc'd. */
static char *
naming_join(const char *dir, const char *name, const char *suffix)
{
	const char *sep;
	size_t dlen, size;
	char *path;

	if (dir == NULL)
		dir = "";
	dlen = strlen(dir);
	sep = dlen > 0 && dir[dlen - 1] != '/' ? "/" : "";
	size = dlen + strlen(sep) + strlen(name) + strlen(suffix) + 1;
	if ((path = malloc(size)) == NULL)
		return NULL;
	snprintf(path, size, "%s%s%s%s", dir, sep, name, suffix);
	return path;
}

/* Points CLAIM at NAME in DIR, with no file open; returns 0 or -1. */
static int
naming_set(struct naming_claim *claim, const char *dir, char *name)
{
	claim->fd = -1;
	claim->size = 0;
	claim->name = name;
	if (name == NULL)
		return -1;
	claim->path = naming_join(dir, name, "");
	claim->part_path = naming_join(dir, name, ".part");
	if (claim->path == NULL || claim->part_path == NULL)
		return -1;
	return 0;
}

/* Returns 1 if something is at PATH, 0 if not, -1 (with ERR) if unsure. */
static int
naming_exists(const char *path, char *err, size_t errlen)
{
	struct stat st;

	if (lstat(path, &st) == 0)
		return 1;
	if (errno == ENOENT)
		return 0;
	naming_error(err, errlen, "cannot check %s: %s", path,
	    strerror(errno));
	return -1;
}

/*
 * Checks that PATH still names the file open on FD, which is locked,
 * and fills *ST; a changed or missing path is a race to retry.
 */
static enum naming_try
naming_same(int fd, const char *path, struct stat *st, char *err,
    size_t errlen)
{
	struct stat now;

	if (fstat(fd, st) == -1) {
		naming_error(err, errlen, "cannot check %s: %s", path,
		    strerror(errno));
		return NAMING_TRY_ERROR;
	}
	if (lstat(path, &now) == -1) {
		if (errno == ENOENT)
			return NAMING_TRY_RACE;
		naming_error(err, errlen, "cannot check %s: %s", path,
		    strerror(errno));
		return NAMING_TRY_ERROR;
	}
	if (now.st_dev != st->st_dev || now.st_ino != st->st_ino)
		return NAMING_TRY_RACE;
	if (!S_ISREG(st->st_mode)) {
		naming_error(err, errlen, "%s is not a regular file", path);
		return NAMING_TRY_ERROR;
	}
	return NAMING_TRY_OK;
}

/* Opens and locks CLAIM->part_path into *FD. */
static enum naming_try
naming_lock(struct naming_claim *claim, int *fd, char *err, size_t errlen)
{
	int saved;

	*fd = open(claim->part_path, O_RDWR | O_CREAT | O_CLOEXEC |
	    O_NOFOLLOW, 0666);
	if (*fd == -1) {
		naming_error(err, errlen, "cannot create %s: %s",
		    claim->part_path, strerror(errno));
		return NAMING_TRY_ERROR;
	}
	if (flock(*fd, LOCK_EX | LOCK_NB) == 0)
		return NAMING_TRY_OK;

	saved = errno;
	close(*fd);
	*fd = -1;
	if (saved == EWOULDBLOCK)
		return NAMING_TRY_BUSY;
	naming_error(err, errlen, "cannot lock %s: %s", claim->part_path,
	    strerror(saved));
	return NAMING_TRY_ERROR;
}

/* Tries once to claim the name CLAIM points at. */
static enum naming_try
naming_try(struct naming_claim *claim, enum naming_policy policy,
    int resume, char *err, size_t errlen)
{
	enum naming_try r;
	struct stat st;
	int fd, e;

	if (policy != NAMING_OVERWRITE &&
	    (e = naming_exists(claim->path, err, errlen)) != 0)
		return e > 0 ? NAMING_TRY_TAKEN : NAMING_TRY_ERROR;

	if ((r = naming_lock(claim, &fd, err, errlen)) != NAMING_TRY_OK)
		return r;
	if ((r = naming_same(fd, claim->part_path, &st, err, errlen)) !=
	    NAMING_TRY_OK) {
		close(fd);
		return r;
	}

	if (policy != NAMING_OVERWRITE &&
	    (e = naming_exists(claim->path, err, errlen)) != 0) {
		if (e > 0 && st.st_size == 0)
			unlink(claim->part_path);
		close(fd);
		return e > 0 ? NAMING_TRY_TAKEN : NAMING_TRY_ERROR;
	}

	if (!resume && st.st_size != 0 && ftruncate(fd, 0) == -1) {
		naming_error(err, errlen, "cannot truncate %s: %s",
		    claim->part_path, strerror(errno));
		close(fd);
		return NAMING_TRY_ERROR;
	}
	claim->fd = fd;
	claim->size = resume ? (int64_t)st.st_size : 0;
	return NAMING_TRY_OK;
}

/*
 * Decides what an unsuccessful try means under POLICY: returns 1 to go
 * on with the next variant, or 0 with the final answer in *RESULT.
 */
static int
naming_judge(enum naming_try r, struct naming_claim *claim,
    enum naming_policy policy, enum naming_result *result, char *err,
    size_t errlen)
{
	if (policy == NAMING_RENAME &&
	    (r == NAMING_TRY_TAKEN || r == NAMING_TRY_BUSY))
		return 1;

	if (r == NAMING_TRY_TAKEN && policy == NAMING_SKIP)
		*result = NAMING_SKIPPED;
	else if (r == NAMING_TRY_TAKEN)
		*result = naming_error(err, errlen, "%s already exists",
		    claim->path);
	else if (r == NAMING_TRY_BUSY)
		*result = naming_error(err, errlen,
		    "%s is in use by another download", claim->part_path);
	else if (r == NAMING_TRY_RACE)
		*result = naming_error(err, errlen,
		    "%s keeps changing under another download",
		    claim->part_path);
	else
		*result = NAMING_ERROR;
	return 0;
}

/* Returns whether NAME may be claimed at all: one non-empty component. */
static int
naming_valid(const char *name)
{
	return name != NULL && *name != '\0' && strchr(name, '/') == NULL &&
	    strcmp(name, ".") != 0 && strcmp(name, "..") != 0;
}

/* Chooses NAME or a variant of it in DIR and opens its .part, locked. */
enum naming_result
naming_claim(const char *dir, const char *name, enum naming_policy policy,
    int resume, struct naming_claim *claim, char *err, size_t errlen)
{
	enum naming_result result;
	enum naming_try r;
	unsigned i, races;

	memset(claim, 0, sizeof *claim);
	claim->fd = -1;
	if (!naming_valid(name))
		return naming_error(err, errlen, "invalid file name '%s'",
		    name == NULL ? "" : name);

	for (i = 0; i < NAMING_TRIES; i++) {
		if (naming_set(claim, dir, naming_variant(name, i)) == -1) {
			naming_release(claim);
			return naming_error(err, errlen, "out of memory");
		}
		races = 0;
		do
			r = naming_try(claim, policy, resume, err, errlen);
		while (r == NAMING_TRY_RACE && ++races < NAMING_RACES);

		if (r == NAMING_TRY_OK)
			return NAMING_OK;
		if (!naming_judge(r, claim, policy, &result, err, errlen)) {
			naming_release(claim);
			return result;
		}
		naming_release(claim);
	}
	return naming_error(err, errlen, "no free name for %s in %s", name,
	    dir == NULL || *dir == '\0' ? "." : dir);
}

/*
 * Moves PART to PATH unless PATH exists.  Returns 1 when PART was renamed
 * to PATH (one atomic renameat2() where the kernel and file system have
 * RENAME_NOREPLACE, or a rename after a check where there are no hard
 * links), 0 when PART was linked to PATH and still exists, or -1 with
 * errno set (EEXIST: PATH is taken).
 */
static int
naming_link(const char *part, const char *path)
{
	struct stat st;
	size_t i;

#ifdef RENAME_NOREPLACE
	if (renameat2(AT_FDCWD, part, AT_FDCWD, path, RENAME_NOREPLACE) == 0)
		return 1;
	if (errno != EINVAL && errno != ENOSYS && errno != ENOTSUP)
		return -1;
#endif
	if (link(part, path) == 0)
		return 0;
	for (i = 0; i < NAMING_NITEMS(naming_nolink); i++) {
		if (errno == naming_nolink[i])
			break;
	}
	if (i == NAMING_NITEMS(naming_nolink))
		return -1;

	if (lstat(path, &st) == 0) {
		errno = EEXIST;
		return -1;
	}
	if (errno != ENOENT || rename(part, path) == -1)
		return -1;
	return 1;
}

/*
 * Returns N when the LEN bytes of NAME are a variant "stem (N).ext",
 * with the bytes " (N)" at [*FROM, *TO); returns 0 when NAME is none.
 */
static unsigned
naming_number(const char *name, size_t len, size_t *from, size_t *to)
{
	size_t ext, digits, i;
	unsigned n;

	ext = naming_ext(name, len);
	digits = ext;
	while (digits > 0 && name[digits - 1] != '(')
		digits--;
	if (digits < 2 || ext < digits + 2 || name[digits - 2] != ' ' ||
	    name[ext - 1] != ')' || name[digits] == '0')
		return 0;

	n = 0;
	for (i = digits; i < ext - 1; i++) {
		if (name[i] < '0' || name[i] > '9' || n >= NAMING_TRIES)
			return 0;
		n = n * 10 + (unsigned)(name[i] - '0');
	}
	*from = digits - 2;
	*to = ext;
	return n;
}

/*
 * Moves CLAIM on to the variant after its current name: "a (3).txt"
 * becomes "a (4).txt", "a.txt" becomes "a (1).txt".  Returns 0 or -1.
 */
static int
naming_next(struct naming_claim *claim)
{
	size_t len, from, to, dirlen;
	unsigned n;
	char *base, *next, *path;

	len = strlen(claim->name);
	if ((base = strdup(claim->name)) == NULL)
		return -1;
	if ((n = naming_number(base, len, &from, &to)) != 0)
		memmove(base + from, base + to, len - to + 1);
	next = naming_variant(base, n + 1);
	free(base);
	if (next == NULL)
		return -1;

	dirlen = strlen(claim->path) - len;
	if ((path = malloc(dirlen + strlen(next) + 1)) == NULL) {
		free(next);
		return -1;
	}
	memcpy(path, claim->path, dirlen);
	strcpy(path + dirlen, next);
	free(claim->name);
	free(claim->path);
	claim->name = next;
	claim->path = path;
	return 0;
}

/* Removes the .part left behind after a link; returns 0 or -1 (ERR). */
static int
naming_unlink_part(struct naming_claim *claim, char *err, size_t errlen)
{
	if (unlink(claim->part_path) == 0)
		return 0;
	naming_error(err, errlen, "cannot remove %s: %s", claim->part_path,
	    strerror(errno));
	return -1;
}

/* Moves the finished .part of CLAIM into place under POLICY. */
enum naming_result
naming_place(struct naming_claim *claim, enum naming_policy policy,
    char *err, size_t errlen)
{
	unsigned tries;
	int r;

	if (policy == NAMING_OVERWRITE) {
		if (rename(claim->part_path, claim->path) == 0)
			return NAMING_OK;
		return naming_error(err, errlen, "cannot move %s to %s: %s",
		    claim->part_path, claim->path, strerror(errno));
	}

	for (tries = 0; tries < NAMING_TRIES; tries++) {
		if ((r = naming_link(claim->part_path, claim->path)) == 1)
			return NAMING_OK;
		if (r == 0)
			return naming_unlink_part(claim, err, errlen) == 0 ?
			    NAMING_OK : NAMING_ERROR;
		if (errno != EEXIST)
			return naming_error(err, errlen,
			    "cannot move %s to %s: %s", claim->part_path,
			    claim->path, strerror(errno));

		if (policy == NAMING_SKIP)
			return naming_unlink_part(claim, err, errlen) == 0 ?
			    NAMING_SKIPPED : NAMING_ERROR;
		if (policy == NAMING_FAIL)
			return naming_error(err, errlen, "%s already exists",
			    claim->path);
		if (naming_next(claim) == -1)
			break;
	}
	return naming_error(err, errlen, "no free name for %s",
	    claim->path);
}

/* Closes CLAIM's .part, dropping its lock, and frees its strings. */
void
naming_release(struct naming_claim *claim)
{
	if (claim->fd >= 0)
		close(claim->fd);
	free(claim->name);
	free(claim->path);
	free(claim->part_path);
	claim->fd = -1;
	claim->name = NULL;
	claim->path = NULL;
	claim->part_path = NULL;
	claim->size = 0;
}
