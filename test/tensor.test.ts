// WasmTensor lifecycle, both builds: creation, shapes, disposal, allocator reuse and alignment,
// memory growth (views re-derived, stale views detached), kernels on views into wasm memory,
// overlapping views, memory exhaustion and the largest-tensor limit.
import { describe, expect, it } from 'vitest';
import { type Activations, MAX_TENSOR_LENGTH, WasmTensor, loadActivations } from '../dist/index.js';
import { BUILDS, build, firstBitMismatch, random, testData } from './helpers.js';
import { REFERENCE } from './reference.js';

const MiB = 2 ** 20;

/** float32 leakyRelu, from the test reference. */
function leaky(x: ArrayLike<number>, alpha = 0.01): Float32Array {
  return Float32Array.from(x, (v) => REFERENCE.leakyRelu(v, { alpha }));
}

function relu(x: ArrayLike<number>): Float32Array {
  return Float32Array.from(x, (v) => REFERENCE.relu(v, { negativeSlope: 0, maxValue: Infinity, threshold: 0 }));
}

/** The error `fn` throws (fails the test when it does not throw). */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    expect(error).not.toBeInstanceOf(WebAssembly.RuntimeError);
    return error as Error;
  }
  throw new Error('expected the call to throw');
}

/** Untyped access, for calls the typings rightly reject. */
const loose = (act: Activations) => act as unknown as Record<string, (...args: unknown[]) => unknown>;

/** The floats at byte offset `ptr` of the module's current memory (independent of any tensor view). */
function memoryAt(act: Activations, byteOffset: number, length: number): Float32Array {
  return new Float32Array(act.memory.buffer, byteOffset, length);
}

/** A quick correctness check that the instance still works after an error. */
function expectUsable(act: Activations): void {
  const x = testData(67, 5);
  expect(firstBitMismatch(act.leakyRelu(x, { alpha: 0.3 }), leaky(x, 0.3), x)).toBeUndefined();
  using t = act.tensor(x);
  using y = act.leakyRelu(t);
  expect(firstBitMismatch(y.data, leaky(x), x)).toBeUndefined();
}

describe.each(BUILDS)('$name build', ({ simd }) => {
  describe('creation', () => {
    it('tensor(length) is zero-filled, even when it reuses a freed block full of garbage', async () => {
      const act = await build(simd);
      for (const n of [1, 3, 4, 16, 17, 100, 1000, 4099]) {
        const dirty = act.tensor(n);
        const offset = dirty.data.byteOffset;
        // -0 and NaN payloads: garbage a float comparison with 0 would partly miss.
        new Uint32Array(act.memory.buffer, offset, n).fill(0x80000000);
        new Uint32Array(act.memory.buffer, offset, Math.ceil(n / 2)).fill(0x7fc00123);
        dirty.dispose();
        using t = act.tensor(n);
        expect(t.data.byteOffset, `n=${n}: the freed block is reused`).toBe(offset);
        expect(t.length).toBe(n);
        expect(t.shape).toEqual([n]);
        expect(new Uint32Array(act.memory.buffer, offset, n).every((bits) => bits === 0), `n=${n}`).toBe(true);
      }
    });

    it('tensor(0) is an empty tensor that can be used and disposed', async () => {
      const act = await build(simd);
      using t = act.tensor(0);
      expect(t.length).toBe(0);
      expect(t.shape).toEqual([0]);
      expect(t.data.length).toBe(0);
      using y = act.relu(t);
      expect(y.length).toBe(0);
      expect(act.relu(new Float32Array(0), { out: t })).toBe(t);
    });

    it('copies a Float32Array, a number[] and a Float64Array (rounded to float32), with a shape', async () => {
      const act = await build(simd);
      const src = testData(24, 9);
      using a = act.tensor(src, [2, 3, 4]);
      expect(a.shape).toEqual([2, 3, 4]);
      expect(a.length).toBe(24);
      expect(a.data).toBeInstanceOf(Float32Array);
      expect(a.data.buffer).toBe(act.memory.buffer);
      expect(firstBitMismatch(a.data, src)).toBeUndefined();
      src[0] = 12345; // a copy: the source is not aliased
      expect(a.data[0]).not.toBe(12345);

      using b = act.tensor([1, -2.5, 0.1, -0, NaN, Infinity], [3, 2]);
      expect(b.shape).toEqual([3, 2]);
      expect(firstBitMismatch(b.data, [1, -2.5, Math.fround(0.1), -0, NaN, Infinity])).toBeUndefined();

      using c = act.tensor(new Float64Array([0.1, 1e-50, 1e300, -1 / 3]));
      expect(c.shape).toEqual([4]);
      expect(firstBitMismatch(c.data, [0.1, 1e-50, 1e300, -1 / 3].map(Math.fround))).toBeUndefined();

      using d = act.tensor(new Int16Array([-3, 7]));
      expect(Array.from(d.data)).toEqual([-3, 7]);
    });

    it('shape: a scalar, zero-sized dims, a frozen copy of the caller\'s array', async () => {
      const act = await build(simd);
      using scalar = act.tensor([4.5], []);
      expect(scalar.shape).toEqual([]);
      expect(scalar.length).toBe(1);
      using empty = act.tensor(0, [3, 0, 2]);
      expect(empty.shape).toEqual([3, 0, 2]);
      const dims = [2, 3];
      using t = act.tensor(6, dims);
      dims[0] = 99;
      expect(t.shape).toEqual([2, 3]);
      expect(Object.isFrozen(t.shape)).toBe(true);
      using five = act.tensor(5);
      expect(Object.isFrozen(five.shape)).toBe(true);
    });

    it('shape validation: wrong products, negative, fractional and non-number dims', async () => {
      const act = await build(simd);
      const e1 = thrown(() => act.tensor(6, [2, 2]));
      expect(e1).toBeInstanceOf(RangeError);
      expect(e1.message).toMatch(/tensor: shape \[2, 2\] holds 4 elements but the tensor has 6/);
      const e2 = thrown(() => act.tensor(new Float32Array(3), [4]));
      expect(e2).toBeInstanceOf(RangeError);
      expect(e2.message).toMatch(/shape \[4\] holds 4 elements but data has 3/);
      const e3 = thrown(() => act.tensor(0, []));
      expect(e3).toBeInstanceOf(RangeError);
      expect(e3.message).toMatch(/shape \[\] holds 1 elements but the tensor has 0/);
      for (const shape of [[-2, -3], [1.5, 4], [NaN], ['6'], [2 ** 53, 0]]) {
        const e = thrown(() => act.tensor(6, shape as number[]));
        expect(e, JSON.stringify(shape)).toBeInstanceOf(TypeError);
        expect(e.message).toMatch(/tensor: shape must be an array of non-negative integers/);
      }
      const e4 = thrown(() => act.tensor(6, 6 as unknown as number[]));
      expect(e4).toBeInstanceOf(TypeError);
      expect(e4.message).toMatch(/shape must be an array of non-negative integers, got number/);
      expectUsable(act);
    });

    it('copies from a view into wasm memory while the allocation grows memory', async () => {
      // A fresh instance: one 64 KiB page, so the second 48 KiB block has to grow memory.
      const act = await loadActivations({ simd });
      const data = testData(12_000, 21);
      using a = act.tensor(data);
      const before = act.memory.buffer;
      using b = act.tensor(a.data);
      expect(act.memory.buffer, 'memory grew during the copy').not.toBe(before);
      expect(firstBitMismatch(b.data, data)).toBeUndefined();
      expect(firstBitMismatch(a.data, data)).toBeUndefined();
      // Another view type of wasm memory (bytes), copied while the allocation grows memory again.
      const bytes = new Uint8Array(act.memory.buffer, a.data.byteOffset, 48_000);
      const want = bytes.slice();
      const grown = act.memory.buffer;
      using c = act.tensor(bytes);
      expect(act.memory.buffer, 'memory grew during the copy').not.toBe(grown);
      expect(firstBitMismatch(c.data, want)).toBeUndefined();
    });
  });

  describe('disposal', () => {
    it('dispose() frees the block; disposing twice is harmless (no double free)', async () => {
      const act = await build(simd);
      const t = act.tensor(64);
      expect(t.disposed).toBe(false);
      t.dispose();
      expect(t.disposed).toBe(true);
      t.dispose();
      t[Symbol.dispose]();
      expect(t.disposed).toBe(true);
      // A double free would hand the same block out twice.
      using a = act.tensor(64);
      using b = act.tensor(64);
      using c = act.tensor(64);
      const offsets = [a, b, c].map((x) => x.data.byteOffset);
      expect(new Set(offsets).size).toBe(3);
      a.data.fill(1);
      b.data.fill(2);
      c.data.fill(3);
      expect([a, b, c].map((x) => x.data.every((v) => v === x.data[0]) && x.data[0])).toEqual([1, 2, 3]);
    });

    it('`using` and Symbol.dispose free the tensor at the end of the scope', async () => {
      const act = await build(simd);
      let escaped: WasmTensor | undefined;
      let offset = -1;
      {
        using t = act.tensor(testData(40));
        escaped = t;
        offset = t.data.byteOffset;
        expect(t.disposed).toBe(false);
      }
      expect(escaped.disposed).toBe(true);
      using again = act.tensor(40);
      expect(again.data.byteOffset, 'the block came back to the allocator').toBe(offset);

      const u = act.tensor(8);
      expect(typeof u[Symbol.dispose]).toBe('function');
      u[Symbol.dispose]();
      expect(u.disposed).toBe(true);
    });

    it('use after dispose throws a clear error: .data, toArray, as x, as out, as slope', async () => {
      const act = await build(simd);
      const t = act.tensor(testData(8));
      t.dispose();
      expect(() => t.data).toThrow(/disposed/);
      expect(() => t.toArray()).toThrow(/disposed/);
      const x = testData(8, 3);
      const fn = loose(act);
      const cases: [string, () => unknown, RegExp][] = [
        ['x', () => act.relu(t), /relu: x is a WasmTensor that has been disposed/],
        ['x', () => act.leakyRelu(t, { alpha: 0.5, out: new Float32Array(8) }), /leakyRelu: x is a WasmTensor that has been disposed/],
        ['out', () => act.hardSwish(x, { out: t }), /hardSwish: out is a WasmTensor that has been disposed/],
        ['x', () => fn.prelu(t, new Float32Array([0.5])), /prelu: x is a WasmTensor that has been disposed/],
        ['slope', () => fn.prelu(x, t), /prelu: slope is a WasmTensor that has been disposed/],
        ['out', () => act.prelu(x, new Float32Array([0.5]), { out: t }), /prelu: out is a WasmTensor that has been disposed/],
      ];
      for (const [arg, call, message] of cases) {
        const error = thrown(call);
        expect(error, arg).toBeInstanceOf(TypeError);
        expect(error.message).toMatch(message);
      }
      expectUsable(act);
    });
  });

  describe('allocator', () => {
    it('10^5 alloc/free cycles of varied sizes keep memory small, blocks 16-byte aligned (a page or more: 4 KiB) and disjoint', async () => {
      const act = await loadActivations({ simd });
      const next = random(simd ? 1 : 2);
      const live: { t: WasmTensor; tag: number }[] = [];
      let maxBytes = 0;
      let misaligned = 0;
      let corrupted = 0;
      const check = ({ t, tag }: { t: WasmTensor; tag: number }) => {
        const data = t.data;
        if (data.length > 0 && (data[0] !== tag || data[data.length - 1] !== tag)) corrupted++;
      };
      for (let i = 0; i < 100_000; i++) {
        // Mostly small, now and then up to ~20 KiB.
        const n = Math.floor(next() ** 3 * 5000);
        const t = act.tensor(n);
        if (t.data.byteOffset % (n * 4 >= 4096 ? 4096 : 16) !== 0) misaligned++;
        if (n > 0) {
          t.data[0] = i;
          t.data[n - 1] = i;
        }
        live.push({ t, tag: i });
        while (live.length > 8 || (live.length > 0 && next() < 0.5)) {
          const entry = live.splice(Math.floor(next() * live.length), 1)[0];
          check(entry);
          entry.t.dispose();
        }
        maxBytes = Math.max(maxBytes, act.memory.buffer.byteLength);
      }
      live.forEach(check);
      live.forEach(({ t }) => t.dispose());
      expect(misaligned).toBe(0);
      expect(corrupted).toBe(0);
      // At most 8 live blocks of <= 20 KiB: a leak of even 4 bytes a cycle would need 400 KiB more.
      expect(maxBytes).toBeLessThanOrEqual(512 * 1024);
    });

    it('blocks of every small size are 16-byte aligned, and a freed block is reused', async () => {
      const act = await build(simd);
      const held: WasmTensor[] = [];
      for (let n = 0; n <= 70; n++) {
        const t = act.tensor(n);
        expect(t.data.byteOffset % 16, `n=${n}`).toBe(0);
        held.push(t);
      }
      // Distinct blocks never overlap.
      const spans = held.map((t) => [t.data.byteOffset, t.data.byteOffset + Math.max(t.length, 1) * 4]).sort((p, q) => p[0] - q[0]);
      for (let i = 1; i < spans.length; i++) expect(spans[i][0]).toBeGreaterThanOrEqual(spans[i - 1][1]);
      const middle = held[40];
      const offset = middle.data.byteOffset;
      middle.dispose();
      using reused = act.tensor(40);
      expect(reused.data.byteOffset).toBe(offset);
      held.forEach((t) => t.dispose());
    });

    it('blocks of a page or more start on a 4 KiB boundary (no 4K aliasing between tensors), and freeing one frees its whole block', async () => {
      const act = await build(simd);
      const lengths = [1024, 1025, 4096, 5000, 16384, 65536 + 3];
      let bytes = 0;
      for (let cycle = 0; cycle < 200; cycle++) {
        const held = lengths.map((n) => act.tensor(n));
        if (cycle === 0) bytes = act.memory.buffer.byteLength;
        held.forEach((t, i) => expect(t.data.byteOffset % 4096, `n=${lengths[i]}`).toBe(0));
        held.forEach((t) => t.data.fill(cycle));
        held.forEach((t) => expect(t.data.every((v) => v === cycle)).toBe(true));
        held.forEach((t) => t.dispose());
      }
      // Had a dispose freed anything but the allocator's own block, memory would have grown or trapped.
      expect(act.memory.buffer.byteLength).toBe(bytes);
      expectUsable(act);
    });
  });

  describe('memory growth', () => {
    it('older tensors keep their data; .data is re-derived and a stale view is detached', async () => {
      const act = await loadActivations({ simd });
      const data = testData(100, 31);
      using a = act.tensor(data, [10, 10]);
      const stale = a.data;
      expect(a.data).toBe(stale); // the same view while memory has not grown
      const before = act.memory.buffer;
      // Larger than the whole current memory: it has to grow.
      using big = act.tensor(before.byteLength / 4 + 1024);
      expect(act.memory.buffer).not.toBe(before);
      // The old view is detached: empty, and writes through it are dropped.
      expect(stale.length).toBe(0);
      expect(stale.buffer.byteLength).toBe(0);
      stale[5] = 42;
      const fresh = a.data;
      expect(fresh === stale, "a new view").toBe(false);
      expect(fresh.buffer).toBe(act.memory.buffer);
      expect(fresh.length).toBe(100);
      expect(firstBitMismatch(fresh, data)).toBeUndefined();
      // Writes through a freshly read view land in wasm memory, and kernels see them.
      a.data[5] = -42;
      expect(memoryAt(act, a.data.byteOffset, 100)[5]).toBe(-42);
      using y = act.relu(a);
      expect(y.data[5]).toBe(0);
      expect(act.leakyRelu(a, { alpha: 0.5, out: new Float32Array(100) })[5]).toBe(-21);
      // The big tensor is zero-filled and writable to its last float.
      expect(big.data.every((v) => v === 0)).toBe(true);
      big.data[big.length - 1] = 7;
      expect(memoryAt(act, big.data.byteOffset, big.length)[big.length - 1]).toBe(7);
    });

    it('kernels on views into wasm memory: x = a.data, out = b.data', async () => {
      const act = await build(simd);
      const data = testData(1001, 41);
      using a = act.tensor(data);
      using b = act.tensor(1001);
      const out = b.data;
      expect(act.leakyRelu(a.data, { alpha: 0.2, out })).toBe(out);
      expect(firstBitMismatch(b.data, leaky(data, 0.2), data)).toBeUndefined();
      expect(firstBitMismatch(a.data, data), 'x is untouched').toBeUndefined();
      // No out: a new JS Float32Array, not a view into wasm memory.
      const result = act.leakyRelu(a.data, { alpha: 0.2 });
      expect(result.buffer).not.toBe(act.memory.buffer);
      expect(firstBitMismatch(result, leaky(data, 0.2), data)).toBeUndefined();
      // JS x into a wasm-memory out; and in place through the same view.
      expect(act.relu(data, { out: b.data })).toBe(b.data);
      expect(firstBitMismatch(b.data, relu(data), data)).toBeUndefined();
      b.data.set(data);
      expect(act.leakyRelu(b.data, { out: b.data })).toBe(b.data);
      expect(firstBitMismatch(b.data, leaky(data), data)).toBeUndefined();
      // A subarray view at an unaligned offset.
      b.data.fill(9);
      const sub = b.data.subarray(3, 3 + 500);
      act.leakyRelu(a.data.subarray(1, 501), { out: sub });
      expect(firstBitMismatch(b.data.subarray(3, 503), leaky(data.subarray(1, 501)), data.subarray(1, 501))).toBeUndefined();
      expect(b.data[2]).toBe(9);
      expect(b.data[503]).toBe(9);
    });

    describe('a kernel call that grows memory (copying-path scratch) while x/out are views', () => {
      const n = 12_000; // 48 KiB: a second block of it does not fit in a fresh 64 KiB memory
      const data = testData(n, 51);

      it('x = t.data, no out', async () => {
        const act = await loadActivations({ simd });
        using a = act.tensor(data);
        const before = act.memory.buffer;
        const result = act.leakyRelu(a.data, { alpha: 0.25 });
        expect(act.memory.buffer, 'memory grew').not.toBe(before);
        expect(firstBitMismatch(result, leaky(data, 0.25), data)).toBeUndefined();
        expect(firstBitMismatch(a.data, data)).toBeUndefined();
      });

      it('x = t.data, out = a JS Float32Array', async () => {
        const act = await loadActivations({ simd });
        using a = act.tensor(data);
        const before = act.memory.buffer;
        const out = new Float32Array(n);
        expect(act.hardSwish(a.data, { out })).toBe(out);
        expect(act.memory.buffer, 'memory grew').not.toBe(before);
        const want = Float32Array.from(data, (v) => REFERENCE.hardSwish(v, {}));
        expect(firstBitMismatch(out, want, data)).toBeUndefined();
      });

      it('x and out = overlapping views of one tensor', async () => {
        const act = await loadActivations({ simd });
        using c = act.tensor(n + 3);
        c.data.set(data);
        c.data.subarray(n).fill(5);
        const before = act.memory.buffer;
        act.leakyRelu(c.data.subarray(0, n), { alpha: 0.5, out: c.data.subarray(3, n + 3) });
        expect(act.memory.buffer, 'memory grew').not.toBe(before);
        const fresh = c.data;
        expect(firstBitMismatch(fresh.subarray(3), leaky(data, 0.5), data)).toBeUndefined();
        expect(firstBitMismatch(fresh.subarray(0, 3), data.subarray(0, 3))).toBeUndefined();
      });

      it('prelu with x = t.data and a JS slope', async () => {
        const act = await loadActivations({ simd });
        using a = act.tensor(data);
        const slope = new Float32Array([0.5, -2, 0.125]);
        const before = act.memory.buffer;
        const result = act.prelu(a.data, slope, { shape: [n / 3, 3] });
        expect(act.memory.buffer, 'memory grew').not.toBe(before);
        const want = Float32Array.from(data, (v, i) => REFERENCE.leakyRelu(v, { alpha: slope[i % 3] }));
        expect(firstBitMismatch(result, want, data)).toBeUndefined();
      });

      it('a WasmTensor x with no out (the result tensor grows memory)', async () => {
        const act = await loadActivations({ simd });
        using a = act.tensor(data, [n / 4, 4]);
        const before = act.memory.buffer;
        using y = act.relu(a);
        expect(act.memory.buffer, 'memory grew').not.toBe(before);
        expect(y.shape).toEqual([n / 4, 4]);
        expect(firstBitMismatch(y.data, relu(data), data)).toBeUndefined();
      });
    });
  });

  describe('overlapping x and out', () => {
    const shifts = [-17, -16, -4, -3, -1, 1, 3, 4, 16, 17];

    it.each([5, 37, 100])('views into wasm memory, out = x shifted by %i floats', async (n) => {
      const act = await build(simd);
      const data = testData(n + 40, n);
      for (const shift of shifts) {
        using t = act.tensor(data);
        const xAt = 20;
        const outAt = xAt + shift;
        const input = data.slice(xAt, xAt + n);
        act.leakyRelu(t.data.subarray(xAt, xAt + n), { alpha: 0.3, out: t.data.subarray(outAt, outAt + n) });
        const want = data.slice();
        want.set(leaky(input, 0.3), outAt);
        expect(firstBitMismatch(t.data, want), `n=${n} shift=${shift}`).toBeUndefined();
      }
    });

    it('views of one JS array, out = x shifted', async () => {
      const act = await build(simd);
      const n = 37;
      const data = testData(n + 40, 77);
      for (const shift of shifts) {
        const buf = data.slice();
        act.relu(buf.subarray(20, 20 + n), { out: buf.subarray(20 + shift, 20 + shift + n) });
        const want = data.slice();
        want.set(relu(data.subarray(20, 20 + n)), 20 + shift);
        expect(firstBitMismatch(buf, want), `shift=${shift}`).toBeUndefined();
      }
    });
  });

  describe('limits', () => {
    it('memory exhaustion: a RangeError that states the limit; the module stays usable', async () => {
      const act = await loadActivations({ simd, maxMemory: 8 * MiB + 1000 });
      expect(act.maxMemory).toBe(8 * MiB); // rounded down to whole pages
      const tooBig = 3_000_000; // 11.4 MiB
      const e1 = thrown(() => act.tensor(tooBig));
      expect(e1).toBeInstanceOf(RangeError);
      expect(e1.message).toMatch(/tensor: out of wasm memory/);
      expect(e1.message).toMatch(/8 MiB maximum/);
      expect(e1.message).toMatch(/maxMemory/);
      expectUsable(act);
      // The copying path needs scratch memory for JS floats.
      const e2 = thrown(() => act.relu(new Float32Array(tooBig)));
      expect(e2).toBeInstanceOf(RangeError);
      expect(e2.message).toMatch(/relu: out of wasm memory.*8 MiB maximum/);
      expectUsable(act);
      // Fill memory up with 1 MiB tensors until it runs out.
      const held: WasmTensor[] = [];
      let error: Error | undefined;
      while (held.length < 100) {
        try {
          const t = act.tensor(MiB / 4);
          t.data.fill(held.length);
          held.push(t);
        } catch (e) {
          error = e as Error;
          break;
        }
      }
      expect(error).toBeInstanceOf(RangeError);
      expect(error!.message).toMatch(/8 MiB maximum/);
      expect(held.length).toBeGreaterThanOrEqual(5);
      expect(act.memory.buffer.byteLength).toBeLessThanOrEqual(8 * MiB);
      // Nothing live was harmed, and kernels on the held tensors still run.
      held.forEach((t, i) => expect(t.data.every((v) => v === i)).toBe(true));
      act.leakyRelu(held[1], { out: held[1] });
      expect(held[1].data.every((v) => v === 1)).toBe(true);
      held.forEach((t) => t.dispose());
      act.releaseScratch();
      // Freed blocks coalesce: one 6 MiB tensor fits again.
      using whole = act.tensor(6 * MiB / 4);
      expect(whole.data.every((v) => v === 0)).toBe(true);
      expectUsable(act);
    });

    it('a length above act.maxTensorLength is a RangeError stating the limit, without allocating', async () => {
      const act = await build(simd);
      expect(act.maxTensorLength).toBe(MAX_TENSOR_LENGTH);
      expect(act.maxTensorLength).toBe((2 ** 30 - 4096) / 4);
      const bytes = act.memory.buffer.byteLength;
      for (const length of [act.maxTensorLength + 1, 2 ** 31, 2 ** 40]) {
        const error = thrown(() => act.tensor(length));
        expect(error).toBeInstanceOf(RangeError);
        expect(error.message).toContain(String(length));
        expect(error.message).toContain(`${act.maxTensorLength} floats`);
        expect(error.message).toMatch(/exceed the largest block/);
      }
      expect(act.memory.buffer.byteLength).toBe(bytes);
      expectUsable(act);
      // On a small instance it is still the length limit that is reported, not exhausted memory.
      const small = await loadActivations({ simd, maxMemory: 8 * MiB });
      const error = thrown(() => small.tensor(small.maxTensorLength + 1));
      expect(error.message).toMatch(/exceed the largest block/);
      expect(small.memory.buffer.byteLength).toBe(65536);
    });

    it('a tensor of another loadActivations() instance is a TypeError', async () => {
      const act = await build(simd);
      const other = await loadActivations({ simd });
      using foreign = other.tensor(testData(6));
      const x = testData(6, 2);
      const cases: [() => unknown, RegExp][] = [
        [() => act.relu(foreign), /relu: x is a WasmTensor of a different loadActivations\(\) instance/],
        [() => act.leakyRelu(x, { out: foreign }), /leakyRelu: out is a WasmTensor of a different loadActivations\(\) instance/],
        [() => act.prelu(foreign, new Float32Array([1])), /prelu: x is a WasmTensor of a different/],
        [() => act.prelu(x, foreign), /prelu: slope is a WasmTensor of a different/],
      ];
      for (const [call, message] of cases) {
        const error = thrown(call);
        expect(error).toBeInstanceOf(TypeError);
        expect(error.message).toMatch(message);
        expect(error.message).toMatch(/act\.tensor\(t\.data\)/);
      }
      // Copying its data across is the way, and works.
      using copy = act.tensor(foreign.data);
      using y = act.relu(copy);
      expect(firstBitMismatch(y.data, relu(foreign.data))).toBeUndefined();
      expectUsable(act);
    });
  });
});

describe.each(BUILDS)('tensor(WasmTensor) copies, $name build', ({ simd }) => {
  it('copies data and shape into a new block, or takes a new shape', async () => {
    const act = await build(simd);
    using source = act.tensor([1, -2, 3, -4, 5, -6], [2, 3]);
    using copy = act.tensor(source);
    expect(copy.shape).toEqual([2, 3]);
    expect(Array.from(copy.data)).toEqual([1, -2, 3, -4, 5, -6]);
    copy.data[0] = 42;
    expect(source.data[0]).toBe(1);
    using reshaped = act.tensor(source, [3, 2]);
    expect(reshaped.shape).toEqual([3, 2]);
    expect(() => act.tensor(source, [4])).toThrow(RangeError);
    source.dispose();
    expect(() => act.tensor(source)).toThrow(/disposed/);
  });
});
