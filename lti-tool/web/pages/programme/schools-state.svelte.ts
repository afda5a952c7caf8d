import type { HttpTransportOptions, IdSource } from '../../../../shared/data/index.ts';
import {
  PROGRAMME_API,
  SchoolsResponseSchema,
  type SchoolsResponse,
} from '../../../../shared/protocol/programme-api.ts';
import { describeError } from '../../api.ts';
import { callJson, isAbort } from '../../api-call.ts';
import { programmeStrings as t } from '../../strings/programme.ts';

/**
 * A provider admin's schools (named sets of courses) and the leaders named for each. Every change
 * answers with all of them as the server now has them, so the page shows what is stored.
 */
export class SchoolsState {
  readonly #api: HttpTransportOptions;
  readonly #ids: IdSource;
  #data = $state.raw<SchoolsResponse | null>(null);
  #message = $state('');
  #failed = $state(false);
  #busy = $state(false);

  constructor(api: HttpTransportOptions, ids: IdSource) {
    this.#api = api;
    this.#ids = ids;
  }

  get data(): SchoolsResponse | null {
    return this.#data;
  }
  get message(): string {
    return this.#message;
  }
  get failed(): boolean {
    return this.#failed;
  }
  get busy(): boolean {
    return this.#busy;
  }

  async load(signal?: AbortSignal): Promise<void> {
    await this.#call(PROGRAMME_API.schools, { method: 'GET', signal }, false);
  }

  /** A new school (no id yet) or an existing one renamed or re-coursed. */
  saveSchool(school: { id: string | null; name: string; courseKeys: string[] }, signal?: AbortSignal) {
    const id = school.id ?? this.#ids.newId();
    return this.#call(PROGRAMME_API.school(id), {
      method: 'PUT',
      body: { name: school.name, courseKeys: school.courseKeys },
      signal,
    });
  }

  removeSchool(id: string, signal?: AbortSignal) {
    return this.#call(PROGRAMME_API.school(id), { method: 'DELETE', signal });
  }

  nameLeader(leader: { userId: string; name: string; schoolId: string }, signal?: AbortSignal) {
    return this.#call(PROGRAMME_API.leader(leader.userId.trim()), {
      method: 'PUT',
      body: { name: leader.name, schoolId: leader.schoolId },
      signal,
    });
  }

  removeLeader(userId: string, signal?: AbortSignal) {
    return this.#call(PROGRAMME_API.leader(userId), { method: 'DELETE', signal });
  }

  /** True when the server took it; the message says what happened either way. */
  async #call(
    path: string,
    init: { method: 'GET' | 'PUT' | 'DELETE'; body?: unknown; signal?: AbortSignal | undefined },
    announce = true,
  ): Promise<boolean> {
    this.#busy = true;
    this.#message = '';
    try {
      this.#data = await callJson(this.#api, path, init, SchoolsResponseSchema);
      this.#failed = false;
      if (announce) this.#message = t.manageSaved;
      return true;
    } catch (error) {
      if (isAbort(error)) return false;
      this.#failed = true;
      this.#message = t.manageFailed(describeError(error));
      return false;
    } finally {
      this.#busy = false;
    }
  }
}
