// Keeps a command's output within a byte budget while it streams: the first half and the last half
// of the budget are kept, the middle is counted, so memory stays bounded whatever the command prints.

export class CappedOutput {
  private head: Buffer[] = [];
  private headBytes = 0;
  private tail: Buffer[] = [];
  private tailBytes = 0;
  private omitted = 0;
  private readonly headMax: number;
  private readonly tailMax: number;

  constructor(maxBytes: number) {
    this.headMax = Math.floor(maxBytes / 2);
    this.tailMax = maxBytes - this.headMax;
  }

  push(chunk: Buffer): void {
    let data = chunk;
    if (this.headBytes < this.headMax) {
      const take = Math.min(this.headMax - this.headBytes, data.length);
      this.head.push(Buffer.from(data.subarray(0, take)));
      this.headBytes += take;
      data = data.subarray(take);
    }
    if (!data.length) return;
    this.tail.push(Buffer.from(data));
    this.tailBytes += data.length;
    // Drop whole chunks (then trim one) from the front of the tail once it is over budget.
    while (this.tailBytes > this.tailMax && this.tail.length) {
      const first = this.tail[0];
      const excess = this.tailBytes - this.tailMax;
      if (first.length <= excess) {
        this.tail.shift();
        this.tailBytes -= first.length;
        this.omitted += first.length;
      } else {
        this.tail[0] = Buffer.from(first.subarray(excess));
        this.tailBytes -= excess;
        this.omitted += excess;
      }
    }
  }

  get omittedBytes(): number {
    return this.omitted;
  }

  text(): string {
    const head = Buffer.concat(this.head).toString('utf8');
    const tail = Buffer.concat(this.tail).toString('utf8');
    if (!this.omitted) return head + tail;
    return `${head}\n[... ${this.omitted} bytes omitted ...]\n${tail}`;
  }
}
