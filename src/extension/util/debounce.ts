/**
 * Timers that coalesce bursts (no `vscode` import, unit-tested in test/unit/extension).
 * Created by the objects that use them, never at import time.
 */
import type { IDisposable } from './dispose';

/**
 * Runs the last function scheduled for a key once no other was scheduled for that key for `ms`
 * milliseconds. Keys are independent: a burst of changes to `a.bib` does not delay `b.bib`.
 *
 * @example const d = new KeyedDebouncer<string>(300); d.schedule(file, () => reload(file));
 */
export class KeyedDebouncer<K> implements IDisposable {
  private readonly timers = new Map<K, ReturnType<typeof setTimeout>>();

  constructor(private readonly ms: number) {}

  schedule(key: K, fn: () => void): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        fn();
      }, this.ms),
    );
  }

  /** True while a call is waiting for `key`. */
  isPending(key: K): boolean {
    return this.timers.has(key);
  }

  cancel(key: K): void {
    const t = this.timers.get(key);
    if (t !== undefined) clearTimeout(t);
    this.timers.delete(key);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

/** A single-key debouncer: `trigger()` runs `fn` once `ms` after the last trigger. */
export class Debouncer implements IDisposable {
  private readonly inner: KeyedDebouncer<0>;

  constructor(
    ms: number,
    private readonly fn: () => void,
  ) {
    this.inner = new KeyedDebouncer<0>(ms);
  }

  trigger(): void {
    this.inner.schedule(0, this.fn);
  }

  get pending(): boolean {
    return this.inner.isPending(0);
  }

  cancel(): void {
    this.inner.cancel(0);
  }

  dispose(): void {
    this.inner.dispose();
  }
}
