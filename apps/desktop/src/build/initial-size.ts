import { gzipSync } from 'node:zlib';
import type { Plugin } from 'vite';

export const INITIAL_JS_BUDGET_KB = 300;

export interface InitialSize {
  files: string[];
  gzipBytes: number;
}

/**
 * Prints the gzipped size of the JavaScript the renderer loads before it can draw (the entry chunk and
 * every chunk it imports statically; lazy screens are not counted) and fails the build above the budget.
 */
export function initialSizeBudget(
  opts: { budgetKb?: number; report?: (line: string) => void; onSize?: (size: InitialSize) => void } = {},
): Plugin {
  const budgetKb = opts.budgetKb ?? INITIAL_JS_BUDGET_KB;
  const report = opts.report ?? ((line: string) => console.log(line));
  return {
    name: 'signoff:initial-js-budget',
    apply: 'build',
    generateBundle(_options, bundle) {
      const seen = new Set<string>();
      const visit = (fileName: string) => {
        const chunk = bundle[fileName];
        if (seen.has(fileName) || !chunk || chunk.type !== 'chunk') return;
        seen.add(fileName);
        for (const imported of chunk.imports) visit(imported);
      };
      for (const item of Object.values(bundle))
        if (item.type === 'chunk' && item.isEntry) visit(item.fileName);
      let gzipBytes = 0;
      for (const fileName of seen) {
        const chunk = bundle[fileName];
        if (chunk?.type === 'chunk') gzipBytes += gzipSync(chunk.code, { level: 9 }).length;
      }
      const kb = (gzipBytes / 1024).toFixed(1);
      report(`renderer initial JS: ${kb} KB gzipped in ${seen.size} file(s) (budget ${budgetKb} KB)`);
      opts.onSize?.({ files: [...seen], gzipBytes });
      if (gzipBytes > budgetKb * 1024)
        this.error(`renderer initial JS is ${kb} KB gzipped, over the ${budgetKb} KB budget`);
    },
  };
}
