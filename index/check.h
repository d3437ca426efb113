/* check.h — validation across records, and what the index derives.
 *
 * Owns: the checks that need the whole model: the guideline metadata is
 * present; ids are unique across every kind; every reference resolves to a
 * record of the right kind (node refs and point/item/term nodes → nodes,
 * item points → points, term see → terms) and is not the record itself;
 * every top-level non-volume node names an existing parent and volumes do
 * not; the parent chain has no cycle; nesting follows volume > part|chapter
 * > … > item; volume numbers are unique; a number of the form A.B starts
 * with its parent's number; siblings do not share a number.  Then it derives:
 * the tree (attached children after inline ones), depth, volume, reading
 * order, the numbering key and the 第2編 ↔ 第3編 counterparts, and how many
 * revision points touch each node.  Errors go to a gn_diags with positions.
 */
#ifndef GN_CHECK_H
#define GN_CHECK_H

#include "content.h"
#include "util.h"

/* Returns the number of errors added. */
int gn_check(gn_content *c, gn_diags *d);

#endif
