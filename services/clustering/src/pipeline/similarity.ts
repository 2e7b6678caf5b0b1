// The replica's in-memory index of recent groups' frame signatures (libs/grouping), used to
// attach an event whose hashes are all unknown to a near-identical recent group. It is a
// cache: at start it is filled from the most recently seen groups, and a replica that misses
// a similar group only creates a new one (which the hash table then keeps stable).
import { SimilarityIndexes } from '@faultline/grouping';
import type { DataSource } from 'typeorm';
import type { PreparedEvent } from './prepared-event.js';

/** Similarity lookups for the batch writer. */
export class SimilarityService {
  private readonly indexes: SimilarityIndexes;

  constructor(
    private readonly threshold: (projectId: number) => number | undefined,
    maxGroups: number,
  ) {
    this.indexes = new SimilarityIndexes({ maxGroups, maxPartitions: 1_024 });
  }

  /** The best recent group at or above the project's threshold (undefined when similarity is off for it). */
  similar(e: PreparedEvent): { groupId: string; score: number } | undefined {
    const threshold = this.threshold(e.projectId);
    if (threshold === undefined) return undefined;
    const signature = e.signature();
    if (!signature) return undefined;
    return this.indexes.for(String(e.projectId), e.fp.exceptionType).query(signature, threshold)[0];
  }

  /** Records a group's signature (after its batch committed). */
  remember(projectId: number, exceptionType: string, groupId: string, signature: Uint32Array): void {
    this.indexes.for(String(projectId), exceptionType).add(groupId, signature);
  }

  /** Forgets groups that were deleted (retention). */
  forget(projectId: number, exceptionType: string, groupId: string): void {
    this.indexes.for(String(projectId), exceptionType).remove(groupId);
  }

  /** Loads the signatures of the `limit` most recently seen groups. */
  async warm(ds: DataSource, limit: number): Promise<number> {
    const rows: { id: string; project_id: number; exception_type: string; signature: Buffer }[] = await ds.query(
      `SELECT * FROM (SELECT id, project_id, exception_type, signature, last_seen FROM groups
         WHERE signature IS NOT NULL ORDER BY last_seen DESC LIMIT $1) recent ORDER BY last_seen ASC`,
      [limit],
    );
    for (const r of rows) {
      const sig = new Uint32Array(r.signature.buffer.slice(r.signature.byteOffset, r.signature.byteOffset + r.signature.byteLength));
      try {
        this.remember(r.project_id, r.exception_type, String(r.id), sig);
      } catch {
        // A signature of another shape (different MinHash settings) is skipped.
      }
    }
    return rows.length;
  }
}
