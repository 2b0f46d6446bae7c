import { useEffect, useState } from 'react';
import { normalizeFingerprint, type Contact, type ContactList, type Team } from '../../../../shared/playbooks/team';
import { ApiCallError, api, errorMessage } from '../../api/client';
import { useTeamStore } from '../../stores/team-store';

const newId = (prefix: string) => `${prefix}-${crypto.randomUUID().slice(0, 8)}`;

function ContactRow({ contact, onChange, onRemove }: { contact: Contact; onChange: (c: Contact) => void; onRemove: () => void }) {
  const [skills, setSkills] = useState(contact.skills.join(', '));
  const name = contact.name || 'new contact';
  const field = (label: string, key: 'name' | 'role' | 'availability' | 'phone' | 'email', placeholder = '') => (
    <label className="compact">
      {label}
      <input value={contact[key]} placeholder={placeholder} onChange={(e) => onChange({ ...contact, [key]: e.target.value })} />
    </label>
  );
  return (
    <li className="contact" aria-label={`Contact ${name}`}>
      <div className="contact-grid">
        {field('Name', 'name')}
        {field('Role', 'role', 'e.g. Windows administrator')}
        <label className="compact">
          Skills and platforms
          <input
            value={skills}
            placeholder="comma separated, e.g. Active Directory, Cisco ASA"
            onChange={(e) => {
              setSkills(e.target.value);
              onChange({ ...contact, skills: e.target.value.split(',').map((s) => s.trim()).filter(Boolean) });
            }}
          />
        </label>
        {field('Availability', 'availability', 'e.g. weekdays 8–17, on call week 3')}
        {field('Phone', 'phone')}
        {field('E-mail', 'email')}
        <label className="compact wide">
          PGP fingerprint
          <input className="mono" value={contact.pgpFingerprint} placeholder="40 or 64 hex digits" onChange={(e) => onChange({ ...contact, pgpFingerprint: normalizeFingerprint(e.target.value) })} />
        </label>
        <button type="button" className="quiet danger contact-remove" onClick={onRemove} aria-label={`Remove ${name}`}>
          Remove
        </button>
      </div>
    </li>
  );
}

function ListEditor({ list, contacts, onChange, onRemove }: { list: ContactList; contacts: Contact[]; onChange: (l: ContactList) => void; onRemove: () => void }) {
  const label = list.name || 'new list';
  const move = (i: number, by: number) => {
    const members = [...list.members];
    const [m] = members.splice(i, 1);
    if (m) members.splice(i + by, 0, m);
    onChange({ ...list, members });
  };
  const others = contacts.filter((c) => !list.members.includes(c.id));
  return (
    <li className="contact-list" aria-label={`List ${label}`}>
      <div className="editor-row">
        <label className="compact">
          List name
          <input value={list.name} onChange={(e) => onChange({ ...list, name: e.target.value })} />
        </label>
        <label className="compact narrow">
          Kind
          <select value={list.kind} onChange={(e) => onChange({ ...list, kind: e.target.value as ContactList['kind'] })}>
            <option value="notification">Notification</option>
            <option value="escalation">Escalation (in order)</option>
          </select>
        </label>
        <button type="button" className="quiet danger" onClick={onRemove} aria-label={`Remove list ${label}`}>
          Remove
        </button>
      </div>
      <label className="compact">
        When to use it
        <input value={list.purpose} onChange={(e) => onChange({ ...list, purpose: e.target.value })} />
      </label>
      <div className="members">
        <span className="small muted">{list.kind === 'escalation' ? 'Call in this order:' : 'Members:'}</span>
        {list.members.length === 0 && <span className="small muted">nobody yet</span>}
        <ol className="member-list">
          {list.members.map((id, i) => {
            const who = contacts.find((c) => c.id === id)?.name ?? id;
            return (
              <li key={id} className="chip">
                {who}
                {list.kind === 'escalation' && i > 0 && (
                  <button type="button" className="chip-remove" aria-label={`Call ${who} earlier`} onClick={() => move(i, -1)}>
                    ↑
                  </button>
                )}
                <button type="button" className="chip-remove" aria-label={`Remove ${who} from ${label}`} onClick={() => onChange({ ...list, members: list.members.filter((m) => m !== id) })}>
                  ×
                </button>
              </li>
            );
          })}
        </ol>
        {others.length > 0 && (
          <select aria-label={`Add a member to ${label}`} value="" onChange={(e) => e.target.value && onChange({ ...list, members: [...list.members, e.target.value] })}>
            <option value="">Add…</option>
            {others.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name || c.id}
              </option>
            ))}
          </select>
        )}
      </div>
      <label className="compact">
        Others to inform (not in the team)
        <input value={list.external} placeholder="e.g. hosting provider abuse desk +49 …" onChange={(e) => onChange({ ...list, external: e.target.value })} />
      </label>
    </li>
  );
}

/** The expertise matrix and the notification and escalation lists that playbook steps name. */
export function TeamEditor() {
  const [team, setTeam] = useState<Team | null>(null);
  const [errors, setErrors] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.send('team.get', {}).then(setTeam, (e: unknown) => setErrors([errorMessage(e)]));
  }, []);

  if (!team) return errors.length > 0 ? <p className="error" role="alert">{errors[0]}</p> : <p className="muted">Loading the team…</p>;

  const emptyLists = team.lists.filter((l) => l.members.length === 0 && !l.external.trim()).length;
  const change = (next: Team) => {
    setTeam(next);
    setSaved(false);
  };

  async function save() {
    if (!team) return;
    setBusy(true);
    setErrors([]);
    try {
      const next = await api.send('team.save', { team });
      setTeam(next);
      useTeamStore.getState().saved(next);
      setSaved(true);
    } catch (caught) {
      const issues = caught instanceof ApiCallError && caught.issues ? caught.issues.map((i) => `${describePath(team, i.path)}: ${i.message}`) : [];
      setErrors([errorMessage(caught), ...issues.slice(0, 10)]);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form
      className="team"
      aria-label="Team and contacts"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
      noValidate
    >
      <section>
        <div className="section-head">
          <h3>Contacts and expertise ({team.contacts.length})</h3>
          <button
            type="button"
            onClick={() => change({ ...team, contacts: [...team.contacts, { id: newId('c'), name: '', role: '', skills: [], availability: '', phone: '', email: '', pgpFingerprint: '' }] })}
          >
            Add a contact
          </button>
        </div>
        {team.contacts.length === 0 && <p className="muted">Nobody yet. Add the people who know your platforms, and when and how to reach them.</p>}
        <ul className="contacts">
          {team.contacts.map((c, i) => (
            <ContactRow
              key={c.id}
              contact={c}
              onChange={(next) => change({ ...team, contacts: team.contacts.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => change({ contacts: team.contacts.filter((_, j) => j !== i), lists: team.lists.map((l) => ({ ...l, members: l.members.filter((m) => m !== c.id) })) })}
            />
          ))}
        </ul>
      </section>
      <section>
        <div className="section-head">
          <h3>Notification and escalation lists ({team.lists.length})</h3>
          <button type="button" onClick={() => change({ ...team, lists: [...team.lists, { id: newId('list'), name: '', kind: 'notification', purpose: '', members: [], external: '' }] })}>
            Add a list
          </button>
        </div>
        {emptyLists > 0 && (
          <p className="banner banner-notice" role="note" data-testid="empty-lists">
            {emptyLists === team.lists.length ? `None of the ${team.lists.length} lists has anyone on it` : `${emptyLists} of ${team.lists.length} lists have nobody on them`}: playbook steps that say whom to notify or call will
            name nobody. Add your contacts above, then put them on the lists.
          </p>
        )}
        <ul className="contact-lists">
          {team.lists.map((l, i) => (
            <ListEditor
              key={l.id}
              list={l}
              contacts={team.contacts}
              onChange={(next) => change({ ...team, lists: team.lists.map((x, j) => (j === i ? next : x)) })}
              onRemove={() => change({ ...team, lists: team.lists.filter((_, j) => j !== i) })}
            />
          ))}
        </ul>
      </section>
      <div className="team-foot">
        {errors.length > 0 && (
          <ul className="error-list" role="alert">
            {errors.map((e) => (
              <li key={e}>{e}</li>
            ))}
          </ul>
        )}
        {saved && (
          <span className="success" role="status">
            Team saved.
          </span>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save team'}
        </button>
      </div>
    </form>
  );
}

/** "contacts.2.email" as "Contact Ana: email". */
function describePath(team: Team, path: string): string {
  const [kind, index, ...rest] = path.replace(/^team\./, '').split('.');
  const n = Number(index);
  if (kind === 'contacts' && team.contacts[n]) return `Contact ${team.contacts[n].name || n + 1}${rest.length ? `, ${rest.join('.')}` : ''}`;
  if (kind === 'lists' && team.lists[n]) return `List ${team.lists[n].name || n + 1}${rest.length ? `, ${rest.join('.')}` : ''}`;
  return path;
}
