/** Short titles of the 31 UN Guiding Principles, in our own words, for reports. */
export const UNGP_TITLES: Record<number, string> = {
  1: 'State duty to protect',
  2: 'Setting expectations for business abroad',
  3: 'State laws and policies',
  4: 'The State–business nexus',
  5: 'Privatised public services',
  6: 'Commercial transactions by States',
  7: 'Conflict-affected areas',
  8: 'Policy coherence in government',
  9: 'Policy space in agreements',
  10: 'Multilateral institutions',
  11: 'Respecting human rights',
  12: 'Internationally recognised rights',
  13: 'Causing, contributing, direct linkage',
  14: 'Means proportionate to size and severity',
  15: 'Policies and processes in place',
  16: 'Policy commitment',
  17: 'Human rights due diligence',
  18: 'Assessing impacts',
  19: 'Integrating findings and acting',
  20: 'Tracking effectiveness',
  21: 'Communicating',
  22: 'Remediation',
  23: 'Respecting rights whatever the context',
  24: 'Prioritising the most severe impacts',
  25: 'Access to remedy',
  26: 'Judicial mechanisms',
  27: 'State non-judicial mechanisms',
  28: 'Non-State mechanisms',
  29: 'Operational-level grievance mechanisms',
  30: 'Industry and multi-stakeholder mechanisms',
  31: 'Effectiveness criteria for grievance mechanisms',
};

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
