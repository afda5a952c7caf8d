/**
 * Where a newest-first page (`column DESC, id DESC`) continues: rows older than `at`, and at
 * the same instant those that sort after it. `ties` says which rows of that same instant do:
 * 'id' those with a smaller id (one list), 'all' or 'none' (a list merged with others, where
 * the instant's order between lists is decided by the list, see practice/practice-lists.ts).
 */
export interface OlderThan {
  at: string;
  id: string;
  ties: 'id' | 'all' | 'none';
}
