/** Built-in playbook: a computer or server that may be under an attacker's control. */
import { builtin, ifDecision, lines, roles, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, manager, coordinator } = roles;

export const compromisedHost = builtin({
  id: builtinRefs.host.playbookId,
  version: 1,
  cacaoId: builtinRefs.host.cacaoId,
  start: 'start--9a1c8d28-3b42-46ad-a053-f18079726baa',
  end: 'end--300bc12a-f0b3-4a89-918a-1096ce99fb6e',
  title: 'Compromised host',
  summary:
    'A computer or server may be under an attacker’s control: unknown accounts or programs, an alert about hacking tools, connections to unknown addresses, or another organisation reporting attacks coming from it. Secure the traces, cut the attacker off, find how they got in, and rebuild.',
  audience:
    'Local IT staff who administer the machine. Work with the commands the system already has; do not install tools on it. If the machine is business-critical or legal action is possible, ask for forensic help early (escalation step).',
  categories: ['intrusions'],
  agents: { [handler]: 'group--4ea86c6f-21b7-4bd7-9440-b73f5a31b594', [it]: 'group--6fc60155-1166-4f8d-8d21-cea394e8ee2b', [manager]: 'group--fe51e646-4c33-4d49-b0b4-84ad0b7cecb3', [coordinator]: 'group--1ef660e5-a4f4-4987-9233-fb6cb408be73' },
  steps: [
    task('action--90ad3497-5bbf-48e8-ae98-c51009e59f60', 'verify', 'host-identify', 'Identify the machine exactly', {
      role: it,
      instructions: 'Note the host name, IP and MAC addresses, where it stands, who uses or owns it, what it is for (its business role) and its operating system. Check that the report really points to this machine (an IP address may belong to several machines over time: check the DHCP logs for the time of the report).',
      evidence: 'Host name, IP and MAC addresses, location, owner, business role, operating system; asset tag or a photo of its label.',
    }),
    task('action--3a1dcfb1-0296-4b2f-b89f-71bd29a4b813', 'verify', 'host-signs', 'Look for signs of compromise', {
      role: it,
      instructions: lines(
        'Using only built-in commands, and noting each command you run:',
        '- new or unknown accounts, especially administrators (Windows: net user, net localgroup administrators; Linux: /etc/passwd, sudoers);',
        '- unknown scheduled tasks, services or start-up entries (Windows: schtasks /query, services; Linux: crontab -l, systemctl list-units);',
        '- connections to unknown addresses (Windows: netstat -ano; Linux: ss -tupan);',
        '- sign-ins at odd hours or from odd places (Windows Security log events 4624, 4625, 4720; Linux: last, /var/log/auth.log).',
      ),
      evidence: 'Each command with its output (copied as text) and the time it ran; the suspicious items found.',
    }),
    task('action--d87d5e0b-7448-452d-8acf-a5ee445f348f', 'verify', 'host-volatile', 'Capture memory and live state, if you are trained to', {
      role: it,
      instructions: lines(
        'What is in memory is lost at the next restart. If you have a memory capture tool from your CSIRT’s kit on a USB drive, and know how to use it, capture memory now, then save the list of processes and network connections.',
        'If you are not trained for this, skip this step with that reason and ask the coordinator.',
      ),
      evidence: 'The memory image as an evidence item (with its SHA-256), the tool used, who ran it and when.',
      optional: true,
    }),
    ifDecision('if-condition--32576f7e-2760-4068-acdd-a42115a8ccbb', 'contain', 'host-can-isolate', 'Can the machine be taken off the network now?', {
      role: manager,
      condition: 'Disconnecting it does not stop a critical business or safety function',
      evidence: 'Who decided and why.',
      yes: {
        end: 'end--369b99a0-3637-4d3d-9d5f-de78a7c63242',
        steps: [
          task('action--745aade7-b407-4a67-b6d9-12bebdf1f9d8', 'contain', 'host-isolate', 'Isolate the machine', {
            role: it,
            instructions: 'Use the EDR’s "isolate" function or unplug the network cable and switch off Wi-Fi. Leave it switched on. Put a note on it: "Evidence – do not touch".',
            evidence: 'How and when it was isolated, and by whom.',
          }),
        ],
      },
      no: {
        end: 'end--3e26fb3b-bca6-4cd9-af1e-ebf0a1a1ae99',
        steps: [
          task('action--159462e0-6c70-44eb-a0bb-0a5fde0973a6', 'contain', 'host-limit', 'Limit what the attacker can do while it keeps running', {
            role: it,
            instructions: lines(
              'Allow only the connections the business function needs (firewall rules), block its access to the internet, disable suspicious accounts, and switch on more logging.',
              'Agree the remaining risk with management in writing, and set a time at which the machine will be isolated anyway.',
            ),
            evidence: 'The rules applied, the accounts disabled, and management’s decision (who, when, until when).',
            notify: ['management'],
          }),
        ],
      },
    }),
    task('action--ef33ca65-9b6a-4efd-9263-8fe859d1096f', 'notify', 'host-notify', 'Tell the coordinator, the system owner and, if personal data is on it, the data protection officer', {
      role: handler,
      instructions: 'Tell them what was found and what was done. If the report came from another organisation (another CSIRT, a provider), reply to them that it is being handled, without details.',
      evidence: 'Who was told, when, and by what means.',
      notify: ['coordinator', 'it-operations', 'data-protection'],
    }),
    task('action--4fd1b1f4-0aea-4cbd-b70f-1ad38d2ba0ee', 'analyze', 'host-timeline', 'Collect the logs and build the timeline', {
      role: it,
      instructions: 'Export the logs that cover at least two weeks before the first sign: system and security logs of the machine, web server or application logs, firewall, VPN and proxy logs. Add each export to the case as an evidence item, and add what you find to the timeline.',
      evidence: 'The log files as evidence items (with their SHA-256), the time range of each, and the time of the first malicious event.',
    }),
    task('action--56ef983f-d548-42e9-bfdd-6980ea98ab34', 'analyze', 'host-spread', 'Check whether the attacker moved to other machines', {
      role: it,
      instructions: 'Look for sign-ins from this machine to other machines, use of its accounts elsewhere (especially administrator accounts), and the same files, addresses or accounts on other machines.',
      evidence: 'Other machines or accounts involved, or "none found" with what was checked.',
    }),
    task('action--fac88319-a9a0-4104-9075-4e72fe5c98de', 'analyze', 'host-forensics', 'Ask for forensic help if needed', {
      role: handler,
      instructions: 'Escalate when the machine is critical, when legal action or a police report is likely, or when the attacker had administrator rights over many machines (a domain administrator account). Forensic work done by untrained people can destroy evidence.',
      evidence: 'Whom you contacted, when, and what was agreed.',
      escalate: 'escalation',
      optional: true,
    }),
    task('action--e13479df-f6f7-489d-876e-20862f6d7574', 'research', 'host-way-in', 'Find how the attacker got in', {
      role: it,
      instructions: 'Check, in this order: software not updated (compare versions with security advisories), weak or reused passwords, services open to the internet (remote desktop, SSH, admin pages), phishing of the user, a vendor’s remote access.',
      evidence: 'The way in, with its reference (advisory, CVE number, log lines).',
    }),
    task('action--6b4aa8c0-0b5b-46a0-9952-d9f107916292', 'contain', 'host-credentials', 'Change every credential the machine held', {
      role: it,
      instructions: 'Reset the passwords of all accounts used on it (users, administrators, service accounts), replace SSH keys, API tokens and certificates stored on it, and passwords saved in browsers or configuration files.',
      evidence: 'The credentials replaced, and when.',
    }),
    task('action--b85ff2c9-5ee8-487c-b63e-6b964a626506', 'recover', 'host-rebuild', 'Rebuild the machine from trusted media', {
      role: it,
      instructions: 'Reinstall from trusted installation media or a known good image; do not just remove what you found. Restore data from a backup from before the compromise, check it, fix the way in, and only then reconnect.',
      evidence: 'Rebuild date, media used, date of the backup restored, and the fix applied.',
    }),
    task('action--c2c7a317-8241-425b-95b8-c11b1b055481', 'recover', 'host-watch', 'Watch the machine and the indicators for 30 days', {
      role: it,
      instructions: 'Watch the rebuilt machine’s sign-ins and connections, and the addresses and files found, for 30 days.',
      evidence: 'The watch period and what was seen.',
    }),
    task('action--6c84f47d-82c7-466b-9a8c-bdb1aca2f917', 'follow-up', 'host-report', 'Report and close', {
      role: handler,
      instructions: 'Write the summary (timeline, way in, impact, what was done), give the indicators to the coordinator, answer the organisation that reported it if any, and close the case.',
      evidence: 'The report, and when the indicators were shared.',
    }),
    task('action--0abfce10-2ffa-42c1-9833-83c018d59b14', 'improve', 'host-improve', 'Fix what let the attacker in', {
      role: coordinator,
      instructions: 'Decide on lasting fixes: faster updates, no remote desktop or admin pages open to the internet, a second factor on remote access, keeping logs longer.',
      evidence: 'Each improvement, its owner and due date.',
    }),
  ],
});
