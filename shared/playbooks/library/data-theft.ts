/** Built-in playbook: data copied out of the organisation or published. */
import { builtin, ifDecision, lines, link, roles, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, manager, dpo, legal } = roles;

export const dataTheft = builtin({
  id: builtinRefs.exfiltration.playbookId,
  version: 1,
  cacaoId: builtinRefs.exfiltration.cacaoId,
  start: 'start--8f52c468-cb4e-41e2-85b8-57c1dd956d7d',
  end: 'end--0376c629-15b7-4916-9731-7285825e1507',
  title: 'Data theft or exfiltration',
  summary:
    'Data may have been copied out of the organisation: a large upload, your data seen on the internet, a blackmail message, or someone else reporting your data. Confirm it, stop the leak, keep the logs, find out exactly what left, and meet the legal deadlines for reporting.',
  audience:
    'Local IT staff with the data protection officer. If personal data is involved, legal deadlines apply (72 hours to report a personal data breach under the GDPR), so involve the data protection officer as soon as step 3 shows personal data.',
  categories: ['information-content-security'],
  agents: { [handler]: 'group--29c67132-8a7a-445a-9e98-43225e0accc6', [it]: 'group--1d0aff2b-725a-4199-b477-043d94e4ff61', [manager]: 'group--e2f1d00d-b3a1-42b2-af9f-56d9775ad095', [dpo]: 'group--97c2773b-1ad8-4d1c-9c0a-42d822695a4a', [legal]: 'group--4af4f04f-fb0b-4ee9-a378-9b70c48c51bd' },
  steps: [
    task('action--3c3aafdd-30cd-45af-9d33-b41cede79d30', 'verify', 'exfil-report', 'Record how it was found', {
      role: handler,
      instructions: lines(
        'Note what raised the alarm: an alert, an unusual upload volume, data seen on a leak or paste site, an extortion message, a tip from someone else.',
        'Keep the original message or the address where the data was seen. Do not download leaked data from criminal sites yourself: take a screenshot and note the address defanged (hxxps://example[.]com).',
      ),
      evidence: 'The report or message, screenshots, addresses, and the time you became aware.',
    }),
    task('action--655a092a-1ab4-46fa-a00d-dc8d21b24357', 'verify', 'exfil-confirm', 'Confirm that it is your data and that it is real', {
      role: it,
      instructions: 'Compare the sample you have with your systems: file names, formats, internal reference numbers. Do not spread the sample further than needed.',
      evidence: 'What matched, and which system holds the original.',
    }),
    task('action--f5f92709-b81b-47e1-9d92-81872dde4a9a', 'verify', 'exfil-what', 'Identify what kind of data it is', {
      role: it,
      instructions: 'Which system or share, what kind of data (personal data, health, financial, passwords, trade secrets), how many records or people, and who owns the data.',
      evidence: 'Kinds of data, estimated number of people or records, data owner.',
    }),
    task('action--01f49aca-1ce9-45a4-8114-01928762a8de', 'notify', 'exfil-dpo', 'If personal data is involved, inform the data protection officer now', {
      role: handler,
      instructions: 'The 72-hour deadline for reporting a personal data breach runs from when the organisation became aware. Give the data protection officer what you know so far; they decide about reporting to the authority and to the people concerned.',
      evidence: 'The time the data protection officer was informed, and their decisions.',
      notify: ['data-protection', 'legal', 'management'],
    }),
    task('action--ff5118fb-78fb-4a4e-a2f9-734beed3f955', 'contain', 'exfil-stop', 'Stop the leak', {
      role: it,
      instructions: 'Depending on how it leaks: block the destination (address, domain, cloud storage account), disable the account used, revoke its tokens and API keys, remove public sharing links, close the misconfigured share or storage bucket.',
      evidence: 'What was closed or blocked, and when; the permissions before and after (screenshots).',
    }),
    task('action--29e609b4-bab9-4eed-a78a-b0ced7d5838a', 'contain', 'exfil-logs', 'Save the logs before they disappear', {
      role: it,
      instructions: 'Export the logs that show who accessed and sent what: proxy and firewall (volumes per destination), file server access logs, cloud audit logs (Microsoft 365 audit log, Google Drive audit), VPN logs. Add each export to the case as an evidence item.',
      evidence: 'The log files as evidence items (with their SHA-256) and the time range of each.',
    }),
    task('action--e8e54d3b-ff4e-4707-8f1a-6bbfddd1d0f2', 'analyze', 'exfil-how-much', 'Find out exactly what left, and when', {
      role: it,
      instructions: 'From the logs, list the files or records taken, with times and volumes, and the first and last transfer.',
      evidence: 'The list of files or records (as an evidence item) and the time window.',
    }),
    ifDecision('if-condition--358b155d-9f23-442c-9b87-c41c267e059c', 'analyze', 'exfil-insider', 'Was it done by someone inside the organisation?', {
      role: handler,
      condition: 'The data was taken by an employee, contractor or former employee using their own access',
      evidence: 'What points to an insider or to an outside attacker.',
      yes: {
        end: 'end--8e72ce84-af68-4a74-8582-9a2752a76aa3',
        steps: [
          link('playbook-action--7688060b-a49f-4403-983c-554bbe807474', 'analyze', 'exfil-go-insider', 'Follow the Insider misuse playbook', builtinRefs.insider, {
            role: handler,
            description: 'Attach the “Insider misuse” playbook to this case. From now on involve HR and legal before any further look at the person’s activity.',
            evidence: 'That the Insider misuse playbook was attached, and when.',
          }),
        ],
      },
      no: {
        end: 'end--e68f8d2d-d389-4a1a-98f8-1ef83d555578',
        steps: [
          link('playbook-action--f211879e-b533-4713-adda-672c4682d382', 'analyze', 'exfil-go-host', 'Follow the Compromised host playbook for the machine or account used', builtinRefs.host, {
            role: it,
            description: 'When an outside attacker used an account or a machine, attach the “Compromised host” playbook for it. When the cause was a misconfiguration (a public share or bucket), skip this step and say so.',
            evidence: 'Which machine or account, and that the playbook was attached; or the misconfiguration and who fixed it.',
            optional: true,
          }),
        ],
      },
    }),
    task('action--7ba8e758-a13e-4052-b3fc-636f03e9f7ff', 'notify', 'exfil-tell-people', 'Inform the people whose data it is, when required', {
      role: dpo,
      instructions: 'When the data protection officer or legal decide it is needed, tell the people concerned in plain language: what happened, which of their data, what they should do (change passwords, watch for fraud), and whom to contact.',
      evidence: 'The text sent, how many people, and the date.',
      notify: ['communications'],
      optional: true,
    }),
    task('action--6eea4d59-ef94-4dc9-94cd-a3049d02520c', 'notify', 'exfil-authorities', 'Report to the authorities', {
      role: dpo,
      instructions: 'The data protection officer reports to the data protection authority when required; report to the police when there is extortion or another crime.',
      evidence: 'Report reference numbers and dates.',
      optional: true,
    }),
    task('action--c7da246e-cf2a-4763-a9b9-52f07167fabd', 'recover', 'exfil-takedown', 'Ask for removal of published data', {
      role: legal,
      instructions: 'Ask the hosting provider and search engines to remove published data, and keep watching the places where it appeared.',
      evidence: 'Requests sent, answers, and dates.',
      optional: true,
    }),
    task('action--faf18a00-61d0-4c56-80f8-18e54def86ed', 'recover', 'exfil-secure', 'Make it safe again', {
      role: it,
      instructions: 'Replace any passwords, keys or tokens that were in the stolen data, correct the access rights that allowed the leak, and confirm from the outbound traffic that it has stopped.',
      evidence: 'What was replaced and corrected, and how the stop was confirmed.',
    }),
    task('action--326209b2-0340-4218-b352-7fea8e40e533', 'follow-up', 'exfil-report-close', 'Write the report and close', {
      role: handler,
      instructions: 'Summarise the timeline, what left, the cause, who was informed and when (with the deadlines met), and close the case.',
      evidence: 'The report.',
    }),
    task('action--692e487f-6fd6-4251-b616-b38121dc0968', 'improve', 'exfil-improve', 'Reduce what can leak next time', {
      role: manager,
      instructions: 'Consider: knowing where sensitive data is, giving access only to those who need it, alerts on large uploads, rules for sharing links.',
      evidence: 'Each improvement, its owner and due date.',
    }),
  ],
});
