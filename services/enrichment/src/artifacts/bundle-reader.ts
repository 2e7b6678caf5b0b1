// Reading a sentry-cli artifact bundle (PROTOCOLS.md §2.4): an optional 8-byte `SYSB` + u32
// version header, then a ZIP with `manifest.json` and the files under `files/…`.
import { unzipSync, type Unzipped } from 'fflate';
import type { ArtifactKind } from '@faultline/platform-artifacts';

/** One file of a bundle. */
export interface BundleFile {
  /** Path inside the ZIP (`files/_/_/main.js`). */
  path: string;
  /** URL from the manifest (`~/main.js`). */
  url: string;
  kind: ArtifactKind;
  /** Manifest headers, keys lower-cased. */
  headers: Record<string, string>;
  content: Buffer;
}

/** A read bundle. */
export interface Bundle {
  files: BundleFile[];
  release?: string;
  dist?: string;
  /** Project slugs named by the manifest (`project`), if any. */
  project?: string;
}

/** A bundle that cannot be read; the message is shown to the uploader. */
export class BundleError extends Error {
  override name = 'BundleError';
}

const KINDS = new Set<ArtifactKind>(['source', 'minified_source', 'source_map', 'indexed_ram_bundle']);
const HEADER = Buffer.from('SYSB');

/** Unzips a bundle, refusing any file (or the total) past `maxBytes` uncompressed. */
export function readBundle(data: Uint8Array, maxBytes: number): Bundle {
  const zip = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const hasHeader = zip.subarray(0, 4).equals(HEADER);
  let total = 0;
  const filter = (file: { name: string; originalSize: number }) => {
    total += file.originalSize;
    if (file.originalSize > maxBytes || total > maxBytes) throw new BundleError(`bundle is larger than ${maxBytes} bytes uncompressed (at ${file.name})`);
    return true;
  };
  let entries: Unzipped;
  try {
    // ZIP offsets may be relative to the archive or to the file; try the archive alone first.
    entries = unzipSync(hasHeader ? zip.subarray(8) : zip, { filter });
  } catch (first) {
    if (first instanceof BundleError || !hasHeader) throw first instanceof BundleError ? first : new BundleError(`bundle is not a ZIP archive: ${(first as Error).message}`);
    total = 0;
    try {
      entries = unzipSync(zip, { filter });
    } catch (error) {
      throw error instanceof BundleError ? error : new BundleError(`bundle is not a ZIP archive: ${(error as Error).message}`);
    }
  }
  const manifestBytes = entries['manifest.json'];
  if (!manifestBytes) throw new BundleError('bundle has no manifest.json');
  let manifest: { files?: Record<string, { type?: string; url?: string; headers?: Record<string, string> }>; release?: string; dist?: string; project?: string };
  try {
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8'));
  } catch (error) {
    throw new BundleError(`manifest.json is not JSON: ${(error as Error).message}`);
  }
  const files: BundleFile[] = [];
  for (const [path, info] of Object.entries(manifest.files ?? {})) {
    const content = entries[path];
    if (!content) throw new BundleError(`manifest.json lists ${path}, which is not in the bundle`);
    const kind = (info.type ?? 'source') as ArtifactKind;
    if (!KINDS.has(kind)) throw new BundleError(`${path} has unknown type "${info.type}"`);
    const headers = Object.fromEntries(Object.entries(info.headers ?? {}).map(([k, v]) => [k.toLowerCase(), String(v)]));
    files.push({ path, url: info.url ?? path.replace(/^files\//, ''), kind, headers, content: Buffer.from(content) });
  }
  return { files, release: manifest.release || undefined, dist: manifest.dist || undefined, project: manifest.project || undefined };
}
