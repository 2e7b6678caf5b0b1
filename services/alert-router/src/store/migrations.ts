// The alert router's tables. Names are unqualified: the data source's search path puts them in its
// schema. Applied by `faultline migrate` (tools/cli/src/migration-sets.ts), never at service start.
import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Silences, the notification log, the alerts the router holds and the leadership lease. */
export class CreateAlertRouter1796000000000 implements MigrationInterface {
  name = 'CreateAlertRouter1796000000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE alert_router_silences (
        id uuid PRIMARY KEY,
        matchers jsonb NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        created_by text NOT NULL,
        comment text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT alert_router_silences_window_check CHECK (ends_at >= starts_at)
      )`);
    await runner.query(`
      CREATE TABLE alert_router_nflog (
        receiver text NOT NULL,
        group_key text NOT NULL,
        firing text[] NOT NULL,
        resolved text[] NOT NULL,
        sent_at timestamptz NOT NULL,
        PRIMARY KEY (receiver, group_key)
      )`);
    await runner.query(`CREATE SEQUENCE alert_router_alerts_rev`);
    await runner.query(`
      CREATE TABLE alert_router_alerts (
        fingerprint char(16) PRIMARY KEY,
        labels jsonb NOT NULL,
        annotations jsonb NOT NULL,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NULL,
        updated_at timestamptz NOT NULL,
        generator_url text NOT NULL,
        rule text NULL,
        activity jsonb NULL,
        rev bigint NOT NULL DEFAULT nextval('alert_router_alerts_rev')
      )`);
    await runner.query(`CREATE INDEX alert_router_alerts_rev_idx ON alert_router_alerts (rev)`);
    await runner.query(`
      CREATE TABLE alert_router_lease (
        name text PRIMARY KEY,
        holder text NOT NULL,
        token bigint NOT NULL,
        expires_at timestamptz NOT NULL
      )`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE alert_router_lease`);
    await runner.query(`DROP TABLE alert_router_alerts`);
    await runner.query(`DROP SEQUENCE alert_router_alerts_rev`);
    await runner.query(`DROP TABLE alert_router_nflog`);
    await runner.query(`DROP TABLE alert_router_silences`);
  }
}

/** Window counts of the rule engine, so that a restarted or new leader does not start from zero. */
export class CreateAlertRouterWindows1796500000000 implements MigrationInterface {
  name = 'CreateAlertRouterWindows1796500000000';

  async up(runner: QueryRunner): Promise<void> {
    await runner.query(`
      CREATE TABLE alert_router_windows (
        group_id text PRIMARY KEY,
        buckets jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await runner.query(`CREATE INDEX alert_router_windows_updated_idx ON alert_router_windows (updated_at)`);
  }

  async down(runner: QueryRunner): Promise<void> {
    await runner.query(`DROP TABLE alert_router_windows`);
  }
}

/** Every migration of the alert router. */
export const ALERT_ROUTER_MIGRATIONS = [CreateAlertRouter1796000000000, CreateAlertRouterWindows1796500000000] as const;
