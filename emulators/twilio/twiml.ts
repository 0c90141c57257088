import { XMLParser, XMLValidator } from 'fast-xml-parser';

export interface TwimlNode {
  name: string;
  attrs: Record<string, string>;
  children: TwimlNode[];
  /** All descendant text, whitespace collapsed (SSML tags inside <Say> contribute their text). */
  text: string;
}

/** Twilio's "document parse failure" (12100): the response is not a TwiML document. */
export class TwimlParseError extends Error {}

// preserveOrder keeps verbs in document order, which plain object output would lose.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
});

type OrderedEntry = Record<string, unknown> & { ':@'?: Record<string, string> };

function toNode(entry: OrderedEntry): TwimlNode | string | undefined {
  const name = Object.keys(entry).find((k) => k !== ':@');
  if (name === undefined || name.startsWith('?') || name === '#comment') return undefined;
  if (name === '#text') return String(entry[name]);
  const raw = (entry[name] as OrderedEntry[]).map(toNode);
  const children = raw.filter((c): c is TwimlNode => typeof c === 'object');
  const text = raw
    .map((c) => (typeof c === 'string' ? c : (c?.text ?? '')))
    .join('')
    .replace(/\s+/g, ' ')
    .trim();
  return { name, attrs: { ...(entry[':@'] ?? {}) }, children, text };
}

/** The verbs of a TwiML document, in order. */
export function parseTwiml(xml: string): TwimlNode[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) throw new TwimlParseError(`invalid XML: ${valid.err.msg} (line ${valid.err.line})`);
  const roots = (parser.parse(xml) as OrderedEntry[]).map(toNode).filter((n): n is TwimlNode => typeof n === 'object');
  if (roots.length !== 1 || roots[0].name !== 'Response') {
    throw new TwimlParseError(`root element must be <Response>, got <${roots[0]?.name ?? 'nothing'}>`);
  }
  return roots[0].children;
}

export function intAttr(node: TwimlNode, name: string, fallback: number): number {
  const n = Number(node.attrs[name]);
  return node.attrs[name] !== undefined && Number.isFinite(n) ? Math.trunc(n) : fallback;
}

export function boolAttr(node: TwimlNode, name: string, fallback: boolean): boolean {
  const v = node.attrs[name];
  return v === undefined ? fallback : v === 'true';
}

export function methodAttr(node: TwimlNode, name = 'method'): 'GET' | 'POST' {
  return node.attrs[name]?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}

/** A URL attribute resolved against the document it appears in, as TwiML URLs may be relative
 * (https://www.twilio.com/docs/voice/twiml/gather#action). */
export function urlAttr(node: TwimlNode, name: string, documentUrl: string): string | undefined {
  const v = node.attrs[name]?.trim();
  return v ? new URL(v, documentUrl).href : undefined;
}
