/**
 * A soft guard against the same survey form stored twice (a double tap, a resent POST on a slow
 * phone): each rendering of the open link's form carries a one-time nonce; the first POST with it
 * claims it (synchronously, before any await, so two requests arriving together cannot both claim it),
 * a second one within ten minutes is answered as already received and stores nothing. A refused or
 * failed answer releases the nonce so that the participant can try again. In memory, per app: soft by
 * design (a restart or another instance forgets), the invited count still bounds the responses.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../context';

export const NONCE_PATTERN = /^[A-Za-z0-9_-]{16,64}$/;
const TTL_MS = 10 * 60_000;
const MAX = 50_000;

export class OnceGuard {
  private seen = new Map<string, number>();
  constructor(private ttl = TTL_MS) {}
  static nonce(): string {
    return crypto.randomBytes(18).toString('base64url');
  }
  /** true: the first claim of this nonce within the TTL */
  claim(nonce: string, now = Date.now()): boolean {
    const at = this.seen.get(nonce);
    if (at !== undefined && now - at < this.ttl) return false;
    if (this.seen.size >= MAX) this.prune(now);
    this.seen.set(nonce, now);
    return true;
  }
  release(nonce: string): void {
    this.seen.delete(nonce);
  }
  private prune(now: number) {
    for (const [k, at] of this.seen) if (now - at >= this.ttl) this.seen.delete(k);
    // still full: forget the oldest (Map keeps insertion order)
    for (const k of this.seen.keys()) {
      if (this.seen.size < MAX) break;
      this.seen.delete(k);
    }
  }
}

const guards = new WeakMap<AppContext, OnceGuard>();
export function surveyOnceGuard(ctx: AppContext): OnceGuard {
  let g = guards.get(ctx);
  if (!g) guards.set(ctx, (g = new OnceGuard()));
  return g;
}
