/** One rotation of the tool's signing key for a platform: published, then switched to, then the old key retired. */
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

export interface KeyRotationStore {
  add(rotation: Omit<KeyRotation, 'id' | 'state'>): Promise<void>;
  dueToSwitch(now: Date): Promise<KeyRotation[]>;
  dueToRetire(now: Date): Promise<KeyRotation[]>;
  setState(id: string, state: KeyRotation['state']): Promise<void>;
}
