import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { KeyRotation, KeyRotationStore } from '../../lti/keys/key-rotation-store.ts';
import type { Models, ToolKeyRotationRow } from '../models.ts';

export function createKeyRotationRepository(models: Models): KeyRotationStore {
  const toRecord = (row: ToolKeyRotationRow): KeyRotation => row.get();
  return {
    async add(rotation: Omit<KeyRotation, 'id' | 'state'>): Promise<void> {
      await models.ToolKeyRotation.create({ ...rotation, id: randomUUID(), state: 'published' });
    },
    async dueToSwitch(now: Date): Promise<KeyRotation[]> {
      return (
        await models.ToolKeyRotation.findAll({ where: { state: 'published', switchAt: { [Op.lte]: now } } })
      ).map(toRecord);
    },
    async dueToRetire(now: Date): Promise<KeyRotation[]> {
      return (
        await models.ToolKeyRotation.findAll({ where: { state: 'switched', retireAt: { [Op.lte]: now } } })
      ).map(toRecord);
    },
    async setState(id: string, state: KeyRotation['state']): Promise<void> {
      await models.ToolKeyRotation.update({ state }, { where: { id } });
    },
  };
}
