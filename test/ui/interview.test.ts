import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import type { Answer } from '../../src/core/model.js';
import { plain } from '../../src/render/paint.js';
import { interview } from '../../src/ui/interview.js';
import { questionPrompt } from '../../src/ui/prompts.js';
import { question as Q, questionnaireOf as QN } from '../core/score-helpers.js';
import { press, scriptedPrompter, typeAndEnter, type Step } from './prompter.js';

const gate = Q('G', {
  weight: 0,
  text: 'Do you run a network?',
  options: [
    { value: 'yes', label: 'Yes' },
    { value: 'no', label: 'No' },
  ],
});
const module = () =>
  QN('m', [
    { id: 'profile', questions: [gate] },
    {
      id: 'main',
      questions: [
        Q('Q1', { help: 'Good practice is X.' }),
        Q('Q2', { when: { question: 'G', equals: 'yes' } }),
        Q('Q3'),
        Q('Q4', {
          type: 'multiple',
          options: [
            { value: 'x', label: 'Ex', score: 0.5 },
            { value: 'y', label: 'Why', score: 0.5 },
            { value: 'z', label: 'Neither', na: true },
          ],
        }),
      ],
    },
  ]);

function run(steps: Step[], initial: Record<string, Answer> = {}) {
  const prompter = scriptedPrompter(steps);
  const answers = new Map(Object.entries(initial));
  const saves: Array<[string, Answer | null]> = [];
  const store = {
    answers,
    set: (id: string, a: Answer | null) => {
      saves.push([id, a]);
      if (a) answers.set(id, a);
      else answers.delete(id);
    },
  };
  const done = interview({
    prompter,
    questionnaires: [module()],
    store,
    out: () => {},
    paint: plain,
    fancy: false,
    columns: 80,
  });
  return { done, answers, saves, prompter };
}

/** In a review with nothing open: Jump, Finish, Quit. */
const finish: Step = (screen, e) => {
  expect(screen).toContain('Finish');
  e.keypress('down');
  e.keypress('enter');
};

describe('the question prompt', () => {
  it('a digit answers a single question at once; the screen shows progress, UNGP and keys', async () => {
    const { answer, events, getScreen } = await render(questionPrompt, {
      header: ['Mod › Sec', 'Question 3 of 10 · 20% done'],
      text: 'Is it so?',
      meta: 'Q1 · UNGP 16, 17 · critical',
      help: 'Help text.',
      choices: [
        { label: 'Yes', value: 'yes' },
        { label: 'No', value: 'no' },
      ],
      multiple: false,
      canGoBack: true,
      width: 80,
      paint: plain,
      fancy: false,
    });
    const screen = getScreen();
    expect(screen).toContain('Question 3 of 10 · 20% done');
    expect(screen).toContain('UNGP 16, 17 · critical');
    expect(screen).toContain('1. Yes');
    expect(screen).toContain('h help');
    expect(screen).not.toContain('Help text.');
    events.keypress('h');
    expect(getScreen()).toContain('Help text.');
    events.keypress('2');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: 'no' });
  });

  it('a multiple question ticks with digits or space and confirms with enter; N/A stands alone', async () => {
    const { answer, events, getScreen } = await render(questionPrompt, {
      header: [],
      text: 'Which?',
      meta: '',
      choices: [
        { label: 'A', value: 'a' },
        { label: 'B', value: 'b' },
        { label: 'None', value: 'n', na: true },
      ],
      multiple: true,
      current: ['b'],
      canGoBack: false,
      width: 80,
      paint: plain,
      fancy: false,
    });
    expect(getScreen()).toContain('[x] B');
    events.keypress('1');
    expect(getScreen()).toContain('[x] A');
    events.keypress('3'); // N/A clears the others
    expect(getScreen()).toMatch(/\[ \] A[\s\S]*\[ \] B[\s\S]*\[x\] None/);
    events.keypress('3');
    events.keypress('down');
    events.keypress('space');
    events.keypress('enter');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: ['a'] });
  });

  it.each([
    ['s', 'skip'],
    ['n', 'note'],
    ['r', 'review'],
    ['q', 'quit'],
    ['b', 'back'],
  ])('key %s means %s', async (key, kind) => {
    const { answer, events } = await render(questionPrompt, {
      header: [],
      text: 'T',
      meta: '',
      choices: [
        { label: 'A', value: 1 },
        { label: 'B', value: 2 },
      ],
      multiple: false,
      canGoBack: true,
      width: 80,
      paint: plain,
      fancy: false,
    });
    events.keypress(key);
    await expect(answer).resolves.toEqual({ kind });
  });
});

describe('the interview', () => {
  it('asks in order, applies conditions live, and ends in a review', async () => {
    const { done, answers, saves } = run([
      (s, e) => {
        expect(s).toContain('Do you run a network?');
        e.keypress('2');
      }, // G = no: Q2 hidden
      (s, e) => {
        expect(s).toContain('Q1?');
        e.keypress('1');
      },
      (s, e) => {
        expect(s).toContain('Q3?');
        e.keypress('2');
      }, // Q2 was skipped by the condition
      (s, e) => {
        expect(s).toContain('Q4?');
        e.keypress('1');
        e.keypress('2');
        e.keypress('enter');
      },
      finish,
    ]);
    await expect(done).resolves.toBe('finished');
    expect(Object.fromEntries([...answers].map(([k, v]) => [k, v.value]))).toEqual({
      G: 'no',
      Q1: 'a',
      Q3: 'b',
      Q4: ['x', 'y'],
    });
    expect(saves.map(([id]) => id)).toEqual(['G', 'Q1', 'Q3', 'Q4']); // saved after every answer
  });

  it('skip records { skipped: true }; back returns to the previous question; review offers the skipped one', async () => {
    const { done, answers } = run([
      press('1'), // G yes
      press('s'), // skip Q1
      (s, e) => {
        expect(s).toContain('Q2?');
        e.keypress('b');
      }, // back to Q1
      (s, e) => {
        expect(s).toContain('Q1?');
        e.keypress('s');
      },
      press('3'), // Q2
      press('1'), // Q3
      press('enter'), // Q4 with nothing ticked: none of them
      (s, e) => {
        expect(s).toContain('Review: 1 skipped, 0 unanswered');
        expect(s).toContain('Q1');
        e.keypress('enter');
      }, // pick Q1
      (s, e) => {
        expect(s).toContain('Q1?');
        e.keypress('2');
      },
      finish,
    ]);
    await done;
    expect(answers.get('Q1')).toEqual({ value: 'b', skipped: false });
    expect(answers.get('Q4')?.value).toEqual([]);
  });

  it('N/A asks for a reason; notes and evidence are opt-in and kept', async () => {
    const { done, answers, prompter } = run([
      press('2'),
      press('n'), // note on Q1
      typeAndEnter('Board approved in May.'),
      typeAndEnter('docs/policy.pdf; https://example.org/p'),
      (s, e) => {
        expect(s).toContain('note: Board approved in May.');
        e.keypress('1');
      },
      (s, e) => {
        expect(s).toContain('Q3?');
        e.keypress('4');
      }, // N/A
      (s, e) => {
        expect(s).toContain('Why does this not apply?');
        e.type('No hardware.');
        e.keypress('enter');
      },
      press('3', 'enter'), // Q4: the N/A option alone
      typeAndEnter('Not relevant here.'),
      finish,
    ]);
    await done;
    expect(answers.get('Q1')).toEqual({
      value: 'a',
      skipped: false,
      note: 'Board approved in May.',
      evidence: ['docs/policy.pdf', 'https://example.org/p'],
    });
    expect(answers.get('Q3')).toEqual({ value: 'n', skipped: false, note: 'No hardware.' });
    expect(answers.get('Q4')?.value).toEqual(['z']);
    expect(prompter.left()).toBe(0);
  });

  it('resumes at the first visible question neither answered nor skipped, with no prompt before it', async () => {
    const { done, prompter } = run(
      [
        (s, e) => {
          expect(s).toContain('Q3?');
          expect(s).toContain('Question 3 of 4');
          e.keypress('q');
        },
      ],
      { G: { value: 'no', skipped: false }, Q1: { value: null, skipped: true } },
    );
    await expect(done).resolves.toBe('quit');
    expect(prompter.screens).toHaveLength(1);
  });

  it('review can jump to any question and change its answer', async () => {
    const { done, answers } = run([
      press('r'), // from G straight to the review
      // open: G, Q1, Q3, Q4; then Jump, Finish, Quit
      (s, e) => {
        expect(s).toContain('Jump to any question');
        for (let i = 0; i < 4; i++) e.keypress('down');
        e.keypress('enter');
      },
      (s, e) => {
        expect(s).toContain('Jump to which question?');
        e.keypress('down');
        e.keypress('enter');
      }, // the 2nd visible: Q1
      (s, e) => {
        expect(s).toContain('Q1?');
        e.keypress('3');
      },
      // open now: G, Q3, Q4; then Jump, Finish, Quit
      (s, e) => {
        expect(s).toContain('Review');
        for (let i = 0; i < 5; i++) e.keypress('down');
        e.keypress('enter');
      },
    ]);
    await expect(done).resolves.toBe('quit');
    expect(answers.get('Q1')?.value).toBe('c');
  });
});
