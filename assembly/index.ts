// The module's exports: a heap for the TypeScript side, and every kernel. Kernels take byte
// pointers into this module's memory, element counts and f32 parameters; the TypeScript side
// validates everything before calling, so no kernel checks its arguments.

/** Allocates `bytes` bytes, 16-byte aligned. Traps when memory cannot grow far enough. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Returns a block from `alloc` to the allocator. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** memory.copy of `bytes` bytes: the benchmarks' roofline, the fastest a kernel can stream memory. */
export function copy(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}

export { leakyRelu } from "./kernels/leaky-relu";
export { relu } from "./kernels/relu";
export { thresholdedRelu } from "./kernels/thresholded-relu";
export { hardSigmoid } from "./kernels/hard-sigmoid";
export { hardSwish } from "./kernels/hard-swish";
export { prelu, preluTiled } from "./kernels/prelu";
export { softmax } from "./kernels/softmax";
export { logSoftmax } from "./kernels/log-softmax";
export { glu } from "./kernels/glu";
export { sparsemax } from "./kernels/sparsemax";
export { hardTanh } from "./kernels/hard-tanh";
export { shrink, hardShrink } from "./kernels/shrink";
export { threshold } from "./kernels/threshold";
export { rrelu, rreluWithSlopes } from "./kernels/rrelu";
export { identity } from "./kernels/identity";
export { softplus } from "./kernels/softplus";
export { logSigmoid } from "./kernels/log-sigmoid";
export { softsign } from "./kernels/softsign";
export { gelu } from "./kernels/gelu";
export { exp } from "./kernels/exp";
export { sigmoid } from "./kernels/sigmoid";
export { swish } from "./kernels/swish";
export { tanh } from "./kernels/tanh";
export { tanhShrink } from "./kernels/tanh-shrink";
export { elu } from "./kernels/elu";
export { selu } from "./kernels/selu";
export { celu } from "./kernels/celu";
export { mish } from "./kernels/mish";

/** Which build this is, so a loader handed someone's bytes can tell. */
export const SIMD: bool = ASC_FEATURE_SIMD;
