import type { SectionInfo } from './types';

/** @internal Sets each section's end to the start of the next section of the same or a higher level. */
export function closeSections(sections: SectionInfo[], textEnd: number): void {
  const open: SectionInfo[] = [];
  for (const s of sections) {
    while (open.length > 0 && open[open.length - 1].level >= s.level) open.pop()!.end = s.start;
    open.push(s);
  }
  for (const s of open) s.end = textEnd;
}
