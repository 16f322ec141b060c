/** The little XML the S3 REST API needs: escaping, element building, and DeleteObjects' request. */

const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

export const escapeXml = (s: string): string =>
  s.replace(/[<>&'"]/g, (c) =>
    c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : c === "'" ? '&apos;' : '&quot;',
  );

export const unescapeXml = (s: string): string =>
  s.replace(/&(lt|gt|amp|apos|quot|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e === 'lt') return '<';
    if (e === 'gt') return '>';
    if (e === 'amp') return '&';
    if (e === 'apos') return "'";
    if (e === 'quot') return '"';
    return String.fromCodePoint(e.startsWith('#x') ? Number.parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });

/** `<tag>text</tag>`, text escaped; undefined values are left out. */
export const el = (tag: string, value: string | number | boolean | undefined): string =>
  value === undefined ? '' : `<${tag}>${escapeXml(String(value))}</${tag}>`;

/** A document with the S3 namespace on its root element. */
export const doc = (root: string, body: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<${root} xmlns="${NS}">${body}</${root}>`;

export const errorDoc = (code: string, message: string, resource: string, requestId: string): string =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<Error>${el('Code', code)}${el('Message', message)}${
    resource ? el('Resource', resource) : ''
  }${el('RequestId', requestId)}</Error>`;

/** The keys and the Quiet flag of a DeleteObjects request body. */
export function parseDeleteRequest(xml: string): { keys: string[]; quiet: boolean } {
  const keys: string[] = [];
  for (const m of xml.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = /<Key>([\s\S]*?)<\/Key>/.exec(m[1] ?? '')?.[1];
    if (key !== undefined) keys.push(unescapeXml(key));
  }
  return { keys, quiet: /<Quiet>\s*true\s*<\/Quiet>/i.test(xml) };
}
