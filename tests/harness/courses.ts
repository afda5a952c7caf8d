import type { JWTPayload } from 'jose';
import { expect } from 'vitest';
import { API } from '../../shared/protocol/api.ts';
import { api } from './api-client.ts';
import { FakePlatform } from './fake-platform.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';

/** Claims for a launch in `course`, from that course's one resource link. */
export const inCourse = (course: string) => (claims: JWTPayload) => ({
  ...claims,
  [`${LTI}context`]: { id: course, title: course },
  [`${LTI}resource_link`]: { id: `${course}-link` },
});

/** A real launch of `userId` in `course`; the page's session token. */
export async function launchInCourse(
  toolUrl: string,
  platform: FakePlatform,
  course: string,
  userId: string,
): Promise<string> {
  const outcome = await platform.launch(toolUrl, { userId, claims: inCourse(course) });
  expect(outcome.status).toBe(200);
  return outcome.bootstrap!.sessionToken;
}

/** Pairs an extension as the teacher does: a code from their page, then the extension's pair call. */
export async function pairDevice(toolUrl: string, teacherSession: string): Promise<string> {
  const code = await api(toolUrl, API.pairingCodes, { method: 'POST', token: teacherSession });
  expect(code.status).toBe(201);
  const paired = await api(toolUrl, API.pair, { body: { code: code.body.code } });
  expect(paired.status).toBe(201);
  return paired.body.deviceToken as string;
}

/**
 * Two schools on Canvas's shared issuer, both registered with the tool: the same user ids at
 * each are different people, so tenancy checks have something to tell apart.
 */
export async function twoCanvasSchools(tool: {
  registerPlatform(platform: FakePlatform['registration'], deploymentIds: string[]): Promise<void>;
}): Promise<{ school: FakePlatform; otherSchool: FakePlatform }> {
  const school = await FakePlatform.start('canvas', 'school');
  const otherSchool = await FakePlatform.start('canvas', 'other-school');
  await tool.registerPlatform(school.registration, [school.deploymentId]);
  await tool.registerPlatform(otherSchool.registration, [otherSchool.deploymentId]);
  return { school, otherSchool };
}
