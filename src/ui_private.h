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

/* How many failures the error pane lists at most. */
#define UI_ERR_MAX	4

/* Longest line the add prompt keeps, in characters. */
#define UI_LINE_MAX	65536

/* What the keys currently act on. */
enum ui_mode {
	UI_MODE_LIST,		/* moving over the task list */
	UI_MODE_HELP,		/* the help overlay is up */
	UI_MODE_PROMPT,		/* typing URLs to add */
	UI_MODE_CONFIRM,	/* asked whether to quit */
	UI_NMODES
};

/* Colour pairs, when the terminal has colours. */
enum ui_pair {
	UI_PAIR_NONE,
	UI_PAIR_ACTIVE,
	UI_PAIR_RETRY,
	UI_PAIR_FAILED,
	UI_PAIR_DONE,
	UI_PAIR_TITLE,
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

	/* The selected task and the first one on screen. */
	size_t		 sel;
	size_t		 top;
	size_t		 ntasks;	/* tasks in the list at the last key */

	/* The error pane and the recent failures it lists, by id. */
	int		 show_errors;
	unsigned	 err_ids[UI_ERR_MAX];
	size_t		 nerr;
	unsigned	 err_count;	/* failures when the list was made */

	/* The add prompt's line, and whether a paste is coming in. */
	wchar_t		*line;
	size_t		 len;
	size_t		 cap;
	int		 pasting;

	/* The status line's message and when it goes away. */
	char		 msg[256];
	uint64_t	 msg_until;
};

/* Acts on KEY in the current mode; returns 1 when CMD was filled. */
int	keys_press(struct ui *ui, const struct task_list *tl, int key,
	    struct ui_cmd *cmd);

/* Draws the help overlay over the screen, from the key tables. */
void	keys_draw_help(struct ui *ui);

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
