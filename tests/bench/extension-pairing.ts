import { API } from '../../shared/protocol/api.ts';

/** Pairs a browser extension as a teacher does (a code from their page, then the extension's call); its device token. */
export async function pairExtension(origin: string, teacherSession: string): Promise<string> {
  const code = await fetch(`${origin}${API.pairingCodes}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${teacherSession}` },
  });
  if (code.status !== 201) throw new Error(`a pairing code answered ${code.status}: ${await code.text()}`);
  const paired = await fetch(`${origin}${API.pair}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ code: ((await code.json()) as { code: string }).code }),
  });
  if (paired.status !== 201) throw new Error(`pairing answered ${paired.status}: ${await paired.text()}`);
  return ((await paired.json()) as { deviceToken: string }).deviceToken;
}
