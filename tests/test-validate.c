/* test-validate.c — every validation error of the loader (load.c) and the
 * validator (check.c), each with its exact message and FILE:LINE:COL.
 * Each case writes its files into a fresh folder, next to a valid
 * guideline.yaml unless the case replaces it, and compares the whole
 * diagnostic output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "content.h"
#include "load.h"
#include "testlib.h"
#include "util.h"

#define META "guideline: {title: T, edition: E, publisher: P, source: S, disclaimer: D}\n"
#define PROV "provenance: {edition: E, confidence: seen}"
#define VOL2 "  - id: v2\n    kind: volume\n    volume: 2\n    number: 第2編\n    title: 例文\n    " PROV "\n"

typedef struct tfile {
  const char *name, *text;
  int len; /* 0: strlen */
} tfile;

typedef struct tcase {
  const char *name;
  tfile files[3];
  const char *want; /* diagnostics, with "DIR" for the folder */
} tcase;

static const tcase cases[] = {
  {"valid content has no errors",
   {{"a.yaml", "nodes:\n" VOL2, 0}}, ""},
  {"unknown key",
   {{"a.yaml", "nodes:\n" VOL2 "    colour: red\n", 0}},
   "guidenav: DIR/a.yaml:8:5: unknown key 'colour' in node (expected one of: id, kind, parent, volume, "
   "number, title, body, refs, provenance, children)\n"},
  {"YAML alias",
   {{"a.yaml", "nodes:\n" VOL2 "  - id: v3\n    kind: volume\n    volume: 3\n    number: 第3編\n"
               "    title: &t 解説\n    provenance: *t\n", 0}},
   "guidenav: DIR/a.yaml:12:12: an alias (*name) refers to this node: YAML aliases are not allowed in content\n"},
  {"YAML alias of a node in itself (was endless recursion)",
   {{"a.yaml", "nodes:\n  - &n {id: v2, kind: volume, volume: 2, number: a, title: t, " PROV ", children: [*n]}\n", 0}},
   "guidenav: DIR/a.yaml:2:5: an alias (*name) refers to this node: YAML aliases are not allowed in content\n"},
  {"a long unknown key is cut between characters",
   {{"a.yaml", "nodes:\n" VOL2 "    " "ああああああああああああああああああああああkey: x\n", 0}},
   "guidenav: DIR/a.yaml:8:5: unknown key 'あああああああああああああああああああああ' in node (expected one of: id, kind, parent, volume, "
   "number, title, body, refs, provenance, children)\n"},
  {"raw line separator (libyaml counts it as a line break)",
   {{"a.yaml", "nodes:\n" VOL2 "    body: a\u2028b\u2029\n", 0}},
   "guidenav: DIR/a.yaml:8:12: line separator U+2028 is not allowed (YAML reads it as a line break)\n"
   "guidenav: DIR/a.yaml:8:14: line separator U+2029 is not allowed (YAML reads it as a line break)\n"},
  {"escaped line separator",
   {{"a.yaml", "nodes:\n" VOL2 "    body: \"a\\Lb\"\n", 0}},
   "guidenav: DIR/a.yaml:8:11: line separator in the value of 'body' (U+2028)\n"},
  {"a key with an escaped NUL is not the key before the NUL",
   {{"a.yaml", "terms:\n  - {\"id\\0x\": t.a, term: X, reading: x, definition: D}\n", 0}},
   "guidenav: DIR/a.yaml:2:5: term: missing required key 'id'\n"
   "guidenav: DIR/a.yaml:2:6: control character in the value of 'key' (U+0000)\n"
   "guidenav: DIR/a.yaml:2:6: unknown key '?' in term (expected one of: id, term, reading, definition, nodes, see)\n"},
  {"unknown top-level key",
   {{"a.yaml", "nodez: []\n", 0}},
   "guidenav: DIR/a.yaml:1:1: unknown key 'nodez' in a content file (expected one of: guideline, nodes, "
   "meetings, checklists, terms)\n"},
  {"wrong type",
   {{"a.yaml", "nodes:\n  - id: v2\n    kind: volume\n    volume: 2\n    number: 第2編\n    title: [a, b]\n    " PROV "\n", 0}},
   "guidenav: DIR/a.yaml:6:12: 'title' in node must be a string, not a list\n"},
  {"missing required field",
   {{"a.yaml", "nodes:\n  - id: v2\n    kind: volume\n    volume: 2\n    number: 第2編\n    " PROV "\n", 0}},
   "guidenav: DIR/a.yaml:2:5: node: missing required key 'title'\n"},
  {"empty title",
   {{"a.yaml", "nodes:\n  - id: v2\n    kind: volume\n    volume: 2\n    number: 第2編\n    title: \"  \"\n    " PROV "\n", 0}},
   "guidenav: DIR/a.yaml:6:12: empty 'title' in node\n"},
  {"duplicate id across files",
   {{"a.yaml", "nodes:\n" VOL2, 0},
    {"b.yaml", "terms:\n  - {id: v2, term: X, reading: えっくす, definition: D}\n", 0}},
   "guidenav: DIR/b.yaml:2:5: duplicate id 'v2' (first defined as a node at DIR/a.yaml:2:5)\n"},
  {"reference to a missing id",
   {{"a.yaml", "nodes:\n" VOL2 "    refs: [v9]\n", 0}},
   "guidenav: DIR/a.yaml:8:12: refs: no record has the id 'v9'\n"},
  {"reference to the wrong kind",
   {{"a.yaml", "nodes:\n" VOL2 "terms:\n  - {id: t.x, term: X, reading: えっくす, definition: D, see: [v2]}\n", 0}},
   "guidenav: DIR/a.yaml:9:60: see: 'v2' is a node, not a term\n"},
  {"reference to itself",
   {{"a.yaml", "nodes:\n" VOL2 "    refs: [v2]\n", 0}},
   "guidenav: DIR/a.yaml:8:12: refs: 'v2' refers to itself\n"},
  {"parent cycle",
   {{"a.yaml", "nodes:\n" VOL2
               "  - {id: a, parent: b, kind: chapter, number: \"1\", title: A, " PROV "}\n"
               "  - {id: b, parent: a, kind: section, number: \"1.1\", title: B, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:8:21: parent 'b' makes a cycle: 'a' would be its own ancestor\n"
   "guidenav: DIR/a.yaml:9:21: parent 'a' makes a cycle: 'b' would be its own ancestor\n"},
  {"number that does not fit its parent",
   {{"a.yaml", "nodes:\n" VOL2 "    children:\n"
               "      - id: c6\n        kind: chapter\n        number: \"6\"\n        title: C\n        " PROV "\n"
               "        children:\n"
               "          - {id: s51, kind: section, number: \"5.1\", title: S, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:15:46: number '5.1' does not fit its parent 'c6' numbered '6' (expected 6.…)\n"},
  {"dotted number under a parent not numbered in digits: the hint says what fits",
   {{"a.yaml", "nodes:\n" VOL2 "    children:\n"
               "      - id: p1\n        kind: part\n        number: 第1章\n        title: P\n        " PROV "\n"
               "        children:\n"
               "          - {id: s51, kind: section, number: \"5.1\", title: S, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:15:46: number '5.1' does not fit its parent 'p1' numbered '第1章' (a number "
   "with a dot goes under a node numbered '5'; under this parent, use one without a dot)\n"},
  {"dotted number under a part without a number",
   {{"a.yaml", "nodes:\n" VOL2 "    children:\n"
               "      - id: p2\n        kind: part\n        title: P\n        " PROV "\n"
               "        children:\n"
               "          - {id: s9, kind: section, number: \"9.1.2\", title: S, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:14:45: number '9.1.2' does not fit its parent 'p2' which has no number (a "
   "number with a dot goes under a node numbered '9.1'; under this parent, use one without a dot)\n"},
  {"siblings sharing a number",
   {{"a.yaml", "nodes:\n" VOL2 "    children:\n"
               "      - {id: c1, kind: chapter, number: \"1\", title: A, " PROV "}\n"
               "      - {id: c2, kind: chapter, number: \"1\", title: B, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:10:41: number '1' is used twice under 'v2' (also by 'c1')\n"},
  {"nesting that makes no sense",
   {{"a.yaml", "nodes:\n" VOL2 "    children:\n"
               "      - {id: i1, kind: item, number: \"(1)\", title: A, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:9:24: kind 'item' cannot stand under a volume ('v2')\n"},
  {"top-level node without a parent",
   {{"a.yaml", "nodes:\n" VOL2 "  - {id: c1, kind: chapter, number: \"1\", title: A, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:8:5: a top-level chapter needs 'parent' (the id of the node it belongs under)\n"},
  {"parent on a nested node",
   {{"a.yaml", "nodes:\n" VOL2 "    children:\n"
               "      - {id: c1, parent: v2, kind: chapter, number: \"1\", title: A, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:9:26: 'parent' is only allowed on a top-level node; 'v2' is nested in its parent\n"},
  {"volume given twice",
   {{"a.yaml", "nodes:\n" VOL2, 0},
    {"b.yaml", "nodes:\n  - {id: w2, kind: volume, volume: 2, number: 第2編, title: X, " PROV "}\n", 0}},
   "guidenav: DIR/b.yaml:2:5: volume 2 is defined twice (also 'v2')\n"},
  {"volume out of range",
   {{"a.yaml", "nodes:\n  - {id: v9, kind: volume, volume: 9, number: 第9編, title: X, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:2:36: 'volume' must be a whole number from 1 to 4\n"},
  {"enumerated value",
   {{"a.yaml", "nodes:\n  - {id: v2, kind: volume, volume: 2, number: 第2編, title: X, "
               "provenance: {edition: E, confidence: sure}}\n", 0}},
   "guidenav: DIR/a.yaml:2:99: 'confidence' must be one of seen, derived, background, unverified, not 'sure'\n"},
  {"id with characters outside the id alphabet",
   {{"a.yaml", "nodes:\n  - {id: V2, kind: volume, volume: 2, number: 第2編, title: X, " PROV "}\n", 0}},
   "guidenav: DIR/a.yaml:2:10: id 'V2' must be lower-case ASCII letters, digits, '.', '_' or '-', "
   "starting with a letter or digit\n"},
  {"duplicate key",
   {{"a.yaml", "nodes:\n" VOL2 "    title: again\n", 0}},
   "guidenav: DIR/a.yaml:8:5: duplicate key 'title' in node (first at line 6)\n"},
  {"escape character written as \\e in a double-quoted scalar",
   {{"a.yaml", "nodes:\n" VOL2 "    body: \"red \\e[31m text\"\n", 0}},
   "guidenav: DIR/a.yaml:8:11: control character in the value of 'body' (U+001B)\n"},
  {"C1 control written as \\x9b in a double-quoted scalar",
   {{"a.yaml", "nodes:\n" VOL2 "    body: \"csi \\x9b31m\"\n", 0}},
   "guidenav: DIR/a.yaml:8:11: control character in the value of 'body' (U+009B)\n"},
  {"NUL written as \\0 in a double-quoted scalar",
   {{"a.yaml", "nodes:\n" VOL2 "    body: \"a\\0b\"\n", 0}},
   "guidenav: DIR/a.yaml:8:11: control character in the value of 'body' (U+0000)\n"},
  {"raw escape byte in the file",
   {{"a.yaml", "nodes:\n" VOL2 "    body: 本文\x1b[2Jです\n", 0}},
   "guidenav: DIR/a.yaml:8:13: control character U+001B is not allowed\n"},
  {"invalid UTF-8: line and column from the byte offset",
   {{"a.yaml", "nodes:\n" VOL2 "    body: 日本語\xff\xfe語\n", 0}},
   "guidenav: DIR/a.yaml:8:14: invalid UTF-8 (byte 0xFF at offset 153)\n"
   "guidenav: DIR/a.yaml:8:15: invalid UTF-8 (byte 0xFE at offset 154)\n"},
  {"syntax error in one file, semantic error in another: both reported",
   {{"a.yaml", "nodes:\n  - id: [unclosed\n", 0},
    {"b.yaml", "nodes:\n" VOL2 "    refs: [nowhere]\n", 0}},
   "guidenav: DIR/a.yaml:3:1: YAML syntax error: did not find expected ',' or ']' while parsing a flow "
   "sequence (line 2)\n"
   "guidenav: DIR/b.yaml:8:12: refs: no record has the id 'nowhere'\n"},
  {"a file that cannot be read comes first: errors in others may follow from it",
   {{"a.yaml", "nodes:\n" VOL2 "    refs: [z.node]\n", 0},
    {"z.yaml", "nodes:\n  - id: z.node\n    bad: [unclosed\n", 0}},
   "guidenav: DIR/z.yaml:4:1: YAML syntax error: did not find expected ',' or ']' while parsing a flow "
   "sequence (line 3)\n"
   "guidenav: DIR/a.yaml:8:12: refs: no record has the id 'z.node'\n"},
  {"two documents in one file",
   {{"a.yaml", "nodes:\n" VOL2 "---\nterms: []\n", 0}},
   "guidenav: DIR/a.yaml:9:1: only one YAML document per file: remove the second '---'\n"},
  {"meeting date",
   {{"a.yaml", "meetings:\n  - id: m1\n    number: 1\n    date: 2024/07/22\n    title: T\n    source: S\n    "
               PROV "\n    points: []\n", 0}},
   "guidenav: DIR/a.yaml:4:11: 'date' must be written YYYY-MM-DD, not '2024/07/22'\n"},
  {"revision point without nodes, remark without a role",
   {{"a.yaml", "meetings:\n  - id: m1\n    number: 1\n    date: 2024-07-22\n    title: T\n    source: S\n    "
               PROV "\n    points:\n      - id: m1.1\n        number: 1\n        topic: X\n"
               "        remarks: [{inferred: true, text: 発言}]\n        response: R\n"
               "        disposition: noted\n        status: open\n        nodes: []\n", 0}},
   "guidenav: DIR/a.yaml:12:19: remark: missing required key 'role'\n"
   "guidenav: DIR/a.yaml:16:16: 'nodes' in revision point must name at least one id\n"},
  {"checklist item pointing at a missing point",
   {{"a.yaml", "nodes:\n" VOL2 "checklists:\n  - id: c\n    title: C\n    items:\n"
               "      - {id: c.1, number: \"1\", question: Q, nodes: [v2], points: [m9.1]}\n", 0}},
   "guidenav: DIR/a.yaml:12:67: points: no record has the id 'm9.1'\n"},
  {"a syntax error where the metadata would be: no claim that it is missing",
   {{"guideline.yaml", "guideline: [\n", 0},
    {"b.yaml", "nodes:\n" VOL2, 0}},
   "guidenav: DIR/guideline.yaml:2:1: YAML syntax error: did not find expected node content while "
   "parsing a flow node (line 2)\n"},
  {"no guideline metadata",
   {{"guideline.yaml", "nodes:\n" VOL2, 0}},
   "guidenav: DIR/guideline.yaml: no file has the 'guideline' mapping (title, edition, publisher, source, "
   "disclaimer)\n"},
};

static char *replace_all(const char *s, const char *from, const char *to)
{
  gn_buf b = {0};
  size_t fl = strlen(from);
  const char *p;
  while ((p = strstr(s, from))) {
    gn_buf_add(&b, s, (size_t)(p - s));
    gn_buf_puts(&b, to);
    s = p + fl;
  }
  gn_buf_puts(&b, s);
  return b.s;
}

int main(void)
{
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    const tcase *tc = &cases[i];
    char *dir = test_tmpdir();
    int own_meta = 0;
    for (int f = 0; f < 3 && tc->files[f].name; f++) {
      const tfile *tf = &tc->files[f];
      test_write(dir, tf->name, tf->text, tf->len ? (size_t)tf->len : strlen(tf->text));
      own_meta |= !strcmp(tf->name, "guideline.yaml");
    }
    if (!own_meta)
      test_write(dir, "guideline.yaml", META, strlen(META));
    gn_content c;
    gn_content_init(&c);
    gn_diags d = {0};
    gn_load_dir(dir, &c, &d);
    if (!d.n)
      gn_check(&c, &d);
    /* A syntax error must not stop the semantic checks of other files. */
    else
      gn_check(&c, &d);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    gn_diags_print(&d, f);
    fclose(f);
    char *want = replace_all(tc->want, "DIR", dir);
    if (strcmp(buf, want) != 0) {
      t_fail++;
      fprintf(stderr, "case '%s':\n--- got\n%s--- want\n%s", tc->name, buf, want);
    } else {
      t_pass++;
    }
    free(want);
    free(buf);
    gn_diags_free(&d);
    gn_content_free(&c);
    test_rmtree(dir);
    free(dir);
  }
  return test_done();
}
