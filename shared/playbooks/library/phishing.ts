/** Built-in playbook: a reported phishing e-mail, text message or call. */
import { builtin, ifDecision, lines, link, roles, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, helpdesk, coordinator } = roles;

export const phishing = builtin({
  id: builtinRefs.phishing.playbookId,
  version: 1,
  cacaoId: builtinRefs.phishing.cacaoId,
  start: 'start--f7324e14-98d7-422a-82eb-22d3e2e4d3ff',
  end: 'end--99956b31-a618-4a37-b9c9-5e90edbc5802',
  title: 'Phishing',
  summary:
    'Someone reported a suspicious e-mail, text message or phone call that tries to get passwords, payments or to make them open a file. Find out who received it and who fell for it, lock out the attacker, remove the message and warn people.',
  audience:
    'Help desk and local IT staff. No incident-handling experience needed. A single message takes 30 to 90 minutes. You need someone who can search and purge mailboxes (the mail administrator) and someone who can reset passwords.',
  categories: ['fraud'],
  agents: { [handler]: 'group--c559c0ef-7760-487d-b1b9-7afaff4d787d', [it]: 'group--aa0641a9-0af6-4478-9c3f-1cace9a4a109', [helpdesk]: 'group--57d5af42-f10e-4f08-9f9f-93367044f531', [coordinator]: 'group--d797b349-2f7c-4c3c-aee3-39380c4eb49d' },
  steps: [
    task('action--00973484-fceb-432b-a09f-25f0337cd0b3', 'prepare', 'phish-kit', 'Have the right people and access at hand', {
      role: handler,
      instructions: lines(
        'Before you start, make sure you can reach:',
        '- the mail administrator (searches and deletes messages in all mailboxes),',
        '- someone who can reset passwords and sign users out everywhere,',
        '- the people in the "Incident coordinator" list (see Team in Outpost).',
        'Note their names in the case. If nobody can purge mailboxes today, escalate now: a phishing message left in mailboxes keeps catching people.',
      ),
      evidence: 'Names of the mail administrator and the person resetting passwords for this case.',
      escalate: 'escalation',
    }),
    task('action--03ddcf52-275d-486e-8f65-c445c060f395', 'verify', 'phish-get-message', 'Get the message itself, with its headers', {
      role: helpdesk,
      instructions: lines(
        'Ask the person who reported it to forward the message AS AN ATTACHMENT, not inline, so that the technical headers are kept:',
        '- Outlook: select the message, More actions (…) → Forward as attachment.',
        '- Gmail: open the message, ⋮ → Download message (.eml), then send or hand over that file.',
        'For a text message or call: a photo of the screen showing the number and the time.',
        'Tell them: do not click anything in it, do not reply, do not delete it yet.',
        'Add the file to the case as an evidence item.',
      ),
      evidence: 'The original message as an .eml or .msg file (evidence item); who reported it, when they received it and when they reported it.',
    }),
    task('action--c4c6fea1-86d9-4b17-9b84-ca2792673718', 'verify', 'phish-check', 'Check that it really is phishing', {
      role: handler,
      instructions: lines(
        'Look at, without clicking:',
        '- the real sender address (not the display name) and the Reply-To: does the domain belong to who it claims to be?',
        '- the links: hover over them and note where they really go;',
        '- pressure: urgency, threats, unusual payment or password requests, gift cards;',
        '- attachments: Office files asking to "enable content", .zip, .html, .iso, .img, .lnk.',
        'If unsure, call the supposed sender on a number you already know, never one from the message.',
        'If it turns out to be legitimate, record why, tell the reporter, and close the case.',
      ),
      evidence: 'Sender and Reply-To addresses, subject, link targets written defanged (hxxps://example[.]com), attachment names; your conclusion and why.',
    }),
    task('action--b9f28cf5-25bb-4499-9f41-328f3a69753c', 'verify', 'phish-recipients', 'Find everyone who received it', {
      role: it,
      instructions: lines(
        'Ask the mail administrator to search all mailboxes for the same sender, subject or link domain:',
        '- Microsoft 365: Defender portal → Explorer, or Purview → Content search;',
        '- Google Workspace: Admin console → Reporting → Email log search.',
        'Search a few days back: phishing often comes in waves with small changes.',
      ),
      evidence: 'The search used, the number of recipients and the list of mailboxes, the time range covered.',
    }),
    ifDecision('if-condition--f265af5c-c853-4f4f-bf5d-a124bfeca4b5', 'verify', 'phish-interaction', 'Did anyone enter credentials or open the attachment?', {
      role: handler,
      condition: 'Someone clicked the link and typed a password, approved an unexpected sign-in prompt, or opened the attachment',
      evidence: 'Who clicked, entered a password, approved a prompt or opened the file, and when; which logs you checked.',
      description: lines(
        'Ask the recipients directly, with a short message that assigns no blame ("Did you click the link or open the file in this message? Tell us, it helps, nobody is in trouble").',
        'Also check the web proxy or DNS logs for visits to the link domain, and the mail system for clicks if it records them.',
      ),
      yes: {
        end: 'end--cd1b0341-21cb-4662-abe8-d0cfb9dd3875',
        steps: [
          task('action--b09a3d01-6370-458a-b72c-5ad6a19d762d', 'contain', 'phish-reset', 'Reset the passwords and sign the users out everywhere', {
            role: it,
            instructions: lines(
              'For every account whose password may have been entered, from a clean computer:',
              '1. Reset the password.',
              '2. Sign the user out of all sessions (Microsoft 365: Entra admin center → user → Revoke sessions; Google: Admin console → user → Sign-in cookies → Reset).',
              '3. If they approved a sign-in prompt they did not start, remove and re-register their second factor (MFA).',
              'If the same password is used elsewhere (other services, personal accounts), tell the user to change it there too.',
            ),
            evidence: 'Each account reset, at what time, by whom; which MFA registrations were removed.',
          }),
          task('action--c4b551e5-aed3-462b-81e5-774d9be13607', 'analyze', 'phish-signins', 'Look for what the attacker did with the accounts', {
            role: it,
            instructions: lines(
              'For each affected account, from the moment the message arrived:',
              '- sign-ins from unusual places, devices or times;',
              '- new inbox rules, especially ones that forward mail outside or move it to hidden folders (remove them);',
              '- new MFA methods, app passwords or third-party apps given access (remove them);',
              '- messages sent from the account (the attacker may have phished others from it).',
            ),
            evidence: 'Suspicious sign-ins (time, IP address, country), rules and apps found and removed (export or screenshot), messages sent by the attacker.',
          }),
          link('playbook-action--56b78f2e-8fc9-4889-acf0-1629f5e71ed4', 'contain', 'phish-opened-file', 'If an attachment was opened: follow the Compromised host playbook for that computer', builtinRefs.host, {
            role: handler,
            description: lines(
              'Disconnect that computer from the network (cable out, Wi-Fi off) but leave it switched on, then attach the "Compromised host" playbook to this case and follow it.',
              'Skip this step, with the reason, when only passwords were entered.',
            ),
            evidence: 'Which computer, when it was disconnected, and that the Compromised host playbook was attached.',
            optional: true,
          }),
        ],
      },
      no: {
        end: 'end--9ba6e25e-c092-4f72-b794-e14a14ff1b42',
        steps: [
          task('action--677ab632-211a-405c-b9da-9167a7c5a71d', 'verify', 'phish-confirm-none', 'Confirm with the recipients that nobody interacted', {
            role: helpdesk,
            instructions: 'Get a clear "no" from each recipient, or from the logs for those you cannot reach. Remind them to report, not delete, anything similar.',
            evidence: 'Who confirmed they did not click or open anything, and how the others were checked.',
          }),
        ],
      },
    }),
    task('action--b7b2923a-209b-4101-a8ac-34a80ad96ab0', 'contain', 'phish-block-purge', 'Block the sender and the links, and remove the message from all mailboxes', {
      role: it,
      instructions: lines(
        '1. Block the sender address (or the domain, if it is not a common free-mail service) in the mail filter.',
        '2. Block the link domains and addresses in the web proxy, DNS filter or firewall.',
        '3. Have the mail administrator delete the message from every mailbox found earlier (Microsoft 365: Content search → Purge; Google Workspace: Security investigation tool → Delete messages).',
        'Keep your own evidence copy from the first steps: it is not affected.',
      ),
      evidence: 'What was blocked and where (addresses, domains, IP addresses), how many messages were removed, and when.',
    }),
    task('action--0e43689a-2dc9-4c02-90f1-fb3053e08119', 'contain', 'phish-report-site', 'Report the fake site so that it is taken down', {
      role: handler,
      instructions: lines(
        'Report the phishing link to:',
        '- the hosting provider (abuse contact found with a WHOIS lookup of the domain or IP),',
        '- the organisation being impersonated, if any (most banks and large brands have a phishing report address),',
        '- your national CERT, and Google Safe Browsing / Microsoft so browsers warn others.',
      ),
      evidence: 'Where it was reported, when, and any ticket or reference numbers.',
      optional: true,
    }),
    task('action--63d4ef68-1851-4dc3-8eb5-b3682bb14c9f', 'notify', 'phish-warn', 'Warn the staff', {
      role: helpdesk,
      instructions: lines(
        'When more than a handful of people received it, send a short warning:',
        'a picture of the message, what to look for, and "if you clicked or typed your password, call the help desk now — nobody is in trouble".',
        'Send it from a known internal address, without links.',
      ),
      evidence: 'The text of the warning, to whom it went and when.',
      notify: ['all-staff', 'help-desk'],
      optional: true,
    }),
    task('action--60b64fd6-9e49-4477-959f-7aac277d87bc', 'notify', 'phish-notify', 'Tell the coordinator, and the data protection officer if an account was taken over', {
      role: handler,
      instructions: lines(
        'Tell the incident coordinator what happened, how many received it, how many clicked, and what you did.',
        'If a password was entered for an account that can reach personal data (mail included), tell the data protection officer: this may be a personal data breach, which often has to be reported within 72 hours.',
      ),
      evidence: 'Who was told, when, and by what means; the data protection officer’s decision, if involved.',
      notify: ['coordinator', 'data-protection'],
    }),
    task('action--19d29d6f-f8a7-44f1-b322-5739a320e19d', 'analyze', 'phish-indicators', 'Record the indicators and share them', {
      role: handler,
      instructions: lines(
        'Add to the case as indicators: the sender address, the sending IP address (in the headers, the first "Received: from" line outside your organisation), every link URL and domain, and the SHA-256 of each attachment.',
        'Give the list to the coordinator so that other sites can block the same things.',
      ),
      evidence: 'The indicators recorded in the case and when they were shared.',
    }),
    task('action--b2cebdb8-a529-4495-94fb-baa5e1a74379', 'recover', 'phish-recover', 'Get the affected users working normally again', {
      role: helpdesk,
      instructions: 'Check with each affected user that they can sign in with the new password and second factor, that no forwarding rules are left, and restore any legitimate mail that was removed by mistake.',
      evidence: 'Which users were checked and when.',
    }),
    task('action--6eed6a3f-e46a-4f5e-ac74-f59220716d12', 'follow-up', 'phish-close', 'Summarise and close the case', {
      role: handler,
      instructions: 'Write a short summary in the case: what the message was, how many received it, who clicked or entered a password, what was done and when. Then set the case status to closed.',
      evidence: 'The summary note.',
    }),
    task('action--173b6e85-853c-472c-bcc0-d7d52d9ef81e', 'improve', 'phish-improve', 'Propose one improvement', {
      role: coordinator,
      instructions: 'Pick what would have stopped or shortened this: a warning banner on external mail, a "report phishing" button, a short session for the team that was targeted, sign-in methods that cannot be phished (security keys, passkeys).',
      evidence: 'The improvement proposed, who owns it and by when.',
      optional: true,
    }),
  ],
});
