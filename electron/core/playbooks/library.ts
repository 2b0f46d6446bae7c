/**
 * The playbook library of an unlocked vault: the built-ins shipped with
 * Outpost (read-only, in code) and the playbooks written or imported here,
 * kept as immutable sealed versions (./files). Saving an edit writes a new
 * version; a case keeps the version it started with in its own events.
 * Writes run one at a time.
 */
import { randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { ApiFailure } from '../../../shared/api/errors';
import type { PlaybookDetail, PlaybookDraftInput, PlaybookSummary } from '../../../shared/api/playbook-schemas';
import { canonicalJson } from '../../../shared/events/canonical';
import { exportCacaoJson } from '../../../shared/playbooks/cacao/export';
import { assignCacaoIds, localIdFor } from '../../../shared/playbooks/cacao/ids';
import { builtinPlaybook, builtinPlaybooks, isBuiltinId } from '../../../shared/playbooks/library/index';
import { playbookIdSchema, playbookSchema, type Playbook } from '../../../shared/playbooks/model';
import { validatePlaybook } from '../../../shared/playbooks/validate';
import { countSteps, phasesOf, visitSteps } from '../../../shared/playbooks/walk';
import { listNames, metaFile, PLAYBOOKS_DIR, readJson, versionFile, writeJson, type Storage } from './files';

const metaSchema = z.strictObject({ retired: z.boolean(), retiredAt: z.string().optional() });
type Meta = z.infer<typeof metaSchema>;

type Entry = { versions: number[]; meta: Meta };

const now = () => new Date().toISOString();

/**
 * Equal apart from id, version number and the time it was saved: the same
 * CACAO document (which is what travels) once those are set aside.
 */
function sameContent(a: Playbook, b: Playbook): boolean {
  const strip = (p: Playbook): Playbook => ({ ...p, id: 'local.same', version: 1, ...(p.cacao ? { cacao: { ...p.cacao, modified: '' } } : {}) });
  try {
    return exportCacaoJson(strip(a)) === exportCacaoJson(strip(b));
  } catch {
    return canonicalJson(strip(a)) === canonicalJson(strip(b));
  }
}

function invalid(issues: Array<{ path: string; message: string }>): ApiFailure {
  const detail = issues
    .slice(0, 5)
    .map((i) => i.message)
    .join('; ');
  return new ApiFailure('bad_request', `This playbook cannot be saved: ${detail}${issues.length > 5 ? ` (and ${issues.length - 5} more)` : ''}`, issues);
}

export class PlaybookLibrary {
  private entries: Map<string, Entry> | null = null;
  private readonly versions = new Map<string, Playbook>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly storage: () => Storage) {}

  async list(includeRetired = false): Promise<PlaybookSummary[]> {
    const entries = await this.load();
    const out: PlaybookSummary[] = [];
    for (const p of builtinPlaybooks) out.push(this.summary(p, [p.version], entries.get(p.id)?.meta));
    const locals = [...entries].filter(([id, e]) => !isBuiltinId(id) && e.versions.length > 0);
    for (const [id, entry] of locals) out.push(this.summary(await this.read(id, entry.versions[entry.versions.length - 1] as number), entry.versions, entry.meta));
    // Built-ins in the library's order (triage first), then this vault's playbooks by title.
    const builtins = out.filter((p) => p.origin === 'builtin');
    const local = out.filter((p) => p.origin === 'local').sort((a, b) => a.title.localeCompare(b.title));
    return [...builtins, ...local].filter((p) => includeRetired || !p.retired);
  }

  async get(id: string, version?: number): Promise<PlaybookDetail> {
    const entries = await this.load();
    const builtin = builtinPlaybook(id);
    if (builtin) {
      if (version !== undefined && version !== builtin.version) throw new ApiFailure('not_found', `The built-in playbook ${id} is at version ${builtin.version}; version ${version} is not kept`);
      return { summary: this.summary(builtin, [builtin.version], entries.get(id)?.meta), playbook: builtin };
    }
    const entry = entries.get(id);
    if (!entry || entry.versions.length === 0) throw new ApiFailure('not_found', `No playbook ${id} in the library`);
    const latest = entry.versions[entry.versions.length - 1] as number;
    const wanted = version ?? latest;
    if (!entry.versions.includes(wanted)) throw new ApiFailure('not_found', `Playbook ${id} has no version ${wanted} (versions: ${entry.versions.join(', ')})`);
    return { summary: this.summary(await this.read(id, latest), entry.versions, entry.meta), playbook: await this.read(id, wanted) };
  }

  /** The latest version number of a playbook, or undefined when the library does not have it. */
  async latestVersion(id: string): Promise<number | undefined> {
    const builtin = builtinPlaybook(id);
    if (builtin) return builtin.version;
    const versions = (await this.load()).get(id)?.versions;
    return versions?.[versions.length - 1];
  }

  /** A new playbook (no id) or a new version of one written here. Unchanged content writes nothing. */
  save(draft: PlaybookDraftInput, baseVersion?: number): Promise<PlaybookDetail> {
    return this.exclusive(async () => {
      if (draft.id && isBuiltinId(draft.id)) throw new ApiFailure('bad_request', `${draft.id} is a built-in playbook and cannot be changed; copy it (playbook.copy) and edit the copy`);
      // CACAO needs an agent for every action, and a checklist is of little use without knowing who does what.
      const unassigned = visitSteps(draft.steps)
        .filter((v) => v.step.kind === 'task' && !v.step.cacao && v.step.role === undefined)
        .map((v) => ({ path: `step ${v.step.id}`, message: `Say who does “${v.step.title}”: give the step a role` }));
      const { id: _id, version: _v, ...content } = draft;
      if (!draft.id) return this.store({ ...content, id: `local.${randomUUID()}`, version: 1 }, unassigned);
      const latest = await this.latestVersion(draft.id);
      if (latest === undefined) throw new ApiFailure('not_found', `No playbook ${draft.id} in the library`);
      if (baseVersion !== undefined && baseVersion !== latest) {
        throw new ApiFailure('bad_request', `Version ${latest} of this playbook was saved after version ${baseVersion}, which this edit started from; open the latest version and edit again`);
      }
      return this.store({ ...content, id: draft.id, version: latest + 1 }, unassigned);
    });
  }

  /** A new playbook of this vault, with the content of another (built-in or not). */
  copy(id: string, version?: number, title?: string): Promise<PlaybookDetail> {
    return this.exclusive(async () => {
      const { playbook: source } = await this.get(id, version);
      const stamp = now();
      const cacao = source.cacao ? { ...source.cacao, id: `playbook--${randomUUID()}`, created: stamp, modified: stamp, extra: derivedFrom(source) } : undefined;
      return this.store({ ...source, id: `local.${randomUUID()}`, version: 1, title: title ?? `${source.title} (copy)`, ...(cacao ? { cacao } : {}) });
    });
  }

  retire(id: string, retired: boolean): Promise<PlaybookSummary> {
    return this.exclusive(async () => {
      const { summary } = await this.get(id);
      const meta: Meta = retired ? { retired: true, retiredAt: now() } : { retired: false };
      await writeJson(this.storage(), metaFile(this.storage(), id), meta);
      const entries = await this.load();
      entries.set(id, { versions: entries.get(id)?.versions ?? [], meta });
      const { retiredAt: _before, ...rest } = summary;
      return { ...rest, retired, ...(meta.retiredAt ? { retiredAt: meta.retiredAt } : {}) };
    });
  }

  /**
   * Keeps an imported playbook: a new version of the playbook with the same
   * CACAO id when there is one here, a copy when that is a built-in, a new
   * playbook otherwise.
   */
  adopt(imported: Playbook): Promise<{ detail: PlaybookDetail; outcome: 'created' | 'new-version' | 'unchanged' }> {
    return this.exclusive(async () => {
      const cacaoId = imported.cacao?.id;
      const builtin = builtinPlaybooks.find((p) => p.cacao?.id === cacaoId);
      if (builtin) {
        if (sameContent(builtin, imported)) return { detail: await this.get(builtin.id), outcome: 'unchanged' };
        const cacao = imported.cacao ? { ...imported.cacao, id: `playbook--${randomUUID()}`, extra: derivedFrom(imported) } : undefined;
        return { detail: await this.store({ ...imported, id: `local.${randomUUID()}`, version: 1, ...(cacao ? { cacao } : {}) }), outcome: 'created' };
      }
      const existing = await this.findByCacaoId(cacaoId);
      if (existing) {
        const current = await this.get(existing);
        if (sameContent(current.playbook, imported)) return { detail: current, outcome: 'unchanged' };
        return { detail: await this.store({ ...imported, id: existing, version: current.summary.version + 1 }), outcome: 'new-version' };
      }
      const entries = await this.load();
      const free = (id: string) => !isBuiltinId(id) && !entries.has(id) && playbookIdSchema.safeParse(id).success;
      const id = [imported.id, cacaoId ? localIdFor(cacaoId) : ''].find(free) ?? `local.${randomUUID()}`;
      return { detail: await this.store({ ...imported, id, version: 1 }), outcome: 'created' };
    });
  }

  /**
   * Keeps a version the coordinator published to the team (it came in the
   * team bulletin) under its own id and number, so a checklist attached to
   * that version elsewhere can tell when a newer one has arrived here.
   * A version already here is left as it is; built-ins are never written.
   */
  receive(published: Playbook): Promise<'added' | 'present'> {
    return this.exclusive(async () => {
      if (isBuiltinId(published.id)) return 'present';
      const checked = validatePlaybook(published);
      if (!checked.ok) throw invalid(checked.issues);
      const s = this.storage();
      const where = versionFile(s, published.id, published.version);
      // The folders are listed before the write, so the new version is counted once.
      const entries = await this.load();
      if (await access(where.file).then(() => true, () => false)) return 'present';
      await writeJson(s, where, checked.playbook);
      this.versions.set(`${published.id}/${published.version}`, checked.playbook);
      const entry = entries.get(published.id) ?? { versions: [], meta: { retired: false } };
      entries.set(published.id, { ...entry, versions: [...entry.versions, published.version].sort((a, b) => a - b) });
      return 'added';
    });
  }

  private async findByCacaoId(cacaoId: string | undefined): Promise<string | undefined> {
    if (!cacaoId) return undefined;
    for (const [id, entry] of await this.load()) {
      const latest = entry.versions[entry.versions.length - 1];
      if (latest !== undefined && (await this.read(id, latest)).cacao?.id === cacaoId) return id;
    }
    return undefined;
  }

  private async store(candidate: Playbook, problems: Array<{ path: string; message: string }> = []): Promise<PlaybookDetail> {
    const stamp = now();
    const previous = candidate.version > 1 ? await this.read(candidate.id, (await this.latestVersion(candidate.id)) as number) : undefined;
    if (previous && sameContent(previous, assignCacaoIds(candidate, randomUUID, stamp))) return this.get(candidate.id);
    let playbook = assignCacaoIds(candidate, randomUUID, stamp);
    if (previous && playbook.cacao) playbook = { ...playbook, cacao: { ...playbook.cacao, modified: stamp } };
    const checked = validatePlaybook(playbook);
    if (!checked.ok || problems.length > 0) throw invalid([...problems, ...(checked.ok ? [] : checked.issues)]);
    const s = this.storage();
    const where = versionFile(s, playbook.id, playbook.version);
    // Listed before the write, so the new version is counted once.
    const entries = await this.load();
    // A saved version never changes: refuse to write over one (another process saved it meanwhile).
    if (await access(where.file).then(() => true, () => false)) {
      throw new ApiFailure('bad_request', `Version ${playbook.version} of ${playbook.id} already exists; reload the library and try again`);
    }
    await writeJson(s, where, checked.playbook);
    this.versions.set(`${playbook.id}/${playbook.version}`, checked.playbook);
    const entry = entries.get(playbook.id) ?? { versions: [], meta: { retired: false } };
    entries.set(playbook.id, { ...entry, versions: [...entry.versions, playbook.version].sort((a, b) => a - b) });
    return this.get(playbook.id);
  }

  private async read(id: string, version: number): Promise<Playbook> {
    const cached = this.versions.get(`${id}/${version}`);
    if (cached) return cached;
    const s = this.storage();
    const where = versionFile(s, id, version);
    const playbook = await readJson(s, where, playbookSchema);
    if (!playbook) throw new ApiFailure('not_found', `${where.file} is missing`);
    if (playbook.id !== id || playbook.version !== version) throw new ApiFailure('damaged', `${where.file} holds another playbook (${playbook.id} version ${playbook.version})`);
    this.versions.set(`${id}/${version}`, playbook);
    return playbook;
  }

  /** The folders of the library: which versions exist, and the retirement notes. */
  private async load(): Promise<Map<string, Entry>> {
    if (this.entries) return this.entries;
    const s = this.storage();
    const root = path.join(s.dir, PLAYBOOKS_DIR);
    const entries = new Map<string, Entry>();
    for (const id of await listNames(root)) {
      if (!playbookIdSchema.safeParse(id).success) continue;
      const names = await listNames(path.join(root, id));
      const versions = names
        .map((n) => /^([1-9][0-9]{0,6})\.json$/.exec(n)?.[1])
        .filter((v): v is string => v !== undefined)
        .map(Number)
        .sort((a, b) => a - b);
      const meta = names.includes('meta.json') ? ((await readJson(s, metaFile(s, id), metaSchema)) ?? { retired: false }) : { retired: false };
      entries.set(id, { versions, meta });
    }
    this.entries = entries;
    return entries;
  }

  private summary(p: Playbook, versions: number[], meta: Meta | undefined): PlaybookSummary {
    return {
      id: p.id,
      version: versions[versions.length - 1] ?? p.version,
      versions,
      title: p.title,
      ...(p.summary !== undefined ? { summary: p.summary } : {}),
      categories: p.categories,
      ...(p.audience !== undefined ? { audience: p.audience } : {}),
      origin: isBuiltinId(p.id) ? 'builtin' : 'local',
      retired: meta?.retired ?? false,
      ...(meta?.retiredAt ? { retiredAt: meta.retiredAt } : {}),
      stepCount: countSteps(p),
      phases: phasesOf(p),
      cacaoId: p.cacao?.id ?? '',
      ...(p.cacao?.modified ? { modified: p.cacao.modified } : {}),
    };
  }

  private exclusive<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** CACAO's derived_from of a copy: the source's own list plus the source. */
function derivedFrom(source: Playbook): NonNullable<NonNullable<Playbook['cacao']>['extra']> {
  const extra = { ...source.cacao?.extra };
  const before = Array.isArray(extra['derived_from']) ? extra['derived_from'].filter((v) => typeof v === 'string') : [];
  const id = source.cacao?.id;
  return id ? { ...extra, derived_from: [...before.filter((v) => v !== id), id] } : extra;
}

const libraries = new WeakMap<object, PlaybookLibrary>();

/** The one library of an unlocked session (its cache is the session's). */
export function libraryFor(session: { storage: Storage }): PlaybookLibrary {
  let library = libraries.get(session);
  if (!library) {
    library = new PlaybookLibrary(() => session.storage);
    libraries.set(session, library);
  }
  return library;
}
