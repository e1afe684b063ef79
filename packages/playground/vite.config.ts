import { defineConfig, type Plugin } from 'vite';

const BUILTIN = 'virtual:vb-builtin-task';

/**
 * `virtual:vb-builtin-task`: vb-cli's built-in task (`plantedTeacher()`), generated here in Node by
 * @vb/core and embedded in the engine worker (src/builtin-task.ts says why).
 */
function builtinTask(): Plugin {
  return {
    name: 'vb-builtin-task',
    resolveId: (id) => (id === BUILTIN ? `\0${BUILTIN}` : undefined),
    async load(id) {
      if (id !== `\0${BUILTIN}`) return undefined;
      const { plantedTeacher } = await import('@vb/core');
      const { encodeBuiltinTask } = await import('./src/builtin-task.js');
      return `export default ${JSON.stringify(encodeBuiltinTask(plantedTeacher()))};`;
    },
  };
}

// Relative asset URLs: the page works from any folder (GitHub Pages serves it under /<repo>/).
export default defineConfig({
  base: './',
  plugins: [builtinTask()],
  build: { target: 'es2022', outDir: 'dist', emptyOutDir: true, reportCompressedSize: false, chunkSizeWarningLimit: 2000 },
  worker: { format: 'es', plugins: () => [builtinTask()] },
  // @vb/core locates its .wasm with `new URL('vb_wasm_bg.wasm', import.meta.url)`: keep it out of
  // the dev server's pre-bundling so that URL stays next to the module.
  optimizeDeps: { exclude: ['@vb/core'] },
  preview: { host: '127.0.0.1' },
});
