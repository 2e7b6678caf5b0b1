// A minimal client of the chunk-upload + assemble protocol, as sentry-cli speaks it, for tests that
// need bundles sentry-cli would refuse to build (a corrupt map, a missing map).
import { createHash } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';

/** A file of a hand-built bundle. */
export interface BundleEntry {
  url: string;
  type: 'minified_source' | 'source_map' | 'source';
  content: string;
  headers?: Record<string, string>;
}

/** Builds a bundle: `SYSB` + version 2 header, then a ZIP with manifest.json and files/. */
export function buildBundle(entries: BundleEntry[], manifest: Record<string, unknown> = {}): Buffer {
  const files: Record<string, Uint8Array> = {};
  const listed: Record<string, unknown> = {};
  for (const [i, e] of entries.entries()) {
    const path = `files/_/_/${i}/${e.url.replace(/^~\//, '')}`;
    files[path] = strToU8(e.content);
    listed[path] = { type: e.type, url: e.url, headers: e.headers ?? {} };
  }
  files['manifest.json'] = strToU8(JSON.stringify({ files: listed, org: 'acme', ...manifest }));
  const header = Buffer.alloc(8);
  header.write('SYSB', 0, 'ascii');
  header.writeUInt32LE(2, 4);
  return Buffer.concat([header, Buffer.from(zipSync(files))]);
}

const sha1 = (b: Buffer) => createHash('sha1').update(b).digest('hex');

/** Uploads a bundle the way sentry-cli does; returns every assemble answer in order. */
export async function uploadBundle(baseUrl: string, token: string, bundle: Buffer, body: { projects: string[]; version?: string; dist?: string }) {
  const auth = { authorization: `Bearer ${token}` };
  const options = (await (await fetch(`${baseUrl}/api/0/organizations/acme/chunk-upload/`, { headers: auth })).json()) as { url: string; chunkSize: number };
  const chunks: Buffer[] = [];
  for (let at = 0; at < bundle.length; at += options.chunkSize) chunks.push(bundle.subarray(at, at + options.chunkSize));
  const request = { checksum: sha1(bundle), chunks: chunks.map(sha1), ...body };
  const assemble = async () => {
    const res = await fetch(`${baseUrl}/api/0/organizations/acme/artifactbundle/assemble/`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify(request) });
    return { status: res.status, body: (await res.json()) as { state: string; missingChunks: string[]; detail: string | null } };
  };
  const answers = [await assemble()];
  const missing = new Set(answers[0]!.body.missingChunks ?? []);
  if (missing.size > 0) {
    const form = new FormData();
    for (const c of chunks) if (missing.has(sha1(c))) form.append('file_gzip', new Blob([gzipSync(c)]), sha1(c));
    const res = await fetch(options.url, { method: 'POST', headers: auth, body: form });
    if (res.status !== 200) throw new Error(`chunk upload answered ${res.status}: ${await res.text()}`);
    answers.push(await assemble());
  }
  return answers;
}
