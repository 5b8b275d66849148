"""The compiled (numba) inner loops of test-week timetabling, planner.testweek.

Construction by saturation degree with ejection, and simulated annealing over Kempe-chain moves.

Why compiled: one Kempe-chain move touches a few exams and their neighbours; a run makes
millions of them, and the timetable's quality follows the number of moves tried. Measured on
hec-s-92 (2 cores): 624,000 moves/s compiled against 5,600 moves/s with NUMBA_DISABLE_JIT=1
(the same code as plain Python), about 110 times as many.

The conflict graph is CSR: the neighbours of exam i are idx[ptr[i]:ptr[i+1]], with wts the
number of students the two share. W[p, q] is what a shared student costs when the two exams sit
in periods p and q (W[p, p] is unused: a clash is never made). allowed[i, p] says whether exam
i may sit in period p; movable[i] is False for a fixed exam.
"""

from __future__ import annotations

import numpy as np
from numba import njit

CHAIN_SHARE = 8  # a Kempe chain may hold at most 1/CHAIN_SHARE of the exams


@njit(cache=True)
def pair_cost(
    slot: np.ndarray, ptr: np.ndarray, idx: np.ndarray, wts: np.ndarray, w: np.ndarray
) -> int:
    """Sum over conflicting pairs i < j of shared students x W[slot_i, slot_j]."""
    total = 0
    for i in range(len(slot)):
        for e in range(ptr[i], ptr[i + 1]):
            j = idx[e]
            if j > i:
                total += wts[e] * w[slot[i], slot[j]]
    return total


@njit(cache=True)
def clashes(slot: np.ndarray, ptr: np.ndarray, idx: np.ndarray, wts: np.ndarray) -> int:
    """Students' clashes: shared students of pairs in the same period."""
    total = 0
    for i in range(len(slot)):
        for e in range(ptr[i], ptr[i + 1]):
            j = idx[e]
            if j > i and slot[i] == slot[j]:
                total += wts[e]
    return total


@njit(cache=True)
def construct(
    ptr: np.ndarray,
    idx: np.ndarray,
    wts: np.ndarray,
    w: np.ndarray,
    allowed: np.ndarray,
    fixed: np.ndarray,
    seed: int,
    max_steps: int,
) -> np.ndarray:
    """A clash-free timetable: the exam with the fewest periods left goes first (ties: most
    neighbours, then chance) to its cheapest free period; an exam with no free period takes
    the period whose clashing neighbours share the fewest students and sends them back to the
    queue (never a fixed exam). Returns the periods, -1 where it gave up after max_steps."""
    np.random.seed(seed)
    n, periods = allowed.shape
    slot = np.full(n, -1, dtype=np.int64)
    busy = np.zeros((n, periods), dtype=np.int64)  # assigned neighbours per period
    degree = np.zeros(n, dtype=np.int64)
    for i in range(n):
        for e in range(ptr[i], ptr[i + 1]):
            degree[i] += wts[e]
    noise = np.asarray(np.random.random(n))
    left = 0
    for i in range(n):
        if fixed[i] >= 0:
            slot[i] = fixed[i]
            for e in range(ptr[i], ptr[i + 1]):
                busy[idx[e], fixed[i]] += 1
        else:
            left += 1
    placed_at = np.full(n, -1, dtype=np.int64)  # the step an exam was last placed (tabu)
    step = 0
    while left > 0 and step < max_steps:
        step += 1
        # the most constrained exam
        pick = -1
        best_free = periods + 1
        best_deg = -1.0
        for i in range(n):
            if slot[i] >= 0:
                continue
            free = 0
            for p in range(periods):
                if allowed[i, p] and busy[i, p] == 0:
                    free += 1
            deg = degree[i] + noise[i]
            if free < best_free or (free == best_free and deg > best_deg):
                pick, best_free, best_deg = i, free, deg
        i = pick
        chosen = -1
        if best_free > 0:
            best_cost = np.inf
            for p in range(periods):
                if not allowed[i, p] or busy[i, p] > 0:
                    continue
                c = 0.0
                for e in range(ptr[i], ptr[i + 1]):
                    j = idx[e]
                    if slot[j] >= 0:
                        c += wts[e] * w[p, slot[j]]
                c += np.random.random() * 1e-6
                if c < best_cost:
                    best_cost, chosen = c, p
        else:
            best_cost = np.inf
            for p in range(periods):
                if not allowed[i, p]:
                    continue
                c = 0.0
                ok = True
                for e in range(ptr[i], ptr[i + 1]):
                    j = idx[e]
                    if slot[j] == p:
                        if fixed[j] >= 0:
                            ok = False
                            break
                        c += wts[e]
                        if placed_at[j] >= step - 10:  # just placed: rather not send it back
                            c += 1e6
                if not ok:
                    continue
                c += np.random.random()
                if c < best_cost:
                    best_cost, chosen = c, p
            if chosen < 0:
                return slot  # every allowed period holds a fixed neighbour: no timetable
            for e in range(ptr[i], ptr[i + 1]):
                j = idx[e]
                if slot[j] == chosen:
                    slot[j] = -1
                    left += 1
                    for f in range(ptr[j], ptr[j + 1]):
                        busy[idx[f], chosen] -= 1
        slot[i] = chosen
        placed_at[i] = step
        left -= 1
        for e in range(ptr[i], ptr[i + 1]):
            busy[idx[e], chosen] += 1
    return slot


@njit(cache=True)
def kempe_deltas(
    slot: np.ndarray,
    ptr: np.ndarray,
    idx: np.ndarray,
    wts: np.ndarray,
    w: np.ndarray,
    allowed: np.ndarray,
    movable: np.ndarray,
    samples: int,
    seed: int,
) -> np.ndarray:
    """The cost changes of `samples` random Kempe-chain moves (not made; drawn by _draw with
    no single-exam moves): the scale of the temperature."""
    np.random.seed(seed)
    n, periods = allowed.shape
    in_chain = np.zeros(n, dtype=np.bool_)
    queue = np.empty(n, dtype=np.int64)
    seen = np.zeros(periods, dtype=np.int64)
    out = np.zeros(samples, dtype=np.float64)
    for s in range(samples):
        size, _, _, delta = _draw(
            slot, ptr, idx, wts, w, allowed, movable, 0.0, in_chain, queue, seen, s + 1
        )
        if size > 0:
            out[s] = delta
        for a in range(abs(size)):
            in_chain[queue[a]] = False
    return out


@njit(cache=True)
def _draw(
    slot: np.ndarray,
    ptr: np.ndarray,
    idx: np.ndarray,
    wts: np.ndarray,
    w: np.ndarray,
    allowed: np.ndarray,
    movable: np.ndarray,
    single_share: float,
    in_chain: np.ndarray,
    queue: np.ndarray,
    seen: np.ndarray,
    stamp: int,
) -> tuple[int, int, int, float]:
    """A random move, not made: (size, p1, p2, cost change); the exams that would swap p1 and
    p2 are queue[:size], marked in in_chain. Size 0: no move; below 0: a chain that may not
    move (queue[:-size] still marked). With chance single_share the move is one exam to a
    period none of its neighbours sits in (seen[p] == stamp marks a taken period): on a dense
    conflict graph almost every Kempe chain spans both periods, and these small steps are
    what is left to fine-tune with (pur-s-93: median chain 50 exams)."""
    n, periods = allowed.shape
    i = np.random.randint(n)
    if not movable[i]:
        return 0, 0, 0, 0.0
    p1 = slot[i]
    if np.random.random() < single_share:
        for e in range(ptr[i], ptr[i + 1]):
            seen[slot[idx[e]]] = stamp
        free = 0
        for p in range(periods):
            if seen[p] != stamp and p != p1 and allowed[i, p]:
                free += 1
        if free > 0:
            pick = np.random.randint(free)
            p2 = -1
            for p in range(periods):
                if seen[p] != stamp and p != p1 and allowed[i, p]:
                    if pick == 0:
                        p2 = p
                        break
                    pick -= 1
            queue[0] = i
            in_chain[i] = True
            return 1, p1, p2, _chain_delta(slot, ptr, idx, wts, w, p1, p2, in_chain, queue, 1)
    p2 = np.random.randint(periods - 1)
    if p2 >= p1:
        p2 += 1
    size = _chain(slot, ptr, idx, allowed, movable, i, p1, p2, in_chain, queue)
    if size <= 0:
        return size, p1, p2, 0.0
    return size, p1, p2, _chain_delta(slot, ptr, idx, wts, w, p1, p2, in_chain, queue, size)


@njit(cache=True)
def _chain(
    slot: np.ndarray,
    ptr: np.ndarray,
    idx: np.ndarray,
    allowed: np.ndarray,
    movable: np.ndarray,
    start: int,
    p1: int,
    p2: int,
    in_chain: np.ndarray,
    queue: np.ndarray,
) -> int:
    """The Kempe chain of `start` between periods p1 and p2 into queue (marked in in_chain);
    its size, or minus its size when some exam of it may not move."""
    head, tail = 0, 1
    queue[0] = start
    in_chain[start] = True
    ok = True
    limit = max(16, len(slot) // CHAIN_SHARE)
    while head < tail:
        if tail > limit:  # a chain this long is rarely worth its cost: give up early
            ok = False
            break
        k = queue[head]
        head += 1
        other = p2 if slot[k] == p1 else p1
        if not movable[k] or not allowed[k, other]:
            ok = False
        for e in range(ptr[k], ptr[k + 1]):
            j = idx[e]
            if not in_chain[j] and slot[j] == other:
                in_chain[j] = True
                queue[tail] = j
                tail += 1
    return tail if ok else -tail


@njit(cache=True)
def _chain_delta(
    slot: np.ndarray,
    ptr: np.ndarray,
    idx: np.ndarray,
    wts: np.ndarray,
    w: np.ndarray,
    p1: int,
    p2: int,
    in_chain: np.ndarray,
    queue: np.ndarray,
    size: int,
) -> float:
    """What swapping the chain's periods changes: only pairs with one end outside the chain
    (two ends inside keep their distance)."""
    delta = 0
    for a in range(size):
        k = queue[a]
        old = slot[k]
        new = p2 if old == p1 else p1
        for e in range(ptr[k], ptr[k + 1]):
            j = idx[e]
            if not in_chain[j]:
                s = slot[j]
                delta += wts[e] * (w[new, s] - w[old, s])
    return delta


@njit(cache=True)
def anneal(
    slot: np.ndarray,
    best_slot: np.ndarray,
    ptr: np.ndarray,
    idx: np.ndarray,
    wts: np.ndarray,
    w: np.ndarray,
    allowed: np.ndarray,
    movable: np.ndarray,
    single_share: float,
    day: np.ndarray,
    tptr: np.ndarray,
    tidx: np.ndarray,
    limit: np.ndarray,
    penalty: float,
    iterations: int,
    t_start: float,
    t_end: float,
    seed: int,
    cost: float,
    best_cost: float,
) -> tuple[float, float]:
    """Simulated annealing over single-exam and Kempe-chain moves (see _draw), the temperature
    falling geometrically from t_start to t_end over `iterations`; `slot` is changed in place,
    `best_slot` holds the best timetable seen (when it beats best_cost). Returns (cost, best
    cost).

    The daily limit: day[p] is the day of period p, the students of exam k are
    tidx[tptr[k]:tptr[k+1]] and student u may sit limit[u] exams a day; every exam above that
    costs `penalty` (in the cost). No students (tptr all 0): no limit."""
    np.random.seed(seed)
    n, periods = allowed.shape
    in_chain = np.zeros(n, dtype=np.bool_)
    queue = np.empty(n, dtype=np.int64)
    seen = np.zeros(periods, dtype=np.int64)
    limited = tptr[n] > 0
    count = day_counts(slot, day, tptr, tidx, len(limit))
    net = np.zeros(len(limit), dtype=np.int64)
    touched = np.empty(len(tidx) + 1, dtype=np.int64)  # a student may be listed twice
    temperature = t_start
    factor = (t_end / t_start) ** (1.0 / max(iterations, 1))
    for it in range(iterations):
        temperature *= factor
        size, p1, p2, delta = _draw(
            slot, ptr, idx, wts, w, allowed, movable, single_share, in_chain, queue, seen, it + 1
        )
        apart = limited and size > 0 and day[p1] != day[p2]
        if apart:
            over = _over_delta(
                slot, queue, size, p1, p2, day, tptr, tidx, limit, count, net, touched
            )
            delta += penalty * over
        if size > 0 and (delta <= 0 or np.random.random() < np.exp(-delta / temperature)):
            if apart:
                d1, d2 = day[p1], day[p2]
                for a in range(size):
                    k = queue[a]
                    src, dst = (d1, d2) if slot[k] == p1 else (d2, d1)
                    for e in range(tptr[k], tptr[k + 1]):
                        count[tidx[e], src] -= 1
                        count[tidx[e], dst] += 1
            for a in range(size):
                k = queue[a]
                slot[k] = p2 if slot[k] == p1 else p1
            cost += delta
            if cost < best_cost:
                best_cost = cost
                best_slot[:] = slot
        for a in range(abs(size)):
            in_chain[queue[a]] = False
    return cost, best_cost


@njit(cache=True)
def day_counts(
    slot: np.ndarray, day: np.ndarray, tptr: np.ndarray, tidx: np.ndarray, students: int
) -> np.ndarray:
    """count[u, d]: the exams student u sits on day d."""
    count = np.zeros((students, day.max() + 1 if len(day) else 1), dtype=np.int64)
    for k in range(len(slot)):
        d = day[slot[k]]
        for e in range(tptr[k], tptr[k + 1]):
            count[tidx[e], d] += 1
    return count


@njit(cache=True)
def _over_delta(
    slot: np.ndarray,
    queue: np.ndarray,
    size: int,
    p1: int,
    p2: int,
    day: np.ndarray,
    tptr: np.ndarray,
    tidx: np.ndarray,
    limit: np.ndarray,
    count: np.ndarray,
    net: np.ndarray,
    touched: np.ndarray,
) -> int:
    """What swapping the chain's periods (on different days) changes in exams above the daily
    limit: per student, net[u] exams go from p1's day to p2's day."""
    d1, d2 = day[p1], day[p2]
    m = 0
    for a in range(size):
        k = queue[a]
        sign = 1 if slot[k] == p1 else -1
        for e in range(tptr[k], tptr[k + 1]):
            u = tidx[e]
            if net[u] == 0:
                touched[m] = u
                m += 1
            net[u] += sign
    change = 0
    for a in range(m):
        u = touched[a]
        x = net[u]
        if x != 0:  # a student touched twice with net 0 may be listed twice: counted once
            c1, c2, most = count[u, d1], count[u, d2], limit[u]
            change += max(c1 - x - most, 0) + max(c2 + x - most, 0)
            change -= max(c1 - most, 0) + max(c2 - most, 0)
            net[u] = 0
    return change
