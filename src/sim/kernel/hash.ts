/**
 * A running 64-bit hash (two independent 32-bit FNV-1a-style lanes with extra mixing) over the trace.
 * Cheap to update per record, identical in every JavaScript engine.
 */
export class RunningHash {
  constructor(
    private h1 = 0x811c9dc5,
    private h2 = 0x01000193 ^ 0x5bd1e995,
  ) {}

  update(text: string): void {
    let h1 = this.h1;
    let h2 = this.h2;
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 0x01000193);
      h2 = Math.imul(h2 ^ ch, 0x5bd1e995);
      h2 ^= h2 >>> 15;
    }
    // record separator, so "ab"+"c" differs from "a"+"bc"
    h1 = Math.imul(h1 ^ 0x1e, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1e, 0x5bd1e995);
    this.h1 = h1 >>> 0;
    this.h2 = h2 >>> 0;
  }

  hex(): string {
    return this.h1.toString(16).padStart(8, '0') + this.h2.toString(16).padStart(8, '0');
  }

  save(): [number, number] {
    return [this.h1, this.h2];
  }

  restore([h1, h2]: [number, number]): void {
    this.h1 = h1;
    this.h2 = h2;
  }
}
