/*
 * Sessions: the task list kept in a queue file, so that quitting and
 * starting again brings every unfinished download back.
 *
 * The file is an ordinary queue file (see queuefile.h).  Each unfinished
 * task is written as its URL with out= (the name on disk, so its .part is
 * found again), dir= (its directory in full: a session may be resumed
 * from anywhere) and checksum= as needed; a paused task gets pause=true.
 * A queue file may not name a directory outside the download directory,
 * but the session file, which haul writes itself, may.  Finished tasks
 * are left out unless asked for, and then carry done=true.
 */
#ifndef HAUL_SESSION_H
#define HAUL_SESSION_H

#include <stddef.h>

#include "task.h"

/*
 * Writes TL to PATH atomically (a temporary file, fsync, rename).  Task
 * directories are written in full, relative ones against CWD (the working
 * directory, looked up once by the caller).  Returns 0, or -1 with errno
 * set.
 */
int	 session_save(const char *path, const struct task_list *tl,
	    const char *cwd, int keep_done);

/*
 * Writes directory DIR in full (made absolute against the working
 * directory CWD, "./" dropped) into BUF, LEN bytes, and returns BUF.
 */
char	*session_full_dir(const char *cwd, const char *dir, char *buf,
	    size_t len);

/*
 * Returns the default session file (malloc'd):
 * $XDG_STATE_HOME/haul/session, else ~/.local/state/haul/session; NULL
 * when neither variable is set.
 */
char	*session_default_path(void);

#endif
