import type { ReportModel } from '../../core/report-model.js';

/** Renders the report model as an accessible, tagged PDF with embedded fonts. */
export async function renderPdf(_model: ReportModel): Promise<Uint8Array> {
  throw new Error('PDF rendering is not implemented yet');
}
