import PDFDocument from 'pdfkit';
import { FontBook, fontData, fontFiles } from './fonts.js';
import { Layout } from './layout.js';
import { PAGE } from './theme.js';
import type { Paper } from '../../core/brand.js';
import { pdfLine, xmlText } from '../inert.js';

export interface DocumentInfo {
  title: string;
  author?: string;
  subject: string;
  keywords?: string;
  /** ISO date (yyyy-mm-dd): creation and modification dates, so the same inputs give the same bytes */
  date: string;
  language: string;
  tool: { name: string; version: string };
  /** the page size (default A4); the layout takes its measures from the page */
  paper?: Paper;
}

/**
 * A tagged A4 (or US Letter) document with embedded fonts and fixed dates, its root structure element and
 * layout engine; `close()` ends it and returns the bytes.
 */
export function openDocument(info: DocumentInfo): {
  doc: PDFKit.PDFDocument;
  L: Layout;
  root: PDFKit.PDFStructureElement;
  close: () => Promise<Uint8Array>;
} {
  const date = new Date(`${info.date}T00:00:00Z`);
  const when = Number.isNaN(date.getTime()) ? new Date(0) : date;
  const tool = `${info.tool.name} ${info.tool.version}`;
  const body = fontFiles().latin.regular;
  const doc = new PDFDocument({
    size: info.paper === 'letter' ? 'LETTER' : PAGE.size,
    margin: PAGE.margin,
    bufferPages: true,
    autoFirstPage: true,
    pdfVersion: '1.7',
    tagged: true,
    subset: 'PDF/UA' as PDFKit.Mixins.PDFSubsets,
    displayTitle: true,
    lang: info.language,
    // the first font is an embedded one: pdfkit would otherwise load Helvetica (a standard font).
    // pdfkit hands this to doc.font(), which takes bytes too (the types say only a path).
    font: fontData(body) as unknown as string,
    // the Info dictionary: one inert line each (pdfkit escapes them as PDF strings)
    info: {
      Title: pdfLine(info.title),
      ...(info.author && { Author: pdfLine(info.author) }),
      Subject: pdfLine(info.subject),
      ...(info.keywords && { Keywords: pdfLine(info.keywords) }),
      Creator: tool,
      Producer: tool,
      CreationDate: when,
      ModDate: when,
    },
  });
  escapeXmp(doc);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<void>((resolve, reject) => {
    doc.on('end', resolve);
    doc.on('error', reject);
  });
  const root = doc.struct('Document');
  doc.addStructure(root);
  const L = new Layout(doc, new FontBook(doc, [body]), root);
  const close = async () => {
    doc.end();
    await done;
    return Buffer.concat(chunks);
  };
  return { doc, L, root, close };
}

/**
 * pdfkit copies the Info strings into the XMP metadata packet as they are, so a `<` in an
 * organisation's name makes the packet ill-formed and a crafted one adds elements of its own
 * (`</rdf:li>…<dc:rights>`). It writes the packet from `doc.info` after the Info dictionary: while
 * it does, `doc.info` holds the values escaped for XML (xmlText), and the packet carries the same
 * text as the dictionary. (A test reads the packet back with an XML parser.)
 */
function escapeXmp(doc: PDFKit.PDFDocument): void {
  const d = doc as unknown as { _addInfo?: () => void; info: Record<string, unknown> };
  const addInfo = d._addInfo;
  if (typeof addInfo !== 'function') return;
  d._addInfo = () => {
    const info = d.info;
    d.info = Object.fromEntries(Object.entries(info).map(([k, v]) => [k, typeof v === 'string' ? xmlText(v) : v]));
    try {
      addInfo.call(d);
    } finally {
      d.info = info;
    }
  };
}
