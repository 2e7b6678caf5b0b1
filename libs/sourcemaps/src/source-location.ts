// Turning a map's source name into the frame's abs_path, filename and module, the way
// symbolicator does for webpack, http(s) and app:// sources (PROTOCOLS.md §2.8).

/** abs_path, filename and module of an original source. */
export interface SourceLocation {
  absPath: string;
  filename: string;
  module?: string;
}

const WEBPACK_NAMESPACE_RE = /^webpack:\/\/[a-zA-Z0-9_\-@.]+\/\.\//;

/** Location of `source` (as written in the map) for a map whose base URL is `baseUrl`. */
export function sourceLocation(source: string, baseUrl: string): SourceLocation {
  const absPath = joinUrl(source, baseUrl);
  if (source.startsWith('webpack:')) {
    const filename = fixupWebpackFilename(source);
    return { absPath, filename, module: generateModule(filename) };
  }
  const path = urlPath(absPath);
  if (path !== undefined) return { absPath, filename: path, module: generateModule(path) };
  return { absPath, filename: source };
}

/** `webpack://ns/./src/x` → `./src/x`; `webpack:///src/x` → `src/x`; `…/~/pkg` → `~/pkg` (symbolicator's rules). */
export function fixupWebpackFilename(filename: string): string {
  const tilde = filename.indexOf('/~/');
  if (tilde >= 0) return `~/${filename.slice(tilde + 3)}`;
  if (WEBPACK_NAMESPACE_RE.test(filename)) return filename.replace(WEBPACK_NAMESPACE_RE, './');
  if (filename.startsWith('webpack:///')) return filename.slice('webpack:///'.length);
  return filename;
}

/** A module name from a path: no extension, no `.min`, no leading `./`, `/` or `~/`. */
export function generateModule(path: string): string {
  let p = path.replace(/[?#].*$/, '').replace(/\.[a-zA-Z0-9]+$/, '');
  if (p.endsWith('.min')) p = p.slice(0, -4);
  return p.replace(/^(?:\.\.?\/|~\/|\/)+/, '') || '?';
}

/** `source` resolved against `baseUrl` (absolute sources such as `webpack://` stay as they are). */
function joinUrl(source: string, baseUrl: string): string {
  if (/^[a-z][-a-z0-9+.]*:/i.test(source)) return source;
  try {
    return new URL(source, baseUrl).href;
  } catch {
    return source;
  }
}

/** The path of a URL with a scheme, for filenames; undefined for plain paths. */
function urlPath(url: string): string | undefined {
  const m = /^(?:https?|app|file):\/\/[^/?#]*(\/[^?#]*)/i.exec(url);
  return m?.[1];
}
