/**
 * The team: the expertise matrix (who knows which platforms, when they can
 * be reached, how) and the notification and escalation lists that playbook
 * steps name by id. From the CERT seeds' key requirements for a security
 * team: an established way to notify the rest of the organisation, a matrix
 * of platform and network experts with their availability and contact
 * details, and an identified escalation path.
 *
 * Lists hold contact ids; an escalation list is ordered (first whom to call
 * first). `external` holds people or services that are not team members
 * (e.g. the police non-emergency number, the hosting provider's abuse desk).
 */
import { z } from 'zod';
import type { Issue } from '../api/errors';
import { text } from '../events/primitives';
import { listIdSchema } from './model';

const PGP_FINGERPRINT = /^(?:[0-9A-F]{40}|[0-9A-F]{64})$/;
const EMAIL = /^[^\s@]+@[^\s@]+$/;

export const contactIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'Not a contact id');

export const contactSchema = z.strictObject({
  id: contactIdSchema,
  name: text('Name', 1, 200),
  role: text('Role', 0, 200),
  /** Skills, platforms and products this person knows (e.g. "Windows Server", "Cisco ASA", "forensics"). */
  skills: z.array(text('Skill', 1, 100)).max(100),
  /** When and how they can be reached, e.g. "weekdays 8–17, on call every 4th week". */
  availability: text('Availability', 0, 500),
  phone: text('Phone', 0, 100),
  email: z.union([z.literal(''), z.string().max(320).regex(EMAIL, 'Not an e-mail address')]),
  /** OpenPGP fingerprint, 40 (v4) or 64 (v6) hex digits, upper case, no spaces. */
  pgpFingerprint: z.union([z.literal(''), z.string().regex(PGP_FINGERPRINT, 'Not an OpenPGP fingerprint (40 or 64 hex digits, upper case, no spaces)')]),
  notes: text('Notes', 0, 5000).exactOptional(),
});

export const contactListSchema = z.strictObject({
  id: listIdSchema,
  name: text('List name', 1, 200),
  kind: z.enum(['notification', 'escalation']),
  /** When to use it. */
  purpose: text('Purpose', 0, 2000),
  /** Contact ids; for an escalation list in the order to call them. */
  members: z.array(contactIdSchema).max(500),
  external: text('Others to inform', 0, 5000),
});

export const teamSchema = z.strictObject({
  contacts: z.array(contactSchema).max(5000),
  lists: z.array(contactListSchema).max(500),
});

export type Contact = z.infer<typeof contactSchema>;
export type ContactList = z.infer<typeof contactListSchema>;
export type Team = z.infer<typeof teamSchema>;

/** Writes a fingerprint the way the schema keeps it: hex digits only, upper case. */
export function normalizeFingerprint(input: string): string {
  return input.replace(/[\s:]/g, '').toUpperCase();
}

const list = (id: string, name: string, kind: ContactList['kind'], purpose: string): ContactList => ({ id, name, kind, purpose, members: [], external: '' });

/**
 * The lists the built-in playbooks refer to, empty until the team fills them
 * in. A vault without a saved team shows these.
 */
export const defaultLists: readonly ContactList[] = [
  list('management', 'Management', 'notification', 'Site and organisation management: decides on business impact, shutdowns and disclosure.'),
  list('coordinator', 'Incident coordinator / central security team', 'notification', 'The person or team that coordinates incidents across sites; receives every case.'),
  list('it-operations', 'IT operations', 'notification', 'Administrators of servers, network, e-mail and identity systems.'),
  list('help-desk', 'Help desk', 'notification', 'First-line support: warns users and takes their calls.'),
  list('data-protection', 'Data protection officer', 'notification', 'When personal data may be affected: legal deadlines for reporting a breach can be short (72 hours under the GDPR).'),
  list('legal', 'Legal', 'notification', 'Contracts, liability, evidence that may go to court, contact with law enforcement.'),
  list('hr', 'Human resources', 'notification', 'When a member of staff is involved (insider misuse, a lost device of an employee).'),
  list('communications', 'Communications', 'notification', 'Press, customers and public statements. Nobody else talks to the press.'),
  list('physical-security', 'Physical security', 'notification', 'Theft, access to buildings and rooms, CCTV.'),
  list('all-staff', 'All staff', 'notification', 'Warnings to everyone (a phishing wave, an outage).'),
  list('escalation', 'Escalation path', 'escalation', 'Whom to call, in order, when the site cannot handle it or needs expertise: local lead, then the coordinator, then an external CSIRT or vendor.'),
];

export function defaultTeam(): Team {
  return { contacts: [], lists: defaultLists.map((l) => ({ ...l, members: [] })) };
}

/** Problems the schema cannot see: repeated ids, list members who are not in the matrix. */
export function checkTeam(team: Team): Issue[] {
  const issues: Issue[] = [];
  const contactIds = new Set<string>();
  team.contacts.forEach((c, i) => {
    if (contactIds.has(c.id)) issues.push({ path: `contacts.${i}.id`, message: `Contact id ${c.id} is used twice` });
    contactIds.add(c.id);
  });
  const listIds = new Set<string>();
  team.lists.forEach((l, i) => {
    if (listIds.has(l.id)) issues.push({ path: `lists.${i}.id`, message: `List id ${l.id} is used twice` });
    listIds.add(l.id);
    l.members.forEach((m, j) => {
      if (!contactIds.has(m)) issues.push({ path: `lists.${i}.members.${j}`, message: `${l.name}: no contact with id ${m}` });
    });
    if (new Set(l.members).size !== l.members.length) issues.push({ path: `lists.${i}.members`, message: `${l.name}: a contact is listed twice` });
  });
  return issues;
}
