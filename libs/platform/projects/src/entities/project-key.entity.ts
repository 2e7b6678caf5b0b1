import { Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/** A row of `project_keys`: a public DSN key of one project, with its own limits and origins. */
@Entity('project_keys')
@Index('project_keys_project_id_idx', ['projectId'])
export class ProjectKeyEntity {
  @PrimaryColumn({ type: 'char', length: 32, name: 'public_key' })
  publicKey!: string;

  @Column({ type: 'integer', name: 'project_id' })
  projectId!: number;

  @Column({ type: 'text' })
  label!: string;

  @Column({ type: 'boolean', default: true })
  enabled!: boolean;

  @Column({ type: 'integer', name: 'rate_limit_per_second', nullable: true })
  rateLimitPerSecond!: number | null;

  @Column({ type: 'integer', name: 'rate_limit_per_minute', nullable: true })
  rateLimitPerMinute!: number | null;

  @Column({ type: 'integer', nullable: true })
  burst!: number | null;

  // Null means "the project's allowed origins", so a project-wide change reaches every key.
  @Column({ type: 'text', name: 'allowed_origins', array: true, nullable: true })
  allowedOrigins!: string[] | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'revoked_at', nullable: true })
  revokedAt!: Date | null;
}
