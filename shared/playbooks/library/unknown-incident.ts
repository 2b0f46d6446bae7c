/** Built-in playbook: first response when nobody knows yet what kind of incident it is. */
import { builtin, lines, link, roles, switchDecision, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, coordinator, manager } = roles;

const follow = (cacaoId: string, id: string, name: string, ref: { playbookId: string; cacaoId: string }) =>
  link(cacaoId, 'verify', id, `Follow the ${name} playbook`, ref, {
    role: handler,
    description: `Attach the “${name}” playbook to this case and continue there. Come back to this checklist for the notification and follow-up steps below.`,
    evidence: `That the ${name} playbook was attached, and when.`,
  });

export const unknownIncident = builtin({
  id: builtinRefs.unknown.playbookId,
  version: 1,
  cacaoId: builtinRefs.unknown.cacaoId,
  start: 'start--61e5c9df-8f74-41a8-9a1d-cd4363f6beb6',
  end: 'end--26f4f1d2-6f00-4559-b0a8-88a42889549e',
  title: 'Unknown incident: first response and triage',
  summary:
    'Something looks wrong and nobody knows yet what it is. Write down what was seen, stop people from destroying traces, check whether it is a security incident at all, decide how urgent it is, and pick the playbook that fits.',
  audience:
    'Anyone who receives a security report: local IT staff, help desk, a site manager. No prior experience needed; work from top to bottom. If you feel out of your depth at any point, use the escalation step: asking early is always right.',
  categories: ['other'],
  agents: { [handler]: 'group--e41af8d8-ded4-4b65-99b6-897429869770', [it]: 'group--14e1de15-bd35-43bc-bae3-a89d36495b03', [coordinator]: 'group--b3c5806e-227f-447d-bfc7-f7205d9877de', [manager]: 'group--7ff78db4-e2bd-4440-97b3-d91e14187aa8' },
  steps: [
    task('action--f72d00c9-699f-4f66-afdd-0ffc82477e9e', 'prepare', 'triage-own', 'Take charge of the case', {
      role: handler,
      instructions: lines(
        'Put your name on the case as assignee, so that everybody knows who handles it.',
        'Tell the person who reported it that you are on it and how to reach you.',
        'Open Team in Outpost so that the contact lists are at hand.',
      ),
      evidence: 'Your name as assignee and the time you took the case.',
    }),
    task('action--a84e42ba-9d14-4e64-9e35-c1cd17558b30', 'verify', 'triage-report', 'Write down the report exactly as received', {
      role: handler,
      instructions: lines(
        'Ask and note, in the reporter’s own words:',
        '- who reports it, and how to reach them;',
        '- what they saw: messages, pop-ups, strange files or e-mails, slowness, an alert;',
        '- when they first noticed it, and when it started if they know;',
        '- which computers, accounts, systems or people are involved;',
        '- what they already did (rebooted, deleted, ran a cleaner, told someone).',
        'Do not judge yet; facts first.',
      ),
      evidence: 'The original report (forwarded e-mail as attachment, ticket, or your notes of the call), the reporter’s name and contact, the time of first observation and of the report, with the time zone.',
    }),
    task('action--03692707-d1bb-4a08-adea-e21b1cd12618', 'verify', 'triage-hands-off', 'Ask everyone to stop touching the affected systems', {
      role: handler,
      instructions: lines(
        'Until you say otherwise: do not switch off, restart, reinstall or "clean" the affected computers, and do not delete suspicious e-mails or files. These are the traces you need.',
        'If a message is on a screen, photograph it.',
        'If something is actively spreading or encrypting files, pull the network cable or switch off Wi-Fi, but leave the power on.',
      ),
      evidence: 'Photos of screens; a list of what was done to the systems before you arrived, by whom and when.',
    }),
    task('action--8e8f5e32-0bc1-4105-86ae-9b176dab1fcf', 'verify', 'triage-real', 'Check whether it is a security incident at all', {
      role: it,
      instructions: lines(
        'Look for an ordinary explanation first: planned maintenance, a known outage, a test, a colleague’s legitimate change, an expired certificate, a full disk.',
        'Ask IT operations whether anything was changed recently, and compare with what is normal for this system.',
        'If it is clearly not a security incident, write down why and close the case; otherwise continue.',
      ),
      evidence: 'What you checked, who confirmed it, and your conclusion with the reasons.',
    }),
    task('action--ffe81155-c561-4b20-9b90-96efa5a56b67', 'verify', 'triage-scope', 'Find out how far it goes', {
      role: it,
      instructions: lines(
        'List what is affected: computers and servers, user accounts, data, sites.',
        'Is it still going on? Is it spreading? Does anyone outside the organisation see it (customers, partners, the press)?',
      ),
      evidence: 'Affected systems (name, IP address, location, owner), accounts, kinds of data; whether it is ongoing.',
    }),
    task('action--418c51e2-9560-454b-b5ac-29b4636735b4', 'verify', 'triage-priority', 'Decide how urgent it is and set the case priority', {
      role: handler,
      instructions: lines(
        'Use the impact, not how alarming it looks:',
        '- critical: safety, life or the core business is stopped, or personal data of many people is exposed;',
        '- high: an important system is down, or data may be leaking right now;',
        '- medium: one computer or one user is affected and it is under control;',
        '- low: no harm seen yet (a failed attempt, a suspicious message nobody acted on).',
        'Set the priority field of the case.',
      ),
      evidence: 'The priority chosen and the reason in one or two sentences.',
    }),
    switchDecision('switch-condition--87094784-ce61-4992-895f-e3346da7f9bf', 'verify', 'triage-kind', 'What kind of incident is it?', {
      role: handler,
      condition: 'The kind of incident that best matches what was seen',
      evidence: 'The kind chosen and the facts that point to it.',
      description: 'Pick the closest match. If two fit (a phishing e-mail that installed malware), pick the one that started it and attach the other playbook later.',
      cases: [
        { key: 'malware', label: 'Malware: virus, ransomware, antivirus alerts on several computers', end: 'end--190c2ea6-c3a5-4f27-aac9-3987d22b754d', steps: [follow('playbook-action--1f077e0c-9f6d-4823-92e2-0560696ef328', 'triage-go-malware', 'Malware outbreak', builtinRefs.malware)] },
        { key: 'compromised-host', label: 'A computer or server is under someone else’s control', end: 'end--0743863b-c3ea-43ea-bf2a-a201a40681dd', steps: [follow('playbook-action--7f4f4396-b7f1-435f-9609-fd2a1830316d', 'triage-go-host', 'Compromised host', builtinRefs.host)] },
        { key: 'phishing', label: 'A phishing e-mail, text message or call', end: 'end--a69c4675-0c82-4665-afeb-1896b00047f5', steps: [follow('playbook-action--3364105a-bb36-4e8d-bdec-9ccc3d3d02ee', 'triage-go-phishing', 'Phishing', builtinRefs.phishing)] },
        { key: 'denial-of-service', label: 'A website or service is flooded and unreachable', end: 'end--d38d6d4c-dc93-4139-a3b9-ef8f8662cad4', steps: [follow('playbook-action--83e72b93-3404-4fa4-b782-6c32bd4bacaf', 'triage-go-dos', 'Denial of service', builtinRefs.dos)] },
        { key: 'data-theft', label: 'Data was copied out or published', end: 'end--d418bd26-71c3-4446-b832-a15846490b8e', steps: [follow('playbook-action--cb66f071-126d-4f31-8424-70f7215526c2', 'triage-go-exfiltration', 'Data theft', builtinRefs.exfiltration)] },
        { key: 'insider', label: 'An employee or contractor abused their access', end: 'end--4519765b-fca3-4d87-b4d8-68c7857a2df1', steps: [follow('playbook-action--29b4aa45-18c2-4561-8d32-cc3a205d1071', 'triage-go-insider', 'Insider misuse', builtinRefs.insider)] },
        { key: 'lost-device', label: 'A laptop, phone or storage device is lost or stolen', end: 'end--fd57cfc7-6d46-44c7-971d-1646d58eb92d', steps: [follow('playbook-action--5d142f59-64e8-48d8-bf72-3ef372054903', 'triage-go-lost', 'Lost or stolen device', builtinRefs.lost)] },
        {
          key: 'other',
          label: 'Something else, or still unclear',
          end: 'end--eed3631f-5af6-4f62-b535-4c6a532b8916',
          steps: [
            task('action--2d7b7f0e-ff9c-4328-89aa-7d8d17e4dc75', 'verify', 'triage-other', 'Get expert advice before acting further', {
              role: handler,
              instructions: 'Call the escalation path in order with your notes so far. Keep following the remaining steps of this checklist while you wait.',
              evidence: 'Whom you called, when, and the advice you received.',
              escalate: 'escalation',
            }),
          ],
        },
      ],
    }),
    task('action--4b74b391-36e1-4455-b30d-c8031623afe7', 'notify', 'triage-notify', 'Tell the coordinator and management', {
      role: handler,
      instructions: lines(
        'Tell them briefly: what happened, since when, what is affected, how urgent it is, what is being done, and when you will give the next update.',
        'For anything urgent, phone. Do not use an e-mail account that may be compromised.',
      ),
      evidence: 'Who was told, when, by what means, and what was said.',
      notify: ['coordinator', 'management'],
    }),
    task('action--caa384d4-26e4-42ed-ac10-fdca39af4f20', 'notify', 'triage-escalate', 'Escalate if it is beyond what the site can handle', {
      role: handler,
      instructions: lines(
        'Escalate when any of these is true: you cannot verify or contain it within two hours; several sites are affected; personal data may be exposed; the press or the police are involved; or you simply feel out of your depth.',
        'Call the people in the escalation list in order until you reach someone.',
      ),
      evidence: 'Whom you called, when, and what was agreed.',
      escalate: 'escalation',
      optional: true,
    }),
    task('action--ec472c08-6bf4-445a-a665-a5e488eb344d', 'follow-up', 'triage-record', 'Keep the case up to date until it is closed', {
      role: handler,
      instructions: 'Add every action, decision and finding to the timeline as you go, with the time it happened. When the incident is over, write a summary and close the case.',
      evidence: 'The timeline entries and the closing summary.',
    }),
    task('action--655b151f-6d4a-4654-8fe5-2a1211e9c17d', 'improve', 'triage-lessons', 'Hold a short lessons-learned review', {
      role: manager,
      instructions: lines(
        'Within two weeks, with the people involved, spend 30 minutes on: what happened, what went well, what was missing (contacts, tools, access, knowledge), and what to change.',
        'Update the contact lists and this playbook (copy it and edit the copy) if steps were missing or wrong.',
      ),
      evidence: 'The lessons-learned note, and each improvement with its owner and due date.',
    }),
  ],
});
