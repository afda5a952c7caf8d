import { Op } from 'sequelize';
import type { RosterMember } from '../../../shared/protocol/api.ts';
import { pageOfRows } from '../keyset.ts';
import type { ContextRecord, ContextStore } from '../../core/contexts.ts';
import type { Models } from '../models.ts';

/** Courses (LTI contexts) and the people we know are in them. */
export function createContextRepository(models: Models): ContextStore {
  return {
    async upsert(context: ContextRecord): Promise<void> {
      await models.Context.upsert({ ...context });
    },

    async get(key: string): Promise<ContextRecord | null> {
      const row = await models.Context.findByPk(key);
      return row ? row.get() : null;
    },

    async upsertMembers(
      contextKey: string,
      members: readonly (RosterMember & { sourcedId?: string | null })[],
    ): Promise<void> {
      for (const member of members) {
        await models.Member.upsert({
          contextKey,
          userId: member.userId,
          name: member.name,
          role: member.role,
          ...(member.sourcedId ? { sourcedId: member.sourcedId } : {}),
        });
      }
    },

    /** The people known in a course, by user id (the primary key's order), `limit` after `afterUserId`. */
    async members(
      contextKey: string,
      page: { limit: number; afterUserId: string | null },
    ): Promise<{ items: RosterMember[]; more: boolean }> {
      const rows = await models.Member.findAll({
        where: {
          contextKey,
          ...(page.afterUserId === null ? {} : { userId: { [Op.gt]: page.afterUserId } }),
        },
        order: [['userId', 'ASC']],
        limit: page.limit + 1,
      });
      const { items, more } = pageOfRows(rows, page.limit);
      return {
        items: items.map((member) => ({
          userId: member.userId,
          name: member.name ?? 'Unnamed participant',
          role: member.role,
        })),
        more,
      };
    },

    async isTeacherIn(contextKey: string, userId: string): Promise<boolean> {
      return (await models.Member.count({ where: { contextKey, userId, role: 'teacher' } })) > 0;
    },
  };
}
