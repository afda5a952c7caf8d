declare const opaque: unique symbol;

/**
 * An open transaction, as code outside lti-tool/db sees it: something a store hands out and is
 * handed back (a grade event written in the transaction of the round it is for), never something
 * to open queries with (only lti-tool/db uses Sequelize).
 */
export interface DbTransaction {
  readonly [opaque]: 'DbTransaction';
}
