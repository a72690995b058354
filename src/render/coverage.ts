// hrdd coverage as text (for a terminal) and as Markdown: every string from a file through the
// sink's function in ./inert.ts.
import type { Coverage, CoverageItem, CoverageQuestion } from '../core/coverage.js';
import { showId } from '../core/show.js';
import { frameworkEdition, itemLabel, itemNoun } from './framework-words.js';
import { plural } from './format.js';
import { mdCell, mdInline, termLine } from './inert.js';

/** The covered items by group, in the framework's order; items without a group last. */
function coveredGroups(c: Coverage): Array<{ title: string; items: CoverageItem[] }> {
  const covered = c.items.filter((i) => i.covered);
  const groups = c.groups
    .map((g) => ({ title: g.title, items: covered.filter((i) => i.group === g.id) }))
    .filter((g) => g.items.length);
  const others = covered.filter((i) => i.group === undefined);
  if (others.length)
    groups.push({
      title: !c.groups.length ? 'Items' : c.framework.id === 'ungp' ? 'Other principles' : 'Other items',
      items: others,
    });
  return groups;
}

const summaryLine = (c: Coverage) => {
  const noun = itemNoun(c.framework);
  return `${c.summary.covered} of ${plural(c.summary.items, noun)} covered, by ${plural(c.summary.questions, 'question')}.`;
};

const notCoveredLine = (c: Coverage) => {
  const noun = itemNoun(c.framework);
  const n = c.notCovered.length;
  return `No scored question of these questionnaires references ${n === 1 ? `this ${noun}` : `these ${plural(n, noun)}`}: an assessment with them says nothing about ${n === 1 ? 'it' : 'them'}.`;
};

const questionText = (q: CoverageQuestion, show: (s: string) => string) =>
  `${show(showId(q.id))}${q.scored ? '' : ' (not scored)'}`;

/** Plain text for a terminal: one line per item, its questions indented below it. */
export function renderCoverageText(c: Coverage): string {
  const f = c.framework;
  const out = [
    `${termLine(f.title)} (${termLine(f.id)} ${termLine(f.version)})`,
    `Questionnaires: ${c.questionnaires.map((q) => `${termLine(q.id)} ${termLine(q.version)}`).join(', ')}`,
    summaryLine(c),
  ];
  const item = (i: CoverageItem) => [
    `  ${termLine(itemLabel(i))} (${i.questions.length})`,
    `      ${i.questions.map((q) => questionText(q, termLine)).join(', ')}`,
  ];
  for (const g of coveredGroups(c)) out.push('', termLine(g.title), ...g.items.flatMap(item));
  if (c.notCovered.length) {
    out.push('', `Not assessed by these questionnaires (${c.notCovered.length})`);
    for (const i of c.items.filter((x) => !x.covered))
      out.push(
        `  ${termLine(itemLabel(i))}${i.questions.length ? ` (only in questions not scored: ${i.questions.map((q) => termLine(showId(q.id))).join(', ')})` : ''}`,
      );
  }
  if (c.unknown.length) {
    out.push('', `Not items of ${termLine(f.id)} ${termLine(f.version)} (referenced all the same)`);
    for (const u of c.unknown)
      out.push(`  ${termLine(showId(u.id))}: ${u.questions.map((q) => questionText(q, termLine)).join(', ')}`);
  }
  return out.join('\n') + '\n';
}

/** Markdown: the framework, a table of covered items by group with their questions, the items not covered. `depth` is the top heading's level. */
export function renderCoverageMarkdown(c: Coverage, depth = 1): string {
  const f = c.framework;
  const h = (n: number) => '#'.repeat(depth + n);
  const id = (x: string) => mdInline(showId(x));
  const noun = itemNoun(f);
  const Noun = noun[0]!.toUpperCase() + noun.slice(1);
  const edition = frameworkEdition(f);
  const out = [
    `${h(0)} ${mdInline(f.title)}`,
    '',
    `${id(f.id)} ${mdInline(f.version)}${edition ? ` (${mdInline(edition)})` : ''}.${f.source.url ? ` Source: ${mdInline(f.source.url)}` : ''}`,
    '',
    `Questionnaires: ${c.questionnaires.map((q) => `${mdInline(q.title)} (${id(q.id)} ${mdInline(q.version)})`).join('; ')}.`,
    '',
    summaryLine(c),
    '',
  ];
  for (const g of coveredGroups(c)) {
    out.push(`${h(1)} ${mdInline(g.title)}`, '', `| ${Noun} | Questions |`, '| --- | --- |');
    for (const i of g.items)
      out.push(
        `| ${/^\d+$/.test(i.id) && i.title !== i.id ? `${i.id}. ${mdCell(i.title)}` : mdCell(itemLabel(i))} | ${i.questions.map((q) => questionText(q, mdCell)).join(', ')} |`,
      );
    out.push('');
  }
  if (c.notCovered.length) {
    out.push(`${h(1)} Not assessed by these questionnaires`, '', notCoveredLine(c), '');
    for (const i of c.items.filter((x) => !x.covered))
      out.push(
        `- ${mdInline(itemLabel(i))}${i.questions.length ? ` (only in questions not scored: ${i.questions.map((q) => id(q.id)).join(', ')})` : ''}`,
      );
    out.push('');
  }
  if (c.unknown.length) {
    out.push(`${h(1)} Not ${noun}s of this framework`, '', 'Referenced all the same:', '');
    for (const u of c.unknown)
      out.push(`- ${id(u.id)}: ${u.questions.map((q) => questionText(q, mdInline)).join(', ')}`);
    out.push('');
  }
  return out.join('\n').trimEnd() + '\n';
}
