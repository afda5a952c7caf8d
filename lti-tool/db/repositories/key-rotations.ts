import { randomUUID } from 'node:crypto';
import { Op } from 'sequelize';
import type { Models } from '../models.ts';

export interface KeyRotation {
  id: string;
  issuer: string;
  clientId: string;
  oldKid: string;
  newKid: string;
  switchAt: Date;
  retireAt: Date;
  state: 'published' | 'switched' | 'retired';
}

export function createKeyRotationRepository(models: Models) {
  const toRecord = (row: { get(): unknown }) => row.get() as KeyRotation;
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
export type KeyRotationRepository = ReturnType<typeof createKeyRotationRepository>;
