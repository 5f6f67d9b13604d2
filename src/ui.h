/*
 * The ncurses screen: one view over the task list.  Only the main thread
 * calls anything here.  The engine knows nothing of this file; main.c
 * feeds it the task list and acts on the commands it returns.
 */
#ifndef HAUL_UI_H
#define HAUL_UI_H

#include <stddef.h>

#include "task.h"

/* What a key press asks of main.c, beyond what the screen does itself. */
enum ui_command {
	UI_NOTHING,
	UI_QUIT,		/* the user wants out (already confirmed) */
	UI_ADD,			/* add the URLs in TEXT */
	UI_PAUSE,		/* pause or resume TASK */
	UI_PAUSE_ALL,		/* pause all, or resume all if none runs */
	UI_RETRY,		/* retry failed TASK */
	UI_REMOVE,		/* cancel and remove TASK (confirmed) */
	UI_MOVE,		/* move TASK by VALUE places (-1 up, +1 down) */
	UI_JOBS,		/* change concurrent downloads by VALUE */
	UI_LIMIT		/* set the overall limit to VALUE bytes/s,
				 * 0 for none */
};

struct ui_cmd {
	enum ui_command	 command;
	char		*text;	/* malloc'd; for UI_ADD, one URL or several
				 * separated by white space */
	unsigned	 task;	/* task id, for commands about one task */
	long long	 value;
};

/* Facts the header shows that are not in the task list. */
struct ui_status {
	unsigned	 jobs;		/* concurrent downloads allowed */
	uint64_t	 elapsed_ms;
	const char	*dir;		/* download directory */
	int64_t		 limit;		/* overall bytes/s, 0 for none */
	const char	*session;	/* session file, or NULL */
	int		 insecure;	/* TLS certificates are not checked */
};

struct ui;

/*
 * Takes over the terminal (ncursesw, keypad, no echo, colours when
 * there are some).  Returns NULL when the terminal cannot be used.
 */
struct ui	*ui_start(void);

/* Gives the terminal back as it was and frees UI. */
void		 ui_stop(struct ui *ui);

/* Returns the descriptor to poll for key presses. */
int		 ui_fd(const struct ui *ui);

/*
 * Reads every key that is waiting.  Keys that only move the screen are
 * handled here; the first key that needs main.c fills CMD and returns 1.
 * Returns 0 when nothing is asked.  TL is read to know how many tasks
 * there are and whether transfers are active (quit asks first).
 */
int		 ui_input(struct ui *ui, const struct task_list *tl,
		    struct ui_cmd *cmd);

/* Notes that the terminal changed size (SIGWINCH or KEY_RESIZE). */
void		 ui_resized(struct ui *ui);

/*
 * Draws the screen if anything changed since the last call (the task
 * list's change counter, a key, a resize, or a second passing for the
 * clock).  Cheap when nothing changed.
 */
void		 ui_draw(struct ui *ui, const struct task_list *tl,
		    const struct ui_status *st);

/* Shows MSG for a few seconds on the status line (e.g. "2 URLs added"). */
void		 ui_message(struct ui *ui, const char *msg);

#endif
