import { beforeAll, describe, expect, it } from 'vitest';
import type { ConversationInput } from '../../shared/domain/coaching/cycle.ts';
import { API } from '../../shared/protocol/api.ts';
import { CYCLE_API } from '../../shared/protocol/cycle-api.ts';
import { PRACTICE_API } from '../../shared/protocol/practice-api.ts';
import { SHARING_API } from '../../shared/protocol/sharing-api.ts';
import { loadStarterModules } from '../../lti-tool/modules/starter-library.ts';
import { api } from './api-client.ts';
import { aSetStepChange, testId } from './builders.ts';
import type { FakePlatform } from './fake-platform.ts';
import { aRound, launchModule } from './practice.ts';
import { launchAs } from './programme-suite.ts';
import type { TestServer } from './tool-server.ts';

const module = loadStarterModules()[0]!;
const criteria = module.actionStep.successCriteria.map(() => 'secure' as const);

/** Text the teacher or coach typed: shared items show theirs, nothing else of the teacher shows. */
const TYPED = {
  sharedScript: 'SHARED-SCRIPT Kestrel eyes on me in three',
  privateScript: 'PRIVATE-SCRIPT Heron never shared',
  sharedTarget: 'SHARED-TARGET Otter pupils settle in a minute',
  privateTarget: 'PRIVATE-TARGET Badger never shared',
  praise: 'PRAISE-Finch you named two pupils',
} as const;

const aConversation = (teacherId: string, targetPerformance: string): ConversationInput => ({
  teacherId,
  observationId: null,
  targetPerformance,
  praise: [{ text: TYPED.praise, criterion: null }],
  probingQuestions: ['What did the back row do?'],
  model: { kind: 'own', form: 'performance', description: 'Countdown with a pause' },
  step: { decision: 'keep' },
  rounds: [],
  checkBackOn: new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10),
});

/**
 * Sharing over the HTTP API of a real tool (run on SQLite and PostgreSQL by the calling file, with
 * two schools on one Canvas issuer): a teacher shares a round and a conversation with a named
 * person; only that person, at that institution, sees them, until the teacher revokes.
 */
export function describeSharing(
  setup: () => { tool: TestServer; school: FakePlatform; otherSchool: FakePlatform },
) {
  describe('sharing a round or a conversation', () => {
    let url: string;
    const tokens = {} as Record<'ana' | 'ben' | 'coach' | 'leader' | 'otherLeader' | 'stranger', string>;
    const ids = {
      anaRound: '',
      anaPrivateRound: '',
      benRound: '',
      anaConversation: testId(),
      anaPrivateConversation: testId(),
    };
    const shares = { round: '', conversation: '' };

    const share = (token: string, body: object) => api(url, SHARING_API.shares, { token, body });
    const sharedWith = async (token: string) => {
      const got = await api(url, SHARING_API.sharedWithMe, { token });
      expect(got.status).toBe(200);
      return got.body.items as { id: string; kind: string }[];
    };

    beforeAll(async () => {
      const { tool, school, otherSchool } = setup();
      url = tool.url;
      const practise = async (userId: string, name: string, script: string) => {
        const page = await launchModule(school, url, {
          userId,
          course: 'S1',
          link: 'S1-module',
          module: module.id,
          role: 'learner',
          name,
        });
        const round = await api(url, PRACTICE_API.rounds, {
          token: page.sessionToken,
          body: { ...aRound(page.activity!.linkKey, { script }), selfAssessment: criteria },
        });
        expect(round.status, JSON.stringify(round.body)).toBe(201);
        return { token: page.sessionToken, roundId: round.body.round.id as string };
      };
      const ana = await practise('share-ana', 'Ana Silva', TYPED.sharedScript);
      tokens.ana = ana.token;
      ids.anaRound = ana.roundId;
      ids.anaPrivateRound = (await practise('share-ana', 'Ana Silva', TYPED.privateScript)).roundId;
      const ben = await practise('share-ben', 'Ben Okafor', 'Ben’s own round');
      tokens.ben = ben.token;
      ids.benRound = ben.roundId;
      tokens.coach = await launchAs(url, school, { userId: 'share-coach', course: 'S1', role: 'instructor' });
      const feedback = await api(url, PRACTICE_API.roundFeedback(ids.anaRound), {
        token: tokens.coach,
        body: { praise: TYPED.praise, probe: 'Which pupil?', nextStep: 'Pause longer.', criteria },
      });
      expect(feedback.status, JSON.stringify(feedback.body)).toBe(201);
      const step = await api(url, API.syncPush, {
        token: tokens.coach,
        body: { changes: [aSetStepChange('share-ana', { title: 'Narrate the positive' })] },
      });
      expect(step.body.results[0].status).toBe('applied');
      for (const [id, target] of [
        [ids.anaConversation, TYPED.sharedTarget],
        [ids.anaPrivateConversation, TYPED.privateTarget],
      ] as const) {
        const saved = await api(url, CYCLE_API.conversation(id), {
          method: 'PUT',
          token: tokens.coach,
          body: { changeId: testId(), baseVersion: 0, record: aConversation('share-ana', target) },
        });
        expect(saved.status, JSON.stringify(saved.body)).toBe(200);
      }
      // The leader is a coach of a leaders' course; the same id at another school is someone else.
      tokens.leader = await launchAs(url, school, {
        userId: 'share-leader',
        course: 'L',
        role: 'instructor',
      });
      tokens.stranger = await launchAs(url, school, {
        userId: 'share-other',
        course: 'L',
        role: 'instructor',
      });
      tokens.otherLeader = await launchAs(url, otherSchool, {
        userId: 'share-leader',
        course: 'L',
        role: 'instructor',
      });
    });

    it('a teacher shares their round and a conversation about them with a named person (201)', async () => {
      const round = await share(tokens.ana, {
        kind: 'round',
        itemId: ids.anaRound,
        recipientId: 'share-leader',
        recipientName: 'Ms Leader',
      });
      expect(round.status, JSON.stringify(round.body)).toBe(201);
      expect(round.body.share).toMatchObject({
        kind: 'round',
        itemId: ids.anaRound,
        recipientId: 'share-leader',
        recipientName: 'Ms Leader',
        revokedAt: null,
      });
      shares.round = round.body.share.id;
      const id = testId();
      const conversation = await share(tokens.ana, {
        id,
        kind: 'conversation',
        itemId: ids.anaConversation,
        recipientId: ' share-leader ',
        recipientName: 'Ms Leader',
      });
      expect(conversation.status).toBe(201);
      expect(conversation.body.share).toMatchObject({ id, recipientId: 'share-leader' });
      shares.conversation = id;
      // A retry of the same share is not a second one.
      const again = await share(tokens.ana, {
        id,
        kind: 'conversation',
        itemId: ids.anaConversation,
        recipientId: 'share-leader',
        recipientName: 'Ms Leader',
      });
      expect(again.status).toBe(200);
      const mine = await api(url, SHARING_API.shares, { token: tokens.ana });
      expect(mine.status).toBe(200);
      expect(mine.body.shares.map((s: { id: string }) => s.id).sort()).toEqual([shares.round, id].sort());
    });

    it('the recipient sees those two items with their content and the teacher’s name, and nothing else of her', async () => {
      const response = await fetch(`${url}${SHARING_API.sharedWithMe}`, {
        headers: { authorization: `Bearer ${tokens.leader}` },
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('private, no-store');
      const text = await response.text();
      const { items } = JSON.parse(text);
      expect(items).toHaveLength(2);
      const round = items.find((item: { kind: string }) => item.kind === 'round');
      expect(round).toMatchObject({
        id: shares.round,
        ownerName: 'Ana Silva',
        round: {
          moduleTitle: module.title,
          successCriteria: [...module.actionStep.successCriteria],
          roundNumber: 1,
          script: TYPED.sharedScript,
          selfAssessment: criteria,
          feedback: { praise: TYPED.praise, nextStep: 'Pause longer.' },
        },
      });
      const conversation = items.find((item: { kind: string }) => item.kind === 'conversation');
      expect(conversation).toMatchObject({
        id: shares.conversation,
        ownerName: 'Ana Silva',
        conversation: {
          record: {
            targetPerformance: TYPED.sharedTarget,
            praise: [{ text: TYPED.praise }],
            model: { kind: 'own', description: 'Countdown with a pause', recorded: false },
          },
        },
      });
      for (const hidden of [TYPED.privateScript, TYPED.privateTarget, 'share-ana', ids.anaPrivateRound]) {
        expect(text).not.toContain(hidden);
      }
    });

    it('anyone else sees nothing: another teacher, another person of the school, the teacher herself', async () => {
      expect(await sharedWith(tokens.ben)).toEqual([]);
      expect(await sharedWith(tokens.stranger)).toEqual([]);
      expect(await sharedWith(tokens.ana)).toEqual([]);
    });

    it('the same user id at another institution sees nothing', async () => {
      expect(await sharedWith(tokens.otherLeader)).toEqual([]);
    });

    it('another teacher’s item or an unknown id is a 404, and nothing is stored', async () => {
      for (const [kind, itemId] of [
        ['round', ids.benRound],
        ['round', testId()],
        ['conversation', testId()],
        // Ben's round, named as a conversation: still not hers.
        ['conversation', ids.benRound],
      ] as const) {
        const refused = await share(tokens.ana, {
          kind,
          itemId,
          recipientId: 'share-other',
          recipientName: 'X',
        });
        expect(refused.status, `${kind} ${itemId}`).toBe(404);
        expect(refused.body.error.code).toBe('not-found');
      }
      // A conversation about Ana cannot be shared by Ben.
      const notHis = await share(tokens.ben, {
        kind: 'conversation',
        itemId: ids.anaConversation,
        recipientId: 'share-other',
        recipientName: 'X',
      });
      expect(notHis.status).toBe(404);
      expect(await sharedWith(tokens.stranger)).toEqual([]);
      expect((await api(url, SHARING_API.shares, { token: tokens.ben })).body.shares).toEqual([]);
      expect((await api(url, SHARING_API.shares, { token: tokens.ana })).body.shares).toHaveLength(2);
    });

    it('refuses bad input (400): sharing with oneself, an empty or overlong id, an unknown kind', async () => {
      const base = { kind: 'round', itemId: ids.anaRound, recipientName: 'Me' };
      for (const body of [
        { ...base, recipientId: 'share-ana' },
        { ...base, recipientId: '  ' },
        { ...base, recipientId: 'x'.repeat(256) },
        { ...base, recipientId: 'share-other', kind: 'step' },
        { ...base, recipientId: 'share-other', recipientName: '' },
      ]) {
        const refused = await share(tokens.ana, body);
        expect(refused.status, JSON.stringify(body)).toBe(400);
        expect(refused.body.error).toMatchObject({ code: 'invalid-input', message: expect.any(String) });
      }
    });

    it('a coach cannot share (403), even a round of their course', async () => {
      const refused = await share(tokens.coach, {
        kind: 'round',
        itemId: ids.anaRound,
        recipientId: 'share-other',
        recipientName: 'X',
      });
      expect(refused.status).toBe(403);
      expect(await sharedWith(tokens.stranger)).toEqual([]);
    });

    it('revoking makes it disappear for the recipient; only the teacher can revoke it', async () => {
      expect(
        (await api(url, SHARING_API.share(shares.round), { method: 'DELETE', token: tokens.ben })).status,
      ).toBe(404);
      expect(
        (await api(url, SHARING_API.share(shares.round), { method: 'DELETE', token: tokens.leader })).status,
      ).toBe(403);
      expect((await sharedWith(tokens.leader)).map((item) => item.id).sort()).toEqual(
        [shares.round, shares.conversation].sort(),
      );
      const revoked = await api(url, SHARING_API.share(shares.round), {
        method: 'DELETE',
        token: tokens.ana,
      });
      expect(revoked.status).toBe(204);
      expect((await sharedWith(tokens.leader)).map((item) => item.id)).toEqual([shares.conversation]);
      const mine = await api(url, SHARING_API.shares, { token: tokens.ana });
      const listed = mine.body.shares.find((s: { id: string }) => s.id === shares.round);
      expect(listed.revokedAt).toEqual(expect.any(String));
      expect(
        (await api(url, SHARING_API.share(shares.conversation), { method: 'DELETE', token: tokens.ana }))
          .status,
      ).toBe(204);
      expect(await sharedWith(tokens.leader)).toEqual([]);
      expect(
        (await api(url, SHARING_API.share(testId()), { method: 'DELETE', token: tokens.ana })).status,
      ).toBe(404);
    });
  });
}
