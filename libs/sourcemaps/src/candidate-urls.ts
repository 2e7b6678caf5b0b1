// The URL forms a frame's abs_path is looked up under, in symbolicator's order
// (`get_release_file_candidate_urls`, PROTOCOLS.md §2.7). sentry-cli uploads under `~/path` by
// default, so the host-less forms are what usually matches.

/** Candidate upload URLs for `absPath`: full URL, without query, `~` + path, `~` + path without query. */
export function candidateUrls(absPath: string): string[] {
  const url = stripFragment(absPath);
  const out: string[] = [url];
  const noQuery = stripQuery(url);
  out.push(noQuery);
  const path = tildePath(url);
  if (path !== undefined) {
    out.push(path);
    out.push(stripQuery(path));
  }
  return [...new Set(out)];
}

/** `~` + the path (and query) of a URL with a scheme and host; undefined for other strings. */
function tildePath(url: string): string | undefined {
  // `app:///x.js` has an empty host, `https://h/x.js` a real one; either way the path starts at the
  // first "/" after "scheme://".
  const m = /^[a-z][-a-z0-9+.]*:\/\/[^/?#]*(\/[^#]*)?$/i.exec(url);
  if (!m) return undefined;
  return `~${m[1] ?? '/'}`;
}

function stripFragment(url: string): string {
  const i = url.indexOf('#');
  return i < 0 ? url : url.slice(0, i);
}

function stripQuery(url: string): string {
  const i = url.indexOf('?');
  return i < 0 ? url : url.slice(0, i);
}
