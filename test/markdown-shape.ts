// The shape of a Markdown document as marked reads it, for the properties that feed renderers
// hostile text: what is a block, heading, table, list, link or HTML must not change with the text.
import { marked, type Token, type Tokens } from 'marked';
import { expect } from 'vitest';

/** Top-level blocks, heading depths, each table's columns and rows, list lengths, links and raw HTML. */
export function markdownShape(md: string) {
  const tokens = marked.lexer(md);
  const tables = tokens.filter((t): t is Tokens.Table => t.type === 'table');
  for (const t of tables) {
    // marked pads and cuts rows to the header's width: count the raw cells too
    for (const line of t.raw.trim().split('\n'))
      expect(line.replace(/\\./g, '').split('|').length - 2, line).toBe(t.header.length);
  }
  const inline: Token[] = [];
  marked.walkTokens(tokens, (t) => {
    inline.push(t);
  });
  const links = inline.filter((t): t is Tokens.Link | Tokens.Image => t.type === 'link' || t.type === 'image');
  return {
    blocks: tokens.filter((t) => t.type !== 'space').map((t) => t.type),
    headings: tokens.filter((t): t is Tokens.Heading => t.type === 'heading').map((t) => t.depth),
    tables: tables.map((t) => [t.header.length, t.rows.length]),
    lists: tokens.filter((t): t is Tokens.List => t.type === 'list').map((t) => t.items.length),
    /** each link or image as written */
    links: links.map((t) => t.raw),
    /** where each leads */
    hrefs: links.map((t) => t.href),
    html: inline.filter((t) => t.type === 'html' && t.raw !== '<br>').map((t) => t.raw),
  };
}
