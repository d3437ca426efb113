#!/usr/bin/env python3
"""Scale the bundled content N times into a new content folder (benchmark only).

    bench/gen.py SRC_CONTENT_DIR DST_DIR N

Copy 0 is SRC byte for byte.  Copies 1..N-1 are renamed copies of every
file except guideline.yaml: every id gets the suffix -xK and every value
that names an id (parent, refs, nodes, see, ...) is renamed the same way,
so references resolve inside each copy.  Volumes exist once: a copy does
not repeat the volume nodes; their children become top-level nodes with
`parent:` set to the original volume, and their printed numbers get the
suffix (第2章 → 第2章-x3) so that numbers stay unique under a volume and
第2編/第3編 counterparts still pair within a copy.  Meeting numbers are
shifted by 100*K (for N <= 100 they stay under 10000).
Deterministic: the same input gives the same output.
"""
import os
import shutil
import sys

import yaml

MARK = "__SFX__"

try:
    Loader = yaml.CSafeLoader
    Dumper = yaml.CSafeDumper
except AttributeError:  # pragma: no cover
    Loader = yaml.SafeLoader
    Dumper = yaml.SafeDumper


def walk_ids(x, ids, vols):
    if isinstance(x, dict):
        if isinstance(x.get("id"), str):
            ids.add(x["id"])
            if x.get("kind") == "volume":
                vols.add(x["id"])
        for v in x.values():
            walk_ids(v, ids, vols)
    elif isinstance(x, list):
        for v in x:
            walk_ids(v, ids, vols)


def rename(x, ids, vols):
    if isinstance(x, str):
        return x + MARK if x in ids and x not in vols else x
    if isinstance(x, list):
        return [rename(v, ids, vols) for v in x]
    if isinstance(x, dict):
        out = {}
        for k, v in x.items():
            if k in ("title", "body", "text", "note", "definition", "question",
                     "guidance", "description", "response", "topic"):
                out[k] = v
            else:
                out[k] = rename(v, ids, vols)
        return out
    return x


def template(doc, ids, vols):
    """The copy template of one file's document (None: nothing to copy)."""
    if not isinstance(doc, dict) or "guideline" in doc:
        return None
    out = {}
    for key, val in doc.items():
        if key == "nodes" and isinstance(val, list):
            nodes = []
            for n in val:
                if isinstance(n, dict) and n.get("kind") == "volume":
                    for kid in n.get("children") or []:
                        kid = dict(kid)
                        kid["parent"] = n["id"]
                        if "number" in kid:
                            kid["number"] = str(kid["number"]) + MARK
                        nodes.append(kid)
                elif isinstance(n, dict) and n.get("parent") in vols:
                    n = dict(n)
                    if "number" in n:
                        n["number"] = str(n["number"]) + MARK
                    nodes.append(n)
                else:
                    nodes.append(n)
            out[key] = [rename(n, ids, vols) for n in nodes]
        elif key == "meetings" and isinstance(val, list):
            ms = []
            for m in rename(val, ids, vols):
                m = dict(m)
                if isinstance(m.get("number"), int):
                    m["number"] = "__MNUM%d__" % m["number"]
                ms.append(m)
            out[key] = ms
        else:
            out[key] = rename(val, ids, vols)
    return out


def main():
    if len(sys.argv) != 4:
        sys.exit("usage: gen.py SRC DST N")
    src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
    files = []
    for root, dirs, names in os.walk(src):
        dirs.sort()
        for name in sorted(names):
            if name.endswith(".yaml"):
                files.append(os.path.relpath(os.path.join(root, name), src))
    docs = {}
    ids, vols = set(), set()
    for f in files:
        with open(os.path.join(src, f), encoding="utf-8") as fh:
            docs[f] = yaml.load(fh, Loader=Loader)
        walk_ids(docs[f], ids, vols)
    if os.path.exists(dst):
        shutil.rmtree(dst)
    os.makedirs(dst)
    for f in files:
        os.makedirs(os.path.dirname(os.path.join(dst, "x0", f)), exist_ok=True)
        shutil.copyfile(os.path.join(src, f), os.path.join(dst, "x0", f))
    texts = {}
    for f in files:
        t = template(docs[f], ids, vols)
        if t is not None:
            texts[f] = yaml.dump(t, Dumper=Dumper, allow_unicode=True, sort_keys=False,
                                 width=100000, default_flow_style=False)
    import re
    mnum = re.compile(r"'?__MNUM(\d+)__'?")
    for k in range(1, n):
        for f, text in texts.items():
            out = text.replace(MARK, "-x%d" % k)
            out = mnum.sub(lambda m: str(int(m.group(1)) + 100 * k), out)
            path = os.path.join(dst, "x%d" % k, f)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w", encoding="utf-8") as fh:
                fh.write(out)


if __name__ == "__main__":
    main()
