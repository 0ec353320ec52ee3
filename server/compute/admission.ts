/**
 * Admission to the compute threads under overload (issue 21, item 7). Without
 * a bound every request joins the queue and waits behind all the others: at
 * 500 connections p99 was 3.4 s for everyone. With it, at most `running`
 * tasks are handed to the threads, at most `maxQueue` wait for them, none
 * waits longer than `maxWaitMs`, and none is admitted (or started) when it
 * could not be answered within `deadlineMs` of its arrival; the rest are
 * refused at once with `Overloaded`, which the app answers 503 + Retry-After,
 * so a proxy or client retries elsewhere or later while the answered requests
 * stay fast.
 *
 * `check` is the same decision without taking a place: the app asks it before
 * reading a request's body, so a shed request costs almost nothing.
 */

export interface AdmissionOptions {
  /** Tasks handed to the threads at once (the threads plus one waiting each, so no thread idles between tasks). */
  running: number;
  /** Tasks waiting for a thread beyond that; 0: no bound (every task waits its turn). */
  maxQueue: number;
  /** Longest a task may wait for a thread before it is refused; 0: no limit. */
  maxWaitMs: number;
  /**
   * Answer budget from a request's arrival: a task whose expected finish (its age, the expected wait, one
   * observed task time) lies beyond it is refused at admission, and a waiting one is dropped, not computed late. 0: none.
   */
  deadlineMs?: number;
  /** The clock (ms, monotonic); tests pass their own. */
  now?: () => number;
}

/** The compute threads are saturated: refused before any work was done on it (→ 503 + Retry-After). */
export class Overloaded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("服务繁忙，请稍后重试 / compute queue full");
  }
}

export interface Admission {
  /**
   * Run `task` when a slot is free; rejects with Overloaded when the queue is full, the wait passes
   * maxWaitMs, or the task could not finish within the deadline counted from `arrivedAt` (default: now).
   */
  run<T>(task: () => Promise<T>, arrivedAt?: number): Promise<T>;
  /** Would a request that arrived at `arrivedAt` be refused now? The refusal (counted as shed), or undefined. */
  check(arrivedAt?: number): Overloaded | undefined;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
  /** Tasks refused so far. */
  readonly shed: number;
  /** Recent time a task takes from start to finish (ms, moving average; 0 before the first). */
  readonly taskMs: number;
}

interface Waiter {
  start: () => void;
  refuse: () => void;
  arrivedAt: number;
  timer?: NodeJS.Timeout;
}

/** Weight of the newest task in the moving average: recent enough to follow the machine's load, smooth enough not to flap. */
const ALPHA = 0.1;

export function admission(o: AdmissionOptions): Admission {
  const now = o.now ?? (() => performance.now());
  const deadline = o.deadlineMs ?? 0;
  let active = 0;
  let shed = 0;
  let taskMs = 0;
  // Mean deviation of a task's time (as TCP estimates its retransmission timeout): a request's own task is
  // budgeted at taskMs + 2 × taskDev, so the answers that come close to the deadline are the rare ones, not half.
  let taskDev = 0;
  const own = () => taskMs + 2 * taskDev;
  const queue: Waiter[] = [];
  // A slot frees every taskMs / running on average (Little's law): the wait of the n-th in line.
  const waitFor = (ahead: number) => ((ahead + 1) * taskMs) / o.running;
  const refuse = () => {
    shed++;
    const wait = Math.max(waitFor(queue.length), o.maxWaitMs);
    return new Overloaded(Math.max(1, Math.ceil(wait / 1000)));
  };
  // Too late already: what it waited so far and one task's time pass the budget.
  const late = (arrivedAt: number) => deadline > 0 && taskMs > 0 && now() - arrivedAt + own() > deadline;
  const refusal = (arrivedAt: number): Overloaded | undefined => {
    // A free slot takes anything not already past its budget: were tasks slower than the budget itself
    // (a loaded machine), refusing by the estimate would refuse everything and the estimate would never fall.
    if (active < o.running && queue.length === 0) return deadline > 0 && now() - arrivedAt > deadline ? refuse() : undefined;
    if (o.maxQueue > 0 && queue.length >= o.maxQueue) return refuse();
    if (deadline > 0 && taskMs > 0 && now() - arrivedAt + waitFor(queue.length) + own() > deadline) return refuse();
    return undefined;
  };

  const next = () => {
    while (active < o.running && queue.length) {
      const w = queue.shift()!;
      clearTimeout(w.timer);
      // Its answer would come after the deadline: dropped now rather than computed for nobody.
      if (late(w.arrivedAt)) w.refuse();
      else w.start();
    }
  };

  return {
    get waiting() {
      return queue.length;
    },
    get shed() {
      return shed;
    },
    get taskMs() {
      return taskMs;
    },
    check: (arrivedAt = now()) => refusal(arrivedAt),
    run<T>(task: () => Promise<T>, arrivedAt = now()): Promise<T> {
      const go = (): Promise<T> => {
        active++;
        const t0 = now();
        return task().finally(() => {
          const ms = now() - t0;
          if (taskMs === 0) taskMs = ms;
          else {
            taskDev += ALPHA * (Math.abs(ms - taskMs) - taskDev);
            taskMs += ALPHA * (ms - taskMs);
          }
          active--;
          next();
        });
      };
      const no = refusal(arrivedAt);
      if (no) return Promise.reject(no);
      if (active < o.running && queue.length === 0) return go();
      return new Promise<T>((resolve, reject) => {
        const w: Waiter = { start: () => go().then(resolve, reject), refuse: () => reject(refuse()), arrivedAt };
        // Dropped at the first of: the longest wait, or the last moment it could start and still finish in time.
        const limits = [o.maxWaitMs > 0 ? o.maxWaitMs : Infinity, deadline > 0 && taskMs > 0 ? arrivedAt + deadline - own() - now() : Infinity];
        const limit = Math.min(...limits);
        if (Number.isFinite(limit)) {
          w.timer = setTimeout(() => {
            const at = queue.indexOf(w);
            if (at >= 0) queue.splice(at, 1);
            w.refuse();
          }, Math.max(0, limit));
        }
        queue.push(w);
      });
    },
  };
}
