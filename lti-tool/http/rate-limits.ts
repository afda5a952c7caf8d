import { isIP } from 'node:net';
import type { Request } from 'express';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { DomainError } from '../../shared/domain/errors.ts';
import type { RateLimit, RateLimitSettings } from '../core/config.ts';

export type { RateLimit, RateLimitSettings };

export class RateLimited extends DomainError {
  constructor(
    message: string,
    readonly retryAfterS: number,
  ) {
    super('too-many-requests', message);
  }
}

/**
 * The client a request counts against: its address (behind a proxy, the one `trust proxy`
 * takes from X-Forwarded-For), with IPv6 cut to its /64, which one household or school holds.
 */
export function clientOf(req: Pick<Request, 'ip'>): string {
  const ip = (req.ip ?? 'unknown').replace(/^::ffff:(?=\d+\.)/i, '');
  if (isIP(ip) !== 6) return ip;
  const [head = '', tail] = ip.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right].map((group) => parseInt(group, 16).toString(16));
  return `${groups.slice(0, 4).join(':')}::/64`;
}

export interface Limiter {
  /** Takes a point for `key`; throws RateLimited (429) when none is left. */
  take(key: string, message: string): Promise<void>;
  /** Gives a point back (the attempt turned out fine). */
  giveBack(key: string): Promise<void>;
}

function limiterOver(store: RateLimiterAbstract): Limiter {
  return {
    async take(key, message) {
      try {
        await store.consume(key);
      } catch (refusal) {
        if (!(refusal instanceof RateLimiterRes)) throw refusal;
        throw new RateLimited(message, Math.max(1, Math.ceil(refusal.msBeforeNext / 1000)));
      }
    },
    async giveBack(key) {
      await store.reward(key, 1);
    },
  };
}

export type RateLimiters = Record<keyof RateLimitSettings, Limiter>;

/** One limiter per rule, counting where `counters` keeps counts (db/rate-limit-store.ts). */
export function createRateLimiters(
  settings: RateLimitSettings,
  counters: (options: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract,
): RateLimiters {
  const make = (name: keyof RateLimitSettings): Limiter =>
    limiterOver(
      counters({ keyPrefix: name, points: settings[name].points, duration: settings[name].durationS }),
    );
  return {
    login: make('login'),
    pairing: make('pairing'),
    pairingEverywhere: make('pairingEverywhere'),
    calendarFeed: make('calendarFeed'),
    dataExport: make('dataExport'),
  };
}
