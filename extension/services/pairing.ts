import * as v from 'valibot';
import { requestJson } from '../../shared/data/http-request.ts';
import { API, PairResponseSchema, type PairResponse } from '../../shared/protocol/api.ts';

interface ServerCall {
  serverUrl: string;
  fetch?: typeof fetch;
  signal?: AbortSignal;
}

/**
 * Trades a one-time pairing code for a device token. A refused code (bad, expired, used)
 * throws SyncError('rejected') carrying the server's own message.
 */
export function requestPairing(call: ServerCall & { code: string }): Promise<PairResponse> {
  return requestJson(
    { baseUrl: call.serverUrl, token: () => null, fetch: call.fetch },
    API.pair,
    { method: 'POST', body: { code: call.code }, signal: call.signal },
    PairResponseSchema,
  );
}

/** Tells the server to forget this device. Best effort: the caller forgets the token either way. */
export async function revokeDevice(call: ServerCall & { deviceToken: string }): Promise<boolean> {
  try {
    await requestJson(
      // Short timeout: disconnecting must not hang on an unreachable server.
      { baseUrl: call.serverUrl, token: () => call.deviceToken, fetch: call.fetch, timeoutMs: 5_000 },
      API.currentDevice,
      { method: 'DELETE', signal: call.signal },
      v.unknown(),
    );
    return true;
  } catch {
    return false;
  }
}
