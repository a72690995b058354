import type { Context } from '../context.js';
import { SCHEMAS } from '../core/schema-validate.js';

export async function schemaCommand(kind: 'questionnaire' | 'answers', ctx: Context): Promise<number> {
  ctx.stdout(JSON.stringify(SCHEMAS[kind], null, 2) + '\n');
  return 0;
}
