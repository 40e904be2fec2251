#!/usr/bin/env python3
# ustack_oracle.py - compare ktrail's user stacks with perf's on the same
# command (tests/record_ustacks.sh).
#
#   ustack_oracle.py ANALYZE TRACE PERF_DATA COMM NAME...
#
# perf record --call-graph dwarf copies the same 8 KiB of stack and unwinds
# with libdw as well, so for a deterministic program both see the same
# frames: each stack becomes the list of (file, file offset) of its frames
# (perf prints a caller's address one byte back, in the call; its
# "(inlined)" lines that repeat the address of the frame before are
# dropped, and so is ktrail's [truncated] mark). Prints, for COMM's
# stacks: how many, how many of ktrail's perf has too (multiset), and for
# each NAME the percentage of stacks naming it, in ktrail's trace and in
# perf's; as "key value" lines.
import collections, csv, io, os, subprocess, sys

analyze, trace, perf_data, comm = sys.argv[1:5]
names = sys.argv[5:]


def ours():
    q = ("SELECT e.ts_ns || '-' || e.tid AS ev, f.depth, f.addr, f.module, f.symbol FROM events e "
         "JOIN stack_frames f ON f.trace_id = e.trace_id AND f.stack_id = e.ustack_id "
         "WHERE e.comm = '%s' ORDER BY e.ts_ns, f.depth" % comm)
    out = subprocess.run([analyze, trace, "--format", "csv", "--sql", q],
                         capture_output=True, text=True, check=True).stdout
    stacks = collections.OrderedDict()
    for row in csv.DictReader(io.StringIO(out)):
        fr = stacks.setdefault(row["ev"], ([], []))
        if row["symbol"] == "[truncated]":
            continue
        fr[0].append((os.path.basename(row["module"] or "?"), int(row["addr"])))
        fr[1].append(row["symbol"] or "")
    return list(stacks.values())


def perfs():
    out = subprocess.run(["perf", "script", "-i", perf_data, "-F", "comm,ip,sym,dso"],
                         capture_output=True, text=True).stdout
    stacks = []
    for block in out.split("\n\n"):
        lines = [l.strip() for l in block.strip().splitlines()]
        if not lines or lines[0].split()[0] != comm:
            continue
        frames, syms, last = [], [], None
        for l in lines[1:]:
            ip, rest = l.split(None, 1)
            dso = rest[rest.rfind("(") + 1:-1] if rest.endswith(")") else "?"
            sym = rest[:rest.rfind("(")].strip() if "(" in rest else rest
            if sym.endswith("(inlined)"):
                sym = sym[:-len("(inlined)")].strip()
            addr = int(ip, 16)
            if last is not None and addr == last:
                syms[-1] = sym
                continue
            last = addr
            if frames:
                addr += 1
            frames.append((os.path.basename(dso), addr))
            syms.append(sym)
        stacks.append((frames, syms))
    return stacks


a, b = ours(), perfs()
# by addresses: perf names no file for its "(inlined)" lines
ca = collections.Counter(tuple(x for _, x in f) for f, _ in a)
cb = collections.Counter(tuple(x for _, x in f) for f, _ in b)
same = sum(min(n, cb[k]) for k, n in ca.items())
print("ours", len(a))
print("perf", len(b))
print("same", same)
for n in names:
    pa = 100 * sum(any(s.startswith(n) for s in syms) for _, syms in a) // max(len(a), 1)
    pb = 100 * sum(any(s.startswith(n) for s in syms) for _, syms in b) // max(len(b), 1)
    print("ours_%s %d" % (n, pa))
    print("perf_%s %d" % (n, pb))
