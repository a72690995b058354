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
};

/** A readable label for a rights tag: known ones by name, others from their spelling. */
export function issueLabel(tag: string): string {
  return ISSUE_LABELS[tag] ?? tag.replace(/[-_]+/g, ' ').replace(/^./, (c) => c.toUpperCase());
}
