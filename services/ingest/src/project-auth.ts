// Who is sending: the public key from the request (Relay's rules, in @faultline/envelope),
// resolved against the in-memory key cache — no database round trip per request.
import { DiscardReason, Outcome } from '@faultline/contracts';
import { extractAuth, IngestError, type SentryAuth } from '@faultline/envelope';
import type { ProjectKeyCache, ProjectKeyRecord, ProjectRecord } from '@faultline/platform-projects';
import { originAllowed } from './cors.js';
import { IngestHttpError } from './ingest-error.js';
import type { RequestContext } from './request-context.js';

/** An authenticated sender. */
export interface Sender {
  auth: SentryAuth;
  key: ProjectKeyRecord;
  project: ProjectRecord;
}

/** Maps an envelope-library error to its HTTP form. */
export function fromIngestError(error: IngestError): IngestHttpError {
  switch (error.kind) {
    case 'missing_auth':
    case 'bad_auth':
    case 'multiple_auth':
      return new IngestHttpError(401, error.message, Outcome.INVALID, error.reason);
    case 'too_large':
      return new IngestHttpError(413, error.message, Outcome.TOO_LARGE, error.reason);
    default:
      return new IngestHttpError(400, error.message, Outcome.INVALID, error.reason);
  }
}

/** Authenticates a request; `envelopeDsn` is consulted only when nothing else authenticates it. */
export function authenticate(ctx: RequestContext, cache: ProjectKeyCache, envelopeDsn?: string, options: { projectFromKey?: boolean } = {}): Sender {
  let auth: SentryAuth;
  try {
    auth = extractAuth({ query: ctx.query, headers: ctx.headers, envelopeDsn });
  } catch (error) {
    if (error instanceof IngestError) throw fromIngestError(error);
    throw error;
  }
  const projectId = options.projectFromKey ? (cache.lookup(auth.publicKey)?.project.id ?? Number.NaN) : Number(ctx.projectId);
  if (options.projectFromKey && Number.isNaN(projectId)) throw new IngestHttpError(401, 'unknown public key', Outcome.INVALID, DiscardReason.AUTH_INVALID);
  if (!Number.isSafeInteger(projectId) || !cache.projectById(projectId)) {
    throw new IngestHttpError(404, `project ${ctx.projectId} does not exist`, Outcome.INVALID, DiscardReason.PROJECT_UNKNOWN);
  }
  const found = cache.lookup(auth.publicKey);
  if (!found) throw new IngestHttpError(401, 'unknown public key', Outcome.INVALID, DiscardReason.AUTH_INVALID);
  const { key, project, status } = found;
  if (project.id !== projectId) {
    throw new IngestHttpError(401, `the public key does not belong to project ${projectId}`, Outcome.INVALID, DiscardReason.AUTH_INVALID);
  }
  if (status === 'project_disabled') throw new IngestHttpError(403, 'project is disabled', Outcome.INVALID, DiscardReason.PROJECT_DISABLED);
  if (status === 'key_revoked') throw new IngestHttpError(403, 'public key was revoked', Outcome.INVALID, DiscardReason.AUTH_INVALID);
  if (status === 'key_disabled') throw new IngestHttpError(403, 'public key is disabled', Outcome.INVALID, DiscardReason.AUTH_INVALID);
  const allowed = key.allowedOrigins ?? project.allowedOrigins;
  if (!originAllowed(ctx.origin, allowed)) {
    throw new IngestHttpError(403, `origin ${ctx.origin} is not allowed for this project`, Outcome.INVALID, DiscardReason.ORIGIN_NOT_ALLOWED);
  }
  return { auth, key, project };
}
