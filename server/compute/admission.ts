/**
 * Admission to the compute threads under overload (issue 21, item 7). Without
 * a bound every request joins the queue and waits behind all the others: at
 * 500 connections p99 was 3.4 s for everyone. With it, at most `running`
 * tasks are handed to the threads, at most `maxQueue` wait for them, and none
 * waits longer than `maxWaitMs`; the rest are refused at once with
 * `Overloaded`, which the app answers 503 + Retry-After, so a proxy or client
 * retries elsewhere or later while the answered requests stay fast.
 */

export interface AdmissionOptions {
  /** Tasks handed to the threads at once (the threads plus one waiting each, so no thread idles between tasks). */
  running: number;
  /** Tasks waiting for a thread beyond that; 0: no bound (every task waits its turn). */
  maxQueue: number;
  /** Longest a task may wait for a thread before it is refused; 0: no deadline. */
  maxWaitMs: number;
}

/** The compute threads are saturated: refused before any work was done on it (→ 503 + Retry-After). */
export class Overloaded extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super("服务繁忙，请稍后重试 / compute queue full");
  }
}

export interface Admission {
  /** Run `task` when a slot is free; rejects with Overloaded when the queue is full or the wait passes the deadline. */
  run<T>(task: () => Promise<T>): Promise<T>;
  /** Tasks waiting for a slot. */
  readonly waiting: number;
  /** Tasks refused so far. */
  readonly shed: number;
}

interface Waiter {
  start: () => void;
  refuse: () => void;
  timer?: NodeJS.Timeout;
}

export function admission(o: AdmissionOptions): Admission {
  let active = 0;
  let shed = 0;
  const queue: Waiter[] = [];
  const retryAfter = Math.max(1, Math.ceil(o.maxWaitMs / 1000));
  const refuse = () => {
    shed++;
    return new Overloaded(retryAfter);
  };

  const next = () => {
    while (active < o.running && queue.length) {
      const w = queue.shift()!;
      clearTimeout(w.timer);
      w.start();
    }
  };

  return {
    get waiting() {
      return queue.length;
    },
    get shed() {
      return shed;
    },
    run<T>(task: () => Promise<T>): Promise<T> {
      const go = (): Promise<T> => {
        active++;
        return task().finally(() => {
          active--;
          next();
        });
      };
      if (active < o.running && queue.length === 0) return go();
      if (o.maxQueue > 0 && queue.length >= o.maxQueue) return Promise.reject(refuse());
      return new Promise<T>((resolve, reject) => {
        const w: Waiter = { start: () => go().then(resolve, reject), refuse: () => reject(refuse()) };
        if (o.maxWaitMs > 0) {
          w.timer = setTimeout(() => {
            const at = queue.indexOf(w);
            if (at >= 0) queue.splice(at, 1);
            w.refuse();
          }, o.maxWaitMs);
        }
        queue.push(w);
      });
    },
  };
}
