import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Bytes of an upload's start that are enough to tell its container (media-types.ts sniffContainer). */
const HEAD_BYTES = 64;

/**
 * What every blob store puts its bytes through: a pass-through that hashes them (the key is their
 * SHA-256), counts them, fails once they pass `maxBytes`, and checks their first bytes. Only the
 * current chunk and the first 64 bytes are ever held.
 */
export class BlobIntake extends Transform {
  readonly #hash = createHash('sha256');
  #size = 0;
  #head: Buffer | null = Buffer.alloc(0);

  constructor(
    private readonly limits: {
      maxBytes: number;
      tooLarge: () => Error;
      check: (head: Buffer) => Error | null;
    },
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#size += chunk.length;
    if (this.#size > this.limits.maxBytes) {
      done(this.limits.tooLarge());
      return;
    }
    if (this.#head) {
      this.#head = Buffer.concat([this.#head, chunk.subarray(0, HEAD_BYTES - this.#head.length)]);
      if (this.#head.length >= HEAD_BYTES) {
        const refused = this.#checkHead();
        if (refused) return done(refused);
      }
    }
    this.#hash.update(chunk);
    done(null, chunk);
  }

  override _flush(done: TransformCallback): void {
    done(this.#head ? this.#checkHead() : null);
  }

  #checkHead(): Error | null {
    const head = this.#head!;
    this.#head = null;
    return this.limits.check(head);
  }

  /** Once the stream has ended: the key and size of what passed. */
  get stored(): { key: string; size: number } {
    return { key: this.#hash.copy().digest('hex'), size: this.#size };
  }
}
