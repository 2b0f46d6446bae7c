/**
 * Between the target's names ('devices/abc/0001.bundle') and URLs under its
 * root collection. Each segment is percent-encoded on the way out; on the way
 * back, hrefs may be absolute paths or whole URLs, carry the root's own base
 * path, and be encoded differently from what we sent (servers re-encode), so
 * they are resolved and decoded before they are compared with anything.
 */
export function urlOf(root: URL, name: string): URL {
  const path = name
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
  return new URL(path, root);
}

/**
 * The name an href stands for, relative to `root` ('' for the root itself),
 * or null when the href lies outside it. A trailing '/' is kept, so a
 * collection's name still ends with '/'.
 */
export function nameOfHref(root: URL, href: string): string | null {
  let url: URL;
  try {
    url = new URL(href, root);
  } catch {
    return null;
  }
  // Another host is not under our root, whatever its path says.
  if (url.origin !== root.origin) return null;
  const rootPath = decodePath(root.pathname);
  const path = decodePath(url.pathname);
  if (rootPath === null || path === null || !path.startsWith(rootPath)) return null;
  return path.slice(rootPath.length);
}

function decodePath(path: string): string | null {
  try {
    return path
      .split('/')
      .map((segment) => decodeURIComponent(segment))
      .join('/');
  } catch {
    return null;
  }
}
