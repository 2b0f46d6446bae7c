import { useEffect, useMemo } from 'react';
import { checklistTimeline, type ChecklistTimelineEntry } from '../../../shared/playbooks/checklist-timeline';
import { useChecklistStore } from '../stores/checklist-store';

/** The open case's checklist work as timeline entries; reads the checklists when the case opens. */
export function useChecklistTimeline(caseId: string): ChecklistTimelineEntry[] {
  const view = useChecklistStore((s) => (s.caseId === caseId ? s.view : null));
  const load = useChecklistStore((s) => s.load);
  const loaded = useChecklistStore((s) => s.caseId === caseId);
  useEffect(() => {
    if (!loaded) void load(caseId);
  }, [caseId, load, loaded]);
  return useMemo(() => (view ? checklistTimeline(view.runs) : []), [view]);
}
