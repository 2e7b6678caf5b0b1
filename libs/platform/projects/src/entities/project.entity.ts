import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

// Every column names its type: the CLI runs through tsx (esbuild), which emits no
// decorator metadata for TypeORM to infer types from.

/** A row of `projects`: one frontend application sending errors, addressed by id in DSNs. */
@Entity('projects')
export class ProjectEntity {
  @PrimaryGeneratedColumn({ type: 'integer' })
  id!: number;

  @Column({ type: 'text', unique: true })
  slug!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'text', name: 'github_repo', nullable: true })
  githubRepo!: string | null;

  @Column({ type: 'text', name: 'allowed_origins', array: true, default: () => `'{*}'` })
  allowedOrigins!: string[];

  @Column({ type: 'boolean', name: 'store_ip', default: false })
  storeIp!: boolean;

  @Column({ type: 'jsonb', name: 'inbound_filters', default: () => `'{}'` })
  inboundFilters!: Record<string, unknown>;

  @Column({ type: 'jsonb', name: 'pii_settings', default: () => `'{}'` })
  piiSettings!: Record<string, unknown>;

  @Column({ type: 'integer', name: 'rate_limit_per_minute', nullable: true })
  rateLimitPerMinute!: number | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
