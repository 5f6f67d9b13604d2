/*
 * Sessions: the task list kept in a queue file, so that quitting and
 * starting again brings every unfinished download back.
 *
 * The file is an ordinary queue file (see queuefile.h).  Each unfinished
 * task is written as its URL with out= (the name on disk, so its .part is
 * found again), dir= (below the download directory) and checksum= as
 * needed; a paused task gets pause=true.  Finished tasks are left out
 * unless asked for, and then carry done=true.
 */
#ifndef HAUL_SESSION_H
#define HAUL_SESSION_H

#include "task.h"

/*
 * Writes TL to PATH atomically (a temporary file, fsync, rename).  Task
 * directories are written relative to BASE_DIR.  Returns 0, or -1 with
 * errno set.
 */
int	 session_save(const char *path, const struct task_list *tl,
	    const char *base_dir, int keep_done);

/*
 * Returns the default session file (malloc'd):
 * $XDG_STATE_HOME/haul/session, else ~/.local/state/haul/session; NULL
 * when neither variable is set.
 */
char	*session_default_path(void);

#endif
