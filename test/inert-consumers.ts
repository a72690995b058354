// How the consumers of a report read it back, for the tests of the output sinks: a raw control
// character, and a PDF's metadata (the Info dictionary and the XMP packet).
import { XMLParser } from 'fast-xml-parser';
import { expect } from 'vitest';

/** A raw control, bidi control, separator or lone surrogate; LF is allowed (outputs are made of lines). */
export const RAW =
  /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The XMP packet of a PDF (pdfkit writes it uncompressed), as text. */
export function xmpOf(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const start = raw.indexOf('<?xpacket begin=');
  const end = raw.indexOf('<?xpacket end="w"?>', start);
  expect(start).toBeGreaterThan(0);
  return Buffer.from(raw.slice(start, end + '<?xpacket end="w"?>'.length), 'latin1').toString('utf8');
}

/** The Dublin Core elements of an XMP packet. */

export function dublinCore(xmp: string): Record<string, any> {
  const doc = new XMLParser({
    ignoreAttributes: false,
    parseTagValue: false,
    trimValues: false,
    isArray: (n) => n === 'rdf:Description',
  }).parse(xmp);
  const descriptions: Array<Record<string, unknown>> = doc['x:xmpmeta']['rdf:RDF']['rdf:Description'];
  return Object.fromEntries(descriptions.flatMap((d) => Object.entries(d).filter(([k]) => k.startsWith('dc:'))));
}

/** The literal string `(…)` of a PDF that starts at `at` (pdfkit: PDFDocEncoding, or UTF-16BE after a BOM), decoded. */
function literalAt(raw: string, at: number): string {
  const escapes: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '(': '(',
    ')': ')',
    '\\': '\\',
  };
  let bytes = '';
  for (let i = at + 1; raw[i] !== ')'; i++) {
    if (raw[i] !== '\\') {
      bytes += raw[i];
      continue;
    }
    i++;
    if (/[0-7]/.test(raw[i]!)) {
      const oct = /^[0-7]{1,3}/.exec(raw.slice(i))![0];
      bytes += String.fromCharCode(parseInt(oct, 8));
      i += oct.length - 1;
    } else bytes += escapes[raw[i]!] ?? raw[i];
  }
  const b = Buffer.from(bytes, 'latin1');
  return b[0] === 0xfe && b[1] === 0xff ? Buffer.from(b.subarray(2)).swap16().toString('utf16le') : bytes;
}

/** The strings of a PDF's Info dictionary (pdfkit: each an indirect literal string). */
export function infoStrings(pdf: Buffer): Record<string, string> {
  const raw = pdf.toString('latin1');
  const infoRef = /\/Info (\d+) 0 R/.exec(raw.slice(raw.lastIndexOf('trailer')))![1];
  const dict = new RegExp(`(?:^|\\n)${infoRef} 0 obj\\n<<([^]*?)>>`).exec(raw)![1]!;
  const out: Record<string, string> = {};
  for (const [, key, ref] of dict.matchAll(/\/(\w+) (\d+) 0 R/g)) {
    const at = raw.search(new RegExp(`(?:^|\\n)${ref} 0 obj\\n\\(`));
    if (at >= 0) out[key!] = literalAt(raw, raw.indexOf('(', at));
  }
  return out;
}

/** Every literal string a reader shows from the PDF's dictionaries: bookmark titles, alt and actual text. */
export function shownStrings(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  return [...raw.matchAll(/\/(?:Title|Alt|ActualText|T) \(/g)].map((m) => literalAt(raw, m.index! + m[0].length - 1));
}
