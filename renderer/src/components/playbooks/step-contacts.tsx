import type { Contact, ContactList, Team } from '../../../../shared/playbooks/team';
import { useTeamStore } from '../../stores/team-store';

function Person({ contact }: { contact: Contact }) {
  return (
    <li className="step-person">
      <strong>{contact.name}</strong>
      {contact.role && <span className="muted"> · {contact.role}</span>}
      {contact.phone && (
        <>
          {' · '}
          <a href={`tel:${contact.phone.replace(/[^\d+]/g, '')}`}>{contact.phone}</a>
        </>
      )}
      {contact.email && (
        <>
          {' · '}
          <a href={`mailto:${contact.email}`}>{contact.email}</a>
        </>
      )}
      {contact.availability && <span className="muted"> · {contact.availability}</span>}
    </li>
  );
}

function ListPeople({ list, team, escalate }: { list: ContactList; team: Team; escalate: boolean }) {
  const people = list.members.map((id) => team.contacts.find((c) => c.id === id)).filter((c): c is Contact => c !== undefined);
  const empty = people.length === 0 && !list.external.trim();
  return (
    <div className={empty ? 'step-list no-one' : 'step-list'} role="group" aria-label={`${escalate ? 'Escalate to' : 'Notify'} ${list.name}`}>
      <span className="step-list-name">
        {escalate ? 'Escalate, call' : 'Notify'}: {list.name}
        {escalate && people.length > 1 && <span className="muted"> — in this order</span>}
      </span>
      {empty ? (
        <p className="step-list-missing">
          Nobody is on this list yet. Ask your site&apos;s incident lead to fill it in (Playbooks → Team and contacts); until then, write down in the step&apos;s note whom you {escalate ? 'called' : 'told'}.
        </p>
      ) : (
        <>
          {people.length > 0 && (
            <ol className="step-people">
              {people.map((c) => (
                <Person key={c.id} contact={c} />
              ))}
            </ol>
          )}
          {list.external.trim() && <p className="step-external multiline">{list.external}</p>}
        </>
      )}
    </div>
  );
}

/**
 * Whom a notify or escalate step means (issue 16 item 11): the people on the
 * team's lists with how to reach them, and plainly when a list is empty.
 */
export function StepContacts({ notify, escalate }: { notify: readonly string[]; escalate: string | undefined }) {
  const team = useTeamStore((s) => s.team);
  const error = useTeamStore((s) => s.error);
  if (notify.length === 0 && escalate === undefined) return null;
  if (!team) return error ? <p className="field-error">The team&apos;s contacts could not be read: {error}</p> : null;
  const lists = [...notify.map((id) => ({ id, escalate: false })), ...(escalate !== undefined ? [{ id: escalate, escalate: true }] : [])];
  return (
    <div className="step-contacts">
      {lists.map(({ id, escalate: up }) => {
        const list = team.lists.find((l) => l.id === id);
        return list ? (
          <ListPeople key={`${up ? 'e' : 'n'}:${id}`} list={list} team={team} escalate={up} />
        ) : (
          <p key={`${up ? 'e' : 'n'}:${id}`} className="step-list-missing">
            This step names a list “{id}” that your team does not have. Add it under Playbooks → Team and contacts.
          </p>
        );
      })}
    </div>
  );
}
