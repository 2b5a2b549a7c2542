/*
 * How much one member may write to a workspace, so that one writer cannot stall the others or
 * fill the disk: token buckets per member for updates and bytes sent, and for how much the
 * workspace grows by what they write. Checked before an update is decoded; a refusal is cheap.
 */

export interface WriteLimits {
  updatesPerSecond: number;
  updateBurst: number;
  bytesPerSecond: number;
  byteBurst: number;
  /** What the member's accepted changes may add to the workspace per minute (and at once). */
  growthPerMinute: number;
}

/** A token bucket: `capacity` at most, refilled at `perSecond`. */
export class TokenBucket {
  private level: number;
  private at: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.level = capacity;
    this.at = now;
  }

  /** Refills for the time passed; takes `amount` if there is that much. */
  take(amount: number, now: number): boolean {
    this.level = Math.min(this.capacity, this.level + ((now - this.at) / 1000) * this.perSecond);
    this.at = now;
    if (amount > this.level) return false;
    this.level -= amount;
    return true;
  }

  /** Seconds until `amount` would be there (for the message). */
  wait(amount: number): number {
    return Math.max(0, (Math.min(amount, this.capacity) - this.level) / this.perSecond);
  }

  full(now: number): boolean {
    return this.level + ((now - this.at) / 1000) * this.perSecond >= this.capacity;
  }
}

interface Member {
  updates: TokenBucket;
  bytes: TokenBucket;
  growth: TokenBucket;
}

export class WriteQuota {
  private readonly members = new Map<string, Member>();

  constructor(private readonly limits: WriteLimits) {}

  /** Whether the member may send one more update of `bytes`; the reason when not. */
  admit(key: string, bytes: number, now = Date.now()): string | null {
    const member = this.member(key, now);
    if (!member.updates.take(1, now)) return `too many changes at once: at most ${this.limits.updatesPerSecond} a second; try again in ${seconds(member.updates.wait(1))}`;
    if (!member.bytes.take(bytes, now)) return `too much sent at once: at most ${kilobytes(this.limits.bytesPerSecond)} a second; try again in ${seconds(member.bytes.wait(bytes))}`;
    return null;
  }

  /** Whether the workspace may grow by `bytes` written by the member; takes it if so. */
  grow(key: string, bytes: number, now = Date.now()): string | null {
    const member = this.member(key, now);
    if (member.growth.take(bytes, now)) return null;
    return `this change would add more than the ${kilobytes(this.limits.growthPerMinute)} one member may add to a workspace in a minute`;
  }

  /** Forgets members whose buckets are full again (they would start the same). */
  sweep(now = Date.now()): void {
    for (const [key, member] of this.members) if (member.updates.full(now) && member.bytes.full(now) && member.growth.full(now)) this.members.delete(key);
  }

  private member(key: string, now: number): Member {
    let member = this.members.get(key);
    if (!member) {
      const { updatesPerSecond, updateBurst, bytesPerSecond, byteBurst, growthPerMinute } = this.limits;
      member = { updates: new TokenBucket(updateBurst, updatesPerSecond, now), bytes: new TokenBucket(byteBurst, bytesPerSecond, now), growth: new TokenBucket(growthPerMinute, growthPerMinute / 60, now) };
      this.members.set(key, member);
    }
    return member;
  }
}

function seconds(s: number): string {
  return s < 1 ? 'a moment' : `${Math.ceil(s)} s`;
}

function kilobytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${Math.round(bytes / (1024 * 1024))} MB` : `${Math.round(bytes / 1024)} KB`;
}
