import * as v from 'valibot';
import { PairingCodeSchema } from '../../../shared/protocol/api.ts';
import { ServerUrlSchema } from '../../../shared/protocol/messages.ts';
import type { OverviewState } from '../../state/overview-state.svelte.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';

const PairFormSchema = v.object({ serverUrl: ServerUrlSchema, code: PairingCodeSchema });

/** "Connect to your coaching server": the two inputs, and what to announce after each action. */
export class PairFormState {
  serverUrl = $state('');
  code = $state('');
  #errors = $state<FieldErrors>({});
  #message = $state('');
  readonly #overview: OverviewState;

  constructor(overview: OverviewState) {
    this.#overview = overview;
  }

  get errors(): FieldErrors {
    return this.#errors;
  }

  /** Status or error text for the live region. */
  get message(): string {
    return this.#message;
  }

  get failed(): boolean {
    return Object.keys(this.#errors).length > 0;
  }

  async connect(): Promise<void> {
    const parsed = v.safeParse(PairFormSchema, { serverUrl: this.serverUrl, code: this.code });
    if (!parsed.success) {
      this.#errors = fieldErrors(parsed.issues);
      this.#message = Object.values(this.#errors).join(' ');
      return;
    }
    this.#errors = {};
    this.#message = 'Connecting…';
    const response = await this.#overview.run({ type: 'pair', ...parsed.output });
    if (response.ok) {
      const { teacherName, serverUrl } = response.overview;
      this.code = '';
      this.#message = `Connected as ${teacherName ?? 'you'} to ${serverUrl ?? parsed.output.serverUrl}.`;
    } else {
      // The server's own words ("This code has expired") are the most useful thing to show.
      this.#errors = { code: response.error.message };
      this.#message = response.error.message;
    }
  }

  async disconnect(): Promise<void> {
    this.#errors = {};
    this.#message = 'Disconnecting…';
    const response = await this.#overview.run({ type: 'unpair' });
    this.#message = response.ok
      ? 'Disconnected. Your step is now kept in this browser only.'
      : response.error.message;
  }
}
