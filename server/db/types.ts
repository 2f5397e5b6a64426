import type { Knex } from 'knex';

export type Db = Knex;
export type Tx = Knex.Transaction;
