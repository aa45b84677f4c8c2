#!/usr/bin/env python3
"""Search a short addition chain for x^(1/5) in BN254 Fr (see docs/crypto-rescue.md).

The exponent is alpha_inv = 5^-1 mod (r - 1). The chain has two parts:
  * a table of odd powers x^d for a set D of digits, each one product of two
    earlier entries or of an entry and x^(2^j) (x^2, x^4, ... by squaring),
    built so its dependency depth stays small;
  * sliding windows over the exponent's bits, MSB first: the accumulator
    starts at x^(first window) and each step is some squarings and one
    product with a table entry (the split of the bits is chosen by dynamic
    programming for the given D).
D is found by local search (add or drop one digit while the cost drops),
from every full odd table up to 2^7, with cost = M + w*S (w: the price of a
squaring relative to a product; 0.8 for the 64-bit code, 1 for IFMA, which is
latency bound; the default 0.9 sits in between). Deterministic.
Prints lib/crypto/inv5_chain.h (make regen-inv5): slot 0 holds x, the table
operations {dst, a, b} (a == b: square), then {squarings, slot} steps. The
IFMA paths use it; the portable code keeps its width-5 sliding window, which
measured faster there (docs/crypto-rescue.md).
"""
import sys

P = 0x30644E72E131A029B85045B68181585D2833E84879B9709143E1F593F0000001
E = pow(5, -1, P - 1)
BITS = bin(E)[2:]
N = len(BITS)
MAXW = 10
MAXSLOTS = 32  # the search bound; the chain found uses 19


def table(D):
    """Ops building x^d for d in D from x; returns (ops, S, M, values by slot)."""
    vals = [1]
    ops = []
    S = M = 0
    depth = {1: 0}
    for d in sorted(D):
        if d == 1:
            continue
        best = None
        for x in list(depth):
            y = d - x
            if y <= 0:
                continue
            ypow = y & (y - 1) == 0
            if y in depth or ypow:
                # cost: the powers of two not yet made
                need = []
                if y not in depth:
                    q = 2
                    while q <= y:
                        if q not in depth:
                            need.append(q)
                        q *= 2
                dep = max(depth[x], depth[y] if y in depth else y.bit_length() - 1) + 1
                key = (len(need), dep, -x)
                if best is None or key < best[0]:
                    best = (key, x, y, need)
        if best is None:
            return None
        _, x, y, need = best
        for q in need:
            ops.append((q, q // 2, q // 2))
            depth[q] = depth[q // 2] + 1
            vals.append(q)
            S += 1
        ops.append((d, x, y))
        depth[d] = max(depth[x], depth[y]) + 1
        vals.append(d)
        M += 1
    return ops, S, M, vals


def windows(D, ws):
    f = [None] * (N + 1)
    f[N] = (0.0, 0, 0, None)
    for pos in range(N - 1, -1, -1):
        best = None
        if BITS[pos] == "0":
            c, s, m, _ = f[pos + 1]
            best = (c + ws, s + 1, m, ("z",))
        else:
            for L in range(1, MAXW + 1):
                if pos + L > N:
                    break
                if BITS[pos + L - 1] != "1":
                    continue
                v = int(BITS[pos:pos + L], 2)
                if v not in D:
                    continue
                c, s, m, _ = f[pos + L]
                cand = (c + ws * L + 1, s + L, m + 1, ("w", L, v))
                if best is None or cand[0] < best[0]:
                    best = cand
        f[pos] = best
    if f[0] is None:
        return None
    steps, pos, z = [], 0, 0
    while pos < N:
        st = f[pos][3]
        if st[0] == "z":
            z += 1
            pos += 1
        else:
            steps.append((z + st[1], st[2]))
            z = 0
            pos += st[1]
    S = sum(s for s, _ in steps[1:])
    return steps, S, len(steps) - 1


def evaluate(D, ws):
    t = table(D)
    if t is None or len(t[3]) > MAXSLOTS:
        return None
    w = windows(D, ws)
    if w is None:
        return None
    ops, ts, tm, vals = t
    steps, s, m = w
    S, M = ts + s, tm + m
    return (M + ws * S, S, M, ops, steps, vals)


def search(ws):
    best = None
    for k in range(3, 8):
        D = set(range(1, 1 << k, 2))
        cur = evaluate(D, ws)
        while True:
            move = None
            for d in range(3, 1 << MAXW, 2):
                D2 = D - {d} if d in D else D | {d}
                r = evaluate(D2, ws)
                if r is not None and (cur is None or r[0] < cur[0] - 1e-9) and (move is None or r[0] < move[1][0]):
                    move = (D2, r)
            if move is None:
                break
            D, cur = move
        if cur is not None and (best is None or cur[0] < best[0]):
            best = cur
    return best


def main():
    ws = float(sys.argv[1]) if len(sys.argv) > 1 else 0.9
    cost, S, M, ops, steps, vals = search(ws)
    slot = {v: i for i, v in enumerate(vals)}
    # check: replay on exponents
    e = {0: 1}
    for d, a, b in ops:
        e[slot[d]] = e[slot[a]] + e[slot[b]]
        assert e[slot[d]] == d
    acc = steps[0][1]
    for s, v in steps[1:]:
        acc = (acc << s) + v
    assert acc == E, "chain does not give alpha_inv"
    print("/* Generated by tools/gen_inv5_chain.py %s (make regen-inv5): %d squarings + %d multiplications."
          % (sys.argv[1] if len(sys.argv) > 1 else "", S, M))
    print(" * Do not edit: change the generator and run make regen (docs/generated.md). Included by")
    print(" * lib/crypto/fr_impl.h, which defines FR_MAYBE_UNUSED. */")
    print("#ifndef ZKI_INV5_CHAIN_H")
    print("#define ZKI_INV5_CHAIN_H")
    print("#define INV5_SLOTS %d" % len(vals))
    print("/* table: {dst slot, a slot, b slot}, slot k holds x^%s */" % ",".join(str(v) for v in vals))
    print_array("static const uint8_t INV5_TABLE[][3] FR_MAYBE_UNUSED = {",
                [" {%d, %d, %d}," % (slot[d], slot[a], slot[b]) for d, a, b in ops])
    print("/* steps: {squarings, slot}; the first step only loads its slot */")
    print_array("static const uint8_t INV5_STEPS[][2] FR_MAYBE_UNUSED = {",
                [" {%d, %d}," % (s if i else 0, slot[v]) for i, (s, v) in enumerate(steps)])
    print("#endif")


def print_array(head, items):
    """A C initialiser, wrapped at 110 columns."""
    print(head)
    line = "   "
    for item in items:
        if len(line) + len(item) > 110:
            print(line)
            line = "   "
        line += item
    print(line)
    print("};")


main()
