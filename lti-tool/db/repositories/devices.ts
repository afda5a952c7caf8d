import { randomUUID } from 'node:crypto';
import type { Sequelize } from 'sequelize';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { Principal } from '../../server/principal.ts';
import type { Models } from '../models.ts';
import { hashSecret, newPairingCode, newToken } from '../tokens.ts';
import { inTransaction } from '../transaction.ts';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;

interface PairingRow {
  tenant: string;
  userId: string;
  name: string | null;
  expiresAt: Date;
  usedAt: Date | null;
}

/** Pairing codes and the device tokens they are exchanged for. */
export function createDeviceRepository(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
) {
  return {
    async createPairingCode(owner: { tenant: string; userId: string; name: string | null }) {
      const code = newPairingCode();
      const expiresAt = new Date(now().getTime() + PAIRING_CODE_TTL_MS);
      await models.PairingCode.create({ ...owner, codeHash: hashSecret(code), expiresAt });
      return { code, expiresAt };
    },

    /** Single use: marking the code used and creating the device commit together or not at all. */
    async redeem(code: string, label: string): Promise<{ deviceToken: string; teacherName: string }> {
      return inTransaction(sequelize, async (transaction) => {
        // Unknown, used and expired codes answer alike: an answer must not tell a guesser
        // which codes exist.
        const refused = () =>
          new DomainError(
            'not-found',
            'That pairing code is not valid: it may have expired or been used already. Show a new one on your course page.',
          );
        const row = await models.PairingCode.findByPk(hashSecret(code), { transaction });
        if (!row) throw refused();
        const pairing = row.get() as PairingRow;
        if (pairing.usedAt || new Date(pairing.expiresAt) <= now()) throw refused();
        const [updated] = await models.PairingCode.update(
          { usedAt: now() },
          { where: { codeHash: hashSecret(code), usedAt: null }, transaction },
        );
        if (updated !== 1) throw refused();
        const deviceToken = newToken('dev');
        await models.Device.create(
          {
            id: randomUUID(),
            tokenHash: hashSecret(deviceToken),
            tenant: pairing.tenant,
            userId: pairing.userId,
            label,
          },
          { transaction },
        );
        return { deviceToken, teacherName: pairing.name ?? 'you' };
      });
    },

    async find(token: string): Promise<Extract<Principal, { kind: 'device' }> | null> {
      const row = await models.Device.findOne({ where: { tokenHash: hashSecret(token), revokedAt: null } });
      if (!row) return null;
      const device = row.get() as { id: string; tenant: string; userId: string };
      return { kind: 'device', tenant: device.tenant, userId: device.userId, deviceId: device.id };
    },

    async revoke(deviceId: string): Promise<void> {
      await models.Device.update({ revokedAt: now() }, { where: { id: deviceId, revokedAt: null } });
    },
  };
}
export type DeviceRepository = ReturnType<typeof createDeviceRepository>;
