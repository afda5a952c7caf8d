import { Op, type WhereOptions } from 'sequelize';

/**
 * Where a newest-first page (`column DESC, id DESC`) continues: rows older than `at`, and at
 * the same instant those that sort after it. `ties` says which rows of that same instant do:
 * 'id' those with a smaller id (one list), 'all' or 'none' (a list merged with others, where
 * the instant's order between lists is decided by the list, see trainee-history.ts).
 */
export interface OlderThan {
  at: string;
  id: string;
  ties: 'id' | 'all' | 'none';
}

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
