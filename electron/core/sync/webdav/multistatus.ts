import { XMLParser } from 'fast-xml-parser';

/**
 * The answer to a Depth: 1 PROPFIND (RFC 4918 §9.1): one entry per href, and
 * whether it is a collection. Servers spell the DAV: namespace with any
 * prefix (Apache "D:" plus "lp1:" for live properties, others "d:" or none),
 * so prefixes are dropped and only local names are read; nothing else in
 * these answers shares a local name with the few elements used here.
 */
export type DavEntry = { href: string; collection: boolean };

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  // Hrefs are text, never numbers or entities to expand beyond XML's own.
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => name === 'response' || name === 'propstat' || name === 'href',
});

type Node = Record<string, unknown>;

/** Throws when `xml` is not a multistatus: a listing that cannot be read is no listing. */
export function parseMultistatus(xml: string): DavEntry[] {
  const doc = parser.parse(xml) as Node;
  const multistatus = doc.multistatus;
  if (multistatus === undefined) throw new Error('the answer is not a DAV:multistatus');
  // An empty <multistatus/> parses as '' (no responses at all).
  if (typeof multistatus !== 'object' || multistatus === null) return [];
  const responses = (multistatus as Node).response;
  const entries: DavEntry[] = [];
  for (const response of Array.isArray(responses) ? (responses as Node[]) : []) {
    const hrefs = response.href;
    const href: unknown = Array.isArray(hrefs) ? (hrefs as unknown[])[0] : undefined;
    if (typeof href !== 'string' || href === '') throw new Error('a DAV:response without a DAV:href');
    entries.push({ href, collection: isCollection(response) });
  }
  return entries;
}

/** A resourcetype holding <collection/>, in any propstat that says 200. */
function isCollection(response: Node): boolean {
  const propstats = Array.isArray(response.propstat) ? (response.propstat as Node[]) : [];
  for (const propstat of propstats) {
    const status = typeof propstat.status === 'string' ? propstat.status : '';
    if (!/\s2\d\d(\s|$)/.test(status)) continue;
    const prop = propstat.prop as Node | undefined;
    const type = prop?.resourcetype;
    if (type !== null && typeof type === 'object' && 'collection' in type) return true;
  }
  return false;
}
