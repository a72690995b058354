// How a framework chapter names itself and its items, the same in the Markdown and the PDF report.
// The UN Guiding Principles keep the words the report always used for them.
import type { ReportFramework } from '../core/report-model.js';

/** The chapter's title: "Scores by UNGP principle", or "Scores against <the framework's title>". */
export const frameworkChapterTitle = (f: Pick<ReportFramework, 'id' | 'title'>) =>
  f.id === 'ungp' ? 'Scores by UNGP principle' : `Scores against ${f.title}`;

/** What an item is called: "principle" for the UNGP, otherwise "item". */
export const itemNoun = (f: Pick<ReportFramework, 'id'>) => (f.id === 'ungp' ? 'principle' : 'item');

/** An item as a line: "16. Policy commitment" for a numbered item, "G1 Policy commitment" otherwise. */
export const itemLabel = (i: { id: string; title: string }) =>
  i.title === i.id ? i.id : /^\d+$/.test(i.id) ? `${i.id}. ${i.title}` : `${i.id} ${i.title}`;

/** "UN OHCHR, HR/PUB/11/04": the publisher and the edition (or version) of the framework, for the intro. */
export const frameworkEdition = (f: Pick<ReportFramework, 'publisher' | 'source' | 'version'>) =>
  [f.publisher, f.source.edition].filter(Boolean).join(', ');
