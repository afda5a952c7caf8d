import type { Activity } from '../activities/catalogue.ts';
import { findActivity } from '../activities/catalogue.ts';
import type { ResourceLinkRecord, ResourceLinkStore } from '../core/resource-links.ts';
import type { DbTransaction } from '../core/transaction.ts';
import { AgsError, type AgsClient } from '../lti/services/ags-client.ts';
import type { Logger } from '../core/logger.ts';
import { currentRequestId, runInRequest } from '../core/request-context.ts';
import type { GradeJob, GradeJobStore, PendingScore } from './ports.ts';
import { MAX_ATTEMPTS, nextScoreTimestamp, retryDelayMs } from './score-timing.ts';

/** The longest one send can take: three platform calls (token, line item, score) of 15 s each, and room. */
const ONE_SEND_MS = 60_000;
/**
 * How long a claim lasts: a crashed sender's jobs come back after it. A run never starts a send
 * that could outlast its claim (it gives the rest back and claims again), so no other sender can
 * take a job while it is being sent.
 */
const SEND_LEASE_MS = 2 * 60_000;

export interface GradeServiceDeps {
  links: ResourceLinkStore;
  jobs: GradeJobStore;
  ags: AgsClient;
  catalogue: readonly Activity[];
  /** The gradebook column's title for links the catalogue does not name (practice modules). */
  titleFor?: (link: ResourceLinkRecord) => Promise<string | null>;
  now: () => Date;
  logger: Logger;
}

export interface GradeEvent {
  /** Names the event (e.g. `round:<id>:submitted`): the same event is only ever sent once. */
  idempotencyKey: string;
  linkKey: string;
  contextKey: string;
  userId: string;
}

/**
 * Scores flow to the LMS through a durable queue: recorded at once, sent by processDue(),
 * retried with backoff on outages, marked failed (and shown to the coach) when the
 * platform refuses them or retries run out.
 */
export function createGradeService(deps: GradeServiceDeps) {
  async function enqueue(
    event: GradeEvent,
    score: PendingScore,
    transaction?: DbTransaction,
  ): Promise<boolean> {
    // The request it is queued in: the job's own log lines, sent later, carry its id.
    return deps.jobs.enqueue({ ...event, score, requestId: currentRequestId() }, deps.now(), transaction);
  }

  async function send(job: GradeJob): Promise<void> {
    const link = await deps.links.get(job.linkKey);
    if (!link) throw new AgsError('The activity is no longer known.', false);
    const activity = findActivity(link.activity, deps.catalogue);
    const title = activity?.title ?? (await deps.titleFor?.(link)) ?? link.activity;
    const lineItemUrl = await deps.ags.lineItemFor(link, {
      id: link.activity,
      title,
      scoreMaximum: job.score.scoreMaximum,
    });
    if (lineItemUrl !== link.lineItemUrl) await deps.links.setLineItemUrl(link.key, lineItemUrl);
    // A re-send carries the timestamp its first attempt chose: if that attempt reached the LMS
    // (its process died before recording it), the LMS refuses or ignores the same score again
    // rather than taking it twice; AGS platforms must not apply a score older than the last.
    const resend = job.score.attemptTimestamp ?? null;
    const timestamp =
      resend ?? nextScoreTimestamp(await deps.jobs.lastSentTimestamp(job.linkKey, job.userId), deps.now());
    if (!resend) await deps.jobs.markAttempt(job, timestamp);
    try {
      await deps.ags.postScore(link, lineItemUrl, {
        userId: job.userId,
        // Moodle drops scoreGiven unless FullyGraded; Canvas wants scoreMaximum beside it.
        ...(job.score.gradingProgress === 'FullyGraded' && job.score.scoreGiven !== null
          ? { scoreGiven: job.score.scoreGiven }
          : {}),
        scoreMaximum: job.score.scoreMaximum,
        activityProgress: job.score.activityProgress,
        gradingProgress: job.score.gradingProgress,
        timestamp,
        ...(job.score.comment ? { comment: job.score.comment } : {}),
      });
    } catch (error) {
      // Moodle's 409 to a re-send: it already holds this score (or a later one). Delivered.
      if (!(resend && error instanceof AgsError && error.status === 409)) throw error;
      deps.logger.info('score already with the platform', { jobId: job.id });
    }
    await deps.jobs.markSent(job, timestamp);
  }

  async function attempt(job: GradeJob): Promise<'sent' | 'retrying' | 'failed'> {
    try {
      await send(job);
      deps.logger.info('score sent', { jobId: job.id, attempts: job.attempts + 1 });
      return 'sent';
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const retriable = !(error instanceof AgsError) || error.retriable;
      if (retriable && job.attempts + 1 < MAX_ATTEMPTS) {
        await deps.jobs.markRetry(job, new Date(deps.now().getTime() + retryDelayMs(job.attempts)), message);
        deps.logger.warn?.('score not delivered yet; will retry', { jobId: job.id, error: message });
        return 'retrying';
      }
      await deps.jobs.markFailed(job, message);
      deps.logger.error('score not delivered', { jobId: job.id, error: message });
      return 'failed';
    }
  }

  return {
    /** A trainee submitted: the gradebook shows it awaiting the coach. */
    recordSubmission: (event: GradeEvent, scoreMaximum: number, transaction?: DbTransaction) =>
      enqueue(
        event,
        {
          scoreGiven: null,
          scoreMaximum,
          activityProgress: 'Submitted',
          gradingProgress: 'PendingManual',
          comment: null,
        },
        transaction,
      ),

    /** A coach reviewed: the score is final. */
    recordReview: (
      event: GradeEvent,
      score: { given: number; maximum: number; comment?: string },
      transaction?: DbTransaction,
    ) =>
      enqueue(
        event,
        {
          scoreGiven: score.given,
          scoreMaximum: score.maximum,
          activityProgress: 'Completed',
          gradingProgress: 'FullyGraded',
          comment: score.comment ?? null,
        },
        transaction,
      ),

    /**
     * Sends the due scores, one at a time, claiming a batch after another until none is left: a
     * training room's scores go out in one run rather than a batch per tick (the soak bench found
     * 2,000 rounds in a minute took the queue 8 minutes to clear). With `stop` aborted (the process
     * is stopping), the job being sent is finished and the rest of those claimed are given back,
     * due now, for another process or the next start, rather than waiting out their lease.
     */
    async processDue(stop?: AbortSignal): Promise<{ sent: number; retrying: number; failed: number }> {
      const counts = { sent: 0, retrying: 0, failed: 0 };
      for (;;) {
        const claimedAt = deps.now().getTime();
        const claimed = await deps.jobs.claimDue(new Date(claimedAt), SEND_LEASE_MS);
        if (claimed.length === 0) return counts;
        for (const [index, job] of claimed.entries()) {
          if (stop?.aborted) {
            await deps.jobs.release(claimed.slice(index), deps.now());
            return counts;
          }
          if (deps.now().getTime() + ONE_SEND_MS > claimedAt + SEND_LEASE_MS) {
            // Slow sends (an LMS timing out): give the rest back before their claim can run out.
            await deps.jobs.release(claimed.slice(index), deps.now());
            break;
          }
          const outcome = await (job.requestId
            ? runInRequest({ requestId: job.requestId }, () => attempt(job))
            : attempt(job));
          counts[outcome] += 1;
        }
      }
    },

    /** A page of the course's scores that failed for good, most recently failed first. */
    failedIn: (contextKey: string, page: Parameters<GradeJobStore['failedIn']>[1]) =>
      deps.jobs.failedIn(contextKey, page),

    /**
     * Sends due scores every few seconds until aborted; one run at a time. Resolves `stopped()`
     * once aborted and the run under way (if any) has finished its job and given back the rest.
     */
    start(signal: AbortSignal, everyMs = 5000): { stopped(): Promise<void> } {
      let running: Promise<unknown> | null = null;
      const timer = setInterval(() => {
        if (running) return;
        running = this.processDue(signal)
          .catch((error: unknown) => deps.logger.error('grade queue run failed', { error }))
          .finally(() => (running = null));
      }, everyMs);
      timer.unref();
      signal.addEventListener('abort', () => clearInterval(timer), { once: true });
      return { stopped: async () => void (await running) };
    },
  };
}
export type GradeService = ReturnType<typeof createGradeService>;
