/** Injection token of the TypeORM DataSource provided by `PersistenceModule`. */
export const DATA_SOURCE = Symbol('faultline:DataSource');
