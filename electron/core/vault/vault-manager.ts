/**
 * The vault as the walking skeleton keeps it: a folder holding
 *   vault.json  — format marker, scrypt parameters and a passphrase check
 *   index.json  — a lowdb document with the cases
 * Encryption at rest and the per-case event journals replace index.json in
 * the vault issue; the API above this file does not change.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import { ApiFailure } from '../../../shared/api/errors';
import type { Input, Output } from '../../../shared/api/contract';
import { writeFileAtomic } from '../fs/atomic-write';
import { deriveKey, newScryptParams, sameBytes, type ScryptParams } from './passphrase-check';

type Header = { format: 'outpost-vault'; version: 0; kdf: ScryptParams; check: string };
type CaseRecord = Output<'case.get'>;
type IndexDoc = { cases: CaseRecord[] };

const HEADER = 'vault.json';
const INDEX = 'index.json';

export class VaultManager {
  readonly dir: string;
  private db: Low<IndexDoc> | null = null;
  private readonly actor: string;

  constructor(dir: string, actor: string = safeUserName()) {
    this.dir = dir;
    this.actor = actor;
  }

  async status(): Promise<Output<'vault.status'>> {
    const state = this.db ? 'unlocked' : (await this.exists()) ? 'locked' : 'absent';
    return { state, path: this.dir };
  }

  async create(passphrase: string): Promise<Output<'vault.create'>> {
    if (await this.exists()) throw new ApiFailure('vault_exists', `A vault already exists in ${this.dir}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const kdf = newScryptParams();
    const check = (await deriveKey(passphrase, kdf)).toString('base64');
    // The index first: a vault.json without its index would be a vault that cannot open.
    await writeFileAtomic(path.join(this.dir, INDEX), JSON.stringify({ cases: [] }));
    const header: Header = { format: 'outpost-vault', version: 0, kdf, check };
    await writeFileAtomic(path.join(this.dir, HEADER), JSON.stringify(header, null, 2));
    await this.openIndex();
    return this.status();
  }

  async unlock(passphrase: string): Promise<Output<'vault.unlock'>> {
    if (this.db) return this.status();
    const header = await this.readHeader();
    const derived = await deriveKey(passphrase, header.kdf);
    if (!sameBytes(derived, Buffer.from(header.check, 'base64'))) {
      throw new ApiFailure('wrong_passphrase', 'That passphrase does not unlock this vault');
    }
    await this.openIndex();
    return this.status();
  }

  async lock(): Promise<Output<'vault.lock'>> {
    this.db = null;
    return this.status();
  }

  async listCases(): Promise<Output<'case.list'>> {
    const db = this.unlocked();
    return db.data.cases
      .map(({ createdBy: _createdBy, ...summary }) => summary)
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  async getCase(id: string): Promise<Output<'case.get'>> {
    const found = this.unlocked().data.cases.find((c) => c.id === id);
    if (!found) throw new ApiFailure('not_found', `No case with id ${id}`);
    return found;
  }

  async createCase(input: Input<'case.create'>): Promise<Output<'case.create'>> {
    const db = this.unlocked();
    const now = new Date().toISOString();
    const record: CaseRecord = { id: randomUUID(), ...input, status: 'new', createdAt: now, updatedAt: now, createdBy: this.actor };
    await db.update((doc) => {
      doc.cases.push(record);
    });
    return record;
  }

  private unlocked(): Low<IndexDoc> {
    if (!this.db) throw new ApiFailure('vault_locked', 'The vault is locked; unlock it first');
    return this.db;
  }

  private async exists(): Promise<boolean> {
    return stat(path.join(this.dir, HEADER)).then(
      () => true,
      () => false,
    );
  }

  private async readHeader(): Promise<Header> {
    const file = path.join(this.dir, HEADER);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new ApiFailure('vault_absent', `No vault in ${this.dir}; create one first`);
    }
    try {
      const header = JSON.parse(text) as Header;
      if (header.format !== 'outpost-vault' || header.kdf?.name !== 'scrypt') throw new Error('format');
      return header;
    } catch {
      throw new ApiFailure('damaged', `${file} is damaged or is not an Outpost vault header`);
    }
  }

  private async openIndex(): Promise<void> {
    const file = path.join(this.dir, INDEX);
    const db = new Low<IndexDoc>(new JSONFile<IndexDoc>(file), { cases: [] });
    try {
      await db.read();
    } catch {
      throw new ApiFailure('damaged', `${file} is damaged`);
    }
    this.db = db;
  }
}

function safeUserName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return 'unknown';
  }
}
