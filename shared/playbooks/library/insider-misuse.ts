/** Built-in playbook: an employee, contractor or former employee abusing their access. */
import { builtin, ifDecision, roles, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, manager, hr, legal, coordinator } = roles;

export const insiderMisuse = builtin({
  id: builtinRefs.insider.playbookId,
  version: 1,
  cacaoId: builtinRefs.insider.cacaoId,
  start: 'start--9d8cc77f-f99a-42b1-861a-bcb06083aa90',
  end: 'end--0ab6f4e9-f409-4c37-a20f-d2be592dd3f8',
  title: 'Insider misuse',
  summary:
    'An employee, contractor or former employee may have abused their access: looking at data they should not, copying it, changing or destroying things. Handle it discreetly and lawfully: HR and legal decide what may be examined, evidence is kept so that it holds up later.',
  audience:
    'The site manager and the IT administrator asked to help. Do not confront or warn the person, and do not look into their mailbox, files or devices before HR and legal have agreed in writing: privacy law and staff agreements apply.',
  categories: ['information-content-security', 'fraud'],
  agents: { [handler]: 'group--5863fa71-82ee-4afc-ab3d-b9b4f0aad761', [it]: 'group--853223e0-1f02-4d72-b5d1-daf7d6ad2b11', [manager]: 'group--1fc37e47-dd4f-46fb-850b-3242365bd6bd', [hr]: 'group--83c97be5-4015-4144-b576-f539c00bb0d5', [legal]: 'group--4800e20c-b126-4445-8d0f-f3fef9363ef1', [coordinator]: 'group--7c9c2f06-b36b-4dee-a01f-df7d919f8c58' },
  steps: [
    task('action--017d825d-0ed6-431d-bbd8-9abf890f9857', 'prepare', 'insider-discreet', 'Keep it confidential', {
      role: manager,
      instructions: 'Only those who must know, know. Do not confront or alert the person, do not discuss it in open channels, and keep the case restricted. Record who has been told.',
      evidence: 'The people who know, and since when.',
    }),
    task('action--caf64fee-4394-4b43-96a5-852598a7f863', 'verify', 'insider-report', 'Record the report as facts', {
      role: handler,
      instructions: 'Write down what was observed, by whom, when, and on which systems: facts, not opinions or suspicions about character.',
      evidence: 'The report, and the reporter’s identity (kept confidential in the case).',
    }),
    task('action--ae265af3-bc4a-46aa-9f98-27775683095e', 'notify', 'insider-hr-legal', 'Involve HR and legal before looking further', {
      role: manager,
      instructions: 'Agree with HR and legal what may be examined (which logs, mailbox, files, devices), by whom, over which period, and on what legal basis. Get it in writing.',
      evidence: 'Their written approval: date, names, and the scope agreed.',
      notify: ['hr', 'legal'],
    }),
    task('action--cf7a8f89-2d5d-4898-a0a4-f1fac11c0767', 'analyze', 'insider-logs', 'Collect the logs within the agreed scope', {
      role: it,
      instructions: 'Export only what was agreed: access logs of the systems concerned, file access and downloads, badge records, e-mail metadata. Add each export to the case as an evidence item, so that its hash and chain of custody are recorded: this may end up before a court or tribunal.',
      evidence: 'Each log as an evidence item with its SHA-256 and custody record.',
    }),
    task('action--9594b9f9-8ee6-4c3d-b2b5-c2dfcb20a055', 'analyze', 'insider-device', 'Secure the person’s devices, if agreed', {
      role: it,
      instructions: 'When HR and legal agree, take the laptop or phone while the person is not using it, note its condition, seal it in an evidence bag and record the custody. Do not switch it on or look through it yourself: a trained person makes a forensic copy.',
      evidence: 'Device description and serial number, seal number, custody record.',
      notify: ['physical-security'],
      optional: true,
    }),
    ifDecision('if-condition--de548ad1-1868-4c79-b1c7-232d7807c36e', 'contain', 'insider-ongoing', 'Is the misuse still going on, or is damage about to happen?', {
      role: manager,
      condition: 'Access is still being abused, or data is about to be taken or systems sabotaged',
      evidence: 'Who decided, when, and on what facts.',
      yes: {
        end: 'end--06f47fcd-c2f0-4a0d-825b-431465049c3e',
        steps: [
          task('action--28b9c446-6bc1-4b28-8d87-3aea75974675', 'contain', 'insider-suspend', 'Suspend the access now, together with HR', {
            role: it,
            instructions: 'At the moment agreed with HR (often during a meeting with the person): disable the accounts, VPN and remote access, badges, and revoke tokens and sessions.',
            evidence: 'The time and every access removed.',
          }),
        ],
      },
      no: {
        end: 'end--c456b546-41ca-4a12-9bcc-d3d3e2385340',
        steps: [
          task('action--60842204-6afb-44f8-b051-f139678ffc5a', 'contain', 'insider-plan', 'Plan the removal of access with HR', {
            role: hr,
            instructions: 'Agree when and how access will be removed, and keep watching within the agreed scope until then.',
            evidence: 'The plan and its date.',
          }),
        ],
      },
    }),
    task('action--94b6fcfa-43cf-4334-89a2-35f80a6228e0', 'notify', 'insider-coordinator', 'Inform the coordinator', {
      role: handler,
      instructions: 'Tell the coordinator that an insider case is open and which systems are concerned. Leave out the person’s identity unless it is needed.',
      evidence: 'When the coordinator was told.',
      notify: ['coordinator'],
    }),
    task('action--ebb2572b-7ba4-4dc6-ab57-a6b3d68ce8e6', 'research', 'insider-impact', 'Assess the damage', {
      role: it,
      instructions: 'Determine what was accessed, changed or taken. If personal data of others was involved, inform the data protection officer.',
      evidence: 'A summary of the impact; when the data protection officer was informed, if at all.',
      notify: ['data-protection'],
    }),
    task('action--e5872fcd-40fd-4424-894a-6bf6f7bf68b3', 'recover', 'insider-clean', 'Remove every remaining way in and repair', {
      role: it,
      instructions: 'Change shared passwords the person knew, remove their keys and accounts on external services, restore changed data from backups, and look for accounts or scheduled tasks they may have added.',
      evidence: 'What was changed, restored or removed.',
    }),
    task('action--5616aa96-e284-4789-b417-274f6fa45dbe', 'follow-up', 'insider-handover', 'Hand over the evidence as decided', {
      role: legal,
      instructions: 'Give the evidence package to HR, legal or the police as decided, with the chain-of-custody form, and get a receipt.',
      evidence: 'The receipt and the custody records.',
    }),
    task('action--88092051-fd7c-40c8-94bc-081305292f66', 'improve', 'insider-improve', 'Close the gaps', {
      role: manager,
      instructions: 'Review: removing access when people change jobs or leave, giving only the access needed, logging access to sensitive data.',
      evidence: 'Each improvement, its owner and due date.',
    }),
  ],
});
