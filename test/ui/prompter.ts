import { render } from '@inquirer/testing';
import { checkbox, input } from '@inquirer/prompts';
import { plain } from '../../src/render/paint.js';
import { drafting, listPrompt, questionPrompt, type ListConfig, type Prompter } from '../../src/ui/prompts.js';

type Events = Awaited<ReturnType<typeof render>>['events'];
/** One step per prompt: sees the screen and presses keys. */
export type Step = (screen: string, events: Events, now: () => string) => void | Promise<void>;

/**
 * A Prompter whose every prompt is the real @inquirer prompt rendered by @inquirer/testing and
 * driven by the next scripted step. `screens` records what each prompt showed first, `outputs`
 * everything each prompt wrote to the terminal (escape sequences included).
 */
export function scriptedPrompter(
  steps: Step[],
): Prompter & { screens: string[]; finals: string[]; outputs: string[]; left: () => number } {
  const queue = [...steps];
  const screens: string[] = [];
  const finals: string[] = [];
  const outputs: string[] = [];
  const drive = async <T>(
    open: (
      signal: AbortSignal,
    ) => Promise<{ answer: Promise<T>; events: Events; getScreen: () => string; getFullOutput: () => string }>,
    outer: AbortSignal | undefined,
  ): Promise<T> => {
    // a prompt the script cannot finish is closed, not left waiting until the worker exits
    const close = new AbortController();
    const { answer, events, getScreen, getFullOutput } = await open(
      outer ? AbortSignal.any([outer, close.signal]) : close.signal,
    );
    const abandon = (e: unknown) => {
      answer.catch(() => {});
      close.abort();
      throw e;
    };
    const step = queue.shift();
    if (!step) abandon(new Error(`no scripted step for the prompt:\n${getScreen()}`));
    screens.push(getScreen());
    await Promise.resolve(step!(getScreen(), events, getScreen)).catch(abandon);
    try {
      return await answer;
    } finally {
      finals.push(getScreen());
      outputs.push(getFullOutput());
    }
  };
  return {
    screens,
    /** what each prompt showed when it closed (✔ or ✘) */
    finals,
    outputs,
    left: () => queue.length,
    question: (config, ctx) => drive((signal) => render(questionPrompt, config, { signal }), ctx?.signal),
    text: (config, ctx) =>
      drive(
        (signal) =>
          render(
            input,
            {
              message: config.message,
              ...(config.default !== undefined && { default: config.default }),
              required: config.required ?? false,
              ...(config.validate && { validate: config.validate }),
              ...(config.onDraft && { transformer: drafting(config.onDraft) }),
            },
            { signal },
          ),
        ctx?.signal,
      ),
    list: (config, ctx) =>
      drive(
        (signal) => render(listPrompt, { ...(config as ListConfig<unknown>), paint: plain, fancy: false }, { signal }),
        ctx?.signal,
      ) as never,
    pick: (config) =>
      drive(
        (signal) => render(checkbox, { message: config.message, choices: config.choices }, { signal }),
        undefined,
      ) as never,
  };
}

export const press =
  (...keys: Array<string | { name: string; ctrl?: boolean }>): Step =>
  (_s, e) => {
    for (const k of keys) e.keypress(k);
  };
export const typeAndEnter =
  (text: string): Step =>
  (_s, e) => {
    e.type(text);
    e.keypress('enter');
  };

/** In a list: moves down to the row that contains `text` and chooses it. */
export const chooseRow =
  (text: string): Step =>
  (_s, e, now) => {
    for (let i = 0; i < 500; i++) {
      if (
        now()
          .split('\n')
          .some((l) => l.startsWith('> ') && l.includes(text))
      ) {
        e.keypress('enter');
        return;
      }
      e.keypress('down');
    }
    throw new Error(`no row with ${text}:\n${now()}`);
  };
