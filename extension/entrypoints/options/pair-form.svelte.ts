import * as v from 'valibot';
import { PairingCodeSchema } from '../../../shared/protocol/api.ts';
import { ServerUrlSchema } from '../../../shared/protocol/messages.ts';
import { PairingLinkSchema, type PairingLink } from '../../../shared/protocol/pairing-link.ts';
import type { OverviewState } from '../../state/overview-state.svelte.ts';
import { fieldErrors, type FieldErrors } from './field-errors.ts';

const PairFormSchema = v.object({ serverUrl: ServerUrlSchema, code: PairingCodeSchema });

/**
 * "Connect to your coaching server": the pairing link in one field (a paste connects at once),
 * or the server address and code typed in two, and what to announce after each action.
 */
export class PairFormState {
  /** The pairing link from the teacher page, e.g. `https://coach.example.org/pair#K7QM2XPD`. */
  link = $state('');
  serverUrl = $state('');
  code = $state('');
  #manual = $state(false);
  #errors = $state<FieldErrors>({});
  #message = $state('');
  /** A paste and a click on Connect straight after it pair once. */
  #connecting = false;
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

  /** True when the two fields (address and code) are shown instead of the link. */
  get manual(): boolean {
    return this.#manual;
  }

  /** Switches between the link and the two fields; what was typed stays, messages go. */
  useManualEntry(manual: boolean): void {
    this.#manual = manual;
    this.#errors = {};
    this.#message = '';
  }

  /** A paste into the link field: connect at once, or say what is wrong with what was pasted. */
  pasted(value: string): Promise<void> {
    this.link = value;
    return this.connectWithLink();
  }

  /** Checks the link here first: nothing is sent or stored for one that is empty or malformed. */
  async connectWithLink(): Promise<void> {
    if (this.#connecting) return;
    const parsed = v.safeParse(PairingLinkSchema, this.link);
    if (!parsed.success) {
      this.#fail({ link: parsed.issues[0].message });
      return;
    }
    if (await this.#pair(parsed.output, 'link')) this.link = '';
  }

  async connect(): Promise<void> {
    if (this.#connecting) return;
    const parsed = v.safeParse(PairFormSchema, { serverUrl: this.serverUrl, code: this.code });
    if (!parsed.success) {
      this.#fail(fieldErrors(parsed.issues));
      return;
    }
    if (await this.#pair(parsed.output, 'code')) this.code = '';
  }

  /** Pairs with `serverUrl` (the only place the code goes); a refusal is shown at `field`. */
  async #pair({ serverUrl, code }: PairingLink, field: 'link' | 'code'): Promise<boolean> {
    this.#errors = {};
    this.#message = `Connecting to ${serverUrl}…`;
    this.#connecting = true;
    const response = await this.#overview
      .run({ type: 'pair', serverUrl, code })
      .finally(() => (this.#connecting = false));
    if (response.ok) {
      // The section now shows who and where ("Connected as … to …"): the status only confirms it.
      this.#message = 'Connected.';
      return true;
    }
    // The server's own words ("This code has expired") are the most useful thing to show.
    this.#fail({ [field]: response.error.message });
    return false;
  }

  #fail(errors: FieldErrors): void {
    this.#errors = errors;
    this.#message = Object.values(errors).join(' ');
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
