import { useState, type FormEvent } from 'react';
import { SyncAdd, type SyncTestResult } from '../../../../shared/api/sync-schemas';
import { api } from '../../api/client';
import { useAction } from '../../hooks/use-action';
import { useSyncStore } from '../../stores/sync-store';
import { Field } from '../field';

type Kind = 'folder' | 'webdav' | 's3';
type Values = Record<'name' | 'path' | 'url' | 'user' | 'password' | 'endpoint' | 'bucket' | 'prefix' | 'region' | 'accessKeyId' | 'secretAccessKey', string>;
const empty: Values = { name: '', path: '', url: '', user: '', password: '', endpoint: '', bucket: '', prefix: '', region: '', accessKeyId: '', secretAccessKey: '' };

const kinds: { kind: Kind; label: string; hint: string }[] = [
  { kind: 'folder', label: 'Folder', hint: 'A USB drive, a network share, or a folder Syncthing or Nextcloud keeps in step.' },
  { kind: 'webdav', label: 'WebDAV', hint: 'Nextcloud, ownCloud, Apache or nginx: the address of a folder on the server.' },
  { kind: 's3', label: 'S3 bucket', hint: 'AWS S3, MinIO, Ceph or Garage: any server with the S3 API.' },
];

/** The input for sync.add, with empty optional fields left out. */
function inputOf(kind: Kind, v: Values): unknown {
  const opt = (key: keyof Values) => (v[key].trim() === '' ? {} : { [key]: key === 'password' || key === 'secretAccessKey' ? v[key] : v[key].trim() });
  if (kind === 'folder') return { name: v.name.trim(), kind, path: v.path.trim() };
  if (kind === 'webdav') return { name: v.name.trim(), kind, url: v.url.trim(), ...opt('user'), ...opt('password') };
  return { name: v.name.trim(), kind, endpoint: v.endpoint.trim(), bucket: v.bucket.trim(), ...opt('prefix'), ...opt('region'), accessKeyId: v.accessKeyId.trim(), secretAccessKey: v.secretAccessKey };
}

/** Adds a target; the credentials go sealed into the vault and are never shown again. The new target is tested at once. */
export function AddTargetForm({ onAdded }: { onAdded?: () => void }) {
  const load = useSyncStore((s) => s.load);
  const [kind, setKind] = useState<Kind>('folder');
  const [values, setValues] = useState<Values>(empty);
  const [errors, setErrors] = useState<Partial<Record<keyof Values, string>>>({});
  const [tested, setTested] = useState<SyncTestResult | null>(null);
  const action = useAction();
  const field = (key: keyof Values) => ({ value: values[key], onChange: (e: { target: { value: string } }) => setValues({ ...values, [key]: e.target.value }) });

  async function submit(event: FormEvent) {
    event.preventDefault();
    setTested(null);
    const checked = SyncAdd.safeParse(inputOf(kind, values));
    if (!checked.success) {
      const next: Partial<Record<keyof Values, string>> = {};
      for (const issue of checked.error.issues) {
        const key = issue.path[0] as keyof Values | undefined;
        if (key && key in empty && !next[key]) next[key] = issue.code === 'invalid_type' ? 'Required' : issue.message;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    await action.run(async () => {
      const added = await api.send('sync.add', checked.data);
      setValues(empty);
      setTested(await api.send('sync.test', { name: added.name }));
      await load();
      onAdded?.();
    });
  }

  return (
    <form className="sync-add" aria-labelledby="sync-add-title" onSubmit={(e) => void submit(e)} noValidate>
      <h3 id="sync-add-title">Add a target</h3>
      <fieldset className="kind-choice">
        <legend>Kind of storage</legend>
        {kinds.map((k) => (
          <label key={k.kind}>
            <input type="radio" name="sync-kind" value={k.kind} checked={kind === k.kind} onChange={() => setKind(k.kind)} /> {k.label}
          </label>
        ))}
        <span className="hint">{kinds.find((k) => k.kind === kind)?.hint}</span>
      </fieldset>
      <div className="row">
        <Field label="Name" hint="Letters, digits, dots, dashes: e.g. usb, nextcloud." error={errors.name} className="narrow">
          {(control) => <input {...control} {...field('name')} maxLength={64} autoComplete="off" />}
        </Field>
        {kind === 'folder' && (
          <Field label="Folder path" hint="The full path of the folder on this computer (a drive, a share, a synced folder)." error={errors.path}>
            {(control) => <input {...control} {...field('path')} placeholder="/media/usb/outpost" />}
          </Field>
        )}
        {kind === 'webdav' && (
          <Field label="Server address" hint="Nextcloud: https://cloud.example.org/remote.php/dav/files/USER/outpost/" error={errors.url}>
            {(control) => <input {...control} {...field('url')} type="url" placeholder="https://" />}
          </Field>
        )}
        {kind === 's3' && (
          <Field label="Endpoint" hint="https://s3.eu-west-1.amazonaws.com, or your MinIO's address." error={errors.endpoint}>
            {(control) => <input {...control} {...field('endpoint')} type="url" placeholder="https://" />}
          </Field>
        )}
      </div>
      {kind === 'webdav' && (
        <div className="row">
          <Field label="User" error={errors.user} className="narrow">
            {(control) => <input {...control} {...field('user')} autoComplete="off" />}
          </Field>
          <Field label="Password" hint="For Nextcloud, an app password. Kept sealed in the vault; never shown again." error={errors.password}>
            {(control) => <input {...control} {...field('password')} type="password" autoComplete="new-password" />}
          </Field>
        </div>
      )}
      {kind === 's3' && (
        <>
          <div className="row">
            <Field label="Bucket" error={errors.bucket} className="narrow">
              {(control) => <input {...control} {...field('bucket')} autoComplete="off" />}
            </Field>
            <Field label="Key prefix (optional)" hint="Ends with /, e.g. csirt-lyon/." error={errors.prefix} className="narrow">
              {(control) => <input {...control} {...field('prefix')} autoComplete="off" />}
            </Field>
            <Field label="Region (optional)" error={errors.region} className="narrow">
              {(control) => <input {...control} {...field('region')} placeholder="us-east-1" autoComplete="off" />}
            </Field>
          </div>
          <div className="row">
            <Field label="Access key id" error={errors.accessKeyId} className="narrow">
              {(control) => <input {...control} {...field('accessKeyId')} autoComplete="off" />}
            </Field>
            <Field label="Secret access key" hint="Kept sealed in the vault; never shown again." error={errors.secretAccessKey}>
              {(control) => <input {...control} {...field('secretAccessKey')} type="password" autoComplete="new-password" />}
            </Field>
          </div>
        </>
      )}
      {action.error && (
        <p className="error" role="alert">
          {action.error}
        </p>
      )}
      {tested && (
        <p className={tested.ok ? 'success' : 'error'} role="status">
          Added {tested.name}. {tested.ok ? `Test passed: ${tested.message}` : `It does not answer yet: ${tested.message}`}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" disabled={action.busy}>
          {action.busy ? 'Adding…' : 'Add target'}
        </button>
      </div>
    </form>
  );
}
