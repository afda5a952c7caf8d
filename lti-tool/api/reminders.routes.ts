import { Router, type Response } from 'express';
import { DomainError } from '../../shared/domain/errors.ts';
import { parseOrThrow } from '../../shared/domain/validation.ts';
import { REMINDERS_API } from '../../shared/protocol/reminders-api.ts';
import { asyncRoute } from '../http/async-route.ts';
import { clientOf, RateLimited, type RateLimiters } from '../http/rate-limits.ts';
import type { CoachKey } from '../reminders/ports.ts';
import { ReminderSettingsInputSchema, type ReminderService } from '../reminders/reminder-service.ts';
import { authorize } from './auth.ts';

/** Public: the token in the path is the credential (app.ts PUBLIC_PATHS). */
const CALENDAR_FEED = '/calendar/:file';

/** One answer for every token that opens nothing, unknown or revoked alike. */
const noSuchFeed = () => new DomainError('not-found', 'There is no calendar here.');

/**
 * Reminders for coaches: the digest settings, the calendar feed link (made, replaced, revoked)
 * and the feed itself. Every settings route is the calling coach's own, in their course.
 */
export function reminderRoutes(deps: {
  reminders: ReminderService;
  limits: Pick<RateLimiters, 'calendarFeed'>;
}): Router {
  const { reminders, limits } = deps;
  const router = Router();

  const coachOf = (res: Response): CoachKey => {
    const coach = authorize(res, 'reminders.manage');
    return { tenant: coach.tenant, contextKey: coach.contextKey, coachId: coach.userId };
  };

  router.get(
    REMINDERS_API.settings,
    asyncRoute(async (_req, res) => {
      const settings = await reminders.settingsOf(coachOf(res));
      res.setHeader('Cache-Control', 'private, no-store');
      res.json(settings);
    }),
  );

  router.put(
    REMINDERS_API.settings,
    asyncRoute(async (req, res) => {
      const coach = coachOf(res);
      const input = parseOrThrow(ReminderSettingsInputSchema, req.body, 'reminder settings');
      res.json(await reminders.update(coach, input));
    }),
  );

  router.post(
    REMINDERS_API.feed,
    asyncRoute(async (_req, res) => {
      const feed = await reminders.newFeed(coachOf(res));
      // The link is the credential, shown this once.
      res.setHeader('Cache-Control', 'no-store');
      res.status(201).json(feed);
    }),
  );

  router.delete(
    REMINDERS_API.feed,
    asyncRoute(async (_req, res) => {
      await reminders.revokeFeed(coachOf(res));
      res.status(204).end();
    }),
  );

  /**
   * Calendar apps fetch this with no session. Tokens are 256 bits, so guessing is hopeless
   * unless it is fast: every fetch takes a point from its client and a feed that opens gives it
   * back, so only misses count (calendar services fetch many feeds from a few addresses).
   */
  router.get(
    CALENDAR_FEED,
    asyncRoute(async (req, res) => {
      const client = clientOf(req);
      try {
        await limits.calendarFeed.take(
          client,
          'Too many calendar requests from this network. Try again later.',
        );
      } catch (error) {
        if (error instanceof RateLimited) res.setHeader('Retry-After', String(error.retryAfterS));
        throw error;
      }
      const file = req.params.file ?? '';
      const feed = file.endsWith('.ics') ? await reminders.feedFor(file.slice(0, -'.ics'.length)) : null;
      if (feed === null) throw noSuchFeed();
      await limits.calendarFeed.giveBack(client);
      res.setHeader('Content-Type', 'text/calendar; charset=utf-8');
      res.setHeader('Cache-Control', 'private, max-age=300');
      res.send(feed);
    }),
  );

  return router;
}
