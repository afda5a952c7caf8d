import { createErrorReporter } from '../../shared/logging/error-reporter.ts';

/**
 * The LTI pages' one error reporter. Each page (coach, practice, provider, teacher) is its own
 * runtime in its own frame: its main.ts calls `catchErrors('<page> page')` once, before mounting,
 * and every error is logged once, as `[coaching-tool] <where>: <error>`.
 */
export const { reportError, catchErrors } = createErrorReporter('coaching-tool');
