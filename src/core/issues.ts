/** Rights issues as people read them (salience, gap tags). */

const ISSUE_LABELS: Record<string, string> = {
  privacy: 'Privacy',
  'freedom-of-expression': 'Freedom of expression',
  'freedom-of-assembly': 'Freedom of assembly and association',
  'liberty-and-security': 'Liberty and security of person',
  'labour-rights': 'Labour rights',
  'health-and-safety': 'Health and safety',
  'non-discrimination': 'Non-discrimination',
  'community-health-environment': 'Community health and environment',
  'access-to-remedy': 'Access to remedy',
  'all-rights': 'All human rights',
  children: "Children's rights",
  'environment-climate': 'Environment and climate',
  other: 'Another issue',
};

/** The tag that marks a question about what happened in the period (format §4): not a rights issue. */
const OUTCOME_TAG = 'outcome';

/** A question about what happened in the period: listed in the executive summary, never carried forward. */
export const isOutcome = (q: { tags: readonly string[] }): boolean => q.tags.includes(OUTCOME_TAG);

/** The rights issues among a question's tags, as people read them (the `outcome` mark is not one). */
export function rightsOf(tags: readonly string[]): string[] {
  return tags.filter((t) => t !== OUTCOME_TAG).map(issueLabel);
}

/** A readable label for a rights tag: known ones by name, others from their spelling. */
export function issueLabel(tag: string): string {
  return ISSUE_LABELS[tag] ?? tag.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
