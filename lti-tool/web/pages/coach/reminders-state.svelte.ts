import {
  authorizedFetch,
  jsonRequest,
  responseError,
  type HttpTransportOptions,
} from '../../../../shared/data/index.ts';
import {
  FeedLinkSchema,
  REMINDERS_API,
  ReminderSettingsViewSchema,
  type ReminderSettingsView,
} from '../../../../shared/protocol/reminders-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';
import { reminderStrings as t } from '../../strings/cycle.ts';

/** The coach's reminders in this course: the digest email and the private calendar link. */
export class RemindersState {
  readonly #api: HttpTransportOptions;
  #settings = $state.raw<ReminderSettingsView | null>(null);
  #email = $state('');
  #digest = $state<ReminderSettingsView['digest']>('off');
  /** The feed link just made: shown this once (the server keeps only its hash). */
  #feedUrl = $state<string | null>(null);
  #message = $state('');
  #busy = $state(false);

  constructor(api: HttpTransportOptions) {
    this.#api = api;
  }

  get settings() {
    return this.#settings;
  }
  get email() {
    return this.#email;
  }
  get digest() {
    return this.#digest;
  }
  get feedUrl() {
    return this.#feedUrl;
  }
  get message() {
    return this.#message;
  }
  get busy() {
    return this.#busy;
  }

  setEmail(value: string): void {
    this.#email = value;
  }
  setDigest(value: ReminderSettingsView['digest']): void {
    this.#digest = value;
  }

  async load(signal?: AbortSignal): Promise<void> {
    await this.#run(async () => {
      this.#show(
        await callJson(
          this.#api,
          REMINDERS_API.settings,
          { method: 'GET', signal },
          ReminderSettingsViewSchema,
        ),
      );
    });
  }

  async save(signal?: AbortSignal): Promise<void> {
    await this.#run(async () => {
      const body = { email: this.#email.trim(), digest: this.#digest };
      this.#show(
        await callJson(
          this.#api,
          REMINDERS_API.settings,
          { method: 'PUT', body, signal },
          ReminderSettingsViewSchema,
        ),
      );
      this.#message = t.saved;
    });
  }

  async newFeed(signal?: AbortSignal): Promise<void> {
    await this.#run(async () => {
      const { url } = await callJson(
        this.#api,
        REMINDERS_API.feed,
        { method: 'POST', signal },
        FeedLinkSchema,
      );
      this.#feedUrl = url;
      this.#settings = this.#settings && { ...this.#settings, feed: { exists: true } };
      this.#message = t.feedMade;
    });
  }

  async revokeFeed(signal?: AbortSignal): Promise<void> {
    await this.#run(async () => {
      const response = await authorizedFetch(
        this.#api,
        REMINDERS_API.feed,
        jsonRequest({ method: 'DELETE', signal }),
      );
      if (!response.ok) throw await responseError(response);
      this.#feedUrl = null;
      this.#settings = this.#settings && { ...this.#settings, feed: { exists: false } };
      this.#message = t.feedRevoked;
    });
  }

  #show(settings: ReminderSettingsView): void {
    this.#settings = settings;
    this.#email = settings.email ?? '';
    this.#digest = settings.digest;
  }

  async #run(work: () => Promise<void>): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    this.#message = '';
    try {
      await work();
    } catch (error) {
      if (!isAbort(error)) this.#message = describeError(error);
    } finally {
      this.#busy = false;
    }
  }
}
