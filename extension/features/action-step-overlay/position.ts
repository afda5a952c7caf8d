import type { WxtStorageItem } from 'wxt/utils/storage';

/** Pixels from the viewport's top-left corner to the overlay's top-left corner. */
export interface Point {
  x: number;
  y: number;
}
export interface Size {
  width: number;
  height: number;
}

type Positions = Record<string, Point>;
type PositionsItem = Pick<WxtStorageItem<Positions, Record<string, unknown>>, 'getValue' | 'setValue'>;

/** Arrow keys on the move handle: a small step, or a large one with Shift. */
export const KEY_STEP = 16;
export const LARGE_KEY_STEP = 64;
const ARROWS: Record<string, Point> = {
  ArrowLeft: { x: -1, y: 0 },
  ArrowRight: { x: 1, y: 0 },
  ArrowUp: { x: 0, y: -1 },
  ArrowDown: { x: 0, y: 1 },
};

function isPoint(value: unknown): value is Point {
  if (typeof value !== 'object' || value === null) return false;
  const { x, y } = value as Record<string, unknown>;
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y);
}

/** Keeps the whole overlay on screen (its top-left corner when it is bigger than the viewport). */
export function clampPosition(point: Point, size: Size, viewport: Size): Point {
  const clamp = (value: number, max: number) => Math.round(Math.min(Math.max(value, 0), Math.max(max, 0)));
  return { x: clamp(point.x, viewport.width - size.width), y: clamp(point.y, viewport.height - size.height) };
}

/** Where an arrow key moves the overlay, or null for any other key. */
export function nudge(point: Point, key: string, large: boolean): Point | null {
  const direction = ARROWS[key];
  if (!direction) return null;
  const step = large ? LARGE_KEY_STEP : KEY_STEP;
  return { x: point.x + direction.x * step, y: point.y + direction.y * step };
}

/** The stored positions, validated: storage outlives this code, so malformed entries are dropped. */
export function readPositions(value: unknown): Positions {
  const positions: Positions = {};
  if (typeof value !== 'object' || value === null) return positions;
  for (const [host, point] of Object.entries(value)) {
    if (isPoint(point)) positions[host] = { x: point.x, y: point.y };
  }
  return positions;
}

/** The overlay's remembered position on one site (hostname), in storage.ts. */
export function createPositionStore(item: PositionsItem, hostname: string) {
  return {
    async load(): Promise<Point | null> {
      return readPositions(await item.getValue())[hostname] ?? null;
    },
    async save(point: Point): Promise<void> {
      const positions = readPositions(await item.getValue());
      positions[hostname] = { x: Math.round(point.x), y: Math.round(point.y) };
      await item.setValue(positions);
    },
  };
}
export type PositionStore = ReturnType<typeof createPositionStore>;
