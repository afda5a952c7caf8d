import { createHash } from 'node:crypto';
import { DataTypes, QueryTypes, type Sequelize, type Transaction } from 'sequelize';
import type { Migration } from './migration.ts';

/**
 * Activities are keyed by resource link AND what they launch (resource-links.ts), and a page's
 * session is pinned to the activity it was launched for.
 *
 * - `coaching_sessions.linkKey`: the pin. Sessions from before have none, so their pages act on
 *   no activity until opened again from the course.
 * - Work misfiled under a shared resource link id: before, every item of an Open edX block (one
 *   resource_link.id) shared one key, so rounds, check-ins and reflections of several modules sat
 *   under it. A link keeps its old key for the activity it has now; each other module's work
 *   moves to that module's own key (a copy of the link row), with the grade jobs of the moved
 *   rounds, and round numbers are made 1..n again in each trainee's (link, trainee) group.
 *   Drafts stay: they do not say which module they were for. Links with one module's work, the
 *   usual case, are not touched.
 */
export const linkActivity: Migration = {
  name: '0003-link-activity',
  async up({ context: { sequelize, queryInterface } }) {
    // 0001 makes every table in its newest shape: on a new database this finds nothing to do.
    const exists = async (...tables: string[]) =>
      (await Promise.all(tables.map((table) => queryInterface.tableExists(table)))).every(Boolean);
    if (
      (await exists('coaching_sessions')) &&
      !('linkKey' in (await queryInterface.describeTable('coaching_sessions')))
    ) {
      await queryInterface.addColumn('coaching_sessions', 'linkKey', {
        type: DataTypes.STRING(64),
        allowNull: true,
      });
    }
    if (await exists('lti_resource_links', 'practice_rounds', 'check_ins', 'reflections', 'grade_jobs')) {
      await sequelize.transaction((transaction) => moveMisfiledWork(sequelize, transaction));
    }
  },
};

/** resourceLinkKey and legacyResourceLinkKey as of this migration (stableKey in db/tokens.ts). */
const keyOf = (...parts: string[]) =>
  createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 40);
const MODULE_PREFIX = 'module:';

interface LinkRow {
  key: string;
  tenant: string;
  resourceLinkId: string;
  activity: string;
}

async function moveMisfiledWork(sequelize: Sequelize, transaction: Transaction): Promise<void> {
  const select = <T extends object>(sql: string, replacements: Record<string, unknown> = {}) =>
    sequelize.query<T>(sql, { type: QueryTypes.SELECT, replacements, transaction });
  const run = (sql: string, replacements: Record<string, unknown>) =>
    sequelize.query(sql, { replacements, transaction });

  const links = new Map<string, LinkRow>();
  for (const link of await select<LinkRow>(
    'SELECT "key", "tenant", "resourceLinkId", "activity" FROM lti_resource_links',
  )) {
    // Only keys made from the resource link alone can hold several modules' work.
    if (link.key === keyOf(link.tenant, 'link', link.resourceLinkId)) links.set(link.key, link);
  }
  // Every (link, module) with work, from one grouped read of each table.
  const worked = [
    ...(await select<{ linkKey: string; moduleId: string }>(
      'SELECT "linkKey", "moduleId" FROM practice_rounds GROUP BY "linkKey", "moduleId"',
    )),
    ...(await select<{ linkKey: string; moduleId: string }>(
      'SELECT "linkKey", "moduleId" FROM check_ins WHERE "linkKey" IS NOT NULL AND "moduleId" IS NOT NULL GROUP BY "linkKey", "moduleId"',
    )),
    ...(await select<{ linkKey: string; moduleId: string }>(
      'SELECT "linkKey", "moduleId" FROM reflections WHERE "linkKey" IS NOT NULL AND "moduleId" IS NOT NULL GROUP BY "linkKey", "moduleId"',
    )),
  ];
  const moves = new Map<string, { link: LinkRow; moduleId: string; to: string }>();
  for (const { linkKey, moduleId } of worked) {
    const link = links.get(linkKey);
    const activity = `${MODULE_PREFIX}${moduleId}`;
    if (!link || link.activity === activity) continue;
    const to = keyOf(link.tenant, 'link', link.resourceLinkId, activity);
    moves.set(to, { link, moduleId, to });
  }

  const regroup = new Set<string>();
  for (const { link, moduleId, to } of moves.values()) {
    const from = link.key;
    const at = { from, to, tenant: link.tenant, moduleId, activity: `${MODULE_PREFIX}${moduleId}` };
    // The same placement, launching this module. Its gradebook column is found again when a
    // score is next sent (by resource link and module), never the other module's.
    await run(
      `INSERT INTO lti_resource_links ("key", "tenant", "contextKey", "issuer", "clientId", "resourceLinkId",
         "activity", "lineItemsUrl", "lineItemUrl", "agsScopes", "createdAt", "updatedAt")
       SELECT :to, "tenant", "contextKey", "issuer", "clientId", "resourceLinkId",
         :activity, "lineItemsUrl", NULL, "agsScopes", "createdAt", "updatedAt"
       FROM lti_resource_links
       WHERE "key" = :from AND NOT EXISTS (SELECT 1 FROM lti_resource_links WHERE "key" = :to)`,
      at,
    );
    await run(
      `UPDATE grade_jobs SET "linkKey" = :to WHERE "linkKey" = :from AND "idempotencyKey" IN (
         SELECT 'round:' || "id" || ':submitted' FROM practice_rounds
           WHERE "tenant" = :tenant AND "linkKey" = :from AND "moduleId" = :moduleId
         UNION ALL
         SELECT 'round:' || "id" || ':reviewed' FROM practice_rounds
           WHERE "tenant" = :tenant AND "linkKey" = :from AND "moduleId" = :moduleId)`,
      at,
    );
    for (const trainee of await select<{ traineeId: string }>(
      'SELECT DISTINCT "traineeId" FROM practice_rounds WHERE "tenant" = :tenant AND "linkKey" = :from AND "moduleId" = :moduleId',
      at,
    )) {
      regroup.add(JSON.stringify([link.tenant, from, trainee.traineeId]));
      regroup.add(JSON.stringify([link.tenant, to, trainee.traineeId]));
    }
    await run(
      'UPDATE practice_rounds SET "linkKey" = :to WHERE "tenant" = :tenant AND "linkKey" = :from AND "moduleId" = :moduleId',
      at,
    );
    for (const table of ['check_ins', 'reflections']) {
      await run(
        `UPDATE ${table} SET "linkKey" = :to WHERE "tenant" = :tenant AND "linkKey" = :from AND "moduleId" = :moduleId`,
        at,
      );
    }
  }

  // A round's number is its place among the trainee's rounds on that activity (count + 1 at
  // submit): close the gaps the moves left, in the old order. Negative first, so no two rows of
  // a group share a number at any moment (a unique index covers them).
  for (const group of regroup) {
    const [tenant, linkKey, traineeId] = JSON.parse(group) as [string, string, string];
    const where = { tenant, linkKey, traineeId };
    const rounds = await select<{ id: string; roundNumber: number | string }>(
      'SELECT "id", "roundNumber" FROM practice_rounds WHERE "tenant" = :tenant AND "linkKey" = :linkKey AND "traineeId" = :traineeId ORDER BY "roundNumber"',
      where,
    );
    for (const [index, round] of rounds.entries()) {
      if (Number(round.roundNumber) === index + 1) continue;
      await run('UPDATE practice_rounds SET "roundNumber" = :number WHERE "id" = :id', {
        id: round.id,
        number: -(index + 1),
      });
    }
    await run(
      'UPDATE practice_rounds SET "roundNumber" = -"roundNumber" WHERE "tenant" = :tenant AND "linkKey" = :linkKey AND "traineeId" = :traineeId AND "roundNumber" < 0',
      where,
    );
  }
}
