// Implementations hosted in a child process: peer libraries (tfjs-wasm, onnxruntime-web, ...)
// each get a process of their own, so their heaps, wasm memories, worker threads and JIT state
// cannot disturb the other columns. The child runs the same harness (measureCase) and sends the
// statistics back over the IPC channel.
//
// A peer is added as data, e.g. in run.js's implementation list:
//   childProcess({ id: 'tfjs-wasm', label: 'tfjs-wasm', module: new URL('./peers/tfjs-wasm.js', import.meta.url) })
// where the module's default export is an implementation object as described in suite.js
// ({ id, label, init, supports, prepare }). Its `supports(kernelCase)` is asked in the child.
//
// Run as a script, this file is the child side.
import { fork } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { measureCase } from './harness.js';
import { KERNEL_CASES, implementations, referenceOf } from './suite.js';

/**
 * The parent side: an implementation whose `measure()` runs in a child process started on first
 * use. `module` is a file URL or path whose default export is the implementation, or `builtin`
 * names one of suite.js's in-process implementations (used to test this path: --impl=js-child).
 */
export function childProcess({ id, label, description, module, builtin }) {
  let child;
  let pending = new Map();
  let nextId = 0;
  let supported = new Map();
  // The module's own description, known once it is loaded (e.g. the library version and build).
  let childDescription;
  const request = (message) =>
    new Promise((resolve, reject) => {
      const rid = nextId++;
      pending.set(rid, { resolve, reject });
      child.send({ ...message, rid });
    });
  return {
    id,
    label,
    group: 'peer',
    mode: 'child process',
    get description() {
      return description ?? childDescription ?? `${label}, in a child process`;
    },
    async init() {
      child = fork(fileURLToPath(import.meta.url), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      child.on('message', (msg) => {
        const p = pending.get(msg.rid);
        if (!p) return;
        pending.delete(msg.rid);
        if (msg.error) p.reject(new Error(`${id} (child): ${msg.error}`));
        else p.resolve(msg.result);
      });
      child.on('exit', (code) => {
        for (const p of pending.values()) p.reject(new Error(`${id}: child process exited with code ${code}`));
        pending = new Map();
      });
      const moduleHref = module === undefined ? undefined : module instanceof URL ? module.href : pathToFileURL(module).href;
      const reply = await request({ type: 'init', module: moduleHref, builtin, kernels: KERNEL_CASES.map((k) => k.id) });
      supported = new Map(Object.entries(reply.supports));
      childDescription = reply.description;
    },
    supports: (kcase) => supported.get(kcase.id) === true,
    measure: (kcase, n, options) => request({ type: 'measure', kernel: kcase.id, n, options }),
    async close() {
      if (child && child.connected) {
        child.disconnect();
        await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
      }
    },
  };
}

// The child side.
async function serve() {
  let impl;
  process.on('message', async (msg) => {
    const reply = (body) => process.send({ rid: msg.rid, ...body });
    try {
      if (msg.type === 'init') {
        impl = msg.builtin !== undefined
          ? implementations().find((i) => i.id === msg.builtin)
          : (await import(msg.module)).default;
        if (!impl) throw new Error(`no implementation '${msg.builtin ?? msg.module}'`);
        await impl.init();
        const supports = Object.fromEntries(KERNEL_CASES.map((k) => [k.id, impl.supports(k) === true]));
        reply({ result: { supports, description: impl.description } });
      } else if (msg.type === 'measure') {
        const kcase = KERNEL_CASES.find((k) => k.id === msg.kernel);
        const result = await measureCase(impl, kcase, msg.n, { ...msg.options, reference: referenceOf(kcase) });
        reply({ result });
      }
    } catch (error) {
      reply({ error: error?.stack ?? String(error) });
    }
  });
  process.on('disconnect', () => process.exit(0));
}

if (process.argv[1] === fileURLToPath(import.meta.url) && process.send) serve();
