/**
 * Incident classification: the top-level classes of the Reference Security
 * Incident Taxonomy (RSIT, maintained by the TF-CSIRT working group), the
 * vocabulary most CSIRTs already use when they exchange cases.
 */
export const categories = [
  { id: 'abusive-content', label: 'Abusive content', hint: 'Spam, harassment, child abuse material' },
  { id: 'malicious-code', label: 'Malicious code', hint: 'Virus, worm, trojan, ransomware, spyware' },
  { id: 'information-gathering', label: 'Information gathering', hint: 'Scanning, sniffing, social engineering' },
  { id: 'intrusion-attempts', label: 'Intrusion attempts', hint: 'Exploitation attempts, login attempts' },
  { id: 'intrusions', label: 'Intrusions', hint: 'Compromised account, system or application' },
  { id: 'availability', label: 'Availability', hint: 'DoS, DDoS, sabotage, outage' },
  { id: 'information-content-security', label: 'Information content security', hint: 'Unauthorised access or modification, data loss or leak' },
  { id: 'fraud', label: 'Fraud', hint: 'Phishing, masquerade, unauthorised use of resources' },
  { id: 'vulnerable', label: 'Vulnerable', hint: 'Weak crypto, open services, vulnerable systems' },
  { id: 'other', label: 'Other', hint: 'Anything that fits no other class' },
  { id: 'test', label: 'Test', hint: 'Exercises and tests' },
] as const;

export type CategoryId = (typeof categories)[number]['id'];

export const categoryIds = categories.map((c) => c.id) as unknown as readonly [CategoryId, ...CategoryId[]];

export function categoryLabel(id: CategoryId): string {
  return categories.find((c) => c.id === id)?.label ?? id;
}

/** Priorities in descending urgency; the order is used for sorting. */
export const priorities = ['critical', 'high', 'medium', 'low'] as const;
export type Priority = (typeof priorities)[number];

/** The life cycle of a case, following the CERT process map (Detect → Triage → Respond → Recover). */
export const statuses = ['new', 'triage', 'responding', 'recovering', 'closed'] as const;
export type CaseStatus = (typeof statuses)[number];
