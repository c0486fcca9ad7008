/**
 * The worker's request queue (no `vscode`, no `worker_threads`: unit-tested on its own).
 * Requests run one at a time in arrival order; a request carrying a `channel` drops the requests
 * of the same channel that are still waiting, so 50 rank requests sent while the worker was busy
 * indexing cost one ranking, not fifty.
 */
export interface Queued {
  channel?: string;
}

export class SupersedingQueue<T extends Queued> {
  private items: T[] = [];

  /** Adds `item`; returns the waiting items it superseded (removed from the queue). */
  push(item: T): T[] {
    let dropped: T[] = [];
    if (item.channel !== undefined) {
      dropped = this.items.filter((i) => i.channel === item.channel);
      if (dropped.length) this.items = this.items.filter((i) => i.channel !== item.channel);
    }
    this.items.push(item);
    return dropped;
  }

  shift(): T | undefined {
    return this.items.shift();
  }

  get length(): number {
    return this.items.length;
  }
}
