import pkg from '../package.json' with { type: 'json' };

export const TOOL = { name: 'hrdd', version: pkg.version } as const;
