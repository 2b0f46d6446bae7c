/**
 * The built-in library: response plans for the incidents local staff meet
 * most, written for people who handle incidents only now and then. Read-only
 * in the app (copy one to change it); a new Outpost release may ship a new
 * version, and cases that ran the old one keep it.
 */
import type { Playbook } from '../model';
import { compromisedHost } from './compromised-host';
import { dataTheft } from './data-theft';
import { denialOfService } from './denial-of-service';
import { insiderMisuse } from './insider-misuse';
import { lostDevice } from './lost-device';
import { malwareOutbreak } from './malware-outbreak';
import { phishing } from './phishing';
import { unknownIncident } from './unknown-incident';

export const builtinPlaybooks: readonly Playbook[] = [unknownIncident, phishing, malwareOutbreak, compromisedHost, denialOfService, dataTheft, insiderMisuse, lostDevice];

export function builtinPlaybook(id: string): Playbook | undefined {
  return builtinPlaybooks.find((p) => p.id === id);
}

export function isBuiltinId(id: string): boolean {
  return id.startsWith('builtin.');
}
