import type { ReportModel } from '../core/report-model.js';

export function renderMarkdown(model: ReportModel): string {
  return `# ${model.meta.title}\n`;
}
