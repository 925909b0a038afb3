/** Checks that `shape` is an array of non-negative integers whose product is `length`. */
export function checkShape(fn: string, arg: string, shape: unknown, length: number, lengthOf: string): readonly number[] {
  if (!Array.isArray(shape)) {
    throw new TypeError(`${fn}: ${arg} must be an array of non-negative integers, got ${shape === null ? 'null' : typeof shape}`);
  }
  let product = 1;
  for (const dim of shape) {
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 0) {
      throw new TypeError(`${fn}: ${arg} must be an array of non-negative integers, got [${shape.join(', ')}]`);
    }
    product *= dim;
  }
  if (product !== length) {
    throw new RangeError(`${fn}: ${arg} [${shape.join(', ')}] holds ${product} elements but ${lengthOf} has ${length}`);
  }
  return Object.freeze(shape.slice());
}

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
