// `@faultline/platform-persistence/pg`: a plain node-postgres pool and its readiness check, for
// processes that must not load TypeORM.
export { createPgPool, pgPoolReadiness, type PgPoolConfig } from './pg-pool.js';
