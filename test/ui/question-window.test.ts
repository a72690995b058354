import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import { plain } from '../../src/render/paint.js';
import { questionPrompt, type QuestionOutcome, type QuestionPromptConfig } from '../../src/ui/prompts.js';

/** Twenty options of two lines each at 80 columns: 40 lines of options, far more than 24 rows hold. */
const choices = Array.from({ length: 20 }, (_, i) => ({
  label: `Option ${i + 1}: a practice described at length, so that its label needs a second line on an eighty-column screen, end-${i + 1}`,
  value: `o${i + 1}`,
}));
const long: QuestionPromptConfig = {
  header: ['A consultant’s module › A section with many options', '3 of 40 answered (7%)'],
  text: 'Which of these practices does the company follow?',
  meta: 'C-01 · UNGP 17',
  choices,
  multiple: false,
  canGoBack: true,
  width: 80,
  rows: 24,
  paint: plain,
  fancy: false,
};

const lines = (screen: string) => screen.split('\n');
/** the number of the highlighted option */
const here = (screen: string) => Number(/^> +(\d+)\./m.exec(screen)?.[1]);
/** the numbers of the options on screen */
const shown = (screen: string) => [...screen.matchAll(/^[> ] +(\d+)\. /gm)].map((m) => Number(m[1]));

/** What every screen of a long question must hold: 24 rows at most, none over 80, header and keys, whole options. */
function expectFits(screen: string): void {
  expect(lines(screen).length, screen).toBeLessThanOrEqual(24);
  for (const l of lines(screen)) expect([...l].length, l).toBeLessThanOrEqual(80);
  expect(screen).toContain('A consultant’s module');
  expect(screen).toContain('Which of these practices');
  expect(screen).toContain('q quit');
  for (const n of shown(screen)) expect(screen, `option ${n} is whole`).toContain(`end-${n}`);
  expect(shown(screen)).toContain(here(screen));
  const nums = shown(screen);
  const above = Number(/^ {2}\^ (\d+) more$/m.exec(screen)?.[1] ?? 0);
  const below = Number(/^ {2}v (\d+) more$/m.exec(screen)?.[1] ?? 0);
  expect(above, screen).toBe(nums[0]! - 1);
  expect(below, screen).toBe(20 - nums.at(-1)!);
}

describe('a question with more options than the terminal has rows (80×24)', () => {
  it('shows a window of whole options around the cursor, with how many are above and below; the window follows ↑↓', async () => {
    const { events, getScreen, answer } = await render(questionPrompt, long);
    const first = getScreen();
    expectFits(first);
    expect(shown(first)[0]).toBe(1);
    expect(first).not.toMatch(/\^ \d+ more/);
    expect(first).toMatch(/^ {2}v \d+ more$/m);
    expect(first).toContain('PgUp');
    const lastShown = shown(first).at(-1)!;
    for (let i = 1; i <= lastShown; i++) {
      events.keypress('down');
      expectFits(getScreen());
    }
    expect(here(getScreen())).toBe(lastShown + 1);
    expect(shown(getScreen()).at(-1)).toBe(lastShown + 1); // the cursor is the last option shown
    expect(shown(getScreen())[0]).toBeLessThanOrEqual(3); // the window moved as little as it could ("^ 2 more" takes a row)
    const top = shown(getScreen())[0]!;
    while (here(getScreen()) > top) {
      events.keypress('up');
      expectFits(getScreen());
      expect(shown(getScreen())[0], 'the window stays while the cursor is in it').toBe(top);
    }
    events.keypress('up');
    expectFits(getScreen());
    expect(here(getScreen())).toBe(top - 1);
    expect(shown(getScreen())[0]).toBeLessThan(top); // going up past it, the window follows
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: `o${top - 1}` });
  });

  it('PageDown moves a window at a time and reaches the last option, which Enter answers; numbers are the real ones', async () => {
    const { events, getScreen, answer } = await render(questionPrompt, long);
    const seen = new Set<number>(shown(getScreen()));
    for (let i = 0; i < 20 && here(getScreen()) !== 20; i++) {
      const before = here(getScreen());
      const page = shown(getScreen()).length;
      const firstBefore = shown(getScreen())[0]!;
      events.keypress('pagedown');
      expectFits(getScreen());
      expect(here(getScreen())).toBe(Math.min(20, before + page));
      // the window scrolled with it, as far as the last option lets it
      expect(shown(getScreen())[0]! > firstBefore || shown(getScreen()).at(-1) === 20).toBe(true);
      for (const n of shown(getScreen())) seen.add(n);
    }
    expect(here(getScreen())).toBe(20);
    expect(getScreen()).toMatch(/^> 20\. Option 20:/m);
    expect(getScreen()).toMatch(/^ {2}14\. Option 14:|^ {2}19\. Option 19:/m);
    expect(getScreen()).not.toMatch(/v \d+ more/);
    expect(seen.size).toBe(20); // paging passed no option unseen
    events.keypress('pageup');
    expectFits(getScreen());
    expect(here(getScreen())).toBeLessThan(20);
    events.keypress('home');
    expect(here(getScreen())).toBe(1);
    expect(shown(getScreen())[0]).toBe(1);
    events.keypress('end');
    expectFits(getScreen());
    expect(here(getScreen())).toBe(20);
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: 'o20' });
  });

  it('a multiple: a tick past the first window is saved; digits still tick options 1–9', async () => {
    const saved: QuestionOutcome[] = [];
    const { events, getScreen, answer } = await render(questionPrompt, {
      ...long,
      multiple: true,
      save: (o) => (saved.push(o), true),
    });
    events.keypress('2');
    events.keypress('end');
    events.keypress('space');
    expectFits(getScreen());
    expect(getScreen()).toMatch(/^> 20\. \[x\] Option 20/m);
    events.keypress('pageup');
    events.keypress('space');
    const ticked = here(getScreen());
    expect(ticked).toBeGreaterThan(9);
    events.keypress('enter');
    const value = ['o2', `o${ticked}`, 'o20'];
    await expect(answer).resolves.toEqual({ kind: 'answer', value });
    expect(saved).toEqual([{ kind: 'answer', value }]);
  });

  it('with the help open the question, the cursor and the keys stay on screen', async () => {
    const help = Array.from({ length: 30 }, (_, i) => `Paragraph ${i + 1} of the help.`).join('\n\n');
    const { events, getScreen, answer } = await render(questionPrompt, { ...long, help, current: 'o12' });
    expect(here(getScreen())).toBe(12);
    expectFits(getScreen());
    events.keypress('h');
    expectFits(getScreen());
    expect(getScreen()).toContain('Paragraph 1 ');
    expect(getScreen()).toMatch(/help 1\/\d+/);
    events.keypress('down');
    expectFits(getScreen());
    expect(here(getScreen())).toBe(13);
    events.keypress('q');
    await expect(answer).resolves.toEqual({ kind: 'quit' });
  });

  it('in colour the marks are arrows; a question that fits shows no marks', async () => {
    const fancy = await render(questionPrompt, { ...long, fancy: true });
    fancy.events.keypress('end');
    expect(fancy.getScreen()).toMatch(/↑ \d+ more/);
    fancy.events.keypress('home');
    expect(fancy.getScreen()).toMatch(/↓ \d+ more/);
    fancy.events.keypress('q');
    await fancy.answer;
    const few = await render(questionPrompt, { ...long, choices: choices.slice(0, 5) });
    expect(few.getScreen()).not.toMatch(/more$|PgUp/m);
    expect(shown(few.getScreen())).toEqual([1, 2, 3, 4, 5]);
    few.events.keypress('q');
    await few.answer;
  });

  it('what the answer already holds (carried from, note, evidence, current answer) takes at most three lines', async () => {
    const extra = `Carried from 1.0.0 (C-01): confirm or change · note: ${'a long note about the practice '.repeat(12)}· current answer: Option 1`;
    const { getScreen, events, answer } = await render(questionPrompt, { ...long, extra });
    const screen = getScreen();
    expectFits(screen);
    const held = lines(screen).filter(
      (l, i, all) =>
        i >= all.findIndex((x) => x.includes('Carried from')) &&
        /^ {2}\S/.test(l) &&
        !/^ {2}\d+\./.test(l) &&
        !l.includes('quit'),
    );
    expect(held[0]).toContain('Carried from 1.0.0 (C-01)');
    expect(held.length).toBeLessThanOrEqual(3);
    expect(held.at(-1)).toMatch(/…$/);
    expect(screen).not.toContain('current answer: Option 1');
    events.keypress('q'); // end the prompt, so that nothing is left pending when the file ends
    await answer;
  });
});
