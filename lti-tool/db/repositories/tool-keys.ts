import { UniqueConstraintError, type Sequelize } from 'sequelize';
import type { ToolKeyRecord, ToolKeyStore } from '../../lti/keys/tool-key-store.ts';
import type { Models, ToolKeyRow } from '../models.ts';
import { inTransaction } from '../transaction.ts';

/** The tool's signing keys (table tool_keys, migration 0006). */
export function createToolKeyRepository(sequelize: Sequelize, models: Models): ToolKeyStore {
  const toRecord = (row: ToolKeyRow): ToolKeyRecord => ({
    kid: row.kid,
    issuer: row.issuer,
    clientId: row.clientId,
    publicJwk: row.publicJwk,
    sealedPrivateKey: row.sealedPrivateKey,
    signing: row.signing,
  });
  return {
    async add(key) {
      try {
        await models.ToolKey.create({ ...key });
        return true;
      } catch (error) {
        // A second signing key for the platform, or a kid stored already: someone was first.
        if (error instanceof UniqueConstraintError) return false;
        throw error;
      }
    },
    async signing({ issuer, clientId }) {
      const row = await models.ToolKey.findOne({ where: { issuer, clientId, signing: true } });
      return row ? toRecord(row) : null;
    },
    async useForSigning({ issuer, clientId }, kid) {
      await inTransaction(sequelize, async (transaction) => {
        await models.ToolKey.update({ signing: false }, { where: { issuer, clientId }, transaction });
        await models.ToolKey.update({ signing: true }, { where: { issuer, clientId, kid }, transaction });
      });
    },
    async remove(kid) {
      await models.ToolKey.destroy({ where: { kid } });
    },
    async published() {
      const rows = await models.ToolKey.findAll({
        attributes: ['kid', 'publicJwk'],
        order: [['createdAt', 'ASC']],
      });
      return rows.map((row) => ({ kid: row.kid, publicJwk: row.publicJwk }));
    },
    async platformsWithKeys() {
      const rows = await models.ToolKey.findAll({
        attributes: ['issuer', 'clientId'],
        group: ['issuer', 'clientId'],
      });
      return rows.map((row) => ({ issuer: row.issuer, clientId: row.clientId }));
    },
  };
}
