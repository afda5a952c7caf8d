import type { Migration } from './migration.ts';

/**
 * A coach's model recorded in a coaching conversation: the conversation names the recording it
 * refers to, so the teacher it was with may play it back (media/media-service.ts asks by this
 * indexed column, never by reading records).
 */
export const coachingModelRecordings: Migration = {
  name: '0009-coaching-model-recordings',
  async up({ context: { sequelize } }) {
    for (const statement of [
      `ALTER TABLE "conversations" ADD COLUMN "modelMediaId" VARCHAR(64)`,
      `CREATE INDEX IF NOT EXISTS "conversations_tenant_model_media_id"
        ON "conversations" ("tenant", "modelMediaId")`,
    ]) {
      await sequelize.query(statement);
    }
  },
};
