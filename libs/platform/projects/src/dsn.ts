// Building the DSN an SDK is configured with (PROTOCOLS.md §1.1):
// `{protocol}://{public_key}@{host}[:{port}][/{path}]/{project_id}`.

/**
 * Returns the DSN of a key, e.g. `http://<key>@127.0.0.1:8080/<id>`; a path prefix of the
 * base URL (a gateway behind `/faultline/`) is kept, since the SDK derives
 * `{base}/api/<id>/envelope/` from everything before the project id.
 */
export function formatDsn(publicBaseUrl: string, publicKey: string, projectId: number): string {
  let base: URL;
  try {
    base = new URL(publicBaseUrl);
  } catch {
    throw new Error(`public base URL "${publicBaseUrl}" is not a URL`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') {
    throw new Error(`public base URL "${publicBaseUrl}" must be http:// or https://`);
  }
  if (!/^[0-9a-f]{32}$/.test(publicKey)) throw new Error(`"${publicKey}" is not a public key (32 hex characters)`);
  if (!Number.isSafeInteger(projectId) || projectId <= 0) throw new Error(`"${projectId}" is not a project id`);
  const path = base.pathname.replace(/\/+$/, '');
  return `${base.protocol}//${publicKey}@${base.host}${path}/${projectId}`;
}
