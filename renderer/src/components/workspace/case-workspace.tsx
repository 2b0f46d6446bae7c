import { useEffect, useRef, useState } from 'react';
import type { CaseConflict } from '../../../../shared/events/fold';
import { useCaseStore, type CaseDetail } from '../../stores/case-store';
import { ChecklistTab } from '../playbooks/checklist-tab';
import { EvidenceTab } from '../evidence/evidence-tab';
import { RecordsTab } from '../records/records-tab';
import { CaseHeader } from './case-header';
import { ConflictBanner } from './conflict-banner';
import { HistoryTab } from './history-tab';
import { NotesTab } from './notes-tab';
import { OverviewTab } from './overview-tab';
import { TabList, TabPanel, type TabSpec } from './tabs';
import { TimelineTab } from './timeline-tab';
import { useChecklistTimeline } from '../../hooks/use-checklist-timeline';

type Tab = 'overview' | 'notes' | 'timeline' | 'checklist' | 'evidence' | 'records' | 'history';

const tabOf = (conflict: CaseConflict): Tab => (conflict.kind === 'field' ? 'overview' : conflict.kind === 'note' ? 'notes' : 'timeline');

function Workspace({ state }: { state: CaseDetail }) {
  const [tab, setTab] = useState<Tab>('overview');
  const [reviewing, setReviewing] = useState(0);
  const root = useRef<HTMLElement>(null);

  useEffect(() => {
    // After "Review" switched tabs, bring the first set of competing values into view.
    if (reviewing === 0) return;
    const first = root.current?.querySelector<HTMLElement>('[data-conflict]');
    first?.scrollIntoView({ block: 'center' });
    first?.querySelector('button')?.focus();
  }, [reviewing]);

  const active = (n: number) => n.toLocaleString();
  const fromChecklist = useChecklistTimeline(state.id);
  const tabs: TabSpec<Tab>[] = [
    { key: 'overview', label: 'Overview' },
    { key: 'notes', label: 'Notes', badge: active(state.notes.length) },
    { key: 'timeline', label: 'Timeline', badge: active(state.timeline.length + fromChecklist.length) },
    { key: 'checklist', label: 'Checklist' },
    { key: 'evidence', label: 'Evidence' },
    { key: 'records', label: 'Records', hint: 'What the investigation found: indicators, systems, accounts, malware and data that left' },
    { key: 'history', label: 'History', badge: active(state.eventCount) },
  ];
  const prefix = `case-${state.id}`;

  return (
    <section ref={root} className="workspace" aria-labelledby="case-title">
      <CaseHeader state={state} />
      <ConflictBanner
        conflicts={state.conflicts}
        onReview={() => {
          const first = state.conflicts[0];
          if (first) setTab(tabOf(first));
          setReviewing((n) => n + 1);
        }}
      />
      <TabList label="Case sections" idPrefix={prefix} tabs={tabs} active={tab} onChange={setTab} />
      <TabPanel idPrefix={prefix} tab={tab} className={tab === 'history' ? 'tabpanel-fill' : undefined}>
        {tab === 'overview' && <OverviewTab state={state} />}
        {tab === 'notes' && <NotesTab state={state} />}
        {tab === 'timeline' && <TimelineTab state={state} />}
        {tab === 'checklist' && <ChecklistTab state={state} />}
        {tab === 'evidence' && <EvidenceTab state={state} />}
        {tab === 'records' && <RecordsTab state={state} />}
        {tab === 'history' && <HistoryTab key={state.eventCount} caseId={state.id} eventCount={state.eventCount} />}
      </TabPanel>
    </section>
  );
}

/** The open case: its header, conflicts, and Overview, Notes, Timeline and History tabs. */
export function CaseWorkspace() {
  const selectedId = useCaseStore((s) => s.selectedId);
  const detail = useCaseStore((s) => s.detail);
  const detailError = useCaseStore((s) => s.detailError);

  if (!selectedId) {
    return (
      <section className="workspace workspace-empty" aria-label="Case">
        <p className="muted">Select a case to see it, or press N to open a new one.</p>
      </section>
    );
  }
  if (detailError) {
    return (
      <section className="workspace workspace-empty" aria-label="Case">
        <p className="error" role="alert">
          {detailError}
        </p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="workspace workspace-empty" aria-label="Case" aria-busy="true">
        <p className="muted">Opening the case…</p>
      </section>
    );
  }
  // A fresh workspace per case: open editors and the chosen tab belong to one case.
  return <Workspace key={detail.id} state={detail} />;
}
