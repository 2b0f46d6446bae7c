import { readFile } from 'node:fs/promises';
import { UsageError } from './exit-codes';

export type PassphraseSource = { passphraseFile?: string | undefined; env: NodeJS.ProcessEnv; stdin: NodeJS.ReadStream; stderr: NodeJS.WriteStream };

/**
 * The vault passphrase, from (in order) --passphrase-file, OUTPOST_PASSPHRASE,
 * or a prompt on the terminal with echo off. Without a terminal and without
 * the other two there is no way to ask, which is a usage error.
 */
export async function readPassphrase(source: PassphraseSource, prompt = 'Vault passphrase: '): Promise<string> {
  if (source.passphraseFile) {
    const text = await readFile(source.passphraseFile, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new UsageError(`Cannot read the passphrase file ${source.passphraseFile ?? ''}: ${error.code ?? error.message}`);
    });
    return text.replace(/\r?\n$/, '');
  }
  const fromEnv = source.env['OUTPOST_PASSPHRASE'];
  if (fromEnv) return fromEnv;
  if (!source.stdin.isTTY) {
    throw new UsageError('No passphrase: set OUTPOST_PASSPHRASE, pass --passphrase-file FILE, or run in a terminal to be asked');
  }
  return promptHidden(source.stdin, source.stderr, prompt);
}

function promptHidden(stdin: NodeJS.ReadStream, stderr: NodeJS.WriteStream, prompt: string): Promise<string> {
  return new Promise((resolve, reject) => {
    stderr.write(prompt);
    stdin.setRawMode(true);
    stdin.resume();
    let typed = '';
    const finish = (error?: Error) => {
      stdin.setRawMode(false);
      stdin.pause();
      stdin.off('data', onData);
      stderr.write('\n');
      if (error) reject(error);
      else resolve(typed);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish();
        if (char === '\u0003') return finish(new UsageError('Cancelled'));
        if (char === '\u007f' || char === '\b') typed = typed.slice(0, -1);
        else typed += char;
      }
    };
    stdin.on('data', onData);
  });
}
