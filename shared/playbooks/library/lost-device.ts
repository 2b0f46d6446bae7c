/** Built-in playbook: a lost or stolen laptop, phone, tablet, USB stick or disk. */
import { builtin, ifDecision, roles, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, helpdesk, dpo } = roles;

export const lostDevice = builtin({
  id: builtinRefs.lost.playbookId,
  version: 1,
  cacaoId: builtinRefs.lost.cacaoId,
  start: 'start--d02e33c7-add9-42c2-b020-9bdcc000f6b6',
  end: 'end--7305beda-21aa-443c-a222-bc69f6d6a0ec',
  title: 'Lost or stolen device',
  summary:
    'A laptop, phone, tablet, USB stick or disk is lost or stolen. Lock it or wipe it remotely, cut it off from the organisation’s accounts, find out whether data on it could be read, and report where required.',
  audience: 'Help desk and local IT staff. Act fast: the first hour matters. You need access to the device management (MDM) console and to user accounts.',
  categories: ['information-content-security'],
  agents: { [handler]: 'group--27b6a7ae-0903-4562-b10f-cc78828e2d21', [it]: 'group--69dc5cc0-f962-49bd-a1a8-f63c487dcdd8', [helpdesk]: 'group--6df6b75d-604d-47e8-9a8e-fd9730d58b60', [dpo]: 'group--62bf2cee-72e6-4089-85ac-901145276ce8' },
  steps: [
    task('action--0976ec5e-b89f-4060-8e3a-3b796105a56a', 'verify', 'lost-details', 'Record the device and what happened', {
      role: helpdesk,
      instructions: 'Note the kind of device, make and model, serial number or asset tag, owner, where and when it was last seen, whether it was lost or stolen (and how), and whether it was switched on and unlocked at the time.',
      evidence: 'The device details and the owner’s account of what happened.',
    }),
    task('action--008f08ce-5a14-4e53-a519-4bc920a66c14', 'verify', 'lost-protection', 'Check how it was protected', {
      role: it,
      instructions: 'In the device management console or the inventory: was the disk encrypted (BitLocker, FileVault, Android or iOS encryption)? Was there a screen lock? Is the recovery key stored centrally? Was it managed at all?',
      evidence: 'Encryption and screen lock status, with where you saw it (a screenshot of the console).',
    }),
    task('action--c4cbb8e0-77fe-45b0-96ee-36a447a97c95', 'contain', 'lost-lock-wipe', 'Lock it, try to locate it, wipe it', {
      role: it,
      instructions: 'From the device management console (Intune, Google endpoint management, Apple Business Manager…): lock the device and show a message with a phone number, try to locate it, and wipe it when it is stolen or not found within the agreed time. Get the owner’s agreement first if their personal data is on it.',
      evidence: 'The time of each command and whether the device confirmed it.',
    }),
    task('action--6cbcb8fc-cc59-4945-bca6-5f9b5fb8a52c', 'contain', 'lost-accounts', 'Cut it off from the accounts', {
      role: it,
      instructions: 'Sign the owner out of all sessions, reset their password, remove the device from their second-factor (MFA) methods and trusted devices, revoke its VPN and Wi-Fi certificates, and remove it from mail synchronisation.',
      evidence: 'Each action with its time.',
    }),
    ifDecision('if-condition--fbf12dbf-7edc-4a8a-896e-6aff7d72beaa', 'analyze', 'lost-readable', 'Could sensitive or personal data on it be read?', {
      role: handler,
      condition: 'The device was not encrypted, or it was unlocked, or it held files outside protected apps (for example a plain USB stick)',
      evidence: 'The facts the answer rests on.',
      yes: {
        end: 'end--e38fd15a-f8d7-4030-b5a8-593006515979',
        steps: [
          task('action--0c9aaa10-b9de-44e3-953e-2b3fc1ce3abc', 'analyze', 'lost-inventory', 'List the data that was on it', {
            role: it,
            instructions: 'Ask the owner, and look at synchronisation and backup records for a list of the files on it.',
            evidence: 'The list of data (kinds of data, number of people concerned).',
          }),
          task('action--920e7e5c-d87f-4f1e-b710-3ecbb98074e5', 'notify', 'lost-dpo', 'Inform the data protection officer', {
            role: handler,
            instructions: 'Give the data protection officer the list of data. They decide whether this is a reportable personal data breach (72 hours under the GDPR).',
            evidence: 'When the data protection officer was informed, and their decision.',
            notify: ['data-protection'],
          }),
        ],
      },
      no: {
        end: 'end--7b8749e3-8a7e-4b2a-9077-895d8f37d5b1',
        steps: [
          task('action--650ad202-083c-49e1-beb0-79e20b90b05a', 'verify', 'lost-safe', 'Record why the data is safe', {
            role: it,
            instructions: 'Keep the evidence that the device was encrypted and locked (console screenshot, recovery key escrow record).',
            evidence: 'The encryption evidence.',
          }),
        ],
      },
    }),
    task('action--8fea77c7-7cbc-4a55-9914-b9a95c593c83', 'notify', 'lost-police', 'If stolen, report it to the police', {
      role: handler,
      instructions: 'The owner reports the theft to the police, with the serial number. The report number is usually needed for insurance. Tell physical security if it was stolen on the premises.',
      evidence: 'The police report number and date.',
      notify: ['physical-security'],
      optional: true,
    }),
    task('action--a2493f74-4430-4ea9-a790-29a4b6d61198', 'notify', 'lost-notify', 'Inform the coordinator and the owner’s manager', {
      role: handler,
      instructions: 'Say what was lost, whether data could be read, and what was done.',
      evidence: 'Who was told and when.',
      notify: ['coordinator', 'management'],
    }),
    task('action--402fd087-c9a6-42da-8a20-91a674c01abe', 'recover', 'lost-replace', 'Give the owner a working device again', {
      role: helpdesk,
      instructions: 'Provide a replacement, enrol it in device management, and restore the owner’s data from backup.',
      evidence: 'The replacement device and the date.',
    }),
    task('action--b598ebac-77c8-4784-9094-f908668e7ff6', 'recover', 'lost-found', 'If the device turns up: treat it as tampered with', {
      role: it,
      instructions: 'Do not just hand it back. Check it for physical tampering, then wipe and reinstall it before it is used again.',
      evidence: 'When and where it was found, what was checked, and when it was reinstalled.',
      optional: true,
    }),
    task('action--59482157-e6ca-4f1f-a9b5-95bcc25374ea', 'follow-up', 'lost-asset', 'Update the inventory and close', {
      role: helpdesk,
      instructions: 'Mark the device as lost, stolen or wiped in the asset inventory and close the case.',
      evidence: 'The inventory update.',
    }),
    task('action--2afc4692-d155-47fc-a2b7-50ff84da89a1', 'improve', 'lost-improve', 'Make the next loss harmless', {
      role: it,
      instructions: 'Check that every laptop and phone is encrypted and managed, that USB sticks holding data are encrypted, and that travellers know whom to call.',
      evidence: 'Each improvement, its owner and due date.',
    }),
  ],
});
