/**
 * A FIFO of byte buffers that hands out exact-size slices, copying only when
 * a slice spans two input buffers. Streams deliver data in arbitrary pieces;
 * age works in fixed 64 KiB chunks.
 */
export class ByteQueue {
  private pieces: Buffer[] = [];
  private offset = 0;
  private size = 0;

  get length(): number {
    return this.size;
  }

  push(data: Uint8Array): void {
    if (data.byteLength === 0) return;
    this.pieces.push(Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    this.size += data.byteLength;
  }

  /** The next `n` bytes (n ≤ length), shared with the input when possible. */
  take(n: number): Buffer {
    if (n > this.size) throw new RangeError(`ByteQueue: ${n} bytes asked, ${this.size} held`);
    const first = this.pieces[0];
    if (n === 0 || first === undefined) return Buffer.alloc(0);
    if (first.length - this.offset >= n) {
      const slice = first.subarray(this.offset, this.offset + n);
      this.advance(n);
      return slice;
    }
    const out = Buffer.allocUnsafe(n);
    let filled = 0;
    while (filled < n) {
      const piece = this.pieces[0] as Buffer;
      const count = Math.min(n - filled, piece.length - this.offset);
      piece.copy(out, filled, this.offset, this.offset + count);
      filled += count;
      this.advance(count);
    }
    return out;
  }

  /** The next `n` bytes (n ≤ length) as views of the input buffers, in order: nothing is copied. */
  takeViews(n: number): Buffer[] {
    if (n > this.size) throw new RangeError(`ByteQueue: ${n} bytes asked, ${this.size} held`);
    const views: Buffer[] = [];
    for (let taken = 0; taken < n; ) {
      const piece = this.pieces[0] as Buffer;
      const count = Math.min(n - taken, piece.length - this.offset);
      views.push(piece.subarray(this.offset, this.offset + count));
      taken += count;
      this.advance(count);
    }
    return views;
  }

  /** The first `n` bytes (n ≤ length) without consuming them; merges only the pieces it needs. */
  peek(n: number): Buffer {
    if (n > this.size) throw new RangeError(`ByteQueue: ${n} bytes asked, ${this.size} held`);
    const first = this.pieces[0];
    if (n === 0 || first === undefined) return Buffer.alloc(0);
    if (first.length - this.offset >= n) return first.subarray(this.offset, this.offset + n);
    let count = 1;
    for (let covered = first.length - this.offset; covered < n; count++) covered += (this.pieces[count] as Buffer).length;
    const merged = Buffer.concat([first.subarray(this.offset), ...this.pieces.slice(1, count)]);
    this.pieces.splice(0, count, merged);
    this.offset = 0;
    return merged.subarray(0, n);
  }

  private advance(count: number): void {
    this.offset += count;
    this.size -= count;
    const first = this.pieces[0];
    if (first !== undefined && this.offset === first.length) {
      this.pieces.shift();
      this.offset = 0;
    }
  }
}
