import type { RosterMember } from '../../../shared/protocol/api.ts';
import type { Models } from '../models.ts';

export interface ContextRecord {
  key: string;
  tenant: string;
  lmsContextId: string;
  title: string | null;
  membershipsUrl: string | null;
  issuer: string;
  clientId: string;
}

/** Courses (LTI contexts) and the people we know are in them. */
export function createContextRepository(models: Models) {
  return {
    async upsert(context: ContextRecord): Promise<void> {
      await models.Context.upsert({ ...context });
    },

    async get(key: string): Promise<ContextRecord | null> {
      const row = await models.Context.findByPk(key);
      return row ? (row.get() as ContextRecord) : null;
    },

    async upsertMembers(contextKey: string, members: readonly RosterMember[]): Promise<void> {
      for (const member of members) {
        await models.Member.upsert({
          contextKey,
          userId: member.userId,
          name: member.name,
          role: member.role,
        });
      }
    },

    async members(contextKey: string): Promise<RosterMember[]> {
      const rows = await models.Member.findAll({ where: { contextKey }, order: [['name', 'ASC']] });
      return rows.map((row) => {
        const member = row.get() as { userId: string; name: string | null; role: RosterMember['role'] };
        return { userId: member.userId, name: member.name ?? 'Unnamed participant', role: member.role };
      });
    },

    async isTeacherIn(contextKey: string, userId: string): Promise<boolean> {
      return (await models.Member.count({ where: { contextKey, userId, role: 'teacher' } })) > 0;
    },
  };
}
export type ContextRepository = ReturnType<typeof createContextRepository>;
