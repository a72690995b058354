import { EventEmitter } from 'node:events';
import { Writable } from 'node:stream';
import { render } from '@inquirer/testing';
import { describe, expect, it } from 'vitest';
import type { Answer } from '../../src/core/model.js';
import { plain } from '../../src/render/paint.js';
import { interview, SaveError } from '../../src/ui/interview.js';
import { describeKeys, KeyQueue } from '../../src/ui/keys.js';
import { createPrompter, questionPrompt, type QuestionPromptConfig } from '../../src/ui/prompts.js';
import { question as Q, questionnaireOf as QN } from '../core/score-helpers.js';

/** A terminal's input: raw-mode calls recorded, data pushed by the test. */
class FakeTerminal extends EventEmitter {
  raw: boolean[] = [];
  setRawMode(on: boolean) {
    this.raw.push(on);
  }
  resume() {}
  pause() {}
  type(text: string) {
    this.emit('data', Buffer.from(text));
  }
}

/** The terminal's output; like process.stdout, it outlives each prompt's end(). */
const screen = () => {
  let text = '';
  const stream = new Writable({
    write(chunk, _e, cb) {
      text += chunk.toString();
      cb();
    },
  });
  stream.end = (() => stream) as typeof stream.end;
  return { stream, text: () => text };
};

/** 20 single questions (options a, b, c, N/A) and a multiple one in the middle. */
const module = () =>
  QN('m', [
    {
      id: 's',
      questions: [
        ...Array.from({ length: 10 }, (_, i) => Q(`Q${i + 1}`)),
        Q('M', {
          type: 'multiple',
          options: [
            { value: 'x', label: 'Ex', score: 0.5 },
            { value: 'y', label: 'Why', score: 0.5 },
            { value: 'z', label: 'Neither', na: true },
          ],
        }),
        ...Array.from({ length: 10 }, (_, i) => Q(`Q${i + 11}`)),
      ],
    },
  ]);

function session(opts: { onSave?: (id: string) => void } = {}) {
  const term = new FakeTerminal();
  const gone: string[] = [];
  const keys = new KeyQueue(term, (why) => gone.push(why));
  const out = screen();
  const answers = new Map<string, Answer>();
  const saves: string[] = [];
  // ends a session a test leaves open (a prompt still waiting when the worker exits is a rejection)
  const stop = new AbortController();
  const store = {
    answers,
    set: (id: string, a: Answer | null) => {
      saves.push(id);
      if (a) answers.set(id, a);
      else answers.delete(id);
      opts.onSave?.(id);
    },
  };
  const done = interview({
    prompter: createPrompter(false, keys),
    questionnaires: [module()],
    store,
    out: () => {},
    paint: plain,
    fancy: false,
    columns: 80,
    promptContext: { output: out.stream, signal: stop.signal },
  });
  const values = () => Object.fromEntries([...answers].map(([k, v]) => [k, v.skipped ? 'skipped' : v.value]));
  return { term, keys, done, answers, saves, values, gone, screen: out.text, stop: () => stop.abort() };
}

const settle = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
};

describe('type-ahead: keys that arrive together answer one question each, in order', () => {
  it('20 digits pasted in one chunk answer 20 questions (and tick the multiple one), none dropped', async () => {
    const s = session();
    // Q1–Q10: 1,2,3,1,2,3,…; M: tick 1 and 2, enter; Q11–Q20: 3,2,1,…; nothing open: finished, no review
    s.term.type('1231231231' + '12\r' + '3213213213');
    await expect(s.done).resolves.toBe('finished');
    const abc = ['a', 'b', 'c'];
    expect(s.values()).toEqual({
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`Q${i + 1}`, abc[i % 3]])),
      M: ['x', 'y'],
      ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`Q${i + 11}`, abc[2 - (i % 3)]])),
    });
    expect(s.saves).toHaveLength(21); // one save per question, in order
    expect(s.saves.slice(0, 3)).toEqual(['Q1', 'Q2', 'Q3']);
    expect(s.keys.dispose()).toEqual([]);
    expect(s.term.raw).toEqual([true, false]); // raw from start to end: never cooked between prompts
  });

  it('keys typed during a slow save go to the following questions, in order', async () => {
    // eslint-disable-next-line prefer-const -- the callbacks below close over it before it is set
    let t!: FakeTerminal;
    const s = session({
      onSave: (id) => {
        if (id === 'Q1') t.type('23');
        if (id === 'Q3') t.type('s');
      },
    }); // arrive while Q1's save runs, then Q3's
    t = s.term;
    s.term.type('1');
    await settle(() => s.answers.has('Q4'));
    expect(s.values()).toEqual({ Q1: 'a', Q2: 'b', Q3: 'c', Q4: 'skipped' });
    s.term.type('q');
    await expect(s.done).resolves.toBe('quit');
  });

  it('a note typed ahead goes into the note prompts, then the next digit answers the same question', async () => {
    const s = session();
    s.term.type('nBoard approved.\rdocs/p.pdf\r2q');
    await expect(s.done).resolves.toBe('quit');
    expect(s.answers.get('Q1')).toEqual({
      value: 'b',
      skipped: false,
      note: 'Board approved.',
      evidence: ['docs/p.pdf'],
    });
    expect(s.answers.has('Q2')).toBe(false);
  });

  it('Ctrl-C typed ahead stops after the keys before it were applied; the keys after it are not used', async () => {
    const s = session();
    s.term.type('12\x0334');
    await expect(s.done).rejects.toMatchObject({ name: 'ExitPromptError' });
    expect(s.values()).toEqual({ Q1: 'a', Q2: 'b' });
    expect(describeKeys(s.keys.dispose())).toBe('3 4');
  });

  it('the terminal going away (end of input, EIO) is reported once', async () => {
    const s = session();
    s.term.emit('error', Object.assign(new Error('read EIO'), { code: 'EIO' }));
    s.term.emit('end');
    expect(s.gone).toEqual(['EIO', 'end']);
    s.keys.dispose();
    s.term.emit('error', Object.assign(new Error('setRawMode EIO'), { code: 'EIO' })); // handled after dispose too
    expect(s.gone).toHaveLength(2);
    s.term.type('q'); // never reaches a prompt any more
    s.stop(); // the wizard would end here (hrdd assess saves and exits); its open prompt closes
    await expect(s.done).rejects.toMatchObject({ name: 'AbortPromptError' });
  });
});

describe('✔ means saved', () => {
  const config = (save?: QuestionPromptConfig['save']): QuestionPromptConfig => ({
    header: [],
    text: 'Is it so?',
    meta: '',
    choices: [
      { label: 'Yes', value: 'yes' },
      { label: 'N/A', value: 'na', na: true },
    ],
    multiple: false,
    canGoBack: true,
    width: 80,
    paint: plain,
    fancy: true,
    ...(save && { save }),
  });

  it('an answer that was saved shows ✔', async () => {
    const { answer, events, getScreen } = await render(
      questionPrompt,
      config(() => true),
    );
    events.keypress('1');
    await expect(answer).resolves.toEqual({ kind: 'answer', value: 'yes' });
    expect(getScreen()).toMatch(/^✔ Is it so\?\n\s+Yes$/);
  });

  it('a failed save shows ✘ and why, never ✔, and the outcome is "failed"', async () => {
    const { answer, events, getScreen } = await render(
      questionPrompt,
      config(() => {
        throw new SaveError(new Error('x'), 'no space left on the device');
      }),
    );
    events.keypress('1');
    const outcome = await answer;
    expect(outcome.kind).toBe('failed');
    expect(getScreen()).toContain('✘ Is it so?');
    expect(getScreen()).toContain('Yes — could not save: no space left on the device');
    expect(getScreen()).not.toContain('✔');
  });

  it('nothing saved yet (N/A waits for its reason; back, review) shows a neutral mark', async () => {
    for (const key of ['2', 'b']) {
      const { answer, events, getScreen } = await render(
        questionPrompt,
        config(() => false),
      );
      events.keypress(key);
      await answer;
      expect(getScreen()).toMatch(/^› Is it so\?/);
    }
  });

  it('in the interview, a save that fails ends it with the SaveError; the answer stays in memory', async () => {
    const term = new FakeTerminal();
    const keys = new KeyQueue(term, () => {});
    const answers = new Map<string, Answer>();
    const out = screen();
    let n = 0;
    const store = {
      answers,
      set: (id: string, a: Answer | null) => {
        if (a) answers.set(id, a);
        if (++n === 2) throw new SaveError(new Error('ENOSPC'), 'no space left on the device');
      },
    };
    const done = interview({
      prompter: createPrompter(true, keys),
      questionnaires: [module()],
      store,
      out: () => {},
      paint: plain,
      fancy: true,
      columns: 80,
      promptContext: { output: out.stream },
    });
    term.type('123');
    await expect(done).rejects.toThrow('could not save: no space left on the device');
    expect([...answers.keys()]).toEqual(['Q1', 'Q2']);
    expect(describeKeys(keys.dispose())).toBe('3'); // not applied to anything: said by hrdd assess
    const shown = out.text();
    expect(shown).toContain('✔');
    expect(shown).toContain('✘');
    expect(shown.lastIndexOf('✔')).toBeLessThan(shown.indexOf('✘')); // Q1 ✔, Q2 ✘
  });

  it('an N/A reason whose save fails shows why and ends the interview', async () => {
    const term = new FakeTerminal();
    const keys = new KeyQueue(term, () => {});
    const answers = new Map<string, Answer>();
    const out = screen();
    const store = {
      answers,
      set: () => {
        throw new SaveError(new Error('EIO'), 'an input/output error on the device');
      },
    };
    const done = interview({
      prompter: createPrompter(false, keys),
      questionnaires: [module()],
      store,
      out: () => {},
      paint: plain,
      fancy: false,
      columns: 80,
      promptContext: { output: out.stream },
    });
    term.type('4No hardware.\r');
    await expect(done).rejects.toBeInstanceOf(SaveError);
    expect(out.text()).toContain('could not save: an input/output error on the device');
    keys.dispose();
  });
});
