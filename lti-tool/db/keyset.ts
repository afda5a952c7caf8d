import { Op, type WhereOptions } from 'sequelize';
import type { OlderThan } from '../core/keyset.ts';

export type { OlderThan };

export function olderThan(column: string, position: OlderThan | null): WhereOptions {
  if (position === null) return {};
  const at = new Date(position.at);
  switch (position.ties) {
    case 'all':
      return { [column]: { [Op.lte]: at } };
    case 'none':
      return { [column]: { [Op.lt]: at } };
    case 'id':
      return {
        [Op.or]: [{ [column]: { [Op.lt]: at } }, { [column]: at, id: { [Op.lt]: position.id } }],
      };
  }
}

/** A page read with one row more than `limit`: the rows, and whether any lie beyond. */
export function pageOfRows<Row>(rows: readonly Row[], limit: number): { items: Row[]; more: boolean } {
  return { items: rows.slice(0, limit), more: rows.length > limit };
}
