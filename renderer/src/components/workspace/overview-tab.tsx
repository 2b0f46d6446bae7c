import type { ReactNode } from 'react';
import { categories } from '../../../../shared/domain/taxonomy';
import type { CaseField } from '../../../../shared/events/event';
import type { FieldValue } from '../../../../shared/events/fold';
import { capitalize, formatDateTime, formatCategory, plural, shortDevice } from '../../format';
import type { CaseDetail } from '../../stores/case-store';
import { AssigneesEditor } from './assignees-editor';
import { ConflictChoices } from './conflict-choices';
import { ChoiceFieldEditor, saveField, SummaryEditor, TextFieldEditor } from './field-editors';
import { FieldRow } from './field-row';

const notSet = <span className="muted">Not set</span>;

function textOrNotSet(value: string): ReactNode {
  return value.trim() ? value : notSet;
}

/** A competing value in full (the history's one-line descriptions shorten long text). */
function fieldValueText(field: CaseField, value: FieldValue): string {
  if (Array.isArray(value)) return value.length > 0 ? value.join(', ') : 'Nobody assigned';
  if (field === 'category') return formatCategory(value as CaseDetail['category']);
  if (field === 'status' || field === 'priority') return capitalize(value);
  return value.trim() ? value : '(empty)';
}

/** All the case's fields, each editable in place, then what the journal says about the case. */
export function OverviewTab({ state }: { state: CaseDetail }) {
  const conflictOf = (field: CaseField, label: string): ReactNode => {
    const conflict = state.conflicts.find((c) => c.kind === 'field' && c.field === field);
    if (conflict?.kind !== 'field') return undefined;
    return (
      <ConflictChoices<FieldValue>
        subject={label.toLowerCase()}
        winner={conflict.winner}
        losers={conflict.losers}
        render={(value) => <span className="multiline">{fieldValueText(field, value)}</span>}
        onKeep={(value) => saveField(state, field, value)}
      />
    );
  };

  const text = (field: 'title' | 'site' | 'constituency' | 'reporter', label: string, placeholder?: string) => (
    <FieldRow
      key={field}
      label={label}
      display={textOrNotSet(state[field])}
      conflict={conflictOf(field, label)}
      editor={(close) => <TextFieldEditor state={state} field={field} label={label} close={close} {...(placeholder ? { placeholder } : {})} />}
    />
  );

  const categoryHint = categories.find((c) => c.id === state.category)?.hint;

  return (
    <div className="overview">
      <dl className="field-list">
        {text('title', 'Title')}
        <FieldRow
          label="Status"
          display={capitalize(state.status)}
          conflict={conflictOf('status', 'Status')}
          editor={(close) => <ChoiceFieldEditor state={state} field="status" label="Status" close={close} />}
        />
        <FieldRow
          label="Priority"
          display={<span className={`priority priority-${state.priority}`}>{capitalize(state.priority)}</span>}
          conflict={conflictOf('priority', 'Priority')}
          editor={(close) => <ChoiceFieldEditor state={state} field="priority" label="Priority" close={close} />}
        />
        <FieldRow
          label="Category"
          display={
            <>
              {formatCategory(state.category)}
              {categoryHint && <span className="hint"> — {categoryHint}</span>}
            </>
          }
          conflict={conflictOf('category', 'Category')}
          editor={(close) => <ChoiceFieldEditor state={state} field="category" label="Category" close={close} />}
        />
        {text('site', 'Site / division', 'Division, office or location affected')}
        {text('constituency', 'Organisation served', 'The part of the organisation the team serves here (its “constituency”)')}
        {text('reporter', 'Reporter', 'Who reported it, and how to reach them')}
        <FieldRow
          label="Assignees"
          display={
            state.assignees.length === 0 ? (
              <span className="muted">Nobody assigned</span>
            ) : (
              <ul className="assignee-list" aria-label="Assignees">
                {state.assignees.map((person) => (
                  <li key={person} className="chip">
                    {person}
                  </li>
                ))}
              </ul>
            )
          }
          conflict={conflictOf('assignees', 'Assignees')}
          editor={(close) => <AssigneesEditor state={state} close={close} />}
        />
        <FieldRow
          label="Summary"
          display={state.summary.trim() ? <p className="multiline">{state.summary}</p> : <span className="muted">No summary yet</span>}
          conflict={conflictOf('summary', 'Summary')}
          editor={(close) => <SummaryEditor state={state} close={close} />}
        />
      </dl>

      <dl className="facts" aria-label="Record">
        <dt>Opened</dt>
        <dd title={state.openedAt}>
          {formatDateTime(state.openedAt)} by {state.openedBy}
        </dd>
        <dt>Last change</dt>
        <dd title={state.updatedAt}>{formatDateTime(state.updatedAt)}</dd>
        <dt>Devices</dt>
        <dd title={state.devices.join('\n')}>
          {plural(state.devices.length, 'device')} <span className="muted mono">({state.devices.map(shortDevice).join(', ')})</span>
        </dd>
        <dt>Events</dt>
        <dd>{plural(state.eventCount, 'event')}</dd>
        <dt>Case id</dt>
        <dd className="mono">{state.id}</dd>
      </dl>
    </div>
  );
}
