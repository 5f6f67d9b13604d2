/*
 * The screen.  Drawing follows dirty state, not events: main.c calls
 * ui_draw() after every turn of its loop, and ui_draw() paints only when
 * the task list's change counter moved, a key was pressed, the terminal
 * was resized, a message came or went, or the clock reached a new second;
 * progress alone paints at most once every UI_FRAME_MS.  A paint erases
 * the screen and draws it whole; ncurses compares the result with what
 * the terminal shows and sends only the difference.
 *
 * A paint costs the rows on screen, never the length of the list: the
 * header reads the per-state counts the task list keeps, the rows come
 * from the task array by index, the overall ETA (which walks the list) is
 * asked for once a second, and the unfocused error pane keeps the ids of
 * a few failures of its own and looks for new ones only when the failure
 * count changes.  Only while the error pane has the focus, and a person
 * is reading it, does it list every failure, walking the task list again
 * whenever the list changed.
 *
 * Selections are kept by task id as well as by place: main.c may move or
 * remove tasks between two keys, and the selected task stays selected
 * wherever it went (or its place passes to the next one if it went away).
 *
 * The layout is worked out afresh on every paint from LINES, COLS and the
 * failure count, so a resize needs nothing but a paint:
 *
 *	totals: counts, speed, ETA
 *	jobs, limit, elapsed time, position, download directory
 *	column titles
 *	one row per task ...
 *	error pane: a title and failures, when there are any
 *	status line: a message, a prompt or a question
 *
 * The details view of one task takes the place of all but the status
 * line, and the help overlay covers the middle.  Columns that do not fit
 * are dropped in a fixed order; a terminal smaller than UI_MIN_COLS x
 * UI_MIN_LINES gets a message instead.  All text that came from outside
 * (URLs, names, errors, the directory) goes through ui_text_set() or
 * ui_text_line(), which escape control and invisible characters and cut
 * or wrap the text by display width.
 */
#include <limits.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "format.h"
#include "ui_private.h"

/* Widest field drawn, in columns. */
#define UI_FIELD_MAX	1024

/* Combining marks kept after one base character (a cell holds five). */
#define UI_MARKS_MAX	(CCHARW_MAX - 1)

/* Least time between two paints that only show progress. */
#define UI_FRAME_MS	50

/* How long a message stays on the status line. */
#define UI_MESSAGE_MS	4000

/* Milliseconds ncurses waits to tell Esc from the start of a sequence. */
#define UI_ESCDELAY	25

/* Bounds of the progress bar and of the name column. */
#define UI_BAR_MIN	8
#define UI_BAR_MAX	32
#define UI_NAME_MIN	10

/* Lines of the too-small message, and their length. */
#define UI_WRAP_LINES	6
#define UI_WRAP_LEN	80

/* Rows above the task list: two of totals, one of column titles. */
#define UI_HEAD_ROWS	3

/* Text cut to fit a field: wide characters and the columns they take. */
struct ui_text {
	wchar_t		 buf[UI_FIELD_MAX * CCHARW_MAX + 2];
	size_t		 len;
	int		 cols;
	int		 width;		/* columns allowed */
	size_t		 cut_len;	/* a cut here leaves room for ... */
	int		 cut_cols;	/* ... the ellipsis */
	int		 full;		/* something did not fit */
	int		 marks;		/* combining marks allowed next */
	wchar_t		 ellipsis;
};

/* Colour and monochrome look of each colour pair. */
static const struct ui_look {
	short		 fg;
	attr_t		 mono;
} ui_looks[UI_NPAIRS] = {
	[UI_PAIR_NONE] = { -1, A_NORMAL },
	[UI_PAIR_ACTIVE] = { COLOR_GREEN, A_NORMAL },
	[UI_PAIR_RETRY] = { COLOR_YELLOW, A_NORMAL },
	[UI_PAIR_FAILED] = { COLOR_RED, A_BOLD },
	[UI_PAIR_DONE] = { COLOR_CYAN, A_NORMAL },
	[UI_PAIR_TITLE] = { COLOR_CYAN, A_BOLD },
	[UI_PAIR_PAUSED] = { -1, A_DIM }	/* dim, in no colour */
};

/* The colour pair of each task state. */
static const enum ui_pair ui_state_pairs[TASK_NSTATES] = {
	[TASK_QUEUED] = UI_PAIR_NONE,
	[TASK_ACTIVE] = UI_PAIR_ACTIVE,
	[TASK_RETRYING] = UI_PAIR_RETRY,
	[TASK_PAUSED] = UI_PAIR_PAUSED,
	[TASK_DONE] = UI_PAIR_DONE,
	[TASK_FAILED] = UI_PAIR_FAILED
};

/* The counts in the header, in the order shown. */
static const struct ui_count {
	enum task_state	 state;
	const char	*word;
	const char	*brief;		/* for narrow terminals */
	enum ui_pair	 pair;
	int		 always;	/* shown even when zero */
} ui_counts[] = {
	{ TASK_ACTIVE,		"active",   "act",   UI_PAIR_ACTIVE, 1 },
	{ TASK_RETRYING,	"retrying", "retry", UI_PAIR_RETRY,  0 },
	{ TASK_QUEUED,		"queued",   "que",   UI_PAIR_NONE,   1 },
	{ TASK_PAUSED,		"paused",   "pau",   UI_PAIR_PAUSED, 0 },
	{ TASK_DONE,		"done",     "done",  UI_PAIR_NONE,   1 },
	{ TASK_FAILED,		"failed",   "fail",  UI_PAIR_FAILED, 1 }
};

#define UI_NCOUNTS	(sizeof ui_counts / sizeof ui_counts[0])

/* Draws one cell of task T at Y, X, W columns wide, over attribute BASE. */
typedef void (*ui_cell_fn)(struct ui *, const struct task *, int, int, int,
    attr_t);

static void	ui_cell_state(struct ui *, const struct task *, int, int, int,
		    attr_t);
static void	ui_cell_name(struct ui *, const struct task *, int, int, int,
		    attr_t);
static void	ui_cell_bar(struct ui *, const struct task *, int, int, int,
		    attr_t);
static void	ui_cell_pct(struct ui *, const struct task *, int, int, int,
		    attr_t);
static void	ui_cell_size(struct ui *, const struct task *, int, int, int,
		    attr_t);
static void	ui_cell_speed(struct ui *, const struct task *, int, int, int,
		    attr_t);
static void	ui_cell_eta(struct ui *, const struct task *, int, int, int,
		    attr_t);

/* How a column gets its width. */
enum ui_fit {
	UI_FIXED,		/* its own width */
	UI_SHARE,		/* a third of the room the fixed ones leave */
	UI_REST			/* whatever is left after that */
};

/*
 * The columns of a task row, left to right.  When the terminal is too
 * narrow, the columns with the lowest non-zero DROP go first.
 */
static const struct ui_column {
	const char	*title;
	enum ui_fit	 fit;
	int		 width;
	int		 drop;
	int		 right;		/* title aligned right */
	ui_cell_fn	 draw;
} ui_columns[] = {
	{ "STATE",	UI_FIXED,  7, 5, 0, ui_cell_state },
	{ "NAME",	UI_REST,   0, 0, 0, ui_cell_name },
	{ "PROGRESS",	UI_SHARE,  0, 2, 0, ui_cell_bar },
	{ "%",		UI_FIXED,  4, 0, 1, ui_cell_pct },
	{ "SIZE",	UI_FIXED, 17, 1, 1, ui_cell_size },
	{ "SPEED",	UI_FIXED, 10, 3, 1, ui_cell_speed },
	{ "ETA",	UI_FIXED,  8, 4, 1, ui_cell_eta }
};

#define UI_NCOLS	(sizeof ui_columns / sizeof ui_columns[0])
#define UI_DROP_MAX	5	/* the highest drop rank above */

/* Where each column goes on this terminal; width 0 means left out. */
struct ui_cols {
	int		 x[UI_NCOLS];
	int		 w[UI_NCOLS];
};

/* Width of the labels in the details view. */
#define UI_LABEL_W	12

/* Most lines the details view has before its text is wrapped. */
#define UI_ITEMS_MAX	(12 + TASK_ERRORS)

/* One line of the details view: a label and its text. */
struct ui_item {
	const char	*label;
	const char	*text;
	attr_t		 attr;
};

/* What the details view shows of a task, with room for its numbers. */
struct ui_details {
	struct ui_item	 item[UI_ITEMS_MAX];
	size_t		 n;
	char		 path[PATH_MAX + 272];
	char		 state[96];
	char		 size[2 * FORMAT_LEN + 32];
	char		 done[2 * FORMAT_LEN + 48];
	char		 speed[3 * FORMAT_LEN];
	char		 attempts[32];
	char		 status[32];
	char		 earlier[64];
	char		 labels[TASK_ERRORS][16];
};

/* Starts empty text of at most WIDTH columns. */
static void
ui_text_init(struct ui_text *t, int width, wchar_t ellipsis)
{
	t->len = 0;
	t->cols = 0;
	t->width = width < UI_FIELD_MAX ? width : UI_FIELD_MAX;
	t->cut_len = 0;
	t->cut_cols = 0;
	t->full = 0;
	t->marks = 0;
	t->ellipsis = ellipsis;
}

/* Appends N characters at P, COLS columns wide, if they fit. */
static void
ui_text_add(struct ui_text *t, const wchar_t *p, size_t n, int cols)
{
	if (t->full || t->cols + cols > t->width ||
	    t->len + n + 2 > sizeof t->buf / sizeof t->buf[0]) {
		t->full = 1;
		return;
	}
	wmemcpy(t->buf + t->len, p, n);
	t->len += n;
	t->cols += cols;
	if (t->cols < t->width) {
		t->cut_len = t->len;
		t->cut_cols = t->cols;
	}
}

/* Appends character C as an escape such as "\x1b" or "\u202e". */
static void
ui_text_escape(struct ui_text *t, unsigned long c)
{
	wchar_t tmp[16];
	int n;

	if (c < 0x100)
		n = swprintf(tmp, 16, L"\\x%02lx", c);
	else if (c < 0x10000)
		n = swprintf(tmp, 16, L"\\u%04lx", c);
	else
		n = swprintf(tmp, 16, L"\\U%08lx", c);
	t->marks = 0;
	if (n > 0)
		ui_text_add(t, tmp, (size_t)n, n);
}

/* Appends character C, escaped unless it is safe to print. */
static void
ui_text_char(struct ui_text *t, wchar_t c)
{
	int w;

	if (c < 0x20 || (c >= 0x7f && c < 0xa0) ||
	    format_char_hidden((unsigned long)c)) {
		ui_text_escape(t, (unsigned long)c);
		return;
	}
	w = wcwidth(c);
	if (w > 0) {
		t->marks = UI_MARKS_MAX;
		ui_text_add(t, &c, 1, w);
	} else if (w == 0 && t->marks > 0) {
		t->marks--;
		ui_text_add(t, &c, 1, 0);
	} else
		ui_text_escape(t, (unsigned long)c);
}

/* Finishes the text, cutting it with the ellipsis if it did not fit. */
static void
ui_text_end(struct ui_text *t)
{
	if (t->full && t->width > 0) {
		t->len = t->cut_len;
		t->cols = t->cut_cols;
		t->buf[t->len++] = t->ellipsis;
		t->cols++;
	}
	t->buf[t->len] = L'\0';
}

/* Makes T the multibyte string S, escaped and cut to WIDTH columns. */
static void
ui_text_set(struct ui_text *t, const char *s, int width, wchar_t ellipsis)
{
	mbstate_t st;
	wchar_t c;
	size_t n;

	ui_text_init(t, width, ellipsis);
	memset(&st, 0, sizeof st);
	while (s != NULL && *s != '\0' && !t->full) {
		n = mbrtowc(&c, s, strnlen(s, MB_LEN_MAX), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			ui_text_escape(t, (unsigned char)*s);
			s++;
			continue;
		}
		ui_text_char(t, c);
		s += n;
	}
	ui_text_end(t);
}

/*
 * Makes T the first line of the multibyte string *S wrapped at WIDTH
 * columns, escaped, and moves *S past it.  The line breaks after a space
 * when it can; a character too wide for a line of its own is dropped.
 */
static void
ui_text_line(struct ui_text *t, const char **s, int width)
{
	const char *after_space;
	size_t n, space_len;
	int space_cols;
	mbstate_t st;
	wchar_t c;

	ui_text_init(t, width, L'~');
	memset(&st, 0, sizeof st);
	after_space = NULL;
	space_len = 0;
	space_cols = 0;
	n = 0;
	c = L'\0';
	while (**s != '\0') {
		n = mbrtowc(&c, *s, strnlen(*s, MB_LEN_MAX), &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			ui_text_escape(t, (unsigned char)**s);
			n = 1;
			c = L'\0';
		} else
			ui_text_char(t, c);
		if (t->full)
			break;
		*s += n;
		if (c == L' ' && n == 1) {
			after_space = *s;
			space_len = t->len;
			space_cols = t->cols;
		}
	}
	if (t->full && (t->len == 0 || c == L' '))
		*s += n;
	else if (t->full && after_space != NULL) {
		*s = after_space;
		t->len = space_len;
		t->cols = space_cols;
	}
	t->buf[t->len] = L'\0';
}

/*
 * Returns how many of WIDTH columns at Y, X may be drawn: none off the
 * screen, and never the bottom right cell, where a write would scroll.
 */
static int
ui_room(int y, int x, int width)
{
	int room;

	if (y < 0 || y >= LINES || x < 0 || x >= COLS || width <= 0)
		return 0;
	room = COLS - x - (y == LINES - 1 ? 1 : 0);
	return width < room ? width : room;
}

/* Draws text T at Y, X with ATTR; returns the columns used. */
static int
ui_text_draw(const struct ui_text *t, int y, int x, attr_t attr)
{
	if (t->len == 0)
		return 0;
	attrset(attr);
	mvaddnwstr(y, x, t->buf, (int)t->len);
	attrset(A_NORMAL);
	return t->cols;
}

/* Writes S at Y, X within WIDTH columns; see ui_private.h. */
int
ui_put(struct ui *ui, int y, int x, int width, const char *s, attr_t attr)
{
	struct ui_text t;

	ui_text_set(&t, s, ui_room(y, x, width), ui->ellipsis);
	return ui_text_draw(&t, y, x, attr);
}

/* Writes S aligned to the right of the WIDTH columns at Y, X. */
static void
ui_put_right(struct ui *ui, int y, int x, int width, const char *s,
    attr_t attr)
{
	struct ui_text t;

	width = ui_room(y, x, width);
	ui_text_set(&t, s, width, ui->ellipsis);
	ui_text_draw(&t, y, x + width - t.cols, attr);
}

/* Returns where the end of S (LEN characters) fitting WIDTH starts. */
static size_t
ui_tail_start(const wchar_t *s, size_t len, int width)
{
	int cols, w;

	cols = 0;
	while (len > 0) {
		w = wcwidth(s[len - 1]);
		if (w < 0)
			w = 4;
		if (cols + w > width)
			break;
		cols += w;
		len--;
	}
	return len;
}

/*
 * Writes the end of the wide string S (LEN characters) that fits WIDTH
 * columns at Y, X, with an ellipsis in front when the start is cut off.
 * Returns the columns used.
 */
static int
ui_put_tail(struct ui *ui, int y, int x, int width, const wchar_t *s,
    size_t len, attr_t attr)
{
	struct ui_text t;
	size_t i;

	width = ui_room(y, x, width);
	ui_text_init(&t, width, ui->ellipsis);
	i = ui_tail_start(s, len, width);
	if (i > 0 && width > 0) {
		i = ui_tail_start(s, len, width - 1);
		ui_text_add(&t, &ui->ellipsis, 1, 1);
	}
	for (; i < len; i++)
		ui_text_char(&t, s[i]);
	ui_text_end(&t);
	return ui_text_draw(&t, y, x, attr);
}

/* Clears a box of H rows and W columns at Y, X and draws its border. */
void
ui_box(int y, int x, int h, int w)
{
	int i;

	for (i = 0; i < h; i++)
		mvhline(y + i, x, ' ', w);
	mvhline(y, x + 1, ACS_HLINE, w - 2);
	mvhline(y + h - 1, x + 1, ACS_HLINE, w - 2);
	mvvline(y + 1, x, ACS_VLINE, h - 2);
	mvvline(y + 1, x + w - 1, ACS_VLINE, h - 2);
	mvaddch(y, x, ACS_ULCORNER);
	mvaddch(y, x + w - 1, ACS_URCORNER);
	mvaddch(y + h - 1, x, ACS_LLCORNER);
	mvaddch(y + h - 1, x + w - 1, ACS_LRCORNER);
}

/* Writes S at *X on row Y and moves *X past it. */
static void
ui_seg(struct ui *ui, int y, int *x, const char *s, attr_t attr)
{
	*x += ui_put(ui, y, *x, COLS - *x, s, attr);
}

/* Returns the attribute for colour pair PAIR. */
static attr_t
ui_attr(const struct ui *ui, enum ui_pair pair)
{
	attr_t a;

	a = ui_looks[pair].mono;
	if (ui->colours && ui_looks[pair].fg >= 0)
		a |= COLOR_PAIR(pair);
	return a;
}

/* Returns the text for a task's state. */
static const char *
ui_state_word(const struct task *t)
{
	if (t->state == TASK_DONE && t->skipped)
		return "skipped";
	if (t->state == TASK_PAUSED && t->resume_asked)
		return "resume";
	return task_state_name(t->state);
}

/* Draws the state cell. */
static void
ui_cell_state(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	ui_put(ui, y, x, w, ui_state_word(t),
	    base | ui_attr(ui, ui_state_pairs[t->state]));
}

/* Draws the name cell: the name on disk, else the URL. */
static void
ui_cell_name(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	ui_put(ui, y, x, w, t->name != NULL ? t->name : t->url, base);
}

/* Fills INNER cells of BAR with a "<=>" that bounces once a second. */
static void
ui_bar_bounce(const struct ui *ui, char *bar, int inner)
{
	int span, pos;

	memset(bar, ' ', (size_t)inner);
	if (inner < 3) {
		memset(bar, '?', (size_t)inner);
		return;
	}
	span = inner - 3;
	if (span == 0) {
		memcpy(bar, "<=>", 3);
		return;
	}
	pos = (int)(ui->now_ms / 1000 % (uint64_t)(2 * span));
	if (pos > span)
		pos = 2 * span - pos;
	memcpy(bar + pos, "<=>", 3);
}

/* Draws the progress bar cell: filled, bouncing when the size is unknown. */
static void
ui_cell_bar(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	char bar[UI_BAR_MAX + 3];
	int inner, fill;

	inner = (w < UI_BAR_MAX + 2 ? w : UI_BAR_MAX + 2) - 2;
	if (inner < 1)
		return;
	fill = 0;
	if (t->state == TASK_DONE)
		fill = inner;
	else if (t->total > 0 && t->done > 0)
		fill = (int)((double)t->done / (double)t->total * inner);
	if (fill > inner)
		fill = inner;

	bar[0] = '[';
	if (t->total < 0 && t->state == TASK_ACTIVE)
		ui_bar_bounce(ui, bar + 1, inner);
	else {
		memset(bar + 1, '#', (size_t)fill);
		memset(bar + 1 + fill, '.', (size_t)(inner - fill));
	}
	bar[inner + 1] = ']';
	bar[inner + 2] = '\0';
	ui_put(ui, y, x, w, bar, base);
}

/* Draws the percent cell; blank while the size is unknown. */
static void
ui_cell_pct(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	char buf[8];
	int pct;

	buf[0] = '\0';
	if (t->state == TASK_DONE)
		pct = 100;
	else if (t->total > 0)
		pct = (int)((double)t->done * 100 / (double)t->total);
	else
		pct = -1;
	if (pct > 100)
		pct = 100;
	if (pct >= 0)
		snprintf(buf, sizeof buf, "%d%%", pct);
	ui_put_right(ui, y, x, w, buf, base);
}

/* Draws the size cell: "done/total", or just the bytes so far. */
static void
ui_cell_size(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	char done[FORMAT_LEN], total[FORMAT_LEN], buf[2 * FORMAT_LEN + 2];

	buf[0] = '\0';
	format_size(done, sizeof done, t->done);
	format_size(total, sizeof total, t->total);
	if (t->state == TASK_DONE)
		snprintf(buf, sizeof buf, "%s", done);
	else if (t->total >= 0)
		snprintf(buf, sizeof buf, "%s/%s", done, total);
	else if (t->done > 0 || t->state != TASK_QUEUED)
		snprintf(buf, sizeof buf, "%s", done);
	ui_put_right(ui, y, x, w, buf, base);
}

/* Draws the speed cell of an active task. */
static void
ui_cell_speed(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	char buf[FORMAT_LEN];

	if (t->state == TASK_RETRYING) {
		snprintf(buf, sizeof buf, "try %d", t->attempts);
		ui_put_right(ui, y, x, w, buf, base);
	}
	if (t->state != TASK_ACTIVE)
		return;
	ui_put_right(ui, y, x, w, format_rate(buf, sizeof buf, t->speed),
	    base);
}

/* Draws the ETA cell of a running task: "--" when it cannot be told. */
static void
ui_cell_eta(struct ui *ui, const struct task *t, int y, int x, int w,
    attr_t base)
{
	char buf[FORMAT_LEN];
	int64_t eta;

	if (t->state == TASK_RETRYING) {
		uint64_t now = task_now_ms();

		eta = t->retry_at_ms > now ?
		    (int64_t)(t->retry_at_ms - now + 999) / 1000 : 0;
		buf[0] = 'i';
		buf[1] = 'n';
		buf[2] = ' ';
		format_eta(buf + 3, sizeof buf - 3, eta);
		ui_put_right(ui, y, x, w, buf, base);
		return;
	}
	if (t->state != TASK_ACTIVE)
		return;
	eta = task_eta(t);
	ui_put_right(ui, y, x, w, format_eta(buf, sizeof buf, eta), base);
}

/*
 * Places the columns with those of drop rank LEVEL and below left out.
 * Returns 0, or -1 when the name would get too narrow.
 */
static int
ui_cols_try(struct ui_cols *c, int level)
{
	int room, rest, shown, x;
	size_t i;

	room = COLS;
	shown = 0;
	for (i = 0; i < UI_NCOLS; i++) {
		c->w[i] = 0;
		if (ui_columns[i].drop != 0 && ui_columns[i].drop <= level)
			continue;
		c->w[i] = -1;		/* shown; the width comes below */
		room -= ui_columns[i].width + (shown++ > 0 ? 1 : 0);
	}

	rest = room;
	for (i = 0; i < UI_NCOLS; i++) {
		if (c->w[i] == 0)
			continue;
		if (ui_columns[i].fit == UI_FIXED)
			c->w[i] = ui_columns[i].width;
		else if (ui_columns[i].fit == UI_SHARE) {
			c->w[i] = room / 3 < UI_BAR_MAX ? room / 3 : UI_BAR_MAX;
			if (c->w[i] < UI_BAR_MIN)
				return -1;
			rest -= c->w[i];
		}
	}
	if (rest < UI_NAME_MIN)
		return -1;

	x = 0;
	for (i = 0; i < UI_NCOLS; i++) {
		if (c->w[i] == 0)
			continue;
		if (ui_columns[i].fit == UI_REST)
			c->w[i] = rest;
		c->x[i] = x;
		x += c->w[i] + 1;
	}
	return 0;
}

/*
 * Places the columns for the terminal's width, dropping what must go;
 * leaves them all out if even the name alone does not fit.
 */
static void
ui_cols_layout(struct ui_cols *c)
{
	size_t i;
	int level;

	for (level = 0; level <= UI_DROP_MAX; level++)
		if (ui_cols_try(c, level) == 0)
			return;
	for (i = 0; i < UI_NCOLS; i++)
		c->w[i] = 0;
}

/* Makes room for N ids in the error pane's list; returns 0, or -1. */
static int
ui_fails_room(struct ui *ui, size_t n)
{
	unsigned *v;
	size_t cap;

	if (n <= ui->fails_cap)
		return 0;
	cap = ui->fails_cap > 0 ? ui->fails_cap : 64;
	while (cap < n)
		cap *= 2;
	if ((v = realloc(ui->fails, cap * sizeof *v)) == NULL)
		return -1;
	ui->fails = v;
	ui->fails_cap = cap;
	return 0;
}

/* Returns whether the pane's short list of failures is still right. */
static int
ui_fails_recent_valid(const struct ui *ui, const struct task_list *tl)
{
	const struct task *t;
	size_t i;

	if (ui->fails_all || ui->fails_count != tl->count[TASK_FAILED])
		return 0;
	for (i = 0; i < ui->nfails; i++)
		if ((t = task_get(tl, ui->fails[i])) == NULL ||
		    t->state != TASK_FAILED)
			return 0;
	return 1;
}

/*
 * Lists the last few failed tasks, in list order, for the unfocused
 * pane; looks for them again only if the failures changed.
 */
static void
ui_fails_recent(struct ui *ui, const struct task_list *tl)
{
	size_t want, left, i;

	if (ui_fails_recent_valid(ui, tl))
		return;

	/*
	 * A failure that replaces a retried one between two paints leaves
	 * the count alone and is missed until the count next changes.
	 */
	ui->nfails = 0;
	ui->fails_all = 0;
	ui->fails_count = tl->count[TASK_FAILED];
	want = ui->fails_count < UI_ERR_MAX ? ui->fails_count : UI_ERR_MAX;
	if (ui_fails_room(ui, UI_ERR_MAX) != 0)
		return;
	left = want;
	for (i = tl->n; i-- > 0 && left > 0;)
		if (tl->v[i]->state == TASK_FAILED)
			ui->fails[--left] = tl->v[i]->id;
	ui->nfails = want - left;
	memmove(ui->fails, ui->fails + left, ui->nfails * sizeof *ui->fails);
}

/*
 * Lists every failed task, in list order, for the focused pane; walks
 * the list again only when it changed.
 */
static void
ui_fails_every(struct ui *ui, const struct task_list *tl)
{
	size_t i, n;

	if (ui->fails_all && ui->fails_changes == tl->changes)
		return;
	n = 0;
	for (i = 0; i < tl->n; i++) {
		if (tl->v[i]->state != TASK_FAILED)
			continue;
		if (ui_fails_room(ui, n + 1) != 0)
			break;
		ui->fails[n++] = tl->v[i]->id;
	}
	ui->nfails = n;
	ui->fails_all = 1;
	ui->fails_changes = tl->changes;
	ui->fails_count = tl->count[TASK_FAILED];
}

/* Keeps the pane's selection on the failure it was on, if still there. */
static void
ui_pane_follow(struct ui *ui)
{
	size_t i;

	if (ui->pane_sel < ui->nfails &&
	    ui->fails[ui->pane_sel] == ui->pane_sel_id)
		return;
	for (i = 0; i < ui->nfails; i++)
		if (ui->fails[i] == ui->pane_sel_id) {
			ui->pane_sel = i;
			return;
		}
	if (ui->pane_sel >= ui->nfails)
		ui->pane_sel = ui->nfails > 0 ? ui->nfails - 1 : 0;
}

/*
 * Brings the error pane's list up to date: every failure while it has
 * the focus (which it loses when none is left), else the last few.
 */
static void
ui_pane_refresh(struct ui *ui, const struct task_list *tl)
{
	if (ui->pane_focus) {
		ui_fails_every(ui, tl);
		if (ui->nfails == 0)
			ui->pane_focus = 0;
	}
	if (ui->pane_focus)
		ui_pane_follow(ui);
	else
		ui_fails_recent(ui, tl);
}

/*
 * Catches the selections up with the list: the list's selection stays
 * on its task wherever it moved, or keeps its place if the task went.
 */
static void
ui_follow(struct ui *ui, const struct task_list *tl)
{
	const struct task *t;

	if ((t = task_get(tl, ui->sel_id)) != NULL)
		ui->sel = t->pos;
	if (ui->sel >= tl->n)
		ui->sel = tl->n > 0 ? tl->n - 1 : 0;
	if (ui->sel < tl->n)
		ui->sel_id = tl->v[ui->sel]->id;
	ui->ntasks = tl->n;
	ui_pane_refresh(ui, tl);
}

/* Notes which tasks a key left selected, so the selections follow them. */
static void
ui_remember(struct ui *ui, const struct task_list *tl)
{
	if (ui->sel < tl->n)
		ui->sel_id = tl->v[ui->sel]->id;
	if (ui->pane_focus && ui->pane_sel < ui->nfails)
		ui->pane_sel_id = ui->fails[ui->pane_sel];
}

/*
 * Splits the rows between the task list and the error pane, which gets
 * a third of them at most (two thirds while it has the focus), or two
 * rows when that is less.
 */
static void
ui_layout_rows(struct ui *ui)
{
	int room;

	ui->list_y = UI_HEAD_ROWS;
	ui->status_y = LINES - 1;
	ui->pane_rows = 0;
	if (ui->show_errors && ui->nfails > 0) {
		room = ui->status_y - ui->list_y;
		room = ui->pane_focus ? room * 2 / 3 : room / 3;
		if (room < 2)
			room = 2;
		ui->pane_rows = ui->nfails < (size_t)room ?
		    1 + (int)ui->nfails : room;
	}
	ui->pane_y = ui->status_y - ui->pane_rows;
	ui->list_rows = ui->pane_y - ui->list_y;
}

/* Writes into BUF how many tasks are counted by ui_counts[I]. */
static void
ui_count_text(const struct task_list *tl, size_t i, int brief, char *buf,
    size_t len)
{
	snprintf(buf, len, "%u %s", tl->count[ui_counts[i].state],
	    brief ? ui_counts[i].brief : ui_counts[i].word);
}

/* Returns whether ui_counts[I] is shown. */
static int
ui_count_shown(const struct task_list *tl, size_t i)
{
	return ui_counts[i].always || tl->count[ui_counts[i].state] > 0;
}

/* Returns the columns the counts take, with words or brief words. */
static int
ui_counts_len(const struct task_list *tl, int brief)
{
	char buf[FORMAT_LEN];
	size_t i;
	int len;

	len = 0;
	for (i = 0; i < UI_NCOUNTS; i++) {
		if (!ui_count_shown(tl, i))
			continue;
		ui_count_text(tl, i, brief, buf, sizeof buf);
		len += (int)strlen(buf) + 2;
	}
	return len;
}

/* Draws the counts of tasks by state at *X on row Y. */
static void
ui_draw_counts(struct ui *ui, const struct task_list *tl, int brief,
    int y, int *x)
{
	char buf[FORMAT_LEN];
	size_t i;
	int n;

	n = 0;
	for (i = 0; i < UI_NCOUNTS; i++) {
		if (!ui_count_shown(tl, i))
			continue;
		if (n++ > 0)
			ui_seg(ui, y, x, brief ? " " : "  ", A_NORMAL);
		ui_count_text(tl, i, brief, buf, sizeof buf);
		ui_seg(ui, y, x, buf, tl->count[ui_counts[i].state] > 0 ?
		    ui_attr(ui, ui_counts[i].pair) : A_NORMAL);
	}
}

/*
 * Draws the two rows of totals.  When the counts with their speed and
 * ETA do not fit one row, the words get shorter and the speed and ETA
 * move to the second row.
 */
static void
ui_draw_header(struct ui *ui, const struct task_list *tl,
    const struct ui_status *st)
{
	char rate[FORMAT_LEN * 3], buf[FORMAT_LEN * 2], num[FORMAT_LEN];
	int x, brief;

	snprintf(rate, sizeof rate, "%s  ETA %s",
	    format_rate(buf, sizeof buf, tl->speed),
	    format_eta(num, sizeof num, ui->eta));
	brief = 6 + ui_counts_len(tl, 0) + 1 + (int)strlen(rate) > COLS;

	x = 0;
	if (!brief)
		ui_seg(ui, 0, &x, "haul  ", ui_attr(ui, UI_PAIR_TITLE));
	ui_draw_counts(ui, tl, brief, 0, &x);
	if (!brief) {
		ui_seg(ui, 0, &x, "   ", A_NORMAL);
		ui_seg(ui, 0, &x, rate, A_BOLD);
	}

	x = 0;
	if (brief) {
		ui_seg(ui, 1, &x, rate, A_BOLD);
		ui_seg(ui, 1, &x, "  ", A_NORMAL);
	}
	if (st->insecure)
		ui_seg(ui, 1, &x, "INSECURE: certificates not checked  ",
		    A_BOLD | ui_attr(ui, UI_PAIR_FAILED));
	snprintf(buf, sizeof buf, "jobs %u", st->jobs);
	ui_seg(ui, 1, &x, buf, A_NORMAL);
	if (st->limit > 0) {
		snprintf(buf, sizeof buf, "  limit %s",
		    format_rate(num, sizeof num, (double)st->limit));
		ui_seg(ui, 1, &x, buf, A_BOLD);
	}
	snprintf(buf, sizeof buf, "  elapsed %s",
	    format_eta(num, sizeof num, (int64_t)(st->elapsed_ms / 1000)));
	ui_seg(ui, 1, &x, buf, A_NORMAL);
	if (tl->n > 0) {
		snprintf(buf, sizeof buf, "  task %zu/%zu", ui->sel + 1, tl->n);
		ui_seg(ui, 1, &x, buf, A_NORMAL);
	}
	ui_seg(ui, 1, &x, "  dir ", A_NORMAL);
	ui_seg(ui, 1, &x, st->dir != NULL ? st->dir : ".", A_NORMAL);
	if (st->session != NULL) {
		ui_seg(ui, 1, &x, "  session ", A_NORMAL);
		ui_seg(ui, 1, &x, st->session, A_NORMAL);
	}
}

/* Draws the column titles. */
static void
ui_draw_titles(struct ui *ui, const struct ui_cols *c)
{
	size_t i;

	for (i = 0; i < UI_NCOLS; i++) {
		if (c->w[i] == 0)
			continue;
		if (ui_columns[i].right)
			ui_put_right(ui, UI_HEAD_ROWS - 1, c->x[i], c->w[i],
			    ui_columns[i].title, A_BOLD);
		else
			ui_put(ui, UI_HEAD_ROWS - 1, c->x[i], c->w[i],
			    ui_columns[i].title, A_BOLD);
	}
}

/* Keeps the selection inside the list and the list scrolled to it. */
static void
ui_scroll(struct ui *ui, size_t n)
{
	size_t rows;

	rows = ui->list_rows > 0 ? (size_t)ui->list_rows : 1;
	if (ui->sel >= n)
		ui->sel = n > 0 ? n - 1 : 0;
	if (ui->top > ui->sel)
		ui->top = ui->sel;
	if (ui->sel >= ui->top + rows)
		ui->top = ui->sel - rows + 1;
	if (n <= rows)
		ui->top = 0;
	else if (ui->top > n - rows)
		ui->top = n - rows;
}

/* Draws task T on row Y, reversed when it is the selected one. */
static void
ui_draw_row(struct ui *ui, const struct task *t, int y,
    const struct ui_cols *c, int selected)
{
	attr_t base;
	size_t i;

	base = selected ? A_REVERSE : A_NORMAL;
	if (selected)
		mvhline(y, 0, ' ' | A_REVERSE, COLS);
	for (i = 0; i < UI_NCOLS; i++)
		if (c->w[i] > 0)
			ui_columns[i].draw(ui, t, y, c->x[i], c->w[i], base);
}

/* Draws the titles and the task rows that fit. */
static void
ui_draw_list(struct ui *ui, const struct task_list *tl)
{
	struct ui_cols c;
	size_t i;
	int row;

	ui_cols_layout(&c);
	ui_draw_titles(ui, &c);
	if (tl->n == 0) {
		ui_put(ui, ui->list_y + 1, 2, COLS - 4,
		    "Nothing to download yet: press a to add URLs, ? for help.",
		    A_DIM);
		return;
	}
	for (row = 0; row < ui->list_rows; row++) {
		i = ui->top + (size_t)row;
		if (i >= tl->n)
			break;
		ui_draw_row(ui, tl->v[i], ui->list_y + row, &c, i == ui->sel);
	}
}

/* Draws failed task T and why it failed on row Y, reversed if SELECTED. */
static void
ui_draw_failure(struct ui *ui, const struct task *t, int y, int selected)
{
	attr_t base;
	int x;

	base = selected ? A_REVERSE : A_NORMAL;
	if (selected)
		mvhline(y, 0, ' ' | A_REVERSE, COLS);
	x = 1;
	x += ui_put(ui, y, x, (COLS - 2) / 2,
	    t->name != NULL ? t->name : t->url,
	    base | ui_attr(ui, UI_PAIR_FAILED));
	ui_seg(ui, y, &x, ": ", base);
	ui_seg(ui, y, &x, t->error != NULL ? t->error : "failed", base);
}

/*
 * Scrolls the pane so that SHOWN failures are on screen: the last ones
 * when it is unfocused, the selected one and its neighbours when it has
 * the focus.
 */
static void
ui_pane_scroll(struct ui *ui, size_t shown)
{
	if (!ui->pane_focus) {
		ui->pane_top = ui->nfails - shown;
		return;
	}
	if (ui->pane_top > ui->pane_sel)
		ui->pane_top = ui->pane_sel;
	if (shown > 0 && ui->pane_sel >= ui->pane_top + shown)
		ui->pane_top = ui->pane_sel - shown + 1;
	if (ui->pane_top + shown > ui->nfails)
		ui->pane_top = ui->nfails - shown;
}

/* Draws the pane's rule and title, highlighted while it has the focus. */
static void
ui_draw_pane_title(struct ui *ui, const struct task_list *tl, size_t shown)
{
	char title[128];
	unsigned failed;
	attr_t attr;

	failed = tl->count[TASK_FAILED];
	attr = A_BOLD;
	if (ui->pane_focus) {
		snprintf(title, sizeof title, " %u failed, %zu-%zu shown: "
		    "r retries, x removes, Tab returns ", failed,
		    ui->pane_top + 1, ui->pane_top + shown);
		attr = A_BOLD | A_REVERSE;
	} else if (failed > shown)
		snprintf(title, sizeof title, " %u failed, last %zu shown "
		    "(e hides) ", failed, shown);
	else
		snprintf(title, sizeof title, " %u failed (e hides) ",
		    failed);
	mvhline(ui->pane_y, 0, ACS_HLINE | (ui->pane_focus ?
	    ui_attr(ui, UI_PAIR_TITLE) : A_NORMAL), COLS);
	ui_put(ui, ui->pane_y, 2, COLS - 2, title, attr);
}

/* Draws the error pane: a rule with a title, then failures that fit. */
static void
ui_draw_pane(struct ui *ui, const struct task_list *tl)
{
	const struct task *t;
	size_t shown, i, k;

	if (ui->pane_rows == 0)
		return;
	shown = (size_t)ui->pane_rows - 1;
	if (shown > ui->nfails)
		shown = ui->nfails;
	ui_pane_scroll(ui, shown);
	ui_draw_pane_title(ui, tl, shown);
	for (i = 0; i < shown; i++) {
		k = ui->pane_top + i;
		if ((t = task_get(tl, ui->fails[k])) != NULL)
			ui_draw_failure(ui, t, ui->pane_y + 1 + (int)i,
			    ui->pane_focus && k == ui->pane_sel);
	}
}

/* Draws the question asked on row Y: quit, or remove a running task. */
static void
ui_draw_question(struct ui *ui, const struct task_list *tl, int y)
{
	static const char rest[] = "? Its partial file stays. (y/n)";
	const struct task *t;
	char buf[96];
	unsigned n;
	int x;

	x = 0;
	if (ui->ask == UI_ASK_QUIT) {
		n = task_list_pending(tl);
		snprintf(buf, sizeof buf, "Quit with %u transfer%s running? "
		    "(y/n)", n, n == 1 ? "" : "s");
		ui_seg(ui, y, &x, buf, A_BOLD);
		return;
	}
	t = task_get(tl, ui->ask_id);
	ui_seg(ui, y, &x, "Remove ", A_BOLD);
	x += ui_put(ui, y, x, COLS - x - (int)strlen(rest),
	    t == NULL ? "the task" : t->name != NULL ? t->name : t->url,
	    A_BOLD);
	ui_seg(ui, y, &x, rest, A_BOLD);
}

/* Returns the reminder of the main keys for the status line. */
static const char *
ui_hint(const struct ui *ui)
{
	if (ui->mode == UI_MODE_DETAILS)
		return "Enter, Esc or q closes  j k PgDn PgUp scroll";
	if (ui->pane_focus)
		return "j k select  r retry  x remove  Enter details  "
		    "Tab back";
	return "a add  p pause  x remove  Enter details  e errors  "
	    "? help  q quit";
}

/*
 * Draws the status line: the prompt, a question, a message or a hint.
 * Returns the column for the cursor, or -1 to hide it.
 */
static int
ui_draw_status(struct ui *ui, const struct task_list *tl)
{
	int y, x;

	y = LINES - 1;
	x = 0;
	if (ui->mode == UI_MODE_PROMPT) {
		ui_seg(ui, y, &x, ui->prompt == UI_PROMPT_LIMIT ?
		    "Speed limit (e.g. 500K, 2M, 0 for none): " :
		    "Add URLs: ", A_BOLD);
		x += ui_put_tail(ui, y, x, COLS - x, ui->line, ui->len,
		    A_NORMAL);
		return x < COLS ? x : COLS - 1;
	}
	if (ui->mode == UI_MODE_CONFIRM) {
		ui_draw_question(ui, tl, y);
		return -1;
	}
	if (ui->msg[0] != '\0')
		ui_seg(ui, y, &x, ui->msg, A_NORMAL);
	else
		ui_seg(ui, y, &x, ui_hint(ui), A_DIM);
	return -1;
}

/*
 * Breaks MSG (which it changes) at its '|' marks into at most MAX lines of
 * WIDTH columns, a space where a mark joins two pieces on one line.
 * Returns how many lines there are.
 */
static int
ui_wrap(char *msg, int width, char lines[][UI_WRAP_LEN], int max)
{
	char *word, *save;
	size_t used;
	int n;

	n = 0;
	lines[0][0] = '\0';
	for (word = strtok_r(msg, "|", &save); word != NULL;
	    word = strtok_r(NULL, "|", &save)) {
		used = strlen(lines[n]);
		if (used > 0 && (int)(used + 1 + strlen(word)) > width) {
			if (n + 1 == max)
				break;
			lines[++n][0] = '\0';
			used = 0;
		}
		snprintf(lines[n] + used, UI_WRAP_LEN - used, "%s%s",
		    used > 0 ? " " : "", word);
	}
	return n + 1;
}

/* Draws the too-small message, and the status line if there is room. */
static int
ui_draw_small(struct ui *ui, const struct task_list *tl)
{
	char msg[UI_WRAP_LEN], lines[UI_WRAP_LINES][UI_WRAP_LEN];
	int rows, n, i, len;

	snprintf(msg, sizeof msg, "haul|needs|at|least|%dx%d|(now %dx%d)",
	    UI_MIN_COLS, UI_MIN_LINES, COLS, LINES);
	rows = LINES >= 3 ? LINES - 1 : LINES;
	n = ui_wrap(msg, COLS, lines, rows < UI_WRAP_LINES ?
	    rows : UI_WRAP_LINES);
	for (i = 0; i < n; i++) {
		len = (int)strlen(lines[i]);
		len = len < COLS ? len : COLS;
		ui_put(ui, (rows - n) / 2 + i, (COLS - len) / 2, len,
		    lines[i], A_BOLD);
	}
	if (LINES >= 3)
		return ui_draw_status(ui, tl);
	return -1;
}

/* Adds the line LABEL: TEXT, drawn with ATTR, to the details D. */
static void
ui_details_add(struct ui_details *d, const char *label, const char *text,
    attr_t attr)
{
	if (d->n == UI_ITEMS_MAX || text == NULL)
		return;
	d->item[d->n].label = label;
	d->item[d->n].text = text;
	d->item[d->n].attr = attr;
	d->n++;
}

/* Adds where T's file goes: its directory and its name, once known. */
static void
ui_details_path(struct ui_details *d, const struct task *t)
{
	const char *dir;

	dir = t->dir != NULL ? t->dir : ".";
	if (t->name != NULL)
		snprintf(d->path, sizeof d->path, "%s/%s", dir, t->name);
	else
		snprintf(d->path, sizeof d->path, "%s/ (the name is not "
		    "known yet)", dir);
	ui_details_add(d, "Path", d->path, A_NORMAL);
}

/* Adds T's state in words, with what happens next. */
static void
ui_details_state(struct ui *ui, struct ui_details *d, const struct task *t)
{
	char eta[FORMAT_LEN];
	uint64_t wait;

	snprintf(d->state, sizeof d->state, "%s", task_state_name(t->state));
	if (t->state == TASK_DONE && t->skipped)
		snprintf(d->state, sizeof d->state, "skipped: the file was "
		    "there already");
	else if (t->state == TASK_PAUSED && t->resume_asked)
		snprintf(d->state, sizeof d->state, "paused; resumes once "
		    "its transfer has stopped");
	else if (t->state == TASK_RETRYING) {
		wait = t->retry_at_ms > ui->now_ms ?
		    (t->retry_at_ms - ui->now_ms + 999) / 1000 : 0;
		snprintf(d->state, sizeof d->state, "retrying, next try in %s",
		    format_eta(eta, sizeof eta, (int64_t)wait));
	}
	ui_details_add(d, "State", d->state,
	    ui_attr(ui, ui_state_pairs[t->state]));
}

/* Adds T's size, the bytes it has, and its speed while it runs. */
static void
ui_details_bytes(struct ui_details *d, const struct task *t)
{
	char a[FORMAT_LEN], b[FORMAT_LEN];

	if (t->total >= 0)
		snprintf(d->size, sizeof d->size, "%s (%lld bytes)",
		    format_size(a, sizeof a, t->total), (long long)t->total);
	else
		snprintf(d->size, sizeof d->size, "unknown");
	snprintf(d->done, sizeof d->done, "%s (%lld bytes)",
	    format_size(a, sizeof a, t->done), (long long)t->done);
	if (t->total > 0 && t->state != TASK_DONE)
		snprintf(d->done + strlen(d->done),
		    sizeof d->done - strlen(d->done), ", %d%%",
		    (int)((double)t->done * 100 / (double)t->total));
	if (t->state == TASK_ACTIVE)
		snprintf(d->speed, sizeof d->speed, "%s, ETA %s",
		    format_rate(a, sizeof a, t->speed),
		    format_eta(b, sizeof b, task_eta(t)));
	else
		snprintf(d->speed, sizeof d->speed, "not running");
	ui_details_add(d, "Size", d->size, A_NORMAL);
	ui_details_add(d, "Done", d->done, A_NORMAL);
	ui_details_add(d, "Speed", d->speed, A_NORMAL);
}

/* Adds T's attempts and the status of the last response it had. */
static void
ui_details_tries(struct ui_details *d, const struct task *t)
{
	snprintf(d->attempts, sizeof d->attempts, "%d", t->attempts);
	if (t->http_status != 0)
		snprintf(d->status, sizeof d->status, "%ld", t->http_status);
	else
		snprintf(d->status, sizeof d->status, "no response yet");
	ui_details_add(d, "Attempts", d->attempts, A_NORMAL);
	ui_details_add(d, "HTTP status", d->status, A_NORMAL);
}

/* Adds every error T kept, oldest first, and how many it forgot. */
static void
ui_details_errors(struct ui *ui, struct ui_details *d, const struct task *t)
{
	unsigned kept, first, i;

	if (t->nerrors == 0) {
		ui_details_add(d, "Errors", "none", A_NORMAL);
		return;
	}
	kept = t->nerrors < TASK_ERRORS ? t->nerrors : TASK_ERRORS;
	first = t->nerrors - kept;
	if (first > 0) {
		snprintf(d->earlier, sizeof d->earlier, "(%u earlier error%s "
		    "not kept)", first, first == 1 ? "" : "s");
		ui_details_add(d, "Errors", d->earlier, A_NORMAL);
	}
	for (i = 0; i < kept; i++) {
		snprintf(d->labels[i], sizeof d->labels[i], "Error %u",
		    first + i + 1);
		ui_details_add(d, d->labels[i], t->errors[i],
		    ui_attr(ui, UI_PAIR_FAILED));
	}
}

/* Fills D with what the details view shows of T. */
static void
ui_details_fill(struct ui *ui, struct ui_details *d, const struct task *t)
{
	d->n = 0;
	ui_details_add(d, "URL", t->url, A_NORMAL);
	ui_details_path(d, t);
	ui_details_state(ui, d, t);
	ui_details_bytes(d, t);
	ui_details_tries(d, t);
	ui_details_errors(ui, d, t);
}

/*
 * Lays out the item IT, its text wrapped to W columns, as view rows *N
 * on, and counts them.  With DRAW, the rows that are in view are drawn
 * from screen row Y, the label in front of the first.
 */
static void
ui_details_item(struct ui *ui, const struct ui_item *it, size_t *n,
    int draw, int y, int x, int w)
{
	struct ui_text t;
	const char *s;
	size_t row;
	int first;

	s = it->text;
	first = 1;
	do {
		ui_text_line(&t, &s, w - UI_LABEL_W - 1);
		row = (*n)++;
		if (draw && row >= ui->detail_top &&
		    row - ui->detail_top < ui->detail_page) {
			row -= ui->detail_top;
			if (first)
				ui_put(ui, y + (int)row, x, UI_LABEL_W,
				    it->label, A_BOLD);
			ui_text_draw(&t, y + (int)row, x + UI_LABEL_W + 1,
			    it->attr);
		}
		first = 0;
	} while (*s != '\0');
}

/* Lays out (and with DRAW draws) every item of D; returns the rows. */
static size_t
ui_details_rows(struct ui *ui, const struct ui_details *d, int draw,
    int y, int x, int w)
{
	size_t i, n;

	n = 0;
	for (i = 0; i < d->n; i++)
		ui_details_item(ui, &d->item[i], &n, draw, y, x, w);
	return n;
}

/* Writes the view's last line: how to close it, and where it is. */
static void
ui_details_footer(struct ui *ui, int y, int w)
{
	char buf[96];
	size_t last;

	if (ui->detail_rows <= ui->detail_page) {
		ui_put(ui, y, 2, w - 4, " Enter closes ", A_NORMAL);
		return;
	}
	last = ui->detail_top + ui->detail_page;
	snprintf(buf, sizeof buf, " rows %zu-%zu of %zu, j k scroll, Enter "
	    "closes ", ui->detail_top + 1, last, ui->detail_rows);
	ui_put(ui, y, 2, w - 4, buf, A_NORMAL);
}

/*
 * Draws the details of task T over the whole screen but the status
 * line, scrolled to detail_top, which it keeps in range.
 */
static void
ui_draw_details(struct ui *ui, const struct task *t)
{
	struct ui_details d;
	size_t last;
	int h, w;

	h = LINES - 1;
	w = COLS;
	ui_box(0, 0, h, w);
	ui_put(ui, 0, 2, w - 4, " Details ", A_BOLD);
	ui_details_fill(ui, &d, t);
	ui->detail_page = (size_t)(h - 2);
	ui->detail_rows = ui_details_rows(ui, &d, 0, 1, 2, w - 4);
	last = ui->detail_rows > ui->detail_page ?
	    ui->detail_rows - ui->detail_page : 0;
	if (ui->detail_top > last)
		ui->detail_top = last;
	ui_details_rows(ui, &d, 1, 1, 2, w - 4);
	ui_details_footer(ui, h - 1, w);
}

/* Draws the whole layout; returns the cursor column or -1. */
static int
ui_draw_full(struct ui *ui, const struct task_list *tl,
    const struct ui_status *st)
{
	const struct task *t;
	int cx;

	ui_follow(ui, tl);
	ui_layout_rows(ui);
	ui_scroll(ui, tl->n);
	t = task_get(tl, ui->detail_id);
	if (ui->mode == UI_MODE_DETAILS && t == NULL) {
		ui->mode = UI_MODE_LIST;
		ui_message(ui, "The task in the details view was removed.");
	}
	if (ui->mode == UI_MODE_DETAILS)
		ui_draw_details(ui, t);
	else {
		ui_draw_header(ui, tl, st);
		ui_draw_list(ui, tl);
		ui_draw_pane(ui, tl);
	}
	cx = ui_draw_status(ui, tl);
	if (ui->mode == UI_MODE_HELP) {
		keys_draw_help(ui);
		cx = -1;
	}
	return cx;
}

/* Shows the cursor at column CX of the status line, or hides it. */
static void
ui_show_cursor(struct ui *ui, int cx)
{
	if (cx >= 0) {
		move(LINES - 1, cx);
		if (!ui->cursor)
			curs_set(1);
		ui->cursor = 1;
	} else if (ui->cursor) {
		curs_set(0);
		ui->cursor = 0;
	}
}

/*
 * Returns whether the screen must be painted, and takes note of what the
 * paint will show.  Keys, resizes and messages paint at once; progress
 * and the clock wait until UI_FRAME_MS passed since the last paint, so a
 * flood of events costs at most one paint a frame.  Also expires the
 * message and, once a second, refreshes the overall ETA.
 */
static int
ui_stale(struct ui *ui, const struct task_list *tl)
{
	uint64_t now, second;

	now = task_now_ms();
	second = now / 1000;
	if (ui->msg_until != 0 && now >= ui->msg_until) {
		ui->msg[0] = '\0';
		ui->msg_until = 0;
		ui->dirty = 1;
	}
	if (!ui->dirty && now - ui->now_ms < UI_FRAME_MS)
		return 0;
	if (!ui->dirty && second == ui->seen_second &&
	    tl->changes == ui->seen_changes)
		return 0;
	if (second != ui->seen_second)
		ui->eta = task_list_eta(tl);

	ui->dirty = 0;
	ui->seen_changes = tl->changes;
	ui->seen_second = second;
	ui->now_ms = now;
	return 1;
}

/* Paints the screen if anything changed; see ui.h. */
void
ui_draw(struct ui *ui, const struct task_list *tl, const struct ui_status *st)
{
	int cx;

	if (!ui_stale(ui, tl))
		return;
	erase();
	if (COLS < UI_MIN_COLS || LINES < UI_MIN_LINES)
		cx = ui_draw_small(ui, tl);
	else
		cx = ui_draw_full(ui, tl, st);
	ui_show_cursor(ui, cx);
	refresh();
}

/* Opens the terminal: stdin and stdout, or /dev/tty for either. */
static int
ui_open(struct ui *ui)
{
	FILE *in, *out;

	in = stdin;
	out = stdout;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		if ((ui->tty = fopen("/dev/tty", "r+")) == NULL)
			return -1;
		if (!isatty(STDIN_FILENO))
			in = ui->tty;
		if (!isatty(STDOUT_FILENO))
			out = ui->tty;
	}
	if ((ui->screen = newterm(NULL, out, in)) == NULL) {
		if (ui->tty != NULL)
			fclose(ui->tty);
		return -1;
	}
	set_term(ui->screen);
	ui->fd = fileno(in);
	ui->out = out;
	return 0;
}

/*
 * Asks the terminal to mark pasted text, so that line breaks in a paste
 * do not end the add prompt.  Terminals that do not know the request
 * ignore it.
 */
static void
ui_paste_marks(struct ui *ui, int on)
{
	if (on) {
		define_key("\033[200~", KEY_MAX + 1);
		define_key("\033[201~", KEY_MAX + 2);
	}
	fputs(on ? "\033[?2004h" : "\033[?2004l", ui->out);
	fflush(ui->out);
}

/* Sets up colour pairs when the terminal has colours. */
static void
ui_colours(struct ui *ui)
{
	short bg, p;

	if (!has_colors() || start_color() == ERR)
		return;
	bg = use_default_colors() == OK ? -1 : COLOR_BLACK;
	for (p = 1; p < UI_NPAIRS; p++)
		if (ui_looks[p].fg >= 0)
			init_pair(p, ui_looks[p].fg, bg);
	ui->colours = 1;
}

/* Takes over the terminal; see ui.h. */
struct ui *
ui_start(void)
{
	struct ui *ui;

	setlocale(LC_ALL, "");
	if ((ui = calloc(1, sizeof *ui)) == NULL)
		return NULL;
	if (ui_open(ui) != 0) {
		free(ui);
		return NULL;
	}
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	set_escdelay(UI_ESCDELAY);
	curs_set(0);
	ui_colours(ui);
	ui_paste_marks(ui, 1);
	mousemask(BUTTON1_CLICKED | BUTTON1_PRESSED, NULL);

	ui->ellipsis = wcwidth(0x2026) == 1 ? 0x2026 : L'~';
	ui->show_errors = 1;
	ui->dirty = 1;
	ui->seen_second = UINT64_MAX;
	return ui;
}

/* Gives the terminal back; see ui.h. */
void
ui_stop(struct ui *ui)
{
	if (ui == NULL)
		return;
	ui_paste_marks(ui, 0);
	mousemask(0, NULL);
	curs_set(1);
	endwin();
	delscreen(ui->screen);
	if (ui->tty != NULL)
		fclose(ui->tty);
	free(ui->line);
	free(ui->fails);
	free(ui);
}

/* Returns the descriptor keys come from. */
int
ui_fd(const struct ui *ui)
{
	return ui->fd;
}

/* Returns the next key, waiting at most WAIT_MS; see ui_private.h. */
int
ui_key(struct ui *ui, int wait_ms)
{
	wint_t c;
	int r;

	(void)ui;
	if (wait_ms > 0)
		timeout(wait_ms);
	r = get_wch(&c);
	if (wait_ms > 0)
		nodelay(stdscr, TRUE);
	if (r == ERR)
		return UI_NOKEY;
	return r == KEY_CODE_YES ? UI_FKEY((int)c) : (int)c;
}

/* Puts KEY back for the next ui_key(). */
void
ui_unkey(struct ui *ui, int key)
{
	(void)ui;
	if (key >= UI_FKEY(0))
		ungetch(key - UI_FKEY(0));
	else
		unget_wch((wchar_t)key);
}

/* Reads every waiting key; see ui.h. */
int
ui_input(struct ui *ui, const struct task_list *tl, struct ui_cmd *cmd)
{
	int key, asked;

	cmd->command = UI_NOTHING;
	cmd->text = NULL;
	cmd->task = 0;
	cmd->value = 0;
	while ((key = ui_key(ui, 0)) != UI_NOKEY) {
		if (key == UI_FKEY(KEY_RESIZE)) {
			ui_resized(ui);
			continue;
		}
		ui->dirty = 1;
		ui_follow(ui, tl);
		asked = keys_press(ui, tl, key, cmd);
		ui_remember(ui, tl);
		if (asked)
			return 1;
	}
	return 0;
}

/* Catches up with the terminal's size; see ui.h. */
void
ui_resized(struct ui *ui)
{
	struct winsize ws;

	if (ioctl(ui->fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0 && is_term_resized(ws.ws_row, ws.ws_col))
		resizeterm(ws.ws_row, ws.ws_col);
	ui->dirty = 1;
}

/* Shows MSG on the status line for a few seconds; see ui.h. */
void
ui_message(struct ui *ui, const char *msg)
{
	snprintf(ui->msg, sizeof ui->msg, "%s", msg != NULL ? msg : "");
	ui->msg_until = task_now_ms() + UI_MESSAGE_MS;
	ui->dirty = 1;
}
