#ifndef CNCURSES_SHIM_H
#define CNCURSES_SHIM_H

/* SwiftPM drops the pkg-config defines; without these the wide-character API is hidden. */
#define NCURSES_WIDECHAR 1
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
/* Debian keeps the wide-character curses apart; macOS has one curses, wide included. */
#if __has_include(<ncursesw/curses.h>)
#include <ncursesw/curses.h>
#else
#include <curses.h>
#endif
#include <locale.h>
#include <stdio.h>

/* Macros and globals that Swift cannot import, as functions. */
static inline WINDOW *cn_stdscr(void) { return stdscr; }
static inline int cn_lines(void) { return LINES; }
static inline int cn_cols(void) { return COLS; }
static inline int cn_colors(void) { return COLORS; }
static inline int cn_color_pairs(void) { return COLOR_PAIRS; }
static inline attr_t cn_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline attr_t cn_a_reverse(void) { return A_REVERSE; }
static inline attr_t cn_a_bold(void) { return A_BOLD; }
static inline attr_t cn_a_dim(void) { return A_DIM; }

#endif
