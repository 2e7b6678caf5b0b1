// API tokens for the management endpoints (sentry-cli uploads, later the web API).
// Only the SHA-256 of a token is stored; the token itself is returned once, at creation.
import type { DataSource, Repository } from 'typeorm';
import { IsNull } from 'typeorm';

import { ApiTokenEntity } from './entities/api-token.entity.js';
import { ApiTokenNotFoundError, InvalidInputError } from './errors.js';
import { toApiTokenRecord, type ApiTokenRecord } from './records.js';
import { API_TOKEN_PREFIX, generateApiToken, hashApiToken } from './secrets.js';

/** What `createApiToken` takes. */
export interface CreateApiTokenInput {
  /** Who or what the token is for, e.g. "ci uploads". */
  name: string;
  /** Permissions, e.g. `project:releases`, `project:write`. */
  scopes: readonly string[];
}

/** A created token: the secret (shown once) and its stored record. */
export interface CreatedApiToken {
  token: string;
  record: ApiTokenRecord;
}

// Writing last_used_at on every request would turn each authenticated upload into a
// row update; once a minute is precise enough to tell a live token from a dead one.
const LAST_USED_RESOLUTION_MS = 60_000;
const SCOPE = /^[a-z]+(:[a-z_]+)+$/;

/** The token half of {@link ProjectsStore}. */
export class ApiTokens {
  private readonly tokens: Repository<ApiTokenEntity>;

  constructor(dataSource: DataSource) {
    this.tokens = dataSource.getRepository(ApiTokenEntity);
  }

  /** Creates a token and returns it with its record. */
  async create(input: CreateApiTokenInput): Promise<CreatedApiToken> {
    const name = input.name.trim();
    if (name === '') throw new InvalidInputError('an API token needs a name');
    for (const scope of input.scopes) {
      if (!SCOPE.test(scope)) throw new InvalidInputError(`invalid scope "${scope}": expected e.g. project:releases`);
    }
    const token = generateApiToken();
    const row = await this.tokens.save(this.tokens.create({ name, tokenHash: hashApiToken(token), scopes: [...new Set(input.scopes)] }));
    return { token, record: toApiTokenRecord(await this.tokens.findOneByOrFail({ id: row.id })) };
  }

  /** Returns the record of a valid, unrevoked token, or undefined. */
  async verify(token: string): Promise<ApiTokenRecord | undefined> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return undefined;
    const row = await this.tokens.findOneBy({ tokenHash: hashApiToken(token), revokedAt: IsNull() });
    if (row === null) return undefined;
    const now = new Date();
    if (row.lastUsedAt === null || now.getTime() - row.lastUsedAt.getTime() >= LAST_USED_RESOLUTION_MS) {
      // The condition is repeated in SQL so that concurrent verifications write once.
      await this.tokens
        .createQueryBuilder()
        .update()
        .set({ lastUsedAt: now })
        .where('id = :id AND (last_used_at IS NULL OR last_used_at <= :cutoff)', {
          id: row.id,
          cutoff: new Date(now.getTime() - LAST_USED_RESOLUTION_MS),
        })
        .execute();
      row.lastUsedAt = now;
    }
    return toApiTokenRecord(row);
  }

  /** Revokes a token (idempotent) and returns its record. */
  async revoke(id: number): Promise<ApiTokenRecord> {
    const row = await this.tokens.findOneBy({ id });
    if (row === null) throw new ApiTokenNotFoundError(id);
    if (row.revokedAt === null) {
      await this.tokens.update({ id, revokedAt: IsNull() }, { revokedAt: () => 'now()' });
    }
    return toApiTokenRecord(await this.tokens.findOneByOrFail({ id }));
  }

  /** Every token, oldest first. */
  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.tokens.find({ order: { id: 'ASC' } });
    return rows.map(toApiTokenRecord);
  }
}
