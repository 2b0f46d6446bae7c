/** Built-in playbook: a website, service or internet link flooded until it is unusable. */
import { builtin, lines, roles, switchDecision, task } from './build';
import { builtinRefs } from './ids';

const { handler, it, manager } = roles;

export const denialOfService = builtin({
  id: builtinRefs.dos.playbookId,
  version: 1,
  cacaoId: builtinRefs.dos.cacaoId,
  start: 'start--e160d281-1252-4421-91fb-8ee3c41ba1e5',
  end: 'end--c5037710-a89e-4f42-9399-ae139e917ca6',
  title: 'Denial of service',
  summary:
    'A website, service or internet connection is slow or unreachable and an attack is suspected. Confirm it is an attack and not a fault, get the provider to filter, reduce the load, keep records, and restore service.',
  audience:
    'Local IT staff responsible for the network or the service. You need the contract number and support line of the internet or hosting provider; find them before the first step if you can.',
  categories: ['availability'],
  agents: { [handler]: 'group--96f26036-b113-4e0c-b648-ee1eff5c02a7', [it]: 'group--ba128b42-dbfe-4e10-92bb-816b1a3c1e9f', [manager]: 'group--0e85af58-e49f-4560-a7db-a21f2490a0a5' },
  steps: [
    task('action--f250aca5-7975-4420-b011-813b8c8d203e', 'verify', 'dos-symptoms', 'Describe what is unavailable, since when, for whom', {
      role: it,
      instructions: 'Note which address, service or link is affected, since when, and for whom (everyone, only outside users, one site). Check from outside your network too, e.g. from a phone on mobile data.',
      evidence: 'Times, screenshots, and the results of the checks from inside and outside.',
    }),
    task('action--f80636e6-c1c0-4237-880c-f97047e9191c', 'verify', 'dos-not-fault', 'Rule out an ordinary fault', {
      role: it,
      instructions: 'Check recent changes, an expired certificate, a full disk, the provider’s status page, and whether there is a legitimate rush (a campaign, a deadline, an announcement).',
      evidence: 'What was ruled out and how.',
    }),
    task('action--be892a22-2d27-4093-81b5-8888484968eb', 'verify', 'dos-traffic', 'Look at the traffic', {
      role: it,
      instructions: lines(
        'In the firewall, router or load balancer graphs: bandwidth, packets per second, number of connections, compared with a normal day.',
        'Find the top sources (IP addresses, countries), the ports and, for a website, the most requested addresses and user agents in the web server log.',
      ),
      evidence: 'Exported graphs, the top sources, and what kind of flood it looks like.',
    }),
    task('action--28faec07-a677-40a9-ad63-c6032b8c2dfe', 'contain', 'dos-provider', 'Call the internet or hosting provider', {
      role: it,
      instructions: 'Call the provider’s support line (or the CDN or DDoS protection service). They can filter traffic before it reaches you. Have ready: contract number, attacked IP addresses, start time, traffic figures.',
      evidence: 'The ticket number, whom you spoke to, when, and what they will do.',
    }),
    task('action--8fcc89c8-b0bb-4138-af4f-3995a873a792', 'notify', 'dos-notify', 'Tell management, the coordinator, the help desk and communications', {
      role: handler,
      instructions: 'Say what is down, since when, what is being done, and when to expect news. The help desk should expect calls; communications should prepare a short public message if customers are affected.',
      evidence: 'Who was told, when, and what was said.',
      notify: ['management', 'coordinator', 'help-desk', 'communications'],
    }),
    switchDecision('switch-condition--c8bb8bb7-087c-47d6-8da8-af664a84ec70', 'contain', 'dos-kind', 'What kind of flood is it?', {
      role: it,
      condition: 'What the traffic analysis shows',
      evidence: 'The kind chosen and the figures behind it.',
      cases: [
        {
          key: 'volume',
          label: 'Volume: the line is full (far more bandwidth than normal)',
          end: 'end--d8c3f264-4794-49f6-a22f-cb51ade5dae4',
          steps: [
            task('action--98adb817-79da-47e1-97c4-2fffec6b895d', 'contain', 'dos-upstream', 'Get the traffic filtered upstream', {
              role: it,
              instructions: 'Nothing on your side helps when the line itself is full. Ask the provider to filter ("scrubbing") or, as a last resort, to drop all traffic to the attacked address ("blackholing"), and consider moving the service behind a DDoS protection service.',
              evidence: 'The measures the provider took, and when.',
            }),
          ],
        },
        {
          key: 'application',
          label: 'Requests: the website or application is swamped with requests',
          end: 'end--5acf5dea-c1a1-4f89-9b96-849ce4690106',
          steps: [
            task('action--9d951c5d-7a3c-42cb-9132-5a0540005625', 'contain', 'dos-filter', 'Filter and lighten the application', {
              role: it,
              instructions: 'Limit the number of requests per address, block the worst sources or user agents on the web server or web application firewall, switch on the CDN’s challenge mode, cache heavy pages, and temporarily switch off expensive functions such as search.',
              evidence: 'The rules and changes made, and when.',
            }),
          ],
        },
        {
          key: 'unclear',
          label: 'Unclear',
          end: 'end--70638ae7-d4e4-4bde-89be-afe444b0ba46',
          steps: [
            task('action--e248765a-7998-499c-a7c9-9acd01b3a210', 'contain', 'dos-help', 'Get expert help with the traffic figures', {
              role: handler,
              instructions: 'Call the escalation path with the graphs and top sources you collected.',
              evidence: 'Whom you called, when, and the advice received.',
              escalate: 'escalation',
            }),
          ],
        },
      ],
    }),
    task('action--c4a09391-67d1-4980-aeed-1a74e9152c9b', 'contain', 'dos-extortion', 'If there is a ransom demand: do not pay, keep it', {
      role: manager,
      instructions: 'Keep the demand message with its headers, do not reply and do not pay. Inform management and legal, and report it to the police.',
      evidence: 'The demand as an evidence item, its sender and time; the police report number.',
      notify: ['management', 'legal'],
      optional: true,
    }),
    task('action--ec6f181a-9356-4853-b573-296a9eb0d8d0', 'analyze', 'dos-record', 'Record the attack', {
      role: it,
      instructions: 'Note the start and end times, the peak rate, the main sources and the targets. Save the relevant log extracts before they rotate and add them to the case.',
      evidence: 'Log extracts as evidence items; start, end and peak figures.',
    }),
    task('action--369cb544-98d9-4409-8ddd-9cefcab760f2', 'recover', 'dos-restore', 'Restore normal service', {
      role: it,
      instructions: 'Remove temporary blocks that also hurt legitimate users, one at a time, while watching the graphs. Confirm from outside that the service works.',
      evidence: 'When service was back, and how it was checked.',
    }),
    task('action--02978ff0-41b1-4f8e-9141-dc08baf21282', 'follow-up', 'dos-report', 'Report the impact and close', {
      role: handler,
      instructions: 'Summarise the duration, the users affected and the cost. Close the case.',
      evidence: 'The summary.',
    }),
    task('action--dc9fffd8-6031-42d5-823d-99b6dc89e75d', 'improve', 'dos-improve', 'Prepare for the next one', {
      role: manager,
      instructions: 'Consider a DDoS protection contract, putting the provider’s support line in the Team contact lists, request limits on the web server, and enough capacity.',
      evidence: 'Each improvement, its owner and due date.',
    }),
  ],
});
