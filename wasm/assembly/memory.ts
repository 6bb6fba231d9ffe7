// Host-managed memory. Kernels never allocate: the TypeScript side asks for blocks (staging columns,
// stream state and rings) through these exports and frees them when done (TLSF, `minimal` runtime).

/** Allocates `bytes` bytes (16-byte aligned) and returns the pointer. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees a block returned by `alloc`. */
export function free(ptr: usize): void {
  heap.free(ptr);
}

/** Copies `bytes` bytes from `src` to `dst` (regions may overlap). */
export function copy_block(dst: usize, src: usize, bytes: usize): void {
  memory.copy(dst, src, bytes);
}
