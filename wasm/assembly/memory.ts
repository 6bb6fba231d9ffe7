// Host-managed memory: the TypeScript loader asks for blocks once and reuses them.
// Kernels never allocate; only these two exports do.

/** Allocates `bytes` bytes (8-byte aligned) and returns the pointer. */
export function alloc(bytes: usize): usize {
  return heap.alloc(bytes);
}

/** Frees every block handed out so far (the stub runtime frees only the last block one by one). */
export function reset_heap(): void {
  heap.reset();
}
