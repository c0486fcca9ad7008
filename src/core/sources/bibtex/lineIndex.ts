/** 1-based line numbers of offsets in a text, by binary search over its line starts (found once). */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(private readonly text: string) {}

  lineAt(pos: number): number {
    const { text } = this;
    if (!this.starts) {
      this.starts = [0];
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= pos) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  }
}
