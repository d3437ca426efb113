/* walk.h — checklist walkthroughs: an auditor's answers to one checklist.
 *
 * Owns: the walkthrough tables of the user's state file (opened by
 * state.h; walk.c is the only other code that touches that file, through
 * gn_state_sqlite), the statuses and their labels' identifiers, the
 * staleness rule, the three report formats (CSV for Japanese Excel,
 * Markdown, JSON Lines), and the list in which callers keep answers
 * (gn_answers).
 *
 * A walkthrough ("walk") belongs to one checklist of the index and has an
 * id such as "w3" (w + a number never reused), an optional name, and one
 * answer per item that has been answered: a status, a note, the time it was
 * recorded (UTC, 2024-07-22T13:30:00Z), and a fingerprint of the item as
 * it read then (question, guidance, evidence, procedure, linked node and
 * point ids).  Items never answered read as "unreviewed" with no note.
 *
 * Stale: an answer is stale when the item it answers now reads
 * differently from when it was answered (the content was edited and the
 * index rebuilt), or is no longer in the index.  Stale answers are kept,
 * listed (after the checklist's items, for vanished ones) and marked, never
 * dropped: the auditor decides.  Recording the answer again clears it.
 *
 * Statuses (DESIGN §4): unreviewed 未確認, compliant ○ 適合, partial △ 一部適合,
 * noncompliant × 不適合, na － 該当なし.  "na" needs a note that is not blank.
 * gn_walk_status_parse also takes the marks ○ △ × － ・ (and ASCII o ^ x -)
 * and the Japanese words 未確認 適合 一部適合 不適合 該当なし.
 * Names and notes are one line of UTF-8 text: no control character at all
 * (tab and newline included); any other text is stored as it is.
 *
 * Contract: functions return GN_OK, GN_NOTFOUND (no such walk, checklist or
 * item), GN_EUSAGE (bad status, na without a note, name or note with a
 * control character) or GN_EIO (state or index error, or the state is
 * read-only); gn_walk_errmsg says what went wrong.  Records handed to
 * callbacks are valid during the call (gn_answers keeps copies of
 * answers).  Writes are single transactions: a failed write changes
 * nothing.  A version-1 state file opened read-only
 * (state.h) has no walkthroughs: reads find none, writes return GN_EIO.
 */
#ifndef GN_WALK_H
#define GN_WALK_H

#include <stdio.h>

#include "api.h"
#include "state.h"

typedef enum gn_status {
  GN_ST_UNREVIEWED, GN_ST_COMPLIANT, GN_ST_PARTIAL, GN_ST_NONCOMPLIANT, GN_ST_NA,
  GN_ST__COUNT
} gn_status;

/* "unreviewed", "compliant", ... */
const char *gn_walk_status_name(gn_status s);
/* Mark: "・" unreviewed, "○", "△", "×", "－" */
const char *gn_walk_status_mark(gn_status s);
/* Name, mark, ASCII mark or Japanese word → status; -1 when not one. */
int gn_walk_status_parse(const char *text);

typedef struct gn_walk {
  const char *id;          /* "w3" */
  const char *checklist;   /* checklist id */
  const char *checklist_title; /* from the index; the id when it is gone */
  const char *name;        /* "" when none */
  const char *created_at, *updated_at;
  int nitems;              /* items of the checklist in the index */
  int counts[GN_ST__COUNT];/* answers per status over those items (unanswered count as unreviewed) */
  int nstale;
} gn_walk;

typedef struct gn_answer {
  const char *item;        /* item id */
  const char *number;      /* as printed, "5.1-1"; "" for a vanished item */
  const char *question;    /* from the index; "" for a vanished item */
  gn_status status;
  const char *note;        /* "" when none */
  const char *updated_at;  /* "" when never answered */
  int stale;
  int vanished;            /* answered, but the item is no longer in the index */
} gn_answer;

/* A callback returning non-zero stops the walk (the function returns GN_OK). */
typedef int (*gn_walk_cb)(const gn_walk *w, void *ctx);
typedef int (*gn_answer_cb)(const gn_answer *a, void *ctx);

/* Start a walkthrough of checklist (an id in db).  *id_out malloc'd. */
int gn_walk_new(gn_state *st, gn_db *db, const char *checklist, const char *name,
                char **id_out);
/* All walkthroughs, newest (highest id) first; GN_OK also when there are none. */
int gn_walk_list(gn_state *st, gn_db *db, gn_walk_cb cb, void *ctx);
/* One walkthrough's summary. */
int gn_walk_get(gn_state *st, gn_db *db, const char *walk, gn_walk_cb cb, void *ctx);
/* Its answers: every item of the checklist in checklist order, then the
 * answers to vanished items. */
int gn_walk_answers(gn_state *st, gn_db *db, const char *walk, gn_answer_cb cb, void *ctx);
/* Record an answer (note may be NULL: keep the current note; "" clears it).
 * item is an item id of the walk's checklist as the index has it now. */
int gn_walk_set(gn_state *st, gn_db *db, const char *walk, const char *item,
                gn_status status, const char *note);
/* The most recently updated walkthrough of a checklist (to resume); *id_out malloc'd. */
int gn_walk_latest(gn_state *st, const char *checklist, char **id_out);

typedef enum gn_walk_format { GN_WF_CSV, GN_WF_MD, GN_WF_JSON } gn_walk_format;
/* Report labels: the caller passes its message table's words, so the report
 * is Japanese under a ja locale and English otherwise. */
typedef struct gn_walk_labels {
  const char *col[9];      /* column heads: checklist, number, question, status, mark,
                              note, updated, stale, nodes */
  const char *status[GN_ST__COUNT];
  const char *stale_yes;   /* the stale column's word for a stale answer */
  const char *vanished;    /* ... for an answer whose item is gone (NULL: stale_yes) */
} gn_walk_labels;
/* Write the report to out.  CSV: UTF-8 with a BOM, CRLF, RFC 4180 quoting,
 * cells that a spreadsheet would take as a formula (= + - @ tab CR first)
 * prefixed with '; columns as in labels->col.  Markdown: a title (checklist,
 * walk name and id), a summary line of counts, a table (| escaped, newlines
 * as <br>).  JSON: the lines of gn_walk_answer_json.  A vanished item's row
 * has its item id as the number.  The nodes column cites each node so that
 * gn_resolve reads it as that node alone ("第2編 5.1(1) [id]", with the
 * part's word where the number is in both parts).  Whatever the state file
 * holds (one written elsewhere may hold control characters), CSV and
 * Markdown cells and the title are clean: a control character (C0, DEL,
 * C1) or an invalid byte becomes U+FFFD, a tab a space, and only the
 * question (from the index) keeps its newlines: a name, a note, an id or a
 * time stays one line.  labels NULL: English words.  The caller owns out
 * and its atomic replacement; GN_EIO when out has an error. */
int gn_walk_export(gn_state *st, gn_db *db, const char *walk, gn_walk_format fmt,
                   const gn_walk_labels *labels, FILE *out);

/* JSON made by SQLite's json_object, with DEL and the C1 controls, which
 * it leaves as they are, turned into \u escapes too (walk.c).
 * JSON (one object, no newline, made by SQLite) of a walkthrough: id,
 * checklist, checklist_title, name, created_at, updated_at, items, counts
 * (an object keyed by status name), stale (how many answers are). */
int gn_walk_json(gn_state *st, const gn_walk *w, gn_json_cb cb, void *ctx);
/* JSON of an answer: item, number, question, status (its name), note,
 * updated_at (null when never answered), stale, vanished (booleans). */
int gn_walk_answer_json(gn_state *st, const gn_answer *a, gn_json_cb cb, void *ctx);

const char *gn_walk_errmsg(gn_state *st);

/* Answers kept past the callback: start from {0} and pass
 * gn_answers_collect with the list as ctx to gn_walk_answers; each answer
 * is appended as a copy whose strings the list owns (malloc'd, never
 * NULL).  gn_answers_free releases them and the array and leaves the list
 * empty ({0}), ready to collect again. */
typedef struct gn_answers {
  gn_answer *v;
  int n, cap;
} gn_answers;
int gn_answers_collect(const gn_answer *a, void *ctx);
void gn_answers_free(gn_answers *as);

#endif
