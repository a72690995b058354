// A worker thread of `hrdd validate`: checks its share of the files and posts the reports back.
import { parentPort, workerData } from 'node:worker_threads';
import { validateFiles } from './commands/validate.js';

const { files, cwd, roots, strict, track } = workerData as {
  files: string[];
  cwd: string;
  roots: string[];
  strict: boolean;
  track: boolean;
};
parentPort!.postMessage(validateFiles(files, { cwd, roots }, strict, track));
