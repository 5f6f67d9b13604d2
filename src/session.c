/*
 * Session files.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "session.h"

/* Writes DIR in full into BUF (LEN bytes); see session.h. */
char *
session_full_dir(const char *cwd, const char *dir, char *buf, size_t len)
{
	if (*dir == '/') {
		snprintf(buf, len, "%s", dir);
		return buf;
	}
	while (dir[0] == '.' && dir[1] == '/')
		dir += 2;
	if (strcmp(dir, ".") == 0)
		snprintf(buf, len, "%s", cwd);
	else
		snprintf(buf, len, "%s/%s", strcmp(cwd, "/") == 0 ? "" : cwd,
		    dir);
	return buf;
}

/* Writes one task as a queue-file entry. */
static void
session_write_task(FILE *fp, const struct task *t, const char *cwd)
{
	char text[CHECKSUM_TEXT_LEN], dir[PATH_MAX];

	fprintf(fp, "%s\n", t->url);
	if (t->out != NULL)
		fprintf(fp, "  out=%s\n", t->out);
	else if (t->name != NULL && t->attempts > 0)
		fprintf(fp, "  out=%s\n", t->name);
	fprintf(fp, "  dir=%s\n", session_full_dir(cwd, t->dir, dir,
	    sizeof dir));
	if (t->checksum != NULL)
		fprintf(fp, "  checksum=%s\n",
		    checksum_spec_text(t->checksum, text, sizeof text));
	if (t->state == TASK_PAUSED)
		fprintf(fp, "  pause=true\n");
	if (t->state == TASK_DONE)
		fprintf(fp, "  done=true\n");
}

/* Writes every task that belongs in the session to FP. */
static void
session_write(FILE *fp, const struct task_list *tl, const char *cwd,
    int keep_done)
{
	size_t i;

	fprintf(fp, "# haul session: a queue file; unfinished downloads "
	    "resume from it\n");
	for (i = 0; i < tl->n; i++) {
		const struct task *t = tl->v[i];

		if (t->state == TASK_DONE && !keep_done)
			continue;
		session_write_task(fp, t, cwd);
	}
}

/* Flushes and syncs FP, then closes it; returns 0 or -1. */
static int
session_close(FILE *fp)
{
	int rc = 0;

	if (fflush(fp) != 0 || ferror(fp) || fsync(fileno(fp)) != 0)
		rc = -1;
	if (fclose(fp) != 0)
		rc = -1;
	return rc;
}

/* Saves the session atomically. */
int
session_save(const char *path, const struct task_list *tl,
    const char *cwd, int keep_done)
{
	char *tmp;
	FILE *fp;
	int fd, saved;

	if (asprintf(&tmp, "%s.tmp.%ld", path, (long)getpid()) == -1)
		return -1;
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd == -1 || (fp = fdopen(fd, "w")) == NULL) {
		saved = errno;
		if (fd != -1)
			close(fd);
		free(tmp);
		errno = saved;
		return -1;
	}
	session_write(fp, tl, cwd, keep_done);
	if (session_close(fp) != 0 || rename(tmp, path) != 0) {
		saved = errno;
		unlink(tmp);
		free(tmp);
		errno = saved;
		return -1;
	}
	free(tmp);
	return 0;
}

/* Returns the default session path. */
char *
session_default_path(void)
{
	const char *state = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	char *path;
	int n;

	if (state != NULL && *state == '/')
		n = asprintf(&path, "%s/haul/session", state);
	else if (home != NULL && *home != '\0')
		n = asprintf(&path, "%s/.local/state/haul/session", home);
	else
		return NULL;
	return n == -1 ? NULL : path;
}
