/*
 * What ui.c and keys.c share: the screen's state and the few drawing and
 * input helpers the key table needs.  Nothing outside those two files
 * includes this.
 */
#ifndef HAUL_UI_PRIVATE_H
#define HAUL_UI_PRIVATE_H

#ifndef NCURSES_WIDECHAR
#define NCURSES_WIDECHAR 1
#endif

#include <curses.h>
#include <stdio.h>
#include <wchar.h>

#include "ui.h"

/*
 * A key as keys.c sees it: a character is its code point, a function key
 * (KEY_UP, KEY_RESIZE, ...) is UI_FKEY(code), which no character can be.
 */
#define UI_FKEY(k)	((k) + 0x200000)

/* The terminal's marks around pasted text (bracketed paste). */
#define UI_KEY_PASTE	UI_FKEY(KEY_MAX + 1)
#define UI_KEY_PASTE_END UI_FKEY(KEY_MAX + 2)

/* No key was waiting. */
#define UI_NOKEY	(-1)

/* The smallest terminal the layout is drawn on; below it, a message. */
#define UI_MIN_COLS	40
#define UI_MIN_LINES	8

/* How many failures the error pane lists when it does not have focus. */
#define UI_ERR_MAX	4

/* Longest line the prompt keeps, in characters. */
#define UI_LINE_MAX	65536

/* What the keys currently act on. */
enum ui_mode {
	UI_MODE_LIST,		/* the task list, or the error pane */
	UI_MODE_HELP,		/* the help overlay is up */
	UI_MODE_PROMPT,		/* typing a line: URLs or a limit */
	UI_MODE_CONFIRM,	/* asked a yes or no question */
	UI_MODE_DETAILS,	/* the details of one task are up */
	UI_NMODES
};

/* What the one-line prompt asks for. */
enum ui_prompt {
	UI_PROMPT_ADD,		/* URLs to add */
	UI_PROMPT_LIMIT		/* the overall speed limit */
};

/* What the yes or no question is about. */
enum ui_ask {
	UI_ASK_QUIT,		/* quit while transfers run */
	UI_ASK_REMOVE		/* remove a task that is running */
};

/* Colour pairs, when the terminal has colours. */
enum ui_pair {
	UI_PAIR_NONE,
	UI_PAIR_ACTIVE,
	UI_PAIR_RETRY,
	UI_PAIR_FAILED,
	UI_PAIR_DONE,
	UI_PAIR_TITLE,
	UI_PAIR_PAUSED,
	UI_NPAIRS
};

struct ui {
	SCREEN		*screen;
	FILE		*tty;		/* /dev/tty when stdin is not one */
	FILE		*out;		/* where the screen is written */
	int		 fd;		/* where keys come from */

	enum ui_mode	 mode;
	int		 dirty;		/* something asks for a redraw */
	int		 cursor;	/* the cursor is shown */
	int		 colours;
	wchar_t		 ellipsis;	/* marks cut text: "…" or "~" */

	/* What the last drawing showed. */
	unsigned	 seen_changes;
	uint64_t	 seen_second;
	uint64_t	 now_ms;	/* when this drawing started */
	int64_t		 eta;		/* overall ETA, refreshed each second */

	/* Rows of the layout, from LINES and the error count. */
	int		 list_y;
	int		 list_rows;
	int		 pane_y;
	int		 pane_rows;
	int		 status_y;

	/*
	 * The selected task, by place and by id (the selection follows the
	 * task when it moves), and the first task on screen.
	 */
	size_t		 sel;
	unsigned	 sel_id;
	size_t		 top;
	size_t		 ntasks;	/* tasks in the list at the last key */

	/*
	 * The error pane and the failed tasks it lists, by id, in list
	 * order: the last few while it is unfocused, all of them while it
	 * has the focus.
	 */
	int		 show_errors;
	int		 pane_focus;	/* keys act on the pane */
	unsigned	*fails;
	size_t		 nfails;
	size_t		 fails_cap;
	int		 fails_all;	/* FAILS holds every failure */
	unsigned	 fails_count;	/* failures when FAILS was made */
	unsigned	 fails_changes;	/* the list's changes then */
	size_t		 pane_sel;	/* the selected failure, in FAILS */
	unsigned	 pane_sel_id;
	size_t		 pane_top;	/* the first failure on screen */

	/* The question asked, and the task it is about. */
	enum ui_ask	 ask;
	unsigned	 ask_id;

	/* The details view: whose, the first row shown, rows in all. */
	unsigned	 detail_id;
	size_t		 detail_top;
	size_t		 detail_rows;
	size_t		 detail_page;	/* rows that fit in the view */

	/* The help overlay's first row shown, and how many fit. */
	int		 help_top;
	int		 help_page;

	/* The prompt's line, and whether a paste is coming in. */
	enum ui_prompt	 prompt;
	wchar_t		*line;
	size_t		 len;
	size_t		 cap;
	int		 pasting;

	/* The status line's message and when it goes away. */
	char		 msg[1024];
	uint64_t	 msg_until;
};

/* Acts on KEY in the current mode; returns 1 when CMD was filled. */
int	keys_press(struct ui *ui, const struct task_list *tl, int key,
	    struct ui_cmd *cmd);

/* Draws the help overlay over the screen, from the key tables. */
void	keys_draw_help(struct ui *ui);

/* Clears a box of H rows and W columns at Y, X and draws its border. */
void	ui_box(int y, int x, int h, int w);

/*
 * Returns the next key, waiting at most WAIT_MS (0: do not wait), or
 * UI_NOKEY.
 */
int	ui_key(struct ui *ui, int wait_ms);

/* Puts KEY back so the next ui_key() returns it. */
void	ui_unkey(struct ui *ui, int key);

/*
 * Writes S at Y, X within WIDTH columns with ATTR, control characters
 * escaped and overlong text cut; returns the columns used.
 */
int	ui_put(struct ui *ui, int y, int x, int width, const char *s,
	    attr_t attr);

#endif
