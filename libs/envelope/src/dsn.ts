// DSN parsing (PROTOCOLS §1.1): `{protocol}://{public_key}[:{secret}]@{host}[:{port}][/{path}]/{project_id}`.
import { DiscardReason } from '@faultline/contracts';
import { IngestError } from './errors.js';

/** The parts of a DSN that ingest needs; `host` includes the port, `path` is the prefix before the project id. */
export interface ParsedDsn {
  publicKey: string;
  projectId: string;
  host: string;
  protocol: string;
  path: string;
}

/** Parses a DSN or throws IngestError('bad_auth') saying which part is wrong. */
export function parseDsn(dsn: string): ParsedDsn {
  let url: URL;
  try {
    url = new URL(dsn);
  } catch {
    throw badDsn(dsn, 'not a URL');
  }
  const protocol = url.protocol.replace(/:$/, '');
  if (protocol !== 'http' && protocol !== 'https') throw badDsn(dsn, `protocol must be http or https, got "${protocol}"`);
  if (!url.username) throw badDsn(dsn, 'missing public key before "@"');
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const projectId = segments.pop();
  if (projectId === undefined || !/^\d+$/.test(projectId)) throw badDsn(dsn, 'the last path segment must be a numeric project id');
  return {
    publicKey: decodeURIComponent(url.username),
    projectId,
    host: url.host,
    protocol,
    path: segments.length > 0 ? `/${segments.join('/')}` : '',
  };
}

function badDsn(dsn: string, problem: string): IngestError {
  // The DSN holds only the public key (secrets are deprecated), so echoing it helps the user and leaks nothing.
  return new IngestError('bad_auth', `bad envelope authentication header: invalid dsn "${dsn}": ${problem}`, DiscardReason.AUTH_INVALID);
}
