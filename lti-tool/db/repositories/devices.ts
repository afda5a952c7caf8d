import { randomUUID } from 'node:crypto';
import { Op, type Sequelize } from 'sequelize';
import { DomainError } from '../../../shared/domain/errors.ts';
import type { DevicePrincipal, DeviceStore } from '../../core/devices.ts';
import type { Models } from '../models.ts';
import { hashSecret, newPairingCode, newToken } from '../../core/tokens.ts';
import { inTransaction } from '../transaction.ts';
import { MAX_PAIRED_DEVICES, type PairedDevice } from '../../../shared/protocol/api.ts';

export const PAIRING_CODE_TTL_MS = 10 * 60 * 1000;
/** A paired browser that has not synced for this long stops working (it syncs every 15 minutes). */
export const DEVICE_IDLE_LIMIT_MS = 90 * 24 * 60 * 60 * 1000;
/** How precisely "last used" is kept: one write an hour per device, not one per request. */
const LAST_SEEN_RESOLUTION_MS = 60 * 60 * 1000;

/** Pairing codes and the device tokens they are exchanged for. */
export function createDeviceRepository(
  sequelize: Sequelize,
  models: Models,
  now: () => Date = () => new Date(),
): DeviceStore {
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
        const pairing = await models.PairingCode.findByPk(hashSecret(code), { transaction });
        if (!pairing || pairing.usedAt || pairing.expiresAt <= now()) throw refused();
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

    /**
     * The device a token belongs to, unless it was disconnected or has not synced for
     * DEVICE_IDLE_LIMIT_MS (a forgotten laptop stops working). Marks it used, at most hourly.
     */
    async find(token: string): Promise<DevicePrincipal | null> {
      const device = await models.Device.findOne({
        where: { tokenHash: hashSecret(token), revokedAt: null },
      });
      if (!device) return null;
      const lastActive = (device.lastSeenAt ?? device.createdAt).getTime();
      if (now().getTime() - lastActive > DEVICE_IDLE_LIMIT_MS) return null;
      if (now().getTime() - lastActive > LAST_SEEN_RESOLUTION_MS) {
        await models.Device.update({ lastSeenAt: now() }, { where: { id: device.id } });
      }
      return { kind: 'device', tenant: device.tenant, userId: device.userId, deviceId: device.id };
    },

    /** A teacher's connected browsers at one institution, newest first (never their tokens). */
    async ofTeacher(owner: { tenant: string; userId: string }): Promise<PairedDevice[]> {
      const idleSince = new Date(now().getTime() - DEVICE_IDLE_LIMIT_MS);
      const rows = await models.Device.findAll({
        where: {
          tenant: owner.tenant,
          userId: owner.userId,
          revokedAt: null,
          [Op.or]: [
            { lastSeenAt: { [Op.gt]: idleSince } },
            { lastSeenAt: null, createdAt: { [Op.gt]: idleSince } },
          ],
        },
        order: [
          ['createdAt', 'DESC'],
          ['id', 'ASC'],
        ],
        limit: MAX_PAIRED_DEVICES,
      });
      return rows.map((device) => ({
        id: device.id,
        label: device.label ?? 'Browser extension',
        pairedAt: device.createdAt.toISOString(),
        lastUsedAt: device.lastSeenAt?.toISOString() ?? null,
      }));
    },

    /** Disconnects one of the owner's devices; false if they have no such (connected) device. */
    async revokeOwn(owner: { tenant: string; userId: string }, deviceId: string): Promise<boolean> {
      const [revoked] = await models.Device.update(
        { revokedAt: now() },
        { where: { tenant: owner.tenant, userId: owner.userId, id: deviceId, revokedAt: null } },
      );
      return revoked === 1;
    },

    async revoke(deviceId: string): Promise<void> {
      await models.Device.update({ revokedAt: now() }, { where: { id: deviceId, revokedAt: null } });
    },
  };
}
