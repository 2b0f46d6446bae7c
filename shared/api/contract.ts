/**
 * The one API contract between the renderer and the core. Every transport
 * (Electron IPC, the loopback HTTP host, the CLI) exposes exactly these
 * methods, validates arguments with these schemas, and answers Result<T>.
 *
 * Queries read; commands change the vault. Names are 'domain.verb'.
 */
import type { z } from 'zod';
import * as s from './schemas';
import * as ev from './evidence-schemas';
import * as pb from './playbook-schemas';
import * as bu from './bundle-schemas';
import * as ro from './roster-schemas';
import * as sy from './sync-schemas';
import * as al from './alert-schemas';
import * as vk from './vault-key-schemas';
import * as dr from './draft-schemas';
import { AnyJobListOutput, AnyJobOutput } from './any-job-view';

type MethodSpec = { kind: 'query' | 'command'; input: z.ZodType; output: z.ZodType };

export const contract = {
  'vault.status': { kind: 'query', input: s.StatusQuery, output: s.VaultStatus },
  'vault.create': { kind: 'command', input: s.CreateVault, output: s.VaultStatus },
  'vault.unlock': { kind: 'command', input: s.UnlockVault, output: s.VaultStatus },
  'vault.lock': { kind: 'command', input: s.Empty, output: s.VaultStatus },
  'vault.changePassphrase': { kind: 'command', input: s.ChangePassphrase, output: s.VaultStatus },
  'vault.select': { kind: 'command', input: s.SelectVault, output: s.VaultStatus },
  'vault.replaceDataKey': { kind: 'command', input: vk.ReplaceDataKey, output: vk.ReplaceDataKeyJobOutput },
  'settings.get': { kind: 'query', input: s.Empty, output: s.SettingsView },
  'settings.update': { kind: 'command', input: s.SettingsUpdate, output: s.SettingsView },
  'case.list': { kind: 'query', input: s.Empty, output: s.CaseListOutput },
  'case.get': { kind: 'query', input: s.CaseRef, output: s.CaseStateOutput },
  'case.history': { kind: 'query', input: s.HistoryQuery, output: s.HistoryOutput },
  'case.create': { kind: 'command', input: s.NewCase, output: s.CaseStateOutput },
  'case.setField': { kind: 'command', input: s.SetCaseField, output: s.CaseStateOutput },
  'note.add': { kind: 'command', input: s.AddNote, output: s.CaseStateOutput },
  'note.edit': { kind: 'command', input: s.EditNote, output: s.CaseStateOutput },
  'timeline.add': { kind: 'command', input: s.AddTimelineEntry, output: s.CaseStateOutput },
  'timeline.edit': { kind: 'command', input: s.EditTimelineEntry, output: s.CaseStateOutput },
  'entry.retract': { kind: 'command', input: s.RetractEntry, output: s.CaseStateOutput },
  'draft.get': { kind: 'query', input: dr.DraftQuery, output: dr.DraftView },
  'draft.put': { kind: 'command', input: dr.DraftPut, output: dr.DraftView },
  'draft.place': { kind: 'query', input: dr.PlaceQuery, output: dr.PlaceView },
  'draft.setPlace': { kind: 'command', input: dr.PlaceSet, output: dr.PlaceView },
  'evidence.list': { kind: 'query', input: ev.EvidenceList, output: ev.EvidenceLogOutput },
  'evidence.get': { kind: 'query', input: ev.EvidenceItemRef, output: ev.EvidenceItemOutput },
  'evidence.register': { kind: 'command', input: ev.EvidenceRegister, output: ev.EvidenceItemOutput },
  'evidence.update': { kind: 'command', input: ev.EvidenceUpdate, output: ev.EvidenceItemOutput },
  'evidence.attach': { kind: 'command', input: ev.EvidenceAttach, output: ev.JobOutput },
  'custody.transfer': { kind: 'command', input: ev.CustodyTransfer, output: ev.EvidenceItemOutput },
  'evidence.access': { kind: 'command', input: ev.EvidenceAccess, output: ev.EvidenceItemOutput },
  'evidence.verify': { kind: 'command', input: ev.EvidenceVerify, output: ev.JobOutput },
  'evidence.export': { kind: 'command', input: ev.EvidenceExport, output: ev.JobOutput },
  'evidence.retract': { kind: 'command', input: ev.EvidenceRetract, output: ev.EvidenceItemOutput },
  'evidence.form': { kind: 'query', input: ev.EvidenceForm, output: ev.EvidenceFormOutput },
  'evidence.exportCsv': { kind: 'query', input: ev.EvidenceList, output: ev.CsvOutput },
  'job.status': { kind: 'query', input: ev.JobRef, output: AnyJobOutput },
  'job.wait': { kind: 'query', input: ev.JobWait, output: AnyJobOutput },
  'job.cancel': { kind: 'command', input: ev.JobRef, output: AnyJobOutput },
  'job.list': { kind: 'query', input: s.Empty, output: AnyJobListOutput },
  'job.result': { kind: 'query', input: ev.JobRef, output: ev.JobResultOutput },
  'record.list': { kind: 'query', input: ev.RecordList, output: ev.RecordListOutput },
  'record.add': { kind: 'command', input: ev.RecordAdd, output: ev.RecordOutput },
  'record.update': { kind: 'command', input: ev.RecordUpdate, output: ev.RecordOutput },
  'record.retract': { kind: 'command', input: ev.RecordRetract, output: ev.RecordOutput },
  'record.previewImport': { kind: 'query', input: ev.RecordPreviewImport, output: ev.BulkPreviewOutput },
  'record.import': { kind: 'command', input: ev.RecordImport, output: ev.ImportOutput },
  'record.exportCsv': { kind: 'query', input: ev.RecordExportCsv, output: ev.CsvOutput },
  'playbook.list': { kind: 'query', input: pb.PlaybookListQuery, output: pb.PlaybookListOutput },
  'playbook.get': { kind: 'query', input: pb.PlaybookRef, output: pb.PlaybookDetailOutput },
  'playbook.save': { kind: 'command', input: pb.PlaybookSave, output: pb.PlaybookDetailOutput },
  'playbook.copy': { kind: 'command', input: pb.PlaybookCopy, output: pb.PlaybookDetailOutput },
  'playbook.publish': { kind: 'command', input: pb.PlaybookPublish, output: pb.PlaybookDetailOutput },
  'playbook.retire': { kind: 'command', input: pb.PlaybookRetire, output: pb.PlaybookSummaryOutput },
  'playbook.importCacao': { kind: 'command', input: pb.PlaybookImport, output: pb.PlaybookImportOutput },
  'playbook.exportCacao': { kind: 'query', input: pb.PlaybookRef, output: pb.PlaybookExportOutput },
  'checklist.get': { kind: 'query', input: pb.ChecklistQuery, output: pb.ChecklistViewOutput },
  'checklist.attach': { kind: 'command', input: pb.ChecklistAttach, output: pb.ChecklistViewOutput },
  'checklist.setStep': { kind: 'command', input: pb.ChecklistSetStep, output: pb.ChecklistViewOutput },
  'checklist.decide': { kind: 'command', input: pb.ChecklistDecide, output: pb.ChecklistViewOutput },
  'checklist.detach': { kind: 'command', input: pb.ChecklistDetach, output: pb.ChecklistViewOutput },
  'team.get': { kind: 'query', input: pb.TeamQuery, output: pb.TeamOutput },
  'team.save': { kind: 'command', input: pb.TeamSave, output: pb.TeamOutput },
  'keys.show': { kind: 'query', input: bu.KeysShow, output: bu.KeysOutput },
  'keys.coordinatorInit': { kind: 'command', input: bu.CoordinatorInit, output: bu.KeysOutput },
  'keys.exportIdentity': { kind: 'command', input: bu.KeysExportIdentity, output: bu.IdentityExportOutput },
  'team.exportProfile': { kind: 'query', input: bu.TeamExport, output: bu.TeamExportOutput },
  'team.checkProfile': { kind: 'query', input: bu.TeamCheckProfile, output: bu.TeamProfileCheckOutput },
  'team.importProfile': { kind: 'command', input: bu.TeamImport, output: bu.TeamProfileOutput },
  'bundle.export': { kind: 'command', input: bu.BundleExport, output: bu.BundleJobOutput },
  'bundle.changes': { kind: 'query', input: bu.BundleChangesQuery, output: bu.BundleChangesOutput },
  'bundle.inspect': { kind: 'query', input: bu.BundleOpen, output: bu.BundleInspectionOutput },
  'bundle.verify': { kind: 'query', input: bu.BundleOpen, output: bu.BundleJobOutput },
  'bundle.import': { kind: 'command', input: bu.BundleOpen, output: bu.BundleJobOutput },
  'bundle.held': { kind: 'query', input: ro.BundleHeldQuery, output: ro.HeldOutput },
  'bundle.refuse': { kind: 'command', input: ro.BundleRefuse, output: ro.HeldBundleOutput },
  'team.roster': { kind: 'query', input: ro.TeamRosterQuery, output: ro.RosterOutput },
  'team.joinRequest': { kind: 'command', input: ro.TeamJoinRequest, output: ro.JoinRequestOutput },
  'team.readRequest': { kind: 'command', input: ro.TeamReadRequest, output: ro.ReadRequestOutput },
  'team.approve': { kind: 'command', input: ro.TeamApprove, output: ro.ApproveOutput },
  'team.revoke': { kind: 'command', input: ro.TeamRevoke, output: ro.RevokeOutput },
  'sync.add': { kind: 'command', input: sy.SyncAdd, output: sy.SyncTargetOutput },
  'sync.list': { kind: 'query', input: sy.SyncList, output: sy.SyncListOutput },
  'sync.remove': { kind: 'command', input: sy.SyncRemove, output: sy.SyncListOutput },
  'sync.run': { kind: 'command', input: sy.SyncRun, output: sy.SyncJobOutput },
  'sync.pause': { kind: 'command', input: sy.SyncPause, output: sy.SyncTargetOutput },
  'sync.test': { kind: 'query', input: sy.SyncTest, output: sy.SyncTestOutput },
  'sync.status': { kind: 'query', input: sy.SyncStatus, output: sy.SyncStatusOutput },
  'alert.publish': { kind: 'command', input: al.AlertPublish, output: al.AlertListOutput },
  'alert.list': { kind: 'query', input: al.AlertList, output: al.AlertListOutput },
  'alert.acknowledge': { kind: 'command', input: al.AlertAcknowledge, output: al.AlertListOutput },
} as const satisfies Record<string, MethodSpec>;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const methods = Object.keys(contract) as Method[];

export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}
