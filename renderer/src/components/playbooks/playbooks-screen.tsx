import { useRef, useState } from 'react';
import { useModal } from '../../hooks/use-modal';
import { TabList, TabPanel, type TabSpec } from '../workspace/tabs';
import { CacaoImport } from './cacao-import';
import { PlaybookLibrary } from './playbook-library';
import { TeamEditor } from './team-editor';
import './playbooks.css';

type Section = 'library' | 'import' | 'team';

const sections: TabSpec<Section>[] = [
  { key: 'library', label: 'Library' },
  { key: 'import', label: 'Import CACAO' },
  { key: 'team', label: 'Team and contacts' },
];

/** The playbook library, CACAO import and the team's contacts, in a full-window dialog over the workbench. */
export function PlaybooksScreen({ onClose }: { onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  useModal(dialog);
  const [section, setSection] = useState<Section>('library');
  // After an import, the library opens on the imported playbook.
  const [focusId, setFocusId] = useState<string | null>(null);


  return (
    <dialog
      ref={dialog}
      className="dialog playbooks-screen"
      aria-labelledby="playbooks-title"
      onClose={onClose}
      onCancel={(e) => {
        // Escape inside a form cancels that form, not the whole screen.
        if ((e.target as HTMLElement) !== dialog.current) e.preventDefault();
      }}
    >
      <header className="playbooks-head">
        <h2 id="playbooks-title">Playbooks</h2>
        <TabList label="Playbook sections" idPrefix="playbooks" tabs={sections} active={section} onChange={setSection} />
        <button type="button" onClick={() => dialog.current?.close()} aria-label="Close playbooks">
          Close
        </button>
      </header>
      <TabPanel idPrefix="playbooks" tab={section} className="playbooks-body">
        {section === 'library' && <PlaybookLibrary initialId={focusId} />}
        {section === 'import' && (
          <CacaoImport
            onOpen={(id) => {
              setFocusId(id);
              setSection('library');
            }}
          />
        )}
        {section === 'team' && <TeamEditor />}
      </TabPanel>
    </dialog>
  );
}
