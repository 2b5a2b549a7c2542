import type { Workspace } from '../core/index.js';
import { exportWorkspace, ExportFormat } from '../core/export/index.js';

/** Times every export format on a workspace (median of 3 runs). */
export async function runExportBench(workspace: Workspace, count: number): Promise<void> {
  console.log(`Exports: the whole workspace with ${count} annotations, every format in turn, 3 runs each (HTML runs first, with no formatted citation cached yet).`);
  for (const format of ExportFormat.options) {
    const samples: number[] = [];
    let size = 0;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      const file = await exportWorkspace(workspace.ydoc, 'bench', format);
      samples.push(performance.now() - start);
      size = typeof file.body === 'string' ? Buffer.byteLength(file.body) : file.body.byteLength;
    }
    const first = samples[0]!;
    const ms = [...samples].sort((a, b) => a - b)[1]!;
    const target = format === 'html' ? ' (target < 1000 ms)' : '';
    console.log(`  ${format.padEnd(9)} ${ms.toFixed(0).padStart(6)} ms median, ${first.toFixed(0).padStart(6)} ms first run  ${(size / 1024).toFixed(0).padStart(6)} KiB${target}`);
  }
  console.log('');
}
