import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import { plain } from '../../src/render/paint.js';
import { hintLines, listPrompt, questionPrompt, type QuestionPromptConfig } from '../../src/ui/prompts.js';

const rows = [
  { name: 'Finish', value: 'finish', pinned: true },
  { heading: 'Unanswered (40)' },
  ...Array.from({ length: 40 }, (_, i) => ({ name: `Q${i + 1}  question number ${i + 1}`, value: `Q${i + 1}` })),
];
const list = (extra: Record<string, unknown> = {}) =>
  render(listPrompt, { message: 'Review', rows, pageSize: 10, width: 80, paint: plain, fancy: false, ...extra });
const here = (screen: string) => screen.split('\n').find((l) => l.startsWith('> '));

describe('long lists: paging, filtering, Esc', () => {
  it('PageDown, PageUp, End and Home move a page or to the ends; the page shown says where it is', async () => {
    const { events, getScreen, answer } = await list();
    expect(here(getScreen())).toBe('> Finish');
    expect(getScreen()).toContain('1-10 of 42');
    events.keypress('pagedown');
    expect(here(getScreen())).toBe('> Q10  question number 10');
    events.keypress('end');
    expect(here(getScreen())).toBe('> Q40  question number 40');
    expect(getScreen()).toContain('41-42 of 42');
    events.keypress('pageup');
    expect(here(getScreen())).toBe('> Q30  question number 30');
    events.keypress('home');
    expect(here(getScreen())).toBe('> Finish');
    events.keypress('enter');
    await expect(answer).resolves.toBe('finish');
  });

  it('typing filters (pinned actions stay, headings of empty groups go); Backspace edits; Esc clears, then goes back', async () => {
    const { events, getScreen, answer } = await list({ escape: 'back' });
    events.type('number 3');
    const s = getScreen();
    expect(s).toContain('filter: number 3');
    expect(s).toContain('Finish');
    expect(s).toContain('Q3  question number 3');
    expect(s).toContain('Q33  question number 33');
    expect(s).not.toContain('Q4  question');
    events.keypress('backspace');
    events.keypress('backspace');
    expect(getScreen()).toContain('Q4  question');
    events.type('zzz');
    expect(getScreen()).not.toContain('Unanswered');
    events.keypress('escape'); // clears the filter
    expect(getScreen()).not.toContain('filter:');
    expect(getScreen()).toContain('Unanswered (40)');
    events.keypress('escape'); // goes back
    await expect(answer).resolves.toBe('back');
  });

  it('Enter on a filtered row chooses it', async () => {
    const { events, answer } = await list();
    events.type('number 17');
    events.keypress('down');
    events.keypress('enter');
    await expect(answer).resolves.toBe('Q17');
  });

  it('no line is wider than the list, however long the rows', async () => {
    const { getScreen, events, answer } = await render(listPrompt, {
      message: 'A long message '.repeat(10),
      rows: [{ name: 'x'.repeat(200), value: 1 }],
      width: 40,
      paint: plain,
      fancy: false,
    });
    for (const l of getScreen().split('\n')) expect([...l].length).toBeLessThanOrEqual(40);
    events.keypress('enter');
    await expect(answer).resolves.toBe(1);
  });
});

const base: QuestionPromptConfig = {
  header: ['A module with a long title › A section with a long title too', '3 of 121 answered (2%)'],
  text: 'Which of these does the company do? '.repeat(4),
  meta: 'X-01 · UNGP 17',
  choices: [
    {
      label: 'A grievance mechanism open to everyone',
      value: 'a',
      evidence: true,
      description: 'Open to workers, users and communities.',
    },
    { label: 'Regular reports on grievances', value: 'b' },
    { label: 'None of these', value: 'none', exclusive: true },
  ],
  multiple: true,
  canGoBack: true,
  width: 80,
  rows: 24,
  paint: plain,
  fancy: false,
};

describe('the question prompt at 80×24', () => {
  it('an exclusive option stands alone: ticking it clears the others, ticking another clears it', async () => {
    const { events, getScreen, answer } = await render(questionPrompt, base);
    events.keypress('1');
    events.keypress('2');
    events.keypress('3');
    expect(getScreen()).toMatch(/\[ \] A grievance[\s\S]*\[ \] Regular[\s\S]*\[x\] None of these/);
    events.keypress('1');
    expect(getScreen()).toMatch(/\[x\] A grievance[\s\S]*\[ \] None of these/);
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: ['a'] });
  });

  it('the highlighted option shows its description; the evidence mark is explained in words', async () => {
    const { events, getScreen, answer } = await render(questionPrompt, base);
    expect(getScreen()).toContain('Open to workers, users and communities.');
    expect(getScreen()).toContain('[ ] A grievance mechanism open to everyone *');
    expect(getScreen()).toContain('* needs evidence');
    events.keypress('down');
    expect(getScreen()).not.toContain('Open to workers');
    events.keypress('q');
    await expect(answer).resolves.toEqual({ kind: 'quit' });
  });

  it('a long help is paged (h for more) and the question and options stay on screen; no line over 80', async () => {
    const help = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} of the help says something useful.`).join(
      '\n\n',
    );
    const { events, getScreen, answer } = await render(questionPrompt, { ...base, help });
    events.keypress('h');
    const page1 = getScreen();
    expect(page1).toContain('Paragraph 1 ');
    expect(page1).toMatch(/help 1\/\d+/);
    expect(page1).toContain('h more');
    expect(page1).toContain('None of these');
    expect(page1.split('\n').length).toBeLessThanOrEqual(24);
    for (const l of page1.split('\n')) expect([...l].length).toBeLessThanOrEqual(80);
    events.keypress('h');
    expect(getScreen()).not.toContain('Paragraph 1 ');
    expect(getScreen()).toMatch(/help 2\/\d+/);
    events.keypress('escape');
    expect(getScreen()).not.toContain('Paragraph');
    events.keypress('q');
    await expect(answer).resolves.toEqual({ kind: 'quit' });
  });

  it('key hints fit: whole items on planned lines, never a wrapped fragment', () => {
    const items: Array<[string, string]> = [
      ['1-9/space tick, enter confirm', '1-9 tick · ⏎ ok'],
      ['h help', 'h help'],
      ['n note/evidence', 'n note'],
      ['s skip', 's skip'],
      ['b back', 'b back'],
      ['r review', 'r review'],
      ['q quit', 'q quit'],
    ];
    expect(hintLines(items, 80)).toEqual(['1-9 tick · ⏎ ok · h help · n note · s skip · b back · r review · q quit']);
    const narrow = hintLines(items, 40);
    expect(narrow.length).toBe(2);
    for (const l of narrow) expect(l.length).toBeLessThanOrEqual(40);
    expect(narrow.join(' · ')).toBe(
      hintLines(items, 200)[0]!
        .replace('1-9/space tick, enter confirm', '1-9 tick · ⏎ ok')
        .replace('n note/evidence', 'n note'),
    );
  });
});
