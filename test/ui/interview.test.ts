import { describe, expect, it } from 'vitest';
import { render } from '@inquirer/testing';
import type { Answer } from '../../src/core/model.js';
import { plain } from '../../src/render/paint.js';
import { interview } from '../../src/ui/interview.js';
import { questionPrompt } from '../../src/ui/prompts.js';
import { question as Q, questionnaireOf as QN } from '../core/score-helpers.js';
import { chooseRow, press, scriptedPrompter, typeAndEnter, type Step } from './prompter.js';

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
        Q('Q3', {
          options: [
            { value: 'a', label: 'A', score: 1, evidenceRequired: true },
            { value: 'b', label: 'B', score: 0.5 },
            { value: 'c', label: 'C', score: 0 },
            { value: 'n', label: 'N/A', na: true },
          ],
        }),
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
  it('asks in order, applies conditions live, and finishes without a review when nothing is open', async () => {
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

  it('skip records { skipped: true }; back returns to the previous question; the review offers the skipped one', async () => {
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
      press('2'), // Q3
      press('enter'), // Q4 with nothing ticked: none of them
      (s, e, now) => {
        expect(s).toContain('Review · 3 of 4 answered');
        expect(s).toMatch(/Skipped \(1\)\n {2}Q1 {2}Q1\?/);
        chooseRow('Q1  Q1?')(s, e, now);
      },
      (s, e) => {
        expect(s).toContain('Q1?');
        e.keypress('2');
      },
      (s, e, now) => {
        expect(s).toContain('Review · 4 of 4 answered');
        chooseRow('Finish')(s, e, now);
      },
    ]);
    await expect(done).resolves.toBe('finished');
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

  it('a note or evidence already there is kept with Enter and removed with -', async () => {
    const { done, saves, prompter } = run(
      [
        press('n'), // Q1: a first note and evidence
        typeAndEnter('First note.'),
        typeAndEnter('a.pdf; b.pdf'),
        press('n'),
        (s, e) => {
          expect(s).toContain('Note (Enter keeps it; - removes it)');
          e.type('-');
          e.keypress('enter');
        },
        (s, e) => {
          expect(s).toContain('Enter keeps it; - removes it');
          e.keypress('enter'); // the evidence stays
        },
        press('n'),
        (s, e) => {
          expect(s).toContain('Note (context, caveats; Enter for none)');
          e.keypress('enter');
        },
        typeAndEnter('-'), // the evidence goes
        press('q'),
      ],
      { G: { value: 'no', skipped: false } },
    );
    await expect(done).resolves.toBe('quit');
    expect(saves.filter(([id]) => id === 'Q1').map(([, a]) => a)).toEqual([
      { value: null, skipped: false, note: 'First note.' },
      { value: null, skipped: false, note: 'First note.', evidence: ['a.pdf', 'b.pdf'] },
      { value: null, skipped: false, evidence: ['a.pdf', 'b.pdf'] },
      { value: null, skipped: false, evidence: ['a.pdf', 'b.pdf'] },
      { value: null, skipped: false, evidence: ['a.pdf', 'b.pdf'] },
      { value: null, skipped: false },
    ]);
    expect(prompter.left()).toBe(0);
  });

  it('resumes at the first visible question neither answered nor skipped, with no prompt before it', async () => {
    const { done, prompter } = run(
      [
        (s, e) => {
          expect(s).toContain('Q3?');
          expect(s).toContain('0 of 3 answered (0%)'); // the scorer's count: Q1 skipped, Q2 hidden
          e.keypress('q');
        },
      ],
      { G: { value: 'no', skipped: false }, Q1: { value: null, skipped: true } },
    );
    await expect(done).resolves.toBe('quit');
    expect(prompter.screens).toHaveLength(1);
  });
});

describe('evidence where the method needs it', () => {
  it('an evidence-required option is marked, and choosing it asks for the evidence at once (split on ;)', async () => {
    const { done, answers, prompter } = run(
      [
        (s, e) => {
          expect(s).toContain('1. A *');
          expect(s).toContain('* needs evidence');
          e.keypress('1');
        },
        (s, e) => {
          expect(s).toContain('Evidence (Enter with none: stays unevidenced)');
          e.type('Policy v3.pdf; https://example.org/audit');
          e.keypress('enter');
        },
        press('q'),
      ],
      { G: { value: 'no', skipped: false }, Q1: { value: 'a', skipped: false } },
    );
    await expect(done).resolves.toBe('quit');
    expect(answers.get('Q3')).toEqual({
      value: 'a',
      skipped: false,
      evidence: ['Policy v3.pdf', 'https://example.org/audit'],
    });
    expect(prompter.finals[1]).toContain('Policy v3.pdf');
  });

  it('Enter with nothing records the answer unevidenced and says so; the review lists it as its own group', async () => {
    const out: string[] = [];
    const prompter = scriptedPrompter([
      press('1'), // Q3 = a (needs evidence)
      press('enter'), // no evidence
      (s, e) => {
        expect(s).toContain('Q4?');
        e.keypress('r');
      },
      (s, e) => {
        expect(s).toContain('1 unevidenced');
        expect(s).toMatch(/Unevidenced claims \(1\)\n {2}Q3 {2}Q3\?/);
        e.keypress('escape'); // back to Q4
      },
      (s, e) => {
        expect(s).toContain('Q4?');
        e.keypress('q');
      },
    ]);
    const answers = new Map<string, Answer>([
      ['G', { value: 'no', skipped: false }],
      ['Q1', { value: 'a', skipped: false }],
    ]);
    const done = interview({
      prompter,
      questionnaires: [module()],
      store: { answers, set: (id, a) => void (a ? answers.set(id, a) : answers.delete(id)) },
      out: (t) => out.push(t),
      paint: plain,
      fancy: false,
      columns: 80,
    });
    await expect(done).resolves.toBe('quit');
    expect(answers.get('Q3')).toEqual({ value: 'a', skipped: false });
    expect(out.join('')).toContain('recorded without evidence: it stays unevidenced');
  });
});

describe('the review is a place, not a trap', () => {
  const three = { G: { value: 'no', skipped: false } };
  it('Esc goes back to the question the person was at', async () => {
    const { done, prompter } = run(
      [
        press('r'),
        (s, e) => {
          expect(s.split('\n')[1]).toContain('Back to Q1 (Esc)'); // the actions first
          e.keypress('escape');
        },
        (s, e) => {
          expect(s).toContain('Q1?');
          e.keypress('q');
        },
      ],
      three,
    );
    await expect(done).resolves.toBe('quit');
    expect(prompter.left()).toBe(0);
  });

  it('a question picked from a group is asked, then the review comes back; "continue in order" goes on from there', async () => {
    const { done, answers } = run(
      [
        press('s'), // skip Q1
        press('r'), // at Q3: review
        chooseRow('Q1  Q1?'), // the skipped one
        press('2'), // Q1 = b
        (s, e, now) => {
          expect(s).toContain('Review · 1 of 3 answered');
          expect(s).not.toContain('Skipped');
          expect(s).toContain('Continue in order from here (next: Q3)');
          chooseRow('Continue in order')(s, e, now);
        },
        (s, e) => {
          expect(s).toContain('Q3?');
          e.keypress('2');
        },
        (s, e) => {
          expect(s).toContain('Q4?'); // in order, not back to the review
          e.keypress('q');
        },
      ],
      three,
    );
    await expect(done).resolves.toBe('quit');
    expect(answers.get('Q1')?.value).toBe('b');
    expect(answers.get('Q3')?.value).toBe('b');
  });

  it('jump to any question: answer it and return to the review; Esc in the jump list returns to the review', async () => {
    const { done, answers } = run([
      press('r'), // from G straight to the review
      chooseRow('Jump to any question'),
      (s, e) => {
        expect(s).toContain('Jump to which question?');
        e.keypress('escape');
      },
      chooseRow('Jump to any question'),
      (s, e) => {
        e.type('Q1');
        expect(s).toContain('G  Do you run');
        e.keypress('enter');
      },
      (s, e) => {
        expect(s).toContain('Q1?');
        e.keypress('3');
      },
      (s, e) => {
        expect(s).toContain('Review');
        expect(s).toContain('Back to G (Esc)'); // where the person was, not the question fixed
        e.keypress('escape');
      },
      (s, e) => {
        expect(s).toContain('Do you run a network?'); // back at G, in order from there
        e.keypress('1');
      },
      (s, e) => {
        expect(s).toContain('Q2?'); // Q1 is answered now: the next open one
        e.keypress('q');
      },
    ]);
    await expect(done).resolves.toBe('quit');
    expect(answers.get('Q1')?.value).toBe('c');
  });

  it('the header, the review and the scorer count alike; the profile line says when the total changes', async () => {
    const out: string[] = [];
    const prompter = scriptedPrompter([
      (s, e) => {
        expect(s).toContain('0 of 4 answered (0%)'); // Q1, Q3, Q4 and Q2 (pending on G)
        e.keypress('2'); // G = no: Q2 hidden
      },
      (s, e) => {
        expect(s).toContain('0 of 3 answered (0%)');
        e.keypress('r');
      },
      (s, e, now) => {
        expect(s).toContain('Review · 0 of 3 answered');
        expect(s).toContain('Finish for now (3 left; the score is provisional)');
        expect(s).toContain('Unanswered (3)'); // the groups add up to what is left
        expect(s).not.toContain('Not scored');
        chooseRow('Save and quit')(s, e, now);
      },
    ]);
    const answers = new Map<string, Answer>();
    const done = interview({
      prompter,
      questionnaires: [module()],
      store: { answers, set: (id, a) => void (a ? answers.set(id, a) : answers.delete(id)) },
      out: (t) => out.push(t),
      paint: plain,
      fancy: false,
      columns: 80,
    });
    await expect(done).resolves.toBe('quit');
    expect(out.join('')).toContain('profile answered: 3 questions now apply to you');
  });

  it('an unscored module (the profile) shows the overall count only, not a module count of 0/0', async () => {
    const profile = QN('p', [{ id: 's', questions: [Q('P1')] }], { weight: 0 });
    const other = QN('n', [{ id: 's', questions: [Q('N1')] }]);
    const prompter = scriptedPrompter([
      (s, e) => {
        expect(s).toContain('P1');
        expect(s).toMatch(/0 of 1 answered \(0%\)\s*\n/);
        expect(s).not.toContain('module 0/0');
        e.keypress('q');
      },
    ]);
    const answers = new Map<string, Answer>();
    const done = interview({
      prompter,
      questionnaires: [profile, other],
      store: { answers, set: (id, a) => void (a ? answers.set(id, a) : answers.delete(id)) },
      out: () => {},
      paint: plain,
      fancy: false,
      columns: 80,
    });
    await expect(done).resolves.toBe('quit');
  });

  it('with several modules, the header and the review give the same count per module too', async () => {
    const other = QN('n', [{ id: 's', questions: [Q('N1'), Q('N2')] }]);
    const answers = new Map<string, Answer>([
      ['G', { value: 'no', skipped: false }],
      ['N1', { value: 'a', skipped: false }],
    ]);
    const prompter = scriptedPrompter([
      (s, e) => {
        expect(s).toContain('1 of 5 answered (20%) · module 0/3');
        e.keypress('r');
      },
      (s, e, now) => {
        expect(s).toContain('by module: m 0/3 · n 1/2');
        chooseRow('Save and quit')(s, e, now);
      },
    ]);
    const done = interview({
      prompter,
      questionnaires: [module(), other],
      store: { answers, set: (id, a) => void (a ? answers.set(id, a) : answers.delete(id)) },
      out: () => {},
      paint: plain,
      fancy: false,
      columns: 80,
    });
    await expect(done).resolves.toBe('quit');
  });

  it('the time left shows once five answers were timed, from the median pace', async () => {
    let t = 0;
    const many = QN('m', [{ id: 's', questions: Array.from({ length: 12 }, (_, i) => Q(`Q${i + 1}`)) }]);
    const steps: Step[] = [];
    for (let i = 0; i < 6; i++)
      steps.push((s, e) => {
        if (i < 5) expect(s).not.toContain('min left');
        else expect(s).toContain('5 of 12 answered (41%) · about 1 min left'); // 7 left × 10 s
        t += 10_000;
        e.keypress(i < 5 ? '1' : 'q');
      });
    const answers = new Map<string, Answer>();
    const done = interview({
      prompter: scriptedPrompter(steps),
      questionnaires: [many],
      store: { answers, set: (id, a) => void (a ? answers.set(id, a) : answers.delete(id)) },
      out: () => {},
      paint: plain,
      fancy: false,
      columns: 80,
      now: () => t,
    });
    await expect(done).resolves.toBe('quit');
  });
});

describe('answers carried from an earlier version', () => {
  const carried = (value: Answer['value'], from: string, extra: Partial<Answer> = {}): Answer => ({
    value,
    skipped: false,
    carried: `m@1.0.0 ${from}`,
    ...extra,
  });

  it('resume asks each carried answer again, its value chosen, with where it came from; confirming removes the mark', async () => {
    const { done, answers, saves } = run(
      [
        (s, e) => {
          expect(s).toContain('Q1?');
          expect(s).toContain('Carried from 1.0.0 (Q0): confirm or change');
          expect(s).toMatch(/> .*B/); // the carried value is chosen
          e.keypress('enter'); // confirm
        },
        (s, e) => {
          expect(s).toContain('Q3?'); // Q2 hidden (G = no)
          expect(s).toContain('Carried from 1.0.0 (Q3)');
          e.keypress('3'); // change
        },
        (s, e) => {
          expect(s).toContain('Q4?'); // not carried, unanswered
          e.keypress('q');
        },
      ],
      {
        G: { value: 'no', skipped: false },
        Q1: carried('b', 'Q0', { note: 'kept note' }),
        Q3: carried('b', 'Q3'),
      },
    );
    await expect(done).resolves.toBe('quit');
    expect(answers.get('Q1')).toEqual({ value: 'b', skipped: false, note: 'kept note' });
    expect(answers.get('Q3')).toEqual({ value: 'c', skipped: false });
    expect(saves.map(([id]) => id)).toEqual(['Q1', 'Q3']);
  });

  it('a carried answer skipped stays as it was, unconfirmed; the final review lists it and asks it when picked', async () => {
    const { done, answers } = run(
      [
        (s, e) => {
          expect(s).toContain('Q1?');
          e.keypress('s'); // pass it by: kept, still carried
        },
        press('2'), // Q3
        press('enter'), // Q4: none of them
        (s, e, now) => {
          expect(s).toMatch(/Carried from an earlier version, not yet confirmed \(1\)\n {2}Q1 {2}Q1\?/);
          chooseRow('Q1  Q1?')(s, e, now);
        },
        (s, e) => {
          expect(s).toContain('Carried from 1.0.0 (Q1): confirm or change');
          e.keypress('enter');
        },
        (s, e, now) => {
          expect(s).not.toContain('Carried from an earlier version');
          chooseRow('Finish')(s, e, now);
        },
      ],
      { G: { value: 'no', skipped: false }, Q1: carried('a', 'Q1') },
    );
    await expect(done).resolves.toBe('finished');
    expect(answers.get('Q1')).toEqual({ value: 'a', skipped: false });
  });
});
