#!/usr/bin/env python3
"""A discrete-event model of `composure grade --jobs N` (BatchGrader's pipeline), to say how it behaves on
machines this one cannot show (16 and 64 cores), from per-stage costs measured here.

The pipeline: one thread (the caller) splits lines and submits them, and delivers outcomes in input order;
N workers each take the next line, parse, grade and render it. One lock guards the queue and the window of
outcomes; every operation on it holds it for `lock` seconds, and operations queue for it. At most `window`
conversations are in flight (read and not yet delivered), so one slow conversation stalls submission only
when the window is full.

Usage: simulate.py COSTS.json [--lines CORPUS.jsonl]
  COSTS.json: {"read": s, "deliver": s, "work": s, "lock": s, "window": n,
               "bandwidth_per_conversation": bytes, "memory_bandwidth": bytes/s}
  --lines: take each conversation's relative cost from its line length in a corpus (work scales with words),
           so the variation between conversations is the corpus's, not a guess.
Prints, for N in 1, 2, 16, 64: throughput, speed-up over N=1, the caller's busy fraction, the lock's, and
where the ceiling is.
"""
import heapq
import json
import sys
from collections import deque


def simulate(jobs, costs, weights, conversations=20000):
    """Conversations per second, and the fraction of the time the caller and the lock are busy."""
    read, deliver, work, lock = costs["read"], costs["deliver"], costs["work"], costs["lock"]
    window = costs["window"]
    mean_weight = sum(weights) / len(weights)
    lock_free = 0.0
    busy = {"lock": 0.0, "caller": 0.0}

    def acquire(now):
        """Takes the lock at `now` or when it is free; returns when it is released."""
        nonlocal lock_free
        start = max(now, lock_free)
        lock_free = start + lock
        busy["lock"] += lock
        return lock_free

    def cost(sequence):
        return work * weights[sequence % len(weights)] / mean_weight

    events = [(0.0, 0, "caller", -1)]
    tie = 1
    idle, queue, done = jobs, deque(), set()
    submitted = delivered = 0
    caller_waiting = False
    end = 0.0
    while delivered < conversations:
        now, _, kind, sequence = heapq.heappop(events)
        if kind == "done":
            # A worker stores its outcome, wakes the caller if it waits, and takes the next item.
            released = acquire(now)
            done.add(sequence)
            if queue:
                following = queue.popleft()
                heapq.heappush(events, (acquire(released) + cost(following), tie, "done", following))
                tie += 1
            else:
                idle += 1
            if caller_waiting:
                caller_waiting = False
                heapq.heappush(events, (released, tie, "caller", -1))
                tie += 1
            continue
        # The caller: deliver the next outcome in order when it is ready, else read and submit a line.
        if delivered in done:
            done.remove(delivered)
            delivered += 1
            finish = acquire(now) + deliver
            busy["caller"] += lock + deliver
            end = finish
        elif submitted < conversations and submitted - delivered < window:
            finish = acquire(now + read)
            busy["caller"] += read + lock
            if idle:
                idle -= 1
                heapq.heappush(events, (acquire(finish) + cost(submitted), tie, "done", submitted))
                tie += 1
            else:
                queue.append(submitted)
            submitted += 1
        else:
            caller_waiting = True
            continue
        heapq.heappush(events, (finish, tie, "caller", -1))
        tie += 1
    return conversations / end, busy["caller"] / end, busy["lock"] / end


def main():
    costs = json.load(open(sys.argv[1]))
    weights = [1.0]
    if "--lines" in sys.argv:
        with open(sys.argv[sys.argv.index("--lines") + 1], "rb") as corpus:
            weights = [len(line) for line in corpus if line.strip()][:20000]
    base = None
    print(f"{'jobs':>5} {'conv/s':>10} {'speed-up':>9} {'caller busy':>12} {'lock busy':>10}  memory traffic")
    for jobs in (1, 2, 4, 16, 32, 64):
        rate, caller, lock = simulate(jobs, costs, weights)
        base = base or rate
        traffic = rate * costs["bandwidth_per_conversation"] / costs["memory_bandwidth"]
        print(f"{jobs:>5} {rate:>10.0f} {rate / base:>8.2f}x {caller:>11.1%} {lock:>9.1%}  {traffic:.1%} of bandwidth")


if __name__ == "__main__":
    main()
