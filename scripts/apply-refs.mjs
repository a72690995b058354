#!/usr/bin/env node
// Inlines the framework mappings (frameworks/mappings/<questionnaire>.refs.yaml, schema hrdd/refs@1)
// into the bundled questionnaires they name, as each question's `refs:` (a flow mapping after its
// `ungp:` line), and pins the frameworks they use in the questionnaire's `frameworks:` (each at the
// latest bundled version). Works on the YAML document, so comments, key order and formatting
// stay as they were. Refs already in a questionnaire are kept; the mapping's are added (union).
// Running it again changes nothing.
//
//   node scripts/apply-refs.mjs            # every mapping
//   node scripts/apply-refs.mjs --check    # exit 1 if a questionnaire lacks a mapping's refs
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isMap, isSeq, parse, parseDocument } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const check = process.argv.includes('--check');
const mappings = join(root, 'frameworks', 'mappings');

/** Numeric-aware version order, as the tool compares versions. */
const cmp = (a, b) => {
  const x = a.split('.').map(Number);
  const y = b.split('.').map(Number);
  for (let i = 0; i < Math.max(x.length, y.length); i++)
    if ((x[i] ?? 0) !== (y[i] ?? 0)) return (x[i] ?? 0) - (y[i] ?? 0);
  return a < b ? -1 : a > b ? 1 : 0;
};
const latest = (id) => {
  const dir = join(root, 'frameworks', id);
  if (!existsSync(dir)) throw new Error(`no bundled framework ${id}`);
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => f.slice(0, -5))
    .sort(cmp)
    .at(-1);
};
const asString = (v) => (typeof v === 'number' ? String(v) : v);

/** An item id as a flow scalar: plain when YAML reads it back as the same string, else quoted. */
const scalar = (v) =>
  /^[A-Za-z][A-Za-z0-9._-]*$/.test(v) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(v) ? v : JSON.stringify(v);
const flowRefs = (refs) =>
  `{ ${Object.entries(refs)
    .map(([fw, items]) => `${fw}: [${items.map(scalar).join(', ')}]`)
    .join(', ')} }`;
/** The offset of the start of the line holding `offset`, and the column there. */
const lineStart = (text, offset) => text.lastIndexOf('\n', offset - 1) + 1;
const lineEnd = (text, offset) => {
  const i = text.indexOf('\n', offset);
  return i < 0 ? text.length : i;
};
const keyOf = (p) => String(p.key?.value ?? p.key);
const strip = (data) => {
  const copy = structuredClone(data);
  delete copy.frameworks;
  for (const s of copy.sections) for (const q of s.questions) delete q.refs;
  return JSON.stringify(copy);
};

let changed = 0;
for (const name of existsSync(mappings)
  ? readdirSync(mappings)
      .filter((f) => f.endsWith('.refs.yaml'))
      .sort()
  : []) {
  const mapping = parse(readFileSync(join(mappings, name), 'utf8'));
  const [id, version] = String(mapping.questionnaire).split('@');
  const file = join(root, 'questionnaires', id, `${version}.yaml`);
  const before = readFileSync(file, 'utf8');
  const doc = parseDocument(before);
  const used = new Set();
  const questions = new Map();
  for (const section of doc.get('sections').items)
    for (const q of section.get('questions').items) questions.set(q.get('id'), q);
  /** text edits [start, end, replacement], applied from the end so offsets stay right */
  const edits = [];
  const wanted = new Map();
  for (const [qid, refs] of Object.entries(mapping.refs ?? {})) {
    const q = questions.get(qid);
    if (!q) throw new Error(`${name}: ${id}@${version} has no question ${qid}`);
    const ownPair = q.items.find((p) => keyOf(p) === 'refs');
    const merged = {};
    if (ownPair && isMap(ownPair.value))
      for (const [fw, items] of Object.entries(ownPair.value.toJSON())) merged[fw] = items.map(asString);
    for (const [fw, items] of Object.entries(refs)) {
      const list = merged[fw] ?? [];
      for (const item of items.map(asString)) if (!list.includes(item)) list.push(item);
      merged[fw] = list;
    }
    for (const fw of Object.keys(merged)) used.add(fw);
    wanted.set(qid, merged);
    if (ownPair) {
      const [start, end] = ownPair.value.range;
      edits.push([start, end, flowRefs(merged)]);
      continue;
    }
    // a new line after `ungp:` (or after `type:`), at the same indentation
    const after = q.items.find((p) => keyOf(p) === 'ungp') ?? q.items.find((p) => keyOf(p) === 'type');
    const keyStart = after.key.range[0];
    const indent = keyStart - lineStart(before, keyStart);
    const at = lineEnd(before, after.value.range[1] - 1);
    edits.push([at, at, `\n${' '.repeat(indent)}refs: ${flowRefs(merged)}`]);
  }
  // pin each framework used (besides the ungp shorthand) at its latest bundled version
  const declaredPair = doc.contents.items.find((p) => keyOf(p) === 'frameworks');
  const declared = declaredPair && isSeq(declaredPair.value) ? declaredPair.value.toJSON().map(String) : [];
  const have = new Set(declared.map((r) => r.split('@')[0]));
  const add = [...used]
    .filter((fw) => fw !== 'ungp' && !have.has(fw))
    .sort()
    .map((fw) => `${fw}@${latest(fw)}`);
  if (add.length) {
    const list = `[${[...declared, ...add].join(', ')}]`;
    if (declaredPair) edits.push([declaredPair.value.range[0], declaredPair.value.range[1], list]);
    else {
      const next = doc.contents.items.find((p) => ['requires', 'maturity', 'sections'].includes(keyOf(p)));
      const at = lineStart(before, next.key.range[0]);
      edits.push([at, at, `frameworks: ${list}\n`]);
    }
  }
  let after = before;
  for (const [start, end, text] of edits.sort((x, y) => y[0] - x[0]))
    after = after.slice(0, start) + text + after.slice(end);
  // the result says exactly what was meant, and nothing else changed
  const a = parse(after);
  const b = parse(before);
  if (strip(a) !== strip(b)) throw new Error(`${file}: inlining the refs would change more than refs`);
  for (const s of a.sections)
    for (const q of s.questions)
      if (wanted.has(q.id) && JSON.stringify(q.refs) !== JSON.stringify(wanted.get(q.id)))
        throw new Error(`${file}: ${q.id}'s refs do not read back as written`);
  if (after !== before) {
    changed++;
    if (check) console.error(`${file}: lacks the refs of ${name}`);
    else {
      writeFileSync(file, after);
      console.log(`updated ${file.slice(root.length + 1)}`);
    }
  }
}
if (check && changed) process.exit(1);
