/**
 * Builders for practice-module tests: a small fixture module (so tests never depend on the
 * starter texts), launch claims for a module activity, rounds, and real media bytes.
 */
import type { JWTPayload } from 'jose';
import type { CoachingModule, ModuleDefinition } from '../../shared/domain/coaching/module.ts';
import type { CriterionJudgement } from '../../shared/domain/coaching/practice.ts';
import { testId } from './builders.ts';
import { ROLES, type FakePlatform } from './fake-platform.ts';

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/';
const AGS = 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint';

export function aModuleDefinition(id: string, overrides: Partial<ModuleDefinition> = {}): ModuleDefinition {
  return {
    id,
    title: 'Narrate the positive',
    summary: 'Notice and name what pupils are doing right, so the rest follow.',
    phase: 'secondary',
    theme: 'routines-and-behaviour',
    targetPerformance: 'Pupils settle to the task within a minute because expectations are reinforced aloud.',
    models: [
      {
        kind: 'product',
        title: 'Script',
        text: 'I can see Sam has his book open already. Thank you, Row 2.',
      },
    ],
    actionStep: {
      title: 'Narrate two pupils who are following the instruction',
      what: 'Scan, then name two pupils and the exact behaviour.',
      successCriteria: ['Names two pupils', 'Describes the behaviour, not the pupil', 'Calm, warm tone'],
      whenToPractise: 'After giving a whole-class instruction',
      why: 'Attention to the right behaviour makes it the norm.',
    },
    scenarios: ['Year 9 after lunch, coming in noisy'],
    reflectionPrompts: ['Which pupils responded first?'],
    scoring: 'criteria',
    ...overrides,
  };
}

/** A fixture starter module: read-only, shared by every institution of the test server. */
export function aStarterModule(id: string, overrides: Partial<ModuleDefinition> = {}): CoachingModule {
  return {
    ...aModuleDefinition(id, overrides),
    origin: 'starter',
    version: 1,
    updatedAt: '2026-11-01T00:00:00.000Z',
  };
}

/**
 * Two read-only fixture modules, `fixture-one` (three criteria) and `fixture-two` (two): enough
 * to tell apart activities that share one resource link.
 */
export function twoFixtureModules(): CoachingModule[] {
  return [
    aStarterModule('fixture-one', { title: 'Module one' }),
    aStarterModule('fixture-two', {
      title: 'Module two',
      actionStep: {
        title: 'Pause after the question',
        what: 'Count five seconds in your head before taking an answer.',
        successCriteria: ['Waits five seconds', 'Takes an answer from a non-volunteer'],
        whenToPractise: 'Whole-class questioning',
        why: 'Thinking time lets more pupils answer.',
      },
    }),
  ];
}

export interface ModuleLaunch {
  userId: string;
  /** The LMS course (context) id; each course is its own set of people. */
  course: string;
  /** The LMS resource link id (one embedded activity). */
  link: string;
  /** The module id the link embeds; omit for the plain action-step activity. */
  module?: string;
  role?: 'learner' | 'instructor' | 'admin';
  name?: string;
  /** The platform's grade service line items URL for this link. */
  lineItemsUrl?: string;
}

/** Claims for a launch of one module activity in one course (Moodle or Canvas shaped). */
export function moduleClaims(launch: ModuleLaunch) {
  return (claims: JWTPayload): JWTPayload => ({
    ...claims,
    ...(launch.name ? { name: launch.name } : {}),
    ...(launch.role ? { [`${LTI}roles`]: [ROLES[launch.role]] } : {}),
    [`${LTI}context`]: { id: launch.course, title: `Course ${launch.course}` },
    [`${LTI}resource_link`]: { id: launch.link, title: `Link ${launch.link}` },
    [`${LTI}custom`]: launch.module
      ? { activity: 'module', module: launch.module }
      : { activity: 'action-step' },
    ...(launch.lineItemsUrl
      ? {
          [AGS]: {
            scope: [
              'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
              'https://purl.imsglobal.org/spec/lti-ags/scope/score',
            ],
            lineitems: launch.lineItemsUrl,
          },
        }
      : {}),
  });
}

/** Launches and returns the page's bootstrap (throws with the page if there is none). */
export async function launchModule(platform: FakePlatform, toolUrl: string, launch: ModuleLaunch) {
  const outcome = await platform.launch(toolUrl, { userId: launch.userId, claims: moduleClaims(launch) });
  if (!outcome.bootstrap) {
    throw new Error(
      `launch of ${launch.userId} gave no app page (${outcome.status}): ${outcome.html.slice(0, 300)}`,
    );
  }
  return outcome.bootstrap;
}

export function aRound(
  linkKey: string,
  overrides: {
    id?: string;
    script?: string;
    audioId?: string | null;
    selfAssessment?: CriterionJudgement[];
  } = {},
) {
  return {
    id: overrides.id ?? testId(),
    linkKey,
    rehearsal: {
      script: overrides.script ?? 'Row 2, thank you for eyes this way.',
      audioId: overrides.audioId ?? null,
    },
    selfAssessment: overrides.selfAssessment ?? ['secure', 'not-yet', 'secure'],
  };
}

export function aFeedback(criteria: CriterionJudgement[] = ['secure', 'secure', 'not-yet']) {
  return {
    praise: 'You named two pupils and the exact behaviour.',
    probe: 'What did the back row do while you narrated?',
    nextStep: 'Drop your voice a little on the second name.',
    criteria,
  };
}

/**
 * The start of a real WebM file as MediaRecorder writes it: the EBML header with DocType
 * "webm", then the Segment and Info elements, padded with an EBML Void element.
 */
export function webmBytes(size = 2048): Buffer {
  const header = Buffer.from([
    0x1a,
    0x45,
    0xdf,
    0xa3,
    0x9f, // EBML, 31 bytes follow
    0x42,
    0x86,
    0x81,
    0x01, // EBMLVersion 1
    0x42,
    0xf7,
    0x81,
    0x01, // EBMLReadVersion 1
    0x42,
    0xf2,
    0x81,
    0x04, // EBMLMaxIDLength 4
    0x42,
    0xf3,
    0x81,
    0x08, // EBMLMaxSizeLength 8
    0x42,
    0x82,
    0x84,
    0x77,
    0x65,
    0x62,
    0x6d, // DocType "webm"
    0x42,
    0x87,
    0x81,
    0x04, // DocTypeVersion 4
    0x42,
    0x85,
    0x81,
    0x02, // DocTypeReadVersion 2
    0x18,
    0x53,
    0x80,
    0x67,
    0x01,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff,
    0xff, // Segment, unknown size
  ]);
  const pad = Math.max(0, size - header.length - 9);
  const voidElement = Buffer.alloc(9 + pad);
  voidElement[0] = 0xec; // Void
  voidElement[1] = 0x01; // 8-byte size
  voidElement.writeUIntBE(pad, 3, 6);
  return Buffer.concat([header, voidElement]);
}

export const PNG_BYTES = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);
export const PDF_BYTES = Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');

/** PUT /api/media/:id with a raw body, as the practice page uploads a recording. */
export async function putMedia(
  baseUrl: string,
  token: string,
  id: string,
  body: Uint8Array | ReadableStream<Uint8Array>,
  contentType: string,
): Promise<{
  status: number;
  body: { error?: { code: string; message: string }; media?: { id: string; size: number } };
}> {
  const response = await fetch(`${baseUrl}/api/media/${encodeURIComponent(id)}`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': contentType },
    body,
    ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
  } as RequestInit);
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}
