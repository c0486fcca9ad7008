/**
 * Per-host rate limits: at most one request per `intervalMs` to a host. Each caller reserves the
 * next free slot and waits for it, so callers are served in the order they asked (a queue of
 * promises without an explicit queue).
 */
import { abortReason, systemClock, type Clock } from './clock';

export class RateLimiter {
  private readonly intervals = new Map<string, number>();
  private readonly nextSlot = new Map<string, number>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** Sets the minimum interval between two requests to `host` (0: unlimited). */
  setInterval(host: string, intervalMs: number): void {
    this.intervals.set(host, intervalMs);
  }

  intervalOf(host: string): number {
    return this.intervals.get(host) ?? 0;
  }

  /**
   * Waits until a request to `host` may go out. Rejects when `signal` aborts; the slot it had
   * reserved stays taken (the next caller waits as if the request had been made).
   * @example await limiter.acquire('export.arxiv.org', signal)
   */
  async acquire(host: string, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw abortReason(signal);
    const interval = this.intervalOf(host);
    if (interval <= 0) return;
    const now = this.clock.now();
    const slot = Math.max(now, this.nextSlot.get(host) ?? 0);
    this.nextSlot.set(host, slot + interval);
    if (slot > now) await this.clock.sleep(slot - now, signal);
  }
}
