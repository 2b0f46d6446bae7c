/**
 * age's ASCII armor: strict PEM with the type "AGE ENCRYPTED FILE".
 *
 *   -----BEGIN AGE ENCRYPTED FILE-----
 *   <standard base64 with padding, 64 columns per line>
 *   <last line: 1–64 columns; only the last line may be shorter than 64>
 *   -----END AGE ENCRYPTED FILE-----
 *
 * Reading follows age's reference reader: LF or CRLF line ends; whitespace
 * only before the first line and after the last (less than 1 KiB each); no
 * headers, no empty lines, no spaces inside lines, canonical base64 only.
 * Both directions stream: memory stays at one line, whatever the file size.
 */
import { AgeError } from './age-error';
import { decodePaddedBase64 } from './base64';
import { BYTES_PER_LINE, COLUMNS_PER_LINE } from './header';
import { type Emit } from './payload';

export const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
export const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';
const MAX_WHITESPACE = 1024;
const PEM_DASHES = '-----';
const MAX_LINE = MAX_WHITESPACE + ARMOR_BEGIN.length + 2;
const WHITESPACE = /^[ \t\n\v\f\r]*$/;

export class ArmorEncoder {
  private started = false;
  private carry = Buffer.alloc(0);
  private column = 0;

  write(data: Uint8Array, emit: Emit): void {
    this.start(emit);
    const bytes = this.carry.length > 0 ? Buffer.concat([this.carry, data]) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const whole = bytes.length - (bytes.length % 3);
    this.carry = Buffer.from(bytes.subarray(whole));
    if (whole > 0) emit(Buffer.from(this.wrap(bytes.subarray(0, whole).toString('base64')), 'latin1'));
  }

  end(emit: Emit): void {
    this.start(emit);
    let text = this.carry.length > 0 ? this.wrap(this.carry.toString('base64')) : '';
    if (this.column !== 0) text += '\n';
    emit(Buffer.from(`${text}${ARMOR_END}\n`, 'latin1'));
  }

  private start(emit: Emit): void {
    if (this.started) return;
    this.started = true;
    emit(Buffer.from(`${ARMOR_BEGIN}\n`, 'latin1'));
  }

  private wrap(text: string): string {
    let out = '';
    for (let at = 0; at < text.length; ) {
      const take = Math.min(COLUMNS_PER_LINE - this.column, text.length - at);
      out += text.slice(at, at + take);
      at += take;
      this.column += take;
      if (this.column === COLUMNS_PER_LINE) {
        out += '\n';
        this.column = 0;
      }
    }
    return out;
  }
}

type ArmorState = 'begin' | 'body' | 'closing' | 'trailing';

export class ArmorDecoder {
  private state: ArmorState = 'begin';
  private partial = '';
  private lineNo = 0;
  private whitespace = 0;
  private trailingBytes = 0;

  write(data: Uint8Array, emit: Emit): void {
    const text = this.partial + Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('latin1');
    if (this.state === 'trailing') {
      this.trailing(text);
      return;
    }
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      this.line(text.slice(start, newline), emit);
      start = newline + 1;
      if (this.finished()) {
        this.trailing(text.slice(start));
        return;
      }
    }
    this.partial = text.slice(start);
    if (this.partial.length > MAX_LINE) throw this.error('a line is far too long');
  }

  end(emit: Emit): void {
    if (this.state === 'trailing') return;
    // The last line may lack its newline.
    if (this.partial.length > 0) this.line(this.partial, emit);
    this.partial = '';
    if (!this.finished()) throw this.error('the file ends before the "-----END AGE ENCRYPTED FILE-----" line');
  }

  /** True once the END line has been read (a method, so the state is re-read after line()). */
  private finished(): boolean {
    return this.state === 'trailing';
  }

  private line(raw: string, emit: Emit): void {
    this.lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    switch (this.state) {
      case 'begin':
        if (WHITESPACE.test(line)) {
          this.whitespace += line.length + 1;
          if (this.whitespace > MAX_WHITESPACE) throw this.error('too much whitespace before the armor');
          return;
        }
        if (line !== ARMOR_BEGIN) throw this.error('the first line is not "-----BEGIN AGE ENCRYPTED FILE-----"');
        this.state = 'body';
        return;
      case 'body': {
        if (line === ARMOR_END) {
          this.state = 'trailing';
          return;
        }
        if (line.length === 0) throw this.error('an empty line inside the armor');
        if (line.length > COLUMNS_PER_LINE) throw this.error(`a line longer than ${COLUMNS_PER_LINE} columns`);
        const bytes = decodePaddedBase64(line);
        if (bytes === null) throw this.error('a line that is not canonical base64');
        emit(bytes);
        if (bytes.length < BYTES_PER_LINE) this.state = 'closing';
        return;
      }
      case 'closing':
        if (line !== ARMOR_END) throw this.error('a short line that is not followed by "-----END AGE ENCRYPTED FILE-----"');
        this.state = 'trailing';
        return;
      case 'trailing':
        return;
    }
  }

  private trailing(text: string): void {
    this.partial = '';
    if (!WHITESPACE.test(text)) throw this.error('there is data after the "-----END AGE ENCRYPTED FILE-----" line');
    this.trailingBytes += text.length;
    if (this.trailingBytes >= MAX_WHITESPACE) throw this.error('too much whitespace after the armor');
  }

  private error(detail: string): AgeError {
    return new AgeError('armor', `The ASCII armor is malformed (line ${Math.max(this.lineNo, 1)}: ${detail})`);
  }
}

/**
 * Whether a file starting with `start` is armored: it is when its first
 * non-blank line begins like PEM ("-----"), which binary age never does; a
 * wrong PEM type is then reported by the armor reader. Undefined while too
 * few bytes have arrived to tell.
 */
export function looksArmored(start: Buffer): boolean | undefined {
  const text = start.toString('latin1').replace(/^[ \t\n\v\f\r]+/, '');
  if (text.length === 0) return start.length > MAX_WHITESPACE ? false : undefined;
  if (text.length < PEM_DASHES.length && PEM_DASHES.startsWith(text)) return undefined;
  return text.startsWith(PEM_DASHES);
}
